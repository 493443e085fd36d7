//! The checked-in generated file is what the generator makes of today's
//! schema: regenerating it changes nothing.

use std::path::Path;

/// Keep in step with the command in the failure message.
fn regenerate() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    typelang_codegen::Config::new()
        .only(["messages.requestEncryption"])
        .pretty(true)
        .generate(&[root.join("schema/api.tl")])
        .expect("schema/api.tl generates")
}

#[test]
fn request_encryption_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/request_encryption.rs");
    let checked_in = std::fs::read_to_string(&path).expect("src/request_encryption.rs exists");
    let fresh = regenerate();
    if checked_in != fresh {
        let line = checked_in
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| checked_in.lines().count().min(fresh.lines().count()));
        panic!(
            "tests/src/request_encryption.rs is stale (first difference at line {}); regenerate it with\n  \
             cargo run -p typelang-cli -- rust schema/api.tl --only messages.requestEncryption --pretty -o tests/src/request_encryption.rs",
            line + 1
        );
    }
}
