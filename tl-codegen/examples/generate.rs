//! Generates Rust from schemas through the library alone (no CLI), e.g. to
//! regenerate checked-in code or compare outputs:
//!
//! ```text
//! cargo run -p typelang-codegen --features pretty --example generate -- \
//!     [--pretty] [--decodable-functions] [--methods FILE] [--only NAME] \
//!     -o OUT SCHEMA... [NAME=SCHEMA...]
//! ```
//!
//! `NAME=SCHEMA` nests that schema in `pub mod NAME` ([`Config::nest`]).
//!
//! [`Config::nest`]: typelang_codegen::Config::nest

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut config = typelang_codegen::Config::new();
    config.rerun_if_changed(false);
    let mut out = None;
    let mut schemas = Vec::new();
    let mut only = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--pretty" => {
                config.pretty(true);
            }
            "--decodable-functions" => {
                config.decodable_functions(true);
            }
            "--methods" => {
                config.methods_table(args.next().expect("--methods FILE"));
            }
            "--only" => only.push(args.next().expect("--only NAME")),
            "-o" => out = Some(args.next().expect("-o OUT")),
            _ => match arg.split_once('=') {
                Some((name, path)) => {
                    config.nest(name, &[path]);
                }
                None => schemas.push(arg),
            },
        }
    }
    if !only.is_empty() {
        config.only(only);
    }
    let Some(out) = out else {
        eprintln!("usage: generate [options] -o OUT SCHEMA...");
        return ExitCode::FAILURE;
    };
    match config.generate(&schemas) {
        Ok(code) => {
            typelang_codegen::write_if_changed(std::path::Path::new(&out), &code).expect("writes");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
