//! `tl-codegen doc`: the bundled data by default, anywhere; other files on
//! request.

use std::process::{Command, Output};

fn doc(args: &[&str]) -> Output {
    // From a directory that has no schema/: the data is in the binary.
    Command::new(env!("CARGO_BIN_EXE_tl-codegen"))
        .arg("doc")
        .args(args)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("runs")
}

#[test]
fn request_encryption_page_says_what_the_method_page_says() {
    let out = doc(&["messages.requestEncryption"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for s in [
        "Sends a request to start a secret chat to the user.",
        "  user_id: InputUser\n      User ID\n",
        "Unique client request ID required to prevent resending. This also doubles as the chat ID.",
        "  g_a: bytes\n      `A = g ^ a mod p`",
        "Returns: EncryptedChat",
        "Bots can use this method: no",
        "  400 DH_G_A_INVALID: g_a invalid.",
        "  400 USER_ID_INVALID: The provided user ID is invalid.",
        "https://core.telegram.org/method/messages.requestEncryption",
    ] {
        assert!(text.contains(s), "missing {s:?} in\n{text}");
    }
}

#[test]
fn types_constructors_and_unknown_names() {
    let text = String::from_utf8(doc(&["EncryptedChat"]).stdout).unwrap();
    assert!(
        text.contains("encryptedChatEmpty: Empty constructor."),
        "{text}"
    );
    let text = String::from_utf8(doc(&["inputUser"]).stdout).unwrap();
    assert!(text.starts_with("inputUser (constructor)"), "{text}");
    assert!(text.contains("Belongs to: InputUser"), "{text}");
    let out = doc(&["noSuchThing"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no method, constructor or type named"));
}

#[test]
fn other_files_replace_the_bundled_ones() {
    let dir = std::env::temp_dir().join(format!("tl-doc-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let schema = dir.join("s.tl");
    let docs = dir.join("d.tsv");
    let methods = dir.join("m.tsv");
    std::fs::write(
        &schema,
        "---functions---\nping#7abe77ec ping_id:long = Pong;\n",
    )
    .unwrap();
    std::fs::write(
        &docs,
        "f\tping\tChecks the connection.\np\tping\tping_id\tAn id to echo.\n",
    )
    .unwrap();
    std::fs::write(&methods, "ping\tboth\t\n").unwrap();
    let args = [
        "ping",
        "--schema",
        schema.to_str().unwrap(),
        "--docs",
        docs.to_str().unwrap(),
        "--methods",
        methods.to_str().unwrap(),
    ];
    let text = String::from_utf8(doc(&args).stdout).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(text.contains("Checks the connection."), "{text}");
    assert!(
        text.contains("  ping_id: long\n      An id to echo.\n"),
        "{text}"
    );
    assert!(text.contains("Bots can use this method: yes"), "{text}");
}
