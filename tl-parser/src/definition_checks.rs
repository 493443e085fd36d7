//! The checks that need a whole definition, run after its grammar:
//! flag fields and multiplicities refer to earlier `#` parameters, bits are
//! in range, names are unique, `!X` names a `{X:Type}` parameter.

use std::collections::HashSet;

use crate::ast::{Definition, Multiplicity, Param, ParamKind, Span, TypeExpr, TypeParam};
use crate::diagnostics::{Diagnostic, DiagnosticKind};

/// Checks that need the whole definition: flag fields and multiplicities
/// refer to earlier `#` parameters, bits are in range, names are unique.
pub(crate) fn check_definition(def: &Definition, out: &mut Vec<Diagnostic>) {
    check_params(&def.params, &def.type_params, None, out);
    // The `{X:Type}` parameters, in a set only when some `!X` needs it.
    let types: HashSet<&str> = def
        .type_params
        .iter()
        .filter(|t| {
            t.kind.name.namespace.is_empty() && t.kind.name.name == "Type" && t.kind.args.is_empty()
        })
        .map(|t| t.name.as_str())
        .collect();
    check_type_refs(&types, &def.params, out);
    check_type_ref(&types, &def.result, def.span, out);
}

/// `!X` must name a `{X:Type}` parameter of the definition (`types`), in
/// fields (at any depth) and in the result.
fn check_type_refs(types: &HashSet<&str>, params: &[Param], out: &mut Vec<Diagnostic>) {
    for p in params {
        match &p.kind {
            ParamKind::Value { ty, .. } => check_type_ref(types, ty, p.span, out),
            ParamKind::Repeated { fields, .. } => check_type_refs(types, fields, out),
        }
    }
}

fn check_type_ref(types: &HashSet<&str>, ty: &TypeExpr, span: Span, out: &mut Vec<Diagnostic>) {
    if ty.generic_ref && !(ty.name.namespace.is_empty() && types.contains(ty.name.name.as_str())) {
        out.push(Diagnostic::error(
            DiagnosticKind::UnknownTypeParam,
            format!(
                "`!{0}` names no type parameter: add `{{{0}:Type}}` before the fields",
                ty.name
            ),
            span,
        ));
    }
    for a in &ty.args {
        check_type_ref(types, a, span, out);
    }
}

/// The `#` parameters visible at a point: the earlier ones of this scope
/// (and the `{n:#}` of the definition, at the top) and those of the
/// enclosing scopes. Hash sets, so that a definition with tens of thousands
/// of fields is checked in linear time.
struct Scope<'s> {
    nats: HashSet<&'s str>,
    parent: Option<&'s Scope<'s>>,
}

impl Scope<'_> {
    fn has_nat(&self, name: &str) -> bool {
        self.nats.contains(name) || self.parent.is_some_and(|p| p.has_nat(name))
    }
}

fn check_params<'s>(
    params: &'s [Param],
    type_params: &'s [TypeParam],
    parent: Option<&'s Scope<'s>>,
    out: &mut Vec<Diagnostic>,
) {
    let mut scope = Scope {
        nats: type_params
            .iter()
            .filter(|t| t.kind.is_nat())
            .map(|t| t.name.as_str())
            .collect(),
        parent,
    };
    let mut names: HashSet<&str> = HashSet::new();
    for p in params {
        if let Some(name) = &p.name
            && !names.insert(name.as_str())
        {
            out.push(Diagnostic::error(
                DiagnosticKind::DuplicateParam,
                format!("duplicate parameter name `{name}`"),
                p.span,
            ));
        }
        match &p.kind {
            ParamKind::Value {
                flag: Some(flag), ..
            } => {
                if flag.bit > 31 {
                    out.push(Diagnostic::error(
                        DiagnosticKind::FlagBitOutOfRange,
                        format!(
                            "flag bit {} of `{}` is out of range 0..=31",
                            flag.bit, flag.field
                        ),
                        p.span,
                    ));
                }
                if !scope.has_nat(&flag.field) {
                    out.push(Diagnostic::error(
                        DiagnosticKind::UnknownNatParam,
                        format!(
                            "condition refers to `{}`, which is not an earlier `#` parameter",
                            flag.field
                        ),
                        p.span,
                    ));
                }
            }
            ParamKind::Value { ty, flag: None } => {
                if let Some(name) = &p.name
                    && ty.is_nat()
                {
                    scope.nats.insert(name.as_str());
                }
            }
            ParamKind::Repeated {
                multiplicity,
                fields,
            } => {
                if let Some(Multiplicity::Param(n)) = multiplicity
                    && !scope.has_nat(n)
                {
                    out.push(Diagnostic::error(
                        DiagnosticKind::UnknownNatParam,
                        format!("repetition count `{n}` is not an earlier `#` parameter"),
                        p.span,
                    ));
                }
                // Fields inside a repetition have their own name scope but
                // see the `#` parameters around them.
                check_params(fields, &[], Some(&scope), out);
            }
        }
    }
}
