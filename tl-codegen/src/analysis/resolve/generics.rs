//! Polymorphic types, decided before the fields are resolved.
//!
//! * **Polymorphic types.** `just {X:Type} value:X = Maybe X` is the
//!   generic struct `types::Just<X>` (generic over the parameters its fields
//!   name, in the order of the result's arguments) and `Maybe` the generic
//!   enum `enums::Maybe<X>`; `nothing {X:Type} = Maybe X` is the plain
//!   `types::Nothing`. Every use names the arguments (`(Maybe int)`,
//!   `Maybe<InputUser>`, `%Maybe<long>`), and a field of type `X` is written
//!   as the argument's own encoding: `Maybe int` a bare `int`, `Maybe
//!   InputUser` a boxed `InputUser`. So an argument must be a type whose
//!   Rust type writes exactly its TL form: builtins, boxed types, `Object`,
//!   `Vector<T>` of such, another type parameter; a bare constructor
//!   (`%foo`), a bare vector, `!X`, a `{n:#}` parameter, a result that does
//!   not name every parameter once, constructors of one type that disagree
//!   on the count, or a parameter no constructor's fields use (a Rust type
//!   cannot be generic over it) are diagnostics.

use typelang_parser::Diagnostic;
use typelang_parser::ast::{Category, Definition, Param, ParamKind, TypeExpr};

use super::{Problem, Scope};
use crate::analysis::index::Index;
use crate::analysis::naming::Named;
use crate::ir::{Ir, Ty, TypeParam};
use crate::names;

/// What the polymorphic types are (see the module docs), decided before
/// the fields are resolved.
#[derive(Default)]
pub(super) struct Poly {
    /// Per enum: how many type arguments a use gives.
    pub(super) enum_arity: Vec<usize>,
    /// Per constructor struct: the type parameters in scope, by position.
    pub(super) scopes: Vec<Vec<(String, String)>>,
    /// Per constructor struct: its definition was reported.
    pub(super) bad: Vec<bool>,
}

/// The Rust name of a function's type parameter: never a std name the
/// generated modules use bare (`{String:Type}` would turn every `string`
/// field into the parameter), nor the function's own name (`x {X:Type}`).
pub(super) fn generic_name(tl: &str, item: &str) -> String {
    generic_names(&[tl], item).remove(0)
}

/// The Rust names of an item's type parameters, by the rule of
/// [`generic_name`], distinct from each other.
pub(super) fn generic_names(tls: &[&str], item: &str) -> Vec<String> {
    let mut reg = crate::analysis::naming::module_registry();
    reg.reserve(item);
    tls.iter()
        .map(|tl| reg.claim(&names::escape(&names::camel(tl))))
        .collect()
}

/// Whether `t` names the type parameter `p` anywhere (`X`, `Vector<X>`,
/// `Maybe X`).
pub(super) fn names_param(t: &TypeExpr, p: &str) -> bool {
    (t.name.namespace.is_empty() && t.name.name == p) || t.args.iter().any(|a| names_param(a, p))
}

pub(super) fn param_names(p: &Param, tp: &str) -> bool {
    match &p.kind {
        ParamKind::Value { ty, .. } => names_param(ty, tp),
        ParamKind::Repeated { fields, .. } => fields.iter().any(|f| param_names(f, tp)),
    }
}

/// The positions of a polymorphic constructor's type parameters among its
/// result's arguments (`pair {A:Type} {B:Type} ... = Pair B A` gives `[1,
/// 0]`), or the problem.
fn positions(def: &Definition) -> Result<Vec<usize>, Problem> {
    for tp in &def.type_params {
        let k = &tp.kind;
        if !(k.name.namespace.is_empty() && k.name.name == "Type" && k.args.is_empty()) {
            return Err(Problem::unsupported(format!(
                "the type parameter `{{{}:{}}}` of constructor `{}` cannot be generated: only `{{{}:Type}}` parameters can be (a `#` one has no Rust type argument)",
                tp.name, tp.kind, def.name, tp.name
            )));
        }
    }
    let args = &def.result.args;
    let mut out = Vec::new();
    for tp in &def.type_params {
        let at: Vec<usize> = args
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                a.name.namespace.is_empty()
                    && a.name.name == tp.name
                    && a.args.is_empty()
                    && !a.generic_ref
            })
            .map(|(i, _)| i)
            .collect();
        match at.as_slice() {
            [one] => out.push(*one),
            [] => {
                return Err(Problem::unsupported(format!(
                    "the type parameter `{}` of constructor `{}` is not an argument of its result `{}`, so no use of the type says what it is (write `= {} {}`)",
                    tp.name,
                    def.name,
                    result_text(&def.result),
                    def.result.name,
                    tp.name
                )));
            }
            _ => {
                return Err(Problem::unsupported(format!(
                    "the type parameter `{}` is named twice in the result `{}`",
                    tp.name,
                    result_text(&def.result)
                )));
            }
        }
    }
    if out.len() != args.len() {
        return Err(Problem::unsupported(format!(
            "the result `{}` of a polymorphic constructor must name each of its type parameters once, and nothing else",
            result_text(&def.result)
        )));
    }
    Ok(out)
}

