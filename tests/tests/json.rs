//! The generated serde impls (`Config::serde`) over every constructor and
//! function of the bundled schemas, with random values drawn from the
//! schema (`common::values`): value -> JSON -> value is equal; bytes ->
//! value -> JSON -> value -> bytes is identical; and the generated JSON is
//! the schema-driven inspector's JSON of the same bytes, which the
//! inspector's encoder turns back into those bytes.

mod common;

use common::values::{Rng, Schema, Writer, load};
use serde_json::Value as Json;
use typelang_inspect::{Index, JsonOptions, Target, decode_all, encode, to_json};
use typelang_runtime::{DecodeOptions, Deserializable, Serializable};

/// Random values per definition.
const CASES: u64 = 6;

fn check_all<O>(files: &[&str])
where
    O: Deserializable
        + Serializable
        + typelang_runtime::serde::Serialize
        + typelang_runtime::serde::de::DeserializeOwned
        + PartialEq,
{
    let schema: Schema = load(files);
    let parsed: Vec<_> = files.iter().map(|f| parse(f)).collect();
    let index = Index::new(&parsed);
    for i in 0..schema.defs.len() {
        let def = &schema.defs[i];
        for case in 0..CASES {
            let mut w = Writer {
                schema: &schema,
                rng: Rng(u64::from(def.id) << 8 | case),
                out: Vec::new(),
            };
            w.definition(i, 0);
            let bytes = w.out;
            let value = O::from_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", def.name));
            let json = serde_json::to_value(&value).unwrap();
            let text = json.to_string();
            let back: O =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", def.name));
            assert!(back == value, "{}: value changed\n{text}", def.name);
            assert!(
                back.to_bytes() == bytes,
                "{}: bytes changed\n{text}",
                def.name
            );
            let inspected = decode_all(&index, &Target::Any, &bytes, &DecodeOptions::new())
                .unwrap_or_else(|e| panic!("{}: {e}", def.name));
            let theirs = to_json(&index, &inspected, &JsonOptions::new());
            assert_eq!(
                json, theirs,
                "{}: generated and inspector JSON differ",
                def.name
            );
            let encoded = encode(&index, &Target::Any, &json)
                .unwrap_or_else(|e| panic!("{}: {e}\n{text}", def.name));
            assert!(
                encoded == bytes,
                "{}: the inspector encodes other bytes",
                def.name
            );
        }
    }
}

fn parse(file: &str) -> typelang_parser::ast::Schema {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/").to_owned() + file;
    let text = std::fs::read_to_string(path).unwrap();
    typelang_parser::parse(&text, &typelang_parser::ParseOptions::default())
        .unwrap()
        .schema
}

#[test]
fn telegram_json_round_trips_and_matches_the_inspector() {
    check_all::<tl_tests::telegram::Object>(&["api.tl", "mtproto.tl"]);
}

#[test]
fn secret_json_round_trips_and_matches_the_inspector() {
    check_all::<tl_tests::secret::Object>(&["secret.tl"]);
}

#[test]
fn bad_json_names_the_path() {
    use tl_tests::telegram::Object;
    let err = |text: &str| {
        serde_json::from_str::<Object>(text)
            .unwrap_err()
            .to_string()
    };
    let e = err(
        r#"{"_":"messages.requestEncryption","user_id":{"_":"inputUsr"},"random_id":1,"g_a":""}"#,
    );
    assert!(
        e.contains("at $.user_id._: `inputUsr` is not a constructor of `InputUser`"),
        "{e}"
    );
    let e = err(r#"{"_":"inputUser","user_id":1}"#);
    assert!(
        e.contains("at $: the required field `access_hash` is missing"),
        "{e}"
    );
    let e = err(r#"{"_":"inputUser","user_id":true,"access_hash":1}"#);
    assert!(
        e.contains("at $.user_id: expected a long, found a boolean"),
        "{e}"
    );
    let e = err(
        r#"{"_":"message","id":1,"peer_id":{"_":"peerUser","user_id":1},"date":0,"message":"","silent":1}"#,
    );
    assert!(
        e.contains("at $.silent: expected a boolean (a flag), found a number"),
        "{e}"
    );
    let e = err(r#"{"_":"nothing"}"#);
    assert!(
        e.contains("at $._: `nothing` is not a constructor of `Object`"),
        "{e}"
    );
    // Long as a string is accepted; Bool is a JSON boolean.
    let v: Object =
        serde_json::from_str(r#"{"_":"inputUser","user_id":"5","access_hash":-1}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"{"_":"inputUser","user_id":5,"access_hash":-1}"#
    );
    let v: Object = serde_json::from_str("true").unwrap();
    assert!(v == Object::Bool(true));
    let _: Json = serde_json::to_value(&v).unwrap();
}
