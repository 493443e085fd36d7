//! Lower bounds of encoded sizes, used to reject element counts that the
//! input cannot hold before anything is allocated.

use typelang_parser::ast::{Multiplicity, Param, ParamKind, TypeExpr};
use typelang_parser::builtins::Builtin;

use super::{Decoder, substitute};

/// Bare user types are looked into this many levels deep; below that the
/// bound is 0 (still a lower bound).
const MAX_LOOKAHEAD: usize = 4;

impl Decoder<'_, '_, '_, '_> {
    pub(super) fn param_min_size(&self, param: &Param, env: &[(&str, &TypeExpr)]) -> usize {
        match &param.kind {
            ParamKind::Value { flag: Some(_), .. } => 0,
            ParamKind::Value { ty, flag: None } => self.min_size(&substitute(ty, env), 0),
            ParamKind::Repeated {
                multiplicity: Some(Multiplicity::Literal(n)),
                fields,
            } => fields
                .iter()
                .map(|p| self.param_min_size(p, env))
                .sum::<usize>()
                .saturating_mul(usize::try_from(*n).unwrap_or(usize::MAX)),
            ParamKind::Repeated { .. } => 0,
        }
    }

    /// A lower bound of the encoded size of `ty`. Never overestimates.
    pub(super) fn min_size(&self, ty: &TypeExpr, depth: usize) -> usize {
        if ty.generic_ref {
            return 4;
        }
        if ty.name.namespace.is_empty()
            && let Some((builtin, bare_spelling)) = Builtin::lookup(&ty.name.name)
        {
            return match builtin {
                // `%Bool` is a bare constructor: no bytes at all.
                Builtin::Bool if ty.bare => 0,
                b => b.min_size(bare_spelling || ty.bare),
            };
        }
        if !ty.bare {
            return 4;
        }
        if depth > MAX_LOOKAHEAD {
            return 0;
        }
        let name = ty.name.to_string();
        let def = self
            .index
            .definition(&name)
            .or_else(|| match self.index.constructors(&name) {
                [def] => Some(*def),
                _ => None,
            });
        def.map_or(0, |def| {
            def.params
                .iter()
                .map(|p| match &p.kind {
                    ParamKind::Value { ty, flag: None } if def.type_params.is_empty() => {
                        self.min_size(ty, depth + 1)
                    }
                    _ => 0,
                })
                .sum()
        })
    }
}
