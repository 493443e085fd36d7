//! Pass 7: `Default`. Building a `message` by hand should need only the
//! fields that matter, so every item that can derives `Default`.
//!
//! A least fixed point: a struct is `Default` when every stored field is
//! (optional fields are `None`); an enum when one of its constructors is,
//! and its default is the first such constructor found in the earliest
//! round (fieldless ones preferred), which guarantees `Default::default()`
//! terminates. Generic functions and fields of type `Object` are never
//! `Default`; a polymorphic type is `Default` over arguments that are
//! (`X: Default`), and a use of it when its arguments are.

use crate::ir::{Cond, Ir, Ty};

fn ty_default(t: &Ty, enum_ok: &[bool], struct_ok: &[bool]) -> bool {
    match t {
        Ty::Enum(e) => enum_ok[e.0],
        Ty::Bare(s) => struct_ok[s.0],
        // `Maybe<T>` is `Default` when `Maybe` is and `T` is (the derives
        // bound every parameter by `Default`).
        Ty::EnumOf(e, args) => {
            enum_ok[e.0] && args.iter().all(|a| ty_default(a, enum_ok, struct_ok))
        }
        Ty::BareOf(s, args) => {
            struct_ok[s.0] && args.iter().all(|a| ty_default(a, enum_ok, struct_ok))
        }
        // A constructor's parameter: `Default` when the argument is (the
        // derive's bound). Generic functions never reach here.
        Ty::Param(_) => true,
        Ty::Object => false,
        // std implements `Default` for arrays of up to 32 elements.
        Ty::Array { elem, len } => *len <= 32 && ty_default(elem, enum_ok, struct_ok),
        _ => true,
    }
}

/// Runs the pass.
#[allow(clippy::needless_range_loop)]
pub(super) fn run(ir: &mut Ir) {
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
                .all(|f| f.cond != Cond::Always || ty_default(&f.ty, &enum_ok, &struct_ok));
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
                .or_else(|| vs.iter().position(|v| struct_ok[v.ctor.0]));
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
                && f.fields
                    .iter()
                    .all(|fd| fd.cond != Cond::Always || ty_default(&fd.ty, &enum_ok, &struct_ok))
        })
        .collect();
    for (f, ok) in ok_fns.into_iter().enumerate() {
        ir.functions[f].default = ok;
    }
    for (s, ok) in struct_ok.into_iter().enumerate() {
        ir.structs[s].default = ok;
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::testing::analyzed;

    #[test]
    fn the_least_fixed_point_terminates_on_cycles() {
        let ir = analyzed("branch#1 l:Tree = Tree;\nleaf#2 x:int = Tree;\nloop#3 l:Loop = Loop;\n");
        let tree = ir.enums.iter().find(|e| e.name == "Tree").unwrap();
        assert_eq!(
            tree.default_variant,
            Some(1),
            "leaf, the first that has a default"
        );
        let lp = ir.enums.iter().find(|e| e.name == "Loop").unwrap();
        assert_eq!(lp.default_variant, None);
    }
}
