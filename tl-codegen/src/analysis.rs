//! Phase 2: analysis. Turns the merged definitions into an intermediate
//! representation ([`Ir`]) that says everything the emitter needs, decided
//! over the whole schema at once:
//!
//! * **Type resolution.** Builtins map to runtime primitives (`int` -> `i32`,
//!   `long` -> `i64`, `double` -> `f64`, `int128` -> `[u8; 16]`, `int256` ->
//!   `[u8; 32]`, `string` -> `String`, `bytes` -> `Bytes`, `Bool` -> `bool`,
//!   `#` -> `u32`, `Vector<T>` -> `Vec<T>`, `Object` -> the generated `Object`
//!   enum). Boxed types become `enums::X`; bare types (`%T`, a lower-case
//!   constructor name) become the constructor struct `types::x`, written
//!   without its id. Bare vectors (`vector<T>`) stay `Vec<T>`; only the wire
//!   code differs. The builtin definitions themselves (`int ? = Int`,
//!   `vector`, `int128`, `boolTrue`/`boolFalse`, `true`) produce no items.
//! * **Flags.** A `#` parameter that some later field uses as `name.N?` is a
//!   flags word: it is not stored but computed when serializing. `flags.N?true`
//!   fields are `bool`, other conditional fields `Option<T>`.
//! * **Bit sharing.** When several fields use the same bit (api.tl has
//!   `live_photo:flags.3?true ... video:flags.3?InputDocument` and
//!   `views:flags.10?int forwards:flags.10?int`), the rule is: *the bit is set
//!   when every non-`true` field sharing it is `Some`* (when only `true`
//!   fields share it: when any of them is `true`). When the bit is set all
//!   the optional fields sharing it are written; otherwise none is. On
//!   decoding, every field sharing a set bit is read and `true` fields mirror
//!   the bit. So decoded values re-encode byte for byte, and a hand-built value
//!   with only part of a group present encodes as if the whole group were
//!   absent (never as malformed bytes).
//! * **Names** through one [`Registry`] per scope.
//!   Enum variants are the constructor name with the type name stripped
//!   (`inputPeerUser` in `InputPeer` -> `User`) when what remains is a valid,
//!   non-keyword name, else the whole constructor name.
//! * **Boxing.** A graph of "contains inline" edges over enums, structs and
//!   `Object` is split into strongly connected components; a variant (or bare
//!   field) whose target is in its own component is boxed, which breaks every
//!   cycle. Then sizes are estimated and variants whose payload is larger than
//!   [`LARGE_VARIANT`] bytes are boxed too, which keeps enums small and clippy's
//!   `large_enum_variant` quiet.
//! * **Default.** A least fixed point: a struct is `Default` when every field
//!   is; an enum when one of its constructors is, and its default is the
//!   first such constructor found in the earliest round (fieldless ones
//!   preferred), which guarantees `Default::default()` terminates.
//! * **Subsets** (`only`): the named constructors, functions or types plus
//!   everything they transitively need (field types, return types, and all
//!   constructors of every boxed type reached).

use std::collections::{BTreeMap, HashMap, HashSet};

use tl_parser::ast::{Category, Definition, ParamKind, TypeExpr};

use tl_parser::{Diagnostic, DiagnosticKind};

use crate::error::{Error, UnknownName};
use crate::load::LoadedSchema;
use crate::methods::{MethodInfo, MethodTable};
use crate::names::{self, Registry};

/// std names every generated module imports by absolute path (`use
/// ::core::option::Option`, ...) and then uses bare; no generated item in a
/// module scope may take them (a clash gets a suffix).
pub const PRELUDE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Box",
    "Vec",
    "String",
    "Debug",
    "Clone",
    "PartialEq",
    "Default",
    "From",
    "TryFrom",
];

fn module_registry() -> Registry {
    let mut r = Registry::new();
    for n in PRELUDE_NAMES {
        r.reserve(n);
    }
    r
}

/// Variants whose payload is estimated above this many bytes are boxed.
pub const LARGE_VARIANT: usize = 128;

/// What the analysis needs from the configuration.
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    /// Keep only these definitions and what they need (TL names of
    /// constructors, functions or types).
    pub only: Option<Vec<String>>,
    /// Generate the `functions` module.
    pub functions: bool,
    /// Functions implement `Deserializable` (and join the `Object` enum).
    pub decodable_functions: bool,
    /// Generate the `Object` enum.
    pub object_enum: bool,
    /// Method metadata to attach to functions.
    pub methods: Option<MethodTable>,
}

/// A resolved field type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    /// `int` -> `i32`.
    Int,
    /// `long` -> `i64`.
    Long,
    /// `double` -> `f64`.
    Double,
    /// `#` stored as a value -> `u32`.
    Nat,
    /// `int128` -> `[u8; 16]`.
    Int128,
    /// `int256` -> `[u8; 32]`.
    Int256,
    /// `string` -> `String`.
    String,
    /// `bytes` -> `Bytes`.
    Bytes,
    /// `Bool` -> `bool`.
    Bool,
    /// `Vector<T>` (boxed, with the vector id) or `vector<T>` (bare).
    Vector {
        /// Element type.
        elem: Box<Ty>,
        /// `vector<T>`: no `0x1cb5c415` id on the wire.
        bare: bool,
    },
    /// A boxed type: `enums::X` (index into [`Ir::enums`]).
    Enum(usize),
    /// A bare constructor (`%T`, `future_salt`): `types::x` written without
    /// its id (index into [`Ir::structs`]).
    Bare(usize),
    /// The TL type `Object`: the generated `Object` enum.
    Object,
    /// A type parameter of a generic function (`!X`).
    Param(String),
}

impl Ty {
    /// Serialized size when fixed.
    pub fn fixed_size(&self) -> Option<usize> {
        match self {
            Ty::Int | Ty::Nat | Ty::Bool => Some(4),
            Ty::Long | Ty::Double => Some(8),
            Ty::Int128 => Some(16),
            Ty::Int256 => Some(32),
            _ => None,
        }
    }
}

