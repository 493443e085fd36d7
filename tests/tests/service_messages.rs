//! From a server message's bytes to typed answers, through the GENERATED
//! types (`tl_tests::telegram`) and the runtime's `mtproto` framing. Every
//! input is written out from the MTProto documentation (ids little-endian,
//! `string` as length byte, data, padding to 4); the `gzip_packed` data
//! was compressed by a real zlib: Python's `gzip.compress(data, mtime=0)`.

use tl_tests::telegram::{self, Object, enums, functions, types};
use typelang_runtime::bytes::Bytes;
use typelang_runtime::mtproto::{MsgContainer, Outcome, RpcResult};
use typelang_runtime::{DecodeErrorKind, DecodeOptions, Deserializable, RpcError, Serializable};

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// `nearestDc#8e1a1775 country:"US" this_dc:2 nearest_dc:4`.
const NEAREST_DC: &str = "75171a8e 02555300 02000000 04000000";
/// gzip of [`NEAREST_DC`]'s 16 bytes.
const NEAREST_DC_GZ: &str = "1f8b08000000000002032b1597ea630a0d666062606060016200c738580210000000";
/// gzip of `updateConfig#a229dd06` (4 bytes).
const UPDATE_CONFIG_GZ: &str = "1f8b080000000000020363bbabb908008c7be0fd04000000";
/// gzip of `userEmpty#d3bc4b7a id:77` (12 bytes).
const USER_EMPTY_GZ: &str = "1f8b0800000000000203abf2de73d99701020026f0194b0c000000";
/// gzip of 256 KiB of zeros: 289 bytes that inflate 900 times over.
const BOMB_GZ: &str = "1f8b0800000000000203edc13101000000c2a0f54fed6d07a00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000de0022ea0ee200000400";

/// `gzip_packed#3072cfa1 packed_data:bytes` around `gz`: a length byte
/// (or 254 and 3 length bytes from 254 on), the data, padding to 4.
fn gzip_packed(gz: &str) -> Vec<u8> {
    let data = hex(gz);
    let mut out = hex("a1cf7230");
    match u8::try_from(data.len()) {
        Ok(n) if n < 254 => out.push(n),
        _ => {
            out.push(254);
            out.extend_from_slice(&(data.len() as u32).to_le_bytes()[..3]);
        }
    }
    out.extend_from_slice(&data);
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
    out
}

/// `rpc_result#f35c6d01 req_msg_id:long result:Object`.
fn rpc_result(req_msg_id: i64, result: &[u8]) -> Vec<u8> {
    let mut out = hex("016d5cf3");
    out.extend_from_slice(&req_msg_id.to_le_bytes());
    out.extend_from_slice(result);
    out
}

/// `msg_container#73f1f8dc messages:vector<message>`, each `message
/// msg_id:long seqno:int bytes:int body:Object`.
fn container(messages: &[(i64, i32, &[u8])]) -> Vec<u8> {
    let mut out = hex("dcf8f173");
    out.extend_from_slice(&(messages.len() as u32).to_le_bytes());
    for (msg_id, seqno, body) in messages {
        out.extend_from_slice(&msg_id.to_le_bytes());
        out.extend_from_slice(&seqno.to_le_bytes());
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(body);
    }
    out
}

/// `updateShort#78d4dec1 update:Update date:int` with `update` as given.
fn update_short(update: &[u8]) -> Vec<u8> {
    let mut out = hex("c1ded478");
    out.extend_from_slice(update);
    out.extend_from_slice(&1_700_000_000i32.to_le_bytes());
    out
}

fn nearest_dc() -> enums::NearestDc {
    types::NearestDc {
        country: "US".into(),
        this_dc: 2,
        nearest_dc: 4,
    }
    .into()
}

/// Every prefix of `wire` fails to decode as `T` (and none panics).
fn truncations_fail<T: Deserializable>(wire: &[u8]) {
    for n in 0..wire.len() {
        assert!(
            T::from_bytes(&wire[..n]).is_err(),
            "{n} of {} bytes decoded",
            wire.len()
        );
        let _ = Object::from_bytes(&wire[..n]);
    }
}

/// Every prefix of the `rpc_result` `wire` fails to give an answer to `F`:
/// the framing keeps any body, so the answer is what fails.
fn truncated_answers_fail<F: typelang_runtime::RemoteCall>(wire: &[u8]) {
    for n in 0..wire.len() {
        if let Ok(r) = RpcResult::from_bytes(&wire[..n]) {
            assert!(
                r.answer::<F>().is_err(),
                "{n} of {} bytes answered",
                wire.len()
            );
        }
    }
}

