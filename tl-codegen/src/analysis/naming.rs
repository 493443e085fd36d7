//! Pass 3: naming. Rust names for every boxed type (an enum), constructor
//! and function (structs) and variant, each scope handing out names through
//! one [`Registry`], so clashes resolve deterministically (numeric
//! suffixes, in sorted order).
//!
//! Items are sorted by module, then name. Enum variants are the
//! constructor name with the type name stripped (`inputPeerUser` in
//! `InputPeer` -> `User`) when what remains is a valid, non-keyword name,
//! else the whole constructor name.
//!
//! Every scope also reserves the names of the modules nested in it (types
//! and modules share Rust's type namespace: constructor `_1` and namespace
//! `_1` would both be `_1`), and namespaces are at most
//! [`MAX_NAMESPACE_DEPTH`] segments deep, like type nesting in the parser,
//! so that no printer recurses without bound. A type whose name has no Rust
//! spelling (`foo = #;`) is a diagnostic.

use std::collections::{BTreeMap, HashMap, HashSet};

use typelang_parser::ast::{Category, Name};
use typelang_parser::{Diagnostic, DiagnosticKind};

use super::AnalysisOptions;
use super::index::Index;
use crate::ir::{Enum, EnumId, Ir, Struct, StructId, Variant};
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

/// The deepest namespace (in segments) a definition or its result type may
/// have; deeper ones are a diagnostic.
pub const MAX_NAMESPACE_DEPTH: usize = 64;

/// One registry per module scope that has nested modules, each reserving
/// the names of the modules directly inside it.
fn scopes<'k>(modules: impl Iterator<Item = &'k Vec<String>>) -> BTreeMap<Vec<String>, Registry> {
    let mut regs: BTreeMap<Vec<String>, Registry> = BTreeMap::new();
    for m in modules {
        for k in 0..m.len() {
            regs.entry(m[..k].to_vec())
                .or_insert_with(module_registry)
                .reserve(&m[k]);
        }
    }
    regs
}

pub(super) fn module_registry() -> Registry {
    let mut r = Registry::new();
    for n in PRELUDE_NAMES {
        r.reserve(n);
    }
    r
}

/// Where each named item came from, for the later passes.
pub(super) struct Named {
    /// Boxed type TL name -> enum.
    pub(super) enum_of_type: HashMap<String, EnumId>,
    /// Loaded definition -> constructor struct.
    pub(super) struct_of_def: HashMap<usize, StructId>,
    /// The loaded definition of each constructor struct.
    pub(super) ctor_defs: Vec<usize>,
    /// The loaded definition of each function.
    pub(super) fn_defs: Vec<usize>,
}

fn module_of(namespace: &[String]) -> Vec<String> {
    namespace
        .iter()
        .map(|n| names::escape(&names::snake(n)))
        .collect()
}

