//! Tests of field, flag and polymorphic-type resolution, on schemas of a
//! few lines.

use typelang_parser::DiagnosticKind;

use crate::analysis::testing::{analyzed, failure, object_names, options};
use crate::ir::{Cond, EnumId, Ty, TypeParam};

#[test]
fn flags_words_are_not_fields_and_true_flags_are_bools() {
    let ir = analyzed("a#1 flags:# x:flags.0?int y:flags.0?true n:# = A;\n");
    let s = &ir.structs[0];
    let names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["x", "y", "n"]);
    assert_eq!(s.flag_words[0].unknown, "unknown_flags");
    assert_eq!(s.flag_words[0].known_mask(), 1);
    // A TL field of that name keeps it; the word's store gives way.
    let ir = analyzed("a#1 flags:# unknown_flags:flags.1?int = A;\n");
    assert_eq!(ir.structs[0].fields[0].name, "unknown_flags");
    assert_ne!(ir.structs[0].flag_words[0].unknown, "unknown_flags");
    assert_eq!(s.fields[1].cond, Cond::TrueFlag { word: 0, bit: 0 });
    assert_eq!(s.fields[2].ty, Ty::Nat);
    assert_eq!(s.flag_words[0].groups[0].values, [0]);
}

#[test]
fn every_problem_is_reported_at_its_parameter() {
    let text = "m#1 = M;\nn#2 = M;\na#3 x:%M y:int z:%M = A;\n";
    let err = failure(text, &options());
    let d = err.diagnostics();
    assert_eq!(d.len(), 2, "{err}");
    assert_eq!(d[0].kind, DiagnosticKind::Unsupported);
    assert_eq!(&text[d[0].span.start..d[0].span.end], "x:%M");
    assert_eq!(&text[d[1].span.start..d[1].span.end], "z:%M");
    assert!(
        err.to_string()
            .contains("t.tl:3:5: error: `%M`: a bare type needs exactly one constructor"),
        "{err}"
    );
}

#[test]
fn polymorphic_constructors_are_generic_over_the_parameters_they_use() {
    let text = "nothing#1 {X:Type} = Maybe X;\njust#2 {X:Type} value:X = Maybe X;\n\
        swapped#3 {A:Type} {B:Type} b:B a:A = Swapped B A;\n\
        h#4 m:(Maybe int) n:Maybe<Vector<long>> s:(Swapped string H) b:%Swapped<int,int> = H;\n";
    let ir = analyzed(text);
    let st = |n: &str| ir.structs.iter().find(|s| s.tl_name == n).unwrap();
    assert!(st("nothing").params.is_empty(), "uses no parameter");
    assert_eq!(
        st("just").params,
        [TypeParam {
            name: "X".into(),
            position: 0
        }]
    );
    // Ordered by the result's arguments, not by declaration.
    let sw: Vec<(&str, usize)> = st("swapped")
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.position))
        .collect();
    assert_eq!(sw, [("B", 0), ("A", 1)]);
    assert_eq!(st("just").fields[0].ty, Ty::Param("X".into()));
    let maybe = ir.enums.iter().position(|e| e.tl_name == "Maybe").unwrap();
    assert_eq!(ir.enums[maybe].params, ["X"]);
    let h: Vec<&Ty> = st("h").fields.iter().map(|f| &f.ty).collect();
    assert_eq!(h[0], &Ty::EnumOf(EnumId(maybe), vec![Ty::Int]));
    assert_eq!(
        h[1],
        &Ty::EnumOf(
            EnumId(maybe),
            vec![Ty::Vector {
                elem: Box::new(Ty::Long),
                bare: false
            }]
        )
    );
    assert!(matches!(h[2], Ty::EnumOf(_, a) if a[0] == Ty::String && matches!(a[1], Ty::Enum(_))));
    assert!(matches!(h[3], Ty::BareOf(_, a) if a == &[Ty::Int, Ty::Int]));
    // Not in `Object`, still in `name_for_id`.
    let object = object_names(&ir);
    assert_eq!(object, ["H", "Nothing"]);
    assert!(ir.names_by_id.iter().any(|(id, n)| *id == 2 && n == "just"));
}

