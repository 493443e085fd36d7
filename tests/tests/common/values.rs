//! A random, well-formed wire value of any definition of a schema, drawn
//! from the schema itself (shared by the round-trip tests).
//!
//! This is a second, independent reading of the wire rules the generator
//! implements: it works on the parsed definitions, never on generated code,
//! so a disagreement between the two shows up as a failed round trip. It
//! knows the spellings of the real TL world: Telegram's (`Vector<T>`,
//! `flags.N?true`), TDLib's primitive aliases (`int32 = Int32;`,
//! `int53`, `secureString`), TON's `(vector T)`, bare `object`/`function`
//! and `mode` bits, and literal repetitions (`16*[ int ]`).
#![allow(dead_code, unreachable_pub)]

use std::collections::{BTreeMap, HashMap, HashSet};

use typelang_parser::ast::{Category, Definition, Multiplicity, Param, ParamKind, TypeExpr};
use typelang_parser::builtins::Builtin;
use typelang_parser::{Dialect, IdCheck, ParseOptions};

/// Below this depth nested values pick the constructor that ends soonest.
pub const MAX_DEPTH: u32 = 3;

/// `Vector`'s constructor id (`vector#1cb5c415 {t:Type} # [ t ] = Vector t;`).
const VECTOR_ID: u32 = 0x1cb5_c415;

/// TDLib's and TON's fieldless declarations of primitives (constructor
/// name, type name, primitive), as their own generators read them.
const ALIASES: &[(&str, &str, Prim)] = &[
    ("int32", "Int32", Prim::Int),
    ("int53", "Int53", Prim::Long),
    ("int64", "Int64", Prim::Long),
    ("secureString", "SecureString", Prim::String),
    ("secureBytes", "SecureBytes", Prim::Bytes),
];

/// What a type name stands for on the wire, when it is not a constructor of
/// the schema.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Prim {
    Nat,
    Int,
    Long,
    Double,
    Int128,
    Int256,
    String,
    Bytes,
    Bool,
    True,
    Vector,
    /// Any boxed constructor (`Object`, TON's `object`).
    AnyObject,
    /// Any function call (`!X`, tonlib's `Function`, TON's `function`).
    AnyFunction,
}

pub struct Schema {
    /// The definitions that are items of their own (no builtins, no
    /// primitive aliases, no definitions of builtin types such as
    /// `boolTrue`, `vector` or `int128 4*[ int ] = Int128;`).
    pub defs: Vec<Definition>,
    /// Boxed type name -> indices of its constructors, in source order.
    constructors: HashMap<String, Vec<usize>>,
    /// Constructor name -> index, for bare references (`vector<future_salt>`, `%T`).
    by_name: HashMap<String, usize>,
    /// Type names the schema declares as primitive aliases.
    aliases: HashMap<String, Prim>,
    /// The ids of `boolTrue` and `boolFalse`.
    bool_ids: (u32, u32),
    /// Functions without type parameters or nested fields: the calls
    /// written where any function goes (`!X`, `function`).
    small_functions: Vec<usize>,
    /// Constructors without nested fields: what `Object` fields hold.
    small_constructors: Vec<usize>,
    /// Per boxed type, the constructor with the fewest nested boxed fields.
    shallowest: HashMap<String, usize>,
}

/// The bundled schemas `files` (under `schema/`), in Telegram's dialect.
pub fn load(files: &[&str]) -> Schema {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/");
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(format!("{root}{file}")).unwrap();
            ((*file).to_owned(), text)
        })
        .collect();
    let sources: Vec<(&str, &str)> = texts
        .iter()
        .map(|(f, t)| (f.as_str(), t.as_str()))
        .collect();
    Schema::from_sources(&sources, Dialect::Telegram)
}

