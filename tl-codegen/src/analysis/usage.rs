//! Pass 8: wire usage. What the output needs beyond one impl per item.
//!
//! Only constructors that some field uses bare (`%T`, the elements of
//! `vector<t>`) implement `Bare`: the others are written boxed only, and
//! three bodies instead of six per struct keeps the consumer's build fast.
//! The private `__wire` helpers are emitted only when some field is a bare
//! vector of boxed or plain elements (`vector<T>`).

use crate::ir::{Ir, Ty};

/// Sets [`Struct::bare_used`](crate::ir::Struct::bare_used) and
/// [`Ir::raw_vec_helpers`].
pub(super) fn run(ir: &mut Ir) {
    fn mark(t: &Ty, used: &mut [bool]) {
        match t {
            Ty::Bare(s) => used[s.0] = true,
            Ty::BareOf(s, args) => {
                used[s.0] = true;
                args.iter().for_each(|a| mark(a, used));
            }
            Ty::EnumOf(_, args) => args.iter().for_each(|a| mark(a, used)),
            Ty::Vector { elem, .. } | Ty::Array { elem, .. } => mark(elem, used),
            _ => {}
        }
    }
    let mut used = vec![false; ir.structs.len()];
    let mut raw_vec = false;
    for s in ir.structs.iter().chain(ir.functions.iter()) {
        for f in &s.fields {
            mark(&f.ty, &mut used);
            if let Ty::Vector { elem, bare: true } = &f.ty
                && elem.bare_struct().is_none()
            {
                raw_vec = true;
            }
        }
    }
    for (s, used) in ir.structs.iter_mut().zip(used) {
        s.bare_used = used;
    }
    ir.raw_vec_helpers = raw_vec;
}

#[cfg(test)]
mod tests {
    use crate::analysis::testing::analyzed;

    #[test]
    fn only_constructors_used_bare_are_marked() {
        let ir = analyzed(
            "salt#1 x:long = Salt;\nsalts#2 s:vector<salt> = Salts;\nids#3 v:vector<long> = Ids;\n",
        );
        let used: Vec<(&str, bool)> = ir
            .structs
            .iter()
            .map(|s| (s.tl_name.as_str(), s.bare_used))
            .collect();
        assert_eq!(used, [("ids", false), ("salt", true), ("salts", false)]);
        assert!(ir.raw_vec_helpers);
    }
}
