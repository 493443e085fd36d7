//! The JSON form of generated values (`docs/json.md`) through serde, behind
//! the `serde` feature.
//!
//! Generated code implements one trait per type, [`Json`]: two small
//! non-generic conversions against [`Tree`], a JSON-shaped value; its
//! `serde::Serialize`/`Deserialize` impls are one-line calls of
//! [`serialize`] and [`deserialize`], which go through a [`Tree`]. That
//! keeps the generated code small (no visitor or field enum per type, as
//! derives would write) and puts the TL rules in one place: `"_"` holds the
//! TL name, `true` flags are booleans (absent when clear), absent optional
//! fields are omitted, `bytes` are padded base64, `int128`/`int256` are hex,
//! `long` is a number (a string is accepted), `double` NaN and infinities
//! are strings. Errors on input name the JSON path (`$.user_id._`).
//!
//! ```
//! use typelang_runtime::json::{Json, Tree};
//!
//! let v: Vec<i64> = vec![1, -2];
//! assert_eq!(v.to_tree(), Tree::Array(vec![Tree::Int(1), Tree::Int(-2)]));
//! let back = Vec::<i64>::from_tree(Tree::Array(vec![Tree::String("5".into())])).unwrap();
//! assert_eq!(back, [5]);
//! let err = Vec::<i32>::from_tree(Tree::Array(vec![Tree::Bool(true)])).unwrap_err();
//! assert_eq!(err.to_string(), "at $[0]: expected an int, found a boolean");
//! ```

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
/// The serde traits, as generated impls name them.
#[doc(no_inline)]
pub use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON-shaped value: what generated types convert to and from.
#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits `i64`.
    Int(i64),
    /// An integer above `i64::MAX`.
    UInt(u64),
    /// Any other number.
    Float(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Tree>),
    /// An object, keys in order.
    Object(Vec<(String, Tree)>),
}

impl Tree {
    fn kind(&self) -> &'static str {
        match self {
            Tree::Null => "null",
            Tree::Bool(_) => "a boolean",
            Tree::Int(_) | Tree::UInt(_) | Tree::Float(_) => "a number",
            Tree::String(_) => "a string",
            Tree::Array(_) => "an array",
            Tree::Object(_) => "an object",
        }
    }
}

/// Why a [`Tree`] is not a value of the type asked for, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeError {
    /// Path segments, innermost first while the error propagates.
    path: Vec<String>,
    message: String,
}

impl TreeError {
    /// An error with `message` at the current value.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            path: Vec::new(),
            message: message.into(),
        }
    }

    fn wrong(expected: &str, found: &Tree) -> Self {
        Self::new(format!("expected {expected}, found {}", found.kind()))
    }

    /// Records that the error is inside object key `key`.
    pub fn in_key(mut self, key: &str) -> Self {
        self.path.push(format!(".{key}"));
        self
    }

    /// Records that the error is inside array element `i`.
    pub fn in_index(mut self, i: usize) -> Self {
        self.path.push(format!("[{i}]"));
        self
    }

    /// The JSON path of the offending value (`$.user_id._`).
    pub fn path(&self) -> String {
        let mut s = String::from("$");
        for seg in self.path.iter().rev() {
            s.push_str(seg);
        }
        s
    }

    /// What is wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.path(), self.message)
    }
}

impl std::error::Error for TreeError {}