/// When a field is present on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cond {
    /// Always.
    Always,
    /// `word.bit?T`: an `Option<T>` field.
    Flag {
        /// Index into the struct's flag words.
        word: usize,
        /// Bit index.
        bit: u32,
    },
    /// `word.bit?true`: a `bool` field with no wire bytes.
    TrueFlag {
        /// Index into the struct's flag words.
        word: usize,
        /// Bit index.
        bit: u32,
    },
}

/// A stored field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Rust name (escaped).
    pub name: String,
    /// TL name.
    pub tl_name: String,
    /// The field's TL text (`video:flags.3?InputDocument`).
    pub tl_text: String,
    /// Value type (for `TrueFlag`, unused).
    pub ty: Ty,
    /// Presence.
    pub cond: Cond,
    /// Stored as `Box<T>` (only for bare fields on a cycle).
    pub boxed: bool,
    /// `//@name` documentation.
    pub doc: Option<String>,
}

/// A group of fields sharing one bit of a flags word.
#[derive(Debug, Clone)]
pub struct BitGroup {
    /// Bit index.
    pub bit: u32,
    /// Field indices of `Option` fields using the bit.
    pub values: Vec<usize>,
    /// Field indices of `bool` (`true`) fields using the bit.
    pub trues: Vec<usize>,
}

/// A flags word (`flags:#`), not stored.
#[derive(Debug, Clone)]
pub struct FlagWord {
    /// TL name, also the Rust local used for it (escaped).
    pub name: String,
    /// TL name as written.
    pub tl_name: String,
    /// Bits in use, sorted.
    pub groups: Vec<BitGroup>,
}

/// One wire item in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireItem {
    /// A flags word (index into `flag_words`).
    Flags(usize),
    /// A field (index into `fields`).
    Field(usize),
}

/// A constructor or function.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Full TL name (`messages.requestEncryption`).
    pub tl_name: String,
    /// Wire id.
    pub id: u32,
    /// Namespace modules (escaped snake case).
    pub module: Vec<String>,
    /// Rust type name.
    pub name: String,
    /// Canonical TL line.
    pub tl_line: String,
    /// `//@description`.
    pub description: Option<String>,
    /// Fields in declaration order.
    pub fields: Vec<Field>,
    /// Flags words.
    pub flag_words: Vec<FlagWord>,
    /// Wire order.
    pub wire: Vec<WireItem>,
    /// Enum this constructor belongs to (constructors only).
    pub enum_index: Option<usize>,
    /// Variant index inside that enum.
    pub variant_index: Option<usize>,
    /// Derives `Default`.
    pub default: bool,
    /// Type parameter of a generic function (`X`).
    pub generic: Option<String>,
    /// Return type (functions only).
    pub ret: Option<Ty>,
    /// TL text of the return type.
    pub ret_tl: Option<String>,
    /// Method metadata (functions only).
    pub method: Option<MethodInfo>,
    /// Estimated size in bytes.
    pub size: usize,
    /// Lower bound of the bare wire size.
    pub min_bare: usize,
    /// Index of the source file.
    pub file: usize,
}

impl Struct {
    /// Whether the struct has no fields (a unit struct).
    pub fn is_unit(&self) -> bool {
        self.fields.is_empty()
    }
}

/// A variant of a boxed type.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// The constructor (index into [`Ir::structs`]).
    pub ctor: usize,
    /// Payload boxed.
    pub boxed: bool,
}

/// A boxed type.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Full TL name (`messages.Chats`).
    pub tl_name: String,
    /// Namespace modules.
    pub module: Vec<String>,
    /// Rust name.
    pub name: String,
    /// `//@class` description.
    pub description: Option<String>,
    /// Variants in schema order.
    pub variants: Vec<Variant>,
    /// Variant used by `Default`, if any.
    pub default_variant: Option<usize>,
    /// Estimated size.
    pub size: usize,
}

/// What an `Object` variant holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectTarget {
    /// A constructor.
    Struct(usize),
    /// A function.
    Function(usize),
}

/// A variant of the `Object` enum.
#[derive(Debug, Clone)]
pub struct ObjectVariant {
    /// Rust variant name.
    pub name: String,
    /// Payload.
    pub target: ObjectTarget,
    /// Payload boxed.
    pub boxed: bool,
}

/// The whole analysed schema.
#[derive(Debug, Clone)]
pub struct Ir {
    /// `// LAYER N`.
    pub layer: Option<u32>,
    /// Constructors, sorted by module then name.
    pub structs: Vec<Struct>,
    /// Boxed types, sorted by module then name.
    pub enums: Vec<Enum>,
    /// Functions, sorted by module then name (empty when disabled).
    pub functions: Vec<Struct>,
    /// `Object` variants (`None` when the enum is disabled).
    pub object: Option<Vec<ObjectVariant>>,
    /// `boolTrue`/`boolFalse` exist in the schema (`Object::Bool`).
    pub has_bool: bool,
    /// Every `(id, TL name)` for `name_for_id`, sorted by id.
    pub names_by_id: Vec<(u32, String)>,
    /// Functions implement `Deserializable`.
    pub decodable_functions: bool,
    /// The source files, for the header.
    pub files: Vec<String>,
}

/// Builtin type names that produce no items.
fn builtin_type(name: &str) -> bool {
    matches!(
        name,
        "Int"
            | "Long"
            | "Double"
            | "String"
            | "Bytes"
            | "Int128"
            | "Int256"
            | "Bool"
            | "True"
            | "Vector"
            | "Object"
    )
}

fn result_text(t: &TypeExpr) -> String {
    let mut s = t.name.to_string();
    for a in &t.args {
        s.push(' ');
        s.push_str(&a.to_string());
    }
    s
}

