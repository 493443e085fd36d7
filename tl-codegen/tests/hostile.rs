//! Nasty-but-valid schemas (issue 15): each one in `tests/schemas/hostile/`
//! either gets a located diagnostic or generates Rust that compiles.
//!
//! A schema whose first line is `// rejected: TEXT` must fail with a
//! `hostile/NAME.tl:LINE:COL: error: ` diagnostic containing `TEXT`, and
//! never panic. Every other schema is generated twice (compact, and
//! `pretty(true)` with decodable functions, `Eq`/`Hash` and no
//! `Debug`/conversions), one module each in a single scratch crate that
//! must pass `deny(warnings)` and clippy with `-D warnings`, and document
//! without a rustdoc warning.
//! Schemas too large for a file (a namespace 5,000 segments deep) are built
//! in code below.

mod common;

use common::{cargo, manifest_dir, scratch_crate, scratch_dir, write};
use typelang_codegen::{Config, IdCheck};

fn hostile_schemas() -> Vec<(String, String)> {
    let dir = manifest_dir().join("tests/schemas/hostile");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("hostile schemas")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "tl"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, std::fs::read_to_string(&p).expect("read schema"))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 10, "hostile schemas missing");
    out
}

fn rejection(text: &str) -> Option<&str> {
    text.lines().next()?.strip_prefix("// rejected: ")
}

fn compact() -> Config {
    let mut c = Config::new();
    c.id_check(IdCheck::Warn).rerun_if_changed(false);
    c
}

fn pretty() -> Config {
    let mut c = compact();
    c.pretty(true)
        .decodable_functions(true)
        .debug(false)
        .conversions(false)
        .eq_hash(true);
    c
}

/// Every `// rejected:` schema fails in both configurations with a located
/// diagnostic that says what is wrong.
#[test]
fn rejected_schemas_get_a_located_diagnostic() {
    for (name, text) in hostile_schemas() {
        let Some(expected) = rejection(&text) else {
            continue;
        };
        let file = format!("hostile/{name}.tl");
        for config in [compact(), pretty()] {
            let Err(err) = config.generate_from_sources(&[(&file, &text)]) else {
                panic!("{file} generated");
            };
            let shown = err.to_string();
            assert!(
                shown.contains(&format!("{file}:")) && shown.contains(": error: "),
                "{file}: no located error in\n{shown}"
            );
            assert!(
                shown.contains(expected),
                "{file}: `{expected}` not in\n{shown}"
            );
        }
    }
}

/// A namespace thousands of segments deep is a diagnostic, not a stack
/// overflow (in the compact printer or inside syn).
#[test]
fn deep_namespaces_are_a_diagnostic() {
    for depth in [65, 500, 5_000] {
        let ns = "a.".repeat(depth);
        let text = format!("{ns}foo = {ns}Foo;\n");
        for config in [compact(), pretty()] {
            let Err(err) = config.generate_from_sources(&[("deep.tl", &text)]) else {
                panic!("a namespace {depth} segments deep generated");
            };
            let shown = err.to_string();
            assert!(
                shown.contains("deep.tl:1:1: error: ") && shown.contains("namespace"),
                "{shown}"
            );
        }
    }
    // The deepest allowed namespace generates.
    let ns = "a.".repeat(64);
    compact()
        .generate_from_sources(&[("deep.tl", &format!("{ns}foo = {ns}Foo;\n"))])
        .expect("64 segments generate");
}

/// The accepted hostile schemas compile warning- and clippy-clean, each
/// in both configurations, in one scratch crate.
#[test]
fn accepted_schemas_compile() {
    let dir = scratch_crate("hostile", &[], "");
    let mut lib = String::from(
        "#![deny(warnings)]\n#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]\n//! Hostile schemas, generated.\n",
    );
    for (name, text) in hostile_schemas() {
        if rejection(&text).is_some() {
            continue;
        }
        let file = format!("hostile/{name}.tl");
        for (suffix, config) in [("compact", compact()), ("pretty", pretty())] {
            let code = config
                .generate_from_sources(&[(&file, &text)])
                .unwrap_or_else(|e| panic!("{file} ({suffix}):\n{e}"));
            let module = format!("{name}_{suffix}");
            write(&dir.join(format!("src/{module}.rs")), &code);
            lib.push_str(&format!(
                "\n/// `{file}`, {suffix}.\npub mod {module} {{\n    include!(\"{module}.rs\");\n}}\n"
            ));
        }
    }
    write(&dir.join("src/lib.rs"), &lib);
    cargo(
        &dir,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
    );
    // `deny(warnings)` covers rustdoc's lints too: schema docs with `[x]`
    // or `<b>` must not become broken links or unclosed HTML.
    cargo(&dir, &["doc", "--quiet", "--no-deps"]);
}

/// A schema file that is not UTF-8 gets its line and column, not a byte
/// offset.
#[test]
fn invalid_utf8_is_located() {
    let path = scratch_dir("hostile-utf8").join("latin1.tl");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, b"foo = Foo;\n// caf\xe9\nbar = Bar;\n").unwrap();
    let err = compact().generate(&[&path]).expect_err("not UTF-8");
    let shown = err.to_string();
    assert!(
        shown.contains("latin1.tl:2:7: error: the file is not valid UTF-8: invalid byte 0xe9"),
        "{shown}"
    );
    assert!(shown.contains("2 | // caf"), "{shown}");
}