/// A value in the JSON form, both ways: what every generated type
/// implements, with one `#[inline]` body, [`Json::json`], for both
/// directions (one body per type is what rustc pays for).
pub trait Json: Sized {
    /// Converts either way: the JSON form of a value, or a value read from
    /// a tree.
    fn json(way: Way<'_, Self>) -> Done<Self>;

    /// The JSON form of `self`.
    fn to_tree(&self) -> Tree {
        match Self::json(Way::To(self)) {
            Done::Tree(tree) => tree,
            Done::Value(_) => Tree::Null,
        }
    }

    /// Reads `tree`, naming the JSON path on error.
    fn from_tree(tree: Tree) -> Result<Self, TreeError> {
        match Self::json(Way::From(tree)) {
            Done::Value(value) => value,
            Done::Tree(_) => Err(TreeError::new("a conversion to JSON answered a read")),
        }
    }
}

/// Which way [`Json::json`] converts.
#[derive(Debug)]
pub enum Way<'a, T> {
    /// To the JSON form of the value.
    To(&'a T),
    /// From a tree to a value.
    From(Tree),
}

/// What [`Json::json`] gives: a tree for [`Way::To`], a value (or why
/// not) for [`Way::From`].
#[derive(Debug)]
pub enum Done<T> {
    /// The JSON form of the value.
    Tree(Tree),
    /// The value read.
    Value(Result<T, TreeError>),
}

/// [`Json::json`] for a type whose impl writes `to_tree` and `from_tree`.
fn both_ways<T: Json>(way: Way<'_, T>) -> Done<T> {
    match way {
        Way::To(v) => Done::Tree(v.to_tree()),
        Way::From(t) => Done::Value(T::from_tree(t)),
    }
}

/// `serde::Serialize` for any [`Json`] (what generated impls call).
pub fn serialize<T: Json, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&value.to_tree(), serializer)
}

/// `serde::Deserialize` for any [`Json`] (what generated impls call).
pub fn deserialize<'de, T: Json, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let tree = <Tree as serde::Deserialize>::deserialize(deserializer)?;
    T::from_tree(tree).map_err(de::Error::custom)
}