/// Names the kept items and builds the [`Ir`] skeleton (no field types
/// yet).
pub(super) fn name(
    index: &Index<'_>,
    keep: Option<&HashSet<usize>>,
    opts: &AnalysisOptions,
    problems: &mut Vec<Diagnostic>,
) -> (Ir, Named) {
    let schema = index.schema;
    let kept = |i: usize| keep.is_none_or(|k| k.contains(&i));

    // Enums: one per boxed type with at least one kept constructor.
    let mut enum_keys: Vec<(Vec<String>, String, String)> = Vec::new(); // (module, camel, tl)
    for (ty, ctors) in &index.ctors_of_type {
        if !ctors.iter().any(|&c| kept(c)) {
            continue;
        }
        let tn = Name::parse_dotted(ty);
        let first = ctors[0];
        let camel = names::escape(&names::camel(&tn.name));
        if !names::is_ident(&camel) {
            let ld = &schema.definitions[first];
            problems.push(
                Diagnostic::error(
                    DiagnosticKind::Unsupported,
                    format!("the result type `{ty}` has no Rust name"),
                    ld.def.span,
                )
                .in_file(ld.file)
                .with_help(
                    "`#` is the builtin natural-number type; give the constructor a boxed type of its own, such as `Foo`",
                ),
            );
            continue;
        }
        enum_keys.push((module_of(&tn.namespace), camel, ty.clone()));
    }
    enum_keys.sort();
    let mut enum_regs = scopes(enum_keys.iter().map(|k| &k.0));
    let mut enums: Vec<Enum> = Vec::new();
    let mut enum_of_type = HashMap::new();
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
        enum_of_type.insert(tl.clone(), EnumId(enums.len()));
        enums.push(Enum {
            tl_name: tl,
            module,
            name,
            description,
            variants: Vec::new(),
            default_variant: None,
            eq_hash: false,
            params: Vec::new(),
            size: 0,
        });
    }

    // Structs for constructors and functions.
    let mut ctor_keys = Vec::new();
    let mut fn_keys = Vec::new();
    for (i, ld) in schema.definitions.iter().enumerate() {
        if !kept(i) || !index.is_item(i) {
            continue;
        }
        let def = &ld.def;
        let deepest = def
            .name
            .namespace
            .len()
            .max(def.result.name.namespace.len());
        if deepest > MAX_NAMESPACE_DEPTH {
            problems.push(
                Diagnostic::error(
                    DiagnosticKind::Unsupported,
                    format!(
                        "a namespace {deepest} segments deep: at most {MAX_NAMESPACE_DEPTH} are supported"
                    ),
                    def.span,
                )
                .in_file(ld.file),
            );
            continue;
        }
        let key = (
            module_of(&def.name.namespace),
            names::escape(&names::camel(&def.name.name)),
            def.name.to_string(),
            i,
        );
        match def.category {
            Category::Type => ctor_keys.push(key),
            Category::Function if opts.functions => fn_keys.push(key),
            Category::Function => {}
        }
    }
    ctor_keys.sort();
    fn_keys.sort();
    let mut struct_of_def = HashMap::new();
    let mut type_regs = scopes(ctor_keys.iter().map(|k| &k.0));
    let mut structs = Vec::new();
    for (module, camel, _, i) in &ctor_keys {
        let name = type_regs
            .entry(module.clone())
            .or_insert_with(module_registry)
            .claim(camel);
        struct_of_def.insert(*i, StructId(structs.len()));
        structs.push(skeleton(index, *i, module.clone(), name));
    }
    let mut fn_regs = scopes(fn_keys.iter().map(|k| &k.0));
    let mut functions = Vec::new();
    for (module, camel, _, i) in &fn_keys {
        let name = fn_regs
            .entry(module.clone())
            .or_insert_with(module_registry)
            .claim(camel);
        let mut s = skeleton(index, *i, module.clone(), name);
        s.method = opts
            .methods
            .as_ref()
            .and_then(|m| m.methods.get(&s.tl_name).cloned());
        functions.push(s);
    }
    let ctor_defs: Vec<usize> = ctor_keys.iter().map(|k| k.3).collect();
    let fn_defs: Vec<usize> = fn_keys.iter().map(|k| k.3).collect();

    variants(index, &ctor_defs, &enum_of_type, &mut structs, &mut enums);

    // `name_for_id`: the builtins' ids and every item's.
    let mut names_by_id = index.builtin_ids.clone();
    for s in structs.iter().chain(functions.iter()) {
        names_by_id.insert(s.id, s.tl_name.clone());
    }
    if keep.is_some() {
        // Only builtins plus what is kept.
        names_by_id.retain(|id, name| {
            structs.iter().chain(functions.iter()).any(|s| s.id == *id)
                || !index.ctor_by_name.contains_key(name) && !index.fn_by_name.contains_key(name)
        });
    }

    let ir = Ir {
        layer: schema.layer,
        structs,
        enums,
        functions,
        object: None,
        has_bool: index.has_bool,
        names_by_id: names_by_id.into_iter().collect(),
        decodable_functions: opts.decodable_functions,
        files: schema.files.iter().map(|f| f.name.clone()).collect(),
        raw_vec_helpers: false,
        object_eq_hash: false,
        undecodable_function_ids: Vec::new(),
    };
    let named = Named {
        enum_of_type,
        struct_of_def,
        ctor_defs,
        fn_defs,
    };
    (ir, named)
}

