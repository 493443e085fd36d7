//! Decoding into value trees: every wire form the engine handles, asserted
//! on the tree (names, ids, boxing, offsets), not on text.

mod common;

use common::*;
use typelang_inspect::{Field, Index, Item, Object, Target, Value, decode_all};
use typelang_runtime::DecodeOptions;
use typelang_runtime::bytes::Bytes;

fn obj(name: &str, id: u32, boxed: bool, fields: Vec<Field>) -> Value {
    Value::Object(Box::new(Object {
        name: name.to_owned(),
        id,
        boxed,
        fields,
    }))
}

fn f(name: &str, offset: usize, value: Value) -> Field {
    Field {
        name: name.to_owned(),
        offset,
        value,
    }
}

fn item(offset: usize, value: Value) -> Item {
    Item { offset, value }
}

fn request_encryption_tree() -> Value {
    obj(
        "messages.requestEncryption",
        0xf64daf43,
        true,
        vec![
            f(
                "user_id",
                4,
                obj(
                    "inputUser",
                    0xf21158c6,
                    true,
                    vec![
                        f("user_id", 8, Value::Long(1234567890)),
                        f("access_hash", 16, Value::Long(-42)),
                    ],
                ),
            ),
            f("random_id", 24, Value::Int(7)),
            f(
                "g_a",
                28,
                Value::Bytes(Bytes::from_static(&[1, 2, 3, 4, 5])),
            ),
        ],
    )
}

#[test]
fn a_function_by_name_and_by_id_gives_the_same_tree() {
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    let wire = request_encryption().0;
    assert_eq!(
        value_of(&index, "messages.requestEncryption", &wire),
        request_encryption_tree()
    );
    assert_eq!(value_of(&index, "Object", &wire), request_encryption_tree());
    let any = decode_all(&index, &Target::Any, &wire, &DecodeOptions::new()).unwrap();
    assert_eq!(any, request_encryption_tree());
}

#[test]
fn conditional_fields_follow_their_flags_word() {
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    let with_folder = Wire::default()
        .u32(0x48f1d94c)
        .u32(1) // flags: folder_id present
        .int(1) // folder_id
        .int(99) // id
        .long(5) // access_hash
        .int(1_700_000_000) // date
        .long(10) // admin_id
        .long(20) // participant_id
        .bytes(&[0xab; 40]); // g_a
    let value = value_of(&index, "EncryptedChat", &with_folder.0);
    let chat = value.as_object().unwrap();
    assert_eq!(
        (chat.name.as_str(), chat.id, chat.boxed),
        ("encryptedChatRequested", 0x48f1d94c, true)
    );
    let names: Vec<&str> = chat.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "flags",
            "folder_id",
            "id",
            "access_hash",
            "date",
            "admin_id",
            "participant_id",
            "g_a"
        ]
    );
    // The word is kept raw, and typed as flags because a condition uses it.
    assert_eq!(chat.fields[0], f("flags", 4, Value::Flags(1)));
    assert_eq!(chat.field("folder_id"), Some(&Value::Int(1)));
    assert_eq!(
        chat.field("g_a"),
        Some(&Value::Bytes(Bytes::from(vec![0xab; 40])))
    );

    // Without the flag the field is absent from the wire and the tree.
    let without = Wire::default()
        .u32(0x48f1d94c)
        .u32(0)
        .int(99)
        .long(5)
        .int(0)
        .long(10)
        .long(20)
        .bytes(b"");
    let value = value_of(&index, "encryptedChatRequested", &without.0);
    let chat = value.as_object().unwrap();
    assert_eq!(chat.field("folder_id"), None);
    assert_eq!(chat.field("id"), Some(&Value::Int(99)));
    assert_eq!(chat.fields[1].offset, 8);

    // Bare: the fields without the id, the object marked so.
    let (bare, left) = decode_with(
        &index,
        "encryptedChatRequested",
        true,
        &without.0[4..],
        &DecodeOptions::new(),
    )
    .unwrap();
    assert_eq!(left, 0);
    let bare = bare.as_object().unwrap();
    assert!(!bare.boxed);
    assert_eq!(bare.id, 0x48f1d94c);
    assert_eq!(bare.fields.len(), chat.fields.len());
    assert_eq!(bare.fields[1].offset, 4);
}

