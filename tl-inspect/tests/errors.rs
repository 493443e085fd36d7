//! Hostile and broken input: typed errors that say what, where and in which
//! field, and never a panic.

mod common;

use common::*;
use typelang_inspect::{
    Error, ErrorKind, Expected, Index, Known, RenderOptions, SchemaProblem, Step, Target, Value,
    decode, render, with_stack_for_depth,
};
use typelang_runtime::{DecodeErrorKind, DecodeOptions, Reader};

fn read_kind(e: &Error) -> &DecodeErrorKind {
    match e.kind() {
        ErrorKind::Read(d) => d.kind(),
        other => panic!("not a read error: {other:?}"),
    }
}

#[test]
fn truncated_input_says_what_and_where() {
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    // Cut inside access_hash (bytes 16..24).
    let cut = &request_encryption().0[..20];
    let err = decode_as(&index, "messages.requestEncryption", cut).unwrap_err();
    assert_eq!(
        read_kind(&err),
        &DecodeErrorKind::UnexpectedEnd {
            needed: 8,
            available: 4
        }
    );
    assert_eq!(err.offset(), 16);
    assert_eq!(
        err.path().steps(),
        [
            Step::Field {
                owner: "messages.requestEncryption".into(),
                field: "user_id".into()
            },
            Step::Field {
                owner: "inputUser".into(),
                field: "access_hash".into()
            },
        ]
    );
    assert_eq!(
        err.kind().to_string(),
        "the input ends too early: 8 bytes needed, 4 left"
    );
    assert_eq!(
        err.path().to_string(),
        "messages.requestEncryption.user_id > inputUser.access_hash"
    );
    assert_eq!(
        err.to_string(),
        "the input ends too early: 8 bytes needed, 4 left at byte 16 \
         (in messages.requestEncryption.user_id > inputUser.access_hash)"
    );
}

#[test]
fn truncation_at_every_offset_of_a_real_value_is_an_error() {
    let (api, mtproto) = (bundled("api.tl"), bundled("mtproto.tl"));
    let fixture_schema = fixture("decode.tl");
    let api_index = Index::new([&api, &mtproto]);
    let fixture_index = Index::new([&fixture_schema]);
    let cases = [
        (
            &api_index,
            "messages.requestEncryption",
            request_encryption().0,
        ),
        (&api_index, "Object", request_encryption().0),
        (&api_index, "Object", container(20).0),
        (&fixture_index, "Object", every_feature(&fixture_schema).0),
    ];
    for (index, ty, full) in cases {
        assert!(value_of(index, ty, &full).as_object().is_some());
        for len in 0..full.len() {
            let err = decode_as(index, ty, &full[..len])
                .map(|(v, left)| format!("{ty} decoded from {len} bytes: {v:?}, {left} left"))
                .unwrap_err();
            // The input ends, or a count it announces cannot fit in it.
            let cut_short = match err.kind() {
                ErrorKind::Repetitions { .. } => true,
                ErrorKind::Read(e) => matches!(
                    e.kind(),
                    DecodeErrorKind::UnexpectedEnd { .. }
                        | DecodeErrorKind::LengthOutOfRange { .. }
                ),
                _ => false,
            };
            assert!(cut_short, "{ty} cut at {len}: {err}");
            assert!(err.offset() <= len, "{ty} cut at {len}: {err}");
        }
    }
}

#[test]
fn unknown_constructor_ids_are_reported_with_the_id() {
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    let err = decode_as(&index, "Object", &[0xde, 0xad, 0xbe, 0xef]).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::UnexpectedId {
            id: 0xefbeadde,
            expected: Expected::Object,
            known: None
        }
    );
    assert_eq!(err.offset(), 0);
    assert_eq!(
        err.kind().to_string(),
        "unknown constructor id 0xefbeadde: no constructor or function of the schemas has it"
    );

    // Inside a field: the id, the type wanted, and the field.
    let mut wire = request_encryption().0;
    wire[4..8].copy_from_slice(&0x1234_5678u32.to_le_bytes());
    let err = decode_as(&index, "Object", &wire).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::UnexpectedId {
            id: 0x1234_5678,
            expected: Expected::Type("InputUser".into()),
            known: None
        }
    );
    assert_eq!(err.offset(), 4);
    assert_eq!(err.path().to_string(), "messages.requestEncryption.user_id");
    assert_eq!(
        err.kind().to_string(),
        "unexpected constructor id 0x12345678 for type `InputUser` (unknown to the schemas)"
    );

    // A known id of the wrong type is named.
    let err = decode_as(&index, "EncryptedChat", &request_encryption().0).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::UnexpectedId {
            id: 0xf64daf43,
            expected: Expected::Type("EncryptedChat".into()),
            known: Some(Known::Function {
                name: "messages.requestEncryption".into()
            })
        }
    );
    assert!(err.kind().to_string().contains(
        "unexpected constructor id 0xf64daf43 for type `EncryptedChat` (function `messages.requestEncryption`)"
    ));

    // A named definition wants its own id.
    let err = decode_as(&index, "inputUser", &request_encryption().0).unwrap_err();
    assert_eq!(
        err.kind().to_string(),
        "expected the id of `inputUser` (0xf21158c6), found 0xf64daf43 (function `messages.requestEncryption`)"
    );
    // Builtins too.
    let err = decode_as(&index, "Bool", &[0; 4]).unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::UnexpectedId {
            id: 0,
            expected: Expected::Bool,
            ..
        }
    ));
    let err = decode_as(&index, "Vector<long>", &0x997275b5u32.to_le_bytes()).unwrap_err();
    assert_eq!(
        err.kind().to_string(),
        "expected a Vector (0x1cb5c415), found 0x997275b5 (constructor `boolTrue` of type `Bool`)"
    );
}