/// Whether the definition produces no item (builtins, `Bool`, `true`, `vector`).
fn is_builtin_def(def: &Definition) -> bool {
    def.builtin
        || (def.category == Category::Type
            && def.result.name.namespace.is_empty()
            && builtin_type(&def.result.name.name)
            && def.result.name.name != "Object")
}

struct Analyzer<'a> {
    schema: &'a LoadedSchema,
    problems: Vec<Diagnostic>,
    /// Constructors by full TL name -> loaded definition index.
    ctor_by_name: HashMap<String, usize>,
    /// Boxed type full name -> constructor definition indices (schema order).
    ctors_of_type: BTreeMap<String, Vec<usize>>,
    /// Function name -> loaded definition index.
    fn_by_name: HashMap<String, usize>,
}

impl<'a> Analyzer<'a> {
    fn def(&self, i: usize) -> &'a Definition {
        &self.schema.definitions[i].def
    }

    fn problem(&mut self, i: usize, message: String) {
        let d = &self.schema.definitions[i];
        self.problems.push(
            Diagnostic::error(DiagnosticKind::Unsupported, message, d.def.span).in_file(d.file),
        );
    }

    /// The definitions a definition needs directly (for `only`).
    fn deps(&self, i: usize, out: &mut Vec<Dep>) {
        let def = self.def(i);
        let mut types = Vec::new();
        for p in &def.params {
            collect_types(p, &mut types);
        }
        if def.category == Category::Function {
            types.push(&def.result);
        }
        for t in types {
            self.type_deps(t, out);
        }
    }

    fn type_deps(&self, t: &TypeExpr, out: &mut Vec<Dep>) {
        for a in &t.args {
            self.type_deps(a, out);
        }
        if t.generic_ref || t.is_nat() {
            return;
        }
        let full = t.name.to_string();
        if t.name.namespace.is_empty() && full == "Object" {
            out.push(Dep::Object);
            return;
        }
        if let Some(&c) = self.ctor_by_name.get(&full) {
            out.push(Dep::Def(c));
        } else if let Some(cs) = self.ctors_of_type.get(&full) {
            out.extend(cs.iter().map(|&c| Dep::Def(c)));
        }
    }
}

enum Dep {
    Def(usize),
    Object,
}

fn collect_types<'t>(p: &'t tl_parser::ast::Param, out: &mut Vec<&'t TypeExpr>) {
    match &p.kind {
        ParamKind::Value { ty, .. } => out.push(ty),
        ParamKind::Repeated { fields, .. } => {
            for f in fields {
                collect_types(f, out);
            }
        }
    }
}

