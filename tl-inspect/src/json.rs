//! The JSON form of a decoded [`Value`] (the representation `docs/json.md`
//! specifies): one object per constructor, `"_"` holding its TL name and
//! the fields under their TL names.
//!
//! Everything the wire said survives, so [`encode`](crate::encode()) turns
//! the JSON back into the same bytes: flag words are left out (the fields
//! present say which bits are set) except for bits no field names, the
//! packed bytes of a `gzip_packed` are kept beside what they inflate to, a
//! `string` that is not UTF-8 is written as its bytes, and a constructor
//! whose name alone would mean another id carries `"_id"`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Number, Value as Json};
use typelang_parser::ast::{Param, ParamKind};

use crate::value::{Field, Object, Value};
use crate::{Index, hex};

/// How values are written as JSON.
///
/// ```
/// use typelang_inspect::JsonOptions;
/// let tdlib = JsonOptions::tdlib();
/// assert_eq!(tdlib.type_key(), "@type");
/// assert!(tdlib.long_as_string);
/// assert_eq!(JsonOptions::new().type_key(), "_");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct JsonOptions {
    /// Write `long` as a JSON string (`"-42"`) instead of a number, for
    /// readers whose numbers are doubles (JavaScript). Readers accept both.
    pub long_as_string: bool,
    /// TDLib's form: the name under `"@type"` instead of `"_"`, and `long`
    /// (TDLib's `int64`) as a string.
    pub tdlib: bool,
}

impl JsonOptions {
    /// The default form: `"_"`, `long` as a number.
    pub const fn new() -> Self {
        Self {
            long_as_string: false,
            tdlib: false,
        }
    }

    /// The form tdjson reads and writes: `"@type"`, `long` as a string.
    pub const fn tdlib() -> Self {
        Self {
            long_as_string: true,
            tdlib: true,
        }
    }

    /// Sets [`long_as_string`](Self::long_as_string).
    pub const fn with_long_as_string(mut self, yes: bool) -> Self {
        self.long_as_string = yes;
        self
    }

    /// The key that holds a constructor's name.
    pub const fn type_key(&self) -> &'static str {
        if self.tdlib { "@type" } else { "_" }
    }
}

/// The key that names the constructor id when the name alone is not
/// enough (one name with two ids across schemas).
pub(crate) const ID_KEY: &str = "_id";
/// The key of a `gzip_packed`'s inflated value.
pub(crate) const UNPACKED_KEY: &str = "unpacked";
/// The key of a `string`'s bytes when they are not UTF-8.
pub(crate) const NOT_UTF8_KEY: &str = "bytes";

/// Writes `value` in the JSON form; `index` is the one it was decoded with
/// (it says which bits of a flag word fields name).
///
/// ```
/// use typelang_parser::{ParseOptions, parse};
/// use typelang_runtime::DecodeOptions;
/// use typelang_inspect::{Index, JsonOptions, Target, decode_all, to_json};
///
/// let schema = parse(
///     "inputUser#f21158c6 user_id:long access_hash:long = InputUser;",
///     &ParseOptions::default(),
/// )
/// .unwrap()
/// .schema;
/// let index = Index::new([&schema]);
/// let mut wire = 0xf21158c6u32.to_le_bytes().to_vec();
/// wire.extend(7i64.to_le_bytes());
/// wire.extend((-1i64).to_le_bytes());
/// let value = decode_all(&index, &Target::Any, &wire, &DecodeOptions::new()).unwrap();
/// let json = to_json(&index, &value, &JsonOptions::new());
/// assert_eq!(json.to_string(), r#"{"_":"inputUser","user_id":7,"access_hash":-1}"#);
/// let json = to_json(&index, &value, &JsonOptions::tdlib());
/// assert_eq!(json.to_string(), r#"{"@type":"inputUser","user_id":"7","access_hash":"-1"}"#);
/// ```
pub fn to_json(index: &Index<'_>, value: &Value, options: &JsonOptions) -> Json {
    Writer { index, options }.value(value)
}

struct Writer<'i, 's, 'o> {
    index: &'i Index<'s>,
    options: &'o JsonOptions,
}

