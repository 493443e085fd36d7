//! The `serde` feature: every type is `Serialize`/`Deserialize` in the JSON
//! form of docs/json.md, and a value read back from its JSON is the value
//! it was, byte for byte on the wire.

use typelang_telegram::runtime::{Deserializable, Serializable};
use typelang_telegram::{enums, functions, types};

fn message() -> types::Message {
    types::Message {
        out: true,
        id: 7,
        peer_id: types::PeerUser { user_id: 42 }.into(),
        date: 1_700_000_000,
        message: "hello *world*".into(),
        entities: Some(vec![
            types::MessageEntityBold {
                offset: 6,
                length: 7,
            }
            .into(),
        ]),
        grouped_id: Some(-5),
        ..Default::default()
    }
}

#[test]
fn a_message_round_trips_through_json() {
    let value = message();
    let text = serde_json::to_string(&value).unwrap();
    assert_eq!(
        text,
        r#"{"_":"message","out":true,"id":7,"peer_id":{"_":"peerUser","user_id":42},"date":1700000000,"message":"hello *world*","entities":[{"_":"messageEntityBold","offset":6,"length":7}],"grouped_id":-5}"#
    );
    let back: types::Message = serde_json::from_str(&text).unwrap();
    assert!(back == value);
    assert_eq!(back.to_bytes(), value.to_bytes());

    // Through the boxed type: the same JSON, picked by its "_".
    let boxed = enums::Message::from(value.clone());
    assert_eq!(serde_json::to_string(&boxed).unwrap(), text);
    let back: enums::Message = serde_json::from_str(&text).unwrap();
    assert!(back == boxed);
    // Bytes -> value -> JSON -> value -> bytes.
    let bytes = boxed.to_bytes();
    let decoded = enums::Message::from_bytes(&bytes).unwrap();
    let again: enums::Message =
        serde_json::from_value(serde_json::to_value(&decoded).unwrap()).unwrap();
    assert_eq!(again.to_bytes(), bytes);
}

#[test]
fn a_request_round_trips_through_json() {
    let call = functions::messages::RequestEncryption {
        user_id: types::InputUser {
            user_id: 1,
            access_hash: -2,
        }
        .into(),
        random_id: 3,
        g_a: vec![0xff, 0, 1].into(),
    };
    let text = serde_json::to_string(&call).unwrap();
    assert_eq!(
        text,
        r#"{"_":"messages.requestEncryption","user_id":{"_":"inputUser","user_id":1,"access_hash":-2},"random_id":3,"g_a":"/wAB"}"#
    );
    let back: functions::messages::RequestEncryption = serde_json::from_str(&text).unwrap();
    assert!(back == call);
}

#[test]
fn bad_json_names_the_path() {
    let err = serde_json::from_str::<enums::Message>(
        r#"{"_":"message","id":1,"peer_id":{"_":"peerUsr","user_id":1},"date":0,"message":""}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("at $.peer_id._: `peerUsr` is not a constructor of `Peer`"),
        "{err}"
    );
    let err = serde_json::from_str::<types::Message>(r#"{"_":"message","id":1}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("at $: the required field `peer_id` is missing"),
        "{err}"
    );
}