impl serde::Serialize for Tree {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Tree::Null => s.serialize_unit(),
            Tree::Bool(b) => s.serialize_bool(*b),
            Tree::Int(n) => s.serialize_i64(*n),
            Tree::UInt(n) => s.serialize_u64(*n),
            Tree::Float(x) => s.serialize_f64(*x),
            Tree::String(t) => s.serialize_str(t),
            Tree::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Tree::Object(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for Tree {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Tree, E> {
        Ok(Tree::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Tree, E> {
        Ok(Tree::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Tree, E> {
        Ok(i64::try_from(v).map_or(Tree::UInt(v), Tree::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Tree, E> {
        Ok(Tree::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Tree, E> {
        Ok(Tree::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Tree, E> {
        Ok(Tree::String(v))
    }
    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_none<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some((k, v)) = map.next_entry::<String, Tree>()? {
            fields.push((k, v));
        }
        Ok(Tree::Object(fields))
    }
}

macro_rules! integer {
    ($($t:ty => $what:literal),*) => {$(
        impl Json for $t {
            fn json(way: Way<'_, Self>) -> Done<Self> {
                both_ways(way)
            }
            fn to_tree(&self) -> Tree {
                Tree::Int(i64::from(*self))
            }
            fn from_tree(tree: Tree) -> Result<Self, TreeError> {
                match tree {
                    Tree::Int(n) => <$t>::try_from(n)
                        .map_err(|_| TreeError::new(format!(concat!("expected ", $what, ", found {}"), n))),
                    Tree::UInt(n) => Err(TreeError::new(format!(concat!("expected ", $what, ", found {}"), n))),
                    other => Err(TreeError::wrong($what, &other)),
                }
            }
        }
    )*};
}

integer!(i32 => "an int", u32 => "a #");

impl Json for i64 {
    fn json(way: Way<'_, Self>) -> Done<Self> {
        both_ways(way)
    }
    fn to_tree(&self) -> Tree {
        Tree::Int(*self)
    }
    fn from_tree(tree: Tree) -> Result<Self, TreeError> {
        match tree {
            Tree::Int(n) => Ok(n),
            Tree::String(s) => s
                .parse()
                .map_err(|_| TreeError::new(format!("expected a long, found \"{s}\""))),
            Tree::UInt(n) => Err(TreeError::new(format!("expected a long, found {n}"))),
            other => Err(TreeError::wrong("a long", &other)),
        }
    }
}

/// The bit pattern `"NaN"` stands for.
const CANONICAL_NAN: u64 = 0x7ff8_0000_0000_0000;

impl Json for f64 {
    fn json(way: Way<'_, Self>) -> Done<Self> {
        both_ways(way)
    }
    fn to_tree(&self) -> Tree {
        if self.is_finite() {
            Tree::Float(*self)
        } else if self.is_nan() {
            Tree::String(if self.to_bits() == CANONICAL_NAN {
                "NaN".to_owned()
            } else {
                format!("NaN:{:016x}", self.to_bits())
            })
        } else if *self > 0.0 {
            Tree::String("Infinity".to_owned())
        } else {
            Tree::String("-Infinity".to_owned())
        }
    }
    fn from_tree(tree: Tree) -> Result<Self, TreeError> {
        let x = match &tree {
            Tree::Float(x) => Some(*x),
            Tree::Int(n) => Some(*n as f64),
            Tree::UInt(n) => Some(*n as f64),
            Tree::String(s) => match s.as_str() {
                "NaN" => Some(f64::from_bits(CANONICAL_NAN)),
                "Infinity" => Some(f64::INFINITY),
                "-Infinity" => Some(f64::NEG_INFINITY),
                s => s
                    .strip_prefix("NaN:")
                    .and_then(|h| u64::from_str_radix(h, 16).ok())
                    .map(f64::from_bits)
                    .filter(|x| x.is_nan()),
            },
            _ => return Err(TreeError::wrong("a double", &tree)),
        };
        x.ok_or_else(|| TreeError::new("expected a double, \"NaN\" or \"Infinity\""))
    }
}

impl Json for bool {
    fn json(way: Way<'_, Self>) -> Done<Self> {
        both_ways(way)
    }
    fn to_tree(&self) -> Tree {
        Tree::Bool(*self)
    }
    fn from_tree(tree: Tree) -> Result<Self, TreeError> {
        match tree {
            Tree::Bool(b) => Ok(b),
            other => Err(TreeError::wrong("a Bool (true or false)", &other)),
        }
    }
}

impl Json for String {
    fn json(way: Way<'_, Self>) -> Done<Self> {
        both_ways(way)
    }
    fn to_tree(&self) -> Tree {
        Tree::String(self.clone())
    }
    fn from_tree(tree: Tree) -> Result<Self, TreeError> {
        match tree {
            Tree::String(s) => Ok(s),
            other => Err(TreeError::wrong("a string", &other)),
        }
    }
}

impl Json for Bytes {
    fn json(way: Way<'_, Self>) -> Done<Self> {
        both_ways(way)
    }
    fn to_tree(&self) -> Tree {
        Tree::String(BASE64.encode(self))
    }
    fn from_tree(tree: Tree) -> Result<Self, TreeError> {
        match tree {
            Tree::String(s) => BASE64
                .decode(&s)
                .map(Bytes::from)
                .map_err(|e| TreeError::new(format!("expected bytes in padded base64: {e}"))),
            other => Err(TreeError::wrong("bytes (a base64 string)", &other)),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]])
        .map(char::from)
        .collect()
}

macro_rules! fixed {
    ($($n:literal => $what:literal),*) => {$(
        impl Json for [u8; $n] {
            fn json(way: Way<'_, Self>) -> Done<Self> {
                both_ways(way)
            }
            fn to_tree(&self) -> Tree {
                Tree::String(hex(self))
            }
            fn from_tree(tree: Tree) -> Result<Self, TreeError> {
                let Tree::String(s) = &tree else {
                    return Err(TreeError::wrong(concat!($what, " (a hex string)"), &tree));
                };
                let mut out = [0u8; $n];
                let digits = s.as_bytes();
                let ok = digits.len() == $n * 2
                    && out.iter_mut().zip(digits.chunks(2)).all(|(o, pair)| {
                        std::str::from_utf8(pair)
                            .ok()
                            .and_then(|p| u8::from_str_radix(p, 16).ok())
                            .map(|b| *o = b)
                            .is_some()
                    });
                if ok {
                    Ok(out)
                } else {
                    Err(TreeError::new(concat!("expected ", $what, " as ", stringify!($n), " bytes of hex")))
                }
            }
        }
    )*};
}

fixed!(16 => "an int128", 32 => "an int256");

impl<T: Json> Json for Vec<T> {
    fn json(way: Way<'_, Self>) -> Done<Self> {
        both_ways(way)
    }
    fn to_tree(&self) -> Tree {
        Tree::Array(self.iter().map(Json::to_tree).collect())
    }
    fn from_tree(tree: Tree) -> Result<Self, TreeError> {
        match tree {
            Tree::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, t)| T::from_tree(t).map_err(|e| e.in_index(i)))
                .collect(),
            other => Err(TreeError::wrong("an array", &other)),
        }
    }
}

impl<T: Json> Json for Box<T> {
    fn json(way: Way<'_, Self>) -> Done<Self> {
        both_ways(way)
    }
    fn to_tree(&self) -> Tree {
        (**self).to_tree()
    }
    fn from_tree(tree: Tree) -> Result<Self, TreeError> {
        T::from_tree(tree).map(Box::new)
    }
}

/// Keys every object may carry besides its fields.
const NAMING_KEYS: [&str; 4] = ["_", "@type", "@extra", "_id"];

/// One field of a constructor or function, as a generated `to_tree` body
/// hands it to [`object`]: the TL name and the value, behind a reference
/// to a trait object, so that every type's body is one call of one
/// non-generic function.
#[derive(Clone, Copy)]
pub enum Put<'a> {
    /// A field without a condition.
    Req(&'static str, &'a dyn ToTree),
    /// A conditional field (an `Option`), left out when `None`.
    Opt(&'static str, &'a dyn OptJson),
    /// A `true` flag, left out when clear.
    Flag(&'static str, bool),
    /// The bits of a flags word that no field stands for, under the
    /// word's own name, left out when zero (docs/json.md).
    Bits(&'static str, u32),
}

impl fmt::Debug for Put<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, key) = match self {
            Put::Req(k, _) => ("Req", k),
            Put::Opt(k, _) => ("Opt", k),
            Put::Flag(k, _) => ("Flag", k),
            Put::Bits(k, _) => ("Bits", k),
        };
        write!(f, "{kind}({key:?})")
    }
}

/// A value in the JSON form, as a trait object ([`Put::Req`]).
pub trait ToTree {
    /// The JSON form of `self`.
    fn to_json_tree(&self) -> Tree;
}

impl<T: Json> ToTree for T {
    fn to_json_tree(&self) -> Tree {
        self.to_tree()
    }
}

/// A conditional field's value: `Some` in the JSON form, or nothing.
pub trait OptJson {
    /// The JSON form of the value, if present.
    fn opt_tree(&self) -> Option<Tree>;
}

impl<T: Json> OptJson for Option<T> {
    fn opt_tree(&self) -> Option<Tree> {
        self.as_ref().map(Json::to_tree)
    }
}

/// The JSON object of constructor or function `name` with `fields`, in
/// order (what generated `to_tree` bodies call).
pub fn object(name: &str, fields: &[Put<'_>]) -> Tree {
    let mut out = Vec::with_capacity(fields.len() + 1);
    out.push(("_".to_owned(), Tree::String(name.to_owned())));
    for field in fields {
        let (key, tree) = match *field {
            Put::Req(key, value) => (key, value.to_json_tree()),
            Put::Opt(key, value) => match value.opt_tree() {
                Some(tree) => (key, tree),
                None => continue,
            },
            Put::Flag(key, set) if set => (key, Tree::Bool(true)),
            Put::Bits(key, unknown) if unknown != 0 => (key, Tree::Int(i64::from(unknown))),
            Put::Flag(..) | Put::Bits(..) => continue,
        };
        out.push((key.to_owned(), tree));
    }
    Tree::Object(out)
}

/// The name an object gives under `"_"` (or `"@type"`).
pub fn name_of(tree: &Tree) -> Result<String, TreeError> {
    given_name(tree).map(str::to_owned)
}

fn given_name(tree: &Tree) -> Result<&str, TreeError> {
    let Tree::Object(fields) = tree else {
        return Err(TreeError::wrong("an object", tree));
    };
    match fields.iter().find(|(k, _)| k == "_" || k == "@type") {
        Some((_, Tree::String(name))) => Ok(name),
        Some((key, other)) => Err(TreeError::wrong("a constructor name", other).in_key(key)),
        None => Err(TreeError::new(
            "the object has no \"_\" naming its constructor",
        )),
    }
}

/// The error for a name that is no constructor of `expected`.
pub fn unknown_name(name: &str, expected: &str) -> TreeError {
    TreeError::new(format!("`{name}` is not a constructor of `{expected}`")).in_key("_")
}

/// Which of `names` the object `tree` gives under `"_"` (or `"@type"`),
/// as an index into `names`; an error naming `expected` (the boxed type)
/// when none (what generated `from_tree` bodies of boxed types call).
pub fn which(tree: &Tree, names: &[&str], expected: &str) -> Result<usize, TreeError> {
    let name = given_name(tree)?;
    names
        .iter()
        .position(|n| *n == name)
        .ok_or_else(|| unknown_name(name, expected))
}

/// A field without a condition, as [`read`] gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Req<T>(pub T);

/// A conditional field (absent or `null` is `None`), as [`read`] gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Opt<T>(pub Option<T>);

/// A `true` flag (absent, `null` or `false` is clear), as [`read`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

/// The bits of a flags word that no field stands for (absent or `null` is
/// 0), as [`read`] gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bits(pub u32);

/// The fields of a constructor or function read by [`read`]: [`Req`],
/// [`Opt`], [`Flag`], [`Bits`], and tuples of up to 12 of them (nested for
/// more), in the order of the keys.
pub trait Fields: Sized {
    /// Reads the next fields of `r`.
    fn read_from(r: &mut FieldReader<'_>) -> Result<Self, TreeError>;
}

/// The object [`read`] takes fields from, one key after the other.
#[derive(Debug)]
pub struct FieldReader<'a> {
    name: &'a str,
    given: Vec<(String, Tree)>,
    keys: &'a [&'a str],
    known: &'a [u32],
    next: usize,
}

impl<'a> FieldReader<'a> {
    fn open(
        tree: Tree,
        name: &'a str,
        keys: &'a [&'a str],
        known: &'a [u32],
    ) -> Result<Self, TreeError> {
        let Tree::Object(given) = tree else {
            return Err(TreeError::wrong(&format!("an object ({name})"), &tree));
        };
        if let Some((key, named)) = given.iter().find(|(k, _)| k == "_" || k == "@type") {
            match named {
                Tree::String(n) if n == name => {}
                Tree::String(n) => return Err(unknown_name(n, name)),
                other => return Err(TreeError::wrong("a constructor name", other).in_key(key)),
            }
        }
        Ok(Self {
            name,
            given,
            keys,
            known,
            next: 0,
        })
    }

    /// The next key and its value (absent and `null` alike are `None`).
    fn take(&mut self) -> (&'a str, Option<Tree>) {
        let key = self.keys.get(self.next).copied().unwrap_or_default();
        self.next += 1;
        let tree = self
            .given
            .iter()
            .position(|(k, _)| k == key)
            .map(|at| self.given.swap_remove(at).1)
            .filter(|t| *t != Tree::Null);
        (key, tree)
    }

    /// The keys of the flags words: the last `known.len()`.
    fn words(&self) -> &'a [&'a str] {
        &self.keys[self.keys.len().saturating_sub(self.known.len())..]
    }

    fn finish(self) -> Result<(), TreeError> {
        let words = self.words();
        for (key, _) in &self.given {
            if !NAMING_KEYS.contains(&key.as_str()) && !words.contains(&key.as_str()) {
                return Err(
                    TreeError::new(format!("`{}` has no field `{key}`", self.name)).in_key(key),
                );
            }
        }
        Ok(())
    }
}

fn missing(key: &str) -> TreeError {
    TreeError::new(format!("the required field `{key}` is missing"))
}

impl<T: Json> Fields for Req<T> {
    fn read_from(r: &mut FieldReader<'_>) -> Result<Self, TreeError> {
        match r.take() {
            (key, Some(t)) => T::from_tree(t).map(Req).map_err(|e| e.in_key(key)),
            (key, None) => Err(missing(key)),
        }
    }
}

impl<T: Json> Fields for Opt<T> {
    fn read_from(r: &mut FieldReader<'_>) -> Result<Self, TreeError> {
        match r.take() {
            (key, Some(t)) => T::from_tree(t)
                .map(|v| Opt(Some(v)))
                .map_err(|e| e.in_key(key)),
            (_, None) => Ok(Opt(None)),
        }
    }
}

impl Fields for Flag {
    fn read_from(r: &mut FieldReader<'_>) -> Result<Self, TreeError> {
        match r.take() {
            (_, None | Some(Tree::Bool(false))) => Ok(Flag(false)),
            (_, Some(Tree::Bool(true))) => Ok(Flag(true)),
            (key, Some(other)) => Err(TreeError::wrong("a boolean (a flag)", &other).in_key(key)),
        }
    }
}

impl Fields for Bits {
    /// A bit a field stands for is an error: the field says whether it is
    /// set.
    fn read_from(r: &mut FieldReader<'_>) -> Result<Self, TreeError> {
        let first_word = r.keys.len().saturating_sub(r.known.len());
        let known = r
            .next
            .checked_sub(first_word)
            .and_then(|w| r.known.get(w))
            .copied()
            .unwrap_or(0);
        let (key, tree) = r.take();
        let Some(tree) = tree else {
            return Ok(Bits(0));
        };
        let bits = u32::from_tree(tree).map_err(|e| e.in_key(key))?;
        if bits & known != 0 {
            return Err(TreeError::new(format!(
                "bits {:#x} of `{key}` belong to fields; give those fields instead",
                bits & known
            ))
            .in_key(key));
        }
        Ok(Bits(bits))
    }
}

macro_rules! tuples {
    ($(($($t:ident),+))*) => {$(
        impl<$($t: Fields),+> Fields for ($($t,)+) {
            fn read_from(r: &mut FieldReader<'_>) -> Result<Self, TreeError> {
                Ok(($($t::read_from(r)?,)+))
            }
        }
    )*};
}

tuples! {
    (A, B)
    (A, B, C)
    (A, B, C, D)
    (A, B, C, D, E)
    (A, B, C, D, E, F)
    (A, B, C, D, E, F, G)
    (A, B, C, D, E, F, G, H)
    (A, B, C, D, E, F, G, H, I)
    (A, B, C, D, E, F, G, H, I, J)
    (A, B, C, D, E, F, G, H, I, J, K)
    (A, B, C, D, E, F, G, H, I, J, K, L)
}

/// Reads `tree` as an object of constructor or function `name` (its
/// `"_"`, when given, must be `name`): the fields `F` under `keys`, in
/// order, the flags words last (`known` holds, for each word, the bits its
/// fields stand for); then fails on a key left over that is neither a
/// naming key nor a flags word (what generated `from_tree` bodies call,
/// with `F` a pattern of [`Req`], [`Opt`], [`Flag`] and [`Bits`]).
pub fn read<F: Fields>(
    tree: Tree,
    name: &str,
    keys: &[&str],
    known: &[u32],
) -> Result<F, TreeError> {
    let mut r = FieldReader::open(tree, name, keys, known)?;
    let fields = F::read_from(&mut r)?;
    r.finish()?;
    Ok(fields)
}

/// Reads `tree` as an object of constructor `name`, which has no fields.
pub fn unit(tree: Tree, name: &str) -> Result<(), TreeError> {
    FieldReader::open(tree, name, &[], &[])?.finish()
}
