//! End-to-end tests of the `tl-codegen` binary: each subcommand, its output,
//! its exit code and its diagnostics.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tl_parser::ast::{Category, Schema};
use tl_parser::{Dialect, IdCheck, ParseOptions, compute_id};

const SEED: &str = "messages.requestEncryption#f64daf43 user_id:InputUser random_id:int g_a:bytes = EncryptedChat;";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn schema(name: &str) -> String {
    root().join("schema").join(name).display().to_string()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
        .display()
        .to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tl-codegen"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the tl-codegen binary runs")
}

fn run_with_stdin(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_tl-codegen"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tl-codegen binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin accepts the input");
    child.wait_with_output().expect("the binary finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("the process exited normally")
}

#[track_caller]
fn assert_code(o: &Output, expected: i32) {
    assert_eq!(
        code(o),
        expected,
        "exit code\n--- stdout\n{}\n--- stderr\n{}",
        stdout(o),
        stderr(o)
    );
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

fn parse_file(path: &str) -> Schema {
    let text = std::fs::read_to_string(path).expect("schema readable");
    tl_parser::parse(&text, &ParseOptions::default())
        .expect("schema parses")
        .schema
}

/// The TL wire form, written by hand for the decode tests.
#[derive(Default)]
struct Wire(Vec<u8>);

impl Wire {
    fn u32(mut self, v: u32) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn int(self, v: i32) -> Self {
        self.u32(v as u32)
    }
    fn long(mut self, v: i64) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn double(mut self, v: f64) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn raw(mut self, b: &[u8]) -> Self {
        self.0.extend_from_slice(b);
        self
    }
    /// `bytes` / `string`: short or long length prefix, then zero padding.
    fn bytes(mut self, b: &[u8]) -> Self {
        let header = if b.len() < 254 {
            self.0.push(b.len() as u8);
            1
        } else {
            self.0.push(254);
            self.0
                .extend_from_slice(&(b.len() as u32).to_le_bytes()[..3]);
            4
        };
        self.0.extend_from_slice(b);
        let pad = (4 - (header + b.len()) % 4) % 4;
        self.0.extend(std::iter::repeat_n(0, pad));
        self
    }
    fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

// ---------------------------------------------------------------- check

#[test]
fn check_bundled_schemas_succeeds_with_counts() {
    let files = [schema("api.tl"), schema("mtproto.tl"), schema("secret.tl")];
    let out = run(&["check", &files[0], &files[1], &files[2]]);
    assert_code(&out, 0);
    let text = stdout(&out);
    let mut totals = (0, 0);
    for file in &files {
        let parsed = parse_file(file);
        let defs = parsed.definitions.iter().filter(|d| !d.builtin);
        let constructors = defs
            .clone()
            .filter(|d| d.category == Category::Type)
            .count();
        let functions = defs.filter(|d| d.category == Category::Function).count();
        totals.0 += constructors;
        totals.1 += functions;
        let line = text
            .lines()
            .find(|l| l.starts_with(file.as_str()))
            .unwrap_or_else(|| panic!("no summary line for {file} in\n{text}"));
        assert!(
            line.contains(&format!(
                "{constructors} constructors, {functions} function"
            )),
            "{line}"
        );
    }
    let total = text
        .lines()
        .find(|l| l.starts_with("total, 3 files:"))
        .expect("a total line");
    assert!(
        total.contains(&format!(
            "{} constructors, {} functions",
            totals.0, totals.1
        )),
        "{total}"
    );
    // The allow-listed exceptions are named, and nothing else is.
    for name in IdCheck::KNOWN_EXCEPTIONS {
        assert!(text.contains(name), "{name} missing from\n{text}");
    }
    assert!(text.contains("4 exceptions allowed"), "{text}");
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn check_reports_every_error_with_file_line_col() {
    let broken = fixture("broken.tl");
    let good = fixture("decode.tl");
    let out = run(&["check", &broken, &good]);
    assert_code(&out, 1);
    let err = stderr(&out);
    for location in [
        "broken.tl:3:16: error:",
        "broken.tl:5:17: error:",
        "broken.tl:6:13: error:",
    ] {
        assert!(err.contains(location), "{location} missing from\n{err}");
    }
    // A caret snippet under the source line, rustc style.
    assert!(err.contains("3 | missingType x: = Bad;"), "{err}");
    assert!(
        err.contains("error: 3 errors in 1 of 2 files checked"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn check_strict_rejects_the_allow_list_and_allow_extends_it() {
    let mtproto = schema("mtproto.tl");
    let out = run(&["check", "--strict", &mtproto]);
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(err.contains("`ipPortSecret` differs"), "{err}");
    assert!(
        err.contains("error: 3 errors in 1 of 1 file checked"),
        "{err}"
    );

    let mismatch = fixture("mismatch.tl");
    let out = run(&["check", &mismatch]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("mismatch.tl:2:1: error: explicit id #bc799730 of `boolFalse`"));
    let out = run(&["check", "--allow", "boolFalse", &mismatch]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("1 exception allowed (boolFalse)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_missing_file_is_an_error() {
    let out = run(&["check", "/definitely/not/here.tl"]);
    assert_code(&out, 1);
    assert!(stderr(&out).starts_with("error: cannot read `/definitely/not/here.tl`"));
}

// ---------------------------------------------------------------- id

#[test]
fn id_of_the_seed_line_with_and_without_explicit_id() {
    let out = run(&["id", SEED]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "0xf64daf43\n");
    assert!(stderr(&out).is_empty());

    let without = SEED.replace("#f64daf43", "");
    let without = without.trim_end_matches(';');
    let out = run(&["id", without]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "0xf64daf43\n");
}

#[test]
fn id_reports_a_wrong_explicit_id_and_prints_the_computed_one() {
    let out = run(&["id", &SEED.replace("f64daf43", "12345678")]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "0xf64daf43\n");
    assert!(
        stderr(&out).contains("warning: explicit id #12345678"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn id_dialects_differ_where_the_rules_do() {
    // Find a definition of the bundled schemas whose id the two rules
    // compute differently, and check the CLI follows the flag.
    let api = parse_file(&schema("api.tl"));
    let def = api
        .definitions
        .iter()
        .find(|d| compute_id(d, Dialect::Telegram) != compute_id(d, Dialect::TlParser))
        .expect("the rules differ on some api.tl definition");
    let line = tl_parser::print_definition(def);
    for (flag, dialect) in [
        ("telegram", Dialect::Telegram),
        ("tl-parser", Dialect::TlParser),
    ] {
        let out = run(&["id", "--dialect", flag, &line]);
        assert_code(&out, 0);
        assert_eq!(
            stdout(&out),
            format!("{:#010x}\n", compute_id(def, dialect))
        );
    }
}

#[test]
fn id_of_a_malformed_line_fails_with_a_location() {
    let out = run(&["id", "foo x: = Bar"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).starts_with("<line>:1:8: error:"),
        "{}",
        stderr(&out)
    );
    let out = run(&["id", "a = A;", "b = B;"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--list"), "{}", stderr(&out));
}

#[test]
fn id_list_prints_every_definition() {
    let mtproto = schema("mtproto.tl");
    let out = run(&["id", "--list", &mtproto]);
    assert_code(&out, 0);
    let parsed = parse_file(&mtproto);
    let expected: String = parsed
        .definitions
        .iter()
        .filter(|d| !d.builtin)
        .map(|d| format!("{}\t{:#010x}\n", d.name, d.id))
        .collect();
    assert_eq!(stdout(&out), expected);
    assert!(stdout(&out).contains("resPQ\t0x05162463\n"));
    // Listing does not judge ids: no warnings for the known exceptions.
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));

    // --computed shows the text's id where the schema pins another one.
    let out = run(&["id", "--list", "--computed", &mtproto]);
    assert_code(&out, 0);
    let line = stdout(&out)
        .lines()
        .find(|l| l.starts_with("ipPortSecret\t"))
        .map(str::to_owned)
        .expect("ipPortSecret listed");
    assert_ne!(line, "ipPortSecret\t0x37982646");
}

#[test]
fn id_list_reproduces_the_official_tables() {
    let ids = root().join("../shared/reference/ids");
    if !ids.exists() {
        eprintln!("skipping: {} is absent", ids.display());
        return;
    }
    for name in ["td_api", "ton_api", "lite_api", "tonlib_api"] {
        let tl = ids.join(format!("{name}.tl"));
        let table = std::fs::read_to_string(ids.join(format!("{name}.tsv"))).expect("table");
        let out = run(&[
            "id",
            "--list",
            "--dialect",
            "tl-parser",
            &tl.display().to_string(),
        ]);
        assert_code(&out, 0);
        let listed = stdout(&out);
        let mut missing = Vec::new();
        for row in table.lines().filter(|l| !l.trim().is_empty()) {
            if !listed.lines().any(|l| l == row) {
                missing.push(row.to_owned());
            }
        }
        assert!(
            missing.is_empty(),
            "{name}: {} rows differ, e.g. {:?}",
            missing.len(),
            &missing[..missing.len().min(5)]
        );
    }
}

// ---------------------------------------------------------------- fmt

#[test]
fn fmt_prints_canonical_text_that_is_a_fixed_point() {
    let mtproto = schema("mtproto.tl");
    let out = run(&["fmt", &mtproto]);
    assert_code(&out, 0);
    let canonical = stdout(&out);
    let original = parse_file(&mtproto);
    let reparsed = tl_parser::parse(
        &canonical,
        &ParseOptions {
            id_check: IdCheck::Warn,
            ..ParseOptions::default()
        },
    )
    .expect("canonical text parses")
    .schema;
    let names = |s: &Schema| -> Vec<(String, u32)> {
        s.definitions
            .iter()
            .map(|d| (d.name.to_string(), d.id))
            .collect()
    };
    assert_eq!(names(&original), names(&reparsed));

    // Formatting the canonical text again changes nothing, and --check agrees.
    let out = run_with_stdin(&["fmt", "-"], &canonical);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), canonical);
    let out = run_with_stdin(&["fmt", "--check", "-"], &canonical);
    assert_code(&out, 0);
    assert!(stdout(&out).is_empty());
}

#[test]
fn fmt_check_names_the_first_differing_line() {
    let out = run_with_stdin(
        &["fmt", "--check", "-"],
        "a = A;\n\n\n// comment\nb   x:int = B;\n",
    );
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(
        err.starts_with("error: `<stdin>` is not in canonical form\n  --> <stdin>:2"),
        "{err}"
    );
}

// ---------------------------------------------------------------- diff

#[test]
fn diff_lists_added_removed_and_changed() {
    let (old, new) = (fixture("old.tl"), fixture("new.tl"));
    let out = run(&["diff", &old, &new]);
    assert_code(&out, 0);
    let text = stdout(&out);
    let expected_tail = "\
added (2):
  + constructor channel#00000005 id:long title:string = Chat;
  + function chats.get#00000006 id:long = Chat;

removed (1):
  - constructor gone#00000003 = Gone;

changed (1):
  ~ constructor user: id 0x00000001 -> 0x00000011; params +flags:#, +bot:flags.0?true
      - user#00000001 id:long name:string = User;
      + user#00000011 flags:# id:long name:string bot:flags.0?true = User;

2 added, 1 removed, 1 changed
";
    assert!(
        text.contains("(layer 1)\n") && text.contains("(layer 2)\n"),
        "{text}"
    );
    assert!(text.ends_with(expected_tail), "{text}");
    // Deterministic.
    assert_eq!(stdout(&run(&["diff", &old, &new])), text);

    // Reversed inputs swap added and removed.
    let back = stdout(&run(&["diff", &new, &old]));
    assert!(back.ends_with("1 added, 2 removed, 1 changed\n"), "{back}");

    let out = run(&["diff", "--exit-code", &old, &new]);
    assert_code(&out, 1);
    let out = run(&["diff", "--exit-code", &old, &old]);
    assert_code(&out, 0);
    assert!(stdout(&out).ends_with("0 added, 0 removed, 0 changed\n"));
}

// ---------------------------------------------------------------- decode

fn ids_of(path: &str) -> impl Fn(&str) -> u32 {
    let parsed = parse_file(path);
    move |name: &str| {
        parsed
            .definitions
            .iter()
            .find(|d| d.name.to_string() == name)
            .unwrap_or_else(|| panic!("{name} defined"))
            .id
    }
}

fn request_encryption() -> Wire {
    Wire::default()
        .u32(0xf64daf43)
        .u32(0xf21158c6) // inputUser
        .long(1234567890)
        .long(-42)
        .int(7)
        .bytes(&[1, 2, 3, 4, 5])
}

#[test]
fn decode_request_encryption() {
    let api = schema("api.tl");
    let hex = request_encryption().hex();
    let out = run(&["decode", &api, "--type", "messages.requestEncryption", &hex]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
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
    // By id alone (the default type `Object`), the same text.
    let by_id = run(&["decode", &api, &hex]);
    assert_code(&by_id, 0);
    assert_eq!(stdout(&by_id), stdout(&out));
    // Offsets on request.
    let with_offsets = stdout(&run(&["decode", &api, "--offsets", &hex]));
    assert!(
        with_offsets.contains("[000018]     random_id: 7\n"),
        "{with_offsets}"
    );
}

#[test]
fn decode_encrypted_chat_requested_with_flags() {
    let api = schema("api.tl");
    let value = Wire::default()
        .u32(0x48f1d94c)
        .u32(1) // flags: folder_id present
        .int(1) // folder_id
        .int(99) // id
        .long(5) // access_hash
        .int(1_700_000_000) // date
        .long(10) // admin_id
        .long(20) // participant_id
        .bytes(&[0xab; 40]); // g_a, long enough to wrap
    let out = run(&["decode", &api, "--type", "EncryptedChat", &value.hex()]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(text.starts_with("encryptedChatRequested#48f1d94c {\n    flags: 0x00000001\n    folder_id: 1\n    id: 99\n"), "{text}");
    assert!(
        text.contains(&format!(
            "    g_a: bytes[40]\n        {}\n        {}\n}}\n",
            "ab".repeat(32),
            "ab".repeat(8)
        )),
        "{text}"
    );

    // Without the flag the conditional field is absent from the wire and the dump.
    let value = Wire::default()
        .u32(0x48f1d94c)
        .u32(0)
        .int(99)
        .long(5)
        .int(0)
        .long(10)
        .long(20)
        .bytes(b"");
    let out = run(&[
        "decode",
        &api,
        "--type",
        "encryptedChatRequested",
        &value.hex(),
    ]);
    assert_code(&out, 0);
    assert!(!stdout(&out).contains("folder_id"), "{}", stdout(&out));

    // --bare: the fields without the id.
    let bare = Wire(value.0[4..].to_vec());
    let out = run(&[
        "decode",
        &api,
        "--bare",
        "--type",
        "encryptedChatRequested",
        &bare.hex(),
    ]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).starts_with("%encryptedChatRequested {\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn decode_truncated_input_says_what_and_where() {
    let api = schema("api.tl");
    let full = request_encryption();
    // Cut inside access_hash (bytes 16..24).
    let cut = Wire(full.0[..20].to_vec());
    let out = run(&[
        "decode",
        &api,
        "--type",
        "messages.requestEncryption",
        &cut.hex(),
    ]);
    assert_code(&out, 1);
    assert!(stdout(&out).is_empty());
    assert_eq!(
        stderr(&out),
        "\
error: cannot decode `messages.requestEncryption`: the input ends too early: 8 bytes needed, 4 left
  --> at byte 16 of the 20-byte input
  = in: messages.requestEncryption.user_id > inputUser.access_hash
"
    );
    // Every prefix fails cleanly (exit 1, an error naming a byte), none panics.
    for len in 0..full.0.len() {
        let cut = Wire(full.0[..len].to_vec());
        let out = run(&["decode", &api, "--type", "EncryptedChat", &cut.hex()]);
        assert_code(&out, 1);
        assert!(stderr(&out).contains("--> at byte"), "{}", stderr(&out));
    }
}

#[test]
fn decode_rejects_hostile_input_clearly() {
    let api = schema("api.tl");
    // Wrong constructor for the type, named when the schemas know it.
    let out = run(&[
        "decode",
        &api,
        "--type",
        "EncryptedChat",
        &request_encryption().hex(),
    ]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("unexpected constructor id 0xf64daf43 for type `EncryptedChat` (function `messages.requestEncryption`)"), "{}", stderr(&out));
    // Unknown id.
    let out = run(&["decode", &api, "deadbeef"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("unknown constructor id 0xefbeadde"),
        "{}",
        stderr(&out)
    );
    // A huge vector count is refused before anything is allocated.
    let huge = Wire::default().u32(0x1cb5c415).u32(0x7fff_ffff).long(1);
    let out = run(&["decode", &api, "--type", "Vector<long>", &huge.hex()]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("count of 2147483647 cannot fit"),
        "{}",
        stderr(&out)
    );
    // Trailing bytes.
    let extra = Wire::default().u32(0x997275b5).u32(0);
    let out = run(&["decode", &api, "--type", "Bool", &extra.hex()]);
    assert_code(&out, 1);
    assert_eq!(stdout(&out), "true\n");
    assert!(
        stderr(&out).contains("4 bytes left after the value, from byte 4"),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        "decode",
        &api,
        "--allow-trailing",
        "--type",
        "Bool",
        &extra.hex(),
    ]);
    assert_code(&out, 0);
    // Malformed hex and unknown types are usage errors.
    let out = run(&["decode", &api, "abc"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("odd number of hex digits"));
    let out = run(&["decode", &api, "--type", "encryptedchat", "00"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("did you mean `EncryptedChat`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn decode_every_feature_of_the_fixture_schema() {
    let path = fixture("decode.tl");
    let id = ids_of(&path);
    let value = Wire::default()
        .u32(id("wrap"))
        .int(3) // tag
        .u32(id("sample")) // query:!X
        .u32(0b111) // flags: big, name, ratio
        .bytes(b"hi") // name
        .double(0.5) // ratio
        .u32(0xbc799737) // ok: boolFalse
        .raw(&[0x11; 16]) // nonce
        .raw(&[0x22; 32]) // key
        .u32(2) // points: bare vector of bare points
        .int(1)
        .int(2)
        .int(3)
        .int(4)
        .u32(0x1cb5c415) // ids
        .u32(1)
        .long(-9)
        .u32(2) // count
        .int(10) // pairs[0]
        .long(11)
        .int(20) // pairs[1]
        .long(21);
    let out = run(&["decode", &path, &value.hex()]);
    assert_code(&out, 0);
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
        wrap = id("wrap"),
        sample = id("sample"),
        nonce = "11".repeat(16),
        key = "22".repeat(32),
    );
    assert_eq!(stdout(&out), expected);
}

#[test]
fn decode_mtproto_containers_clients_parse_by_hand() {
    let (api, mtproto) = (schema("api.tl"), schema("mtproto.tl"));
    let rpc_result = Wire::default().u32(0xf35c6d01).long(77).u32(0x997275b5); // boolTrue
    let ack = Wire::default()
        .u32(0x62d6b459) // msgs_ack
        .u32(0x1cb5c415)
        .u32(1)
        .long(5);
    let container = |second_len: i32| {
        Wire::default()
            .u32(0x73f1f8dc)
            .u32(2)
            .long(1)
            .int(1)
            .int(rpc_result.0.len() as i32)
            .raw(&rpc_result.0)
            .long(2)
            .int(3)
            .int(second_len)
            .raw(&ack.0)
    };
    let out = run(&[
        "decode",
        &api,
        &mtproto,
        &container(ack.0.len() as i32).hex(),
    ]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
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
    // A body that does not fill the length its header announces.
    let out = run(&["decode", &api, &mtproto, &container(24).hex()]);
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains("the body takes 20 bytes but the message header announces 24"),
        "{err}"
    );
    assert!(
        err.contains("= in: msg_container.messages[1] > message.body"),
        "{err}"
    );
}

#[test]
fn decode_depth_is_limited() {
    let path = fixture("decode.tl");
    let id = ids_of(&path);
    // node{children: [node{children: [node{children: []}]}]}
    let mut value = Wire::default();
    for _ in 0..3 {
        value = value.u32(id("node")).int(0).u32(0x1cb5c415).u32(1);
    }
    value = value.u32(id("node")).int(0).u32(0x1cb5c415).u32(0);
    let hex = value.hex();
    let out = run(&["decode", &path, "--type", "Node", &hex]);
    assert_code(&out, 0);
    let out = run(&["decode", &path, "--type", "Node", "--max-depth", "4", &hex]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("nests deeper than 4 levels"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn decode_reads_hex_from_stdin_and_binary_from_a_file() {
    let api = schema("api.tl");
    let wire = request_encryption();
    let out = run_with_stdin(&["decode", &api, "-"], &format!("0x{}\n", wire.hex()));
    assert_code(&out, 0);
    assert!(stdout(&out).starts_with("messages.requestEncryption#f64daf43 {"));

    let dir = std::env::temp_dir().join(format!("tl-codegen-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bin = dir.join("value.bin");
    std::fs::write(&bin, &wire.0).expect("write temp file");
    let out = run(&["decode", &api, &format!("@{}", bin.display())]);
    assert_code(&out, 0);
    assert!(stdout(&out).starts_with("messages.requestEncryption#f64daf43 {"));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- usage

#[test]
fn usage_errors_exit_with_2() {
    assert_code(&run(&[]), 2);
    assert_code(&run(&["check"]), 2);
    assert_code(&run(&["frobnicate"]), 2);
    assert_code(&run(&["id", "--dialect", "klingon", "a = A;"]), 2);
    let help = run(&["--help"]);
    assert_code(&help, 0);
    for sub in ["check", "id", "fmt", "diff", "decode"] {
        assert!(stdout(&help).contains(sub), "{sub} missing from help");
    }
}