/// Runs the analysis.
pub fn analyze(schema: &LoadedSchema, opts: &AnalysisOptions) -> Result<Ir, Error> {
    let mut a = Analyzer {
        schema,
        problems: Vec::new(),
        ctor_by_name: HashMap::new(),
        ctors_of_type: BTreeMap::new(),
        fn_by_name: HashMap::new(),
    };
    let mut names_by_id: BTreeMap<u32, String> = BTreeMap::new();
    let mut has_bool = false;
    let mut id_owner: HashMap<u32, usize> = HashMap::new();
    for (i, ld) in schema.definitions.iter().enumerate() {
        let def = &ld.def;
        let full = def.name.to_string();
        if def.builtin {
            continue;
        }
        if def.category == Category::Type && def.result.name.to_string() == "Bool" {
            has_bool = true;
        }
        if !def.type_params.is_empty() && def.category == Category::Type && is_builtin_def(def) {
            // `vector {t:Type} # [ t ] = Vector t`: id known, nothing else.
            names_by_id.entry(def.id).or_insert(full);
            continue;
        }
        if let Some(&prev) = id_owner.get(&def.id) {
            let prev_name = a.def(prev).name.to_string();
            a.problem(
                i,
                format!(
                    "`{full}` has the id {:#010x} already used by `{prev_name}`",
                    def.id
                ),
            );
            continue;
        }
        id_owner.insert(def.id, i);
        if is_builtin_def(def) {
            names_by_id.insert(def.id, full);
            continue;
        }
        match def.category {
            Category::Type => {
                a.ctor_by_name.insert(full, i);
                let ty = def.result.name.to_string();
                if ty != "Object" {
                    a.ctors_of_type.entry(ty).or_default().push(i);
                }
            }
            Category::Function => {
                a.fn_by_name.insert(full, i);
            }
        }
    }

    // Subset selection.
    let keep: Option<HashSet<usize>> = match &opts.only {
        None => None,
        Some(names) => {
            let mut stack = Vec::new();
            let mut unknown = Vec::new();
            for n in names {
                if let Some(&i) = a.ctor_by_name.get(n) {
                    stack.push(i);
                } else if let Some(&i) = a.fn_by_name.get(n) {
                    stack.push(i);
                } else if let Some(cs) = a.ctors_of_type.get(n) {
                    stack.extend(cs.iter().copied());
                } else {
                    unknown.push(n.clone());
                }
            }
            if !unknown.is_empty() {
                return Err(Error::unknown_only(
                    unknown
                        .into_iter()
                        .map(|name| UnknownName {
                            name,
                            suggestion: None,
                        })
                        .collect(),
                ));
            }
            let mut seen = HashSet::new();
            let mut deps = Vec::new();
            while let Some(i) = stack.pop() {
                if !seen.insert(i) {
                    continue;
                }
                // A constructor needs every sibling of its boxed type.
                let def = a.def(i);
                if def.category == Category::Type
                    && let Some(cs) = a.ctors_of_type.get(&def.result.name.to_string())
                {
                    stack.extend(cs.iter().copied());
                }
                deps.clear();
                a.deps(i, &mut deps);
                for d in deps.drain(..) {
                    match d {
                        Dep::Def(j) => stack.push(j),
                        Dep::Object => {}
                    }
                }
            }
            Some(seen)
        }
    };
    let kept = |i: usize| keep.as_ref().is_none_or(|k| k.contains(&i));

    // Enums (one per boxed type with at least one kept constructor).
    let mut enum_regs: BTreeMap<Vec<String>, Registry> = BTreeMap::new();
    let mut enum_keys: Vec<(Vec<String>, String, String)> = Vec::new(); // (module, camel, tl)
    for (ty, ctors) in &a.ctors_of_type {
        if !ctors.iter().any(|&c| kept(c)) {
            continue;
        }
        let tn = tl_parser::ast::Name::parse_dotted(ty);
        let module: Vec<String> = tn
            .namespace
            .iter()
            .map(|n| names::escape(&names::snake(n)))
            .collect();
        enum_keys.push((module, names::escape(&names::camel(&tn.name)), ty.clone()));
    }
    enum_keys.sort();
    let mut enums: Vec<Enum> = Vec::new();
    let mut enum_index: HashMap<String, usize> = HashMap::new();
    for (module, camel, tl) in enum_keys {
        let name = enum_regs
            .entry(module.clone())
            .or_insert_with(module_registry)
            .claim(&camel);
        let description = schema
            .type_docs
            .iter()
            .find(|d| d.name.to_string() == tl)
            .map(|d| d.description.clone());
        enum_index.insert(tl.clone(), enums.len());
        enums.push(Enum {
            tl_name: tl,
            module,
            name,
            description,
            variants: Vec::new(),
            default_variant: None,
            size: 0,
        });
    }

    // Structs for constructors and functions.
    let mut ctor_keys = Vec::new();
    let mut fn_keys = Vec::new();
    for (i, ld) in schema.definitions.iter().enumerate() {
        let def = &ld.def;
        if !kept(i) || def.builtin || is_builtin_def(def) {
            continue;
        }
        if !a.ctor_by_name.contains_key(&def.name.to_string())
            && !a.fn_by_name.contains_key(&def.name.to_string())
        {
            continue; // duplicate id, already reported
        }
        let module: Vec<String> = def
            .name
            .namespace
            .iter()
            .map(|n| names::escape(&names::snake(n)))
            .collect();
        let key = (
            module,
            names::escape(&names::camel(&def.name.name)),
            def.name.to_string(),
            i,
        );
        match def.category {
            Category::Type => ctor_keys.push(key),
            Category::Function => {
                if opts.functions {
                    fn_keys.push(key)
                }
            }
        }
    }
    ctor_keys.sort();
    fn_keys.sort();
    let mut struct_index: HashMap<usize, usize> = HashMap::new(); // def -> struct
    let mut type_regs: BTreeMap<Vec<String>, Registry> = BTreeMap::new();
    let mut structs = Vec::new();
    for (module, camel, _, i) in &ctor_keys {
        let name = type_regs
            .entry(module.clone())
            .or_insert_with(module_registry)
            .claim(camel);
        struct_index.insert(*i, structs.len());
        structs.push(skeleton(schema, *i, module.clone(), name));
    }
    let mut fn_regs: BTreeMap<Vec<String>, Registry> = BTreeMap::new();
    let mut functions = Vec::new();
    for (module, camel, _, i) in &fn_keys {
        let name = fn_regs
            .entry(module.clone())
            .or_insert_with(module_registry)
            .claim(camel);
        let mut s = skeleton(schema, *i, module.clone(), name);
        s.method = opts
            .methods
            .as_ref()
            .and_then(|m| m.methods.get(&s.tl_name).cloned());
        functions.push(s);
    }

    // Resolve fields.
    let resolver = Resolver {
        a: &a,
        enum_index: &enum_index,
        struct_index: &struct_index,
    };
    let mut local_problems = Vec::new();
    let ctor_defs: Vec<usize> = ctor_keys.iter().map(|k| k.3).collect();
    for (si, &di) in ctor_defs.iter().enumerate() {
        if let Err(m) = resolver.fill(&mut structs[si], a.def(di)) {
            local_problems.push((di, m));
        }
    }
    let fn_defs: Vec<usize> = fn_keys.iter().map(|k| k.3).collect();
    for (fi, &di) in fn_defs.iter().enumerate() {
        let def = a.def(di);
        if let Err(m) = resolver.fill(&mut functions[fi], def) {
            local_problems.push((di, m));
            continue;
        }
        let generic = def.type_params.first().map(|tp| tp.name.clone());
        let ret = if def.result.generic_ref
            || generic.as_deref() == Some(def.result.name.to_string().as_str())
        {
            Ok(Ty::Param(
                generic
                    .clone()
                    .unwrap_or_else(|| def.result.name.to_string()),
            ))
        } else {
            resolver.resolve(&def.result, generic.as_deref())
        };
        match ret {
            Ok(t) => functions[fi].ret = Some(t),
            Err(m) => local_problems.push((di, m)),
        }
        functions[fi].ret_tl = Some(result_text(&def.result));
        functions[fi].generic = generic.map(|g| names::escape(&names::camel(&g)));
    }
    for (di, m) in local_problems {
        a.problem(di, m);
    }

    // Variants.
    for (si, &di) in ctor_defs.iter().enumerate() {
        let def = a.def(di);
        let ty = def.result.name.to_string();
        if let Some(&ei) = enum_index.get(&ty) {
            structs[si].enum_index = Some(ei);
            enums[ei].variants.push(Variant {
                name: String::new(),
                ctor: si,
                boxed: false,
            });
        }
    }
    for e in enums.iter_mut() {
        // schema order
        e.variants.sort_by_key(|v| ctor_defs[v.ctor]);
        let tn = tl_parser::ast::Name::parse_dotted(&e.tl_name);
        let type_camel = names::camel(&tn.name);
        let mut reg = Registry::new();
        for (vi, v) in e.variants.iter_mut().enumerate() {
            let cdef = &schema.definitions[ctor_defs[v.ctor]].def;
            let ccamel = names::camel(&cdef.name.name);
            let stripped = ccamel.strip_prefix(&type_camel).filter(|r| {
                r.starts_with(|c: char| c.is_ascii_uppercase()) && !names::is_keyword(r)
            });
            let mut wanted = stripped
                .map(str::to_owned)
                .unwrap_or_else(|| names::escape(&ccamel));
            if reg.is_taken(&wanted) {
                wanted = names::escape(&names::camel(&cdef.name.to_string()));
            }
            v.name = reg.claim(&wanted);
            structs[v.ctor].variant_index = Some(vi);
        }
    }

    let uses_object = structs
        .iter()
        .chain(functions.iter())
        .any(|s| s.fields.iter().any(|f| ty_uses_object(&f.ty)));
    if uses_object && !opts.object_enum {
        return Err(Error::config(
            "the schema uses the type `Object`, which needs the `Object` enum; enable `object_enum`",
        ));
    }
    if !a.problems.is_empty() {
        return Err(Error::analysis(schema.files.clone(), a.problems));
    }

    // Object variants.
    let object = if opts.object_enum {
        let mut reg = Registry::new();
        if has_bool {
            reg.reserve("Bool");
        }
        let mut vs = Vec::new();
        for (si, s) in structs.iter().enumerate() {
            vs.push((s.tl_name.clone(), ObjectTarget::Struct(si)));
        }
        if opts.decodable_functions {
            for (fi, f) in functions.iter().enumerate() {
                vs.push((f.tl_name.clone(), ObjectTarget::Function(fi)));
            }
        }
        // constructors claim first, then functions, each in name order
        Some(
            vs.into_iter()
                .map(|(tl, target)| ObjectVariant {
                    name: reg.claim(&names::escape(&names::camel(&tl))),
                    target,
                    boxed: false,
                })
                .collect::<Vec<_>>(),
        )
    } else {
        None
    };

    for s in structs.iter().chain(functions.iter()) {
        names_by_id.insert(s.id, s.tl_name.clone());
    }
    if keep.is_some() {
        // Only builtins plus what is kept.
        names_by_id.retain(|id, name| {
            structs.iter().chain(functions.iter()).any(|s| s.id == *id)
                || !a.ctor_by_name.contains_key(name) && !a.fn_by_name.contains_key(name)
        });
    }

    let mut ir = Ir {
        layer: schema.layer,
        structs,
        enums,
        functions,
        object,
        has_bool,
        names_by_id: names_by_id.into_iter().collect(),
        decodable_functions: opts.decodable_functions,
        files: schema.files.iter().map(|f| f.name.clone()).collect(),
    };
    boxing(&mut ir);
    defaults(&mut ir);
    Ok(ir)
}