#[test]
fn container_of_an_answer_and_an_update() {
    let answer = rpc_result(0x51e5_7ac4_2000_0000, &hex(NEAREST_DC));
    let update = update_short(&hex("06dd29a2"));
    let wire = container(&[
        (0x51e5_7ac4_2000_0401, 1, &answer),
        (0x51e5_7ac4_2000_0802, 2, &update),
    ]);
    let c = MsgContainer::from_bytes(&wire).unwrap();
    assert_eq!(c.messages.len(), 2);
    assert_eq!(
        (c.messages[0].msg_id, c.messages[0].seqno),
        (0x51e5_7ac4_2000_0401, 1)
    );
    assert_eq!(c.messages[1].seqno, 2);

    let result = c.messages[0].decode::<RpcResult>().unwrap();
    assert_eq!(result.req_msg_id, 0x51e5_7ac4_2000_0000);
    let dc = result
        .answer::<functions::help::GetNearestDc>()
        .unwrap()
        .unwrap();
    assert_eq!(dc, nearest_dc());

    // The second body is an update: its id says so, by the generated list.
    let id = c.messages[1].body_id().unwrap();
    assert!(telegram::is_updates(id) && !telegram::is_updates(0x8e1a_1775));
    let upd = c.messages[1].decode::<enums::Updates>().unwrap();
    assert_eq!(upd.to_bytes(), update);
    truncations_fail::<MsgContainer>(&wire);
}

#[test]
fn updates_ids_are_the_updates_constructors() {
    // updatesTooLong, updateShortMessage, updateShortChatMessage, updateShort,
    // updatesCombined, updates, updateShortSentMessage (api.tl, layer 230).
    let mut expected = [
        0xe317af7e,
        0x313bc7f8,
        0x4d6deea5,
        0x78d4dec1,
        0x725b04c3,
        0x74ae4240,
        0x9015e101u32,
    ];
    expected.sort_unstable();
    assert_eq!(telegram::UPDATES_IDS, expected);
    assert!(expected.iter().all(|&id| telegram::is_updates(id)));
    assert!(!telegram::is_updates(0x1cb5_c415));
}

#[test]
fn rpc_result_with_an_rpc_error() {
    // rpc_error#2144ca19 error_code:400 error_message:"USER_ID_INVALID" (15 bytes).
    let error = hex("19ca4421 90010000 0f 555345525f49445f494e56414c4944");
    let wire = rpc_result(4, &error);
    let result = RpcResult::from_bytes(&wire).unwrap();
    let err = result
        .answer::<functions::messages::RequestEncryption>()
        .unwrap()
        .unwrap_err();
    assert_eq!((err.code, err.message.as_str()), (400, "USER_ID_INVALID"));

    // Into the generated type and back, and its bytes are the wire's.
    let generated = types::RpcError::from(err.clone());
    assert_eq!(generated.error_code, 400);
    assert_eq!(generated.to_bytes(), error);
    assert_eq!(RpcError::from(generated), err);

    // The text is kept as sent, so the split loses nothing.
    let generated =
        types::RpcError::from_bytes(&RpcError::new(400, "FILE_PART_3_MISSING").to_bytes()).unwrap();
    let err = RpcError::from(generated.clone());
    assert_eq!(
        (err.name.as_str(), err.value),
        ("FILE_PART_MISSING", Some(3))
    );
    assert_eq!(
        types::RpcError::from(err).error_message,
        "FILE_PART_3_MISSING"
    );
    truncated_answers_fail::<functions::messages::RequestEncryption>(&wire);
}

#[test]
fn rpc_result_with_a_bare_vector_of_longs_typed_by_its_request() {
    // messages.receivedQueue#55a5bb66 max_qts:int = Vector<long>, answered
    // with [7, -1]: vector#1cb5c415, count 2, two longs.
    let body = hex("15c4b51c 02000000 0700000000000000 ffffffffffffffff");
    let wire = rpc_result(8, &body);
    let result = RpcResult::from_bytes(&wire).unwrap();
    let ids = result
        .answer::<functions::messages::ReceivedQueue>()
        .unwrap()
        .unwrap();
    assert_eq!(ids, [7, -1]);
    truncated_answers_fail::<functions::messages::ReceivedQueue>(&wire);
}

#[test]
fn object_holds_a_vector_of_boxed_values() {
    // users.getUsers = Vector<User>: [userEmpty id:77, userEmpty id:78].
    let body = hex("15c4b51c 02000000 7a4bbcd3 4d00000000000000 7a4bbcd3 4e00000000000000");
    let Object::Vector(items) = Object::from_bytes(&body).unwrap() else {
        panic!("not a vector");
    };
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|o| o.constructor_id() == 0xd3bc_4b7a));
    let again = Object::Vector(items);
    assert_eq!(again.constructor_id(), 0x1cb5_c415);
    assert_eq!(again.serialized_len(), body.len());
    assert_eq!(again.to_bytes(), body);
    truncations_fail::<Object>(&body);
}

