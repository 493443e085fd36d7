//! The JSON form back to bytes, driven by the schemas alone: the inverse
//! of [`decode`](crate::decode()) followed by [`to_json`](crate::to_json).
//!
//! The encoder walks the schema exactly as the decoder does (the same
//! boxing rules, generic substitution and hand-parsed MTProto wrappers), so
//! the JSON of decoded bytes encodes to those bytes. Flag words are
//! computed from the fields present, plus the bits no field names that the
//! JSON keeps under the word's name. Errors name the JSON path
//! (`$.user_id._`) and say what was expected.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Value as Json};
use typelang_parser::ast::{Definition, Multiplicity, Param, ParamKind, TypeExpr};
use typelang_parser::builtins::Builtin;
use typelang_runtime::RPC_ERROR_ID;
use typelang_runtime::bytes::BufMut;
use typelang_runtime::mtproto::{GZIP_PACKED_ID, GzipPacked, MSG_CONTAINER_ID, RPC_RESULT_ID};
use typelang_runtime::primitives::{
    BOOL_FALSE_ID, BOOL_TRUE_ID, MAX_BYTES_LEN, TRUE_ID, VECTOR_ID, write_bytes,
};

use crate::decode::{bindings, flag_words, is_boxed_vector, substitute};
use crate::json::{CANONICAL_NAN, ID_KEY, NOT_UTF8_KEY, UNPACKED_KEY, named_bits};
use crate::{Index, Target};

/// How deep objects and arrays may nest, as serde_json's parser allows.
pub const MAX_JSON_DEPTH: usize = 128;

/// Serializes the JSON form of a value of `target` (either naming key,
/// `"_"` or `"@type"`, is accepted; `long` as a number or a string).
///
/// ```
/// use typelang_parser::{ParseOptions, parse};
/// use typelang_inspect::{Index, Target, encode};
///
/// let schema = parse(
///     "inputUser#f21158c6 user_id:long access_hash:long = InputUser;",
///     &ParseOptions::default(),
/// )
/// .unwrap()
/// .schema;
/// let index = Index::new([&schema]);
/// let json = serde_json::json!({"_": "inputUser", "user_id": 7, "access_hash": "-1"});
/// let bytes = encode(&index, &Target::Any, &json).unwrap();
/// assert_eq!(&bytes[..4], 0xf21158c6u32.to_le_bytes());
/// assert_eq!(bytes.len(), 20);
///
/// let json = serde_json::json!({"_": "inputUser", "user_id": {"_": "x"}, "access_hash": 1});
/// let err = encode(&index, &Target::Any, &json).unwrap_err();
/// assert_eq!(err.path(), "$.user_id");
/// assert_eq!(err.to_string(), "at $.user_id: expected a long (a number or a string), found an object");
/// ```
pub fn encode(index: &Index<'_>, target: &Target<'_>, json: &Json) -> Result<Vec<u8>, EncodeError> {
    encode_answering(index, target, json, None)
}

/// [`encode`], with every `rpc_result`'s `result` (and a top-level array
/// where any object may stand) typed as `answer`, as
/// [`decode_answering`](crate::decode_answering) reads them.
pub fn encode_answering(
    index: &Index<'_>,
    target: &Target<'_>,
    json: &Json,
    answer: Option<&TypeExpr>,
) -> Result<Vec<u8>, EncodeError> {
    let mut e = Encoder {
        index,
        answer,
        out: Vec::new(),
        path: Vec::new(),
    };
    match target {
        Target::Type(ty) => e.value(ty, json)?,
        Target::Definition { def, boxed } => {
            let map = e.object(json, &def.name.to_string())?;
            let name = e.name_of(map)?;
            if name.is_some_and(|n| n != def.name.to_string()) {
                return Err(e.at_key(
                    map,
                    EncodeErrorKind::UnknownName {
                        name: name.unwrap_or_default().to_owned(),
                        expected: def.name.to_string(),
                        suggestion: None,
                    },
                ));
            }
            if *boxed {
                e.out.put_u32_le(def.id);
            }
            e.definition(def, &[], map)?;
        }
        Target::Any => e.any(json)?,
    }
    Ok(e.out)
}

/// Why a JSON value could not be encoded, and where in it.
#[derive(Debug, Clone, PartialEq)]
pub struct EncodeError {
    path: String,
    kind: EncodeErrorKind,
}

