//! The checked-in src/generated.rs is what the generator makes of today's
//! schemas: regenerating it changes nothing.

use std::path::Path;

include!("../regenerate.rs");

#[test]
fn generated_is_current() {
    // The configuration names its files from the workspace root.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::env::set_current_dir(&root).expect("the workspace root exists");
    let checked_in = std::fs::read_to_string(TELEGRAM_OUTPUT).expect("src/generated.rs exists");
    let fresh = telegram_config()
        .generate(&TELEGRAM_SCHEMAS)
        .expect("the bundled schemas generate");
    if checked_in != fresh {
        let line = checked_in
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| checked_in.lines().count().min(fresh.lines().count()));
        panic!(
            "schema/src/generated.rs is stale (first difference at line {}); regenerate it with\n  \
             cargo run -p xtask -- telegram",
            line + 1
        );
    }
}
