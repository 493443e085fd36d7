//! Pass 9: `Eq` and `Hash`. Every item from which no `double` (`f64`,
//! which has neither) can be reached derives both, so values can be map
//! keys and set members.
//!
//! A greatest fixed point over the "holds" graph: every constructor,
//! function, boxed type and the `Object` enum starts out hashable; an item
//! that holds a `double` (directly, in a vector or array, or in an
//! optional field) or holds a boxed type, bare constructor or `Object` that
//! is not hashable loses it, until nothing changes. A boxed type is
//! hashable when all its constructors are, `Object` when every variant's
//! payload is. Cycles (`Tree` holding `Vector<Tree>`) stay hashable unless
//! a `double` is reachable from them. A type parameter (`!X`, or a
//! polymorphic constructor's `X`) is hashable: the derive bounds it, so a
//! use such as `Maybe double` is hashable only when its arguments are.

use crate::ir::{Ir, ObjectTarget, Ty};

/// What is known to be hashable so far.
struct Marks {
    structs: Vec<bool>,
    functions: Vec<bool>,
    enums: Vec<bool>,
    object: bool,
}

impl Marks {
    fn ty(&self, t: &Ty) -> bool {
        match t {
            Ty::Double => false,
            Ty::Vector { elem, .. } | Ty::Array { elem, .. } => self.ty(elem),
            Ty::Enum(e) => self.enums[e.0],
            Ty::Bare(s) => self.structs[s.0],
            // A generic item's derive bounds its parameters: `Maybe<f64>`
            // is not `Hash` even though `Maybe<X>` derives it.
            Ty::EnumOf(e, args) => self.enums[e.0] && args.iter().all(|a| self.ty(a)),
            Ty::BareOf(s, args) => self.structs[s.0] && args.iter().all(|a| self.ty(a)),
            Ty::Object => self.object,
            Ty::Int
            | Ty::Long
            | Ty::Nat
            | Ty::Int128
            | Ty::Int256
            | Ty::String
            | Ty::Bytes
            | Ty::Bool
            | Ty::True
            | Ty::Param(_) => true,
        }
    }
}

/// Runs the pass: sets `eq_hash` on every struct, function and enum, and
/// [`Ir::object_eq_hash`].
pub(super) fn run(ir: &mut Ir) {
    let mut m = Marks {
        structs: vec![true; ir.structs.len()],
        functions: vec![true; ir.functions.len()],
        enums: vec![true; ir.enums.len()],
        object: ir.object.is_some(),
    };
    loop {
        let mut changed = false;
        for i in 0..ir.structs.len() {
            if m.structs[i] && !ir.structs[i].fields.iter().all(|f| m.ty(&f.ty)) {
                m.structs[i] = false;
                changed = true;
            }
        }
        for i in 0..ir.functions.len() {
            if m.functions[i] && !ir.functions[i].fields.iter().all(|f| m.ty(&f.ty)) {
                m.functions[i] = false;
                changed = true;
            }
        }
        for (i, e) in ir.enums.iter().enumerate() {
            if m.enums[i] && !e.variants.iter().all(|v| m.structs[v.ctor.0]) {
                m.enums[i] = false;
                changed = true;
            }
        }
        if let Some(vars) = &ir.object {
            let all = vars.iter().all(|v| match v.target {
                ObjectTarget::Struct(s) => m.structs[s.0],
                ObjectTarget::Function(f) => m.functions[f.0],
            });
            if m.object && !all {
                m.object = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (s, ok) in ir.structs.iter_mut().zip(m.structs) {
        s.eq_hash = ok;
    }
    for (s, ok) in ir.functions.iter_mut().zip(m.functions) {
        s.eq_hash = ok;
    }
    for (e, ok) in ir.enums.iter_mut().zip(m.enums) {
        e.eq_hash = ok;
    }
    ir.object_eq_hash = m.object;
}

#[cfg(test)]
mod tests {
    use crate::analysis::testing::{analyzed, loaded, options};

    fn hashable(text: &str, name: &str) -> bool {
        let ir = analyzed(text);
        ir.structs
            .iter()
            .chain(&ir.functions)
            .find(|s| s.tl_name == name)
            .map(|s| s.eq_hash)
            .or_else(|| {
                ir.enums
                    .iter()
                    .find(|e| e.tl_name == name)
                    .map(|e| e.eq_hash)
            })
            .unwrap_or_else(|| panic!("no {name}"))
    }

    const SCHEMA: &str = "vector#1cb5c415 {t:Type} # [ t ] = Vector t;\n\
        point#1 x:double y:double = Point;\n\
        user#2 id:long name:string = User;\n\
        place#3 flags:# geo:flags.0?Point = Place;\n\
        places#4 list:Vector<Place> = Places;\n\
        users#5 list:Vector<User> raw:vector<user> = Users;\n\
        node#6 children:Vector<Tree> = Tree;\n\
        leaf#7 = Tree;\n\
        fnode#8 children:Vector<FTree> = FTree;\n\
        fleaf#9 w:double = FTree;\n\
        any#a value:Object = Any;\n\
        ---functions---\n\
        getUser#b id:long = User;\n\
        move#c to:Point = Bool;\n";

    #[test]
    fn a_reachable_double_takes_eq_and_hash_away() {
        for (name, want) in [
            ("user", true),
            ("User", true),
            ("users", true),
            ("point", false),
            ("Point", false),
            // Through an optional field, then through a vector.
            ("place", false),
            ("places", false),
            // A cycle without a double keeps them; with one it loses them
            // for every member.
            ("node", true),
            ("Tree", true),
            ("fnode", false),
            ("fleaf", false),
            ("FTree", false),
            // `Object` holds `point`.
            ("any", false),
            ("getUser", true),
            ("move", false),
        ] {
            assert_eq!(hashable(SCHEMA, name), want, "{name}");
        }
        assert!(!analyzed(SCHEMA).object_eq_hash);
    }

    #[test]
    fn object_without_doubles_is_hashable() {
        let text = "user#2 id:long = User;\nany#a value:Object = Any;\n\
            ---functions---\nmove#c x:double = User;\n";
        let ir = analyzed(text);
        assert!(ir.object_eq_hash);
        assert!(hashable(text, "any"));
        // Decodable functions join `Object`: `move` holds a double.
        let mut opts = options();
        opts.decodable_functions = true;
        let ir = crate::analysis::analyze(&loaded(text), &opts).unwrap();
        assert!(!ir.object_eq_hash);
        assert!(
            !ir.structs
                .iter()
                .find(|s| s.tl_name == "any")
                .unwrap()
                .eq_hash
        );
    }

    #[test]
    fn a_generic_use_is_hashable_when_its_arguments_are() {
        let text = "just#1 {X:Type} value:X = Maybe X;\n\
            ints#2 m:Maybe<int> = Ints;\n\
            doubles#3 m:Maybe<double> = Doubles;\n";
        assert!(hashable(text, "just"));
        assert!(hashable(text, "Maybe"));
        assert!(hashable(text, "ints"));
        assert!(!hashable(text, "doubles"));
    }
}