fn ty_uses_object(t: &Ty) -> bool {
    match t {
        Ty::Object => true,
        Ty::Vector { elem, .. } => ty_uses_object(elem),
        _ => false,
    }
}

fn skeleton(schema: &LoadedSchema, i: usize, module: Vec<String>, name: String) -> Struct {
    let ld = &schema.definitions[i];
    let def = &ld.def;
    Struct {
        tl_name: def.name.to_string(),
        id: def.id,
        module,
        name,
        tl_line: tl_parser::print_definition(def),
        description: def.doc.as_ref().and_then(|d| d.description.clone()),
        fields: Vec::new(),
        flag_words: Vec::new(),
        wire: Vec::new(),
        enum_index: None,
        variant_index: None,
        default: false,
        generic: None,
        ret: None,
        ret_tl: None,
        method: None,
        size: 0,
        min_bare: 0,
        file: ld.file,
    }
}

struct Resolver<'r, 'a> {
    a: &'r Analyzer<'a>,
    enum_index: &'r HashMap<String, usize>,
    struct_index: &'r HashMap<usize, usize>,
}

impl Resolver<'_, '_> {
    /// Resolves a type expression.
    fn resolve(&self, t: &TypeExpr, generic: Option<&str>) -> Result<Ty, String> {
        let full = t.name.to_string();
        if t.generic_ref {
            return match generic {
                Some(g) if g == full => Ok(Ty::Param(g.to_owned())),
                _ => Err(format!(
                    "`!{full}` does not name a type parameter of this function"
                )),
            };
        }
        if generic == Some(full.as_str()) {
            return Ok(Ty::Param(full));
        }
        if t.is_nat() {
            return Ok(Ty::Nat);
        }
        let builtin = if t.name.namespace.is_empty() {
            match t.name.name.as_str() {
                "int" | "Int" => Some(Ty::Int),
                "long" | "Long" => Some(Ty::Long),
                "double" | "Double" => Some(Ty::Double),
                "string" | "String" => Some(Ty::String),
                "bytes" | "Bytes" => Some(Ty::Bytes),
                "int128" | "Int128" => Some(Ty::Int128),
                "int256" | "Int256" => Some(Ty::Int256),
                "Bool" if !t.bare => Some(Ty::Bool),
                "Object" if !t.bare => Some(Ty::Object),
                "Vector" | "vector" => {
                    if t.args.len() != 1 {
                        return Err(format!("`{full}` takes exactly one type argument"));
                    }
                    let e = self.resolve(&t.args[0], generic)?;
                    if let Ty::Vector { elem, bare } = &e
                        && (*bare || needs_helper_elem(elem))
                    {
                        return Err(format!(
                            "`{}`: a vector nested in a vector must be a boxed `Vector` of plain elements",
                            t
                        ));
                    }
                    Some(Ty::Vector {
                        elem: Box::new(e),
                        bare: t.bare || t.name.name == "vector",
                    })
                }
                _ => None,
            }
        } else {
            None
        };
        if let Some(b) = builtin {
            return Ok(b);
        }
        if !t.args.is_empty() {
            return Err(format!("`{full}` takes no type arguments"));
        }
        let lower = t.name.name.starts_with(|c: char| c.is_ascii_lowercase());
        if lower {
            // A bare constructor named directly.
            return match self.a.ctor_by_name.get(&full) {
                Some(di) => match self.struct_index.get(di) {
                    Some(&si) => Ok(Ty::Bare(si)),
                    None => Err(format!("constructor `{full}` is not generated")),
                },
                None => Err(format!("unknown type `{full}`")),
            };
        }
        if t.bare {
            let ctors = self.a.ctors_of_type.get(&full);
            return match ctors.map(Vec::as_slice) {
                Some([one]) => Ok(Ty::Bare(self.struct_index[one])),
                Some(_) => Err(format!(
                    "`%{full}`: a bare type needs exactly one constructor"
                )),
                None => Err(format!("unknown type `{full}`")),
            };
        }
        match self.enum_index.get(&full) {
            Some(&e) => Ok(Ty::Enum(e)),
            None => Err(format!("unknown type `{full}`")),
        }
    }