/// Decides the polymorphic types (see the module docs): arities, the type
/// parameters of each struct and enum, and which definitions are reported.
pub(super) fn polymorphic(
    index: &Index<'_>,
    named: &Named,
    ir: &mut Ir,
    problems: &mut Vec<Diagnostic>,
) -> Poly {
    let n = ir.structs.len();
    let mut poly = Poly {
        enum_arity: vec![0; ir.enums.len()],
        scopes: vec![Vec::new(); n],
        bad: vec![false; n],
    };
    let report = |di: usize, p: Problem, problems: &mut Vec<Diagnostic>| {
        let def = index.def(di);
        let mut d = Diagnostic::error(p.kind, p.message, def.span)
            .in_file(index.schema.definitions[di].file);
        if let Some(h) = p.help {
            d = d.with_help(h);
        }
        problems.push(d);
    };
    // Per struct: positions of its type parameters (None when reported).
    let mut pos: Vec<Option<Vec<usize>>> = vec![None; n];
    for (si, &di) in named.ctor_defs.iter().enumerate() {
        let def = index.def(di);
        if def.category != Category::Type || def.type_params.is_empty() {
            pos[si] = Some(Vec::new());
            continue;
        }
        if ir.structs[si].enum_index.is_none() {
            report(
                di,
                Problem::unsupported(format!(
                    "polymorphic constructor `{}` needs a boxed type of its own (`= Foo X`)",
                    def.name
                )),
                problems,
            );
            poly.bad[si] = true;
            continue;
        }
        match positions(def) {
            Ok(p) => pos[si] = Some(p),
            Err(p) => {
                report(di, p, problems);
                poly.bad[si] = true;
            }
        }
    }
    for (ei, e) in ir.enums.iter_mut().enumerate() {
        let Some(first) = e.variants.first().map(|v| v.ctor) else {
            continue;
        };
        let first_def = index.def(named.ctor_defs[first.0]);
        let arity = first_def.type_params.len();
        poly.enum_arity[ei] = arity;
        let mut consistent = true;
        for v in &e.variants {
            let di = named.ctor_defs[v.ctor.0];
            let def = index.def(di);
            if def.type_params.len() != arity {
                report(
                    di,
                    Problem::unsupported(format!(
                        "`{}` has {} type parameter(s) here but {arity} at `{}`: every constructor of a polymorphic type takes the same ones",
                        e.tl_name,
                        def.type_params.len(),
                        first_def.name
                    )),
                    problems,
                );
                poly.bad[v.ctor.0] = true;
                consistent = false;
            }
        }
        if arity == 0 || !consistent || e.variants.iter().any(|v| poly.bad[v.ctor.0]) {
            continue;
        }
        // TL names by position, from the first constructor.
        let mut by_pos = vec![""; arity];
        for (tp, &p) in first_def
            .type_params
            .iter()
            .zip(pos[first.0].as_deref().unwrap_or(&[]))
        {
            by_pos[p] = tp.name.as_str();
        }
        let mut used = vec![false; arity];
        for v in &e.variants {
            let si = v.ctor.0;
            let def = index.def(named.ctor_defs[si]);
            let p = pos[si].as_deref().unwrap_or(&[]);
            let mut tps: Vec<(usize, &str)> = def
                .type_params
                .iter()
                .zip(p)
                .map(|(tp, &p)| (p, tp.name.as_str()))
                .collect();
            tps.sort_unstable();
            let tls: Vec<&str> = tps.iter().map(|t| t.1).collect();
            let rust = generic_names(&tls, &ir.structs[si].name);
            let mut params = Vec::new();
            for ((p, tl), rust) in tps.iter().zip(rust) {
                if def.params.iter().any(|prm| param_names(prm, tl)) {
                    used[*p] = true;
                    params.push(TypeParam {
                        name: rust.clone(),
                        position: *p,
                    });
                }
                poly.scopes[si].push(((*tl).to_owned(), rust));
            }
            ir.structs[si].params = params;
        }
        if let Some(p) = used.iter().position(|u| !u) {
            report(
                named.ctor_defs[first.0],
                Problem::unsupported(format!(
                    "the type parameter `{}` of `{}` is used by no constructor's fields: a Rust type cannot be generic over it",
                    by_pos[p], e.tl_name
                )),
                problems,
            );
            for v in &e.variants {
                poly.bad[v.ctor.0] = true;
            }
            continue;
        }
        e.params = generic_names(&by_pos, &e.name);
    }
    poly
}

/// Whether a resolved type argument is written by its Rust type's own
/// `Serializable` exactly as TL writes it (builtins, boxed types, `Object`,
/// boxed vectors of those, a constructor's type parameter), or the reason
/// it is not.
pub(super) fn argument_problem(t: &Ty, scope: Scope<'_>) -> Option<&'static str> {
    match t {
        Ty::Bare(_) | Ty::BareOf(..) => Some(
            "a bare constructor cannot be a type argument: the argument is written by its own encoding, which for a constructor starts with its id",
        ),
        Ty::Vector { bare: true, .. } => {
            Some("a bare vector cannot be a type argument (write `Vector<T>`)")
        }
        Ty::Array { .. } => Some("a repetition cannot be a type argument"),
        Ty::Vector { elem, bare: false } => argument_problem(elem, scope),
        Ty::Param(_) if scope.function.is_some() => {
            Some("a function's type parameter stands for a query and cannot be a type argument")
        }
        _ => None,
    }
}

pub(super) fn result_text(t: &TypeExpr) -> String {
    let mut s = t.name.to_string();
    for a in &t.args {
        s.push(' ');
        s.push_str(&a.to_string());
    }
    s
}