#[test]
fn every_feature_of_the_fixture_schema() {
    let schema = fixture("decode.tl");
    let index = Index::new([&schema]);
    let id = |name| id_of(&schema, name);
    let wire = every_feature(&schema).0;
    let point = |x, y, at| {
        obj(
            "point",
            id("point"),
            false,
            vec![f("x", at, Value::Int(x)), f("y", at + 4, Value::Int(y))],
        )
    };
    let sample = obj(
        "sample",
        id("sample"),
        true,
        vec![
            f("flags", 12, Value::Flags(7)),
            f("big", 16, Value::True),
            f("name", 16, Value::String(Bytes::from_static(b"hi"))),
            f("ratio", 20, Value::Double(0.5)),
            f("ok", 28, Value::Bool(false)),
            f("nonce", 32, Value::Int128([0x11; 16])),
            f("key", 48, Value::Int256([0x22; 32])),
            f(
                "points",
                80,
                Value::Vector {
                    boxed: false,
                    items: vec![item(84, point(1, 2, 84)), item(92, point(3, 4, 92))],
                },
            ),
            f(
                "ids",
                100,
                Value::Vector {
                    boxed: true,
                    items: vec![item(108, Value::Long(-9))],
                },
            ),
            f("count", 116, Value::Nat(2)),
            f(
                "pairs",
                120,
                Value::Repeated(vec![
                    vec![f("a", 120, Value::Int(10)), f("b", 124, Value::Long(11))],
                    vec![f("a", 132, Value::Int(20)), f("b", 136, Value::Long(21))],
                ]),
            ),
        ],
    );
    let expected = obj(
        "wrap",
        id("wrap"),
        true,
        vec![f("tag", 4, Value::Int(3)), f("query", 8, sample)],
    );
    assert_eq!(value_of(&index, "Object", &wire), expected);
}

#[test]
fn generic_constructors_substitute_their_arguments() {
    let schema = parse("pair {t:Type} a:t b:t = Pair t;");
    let index = Index::new([&schema]);
    let pair = id_of(&schema, "pair");
    let wire = Wire::default().u32(pair).long(7).long(-8).0;
    let value = value_of(&index, "Pair<long>", &wire);
    let obj = value.as_object().unwrap();
    assert_eq!(obj.fields[0].value, Value::Long(7));
    assert_eq!(obj.fields[1].value, Value::Long(-8));
    // The same bytes as `Pair<int>` are four ints' worth: a different tree.
    let (value, left) = decode_as(&index, "Pair<int>", &wire).unwrap();
    assert_eq!(left, 8);
    assert_eq!(value.as_object().unwrap().fields[1].value, Value::Int(0));
}

