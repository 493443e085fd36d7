//! Pass 5: the `Object` enum. One variant per constructor (and, when
//! functions are decodable, per function), so any value can be decoded by
//! its id alone. Constructors claim names first, then functions, each in
//! name order; `Bool` is taken by the variant for `boolTrue`/`boolFalse`.
//! Generic constructors (`types::Just<X>`) are left out: the id does not
//! say what `X` is (`name_for_id` still knows them).

use super::AnalysisOptions;
use crate::ir::{FnId, Ir, ObjectTarget, ObjectVariant, StructId};
use crate::names::{self, Registry};

/// Fills [`Ir::object`] when the enum is wanted, and
/// [`Ir::undecodable_function_ids`]: the ids among `function_ids` (every
/// function of the schema) that no variant holds.
pub(super) fn variants(ir: &mut Ir, opts: &AnalysisOptions, has_bool: bool, function_ids: &[u32]) {
    if !opts.object_enum {
        return;
    }
    let mut reg = Registry::new();
    if has_bool {
        reg.reserve("Bool");
    }
    let mut vs = Vec::new();
    for (si, s) in ir.structs.iter().enumerate() {
        if !s.params.is_empty() {
            continue;
        }
        vs.push((s.tl_name.as_str(), ObjectTarget::Struct(StructId(si))));
    }
    if opts.decodable_functions {
        for (fi, f) in ir.functions.iter().enumerate() {
            vs.push((f.tl_name.as_str(), ObjectTarget::Function(FnId(fi))));
        }
    }
    let object = vs
        .into_iter()
        .map(|(tl, target)| ObjectVariant {
            name: reg.claim(&names::escape(&names::camel(tl))),
            target,
            boxed: false,
        })
        .collect::<Vec<_>>();
    let held: std::collections::HashSet<u32> = object
        .iter()
        .map(|v| match v.target {
            ObjectTarget::Struct(s) => ir.structs[s].id,
            ObjectTarget::Function(f) => ir.function(f).id,
        })
        .collect();
    ir.undecodable_function_ids = function_ids
        .iter()
        .copied()
        .filter(|id| !held.contains(id))
        .collect();
    ir.undecodable_function_ids.dedup();
    ir.object = Some(object);
}

#[cfg(test)]
mod tests {
    use crate::analysis::testing::{analyzed, loaded, object_names, options};

    #[test]
    fn constructors_then_decodable_functions() {
        let text = "boolTrue#997275b5 = Bool;\nbool#1 = B;\n---functions---\nget#2 = B;\n";
        let ir = analyzed(text);
        let names = object_names(&ir);
        assert_eq!(names, ["Bool2"]);
        let mut opts = options();
        opts.decodable_functions = true;
        let ir = crate::analysis::analyze(&loaded(text), &opts).unwrap();
        assert_eq!(ir.object.unwrap().len(), 2);
    }

    #[test]
    fn function_ids_object_cannot_decode() {
        let text = "a#1 = A;
---functions---
get#2 = A;
put#3 = A;
";
        // Not decodable: every function id.
        assert_eq!(analyzed(text).undecodable_function_ids, [2, 3]);
        let mut opts = options();
        opts.decodable_functions = true;
        let ir = crate::analysis::analyze(&loaded(text), &opts).unwrap();
        assert!(ir.undecodable_function_ids.is_empty());
        // A subset: the functions left out are not decodable either.
        opts.only = Some(vec!["get".into()]);
        let ir = crate::analysis::analyze(&loaded(text), &opts).unwrap();
        assert_eq!(ir.undecodable_function_ids, [3]);
        // Without functions at all, the same.
        let mut opts = options();
        opts.functions = false;
        let ir = crate::analysis::analyze(&loaded(text), &opts).unwrap();
        assert_eq!(ir.undecodable_function_ids, [2, 3]);
    }
}
