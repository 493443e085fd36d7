//! The rendered text: byte for byte what `tl-codegen decode` prints.

mod common;

use common::*;
use typelang_inspect::{Field, Index, Item, Object, RenderOptions, Value, render};
use typelang_runtime::bytes::Bytes;

fn text(value: &Value) -> String {
    render(value, 0, RenderOptions::new())
}

#[test]
fn a_function_call_with_a_nested_constructor() {
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    let value = value_of(&index, "Object", &request_encryption().0);
    assert_eq!(
        text(&value),
        "\
messages.requestEncryption#f64daf43 {
    user_id: inputUser#f21158c6 {
        user_id: 1234567890
        access_hash: -42
    }
    random_id: 7
    g_a: bytes[5] 0102030405
}
"
    );
    let with_offsets = render(&value, 0, RenderOptions::new().with_offsets(true));
    assert_eq!(
        with_offsets,
        "\
[000000] messages.requestEncryption#f64daf43 {
[000004]     user_id: inputUser#f21158c6 {
[000008]         user_id: 1234567890
[000010]         access_hash: -42
             }
[000018]     random_id: 7
[00001c]     g_a: bytes[5] 0102030405
         }
"
    );
}

#[test]
fn flags_long_bytes_and_bare_objects() {
    let api = bundled("api.tl");
    let index = Index::new([&api]);
    let value = Wire::default()
        .u32(0x48f1d94c)
        .u32(1)
        .int(1)
        .int(99)
        .long(5)
        .int(1_700_000_000)
        .long(10)
        .long(20)
        .bytes(&[0xab; 40]);
    let shown = text(&value_of(&index, "EncryptedChat", &value.0));
    assert_eq!(
        shown,
        format!(
            "\
encryptedChatRequested#48f1d94c {{
    flags: 0x00000001
    folder_id: 1
    id: 99
    access_hash: 5
    date: 1700000000
    admin_id: 10
    participant_id: 20
    g_a: bytes[40]
        {}
        {}
}}
",
            "ab".repeat(32),
            "ab".repeat(8)
        )
    );
    let (bare, _) = decode_with(
        &index,
        "encryptedChatRequested",
        true,
        &value.0[4..],
        &Default::default(),
    )
    .unwrap();
    assert!(text(&bare).starts_with("%encryptedChatRequested {\n    flags: 0x00000001\n"));
}

#[test]
fn every_feature_of_the_fixture_schema() {
    let schema = fixture("decode.tl");
    let index = Index::new([&schema]);
    let value = value_of(&index, "Object", &every_feature(&schema).0);
    let expected = format!(
        "\
wrap#{wrap:08x} {{
    tag: 3
    query: sample#{sample:08x} {{
        flags: 0x00000007
        big: true
        name: \"hi\"
        ratio: 0.5
        ok: false
        nonce: int128 0x{nonce}
        key: int256 0x{key}
        points: vector[2] [
            %point {{
                x: 1
                y: 2
            }}
            %point {{
                x: 3
                y: 4
            }}
        ]
        ids: Vector[1] [
            -9
        ]
        count: 2
        pairs: [2] [
            {{
                a: 10
                b: 11
            }}
            {{
                a: 20
                b: 21
            }}
        ]
    }}
}}
",
        wrap = id_of(&schema, "wrap"),
        sample = id_of(&schema, "sample"),
        nonce = "11".repeat(16),
        key = "22".repeat(32),
    );
    assert_eq!(text(&value), expected);
}

#[test]
fn mtproto_containers() {
    let (api, mtproto) = (bundled("api.tl"), bundled("mtproto.tl"));
    let index = Index::new([&api, &mtproto]);
    let value = value_of(&index, "Object", &container(20).0);
    assert_eq!(
        text(&value),
        "\
msg_container#73f1f8dc {
    messages: vector[2] [
        %message {
            msg_id: 1
            seqno: 1
            bytes: 16
            body: rpc_result#f35c6d01 {
                req_msg_id: 77
                result: true
            }
        }
        %message {
            msg_id: 2
            seqno: 3
            bytes: 20
            body: msgs_ack#62d6b459 {
                msg_ids: Vector[1] [
                    5
                ]
            }
        }
    ]
}
"
    );
}