#[test]
fn mtproto_wrappers_that_clients_parse_by_hand() {
    let (api, mtproto) = (bundled("api.tl"), bundled("mtproto.tl"));
    let index = Index::new([&api, &mtproto]);
    let wire = container(20).0;
    let value = value_of(&index, "Object", &wire);
    let container = value.as_object().unwrap();
    assert_eq!(
        (container.name.as_str(), container.id),
        ("msg_container", 0x73f1f8dc)
    );
    let messages = container.field("messages").unwrap();
    let Value::Vector {
        boxed: false,
        items,
    } = messages
    else {
        panic!("a bare vector: {messages:?}")
    };
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].offset, 8);
    let first = items[0].value.as_object().unwrap();
    assert_eq!(
        (first.name.as_str(), first.id, first.boxed),
        ("message", 0, false)
    );
    assert_eq!(first.field("bytes"), Some(&Value::Int(16)));
    let rpc_result = obj(
        "rpc_result",
        0xf35c6d01,
        true,
        vec![
            f("req_msg_id", 28, Value::Long(77)),
            f("result", 36, Value::Bool(true)),
        ],
    );
    assert_eq!(first.field("body"), Some(&rpc_result));
    let second = items[1].value.as_object().unwrap();
    let ack = second.field("body").and_then(Value::as_object).unwrap();
    assert_eq!(ack.name, "msgs_ack");
    assert_eq!(
        ack.field("msg_ids").and_then(Value::as_items).unwrap(),
        [item(68, Value::Long(5))]
    );

    // gzip_packed is inflated: three bytes of a gzip header are not a
    // gzip stream, and say so where they are.
    let gzip = Wire::default().u32(0x3072cfa1).bytes(&[0x1f, 0x8b, 8]).0;
    let err = decode_as(&index, "Object", &gzip).unwrap_err();
    let read = err.as_decode_error().expect("a runtime error");
    assert!(
        matches!(
            read.kind(),
            typelang_runtime::DecodeErrorKind::InvalidGzip { .. }
        ),
        "{err}"
    );
    assert_eq!(err.path().to_string(), "gzip_packed.packed_data");
}

#[test]
fn rpc_error_is_known_without_mtproto_tl() {
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    let wire = Wire::default()
        .u32(0xf35c6d01)
        .long(9)
        .u32(0x2144ca19)
        .int(420)
        .bytes(b"FLOOD_WAIT_30")
        .0;
    let value = value_of(&index, "Object", &wire);
    let result = value.as_object().unwrap().field("result").unwrap();
    assert_eq!(
        result,
        &obj(
            "rpc_error",
            0x2144ca19,
            true,
            vec![
                f("error_code", 16, Value::Int(420)),
                f(
                    "error_message",
                    20,
                    Value::String(Bytes::from_static(b"FLOOD_WAIT_30"))
                ),
            ]
        )
    );
    // With mtproto.tl the schema's own definition decodes it: the same tree.
    let mtproto = bundled("mtproto.tl");
    let both = Index::new([&api, &mtproto]);
    assert_eq!(value_of(&both, "Object", &wire), value);
}

#[test]
fn untyped_vectors_of_objects() {
    let schema = fixture("decode.tl");
    let index = Index::new([&schema]);
    let point = id_of(&schema, "point");
    let wire = Wire::default()
        .u32(0x1cb5c415)
        .u32(2)
        .u32(point)
        .int(1)
        .int(2)
        .u32(0x997275b5)
        .0;
    assert_eq!(
        value_of(&index, "Object", &wire),
        Value::Vector {
            boxed: true,
            items: vec![
                item(
                    8,
                    obj(
                        "point",
                        point,
                        true,
                        vec![f("x", 12, Value::Int(1)), f("y", 16, Value::Int(2))]
                    )
                ),
                item(20, Value::Bool(true)),
            ]
        }
    );
    // Without ids in the elements, the element type must be named.
    let longs = Wire::default().u32(0x1cb5c415).u32(1).long(12345).0;
    assert_eq!(
        value_of(&index, "Vector<long>", &longs),
        Value::Vector {
            boxed: true,
            items: vec![item(8, Value::Long(12345))]
        }
    );
}

#[test]
fn every_version_of_a_name_decodes_by_its_own_id() {
    let (api, secret) = (bundled("api.tl"), bundled("secret.tl"));
    let index = Index::new([&api, &secret]);
    let api_form = Wire::default().u32(0xe9763aec).int(50).0;
    assert_eq!(
        value_of(&index, "SendMessageAction", &api_form),
        obj(
            "sendMessageUploadVideoAction",
            0xe9763aec,
            true,
            vec![f("progress", 4, Value::Int(50))]
        )
    );
    let secret_form = Wire::default().u32(0x92042ff7).0;
    assert_eq!(
        value_of(&index, "SendMessageAction", &secret_form),
        obj("sendMessageUploadVideoAction", 0x92042ff7, true, vec![])
    );
}

