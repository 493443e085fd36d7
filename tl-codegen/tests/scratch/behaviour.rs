//! Behaviour of the code generated from `tests/schemas/features.tl`.
//! Compiled and run inside the scratch crate of `tests/compile.rs`; not a
//! test target of tl-codegen itself.

use crate::features::{Object, enums, functions, name_for_id, types};
use typelang_runtime::{Deserializable, Identifiable, RemoteCall, Serializable};

fn round_trip<T: Serializable + Deserializable + PartialEq + std::fmt::Debug>(v: &T) -> Vec<u8> {
    let bytes = v.to_bytes();
    assert_eq!(bytes.len(), v.serialized_len(), "serialized_len of {v:?}");
    let back = T::from_bytes(&bytes).expect("decodes");
    assert_eq!(&back, v);
    assert_eq!(back.to_bytes(), bytes, "re-encodes byte for byte");
    bytes
}

fn words(b: &[u8]) -> Vec<u32> {
    b.chunks(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

#[test]
fn shared_bits_round_trip_when_the_group_is_complete() {
    let p = types::Photo {
        spoiler: true,
        live_photo: true,
        video: Some("v".into()),
        views: Some(10),
        forwards: Some(20),
        big: true,
        caption: Some("hi".into()),
        ..Default::default()
    };
    let b = round_trip(&p);
    let w = words(&b);
    assert_eq!(w[0], types::Photo::CONSTRUCTOR_ID);
    assert_eq!(w[1], 0b111, "spoiler, live_photo/video, views/forwards");
    let e: enums::Photo = p.into();
    round_trip(&e);
}

#[test]
fn bits_no_field_stands_for_survive_a_round_trip() {
    // Every bit of both words set: the fields take theirs, the rest is kept.
    let mut b = types::Photo::CONSTRUCTOR_ID.to_le_bytes().to_vec();
    b.extend(0xffff_ffffu32.to_le_bytes());
    b.extend(*b"\x01v\0\0"); // video

    b.extend(10i32.to_le_bytes());
    b.extend(20i32.to_le_bytes());
    b.extend(0x8000_0001u32.to_le_bytes()); // flags2: big and bit 31
    let p = types::Photo::from_bytes(&b).unwrap();
    assert_eq!(p.unknown_flags, 0xffff_fff8);
    assert_eq!(p.unknown_flags2, 0x8000_0000);
    assert!(p.big && p.spoiler && p.caption.is_none());
    assert_eq!(p.to_bytes(), b, "re-encodes byte for byte");
    assert_eq!(p.serialized_len(), b.len());
    // Stale bits of a field's own do not contradict the field.
    let q = types::Photo {
        unknown_flags: 0xffff_ffff,
        ..Default::default()
    };
    assert_eq!(words(&q.to_bytes())[1], 0xffff_fff8);
}

#[test]
fn partial_groups_encode_as_absent() {
    // views without forwards: bit 2 stays clear and neither is written.
    let p = types::Photo {
        views: Some(10),
        ..Default::default()
    };
    let b = p.to_bytes();
    assert_eq!(b.len(), p.serialized_len());
    assert_eq!(words(&b)[1], 0);
    let back = types::Photo::from_bytes(&b).unwrap();
    assert_eq!(back.views, None);
    // A `true` flag sharing a bit with a value follows the value.
    let p = types::Photo {
        live_photo: true,
        ..Default::default()
    };
    let back = types::Photo::from_bytes(&p.to_bytes()).unwrap();
    assert!(!back.live_photo);
    let p = types::Photo {
        video: Some("x".into()),
        ..Default::default()
    };
    let back = types::Photo::from_bytes(&p.to_bytes()).unwrap();
    assert!(
        back.live_photo,
        "the bit is set, so the mirrored flag reads true"
    );
}

#[test]
fn bare_forms() {
    let salt = types::Salt {
        valid_since: 1,
        salt: 2,
    };
    let s = types::Salts {
        req_msg_id: 7,
        salts: vec![salt.clone()],
        boxed: vec![salt.clone()],
        raw: vec![5],
        peers: vec![enums::Peer::User(types::PeerUser { user_id: 3 })],
        nested: vec![vec![1, 2]],
        one: salt.clone(),
        other: salt,
    };
    let b = round_trip(&s);
    let w = words(&b);
    // id, req_msg_id (2 words), then `vector<salt>`: count, no vector id.
    assert_eq!(w[3], 1);
    assert_eq!(w[4], 1, "bare salt: valid_since without an id");
    // `Vector<%Salt>`: vector id, count, bare elements.
    assert_eq!(w[7], 0x1cb5c415);
    assert_eq!(w[8], 1);
    assert_eq!(w[9], 1);
}

#[test]
fn recursion_and_defaults() {
    let t = enums::Tree::Branch(Box::new(types::Branch {
        left: enums::Tree::Leaf(types::Leaf { value: 1 }),
        right: enums::Tree::Node(types::Node {
            value: 2,
            children: vec![enums::Tree::default()],
        }),
    }));
    round_trip(&t);
    round_trip(&types::Wrap {
        inner: Some(t),
        unknown_flags: 0,
    });
    assert_eq!(enums::InputPeer::default(), enums::InputPeer::Empty);
    let leaf: types::Leaf = enums::Tree::Leaf(types::Leaf { value: 4 })
        .try_into()
        .unwrap();
    assert_eq!(leaf.value, 4);
    assert!(
        types::Leaf::try_from(enums::Tree::default()).is_err()
            || enums::Tree::default() == enums::Tree::Leaf(types::Leaf::default())
    );
}

#[test]
fn vectors_nest_bare_or_boxed_at_any_depth() {
    let leaf = |value| types::Leaf { value };
    let g = types::Grid {
        rows: vec![vec![leaf(1), leaf(2)], vec![]],
        cells: vec![vec![7]],
        deep: vec![vec![vec![leaf(3)]], vec![]],
    };
    let b = round_trip(&g);
    let w = words(&b);
    // rows: bare count 2, bare count 2, bare leaves 1 and 2, bare count 0.
    assert_eq!(&w[1..6], [2, 2, 1, 2, 0]);
    // cells: boxed outer, bare inner of ints.
    assert_eq!(&w[6..10], [0x1cb5_c415, 1, 1, 7]);
    // deep: boxed, boxed, bare, bare leaf.
    assert_eq!(&w[10..], [0x1cb5_c415, 2, 0x1cb5_c415, 1, 1, 3, 0x1cb5_c415, 0]);
    // A count the input cannot hold is an error, not an allocation.
    let mut bad = b[..8].to_vec();
    bad[4..8].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
    assert!(types::Grid::from_bytes(&bad).is_err());
}

#[test]
fn keywords_and_numbers() {
    let k = types::Keywords {
        r#type: "t".into(),
        self_: 1,
        r#fn: 2,
        r#async: true,
        ok: vec![1, 2, 3].into(),
    };
    round_trip(&k);
    let n = types::Numbers {
        a: -1,
        b: i64::MIN,
        c: 1.5,
        d: [7; 16],
        e: [9; 32],
        f: false,
        g: vec![0; 300].into(),
        h: "é".into(),
        n: 5,
    };
    round_trip(&n);
}

#[test]
fn object_and_functions() {
    let call = functions::messages::SendMessage {
        silent: true,
        peer: enums::InputPeer::InputPeerSelf,
        message: "hello".into(),
        random_id: 99,
        reply_to: None,
        unknown_flags: 0,
    };
    round_trip(&call);
    const { assert!(functions::messages::SendMessage::USABLE_BY_BOTS) };
    assert_eq!(
        functions::messages::SendMessage::ERRORS[0],
        (400, "PEER_ID_INVALID")
    );
    let wrapped = functions::InvokeWithLayer {
        layer: crate::features::LAYER,
        query: functions::help::GetConfig,
    };
    fn returns<F: RemoteCall<Return = enums::help::Config>>(_: &F) {}
    returns(&wrapped);
    let bytes = wrapped.to_bytes();
    assert_eq!(words(&bytes)[0], 0xda9b0d0d);
    // Decoded by id alone.
    let obj = Object::from_bytes(&bytes).unwrap();
    assert!(matches!(obj, Object::InvokeWithLayer(_)));
    assert_eq!(obj.to_bytes(), bytes);
    let rpc = types::RpcResult {
        req_msg_id: 1,
        result: Object::Bool(true),
    };
    let b = round_trip(&rpc);
    assert_eq!(Object::from_bytes(&b).unwrap().constructor_id(), 0xf35c6d01);
    assert_eq!(name_for_id(0xf35c6d01), Some("rpcResult"));
    assert_eq!(name_for_id(0x1cb5c415), Some("vector"));
    assert_eq!(name_for_id(0x12345678), None);
}

#[test]
fn decode_errors_name_the_field() {
    let p = types::Photo {
        caption: Some("a caption".into()),
        ..Default::default()
    };
    let b = p.to_bytes();
    let err = types::Photo::from_bytes(&b[..b.len() - 4]).unwrap_err();
    assert!(err.to_string().contains("photo.caption"), "{err}");
    let err = enums::Tree::from_bytes(&[1, 2, 3, 4]).unwrap_err();
    assert!(err.to_string().contains("Tree"), "{err}");
}

#[test]
fn renamed_runtime_path_is_the_same_code() {
    let a = crate::features::types::Leaf { value: 3 }.to_bytes();
    let b = crate::renamed::types::Leaf { value: 3 }.to_bytes();
    assert_eq!(a, b);
}

#[test]
fn object_names_and_converts_what_it_holds() {
    let leaf = types::Leaf { value: 3 };
    let obj = Object::from(leaf.clone());
    assert_eq!(obj.name(), "leaf");
    assert_eq!(name_for_id(obj.constructor_id()), Some(obj.name()));
    assert_eq!(types::Leaf::try_from(obj.clone()), Ok(leaf));
    // The wrong type gives the `Object` back.
    assert_eq!(types::Node::try_from(obj.clone()), Err(obj));
    assert_eq!(Object::Bool(false).name(), "boolFalse");
    assert_eq!(Object::Vector(vec![]).name(), "vector");
    // Decodable functions convert too.
    let call = Object::from(functions::help::GetConfig);
    assert_eq!(call.name(), "help.getConfig");
    assert!(functions::help::GetConfig::try_from(call).is_ok());
    let every = Object::from(types::Numbers::default());
    assert_eq!(every.name(), "numbers");
}

#[test]
fn eq_and_hash_where_no_double_is_reachable() {
    use std::collections::HashSet;
    fn hashable<T: Eq + std::hash::Hash>() {}
    hashable::<types::PeerUser>();
    hashable::<enums::Tree>(); // recursive, through `Vector<Tree>`
    hashable::<types::Salts>();
    hashable::<functions::messages::SendMessage>();
    hashable::<functions::InvokeWithLayer<functions::help::GetConfig>>();
    let peers: HashSet<enums::Peer> = [
        types::PeerUser { user_id: 1 }.into(),
        types::PeerUser { user_id: 1 }.into(),
        types::PeerChat { chat_id: 1 }.into(),
    ]
    .into_iter()
    .collect();
    assert_eq!(peers.len(), 2);
    // `numbers` holds a double; `Object` holds `numbers`: the generate
    // tests check they have no `Eq`.
}

#[test]
fn type_attributes_apply() {
    // `Config::type_attribute("peerUser", "#[derive(PartialOrd, Ord)]")`.
    assert!(types::PeerUser { user_id: 1 } < types::PeerUser { user_id: 2 });
    // `Config::type_attribute("help.", "#[derive(PartialOrd)]")`: every
    // item of the namespace.
    assert!(enums::help::Config::Empty > enums::help::Config::Config(types::help::Config { dc: 1, test_mode: true }));
}

#[test]
fn try_to_bytes_refuses_what_the_wire_cannot_hold() {
    use typelang_runtime::encode::{EncodeErrorKind, MAX_BYTES_LEN};
    let mut call = functions::messages::SendMessage {
        silent: false,
        peer: enums::InputPeer::InputPeerSelf,
        message: "x".repeat(MAX_BYTES_LEN),
        random_id: 1,
        reply_to: None,
        unknown_flags: 0,
    };
    assert_eq!(call.try_to_bytes().unwrap(), call.to_bytes());
    call.message.push('x');
    assert_eq!(
        call.try_to_bytes().unwrap_err().kind(),
        EncodeErrorKind::BytesTooLong { len: MAX_BYTES_LEN + 1 }
    );
}

#[test]
fn function_ids_are_not_decodable_without_decodable_functions() {
    use typelang_runtime::DecodeErrorKind;
    let bytes = functions::help::GetConfig.to_bytes();
    // Decodable here; not in `plain`, generated with the defaults.
    assert!(Object::from_bytes(&bytes).is_ok());
    let err = crate::plain::Object::from_bytes(&bytes).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::FunctionNotDecodable { id: 0xc });
    assert_eq!(err.offset(), 0);
    assert!(err.to_string().contains("function ids are not decodable in this build"), "{err}");
    // Inside a field: the position and the path say where.
    let mut rpc = types::RpcResult { req_msg_id: 1, result: Object::Bool(true) }.to_bytes();
    rpc.truncate(12);
    rpc.extend_from_slice(&bytes);
    let err = crate::plain::types::RpcResult::from_bytes(&rpc).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::FunctionNotDecodable { id: 0xc });
    assert_eq!(err.offset(), 12);
    // An id that is nobody's stays unknown.
    let err = crate::plain::Object::from_bytes(&[1, 2, 3, 4]).unwrap_err();
    assert!(matches!(err.kind(), DecodeErrorKind::UnknownConstructor { .. }));
}