/// A variant per constructor, in schema order, named within its enum.
fn variants(
    index: &Index<'_>,
    ctor_defs: &[usize],
    enum_of_type: &HashMap<String, EnumId>,
    structs: &mut [Struct],
    enums: &mut [Enum],
) {
    for (si, &di) in ctor_defs.iter().enumerate() {
        let ty = index.def(di).result.name.to_string();
        if let Some(&ei) = enum_of_type.get(&ty) {
            structs[si].enum_index = Some(ei);
            enums[ei].variants.push(Variant {
                name: String::new(),
                ctor: StructId(si),
                boxed: false,
            });
        }
    }
    for e in enums.iter_mut() {
        e.variants.sort_by_key(|v| ctor_defs[v.ctor.0]);
        let type_camel = names::camel(&Name::parse_dotted(&e.tl_name).name);
        let mut reg = Registry::new();
        for (vi, v) in e.variants.iter_mut().enumerate() {
            let cdef = index.def(ctor_defs[v.ctor.0]);
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
}

fn skeleton(index: &Index<'_>, i: usize, module: Vec<String>, name: String) -> Struct {
    let ld = &index.schema.definitions[i];
    let def = &ld.def;
    Struct {
        tl_name: def.name.to_string(),
        id: def.id,
        module,
        name,
        tl_line: typelang_parser::print_definition(def),
        description: def.doc.as_ref().and_then(|d| d.description.clone()),
        fields: Vec::new(),
        flag_words: Vec::new(),
        wire: Vec::new(),
        enum_index: None,
        variant_index: None,
        default: false,
        generic: None,
        params: Vec::new(),
        ret: None,
        ret_tl: None,
        method: None,
        size: 0,
        min_bare: 0,
        file: ld.file,
        bare_used: false,
        eq_hash: false,
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::testing::analyzed;

    #[test]
    fn variants_drop_the_type_name_unless_that_leaves_no_name() {
        let ir = analyzed(
            "inputPeerUser#1 id:int = InputPeer;\ninputPeer#2 = InputPeer;\ninputPeerSelf#3 = InputPeer;\n",
        );
        let names: Vec<&str> = ir.enums[0]
            .variants
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        assert_eq!(names, ["User", "InputPeer", "InputPeerSelf"]);
    }

    #[test]
    fn items_do_not_take_the_name_of_a_nested_module() {
        let ir = analyzed("_1 = Foo;\n_1.bar = Bar;\n");
        let names: Vec<(&str, &str)> = ir
            .structs
            .iter()
            .map(|s| (s.tl_name.as_str(), s.name.as_str()))
            .collect();
        assert_eq!(names, [("_1", "_1_2"), ("_1.bar", "Bar")]);
    }

    #[test]
    fn type_parameters_shadow_no_std_name_and_not_their_item() {
        let ir = analyzed(
            "---functions---\nf {String:Type} s:string query:!String = String;\nx {X:Type} query:!X = X;\n",
        );
        let generics: Vec<(&str, Option<&str>)> = ir
            .functions
            .iter()
            .map(|f| (f.name.as_str(), f.generic.as_deref()))
            .collect();
        assert_eq!(generics, [("F", Some("String2")), ("X", Some("X2"))]);
    }

    #[test]
    fn clashing_names_get_suffixes_and_prelude_names_are_reserved() {
        let ir = analyzed("option#1 = Foo;\nfoo.option#2 = Foo;\nvec#3 x:int = Vec;\n");
        let names: Vec<&str> = ir.structs.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Option2", "Vec2", "Option2"]);
        assert_eq!(
            ir.enums.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
            ["Foo", "Vec2"]
        );
    }
}