#[test]
fn builtins_at_the_top_level() {
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    assert_eq!(
        value_of(&index, "Bool", &0x997275b5u32.to_le_bytes()),
        Value::Bool(true)
    );
    assert_eq!(
        value_of(&index, "int", &(-5i32).to_le_bytes()),
        Value::Int(-5)
    );
    assert_eq!(value_of(&index, "#", &5u32.to_le_bytes()), Value::Nat(5));
    assert_eq!(
        value_of(&index, "True", &0x3fedd339u32.to_le_bytes()),
        Value::True
    );
    assert_eq!(value_of(&index, "true", &[]), Value::True);
    let bare_longs = Wire::default().u32(2).long(1).long(2).0;
    assert_eq!(
        value_of(&index, "vector<long>", &bare_longs),
        Value::Vector {
            boxed: false,
            items: vec![item(4, Value::Long(1)), item(12, Value::Long(2))]
        }
    );
    // Bytes left after the value are the caller's to judge...
    let extra = Wire::default().u32(0x997275b5).u32(0).0;
    assert_eq!(
        decode_as(&index, "Bool", &extra).unwrap(),
        (Value::Bool(true), 4)
    );
    // ...and decode_all refuses them.
    let target = Target::parse(&index, "Bool", false).unwrap();
    let err = decode_all(&index, &target, &extra, &DecodeOptions::new()).unwrap_err();
    assert_eq!(err.offset(), 4);
    assert!(matches!(
        err.as_decode_error().map(|e| e.kind()),
        Some(typelang_runtime::DecodeErrorKind::TrailingBytes { remaining: 4 })
    ));
}

#[test]
fn element_counts_are_bounded_by_the_smallest_element_not_a_guess() {
    // Three `boolTrue` objects take 12 bytes: an `Object` element is at
    // least its 4-byte id, not 8.
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    let bools = Wire::default()
        .u32(0x1cb5c415)
        .u32(3)
        .u32(0x997275b5)
        .u32(0x997275b5)
        .u32(0xbc799737)
        .0;
    let value = value_of(&index, "Vector<Object>", &bools);
    assert_eq!(value.as_items().map(<[Item]>::len), Some(3));
    // Elements that take no bytes are still counted as one byte each, so
    // a count alone cannot make the decoder loop or allocate for long.
    let schema = parse("unit = Unit;\nunits xs:vector<%Unit> = Units;");
    let index = Index::new([&schema]);
    let wire = Wire::default().u32(id_of(&schema, "units")).u32(2).u32(0).0;
    let (value, left) = decode_as(&index, "Units", &wire).unwrap();
    let xs = value.as_object().unwrap().field("xs").unwrap();
    assert_eq!((xs.as_items().map(<[Item]>::len), left), (Some(2), 4));
    let err = decode_as(&index, "Units", &wire[..8]).unwrap_err();
    assert_eq!(err.path().to_string(), "units.xs");
    assert!(matches!(
        err.as_decode_error().map(|e| e.kind()),
        Some(typelang_runtime::DecodeErrorKind::LengthOutOfRange {
            length: 2,
            limit: 0
        })
    ));
}

/// `Vector<long>` [1, -2, 3], gzip-compressed by Python's zlib
/// (`gzip.compress(data, mtime=0)`), not by the code under test.
const GZIP_VECTOR_LONG: &str =
    "1f8b0800000000000203133db2558699818181910102fefd870066281f00445ae88820000000";
/// `boolTrue`, gzip-compressed the same way.
const GZIP_BOOL_TRUE: &str = "1f8b0800000000000203db5a5a3413009bfb08cd04000000";