impl EncodeError {
    /// The JSON path of the offending value (`$`, `$.user_id._`,
    /// `$.entities[2].offset`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong.
    pub fn kind(&self) -> &EncodeErrorKind {
        &self.kind
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.path, self.kind)
    }
}

impl std::error::Error for EncodeError {}

/// What is wrong with a JSON value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EncodeErrorKind {
    /// A value of the wrong JSON kind (a string where a number belongs).
    WrongKind {
        /// What the schema wants, in words.
        expected: String,
        /// The JSON kind found (`a string`).
        found: &'static str,
    },
    /// A number or text out of the range or shape of its TL type.
    Invalid {
        /// What the schema wants, in words.
        expected: String,
        /// The value given, as JSON text.
        found: String,
    },
    /// An object without its `"_"` (or `"@type"`).
    MissingName,
    /// A name that is no constructor of the expected type.
    UnknownName {
        /// The name given.
        name: String,
        /// The expected type or definition.
        expected: String,
        /// A name it may have meant.
        suggestion: Option<String>,
    },
    /// A field the definition has and the JSON lacks.
    MissingField {
        /// The field.
        field: String,
    },
    /// A key the definition has no field for.
    UnknownField {
        /// The key.
        field: String,
        /// The definition.
        definition: String,
        /// A field it may have meant.
        suggestion: Option<String>,
    },
    /// A flag word given with bits that its fields own (leave them out:
    /// they follow from the fields present).
    NamedBits {
        /// The bits given that fields name.
        bits: u32,
    },
    /// A field given whose condition cannot hold (its flag word is a
    /// plain count, or its bit is above 31).
    Unconditioned {
        /// The flag word.
        word: String,
    },
    /// An array whose length disagrees with the count before it (a
    /// repetition, a `message.bytes`).
    Count {
        /// The count the schema or header gives.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// Objects and arrays nested deeper than [`MAX_JSON_DEPTH`].
    TooDeep,
    /// The schemas cannot encode this type (an undefined type, a bare type
    /// with several constructors, a condition on a missing word).
    Schema(String),
}

impl fmt::Display for EncodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WrongKind { expected, found } => write!(f, "expected {expected}, found {found}"),
            Self::Invalid { expected, found } => write!(f, "expected {expected}, found {found}"),
            Self::MissingName => f.write_str("the object has no \"_\" naming its constructor"),
            Self::UnknownName {
                name,
                expected,
                suggestion,
            } => {
                write!(f, "`{name}` is not a constructor of `{expected}`")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            Self::MissingField { field } => write!(f, "the required field `{field}` is missing"),
            Self::UnknownField {
                field,
                definition,
                suggestion,
            } => {
                write!(f, "`{definition}` has no field `{field}`")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            Self::NamedBits { bits } => write!(
                f,
                "bits 0x{bits:x} of this flag word belong to fields; set those fields instead"
            ),
            Self::Unconditioned { word } => {
                write!(f, "the field's condition on `{word}` can never hold")
            }
            Self::Count { expected, found } => {
                write!(f, "expected {expected} elements, found {found}")
            }
            Self::TooDeep => write!(f, "nested deeper than {MAX_JSON_DEPTH} levels"),
            Self::Schema(text) => f.write_str(text),
        }
    }
}

#[derive(Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

struct Encoder<'i, 's> {
    index: &'i Index<'s>,
    answer: Option<&'i TypeExpr>,
    out: Vec<u8>,
    path: Vec<Seg>,
}

/// What a `gzip_packed` given without its packed bytes holds.
#[derive(Clone, Copy)]
enum Inner<'t> {
    Any,
    Type(&'t TypeExpr),
    Answer,
}