#[test]
fn what_a_generic_type_cannot_express_is_located() {
    let cases = [
        (
            "foo#1 {X:Type} x:!X = Foo;",
            "t.tl:1:1: error: the type parameter `X` of constructor `foo` is not an argument of its result `Foo`",
        ),
        (
            "tuple#1 {X:Type} {n:#} a:X = Tuple X n;",
            "t.tl:1:1: error: the type parameter `{n:#}` of constructor `tuple` cannot be generated",
        ),
        (
            "foo#1 {X:Type} {Y:Type} a:X = Foo X;",
            "the type parameter `Y` of constructor `foo` is not an argument",
        ),
        ("foo#1 {X:Type} a:X = Foo X X;", "named twice"),
        (
            "foo#1 {X:Type} a:X = Foo X;\nbar#2 = Foo;",
            "t.tl:2:1: error: `Foo` has 0 type parameter(s) here but 1 at `foo`",
        ),
        (
            "none#1 {X:Type} = Maybe X;",
            "t.tl:1:1: error: the type parameter `X` of `Maybe` is used by no constructor's fields",
        ),
        (
            "just#1 {X:Type} a:X = Maybe X;\nh#2 m:Maybe = H;",
            "t.tl:2:5: error: `Maybe` is polymorphic and takes 1 type argument",
        ),
        (
            "just#1 {X:Type} a:X = Maybe X;\nh#2 m:(Maybe int long) = H;",
            "takes 1 type argument",
        ),
        (
            "just#1 {X:Type} a:X = Maybe X;\nb#3 x:int = B;\nh#2 m:(Maybe %B) = H;",
            "t.tl:3:5: error: `%B` in `Maybe<%B>`: a bare constructor cannot be a type argument",
        ),
        (
            "just#1 {X:Type} a:X = Maybe X;\nh#2 m:(Maybe (vector int)) = H;",
            "a bare vector cannot be a type argument",
        ),
        (
            "just#1 {X:Type} a:!X = Maybe X;",
            "t.tl:1:17: error: `!X` in a constructor",
        ),
        (
            "just#1 {X:Type} a:(X int) = Maybe X;",
            "the type parameter `X` takes no type arguments",
        ),
        (
            "just#1 {X:Type} a:X = Maybe X;\n---functions---\nf#2 {X:Type} m:(Maybe X) query:!X = X;",
            "a function's type parameter stands for a query",
        ),
        ("h#2 m:(Int long) = H;", "`Int` takes"),
    ];
    for (text, expected) in cases {
        let err = failure(&format!("{text}\n"), &options());
        assert!(err.to_string().contains(expected), "{text}:\n{err}");
    }
}

#[test]
fn ton_and_tdlib_types() {
    let text = "true = True;\nobject ? = Object;\nfunction ? = Function;\n\
        int53 = Int53;\nsecureString = SecureString;\nint512 16*[ int ] = Int512;\n\
        a#1 o:object n:int53 s:SecureString w:int512 f:Function = A;\n\
        ---functions---\nping#2 = True;\n";
    let ir = analyzed(text);
    let a = ir.structs.iter().find(|s| s.tl_name == "a").unwrap();
    let tys: Vec<&Ty> = a.fields.iter().map(|f| &f.ty).collect();
    assert_eq!(tys[0], &Ty::Object);
    assert_eq!(tys[1], &Ty::Long);
    assert_eq!(tys[2], &Ty::String);
    assert!(matches!(tys[3], Ty::Bare(_)));
    assert_eq!(tys[4], &Ty::Object);
    // `Function` needs the calls in `Object`.
    assert!(ir.decodable_functions);
    assert_eq!(ir.functions[0].ret, Some(Ty::True));
    let w = ir.structs.iter().find(|s| s.tl_name == "int512").unwrap();
    assert_eq!(
        w.fields[0].ty,
        Ty::Array {
            elem: Box::new(Ty::Int),
            len: 16
        }
    );
    // No items for the aliases.
    assert!(!ir.structs.iter().any(|s| s.tl_name == "int53"));
}

#[test]
fn other_repetitions_are_reported() {
    let err = failure(
        "a#1 n:# m:n*[ int ] = A;\nb#2 3*[ x:int y:int ] = B;\n",
        &options(),
    );
    assert_eq!(err.diagnostics().len(), 2, "{err}");
    assert!(
        err.to_string().contains("t.tl:1:9: error: repetition"),
        "{err}"
    );
}

#[test]
fn object_needs_the_object_enum() {
    let mut opts = options();
    opts.object_enum = false;
    let err = failure("a#1 x:Object = A;\n", &opts);
    assert!(err.to_string().contains("enable `object_enum`"), "{err}");
}
