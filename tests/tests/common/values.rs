//! A random, well-formed wire value of any definition of a bundled schema,
//! drawn from the schema itself (shared by the round-trip tests).
#![allow(dead_code, unreachable_pub)]

use std::collections::{BTreeMap, HashMap};

use typelang_parser::ast::{Category, Definition, ParamKind, TypeExpr};

/// Below this depth nested values pick the constructor that ends soonest.
pub const MAX_DEPTH: u32 = 3;

pub struct Schema {
    pub defs: Vec<Definition>,
    /// Boxed type name -> indices of its constructors, in source order.
    constructors: HashMap<String, Vec<usize>>,
    /// Constructor name -> index, for bare references (`vector<future_salt>`, `%T`).
    by_name: HashMap<String, usize>,
    /// Functions usable as the `!X` argument of generic functions.
    plain_functions: Vec<usize>,
    /// Per boxed type, the constructor with the fewest nested boxed fields.
    shallowest: HashMap<String, usize>,
}

pub fn load(files: &[&str]) -> Schema {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/");
    let mut defs = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(format!("{root}{file}")).unwrap();
        let parsed = typelang_parser::parse(&text, &typelang_parser::ParseOptions::default())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        defs.extend(parsed.schema.definitions);
    }
    let mut seen = std::collections::HashSet::new();
    // `true` (bare and empty), `vector` (generic) and `int128`/`int256`
    // (repetitions of int) are primitives rather than objects of their own;
    // they are covered wherever fields use them.
    defs.retain(|d| {
        let repetition = d
            .params
            .iter()
            .any(|p| matches!(p.kind, ParamKind::Repeated { .. }));
        !d.builtin
            && !repetition
            && !matches!(d.name.name.as_str(), "true" | "vector")
            && seen.insert(d.name.to_string())
    });
    let mut constructors: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_name = HashMap::new();
    let mut plain_functions = Vec::new();
    for (i, d) in defs.iter().enumerate() {
        by_name.insert(d.name.to_string(), i);
        match d.category {
            Category::Type => constructors
                .entry(d.result.name.to_string())
                .or_default()
                .push(i),
            Category::Function if d.type_params.is_empty() => plain_functions.push(i),
            Category::Function => {}
        }
    }
    let shallowest = constructors
        .iter()
        .map(|(ty, list)| {
            let best = list
                .iter()
                .copied()
                .min_by_key(|&i| nested_fields(&defs[i]))
                .unwrap();
            (ty.clone(), best)
        })
        .collect();
    Schema {
        defs,
        constructors,
        by_name,
        plain_functions,
        shallowest,
    }
}

/// How many fields of a definition hold another constructor (a rough cost
/// used to end recursion).
fn nested_fields(def: &Definition) -> usize {
    def.params
        .iter()
        .filter(|p| match &p.kind {
            ParamKind::Value { ty, flag } => flag.is_none() && !is_primitive(ty),
            ParamKind::Repeated { .. } => true,
        })
        .count()
}

fn is_primitive(ty: &TypeExpr) -> bool {
    ty.name.namespace.is_empty()
        && matches!(
            ty.name.name.as_str(),
            "int"
                | "long"
                | "double"
                | "int128"
                | "int256"
                | "string"
                | "bytes"
                | "Bool"
                | "true"
                | "#"
                | "Vector"
                | "vector"
        )
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
        let name = ty.name.to_string();
        match name.as_str() {
            "int" | "#" => self.random(4),
            "long" => self.random(8),
            "double" => {
                let v = (self.rng.next() % 2_000_001) as f64 / 7.0 - 100_000.0;
                self.out.extend_from_slice(&v.to_le_bytes());
            }
            "int128" => self.random(16),
            "int256" => self.random(32),
            "string" => self.string(),
            "bytes" => {
                let len = self.blob_len();
                let data: Vec<u8> = (0..len).map(|_| self.rng.next() as u8).collect();
                self.tl_bytes(&data);
            }
            "Bool" => {
                let id = if self.rng.coin() {
                    0x9972_75b5
                } else {
                    0xbc79_9737
                };
                self.u32(id);
            }
            "true" => {}
            "Vector" | "vector" => {
                if name == "Vector" {
                    self.u32(0x1cb5_c415);
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
            "Object" | "X" => self.any_function(depth + 1),
            _ if ty.bare => {
                let index = self.schema.by_name[&name];
                self.fields(index, depth + 1);
            }
            _ => self.boxed(&name, depth + 1),
        }
    }

    fn boxed(&mut self, ty: &str, depth: u32) {
        let list = &self.schema.constructors[ty];
        let index = if depth >= MAX_DEPTH {
            self.schema.shallowest[ty]
        } else {
            list[self.rng.below(list.len() as u64) as usize]
        };
        self.u32(self.schema.defs[index].id);
        self.fields(index, depth);
    }

    fn any_function(&mut self, depth: u32) {
        let list = &self.schema.plain_functions;
        // Keep the inner query small: a function without nested fields.
        let index = *list
            .iter()
            .filter(|&&i| nested_fields(&self.schema.defs[i]) == 0)
            .nth(self.rng.below(50) as usize)
            .unwrap_or(&list[0]);
        self.definition(index, depth);
    }

    pub fn definition(&mut self, index: usize, depth: u32) {
        self.u32(self.schema.defs[index].id);
        self.fields(index, depth);
    }

    /// Writes the fields of a definition, choosing the flag bits first so
    /// that every field sharing a bit is present or absent together.
    fn fields(&mut self, index: usize, depth: u32) {
        let def = &self.schema.defs[index];
        let mut words: BTreeMap<&str, u32> = BTreeMap::new();
        for p in &def.params {
            if let ParamKind::Value { flag: Some(f), .. } = &p.kind {
                let word = words.entry(f.field.as_str()).or_default();
                if self.rng.coin() {
                    *word |= 1 << f.bit;
                }
            }
        }
        for p in &def.params {
            let ParamKind::Value { ty, flag } = &p.kind else {
                panic!("{}: repetitions are not used in api.tl", def.name);
            };
            if ty.is_nat() {
                let name = p.name.as_deref().unwrap_or_default();
                match words.get(name) {
                    Some(&w) => self.u32(w),
                    None => self.random(4),
                }
                continue;
            }
            if let Some(f) = flag
                && words.get(f.field.as_str()).copied().unwrap_or(0) & (1 << f.bit) == 0
            {
                continue;
            }
            self.value(ty, depth);
        }
    }
}