#[test]
fn counts_that_cannot_fit_are_refused_before_allocating() {
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    let huge = Wire::default().u32(0x1cb5c415).u32(0x7fff_ffff).long(1).0;
    let err = decode_as(&index, "Vector<long>", &huge).unwrap_err();
    assert_eq!(
        read_kind(&err),
        &DecodeErrorKind::LengthOutOfRange {
            length: 0x7fff_ffff,
            limit: 1
        }
    );
    assert_eq!(err.offset(), 4);
    assert!(
        err.kind()
            .to_string()
            .contains("count of 2147483647 cannot fit")
    );

    let schema = parse("r n:# rows:n*[ x:long ] = R;");
    let index = Index::new([&schema]);
    let wire = Wire::default().u32(id_of(&schema, "r")).u32(1000).long(1).0;
    let err = decode_as(&index, "R", &wire).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::Repetitions {
            count: 1000,
            min_size: 8,
            remaining: 8
        }
    );
    assert_eq!(
        (err.offset(), err.path().to_string()),
        (8, "r.rows".to_owned())
    );
}

#[test]
fn deep_nesting_stops_at_the_limit() {
    let schema = fixture("decode.tl");
    let index = Index::new([&schema]);
    let node = id_of(&schema, "node");
    let four = nested_nodes(node, 4);
    assert!(value_of(&index, "Node", &four).as_object().is_some());
    // node, children, node, children, ...: four levels hold two nodes.
    let options = DecodeOptions::new().with_max_depth(4);
    let err = decode_with(&index, "Node", false, &four, &options).unwrap_err();
    assert_eq!(
        read_kind(&err),
        &DecodeErrorKind::RecursionLimit { limit: 4 }
    );
    assert_eq!(
        err.kind().to_string(),
        "the value nests deeper than 4 levels"
    );

    // A hundred thousand levels of input, a limit of 50.
    let deep = nested_nodes(node, 100_000);
    let options = DecodeOptions::new().with_max_depth(50);
    let err = decode_with(&index, "Node", false, &deep, &options).unwrap_err();
    assert_eq!(
        read_kind(&err),
        &DecodeErrorKind::RecursionLimit { limit: 50 }
    );
    let steps = "node.children[0] > ".repeat(4);
    assert_eq!(
        err.path().to_string(),
        format!("{steps}... 17 more ... > {}", steps.trim_end_matches(" > "))
    );
    assert_eq!(err.path().steps().len(), 50);
    // The 51st level is the fields of the 26th node, just after its id.
    assert_eq!(err.offset(), 25 * 16 + 4);
}

#[test]
fn a_high_limit_runs_on_a_stack_sized_for_it() {
    let schema = fixture("decode.tl");
    let index = Index::new([&schema]);
    let node = id_of(&schema, "node");
    let levels = 2_500; // 5,000 levels of nesting: nodes and their vectors
    let deep = nested_nodes(node, levels);
    let options = DecodeOptions::new().with_max_depth(2 * levels);
    let target = Target::parse(&index, "Node", false).unwrap();
    let lines = with_stack_for_depth(options.max_depth, || {
        let mut reader = Reader::new(&deep, &options);
        let value = decode(&index, &mut reader, &target).expect("within the limit");
        // Rendering and dropping recurse too: both happen here.
        render(&value, 0, RenderOptions::new()).lines().count()
    })
    .expect("the thread starts");
    // Per node: its line, `value`, `children: Vector[1] [`, and two closers
    // (the innermost node has `children: Vector[0] []` and one closer).
    assert_eq!(lines, levels * 5 - 1);
    // One level less fails.
    let options = DecodeOptions::new().with_max_depth(2 * levels - 1);
    let err = with_stack_for_depth(options.max_depth, || {
        let mut reader = Reader::new(&deep, &options);
        decode(&index, &mut reader, &target).map(|_| ())
    })
    .unwrap()
    .unwrap_err();
    assert!(matches!(
        read_kind(&err),
        DecodeErrorKind::RecursionLimit { .. }
    ));
}