    fn fill(&self, s: &mut Struct, def: &Definition) -> Result<(), String> {
        let generic = def.type_params.first().map(|tp| tp.name.as_str());
        if def.type_params.len() > 1 {
            return Err("only one type parameter is supported".into());
        }
        // Which `#` params are flags words.
        let mut flag_names: HashSet<&str> = HashSet::new();
        for p in &def.params {
            if let ParamKind::Value { flag: Some(f), .. } = &p.kind {
                flag_names.insert(f.field.as_str());
            }
        }
        let mut reg = Registry::new();
        reg.reserve("__r");
        let mut word_index: HashMap<&str, usize> = HashMap::new();
        for p in &def.params {
            if let (Some(n), ParamKind::Value { ty, flag: None }) = (&p.name, &p.kind)
                && ty.is_nat()
                && flag_names.contains(n.as_str())
            {
                word_index.insert(n, s.flag_words.len());
                s.flag_words.push(FlagWord {
                    name: reg.claim(&names::escape(&names::snake(n))),
                    tl_name: n.clone(),
                    groups: Vec::new(),
                });
            }
        }
        let docs: HashMap<&str, &str> = def
            .doc
            .as_ref()
            .map(|d| {
                d.fields
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        for p in &def.params {
            let Some(name) = &p.name else {
                return Err(format!(
                    "anonymous parameter `{}` is only supported in builtin definitions",
                    p
                ));
            };
            let (ty, flag) = match &p.kind {
                ParamKind::Value { ty, flag } => (ty, flag),
                ParamKind::Repeated { .. } => {
                    return Err(format!(
                        "repetition `{}` is not supported; use `Vector<T>`",
                        p
                    ));
                }
            };
            if let Some(&w) = word_index.get(name.as_str())
                && flag.is_none()
            {
                s.wire.push(WireItem::Flags(w));
                continue;
            }
            let cond = match flag {
                None => Cond::Always,
                Some(f) => {
                    let Some(&word) = word_index.get(f.field.as_str()) else {
                        return Err(format!(
                            "`{name}` uses `{}.{}?` but `{}` is not a `#` parameter declared before it",
                            f.field, f.bit, f.field
                        ));
                    };
                    if f.bit > 31 {
                        return Err(format!("`{name}`: flag bit {} is out of range", f.bit));
                    }
                    if !s.wire.contains(&WireItem::Flags(word)) {
                        return Err(format!("`{name}` uses `{}` before it is declared", f.field));
                    }
                    let is_true = ty.name.namespace.is_empty()
                        && (ty.name.name == "true" || ty.name.name == "True");
                    if is_true {
                        Cond::TrueFlag { word, bit: f.bit }
                    } else {
                        Cond::Flag { word, bit: f.bit }
                    }
                }
            };
            let rty = if matches!(cond, Cond::TrueFlag { .. }) {
                Ty::Bool
            } else if ty.name.namespace.is_empty()
                && (ty.name.name == "true" || ty.name.name == "True")
            {
                return Err(format!(
                    "`{name}:{}` outside a flag has no value; write `flags.N?true`",
                    ty.name
                ));
            } else {
                self.resolve(ty, generic)?
            };
            let fi = s.fields.len();
            s.fields.push(Field {
                name: reg.claim(&names::escape(&names::snake(name))),
                tl_name: name.clone(),
                tl_text: p.to_string(),
                ty: rty,
                cond,
                boxed: false,
                doc: docs.get(name.as_str()).map(|d| (*d).to_owned()),
            });
            s.wire.push(WireItem::Field(fi));
        }
        // Bit groups.
        for (fi, f) in s.fields.iter().enumerate() {
            let (word, bit, is_true) = match f.cond {
                Cond::Always => continue,
                Cond::Flag { word, bit } => (word, bit, false),
                Cond::TrueFlag { word, bit } => (word, bit, true),
            };
            let groups = &mut s.flag_words[word].groups;
            let g = match groups.iter_mut().position(|g| g.bit == bit) {
                Some(p) => &mut groups[p],
                None => {
                    groups.push(BitGroup {
                        bit,
                        values: Vec::new(),
                        trues: Vec::new(),
                    });
                    groups.last_mut().expect("just pushed")
                }
            };
            if is_true {
                g.trues.push(fi);
            } else {
                g.values.push(fi);
            }
        }
        for w in &mut s.flag_words {
            w.groups.sort_by_key(|g| g.bit);
        }
        Ok(())
    }
}

/// Whether a vector element type needs the bare-element helpers.
pub fn needs_helper_elem(t: &Ty) -> bool {
    matches!(t, Ty::Bare(_))
}

// ---------------------------------------------------------------------------
// Boxing

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Node {
    Enum(usize),
    Struct(usize),
    Func(usize),
    Object,
}

fn inline_targets(t: &Ty, out: &mut Vec<Node>) {
    match t {
        Ty::Enum(e) => out.push(Node::Enum(*e)),
        Ty::Bare(s) => out.push(Node::Struct(*s)),
        Ty::Object => out.push(Node::Object),
        _ => {}
    }
}

fn boxing(ir: &mut Ir) {
    let mut nodes: Vec<Node> = Vec::new();
    nodes.extend((0..ir.enums.len()).map(Node::Enum));
    nodes.extend((0..ir.structs.len()).map(Node::Struct));
    nodes.extend((0..ir.functions.len()).map(Node::Func));
    if ir.object.is_some() {
        nodes.push(Node::Object);
    }
    let index: HashMap<Node, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let object_has_generic_fn = |ir: &Ir| ir.object.is_some();
    let succ = |ir: &Ir, n: Node| -> Vec<Node> {
        let mut out = Vec::new();
        match n {
            Node::Enum(e) => {
                for v in &ir.enums[e].variants {
                    if !ir.structs[v.ctor].is_unit() {
                        out.push(Node::Struct(v.ctor));
                    }
                }
            }
            Node::Struct(s) => {
                for f in &ir.structs[s].fields {
                    inline_targets(&f.ty, &mut out);
                }
            }
            Node::Func(s) => {
                for f in &ir.functions[s].fields {
                    if matches!(f.ty, Ty::Param(_)) && object_has_generic_fn(ir) {
                        out.push(Node::Object);
                    }
                    inline_targets(&f.ty, &mut out);
                }
            }
            Node::Object => {
                if let Some(o) = &ir.object {
                    for v in o {
                        match v.target {
                            ObjectTarget::Struct(s) => out.push(Node::Struct(s)),
                            ObjectTarget::Function(f) => out.push(Node::Func(f)),
                        }
                    }
                }
            }
        }
        out
    };
    // Tarjan's SCC (iterative).
    let n = nodes.len();
    let adj: Vec<Vec<usize>> = nodes
        .iter()
        .map(|&nd| succ(ir, nd).into_iter().map(|m| index[&m]).collect())
        .collect();
    let comp = tarjan(&adj);
    let same = |a: Node, b: Node| comp[index[&a]] == comp[index[&b]];
    let _ = n;
    for e in 0..ir.enums.len() {
        for vi in 0..ir.enums[e].variants.len() {
            let c = ir.enums[e].variants[vi].ctor;
            if !ir.structs[c].is_unit() && same(Node::Enum(e), Node::Struct(c)) {
                ir.enums[e].variants[vi].boxed = true;
            }
        }
    }
    for s in 0..ir.structs.len() {
        for fi in 0..ir.structs[s].fields.len() {
            if let Ty::Bare(t) = ir.structs[s].fields[fi].ty
                && same(Node::Struct(s), Node::Struct(t))
            {
                ir.structs[s].fields[fi].boxed = true;
            }
        }
    }
    for s in 0..ir.functions.len() {
        for fi in 0..ir.functions[s].fields.len() {
            if let Ty::Bare(t) = ir.functions[s].fields[fi].ty
                && same(Node::Func(s), Node::Struct(t))
            {
                ir.functions[s].fields[fi].boxed = true;
            }
        }
    }
    if let Some(mut o) = ir.object.take() {
        for v in o.iter_mut() {
            let target = match v.target {
                ObjectTarget::Struct(s) => Node::Struct(s),
                ObjectTarget::Function(f) => Node::Func(f),
            };
            v.boxed = same(Node::Object, target);
        }
        ir.object = Some(o);
    }

    // Sizes, now that cycles are broken. Memoised DFS.
    let mut sizes: HashMap<Node, usize> = HashMap::new();
    for e in 0..ir.enums.len() {
        node_size(ir, Node::Enum(e), &mut sizes);
    }
    for s in 0..ir.structs.len() {
        node_size(ir, Node::Struct(s), &mut sizes);
    }
    for s in 0..ir.functions.len() {
        node_size(ir, Node::Func(s), &mut sizes);
    }
    if let Some(mut o) = ir.object.take() {
        for v in o.iter_mut() {
            let (node, unit) = match v.target {
                ObjectTarget::Struct(s) => (Node::Struct(s), ir.structs[s].is_unit()),
                ObjectTarget::Function(f) => (Node::Func(f), ir.functions[f].is_unit()),
            };
            if !unit && !v.boxed && node_size(ir, node, &mut sizes) > LARGE_VARIANT {
                v.boxed = true;
            }
        }
        ir.object = Some(o);
    }
    for (node, size) in sizes {
        match node {
            Node::Enum(e) => ir.enums[e].size = size,
            Node::Struct(s) => ir.structs[s].size = size,
            Node::Func(f) => ir.functions[f].size = size,
            Node::Object => {}
        }
    }
    // Minimum bare sizes (underestimates are safe).
    let mut mins: HashMap<usize, usize> = HashMap::new();
    for s in 0..ir.structs.len() {
        let m = min_bare(ir, s, &mut mins, &mut HashSet::new());
        ir.structs[s].min_bare = m;
    }
}

fn min_bare(
    ir: &Ir,
    s: usize,
    memo: &mut HashMap<usize, usize>,
    visiting: &mut HashSet<usize>,
) -> usize {
    if let Some(&m) = memo.get(&s) {
        return m;
    }
    if !visiting.insert(s) {
        return 0;
    }
    let st = &ir.structs[s];
    let mut total = 4 * st.flag_words.len();
    for f in &st.fields {
        if f.cond != Cond::Always {
            continue;
        }
        total += match &f.ty {
            t if t.fixed_size().is_some() => t.fixed_size().unwrap_or(0),
            Ty::String | Ty::Bytes => 4,
            Ty::Vector { bare: false, .. } => 8,
            Ty::Vector { bare: true, .. } => 4,
            Ty::Enum(_) | Ty::Object | Ty::Param(_) => 4,
            Ty::Bare(t) => min_bare(ir, *t, memo, visiting),
            _ => 0,
        };
    }
    visiting.remove(&s);
    memo.insert(s, total);
    total
}

fn ty_size(ir: &Ir, t: &Ty, boxed: bool, sizes: &mut HashMap<Node, usize>) -> usize {
    if boxed {
        return 8;
    }
    match t {
        Ty::Int | Ty::Nat => 4,
        Ty::Long | Ty::Double => 8,
        Ty::Bool => 1,
        Ty::Int128 => 16,
        Ty::Int256 => 32,
        Ty::String | Ty::Vector { .. } => 24,
        Ty::Bytes => 32,
        Ty::Param(_) => 8,
        Ty::Object => 16,
        Ty::Enum(e) => node_size(ir, Node::Enum(*e), sizes),
        Ty::Bare(s) => node_size(ir, Node::Struct(*s), sizes),
    }
}

fn node_size(ir: &Ir, n: Node, sizes: &mut HashMap<Node, usize>) -> usize {
    if let Some(&s) = sizes.get(&n) {
        return s;
    }
    // Guard against any cycle the boxing missed: count as a pointer.
    sizes.insert(n, 8);
    let size = match n {
        Node::Struct(_) | Node::Func(_) => {
            let st = match n {
                Node::Struct(s) => &ir.structs[s],
                Node::Func(f) => &ir.functions[f],
                _ => unreachable!(),
            };
            let mut total = 0;
            for f in &st.fields {
                let base = ty_size(ir, &f.ty, f.boxed, sizes);
                total += match f.cond {
                    Cond::Flag { .. }
                        if !f.boxed
                            && matches!(
                                f.ty,
                                Ty::Int
                                    | Ty::Long
                                    | Ty::Double
                                    | Ty::Nat
                                    | Ty::Int128
                                    | Ty::Int256
                                    | Ty::Bool
                            ) =>
                    {
                        base + base.min(8)
                    }
                    _ => base,
                };
            }
            total.div_ceil(8) * 8
        }
        Node::Enum(e) => {
            let mut payloads: Vec<(usize, usize)> = Vec::new();
            for (vi, v) in ir.enums[e].variants.iter().enumerate() {
                let s = if v.boxed || ir.structs[v.ctor].is_unit() {
                    if v.boxed { 8 } else { 0 }
                } else {
                    node_size(ir, Node::Struct(v.ctor), sizes)
                };
                payloads.push((vi, s));
            }
            let mut max = 0;
            for (_, s) in payloads {
                if s <= LARGE_VARIANT {
                    max = max.max(s);
                } else {
                    max = max.max(8);
                }
            }
            max + 8
        }
        Node::Object => 16,
    };
    sizes.insert(n, size);
    size
}

/// Marks large enum variants boxed (separate pass so `node_size` stays pure).
fn box_large(ir: &mut Ir) {
    for e in 0..ir.enums.len() {
        for vi in 0..ir.enums[e].variants.len() {
            let c = ir.enums[e].variants[vi].ctor;
            if !ir.enums[e].variants[vi].boxed && ir.structs[c].size > LARGE_VARIANT {
                ir.enums[e].variants[vi].boxed = true;
            }
        }
    }
}

fn tarjan(adj: &[Vec<usize>]) -> Vec<usize> {
    let n = adj.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next = 0;
    let mut ncomp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            if *ei < adj[v].len() {
                let w = adj[v][*ei];
                *ei += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(u, _)) = call.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = ncomp;
                        if w == v {
                            break;
                        }
                    }
                    ncomp += 1;
                }
            }
        }
    }
    // A single node is only "in its own component" with itself when it has
    // a self-edge; give self-loop-free singletons distinct ids already (done),
    // and self-edges keep the same id, which is what boxing wants.
    comp
}

