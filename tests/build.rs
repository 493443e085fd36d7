//! Generates the Telegram types exactly as a user's build.rs would.

use std::process::ExitCode;

fn main() -> ExitCode {
    match generate() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The error renders every schema diagnostic rustc-style.
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn generate() -> Result<(), typelang_codegen::Error> {
    // api.tl + mtproto.tl as one module, with decodable functions and the
    // `Object` enum, the method table for per-function docs and consts, and
    // the docs data for the official texts and the `errors` catalogue;
    // serde on, so CI compiles and tests the JSON form (tests/json.rs).
    typelang_codegen::Config::new()
        .file_name("telegram.rs")
        .decodable_functions(true)
        .object_enum(true)
        .serde(true)
        .methods_table("../schema/methods.tsv")
        .docs_data("../schema/docs.tsv")
        .compile(&["../schema/api.tl", "../schema/mtproto.tl"])?;

    // The secret-chat schema reuses names of api.tl with other ids, so it
    // gets a module of its own.
    typelang_codegen::Config::new()
        .file_name("secret.rs")
        .serde(true)
        .compile(&["../schema/secret.tl"])?;

    // `request_encryption` is checked in (src/request_encryption.rs), the
    // other way to use the generator; tests/checked_in.rs keeps it current.
    Ok(())
}