impl Schema {
    /// Parses `(file name, text)` sources with `dialect` (explicit ids that
    /// disagree with the rule are accepted: upstream pins some by hand).
    pub fn from_sources(sources: &[(&str, &str)], dialect: Dialect) -> Schema {
        let mut options = ParseOptions::new(dialect);
        options.id_check = IdCheck::Warn;
        let mut all = Vec::new();
        for (file, text) in sources {
            let parsed =
                typelang_parser::parse(text, &options).unwrap_or_else(|e| panic!("{file}: {e}"));
            all.extend(parsed.schema.definitions);
        }
        Schema::new(all)
    }

    fn new(all: Vec<Definition>) -> Schema {
        let id_of = |name: &str, default: u32| {
            all.iter()
                .find(|d| d.name.namespace.is_empty() && d.name.name == name)
                .map_or(default, |d| d.id)
        };
        let bool_ids = (
            id_of("boolTrue", 0x9972_75b5),
            id_of("boolFalse", 0xbc79_9737),
        );
        let mut aliases = HashMap::new();
        for d in &all {
            let (name, result) = (d.name.to_string(), d.result.name.to_string());
            if let Some(&(_, _, prim)) = ALIASES
                .iter()
                .find(|(c, t, _)| d.params.is_empty() && *c == name && *t == result)
            {
                aliases.insert(name, prim);
                aliases.insert(result, prim);
            }
        }
        let mut seen = HashSet::new();
        let defs: Vec<Definition> = all
            .into_iter()
            .filter(|d| {
                let result_is_builtin = d.category == Category::Type
                    && d.result.name.namespace.is_empty()
                    && matches!(
                        Builtin::lookup(&d.result.name.name),
                        Some((b, false)) if b != Builtin::Object && b != Builtin::Type
                    );
                !d.builtin
                    && !result_is_builtin
                    && !aliases.contains_key(&d.name.to_string())
                    && seen.insert(d.name.to_string())
            })
            .collect();
        let mut constructors: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_name = HashMap::new();
        for (i, d) in defs.iter().enumerate() {
            if d.category == Category::Type {
                by_name.insert(d.name.to_string(), i);
                constructors
                    .entry(d.result.name.to_string())
                    .or_default()
                    .push(i);
            }
        }
        let mut schema = Schema {
            defs,
            constructors,
            by_name,
            aliases,
            bool_ids,
            small_functions: Vec::new(),
            small_constructors: Vec::new(),
            shallowest: HashMap::new(),
        };
        for (i, d) in schema.defs.iter().enumerate() {
            if schema.nested_fields(d) > 0 {
                continue;
            }
            match d.category {
                Category::Type => schema.small_constructors.push(i),
                Category::Function if d.type_params.is_empty() => schema.small_functions.push(i),
                Category::Function => {}
            }
        }
        schema.shallowest = schema
            .constructors
            .iter()
            .map(|(ty, list)| {
                let best = list
                    .iter()
                    .copied()
                    .min_by_key(|&i| schema.nested_fields(&schema.defs[i]))
                    .unwrap();
                (ty.clone(), best)
            })
            .collect();
        schema
    }

