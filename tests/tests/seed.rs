//! The seed call end to end: `messages.requestEncryption` built, serialized
//! byte for byte, every `EncryptedChat` answer decoded, its documented errors
//! recognised, and the subset build that contains only what it needs.
//!
//! Every byte vector here is written by hand from the MTProto serialization
//! rules (little-endian 32/64-bit integers; boxed values start with their
//! constructor id, itself little-endian; `bytes`/`string` of length < 254 are
//! one length byte + data, otherwise 0xfe + 3-byte length + data, padded
//! with zeros to a multiple of 4), never produced by our own encoder.

use tl_tests::telegram::{enums, functions, types};
use typelang_runtime::{Deserializable, RemoteCall, RpcError, Serializable};

/// Parses hex written with spaces, newlines and `//` comments.
fn hex(text: &str) -> Vec<u8> {
    let digits: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .flat_map(|line| line.chars().filter(|c| c.is_ascii_hexdigit()))
        .collect();
    assert!(digits.len().is_multiple_of(2), "odd number of hex digits");
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap())
        .collect()
}

fn g_a() -> Vec<u8> {
    (0..=255u8).collect()
}

fn request() -> functions::messages::RequestEncryption {
    functions::messages::RequestEncryption {
        user_id: types::InputUser {
            user_id: 1_234_567_890,
            access_hash: -2,
        }
        .into(),
        random_id: 0xdead_beef_u32 as i32,
        g_a: g_a().into(),
    }
}