#[test]
fn gzip_packed_answer() {
    let packed = gzip_packed(NEAREST_DC_GZ);
    let wire = rpc_result(12, &packed);
    let result = RpcResult::from_bytes(&wire).unwrap();
    let dc = result
        .answer::<functions::help::GetNearestDc>()
        .unwrap()
        .unwrap();
    assert_eq!(dc, nearest_dc());
    // The generated boxed type and Object unwrap it by themselves too.
    assert_eq!(enums::NearestDc::from_bytes(&packed).unwrap(), nearest_dc());
    assert_eq!(
        Object::from_bytes(&packed).unwrap(),
        Object::from_bytes(&hex(NEAREST_DC)).unwrap()
    );
    truncated_answers_fail::<functions::help::GetNearestDc>(&wire);
    truncations_fail::<enums::NearestDc>(&packed);
}

#[test]
fn gzip_packed_inside_fields_and_vector_elements() {
    // updateShort whose `update` field is gzip_packed(updateConfig).
    let wire = update_short(&gzip_packed(UPDATE_CONFIG_GZ));
    let plain = update_short(&hex("06dd29a2"));
    let upd = enums::Updates::from_bytes(&wire).unwrap();
    assert_eq!(upd, enums::Updates::from_bytes(&plain).unwrap());
    assert_eq!(upd.to_bytes(), plain);
    truncations_fail::<enums::Updates>(&wire);

    // Vector<User> whose second element is gzip_packed(userEmpty id:77).
    let mut vector = hex("15c4b51c 02000000 7a4bbcd3 4d00000000000000");
    vector.extend(gzip_packed(USER_EMPTY_GZ));
    let users = Vec::<enums::User>::from_bytes(&vector).unwrap();
    assert_eq!(users[0], users[1]);
    let answer = rpc_result(16, &vector);
    let got = RpcResult::from_bytes(&answer)
        .unwrap()
        .answer::<functions::users::GetUsers>()
        .unwrap()
        .unwrap();
    assert_eq!(got, users);
    truncations_fail::<Vec<enums::User>>(&vector);
}

#[test]
fn a_bomb_is_a_typed_error() {
    let options = DecodeOptions::new().with_max_inflated_size(64 << 10);
    let bomb = gzip_packed(BOMB_GZ);
    // At the top and inside a field of a generated boxed type.
    for wire in [bomb.clone(), update_short(&bomb)] {
        let err = enums::Updates::from_bytes_with(&wire, &options).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                DecodeErrorKind::InflatedTooLarge { limit: 65536 }
            ),
            "{err}"
        );
    }
    let err = RpcResult::from_bytes(&rpc_result(20, &bomb))
        .unwrap()
        .answer_with::<functions::help::GetNearestDc>(&options)
        .unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::InflatedTooLarge { .. }),
        "{err}"
    );
    let err = Object::from_bytes_with(&update_short(&bomb), &options).unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::InflatedTooLarge { .. }),
        "{err}"
    );
}

#[test]
fn one_undecodable_message_between_two_good_ones() {
    let first = update_short(&hex("06dd29a2"));
    let unknown = hex("efbeadde 01000000");
    let third = hex("7eaf17e3"); // updatesTooLong#e317af7e
    let wire = container(&[(1, 1, &first), (2, 3, &unknown), (3, 5, &third)]);
    let c = MsgContainer::from_shared(&Bytes::from(wire.clone())).unwrap();
    let outcomes = c.decode_each::<enums::Updates>();
    assert!(matches!(outcomes[0], Outcome::Decoded { msg_id: 1, .. }));
    match &outcomes[1] {
        Outcome::Unknown {
            msg_id, id, body, ..
        } => {
            assert_eq!((*msg_id, *id), (2, Some(0xdead_beef)));
            assert_eq!(body[..], unknown[..]);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(outcomes[2], Outcome::Decoded { msg_id: 3, .. }));
    truncations_fail::<MsgContainer>(&wire);
}

#[test]
fn errors_catalogue_knows_received_errors() {
    let e = telegram::errors::lookup(&RpcError::new(420, "FLOOD_WAIT_30")).unwrap();
    assert_eq!(*e, telegram::errors::FLOOD_WAIT_X);
    assert_eq!((e.name, e.code), ("FLOOD_WAIT_X", 420));
    assert_eq!(e.description, "A wait of %d seconds is required");
    let e = telegram::errors::lookup(&RpcError::new(400, "USER_ID_INVALID")).unwrap();
    assert_eq!(e.description, "The provided user ID is invalid.");
    assert_eq!(telegram::errors::DH_G_A_INVALID.description, "g_a invalid.");
    assert!(telegram::errors::lookup(&RpcError::new(400, "NOT_AN_ERROR_WE_KNOW")).is_none());
    assert!(telegram::errors::ALL.len() > 700);
}