    /// Indices of the constructors (the definitions `Object` decodes).
    pub fn constructor_indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.defs.len()).filter(|&i| self.defs[i].category == Category::Type)
    }

    /// What a type name stands for when it is a primitive.
    fn prim(&self, ty: &TypeExpr) -> Option<Prim> {
        if ty.generic_ref {
            return Some(Prim::AnyFunction);
        }
        if ty.is_nat() {
            return Some(Prim::Nat);
        }
        let full = ty.name.to_string();
        if let Some(&p) = self.aliases.get(&full) {
            return Some(p);
        }
        if !ty.name.namespace.is_empty() {
            return None;
        }
        match ty.name.name.as_str() {
            "object" => return Some(Prim::AnyObject),
            "function" | "Function" => return Some(Prim::AnyFunction),
            _ => {}
        }
        Some(match Builtin::lookup(&ty.name.name)?.0 {
            Builtin::Nat => Prim::Nat,
            Builtin::Int => Prim::Int,
            Builtin::Long => Prim::Long,
            Builtin::Double => Prim::Double,
            Builtin::Int128 => Prim::Int128,
            Builtin::Int256 => Prim::Int256,
            Builtin::String => Prim::String,
            Builtin::Bytes => Prim::Bytes,
            Builtin::Bool => Prim::Bool,
            Builtin::True => Prim::True,
            Builtin::Vector => Prim::Vector,
            Builtin::Object => Prim::AnyObject,
            other => panic!("`{full}` ({other:?}) is not a field type"),
        })
    }

    /// How many fields of a definition hold another constructor (a rough
    /// cost used to end recursion).
    fn nested_fields(&self, def: &Definition) -> usize {
        def.params
            .iter()
            .filter(|p| match &p.kind {
                ParamKind::Value { ty, flag } => {
                    flag.is_none()
                        && !matches!(
                            self.prim(ty),
                            Some(p) if p != Prim::AnyObject && p != Prim::AnyFunction
                        )
                }
                ParamKind::Repeated { .. } => false,
            })
            .count()
    }
}

/// A small deterministic generator fed by a proptest-drawn seed
/// (SplitMix64), so a failure reproduces from the seed alone.
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
}

pub struct Writer<'a> {
    pub schema: &'a Schema,
    pub rng: Rng,
    pub out: Vec<u8>,
}