fn unhex(text: &str) -> Vec<u8> {
    typelang_inspect::parse_hex(text).expect("hex")
}

fn gzip_packed(inner_gz: &str) -> Wire {
    Wire::default().u32(0x3072cfa1).bytes(&unhex(inner_gz))
}

fn longs(offsets_and_values: &[(usize, i64)]) -> Value {
    Value::Vector {
        boxed: true,
        items: offsets_and_values
            .iter()
            .map(|&(o, v)| item(o, Value::Long(v)))
            .collect(),
    }
}

#[test]
fn gzip_packed_answers_are_inflated_and_typed_by_the_request() {
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    let request = index
        .definition("messages.receivedQueue")
        .expect("in api.tl");
    let wire = Wire::default()
        .u32(0xf35c6d01)
        .long(0x1234)
        .raw(&gzip_packed(GZIP_VECTOR_LONG).0);
    let mut reader = typelang_runtime::Reader::new(&wire.0, &DecodeOptions::DEFAULT);
    let value = typelang_inspect::decode_answering(
        &index,
        &mut reader,
        &Target::Any,
        Some(&request.result),
    )
    .expect("decodes");
    assert_eq!(reader.remaining(), 0);
    let rpc = value.as_object().expect("rpc_result");
    assert_eq!(rpc.name, "rpc_result");
    let Some(Value::Packed { packed, inner }) = rpc.field("result") else {
        panic!("result is not a gzip_packed: {value:?}");
    };
    assert_eq!(packed.as_ref(), unhex(GZIP_VECTOR_LONG).as_slice());
    // Offsets inside count from the start of the inflated data.
    assert_eq!(**inner, longs(&[(8, 1), (16, -2), (24, 3)]));

    // Without the request the elements' type is not on the wire.
    let err = decode_all(&index, &Target::Any, &wire.0, &DecodeOptions::DEFAULT).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            typelang_inspect::ErrorKind::UntypedVector { count: 3, .. }
        ),
        "{err}"
    );
    assert_eq!(
        err.path().to_string(),
        "rpc_result.result > gzip_packed.packed_data"
    );
}

#[test]
fn gzip_packed_stands_for_a_value_of_the_expected_type() {
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    let wire = gzip_packed(GZIP_VECTOR_LONG);
    let value = value_of(&index, "Vector<long>", &wire.0);
    assert_eq!(
        value,
        Value::Packed {
            packed: Bytes::from(unhex(GZIP_VECTOR_LONG)),
            inner: Box::new(longs(&[(8, 1), (16, -2), (24, 3)])),
        }
    );
    let wire = gzip_packed(GZIP_BOOL_TRUE);
    let Value::Packed { inner, .. } = value_of(&index, "Object", &wire.0) else {
        panic!("not inflated");
    };
    assert_eq!(*inner, Value::Bool(true));
}

#[test]
fn gzip_packed_inflates_within_the_limit() {
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    // 32 inflated bytes against a limit of 31.
    let wire = gzip_packed(GZIP_VECTOR_LONG);
    let options = DecodeOptions::new().with_max_inflated_size(31);
    let err = decode_with(&index, "Vector<long>", false, &wire.0, &options).unwrap_err();
    let read = err.as_decode_error().expect("a runtime error");
    assert!(
        matches!(
            read.kind(),
            typelang_runtime::DecodeErrorKind::InflatedTooLarge { limit: 31 }
        ),
        "{err}"
    );
    // Exactly at the limit it inflates.
    let options = DecodeOptions::new().with_max_inflated_size(32);
    assert!(decode_with(&index, "Vector<long>", false, &wire.0, &options).is_ok());
    // Truncated anywhere: an error, never a panic.
    for cut in 0..wire.0.len() {
        assert!(
            decode_as(&index, "Vector<long>", &wire.0[..cut]).is_err(),
            "cut at {cut}"
        );
    }
}