fn kind_of(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn type_name(map: &Map<String, Json>) -> Option<&Json> {
    map.get("_").or_else(|| map.get("@type"))
}

fn is_true_type(ty: &TypeExpr) -> bool {
    ty.name.namespace.is_empty() && Builtin::from_name(&ty.name.name) == Some(Builtin::True)
}

impl<'s> Encoder<'_, 's> {
    fn path_text(&self) -> String {
        let mut s = String::from("$");
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    s.push('.');
                    s.push_str(k);
                }
                Seg::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }

    fn err(&self, kind: EncodeErrorKind) -> EncodeError {
        EncodeError {
            path: self.path_text(),
            kind,
        }
    }

    /// An error at the naming key of `map`.
    fn at_key(&mut self, map: &Map<String, Json>, kind: EncodeErrorKind) -> EncodeError {
        let key = if map.contains_key("_") || !map.contains_key("@type") {
            "_"
        } else {
            "@type"
        };
        self.path.push(Seg::Key(key.to_owned()));
        let e = self.err(kind);
        self.path.pop();
        e
    }

    fn wrong(&self, expected: &str, json: &Json) -> EncodeError {
        self.err(EncodeErrorKind::WrongKind {
            expected: expected.to_owned(),
            found: kind_of(json),
        })
    }

    fn invalid(&self, expected: &str, json: &Json) -> EncodeError {
        self.err(EncodeErrorKind::Invalid {
            expected: expected.to_owned(),
            found: json.to_string(),
        })
    }

    fn schema(&self, text: String) -> EncodeError {
        self.err(EncodeErrorKind::Schema(text))
    }

    fn enter(&mut self, seg: Seg) -> Result<(), EncodeError> {
        self.path.push(seg);
        if self.path.len() > MAX_JSON_DEPTH {
            return Err(self.err(EncodeErrorKind::TooDeep));
        }
        Ok(())
    }

    /// Runs `f` with `seg` appended to the path.
    fn within<T>(
        &mut self,
        seg: Seg,
        f: impl FnOnce(&mut Self) -> Result<T, EncodeError>,
    ) -> Result<T, EncodeError> {
        self.enter(seg)?;
        let out = f(self)?;
        self.path.pop();
        Ok(out)
    }

    fn object<'j>(&self, json: &'j Json, what: &str) -> Result<&'j Map<String, Json>, EncodeError> {
        json.as_object()
            .ok_or_else(|| self.wrong(&format!("an object ({what})"), json))
    }

    /// The object's name, if it gives one.
    fn name_of<'j>(&mut self, map: &'j Map<String, Json>) -> Result<Option<&'j str>, EncodeError> {
        match type_name(map) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s)),
            Some(other) => {
                let kind = EncodeErrorKind::WrongKind {
                    expected: "a constructor name".to_owned(),
                    found: kind_of(other),
                };
                Err(self.at_key(map, kind))
            }
        }
    }

    fn required_name<'j>(&mut self, map: &'j Map<String, Json>) -> Result<&'j str, EncodeError> {
        match self.name_of(map)? {
            Some(name) => Ok(name),
            None => Err(self.err(EncodeErrorKind::MissingName)),
        }
    }

    /// The explicit `"_id"`, if given.
    fn explicit_id(&mut self, map: &Map<String, Json>) -> Result<Option<u32>, EncodeError> {
        let Some(json) = map.get(ID_KEY) else {
            return Ok(None);
        };
        self.within(Seg::Key(ID_KEY.to_owned()), |e| {
            json.as_str()
                .and_then(|s| u32::from_str_radix(s, 16).ok())
                .map(Some)
                .ok_or_else(|| e.invalid("a constructor id in hex (\"92042ff7\")", json))
        })
    }

    fn i32_of(&self, json: &Json) -> Result<i32, EncodeError> {
        let n = json.as_i64().ok_or_else(|| match json {
            Json::Number(_) => self.invalid("an int (32-bit integer)", json),
            _ => self.wrong("an int (a number)", json),
        })?;
        i32::try_from(n).map_err(|_| self.invalid("an int (32-bit integer)", json))
    }

    fn u32_of(&self, json: &Json) -> Result<u32, EncodeError> {
        let n = json.as_u64().ok_or_else(|| match json {
            Json::Number(_) => self.invalid("a # (32-bit unsigned integer)", json),
            _ => self.wrong("a # (a number)", json),
        })?;
        u32::try_from(n).map_err(|_| self.invalid("a # (32-bit unsigned integer)", json))
    }

    fn i64_of(&self, json: &Json) -> Result<i64, EncodeError> {
        let parsed = match json {
            Json::Number(n) => n.as_i64(),
            Json::String(s) => s.parse().ok(),
            _ => return Err(self.wrong("a long (a number or a string)", json)),
        };
        parsed.ok_or_else(|| self.invalid("a long (64-bit integer)", json))
    }

    fn f64_of(&self, json: &Json) -> Result<f64, EncodeError> {
        let x = match json {
            Json::Number(n) => n.as_f64(),
            Json::String(s) => match s.as_str() {
                "NaN" => Some(f64::from_bits(CANONICAL_NAN)),
                "Infinity" => Some(f64::INFINITY),
                "-Infinity" => Some(f64::NEG_INFINITY),
                s => s
                    .strip_prefix("NaN:")
                    .and_then(|h| u64::from_str_radix(h, 16).ok())
                    .map(f64::from_bits)
                    .filter(|x| x.is_nan()),
            },
            _ => return Err(self.wrong("a double (a number)", json)),
        };
        x.ok_or_else(|| self.invalid("a double (a number, \"NaN\" or \"Infinity\")", json))
    }

    fn base64_of(&self, json: &Json, what: &str) -> Result<Vec<u8>, EncodeError> {
        let Json::String(s) = json else {
            return Err(self.wrong(&format!("{what} (a base64 string)"), json));
        };
        BASE64
            .decode(s)
            .map_err(|e| self.invalid(&format!("{what} in padded base64 ({e})"), json))
    }

    fn put_bytes(&mut self, data: &[u8], json: &Json) -> Result<(), EncodeError> {
        if data.len() > MAX_BYTES_LEN {
            return Err(self.invalid(&format!("at most {MAX_BYTES_LEN} bytes"), json));
        }
        write_bytes(&mut self.out, data);
        Ok(())
    }

    fn fixed_hex<const N: usize>(&mut self, json: &Json, what: &str) -> Result<(), EncodeError> {
        let Json::String(s) = json else {
            return Err(self.wrong(&format!("{what} (a hex string)"), json));
        };
        let bytes = crate::parse_hex(s).ok().filter(|b| b.len() == N);
        let Some(bytes) = bytes else {
            return Err(self.invalid(&format!("{what} as {} hex digits", N * 2), json));
        };
        self.out.put_slice(&bytes);
        Ok(())
    }

    fn value(&mut self, ty: &TypeExpr, json: &Json) -> Result<(), EncodeError> {
        if ty.is_nat() {
            let n = self.u32_of(json)?;
            self.out.put_u32_le(n);
            return Ok(());
        }
        if ty.generic_ref {
            return self.any(json);
        }
        if ty.name.namespace.is_empty()
            && let Some((builtin, bare_spelling)) = Builtin::lookup(&ty.name.name)
            && self.builtin(ty, builtin, bare_spelling, json)?
        {
            return Ok(());
        }
        let name = ty.name.to_string();
        if ty.bare {
            let def = match self.index.definition(&name) {
                Some(def) => def,
                None => match self.index.constructors(&name) {
                    [def] => def,
                    [] => return Err(self.schema(format!("the schemas define no `{name}`"))),
                    _ => {
                        return Err(
                            self.schema(format!("the bare type `{name}` has several constructors"))
                        );
                    }
                },
            };
            let map = self.object(json, &name)?;
            if let Some(given) = self.name_of(map)?
                && given != def.name.to_string()
            {
                let kind = EncodeErrorKind::UnknownName {
                    name: given.to_owned(),
                    expected: format!("%{}", def.name),
                    suggestion: None,
                };
                return Err(self.at_key(map, kind));
            }
            return self.definition(def, &ty.args, map);
        }
        if !self.index.has_type(&name) {
            return Err(self.schema(format!("the schemas define no type `{name}`")));
        }
        let map = self.object(json, &name)?;
        if self.is_gzip(map, &name)? {
            return self.packed(map, Inner::Type(ty));
        }
        let given = self.required_name(map)?;
        let id = self.explicit_id(map)?;
        let ctors = self.index.constructors(&name);
        let found = ctors
            .iter()
            .find(|c| c.name.to_string() == given && id.is_none_or(|id| id == c.id));
        let Some(def) = found else {
            let names = ctors.iter().map(|c| c.name.to_string()).collect::<Vec<_>>();
            let suggestion =
                typelang_parser::suggest::closest(given, names.iter().map(String::as_str))
                    .map(str::to_owned);
            let kind = EncodeErrorKind::UnknownName {
                name: given.to_owned(),
                expected: name,
                suggestion,
            };
            return Err(self.at_key(map, kind));
        };
        self.out.put_u32_le(def.id);
        self.definition(def, &ty.args, map)
    }

    /// Whether `map` is a `gzip_packed` standing for a value of
    /// `type_name`, which has no constructor of that name itself.
    fn is_gzip(&mut self, map: &Map<String, Json>, type_name: &str) -> Result<bool, EncodeError> {
        Ok(self.name_of(map)? == Some("gzip_packed")
            && !self
                .index
                .constructors(type_name)
                .iter()
                .any(|c| c.id == GZIP_PACKED_ID))
    }

    /// Encodes a builtin; `false` when this use of the name is left to the
    /// schemas, as the decoder does.
    fn builtin(
        &mut self,
        ty: &TypeExpr,
        builtin: Builtin,
        bare_spelling: bool,
        json: &Json,
    ) -> Result<bool, EncodeError> {
        match builtin {
            Builtin::Int => {
                let n = self.i32_of(json)?;
                self.out.put_i32_le(n);
                return Ok(true);
            }
            Builtin::Long => {
                let n = self.i64_of(json)?;
                self.out.put_i64_le(n);
                return Ok(true);
            }
            Builtin::Double => {
                let x = self.f64_of(json)?;
                self.out.put_f64_le(x);
                return Ok(true);
            }
            Builtin::String => {
                let data = match json {
                    Json::String(s) => s.as_bytes().to_vec(),
                    Json::Object(map) if map.len() == 1 && map.contains_key(NOT_UTF8_KEY) => {
                        self.within(Seg::Key(NOT_UTF8_KEY.to_owned()), |e| {
                            e.base64_of(&map[NOT_UTF8_KEY], "a string's bytes")
                        })?
                    }
                    _ => return Err(self.wrong("a string", json)),
                };
                self.put_bytes(&data, json)?;
                return Ok(true);
            }
            Builtin::Bytes => {
                let data = self.base64_of(json, "bytes")?;
                self.put_bytes(&data, json)?;
                return Ok(true);
            }
            Builtin::Int128 => {
                self.fixed_hex::<16>(json, "an int128")?;
                return Ok(true);
            }
            Builtin::Int256 => {
                self.fixed_hex::<32>(json, "an int256")?;
                return Ok(true);
            }
            _ => {}
        }
        let boxed = !bare_spelling && !ty.bare;
        match (builtin, ty.args.as_slice()) {
            (Builtin::Vector, [elem]) => {
                if boxed {
                    if let Json::Object(map) = json
                        && self.is_gzip(map, "Vector")?
                    {
                        return self.packed(map, Inner::Type(ty)).map(|()| true);
                    }
                    self.out.put_u32_le(VECTOR_ID);
                }
                self.vector(json, |e, item| e.value(elem, item))?;
            }
            (Builtin::True, []) if bare_spelling || boxed => {
                if json != &Json::Bool(true) {
                    return Err(self.wrong("true", json));
                }
                if boxed {
                    self.out.put_u32_le(TRUE_ID);
                }
            }
            (Builtin::Bool, []) if boxed => self.bool(json)?,
            (Builtin::Object, []) => self.any(json)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn bool(&mut self, json: &Json) -> Result<(), EncodeError> {
        match json {
            Json::Bool(b) => {
                self.out
                    .put_u32_le(if *b { BOOL_TRUE_ID } else { BOOL_FALSE_ID });
                Ok(())
            }
            _ => Err(self.wrong("a Bool (true or false)", json)),
        }
    }

    /// The count and the elements of a vector (its id, if boxed, written).
    fn vector(
        &mut self,
        json: &Json,
        mut each: impl FnMut(&mut Self, &Json) -> Result<(), EncodeError>,
    ) -> Result<(), EncodeError> {
        let Json::Array(items) = json else {
            return Err(self.wrong("an array", json));
        };
        let count = u32::try_from(items.len()).map_err(|_| self.invalid("fewer elements", json))?;
        self.out.put_u32_le(count);
        for (i, item) in items.iter().enumerate() {
            self.within(Seg::Index(i), |e| each(e, item))?;
        }
        Ok(())
    }

    /// Any value where `Object` (or `!X`) stands.
    fn any(&mut self, json: &Json) -> Result<(), EncodeError> {
        let map = match json {
            Json::Bool(_) => return self.bool(json),
            Json::Array(_) => {
                self.out.put_u32_le(VECTOR_ID);
                return match self.answer.map(|a| (a, a.args.as_slice())) {
                    Some((answer, [elem])) if is_boxed_vector(answer) => {
                        self.vector(json, |e, item| e.value(elem, item))
                    }
                    _ => self.vector(json, Self::any),
                };
            }
            Json::Object(map) => map,
            _ => return Err(self.wrong("an object (any constructor)", json)),
        };
        let name = self.required_name(map)?;
        if name == "gzip_packed" && self.index.by_id(GZIP_PACKED_ID).is_none() {
            return self.packed(map, Inner::Any);
        }
        let id = self.explicit_id(map)?;
        let def = match id {
            Some(id) => self.index.by_id(id).filter(|d| d.name.to_string() == name),
            None => self.index.definition(name),
        };
        if let Some(def) = def {
            self.out.put_u32_le(def.id);
            return self.definition(def, &[], map);
        }
        match name {
            "rpc_result" => self.rpc_result(map),
            "rpc_error" => self.rpc_error(map),
            "msg_container" => self.msg_container(map),
            _ => {
                let suggestion = self.index.similar_name(name).map(str::to_owned);
                let kind = EncodeErrorKind::UnknownName {
                    name: name.to_owned(),
                    expected: "Object".to_owned(),
                    suggestion,
                };
                Err(self.at_key(map, kind))
            }
        }
    }

    /// Fails on a key that is neither a naming key nor one of `fields`.
    fn check_keys<'a>(
        &mut self,
        map: &Map<String, Json>,
        definition: &str,
        fields: impl Iterator<Item = &'a str> + Clone,
    ) -> Result<(), EncodeError> {
        for key in map.keys() {
            let known = matches!(key.as_str(), "_" | "@type" | "@extra" | ID_KEY)
                || fields.clone().any(|f| f == key);
            if !known {
                let suggestion =
                    typelang_parser::suggest::closest(key, fields.clone()).map(str::to_owned);
                self.path.push(Seg::Key(key.clone()));
                let e = self.err(EncodeErrorKind::UnknownField {
                    field: key.clone(),
                    definition: definition.to_owned(),
                    suggestion,
                });
                return Err(e);
            }
        }
        Ok(())
    }

    fn definition(
        &mut self,
        def: &'s Definition,
        args: &[TypeExpr],
        map: &Map<String, Json>,
    ) -> Result<(), EncodeError> {
        let keys = param_keys(&def.params);
        self.check_keys(map, &def.name.to_string(), keys.iter().map(String::as_str))?;
        let env = bindings(def, args);
        let words = flag_words(&def.params);
        self.params(&def.params, &env, &words, map, Vec::new())
    }

    fn params<'p>(
        &mut self,
        params: &'p [Param],
        env: &[(&str, &TypeExpr)],
        words: &[&str],
        map: &Map<String, Json>,
        mut nats: Vec<(&'p str, u32)>,
    ) -> Result<(), EncodeError> {
        let mut last = nats.last().map(|&(_, n)| n);
        for (i, param) in params.iter().enumerate() {
            let key = param_key(param, i);
            let given = map.get(&key).filter(|j| !j.is_null());
            match &param.kind {
                ParamKind::Value { ty, flag } => {
                    if let Some(flag) = flag {
                        let word = nats.iter().rev().find(|(n, _)| *n == flag.field);
                        let Some(&(_, word)) = word else {
                            return Err(self.schema(format!(
                                "`{key}` is conditional on `{}`, which is no earlier # field",
                                flag.field
                            )));
                        };
                        let set = flag.bit < 32 && word & (1 << flag.bit) != 0;
                        if !set {
                            if given.is_some_and(|j| !is_true_type(ty) || j != &Json::Bool(false)) {
                                self.path.push(Seg::Key(key));
                                return Err(self.err(EncodeErrorKind::Unconditioned {
                                    word: flag.field.clone(),
                                }));
                            }
                            continue;
                        }
                        if given.is_none() && is_true_type(ty) {
                            // Set by a sibling on the same bit; nothing on the wire.
                            continue;
                        }
                    }
                    let ty = substitute(ty, env);
                    if ty.is_nat() {
                        let is_word = param.name.as_deref().is_some_and(|n| words.contains(&n));
                        let n = if is_word {
                            let name = param.name.as_deref().unwrap_or_default();
                            let extra = match given {
                                Some(j) => self.within(Seg::Key(key.clone()), |e| e.u32_of(j))?,
                                None => 0,
                            };
                            let owned = named_bits(params, name) & extra;
                            if owned != 0 {
                                self.path.push(Seg::Key(key));
                                return Err(self.err(EncodeErrorKind::NamedBits { bits: owned }));
                            }
                            extra | self.present_bits(params, name, map)?
                        } else {
                            let Some(j) = given else {
                                return Err(self.err(EncodeErrorKind::MissingField { field: key }));
                            };
                            self.within(Seg::Key(key.clone()), |e| e.u32_of(j))?
                        };
                        self.out.put_u32_le(n);
                        if let Some(name) = &param.name {
                            nats.push((name, n));
                        }
                        last = Some(n);
                        continue;
                    }
                    let Some(j) = given else {
                        return Err(self.err(EncodeErrorKind::MissingField { field: key }));
                    };
                    self.within(Seg::Key(key), |e| e.value(&ty, j))?;
                }
                ParamKind::Repeated {
                    multiplicity,
                    fields,
                } => {
                    let count = match multiplicity {
                        Some(Multiplicity::Literal(n)) => Some(*n),
                        Some(Multiplicity::Param(p)) => {
                            nats.iter().rev().find(|(n, _)| n == p).map(|&(_, v)| v)
                        }
                        None => last,
                    };
                    let Some(count) = count else {
                        return Err(self.schema(format!("`{key}` repeats by no earlier # field")));
                    };
                    let Some(j) = given else {
                        return Err(self.err(EncodeErrorKind::MissingField { field: key }));
                    };
                    let row_keys = param_keys(fields);
                    let def_name = key.clone();
                    self.within(Seg::Key(key), |e| {
                        let Json::Array(rows) = j else {
                            return Err(e.wrong("an array of rows", j));
                        };
                        let expected = usize::try_from(count).unwrap_or(usize::MAX);
                        if rows.len() != expected {
                            return Err(e.err(EncodeErrorKind::Count {
                                expected,
                                found: rows.len(),
                            }));
                        }
                        for (i, row) in rows.iter().enumerate() {
                            e.within(Seg::Index(i), |e| {
                                let map = e.object(row, "a row")?;
                                e.check_keys(map, &def_name, row_keys.iter().map(String::as_str))?;
                                e.params(fields, env, words, map, nats.clone())
                            })?;
                        }
                        Ok(())
                    })?;
                }
            }
        }
        Ok(())
    }

    /// The bits of flag word `word` that the fields given in `map` set.
    fn present_bits(
        &mut self,
        params: &[Param],
        word: &str,
        map: &Map<String, Json>,
    ) -> Result<u32, EncodeError> {
        let mut bits = 0;
        for (i, param) in params.iter().enumerate() {
            let ParamKind::Value {
                ty,
                flag: Some(flag),
            } = &param.kind
            else {
                continue;
            };
            if flag.field != word || flag.bit > 31 {
                continue;
            }
            let key = param_key(param, i);
            let present = match map.get(&key) {
                None | Some(Json::Null) => false,
                Some(j) if is_true_type(ty) => match j {
                    Json::Bool(b) => *b,
                    _ => {
                        self.path.push(Seg::Key(key));
                        return Err(self.wrong("a boolean (a flag)", j));
                    }
                },
                Some(_) => true,
            };
            if present {
                bits |= 1 << flag.bit;
            }
        }
        Ok(bits)
    }

    /// A `gzip_packed`: its packed bytes as given, or else its `unpacked`
    /// value serialized and compressed.
    fn packed(&mut self, map: &Map<String, Json>, inner: Inner<'_>) -> Result<(), EncodeError> {
        self.check_keys(
            map,
            "gzip_packed",
            ["packed_data", UNPACKED_KEY].into_iter(),
        )?;
        self.out.put_u32_le(GZIP_PACKED_ID);
        if let Some(j) = map.get("packed_data") {
            let data = self.within(Seg::Key("packed_data".to_owned()), |e| {
                e.base64_of(j, "packed_data")
            })?;
            return self.put_bytes(&data, j);
        }
        let Some(j) = map.get(UNPACKED_KEY) else {
            return Err(self.err(EncodeErrorKind::MissingField {
                field: "packed_data".to_owned(),
            }));
        };
        let outer = std::mem::take(&mut self.out);
        let result = self.within(Seg::Key(UNPACKED_KEY.to_owned()), |e| match inner {
            Inner::Any => e.any(j),
            Inner::Type(ty) => e.value(ty, j),
            Inner::Answer => e.answer(j),
        });
        let plain = std::mem::replace(&mut self.out, outer);
        result?;
        let packed = GzipPacked::pack(&plain);
        self.put_bytes(&packed.packed_data, j)
    }

    fn field(
        &mut self,
        map: &Map<String, Json>,
        name: &str,
        f: impl FnOnce(&mut Self, &Json) -> Result<(), EncodeError>,
    ) -> Result<(), EncodeError> {
        let Some(j) = map.get(name) else {
            return Err(self.err(EncodeErrorKind::MissingField {
                field: name.to_owned(),
            }));
        };
        self.within(Seg::Key(name.to_owned()), |e| f(e, j))
    }

    /// `rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;`
    fn rpc_result(&mut self, map: &Map<String, Json>) -> Result<(), EncodeError> {
        self.check_keys(map, "rpc_result", ["req_msg_id", "result"].into_iter())?;
        self.out.put_u32_le(RPC_RESULT_ID);
        self.field(map, "req_msg_id", |e, j| {
            let n = e.i64_of(j)?;
            e.out.put_i64_le(n);
            Ok(())
        })?;
        self.field(map, "result", Self::answer)
    }

    /// The `result` of an `rpc_result`, as the decoder reads it.
    fn answer(&mut self, json: &Json) -> Result<(), EncodeError> {
        if let Json::Object(map) = json {
            match type_name(map).and_then(Json::as_str) {
                Some("gzip_packed") => return self.packed(map, Inner::Answer),
                Some("rpc_error") => return self.any(json),
                _ => {}
            }
        }
        match self.answer {
            Some(ty) => self.value(ty, json),
            None => self.any(json),
        }
    }

    /// `rpc_error#2144ca19 error_code:int error_message:string = RpcError;`
    fn rpc_error(&mut self, map: &Map<String, Json>) -> Result<(), EncodeError> {
        self.check_keys(
            map,
            "rpc_error",
            ["error_code", "error_message"].into_iter(),
        )?;
        self.out.put_u32_le(RPC_ERROR_ID);
        self.field(map, "error_code", |e, j| {
            let n = e.i32_of(j)?;
            e.out.put_i32_le(n);
            Ok(())
        })?;
        self.field(map, "error_message", |e, j| {
            let Json::String(s) = j else {
                return Err(e.wrong("a string", j));
            };
            e.put_bytes(s.as_bytes(), j)
        })
    }

    /// `msg_container#73f1f8dc messages:vector<%Message> = MessageContainer;`
    /// with `message msg_id:long seqno:int bytes:int body:Object`; `bytes`
    /// is computed (and checked when given).
    fn msg_container(&mut self, map: &Map<String, Json>) -> Result<(), EncodeError> {
        self.check_keys(map, "msg_container", ["messages"].into_iter())?;
        self.out.put_u32_le(MSG_CONTAINER_ID);
        self.field(map, "messages", |e, j| {
            e.vector(j, |e, message| {
                let map = e.object(message, "a message")?;
                e.check_keys(
                    map,
                    "message",
                    ["msg_id", "seqno", "bytes", "body"].into_iter(),
                )?;
                e.field(map, "msg_id", |e, j| {
                    let n = e.i64_of(j)?;
                    e.out.put_i64_le(n);
                    Ok(())
                })?;
                e.field(map, "seqno", |e, j| {
                    let n = e.i32_of(j)?;
                    e.out.put_i32_le(n);
                    Ok(())
                })?;
                let at = e.out.len();
                e.out.put_u32_le(0);
                e.field(map, "body", Self::any)?;
                let used = e.out.len() - at - 4;
                if let Some(j) = map.get("bytes") {
                    let given = e.within(Seg::Key("bytes".to_owned()), |e| e.i32_of(j))?;
                    if usize::try_from(given).ok() != Some(used) {
                        e.path.push(Seg::Key("bytes".to_owned()));
                        return Err(e.err(EncodeErrorKind::Count {
                            expected: used,
                            found: usize::try_from(given).unwrap_or(0),
                        }));
                    }
                }
                let used = i32::try_from(used).map_err(|_| e.invalid("a smaller body", message))?;
                e.out[at..at + 4].copy_from_slice(&used.to_le_bytes());
                Ok(())
            })
        })
    }
}

/// The JSON key of a parameter: its name, or `_N` for an anonymous one at
/// position N.
fn param_key(param: &Param, i: usize) -> String {
    match &param.name {
        Some(name) => name.clone(),
        None => format!("_{i}"),
    }
}

fn param_keys(params: &[Param]) -> Vec<String> {
    params
        .iter()
        .enumerate()
        .map(|(i, p)| param_key(p, i))
        .collect()
}