#[test]
fn request_encryption_serializes_byte_exactly() {
    let mut expected = hex("
        43 af 4d f6              // messages.requestEncryption#f64daf43, little-endian
        c6 58 11 f2              // user_id: boxed InputUser, inputUser#f21158c6
        d2 02 96 49 00 00 00 00  //   user_id:long = 1234567890 = 0x499602d2
        fe ff ff ff ff ff ff ff  //   access_hash:long = -2 (two's complement)
        ef be ad de              // random_id:int = 0xdeadbeef
        fe 00 01 00              // g_a:bytes, 256 bytes >= 254: 0xfe + 3-byte length 0x000100
    ");
    // ... then the 256 bytes 00..ff; 4 + 256 is a multiple of 4, so no padding.
    expected.extend(g_a());

    let call = request();
    let bytes = call.to_bytes();
    assert_eq!(bytes.len(), 4 + 4 + 16 + 4 + 4 + 256);
    assert_eq!(bytes, expected);
    assert_eq!(call.serialized_len(), expected.len());
    // Functions are decodable too in this build (traffic dumps, test servers).
    assert_eq!(
        functions::messages::RequestEncryption::from_bytes(&expected).unwrap(),
        call
    );
}

#[test]
fn request_encryption_with_short_g_a_pads_to_four() {
    let mut call = request();
    call.user_id = enums::InputUser::Empty;
    call.g_a = vec![0xaa, 0xbb].into();
    let expected = hex("
        43 af 4d f6   // messages.requestEncryption
        cf 86 88 b9   // inputUserEmpty#b98886cf (no fields)
        ef be ad de   // random_id
        02 aa bb 00   // 1 length byte + 2 bytes + 1 zero of padding
    ");
    assert_eq!(call.to_bytes(), expected);
}

/// The id of the answer type is checked statically: the call returns
/// `EncryptedChat`.
fn decode_answer<C: RemoteCall>(_: &C, bytes: &[u8]) -> C::Return {
    C::Return::from_bytes(bytes).unwrap()
}

#[test]
fn every_encrypted_chat_answer_decodes_and_reencodes() {
    let call = request();
    let cases: Vec<(&str, Vec<u8>, enums::EncryptedChat)> = vec![
        (
            "encryptedChatEmpty",
            hex("a0 c0 7e ab   // encryptedChatEmpty#ab7ec0a0
                 2a 00 00 00   // id:int = 42"),
            types::EncryptedChatEmpty { id: 42 }.into(),
        ),
        (
            "encryptedChatWaiting",
            hex("53 59 b2 66               // encryptedChatWaiting#66b25953
                 2a 00 00 00               // id = 42
                 08 07 06 05 04 03 02 01   // access_hash = 0x0102030405060708
                 00 e1 f5 05               // date = 100000000
                 0a 00 00 00 00 00 00 00   // admin_id = 10
                 0b 00 00 00 00 00 00 00   // participant_id = 11"),
            types::EncryptedChatWaiting {
                id: 42,
                access_hash: 0x0102_0304_0506_0708,
                date: 100_000_000,
                admin_id: 10,
                participant_id: 11,
            }
            .into(),
        ),
        (
            "encryptedChatRequested",
            hex(
                "4c d9 f1 48               // encryptedChatRequested#48f1d94c
                 01 00 00 00               // flags = bit 0 (folder_id present)
                 01 00 00 00               // folder_id = 1
                 2a 00 00 00               // id = 42
                 ff ff ff ff ff ff ff 7f   // access_hash = i64::MAX
                 00 e1 f5 05               // date
                 0a 00 00 00 00 00 00 00   // admin_id
                 0b 00 00 00 00 00 00 00   // participant_id
                 03 01 02 03               // g_a: 3 bytes, no padding needed",
            ),
            types::EncryptedChatRequested {
                folder_id: Some(1),
                id: 42,
                access_hash: i64::MAX,
                date: 100_000_000,
                admin_id: 10,
                participant_id: 11,
                g_a: vec![1, 2, 3].into(),
                unknown_flags: 0,
            }
            .into(),
        ),
        (
            "encryptedChat",
            hex("c7 d4 f0 61               // encryptedChat#61f0d4c7
                 2a 00 00 00               // id
                 01 00 00 00 00 00 00 00   // access_hash = 1
                 00 e1 f5 05               // date
                 0a 00 00 00 00 00 00 00   // admin_id
                 0b 00 00 00 00 00 00 00   // participant_id
                 04 09 08 07 06 00 00 00   // g_a_or_b: 4 bytes + 3 zeros of padding
                 ff ff ff ff ff ff ff ff   // key_fingerprint = -1"),
            types::EncryptedChat {
                id: 42,
                access_hash: 1,
                date: 100_000_000,
                admin_id: 10,
                participant_id: 11,
                g_a_or_b: vec![9, 8, 7, 6].into(),
                key_fingerprint: -1,
            }
            .into(),
        ),
        (
            "encryptedChatDiscarded",
            hex("45 7c 1c 1e   // encryptedChatDiscarded#1e1c7c45
                 01 00 00 00   // flags = bit 0: history_deleted (a `true` flag has no bytes)
                 2a 00 00 00   // id"),
            types::EncryptedChatDiscarded {
                history_deleted: true,
                id: 42,
                unknown_flags: 0,
            }
            .into(),
        ),
    ];
    for (name, bytes, expected) in cases {
        let decoded = decode_answer(&call, &bytes);
        assert_eq!(decoded, expected, "{name}");
        assert_eq!(decoded.to_bytes(), bytes, "{name} re-encodes identically");
        assert_eq!(decoded.serialized_len(), bytes.len(), "{name}");
        // The zero-copy entry point gives the same value.
        let shared = typelang_runtime::bytes::Bytes::from(bytes.clone());
        assert_eq!(
            enums::EncryptedChat::from_shared(&shared).unwrap(),
            expected
        );
    }
}

#[test]
fn a_truncated_or_unknown_answer_is_an_error_not_a_panic() {
    let bytes = request().to_bytes();
    for cut in 0..bytes.len() {
        assert!(functions::messages::RequestEncryption::from_bytes(&bytes[..cut]).is_err());
    }
    let err = enums::EncryptedChat::from_bytes(&hex("78 56 34 12 00 00 00 00")).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("0x12345678"), "{text}");
    assert!(text.contains("EncryptedChat"), "{text}");
}

/// `rpc_error#2144ca19 error_code:int error_message:string = RpcError;`
fn rpc_error_bytes(code: &str, message_with_length: &str) -> Vec<u8> {
    hex(&format!("19 ca 44 21 {code} {message_with_length}"))
}

#[test]
fn documented_errors_decode_to_typed_errors() {
    type Call = functions::messages::RequestEncryption;
    // Checked when the test compiles: users may call it, bots may not.
    const { assert!(Call::USABLE_BY_USERS) };
    const { assert!(!Call::USABLE_BY_BOTS) };

    let cases = [
        (
            // 400, then "DH_G_A_INVALID": 14 bytes, 1 length byte, 1 byte of padding.
            rpc_error_bytes(
                "90 01 00 00",
                "0e 44 48 5f 47 5f 41 5f 49 4e 56 41 4c 49 44 00",
            ),
            "DH_G_A_INVALID",
        ),
        (
            // 400, then "USER_ID_INVALID": 15 bytes + 1 length byte = 16, no padding.
            rpc_error_bytes(
                "90 01 00 00",
                "0f 55 53 45 52 5f 49 44 5f 49 4e 56 41 4c 49 44",
            ),
            "USER_ID_INVALID",
        ),
    ];
    for (bytes, name) in cases {
        let error = RpcError::from_bytes(&bytes).unwrap();
        assert_eq!(error.code, 400);
        assert_eq!(error.name, name);
        assert_eq!(error.value, None);
        assert_eq!(error.to_string(), format!("rpc error 400: {name}"));
        let documented = Call::ERRORS
            .iter()
            .find(|(code, n)| *code == error.code && error.is(n));
        assert_eq!(documented, Some(&(400, name)), "{name} is documented");
        // The generated mtproto type reads the same bytes.
        let raw = types::RpcError::from_bytes(&bytes).unwrap();
        assert_eq!((raw.error_code, raw.error_message.as_str()), (400, name));
    }
}

#[test]
fn subset_build_holds_only_what_the_seed_call_needs() {
    use tl_tests::request_encryption as subset;
    let api =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/api.tl")).unwrap();
    let parsed = typelang_parser::parse(&api, &typelang_parser::ParseOptions::default()).unwrap();
    let mut generated: Vec<String> = parsed
        .schema
        .definitions
        .iter()
        .filter(|d| subset::name_for_id(d.id).is_some())
        .map(|d| d.name.to_string())
        .filter(|n| !matches!(n.as_str(), "boolTrue" | "boolFalse" | "true" | "vector"))
        .collect();
    generated.sort();
    let expected = [
        "encryptedChat",
        "encryptedChatDiscarded",
        "encryptedChatEmpty",
        "encryptedChatRequested",
        "encryptedChatWaiting",
        "inputPeerChannel",
        "inputPeerChannelFromMessage",
        "inputPeerChat",
        "inputPeerEmpty",
        "inputPeerSelf",
        "inputPeerUser",
        "inputPeerUserFromMessage",
        "inputUser",
        "inputUserEmpty",
        "inputUserFromMessage",
        "inputUserSelf",
        "messages.requestEncryption",
    ];
    assert_eq!(generated, expected);
    // The subset's types are real and interchangeable on the wire with the
    // full build's.
    let small = subset::functions::messages::RequestEncryption {
        user_id: subset::types::InputUser {
            user_id: 1_234_567_890,
            access_hash: -2,
        }
        .into(),
        random_id: 0xdead_beef_u32 as i32,
        g_a: g_a().into(),
    };
    assert_eq!(small.to_bytes(), request().to_bytes());
}

#[test]
fn secret_chat_layer_wrapping_a_message_round_trips() {
    use tl_tests::secret::{enums as s_enums, types as s_types};
    let message = s_types::DecryptedMessage {
        no_webpage: true,
        silent: false,
        random_id: 0x0102_0304_0506_0708,
        ttl: 30,
        message: "hello, secret world ✓".into(),
        media: None,
        entities: Some(vec![]),
        via_bot_name: Some("bot".into()),
        reply_to_random_id: None,
        grouped_id: Some(-7),
        unknown_flags: 0,
    };
    let layer = s_types::DecryptedMessageLayer {
        random_bytes: vec![0x55; 15].into(),
        layer: 144,
        in_seq_no: 2,
        out_seq_no: 1,
        message: s_enums::DecryptedMessage::from(message),
    };
    let bytes = layer.to_bytes();
    assert_eq!(
        &bytes[..4],
        &hex("89 17 e3 1b")[..],
        "decryptedMessageLayer#1be31789"
    );
    // random_bytes: 15 bytes + 1 length byte = 16: no padding; then layer.
    assert_eq!(&bytes[4..5], &[15]);
    assert_eq!(&bytes[20..24], &144i32.to_le_bytes());
    // The inner message starts after layer, in_seq_no and out_seq_no.
    assert_eq!(
        &bytes[32..36],
        &hex("74 46 cc 91")[..],
        "decryptedMessage#91cc4674"
    );
    // flags: no_webpage (bit 1), entities (7), via_bot_name (11), grouped_id (17).
    let flags = (1u32 << 1) | (1 << 7) | (1 << 11) | (1 << 17);
    assert_eq!(&bytes[36..40], &flags.to_le_bytes());
    assert_eq!(bytes.len(), layer.serialized_len());
    let back = s_types::DecryptedMessageLayer::from_bytes(&bytes).unwrap();
    assert_eq!(back, layer);
}