impl Writer<'_, '_, '_> {
    fn value(&self, value: &Value) -> Json {
        match value {
            Value::Nat(n) | Value::Flags(n) => Json::from(*n),
            Value::Int(n) => Json::from(*n),
            Value::Long(n) if self.options.long_as_string => Json::String(n.to_string()),
            Value::Long(n) => Json::from(*n),
            Value::Double(x) => double(*x),
            Value::Int128(b) => Json::String(hex::to_hex(b)),
            Value::Int256(b) => Json::String(hex::to_hex(b)),
            Value::String(b) => match std::str::from_utf8(b) {
                Ok(s) => Json::String(s.to_owned()),
                Err(_) => {
                    let mut map = Map::new();
                    map.insert(NOT_UTF8_KEY.into(), Json::String(BASE64.encode(b)));
                    Json::Object(map)
                }
            },
            Value::Bytes(b) => Json::String(BASE64.encode(b)),
            Value::Bool(b) => Json::Bool(*b),
            Value::True => Json::Bool(true),
            Value::Vector { items, .. } => {
                Json::Array(items.iter().map(|i| self.value(&i.value)).collect())
            }
            Value::Object(object) => self.object(object),
            Value::Repeated(rows) => Json::Array(
                rows.iter()
                    .map(|row| Json::Object(self.fields(row, &[])))
                    .collect(),
            ),
            Value::Packed { packed, inner } => {
                let mut map = Map::new();
                map.insert(self.options.type_key().into(), "gzip_packed".into());
                map.insert("packed_data".into(), Json::String(BASE64.encode(packed)));
                map.insert(UNPACKED_KEY.into(), self.value(inner));
                Json::Object(map)
            }
        }
    }

    fn object(&self, object: &Object) -> Json {
        let mut map = Map::new();
        map.insert(self.options.type_key().into(), object.name.clone().into());
        let def = self.index.definition(&object.name);
        if def.is_some_and(|d| d.id != object.id) {
            map.insert(ID_KEY.into(), format!("{:08x}", object.id).into());
        }
        let params = self
            .index
            .by_id(object.id)
            .filter(|d| d.name.to_string() == object.name)
            .map_or(&[][..], |d| d.params.as_slice());
        map.extend(self.fields(&object.fields, params));
        Json::Object(map)
    }

    fn fields(&self, fields: &[Field], params: &[Param]) -> Map<String, Json> {
        let mut map = Map::new();
        for (i, field) in fields.iter().enumerate() {
            let key = if field.name.is_empty() {
                format!("_{i}")
            } else {
                field.name.clone()
            };
            if let Value::Flags(word) = field.value {
                let unnamed = word & !named_bits(params, &field.name);
                if unnamed != 0 {
                    map.insert(key, Json::from(unnamed));
                }
                continue;
            }
            map.insert(key, self.value(&field.value));
        }
        map
    }
}

/// The bits of flag word `word` that some conditional field of `params`
/// (repetition rows included) is tied to.
pub(crate) fn named_bits(params: &[Param], word: &str) -> u32 {
    params.iter().fold(0, |bits, p| match &p.kind {
        ParamKind::Value {
            flag: Some(flag), ..
        } if flag.field == word && flag.bit < 32 => bits | 1 << flag.bit,
        ParamKind::Value { .. } => bits,
        ParamKind::Repeated { fields, .. } => bits | named_bits(fields, word),
    })
}

/// The bit pattern of the NaN that `"NaN"` stands for.
pub(crate) const CANONICAL_NAN: u64 = 0x7ff8_0000_0000_0000;

fn double(x: f64) -> Json {
    if let Some(n) = Number::from_f64(x) {
        return Json::Number(n);
    }
    let text = if x.is_nan() {
        if x.to_bits() == CANONICAL_NAN {
            "NaN".to_owned()
        } else {
            format!("NaN:{:016x}", x.to_bits())
        }
    } else if x > 0.0 {
        "Infinity".to_owned()
    } else {
        "-Infinity".to_owned()
    };
    Json::String(text)
}
