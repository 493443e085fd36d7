//! Pass 2: the subset (`only`). The named constructors, functions or types
//! plus everything they transitively need: field types, return types, and
//! every constructor of each boxed type reached (a decoder must accept any
//! of them). Names that nothing defines are an error, with the closest
//! defined name as a hint.

use std::collections::HashSet;

use typelang_parser::ast::{Category, Param, ParamKind, TypeExpr};

use super::index::Index;
use crate::error::{Error, UnknownName};

/// The definitions to generate (indices into the loaded definitions);
/// `None` for all of them.
pub(super) fn select(
    index: &Index<'_>,
    only: Option<&[String]>,
) -> Result<Option<HashSet<usize>>, Error> {
    let Some(names) = only else {
        return Ok(None);
    };
    let mut stack = Vec::new();
    let mut unknown = Vec::new();
    for n in names {
        if let Some(&i) = index.ctor_by_name.get(n) {
            stack.push(i);
        } else if let Some(&i) = index.fn_by_name.get(n) {
            stack.push(i);
        } else if let Some(cs) = index.ctors_of_type.get(n) {
            stack.extend(cs.iter().copied());
        } else {
            let candidates = index
                .ctor_by_name
                .keys()
                .chain(index.fn_by_name.keys())
                .chain(index.ctors_of_type.keys())
                .map(String::as_str);
            unknown.push(UnknownName {
                name: n.clone(),
                suggestion: typelang_parser::suggest::closest(n, candidates).map(str::to_owned),
            });
        }
    }
    if !unknown.is_empty() {
        return Err(Error::unknown_only(unknown));
    }
    let mut seen = HashSet::new();
    while let Some(i) = stack.pop() {
        if !seen.insert(i) {
            continue;
        }
        let def = index.def(i);
        // A constructor needs every sibling of its boxed type.
        if def.category == Category::Type
            && let Some(cs) = index.ctors_of_type.get(&def.result.name.to_string())
        {
            stack.extend(cs.iter().copied());
        }
        let mut types = Vec::new();
        for p in &def.params {
            collect_types(p, &mut types);
        }
        if def.category == Category::Function {
            types.push(&def.result);
        }
        for t in types {
            type_deps(index, t, &mut stack);
        }
    }
    Ok(Some(seen))
}

fn type_deps(index: &Index<'_>, t: &TypeExpr, out: &mut Vec<usize>) {
    for a in &t.args {
        type_deps(index, a, out);
    }
    if t.generic_ref || t.is_nat() {
        return;
    }
    let full = t.name.to_string();
    if let Some(&c) = index.ctor_by_name.get(&full) {
        out.push(c);
    } else if let Some(cs) = index.ctors_of_type.get(&full) {
        out.extend(cs.iter().copied());
    }
}

fn collect_types<'t>(p: &'t Param, out: &mut Vec<&'t TypeExpr>) {
    match &p.kind {
        ParamKind::Value { ty, .. } => out.push(ty),
        ParamKind::Repeated { fields, .. } => {
            for f in fields {
                collect_types(f, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::testing::{analyzed, failure, options};
    use crate::error::ErrorKind;

    const SCHEMA: &str = "user#1 id:int = User;\nuserEmpty#2 = User;\nchat#3 = Chat;\n---functions---\ngetUser#4 u:User = User;\n";

    #[test]
    fn keeps_what_the_named_items_need() {
        let mut opts = options();
        opts.only = Some(vec!["getUser".into()]);
        let ir =
            crate::analysis::analyze(&crate::analysis::testing::loaded(SCHEMA), &opts).unwrap();
        let names: Vec<&str> = ir.structs.iter().map(|s| s.tl_name.as_str()).collect();
        assert_eq!(names, ["user", "userEmpty"]);
        assert_eq!(ir.functions.len(), 1);
        assert_eq!(analyzed(SCHEMA).structs.len(), 3);
    }

    #[test]
    fn unknown_names_get_a_hint() {
        let mut opts = options();
        opts.only = Some(vec!["getUsr".into(), "nothingLikeIt".into()]);
        let err = failure(SCHEMA, &opts);
        let ErrorKind::UnknownOnly(names) = err.kind() else {
            panic!("{err}");
        };
        assert_eq!(names[0].suggestion.as_deref(), Some("getUser"));
        assert_eq!(names[1].suggestion, None);
        assert!(err.to_string().contains("did you mean `getUser`"), "{err}");
    }
}
