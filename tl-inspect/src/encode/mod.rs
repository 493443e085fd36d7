//! The JSON form back to bytes, driven by the schemas alone: the inverse
//! of [`decode`](crate::decode()) followed by [`to_json`](crate::to_json).
//!
//! The encoder walks the schema exactly as the decoder does (the same
//! boxing rules, generic substitution and hand-parsed MTProto wrappers), so
//! the JSON of decoded bytes encodes to those bytes. Flag words are
//! computed from the fields present, plus the bits no field names that the
//! JSON keeps under the word's name. Errors name the JSON path
//! (`$.user_id._`) and say what was expected.

mod error;
mod mtproto;
mod scalars;

use serde_json::{Map, Value as Json};
use typelang_parser::ast::{Definition, Multiplicity, Param, ParamKind, TypeExpr};
use typelang_parser::builtins::Builtin;
use typelang_runtime::bytes::BufMut;
use typelang_runtime::mtproto::GZIP_PACKED_ID;
use typelang_runtime::primitives::{BOOL_FALSE_ID, BOOL_TRUE_ID, TRUE_ID, VECTOR_ID};

use crate::decode::{bindings, flag_words, is_boxed_vector, substitute};
use crate::json::{ID_KEY, NOT_UTF8_KEY, named_bits};
use crate::{Index, Target};

pub use error::{EncodeError, EncodeErrorKind};

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