impl Writer<'_> {
    fn u32(&mut self, v: u32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    fn random(&mut self, n: usize) {
        for _ in 0..n {
            let b = self.rng.next() as u8;
            self.out.push(b);
        }
    }

    /// TL `bytes`/`string`: short form below 254, long form otherwise,
    /// zero padding to a multiple of four.
    fn tl_bytes(&mut self, data: &[u8]) {
        let header = if data.len() < 254 {
            self.out.push(data.len() as u8);
            1
        } else {
            self.out.push(0xfe);
            self.out
                .extend_from_slice(&(data.len() as u32).to_le_bytes()[..3]);
            4
        };
        self.out.extend_from_slice(data);
        let pad = (4 - (header + data.len()) % 4) % 4;
        self.out.extend(std::iter::repeat_n(0u8, pad));
    }

    fn blob_len(&mut self) -> usize {
        match self.rng.below(8) {
            0 => 0,
            1 => 253 + self.rng.below(4) as usize,
            2 => 300 + self.rng.below(200) as usize,
            _ => self.rng.below(40) as usize,
        }
    }

    fn string(&mut self) {
        let len = self.blob_len();
        let alphabet = ['a', 'Z', '0', ' ', 'é', 'Ж', '€', '😀', '\n'];
        let mut s = String::new();
        while s.len() < len {
            s.push(alphabet[self.rng.below(alphabet.len() as u64) as usize]);
        }
        self.tl_bytes(s.as_bytes());
    }

    fn value(&mut self, ty: &TypeExpr, depth: u32) {
        let Some(prim) = self.schema.prim(ty) else {
            let name = ty.name.to_string();
            if ty.bare {
                // `future_salt` names a constructor, `%Message` a type
                // with one constructor.
                let index = self
                    .schema
                    .by_name
                    .get(&name)
                    .or_else(|| self.schema.constructors.get(&name).and_then(|l| l.first()))
                    .copied()
                    .unwrap_or_else(|| panic!("bare `{name}` names no constructor"));
                self.fields(index, depth + 1);
            } else {
                self.boxed(&name, depth + 1);
            }
            return;
        };
        match prim {
            Prim::Int | Prim::Nat => self.random(4),
            Prim::Long => self.random(8),
            Prim::Double => {
                let v = (self.rng.next() % 2_000_001) as f64 / 7.0 - 100_000.0;
                self.out.extend_from_slice(&v.to_le_bytes());
            }
            Prim::Int128 => self.random(16),
            Prim::Int256 => self.random(32),
            Prim::String => self.string(),
            Prim::Bytes => {
                let len = self.blob_len();
                let data: Vec<u8> = (0..len).map(|_| self.rng.next() as u8).collect();
                self.tl_bytes(&data);
            }
            Prim::Bool => {
                let (yes, no) = self.schema.bool_ids;
                let id = if self.rng.coin() { yes } else { no };
                self.u32(id);
            }
            Prim::True => {}
            Prim::Vector => {
                if !ty.bare {
                    self.u32(VECTOR_ID);
                }
                let n = if depth >= MAX_DEPTH {
                    0
                } else {
                    self.rng.below(3)
                } as u32;
                self.u32(n);
                for _ in 0..n {
                    self.value(&ty.args[0], depth + 1);
                }
            }
            Prim::AnyObject => {
                let index = self.pick(&self.schema.small_constructors, "constructor");
                self.definition(index, depth + 1);
            }
            Prim::AnyFunction => {
                let index = self.pick(&self.schema.small_functions, "function");
                self.definition(index, depth + 1);
            }
        }
    }

    /// One of the first 50 of `list` (small definitions keep nested
    /// values short).
    fn pick(&mut self, list: &[usize], what: &str) -> usize {
        assert!(
            !list.is_empty(),
            "the schema has no {what} without nested fields"
        );
        list[self.rng.below(list.len().min(50) as u64) as usize]
    }

    fn boxed(&mut self, ty: &str, depth: u32) {
        let list = self
            .schema
            .constructors
            .get(ty)
            .unwrap_or_else(|| panic!("type `{ty}` has no constructors"));
        let index = if depth >= MAX_DEPTH {
            self.schema.shallowest[ty]
        } else {
            list[self.rng.below(list.len() as u64) as usize]
        };
        self.definition(index, depth);
    }

    pub fn definition(&mut self, index: usize, depth: u32) {
        self.u32(self.schema.defs[index].id);
        self.fields(index, depth);
    }

    /// Writes the fields of a definition, choosing the flag bits first so
    /// that every field sharing a bit is present or absent together. A
    /// flag word also gets, now and then, bits no field stands for (a
    /// newer layer's flags, TON's `mode` bits with a meaning of their
    /// own), which a decoded value must keep.
    fn fields(&mut self, index: usize, depth: u32) {
        let def = &self.schema.defs[index];
        let mut words: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
        for p in &def.params {
            if let ParamKind::Value { flag: Some(f), .. } = &p.kind {
                let (bits, known) = words.entry(f.field.as_str()).or_default();
                *known |= 1 << f.bit;
                if self.rng.coin() {
                    *bits |= 1 << f.bit;
                }
            }
        }
        for (bits, known) in words.values_mut() {
            if self.rng.below(4) == 0 {
                *bits |= self.rng.next() as u32 & !*known;
            }
        }
        for p in &def.params {
            self.param(def, p, &words, depth);
        }
    }

    fn param(
        &mut self,
        def: &Definition,
        p: &Param,
        words: &BTreeMap<&str, (u32, u32)>,
        depth: u32,
    ) {
        match &p.kind {
            ParamKind::Value { ty, flag } => {
                if ty.is_nat() {
                    let name = p.name.as_deref().unwrap_or_default();
                    match words.get(name) {
                        Some(&(bits, _)) => self.u32(bits),
                        None => self.random(4),
                    }
                    return;
                }
                if let Some(f) = flag
                    && words.get(f.field.as_str()).map_or(0, |w| w.0) & (1 << f.bit) == 0
                {
                    return;
                }
                self.value(ty, depth);
            }
            ParamKind::Repeated {
                multiplicity: Some(Multiplicity::Literal(n)),
                fields,
            } => {
                for _ in 0..*n {
                    for inner in fields {
                        self.param(def, inner, words, depth);
                    }
                }
            }
            ParamKind::Repeated { .. } => {
                panic!(
                    "{}: only literal repetitions (`4*[ int ]`) are generated",
                    def.name
                )
            }
        }
    }
}