#[test]
fn untyped_vectors_of_plain_values_need_a_type() {
    let schema = fixture("decode.tl");
    let index = Index::new([&schema]);
    let longs = Wire::default().u32(0x1cb5c415).u32(1).long(12345).0;
    let err = decode_as(&index, "Object", &longs).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::UntypedVector {
            count: 1,
            first: 12345
        }
    );
    assert_eq!(err.offset(), 8);
    // An element that fails inside an untyped vector is named as such.
    let wire = Wire::default()
        .u32(0x1cb5c415)
        .u32(2)
        .u32(0x997275b5)
        .u32(0xdead)
        .0;
    let err = decode_as(&index, "Object", &wire).unwrap_err();
    assert_eq!(err.path().steps(), [Step::AnyElement(1)]);
    assert_eq!(err.path().to_string(), "Vector[1]");
}

#[test]
fn container_bodies_must_fill_their_announced_length() {
    let (api, mtproto) = (bundled("api.tl"), bundled("mtproto.tl"));
    let index = Index::new([&api, &mtproto]);
    let err = decode_as(&index, "Object", &container(24).0).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::BodyLength {
            used: 20,
            announced: 24
        }
    );
    assert_eq!(
        err.kind().to_string(),
        "the body takes 20 bytes but the message header announces 24"
    );
    assert_eq!(
        err.path().to_string(),
        "msg_container.messages[1] > message.body"
    );
    // The second body starts after the container's id and count, the first
    // message (16 bytes of header, 16 of body) and the second header.
    assert_eq!(err.offset(), 56);
}

#[test]
fn schemas_that_cannot_describe_the_value_say_so() {
    let schema = parse("a x:Foo = A;\nb = B;\nc = B;\nd x:%B = D;");
    let index = Index::new([&schema]);
    let a = Wire::default().u32(id_of(&schema, "a")).u32(0).0;
    let err = decode_as(&index, "A", &a).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::Schema(SchemaProblem::UndefinedType("Foo".into()))
    );
    assert_eq!(err.path().to_string(), "a.x");
    let d = Wire::default().u32(id_of(&schema, "d")).0;
    let err = decode_as(&index, "D", &d).unwrap_err();
    assert_eq!(
        err.kind().to_string(),
        "the bare type `%B` is ambiguous: `B` has 2 constructors"
    );
}

#[test]
fn type_texts_that_name_nothing_get_a_suggestion() {
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    let err = Target::parse(&index, "encryptedchat", false).unwrap_err();
    assert_eq!(err.suggestion(), Some("EncryptedChat"));
    assert!(Target::parse(&index, "Object", true).is_err());
    assert!(Target::parse(&index, "Vector<", false).is_err());
}

/// xorshift64*: deterministic, dependency-free pseudo-random bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_input_after_a_known_id_never_panics() {
    let schemas = [
        bundled("api.tl"),
        bundled("mtproto.tl"),
        bundled("secret.tl"),
    ];
    let index = Index::new(&schemas);
    let mut ids: Vec<u32> = index.definitions().map(|d| d.id).collect();
    ids.sort_unstable();
    let options = DecodeOptions::new();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut ok, mut failed) = (0, 0);
    for _ in 0..20_000 {
        let id = ids[rng.below(ids.len())];
        let mut input = id.to_le_bytes().to_vec();
        let len = rng.below(96);
        // Small values make flags, counts and lengths plausible often
        // enough to reach deep into the schema.
        input.extend((0..len).map(|_| match rng.below(4) {
            0 => 0,
            1 => 1,
            _ => rng.next() as u8,
        }));
        let mut reader = Reader::new(&input, &options);
        match decode(&index, &mut reader, &Target::Any) {
            Ok(value) => {
                assert!(
                    matches!(
                        value,
                        Value::Object(_) | Value::Bool(_) | Value::Vector { .. }
                    ),
                    "{value:?}"
                );
                ok += 1;
            }
            Err(e) => {
                assert!(e.offset() <= input.len(), "{e:?} for {input:02x?}");
                assert!(!e.kind().to_string().is_empty());
                failed += 1;
            }
        }
    }
    // Both outcomes must occur, or the test exercises nothing.
    assert!(ok > 100 && failed > 100, "ok {ok}, failed {failed}");
}
