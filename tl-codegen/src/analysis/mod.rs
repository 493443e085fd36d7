//! Phase 2: analysis. Turns the merged definitions into the [`Ir`], deciding
//! everything over the whole schema at once. The passes, in order, each in
//! its own file with the rule it applies:
//!
//! 1. `index`: which definitions produce items, looked up by name.
//! 2. `subset`: what `only` keeps (the named items and everything they
//!    need).
//! 3. `naming`: Rust names for every enum, struct, function and variant,
//!    through one [`Registry`](crate::names::Registry) per scope.
//! 4. `resolve`: field and return types, flags words and the bits they
//!    share.
//! 5. `object`: the variants of the `Object` enum, and the function ids
//!    it cannot decode.
//! 6. `boxing`: which variants and fields are boxed (cycles, size).
//! 7. `defaults`: which items derive `Default`, and each enum's default.
//! 8. `usage`: which constructors are used bare, which wire helpers the
//!    output needs.
//! 9. `eq_hash`: which items derive `Eq` and `Hash` (no `double`
//!    reachable).
//!
//! Every problem is a [`Diagnostic`] pointing at the parameter or
//! definition at fault; the analysis reports all of them at once.

mod boxing;
mod defaults;
mod eq_hash;
mod index;
mod naming;
mod object;
mod resolve;
mod subset;
mod usage;

use typelang_parser::Diagnostic;

pub use boxing::LARGE_VARIANT;
pub use naming::{MAX_NAMESPACE_DEPTH, PRELUDE_NAMES};

use crate::error::Error;
pub use crate::ir::*;
use crate::load::LoadedSchema;
use crate::methods::MethodTable;

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

/// Runs the analysis.
pub fn analyze(schema: &LoadedSchema, opts: &AnalysisOptions) -> Result<Ir, Error> {
    let mut problems: Vec<Diagnostic> = Vec::new();
    let index = index::Index::build(schema);
    // tonlib's `Function` ("any function") is an `Object` holding a call:
    // the `Object` enum then holds the functions, which decode.
    let any_function = AnalysisOptions {
        decodable_functions: true,
        ..opts.clone()
    };
    let opts = if opts.functions && uses_any_function(schema) {
        &any_function
    } else {
        opts
    };
    let keep = subset::select(&index, opts.only.as_deref())?;
    let (mut ir, named) = naming::name(&index, keep.as_ref(), opts, &mut problems);
    if !problems.is_empty() {
        return Err(Error::analysis(schema.files.clone(), problems));
    }
    resolve::resolve(&index, &named, &mut ir, opts, &mut problems);
    if !problems.is_empty() {
        return Err(Error::analysis(schema.files.clone(), problems));
    }
    let mut function_ids: Vec<u32> = index
        .fn_by_name
        .values()
        .map(|&i| index.def(i).id)
        .collect();
    function_ids.sort_unstable();
    object::variants(&mut ir, opts, index.has_bool, &function_ids);
    boxing::run(&mut ir);
    defaults::run(&mut ir);
    usage::run(&mut ir);
    eq_hash::run(&mut ir);
    Ok(ir)
}

/// Whether some parameter or result names `Function`/`function`.
fn uses_any_function(schema: &LoadedSchema) -> bool {
    use typelang_parser::ast::{Param, ParamKind, TypeExpr};
    fn ty(t: &TypeExpr) -> bool {
        (t.name.namespace.is_empty() && matches!(t.name.name.as_str(), "Function" | "function"))
            || t.args.iter().any(ty)
    }
    fn param(p: &Param) -> bool {
        match &p.kind {
            ParamKind::Value { ty: t, .. } => ty(t),
            ParamKind::Repeated { fields, .. } => fields.iter().any(param),
        }
    }
    schema
        .definitions
        .iter()
        .filter(|d| !d.def.builtin)
        .any(|d| d.def.params.iter().any(param))
}

#[cfg(test)]
pub(crate) mod testing {
    //! Three-line schemas through load and analysis, for the passes' tests.

    use super::{AnalysisOptions, Ir, analyze};
    use crate::error::Error;
    use crate::load::{LoadedSchema, load};

    pub(crate) fn loaded(text: &str) -> LoadedSchema {
        let opts = typelang_parser::ParseOptions {
            id_check: typelang_parser::IdCheck::Warn,
            ..Default::default()
        };
        load(
            vec![typelang_parser::SourceFile {
                name: "t.tl".into(),
                text: text.into(),
            }],
            &opts,
        )
        .expect("loads")
    }

    pub(crate) fn options() -> AnalysisOptions {
        AnalysisOptions {
            functions: true,
            object_enum: true,
            ..AnalysisOptions::default()
        }
    }

    pub(crate) fn analyzed(text: &str) -> Ir {
        analyze(&loaded(text), &options()).expect("analyses")
    }

    pub(crate) fn failure(text: &str, opts: &AnalysisOptions) -> Error {
        analyze(&loaded(text), opts).expect_err("fails")
    }

    /// The variant names of `ir`'s `Object`, which the analysis built.
    pub(crate) fn object_names(ir: &Ir) -> Vec<&str> {
        let object = ir.object.as_ref().expect("an Object");
        object.iter().map(|v| v.name.as_str()).collect()
    }
}