#[test]
fn untyped_vectors_and_versions() {
    let schema = fixture("decode.tl");
    let index = Index::new([&schema]);
    let point = id_of(&schema, "point");
    let points = Wire::default()
        .u32(0x1cb5c415)
        .u32(2)
        .u32(point)
        .int(1)
        .int(2)
        .u32(0x997275b5);
    assert_eq!(
        text(&value_of(&index, "Object", &points.0)),
        format!(
            "Vector[2] [\n    point#{point:08x} {{\n        x: 1\n        y: 2\n    }}\n    true\n]\n"
        )
    );
    let longs = Wire::default().u32(0x1cb5c415).u32(1).long(12345);
    assert_eq!(
        text(&value_of(&index, "Vector<long>", &longs.0)),
        "Vector[1] [\n    12345\n]\n"
    );

    let (api, secret) = (bundled("api.tl"), bundled("secret.tl"));
    let index = Index::new([&api, &secret]);
    let api_form = Wire::default().u32(0xe9763aec).int(50);
    assert_eq!(
        text(&value_of(&index, "SendMessageAction", &api_form.0)),
        "sendMessageUploadVideoAction#e9763aec {\n    progress: 50\n}\n"
    );
    let secret_form = Wire::default().u32(0x92042ff7);
    assert_eq!(
        text(&value_of(&index, "SendMessageAction", &secret_form.0)),
        "sendMessageUploadVideoAction#92042ff7\n"
    );
    assert_eq!(text(&Value::Bool(true)), "true\n");
}

fn field(name: &str, offset: usize, value: Value) -> Field {
    Field {
        name: name.to_owned(),
        offset,
        value,
    }
}

#[test]
fn renders_nested_objects_and_vectors() {
    let value = Value::Object(Box::new(Object {
        name: "a.b".to_owned(),
        id: 0x1234,
        boxed: true,
        fields: vec![
            field("flags", 4, Value::Flags(5)),
            field(
                "ids",
                8,
                Value::Vector {
                    boxed: true,
                    items: vec![
                        Item {
                            offset: 16,
                            value: Value::Long(-1),
                        },
                        Item {
                            offset: 24,
                            value: Value::Long(2),
                        },
                    ],
                },
            ),
            field("s", 32, Value::String(Bytes::from_static(b"hi\n"))),
            field(
                "e",
                36,
                Value::Vector {
                    boxed: false,
                    items: vec![],
                },
            ),
            field("", 40, Value::Repeated(vec![])),
        ],
    }));
    assert_eq!(
        text(&value),
        "a.b#00001234 {\n    flags: 0x00000005\n    ids: Vector[2] [\n        -1\n        2\n    ]\n    s: \"hi\\n\"\n    e: vector[0] []\n    _: [0] []\n}\n"
    );
}

#[test]
fn wraps_long_bytes_and_shows_offsets() {
    let value = Value::Bytes(Bytes::from(vec![0xab; 40]));
    let shown = render(&value, 8, RenderOptions::new().with_offsets(true));
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines[0], "[000008] bytes[40]");
    assert_eq!(lines[1], format!("             {}", "ab".repeat(32)));
    assert_eq!(lines[2], format!("             {}", "ab".repeat(8)));
    assert_eq!(lines.len(), 3);
}

#[test]
fn invalid_utf8_strings_fall_back_to_hex() {
    let value = Value::String(Bytes::from_static(&[0xff, 0x00]));
    assert_eq!(text(&value), "string (invalid UTF-8)[2] ff00\n");
    assert_eq!(text(&Value::Double(-0.0)), "-0.0\n");
    assert_eq!(
        text(&Value::Int128([0; 16])),
        format!("int128 0x{}\n", "00".repeat(16))
    );
}