// ---------------------------------------------------------------------------
// Default

fn ty_default(ir: &Ir, t: &Ty, enum_ok: &[bool], struct_ok: &[bool]) -> bool {
    match t {
        Ty::Enum(e) => enum_ok[*e],
        Ty::Bare(s) => struct_ok[*s],
        Ty::Object | Ty::Param(_) => false,
        _ => {
            let _ = ir;
            true
        }
    }
}

#[allow(clippy::needless_range_loop)]
fn defaults(ir: &mut Ir) {
    box_large(ir);
    let mut enum_ok = vec![false; ir.enums.len()];
    let mut struct_ok = vec![false; ir.structs.len()];
    loop {
        let mut changed = false;
        for s in 0..ir.structs.len() {
            if struct_ok[s] {
                continue;
            }
            let ok = ir.structs[s]
                .fields
                .iter()
                .all(|f| f.cond != Cond::Always || ty_default(ir, &f.ty, &enum_ok, &struct_ok));
            if ok {
                struct_ok[s] = true;
                changed = true;
            }
        }
        for e in 0..ir.enums.len() {
            if enum_ok[e] {
                continue;
            }
            let vs = &ir.enums[e].variants;
            let pick = vs
                .iter()
                .position(|v| ir.structs[v.ctor].is_unit())
                .or_else(|| vs.iter().position(|v| struct_ok[v.ctor]));
            if let Some(p) = pick {
                enum_ok[e] = true;
                ir.enums[e].default_variant = Some(p);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let ok_fns: Vec<bool> = ir
        .functions
        .iter()
        .map(|f| {
            f.generic.is_none()
                && f.fields.iter().all(|fd| {
                    fd.cond != Cond::Always || ty_default(ir, &fd.ty, &enum_ok, &struct_ok)
                })
        })
        .collect();
    for (f, ok) in ok_fns.into_iter().enumerate() {
        ir.functions[f].default = ok;
    }
    for (s, ok) in struct_ok.into_iter().enumerate() {
        ir.structs[s].default = ok;
    }
}
