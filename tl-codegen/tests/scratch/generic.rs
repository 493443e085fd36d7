//! Behaviour of the code generated from `tests/schemas/generic.tl`:
//! polymorphic constructors as generic Rust types, encoded byte for byte as
//! the bytes written out by hand below. Compiled and run inside the scratch
//! crate of `tests/compile.rs`; not a test target of tl-codegen itself.

use crate::generic::{Object, enums, functions, name_for_id, types};
use typelang_runtime::json::Json;
use typelang_runtime::{Deserializable, RemoteCall, Serializable};

/// Encodes `v`, checks the bytes against `expected` and the length, decodes
/// them back to `v` and checks that they re-encode identically.
fn exact<T: Serializable + Deserializable + PartialEq + std::fmt::Debug>(v: &T, expected: &[u8]) {
    let bytes = v.to_bytes();
    assert_eq!(bytes, expected, "encoding of {v:?}");
    assert_eq!(v.serialized_len(), expected.len(), "serialized_len of {v:?}");
    let back = T::from_bytes(&bytes).expect("decodes");
    assert_eq!(&back, v);
    assert_eq!(back.to_bytes(), bytes);
}

/// Little-endian words.
fn le(words: &[u32]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

const VECTOR: u32 = 0x1cb5_c415;

#[test]
fn a_parameter_is_written_as_its_argument() {
    // `Maybe int`: the `int` bare, 4 bytes after the id.
    exact(&enums::Maybe::Just(types::Just { value: 7i32 }), &le(&[0xa000_0002, 7]));
    exact(&enums::Maybe::<i32>::Nothing, &le(&[0xa000_0001]));
    // `Maybe InputUser`: the argument boxed, with its own id.
    exact(
        &enums::Maybe::Just(types::Just { value: enums::InputUser::Empty }),
        &le(&[0xa000_0002, 0xb988_86cf]),
    );
    // `Pair long string`, in the parameters' order.
    let mut b = le(&[0xa000_0003, 5, 0]);
    b.extend_from_slice(&[2, b'a', b'b', 0]);
    exact(
        &enums::Pair::Pair(types::Pair { first: 5i64, second: "ab".to_owned() }),
        &b,
    );
    // A parameter in boxed and bare vectors, and under a flag.
    let list = types::List {
        items: vec![1i32, 2],
        raw: vec![3],
        last: Some(4),
        unknown_flags: 0,
    };
    exact(
        &enums::List::List(list),
        &le(&[0xa000_0004, 1, VECTOR, 2, 1, 2, 1, 3, 4]),
    );
}

#[test]
fn a_recursive_generic_type_is_boxed_and_round_trips() {
    let inner = enums::Node::Node(Box::new(types::Node { value: 2i32, next: enums::Maybe::Nothing }));
    let outer = enums::Node::Node(Box::new(types::Node {
        value: 1,
        next: enums::Maybe::Just(types::Just { value: inner }),
    }));
    exact(
        &outer,
        &le(&[0xa000_0005, 1, 0xa000_0002, 0xa000_0005, 2, 0xa000_0001]),
    );
}

#[test]
fn a_holder_of_every_use_encodes_as_written_by_hand() {
    let h = types::Holder {
        a: enums::Maybe::Just(types::Just { value: -1 }),
        b: enums::Maybe::Just(types::Just {
            value: enums::InputUser::InputUser(types::InputUser { user_id: 9, access_hash: 10 }),
        }),
        c: enums::Pair::Pair(types::Pair { first: 3, second: String::new() }),
        d: types::List { items: vec![vec![8i64]], raw: vec![], last: None, unknown_flags: 0 },
        e: enums::Maybe::Nothing,
        f: enums::Node::Node(Box::new(types::Node { value: 6, next: enums::Maybe::Nothing })),
        g: vec![types::Pair { first: 11, second: 12 }],
    };
    let expected = le(&[
        0xa000_0010,
        // a: just, int -1
        0xa000_0002, 0xffff_ffff,
        // b: just, inputUser 9 10
        0xa000_0002, 0xf211_58c6, 9, 0, 10, 0,
        // c: pair, long 3, empty string (one length byte, padded)
        0xa000_0003, 3, 0, 0,
        // d: bare list: flags 0, items [[8]], raw []
        0, VECTOR, 1, VECTOR, 1, 8, 0, 0,
        // e: nothing
        0xa000_0001,
        // f: node 6 nothing
        0xa000_0005, 6, 0xa000_0001,
        // g: bare vector of bare pairs
        1, 11, 12,
    ]);
    exact(&h, &expected);
    // The enum of the holder, boxed the same way.
    exact(&enums::Holder::from(h.clone()), &expected);
}

#[test]
fn defaults_conversions_and_object() {
    // `Default` over arguments that have one (`Holder` has none: its
    // `Node int` would need `Maybe (Node int)`'s, which needs its own).
    assert_eq!(enums::Maybe::<i32>::default(), enums::Maybe::Nothing);
    assert_eq!(
        enums::Pair::<i64, String>::default(),
        enums::Pair::Pair(types::Pair { first: 0, second: String::new() })
    );
    assert_eq!(types::List::<i32>::default().items, Vec::<i32>::new());
    let m: enums::Maybe<i64> = types::Just { value: 3i64 }.into();
    assert_eq!(types::Just::try_from(m), Ok(types::Just { value: 3 }));
    assert!(types::Just::<i64>::try_from(enums::Maybe::Nothing).is_err());
    // Generic constructors are not in `Object` (the id does not say the
    // argument); `name_for_id` knows them; the plain `nothing` is there.
    assert_eq!(name_for_id(0xa000_0002), Some("just"));
    assert!(Object::from_bytes(&le(&[0xa000_0002, 7])).is_err());
    assert_eq!(
        Object::from_bytes(&le(&[0xa000_0001])).ok(),
        Some(Object::Nothing(types::Nothing))
    );
}

#[test]
fn functions_answer_and_wrap_generic_types() {
    let call = functions::GetMaybe { id: 4 };
    let answer: <functions::GetMaybe as RemoteCall>::Return = enums::Maybe::Nothing;
    assert_eq!(answer, enums::Maybe::<enums::InputUser>::Nothing);
    let wrapped = functions::InvokeWithMaybe {
        m: enums::Maybe::Just(types::Just { value: 1 }),
        query: call,
    };
    exact(&wrapped, &le(&[0xa000_0021, 0xa000_0002, 1, 0xa000_0020, 4]));
}

#[test]
fn json_round_trips() {
    let v = enums::Pair::Pair(types::Pair {
        first: enums::Maybe::Just(types::Just { value: 1i32 }),
        second: vec![true, false],
    });
    let back = enums::Pair::from_tree(v.to_tree()).expect("reads back");
    assert_eq!(back, v);
}

#[test]
fn truncated_input_is_an_error() {
    let b = le(&[0xa000_0002, 7]);
    for n in 0..b.len() {
        assert!(enums::Maybe::<i32>::from_bytes(&b[..n]).is_err());
    }
}
