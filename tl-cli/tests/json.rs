//! `decode --json` and `encode`: bytes to JSON and back through the binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn schema(name: &str) -> String {
    root().join("schema").join(name).display().to_string()
}

fn golden(name: &str) -> PathBuf {
    root().join("tl-inspect/tests/golden").join(name)
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tl-codegen"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tl-codegen binary runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn ok(o: &Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "stderr: {err}");
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn decode_json_then_encode_gives_the_same_bytes() {
    let (api, mtproto) = (schema("api.tl"), schema("mtproto.tl"));
    for name in ["message", "encryptedChat", "messages.requestEncryption"] {
        let hex = std::fs::read_to_string(golden(&format!("{name}.hex"))).unwrap();
        let json = ok(&run(&["decode", &api, &mtproto, "--json", hex.trim()], b""));
        let expected = std::fs::read_to_string(golden(&format!("{name}.json"))).unwrap();
        assert_eq!(json.trim_end(), expected.trim_end(), "{name}");
        let again = ok(&run(&["encode", &api, &mtproto, "-"], json.as_bytes()));
        assert_eq!(again.trim(), hex.trim(), "{name}");
        let raw = run(&["encode", &api, "--raw", "-"], json.as_bytes());
        let hex_of_raw: String = raw.stdout.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex_of_raw, hex.trim());
    }
}

#[test]
fn decode_json_options_and_typed_answers() {
    let api = schema("api.tl");
    // rpc_result answering messages.receivedQueue (Vector<long>) is
    // encoded and decoded with --request's result type.
    let json = r#"{"_":"rpc_result","req_msg_id":"9","result":[1,-2]}"#;
    let hex = ok(&run(
        &["encode", &api, "--request", "messages.receivedQueue", json],
        b"",
    ));
    assert!(hex.starts_with("016d5cf3"), "{hex}");
    let hex = ok(&run(
        &["encode", &api, "--type", "Vector<long>", "[1, \"-2\"]"],
        b"",
    ));
    assert_eq!(
        hex.trim(),
        "15c4b51c020000000100000000000000feffffffffffffff"
    );
    let text = ok(&run(
        &[
            "decode",
            &api,
            "--type",
            "Vector<long>",
            "--json",
            "--tdlib",
            hex.trim(),
        ],
        b"",
    ));
    assert_eq!(text.split_whitespace().collect::<String>(), r#"["1","-2"]"#);
}

#[test]
fn encode_errors_name_the_path() {
    let api = schema("api.tl");
    let json =
        r#"{"_":"messages.requestEncryption","user_id":{"_":"inputUsr"},"random_id":1,"g_a":""}"#;
    let o = run(&["encode", &api, json], b"");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("`inputUsr` is not a constructor of `InputUser` (did you mean `inputUser`?)"),
        "{err}"
    );
    assert!(err.contains("= at: $.user_id._"), "{err}");
    let o = run(&["encode", &api, "{"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the JSON argument is not valid JSON"));
    let o = run(&["encode", &api, "--type", "Nope", "{}"], b"");
    assert_eq!(o.status.code(), Some(2));
}
