//! [`typelang_parser::check::lint`] on the bundled schemas (`schema/*.tl`) and,
//! when present, the upstream schemas in `shared/reference/upstream/`.

mod common;

use std::path::{Path, PathBuf};

use typelang_parser::ast::Schema;
use typelang_parser::check::lint;
use typelang_parser::{DiagnosticKind, Dialect, IdCheck, ParseOptions, SourceFile, parse};

fn read(path: &Path, dialect: Dialect) -> (SourceFile, Schema) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let options = ParseOptions {
        dialect,
        id_check: IdCheck::Warn,
    };
    let schema = parse(&text, &options)
        .unwrap_or_else(|e| panic!("{}", e.render(&path.display().to_string(), &text)))
        .schema;
    let file = SourceFile {
        name: path.display().to_string(),
        text,
    };
    (file, schema)
}

fn bundled(name: &str) -> (SourceFile, Schema) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../schema")
        .join(name);
    read(&path, Dialect::Telegram)
}

/// Lints the set and fails with the rendered diagnostics unless it is clean.
fn assert_clean(set: &[&(SourceFile, Schema)]) {
    let files: Vec<SourceFile> = set.iter().map(|(f, _)| f.clone()).collect();
    let schemas: Vec<&Schema> = set.iter().map(|(_, s)| s).collect();
    let found = lint(&schemas);
    assert!(
        found.is_empty(),
        "{}",
        typelang_parser::diagnostics::render_all(&files, &found)
    );
}

#[test]
fn every_bundled_schema_lints_clean_alone() {
    for name in ["api.tl", "mtproto.tl", "secret.tl"] {
        assert_clean(&[&bundled(name)]);
    }
}

#[test]
fn api_and_mtproto_lint_clean_together() {
    let api = bundled("api.tl");
    let mtproto = bundled("mtproto.tl");
    assert_clean(&[&api, &mtproto]);
    assert_clean(&[&mtproto, &api]);
}

#[test]
fn api_and_secret_give_one_name_two_ids() {
    let api = bundled("api.tl");
    let secret = bundled("secret.tl");
    let found = lint(&[&api.1, &secret.1]);
    let duplicates: Vec<_> = found
        .iter()
        .filter(|d| d.kind == DiagnosticKind::DuplicateDefinition)
        .collect();
    assert!(!duplicates.is_empty());
    // Reported on the later file, pointing back at api.tl.
    for d in &duplicates {
        assert_eq!(d.file, 1, "{}", d.message);
        let at = d.notes[0].at.expect("located");
        assert_eq!(at.file, 0);
        assert!(
            d.notes[0]
                .message
                .starts_with("first defined here with id 0x")
        );
    }
    let rendered = typelang_parser::diagnostics::render_all(&[api.0, secret.0], &found);
    assert!(rendered.contains("= note: first defined here with id 0x"));
}

fn tl_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            tl_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "tl") {
            out.push(path);
        }
    }
}

#[test]
fn every_upstream_schema_lints_clean_alone_but_tdlib_prefix_functions() {
    let Some(dir) = common::reference_dir() else {
        return;
    };
    let dir = dir.join("upstream");
    let mut files = Vec::new();
    tl_files(&dir, &mut files);
    files.sort();
    assert!(!files.is_empty());
    for path in &files {
        // TDLib's own schemas and TON's follow the official tl-parser's id
        // rule; the Telegram ones the clients' rule (see tests/reference.rs).
        let rel = path.strip_prefix(&dir).expect("under upstream");
        let rel = rel.to_string_lossy();
        let dialect =
            if rel.starts_with("ton-") || rel.ends_with("td_api.tl") || rel.ends_with("e2e_api.tl")
            {
                Dialect::TlParser
            } else {
                Dialect::Telegram
            };
        let (file, schema) = read(path, dialect);
        let found = lint(&[&schema]);
        let expected = if rel.ends_with("tdlib-layer228/telegram_api.tl") {
            TDLIB_PREFIXES
        } else {
            &[]
        };
        let collisions: Vec<(String, String)> = found
            .iter()
            .filter(|d| d.kind == DiagnosticKind::IdCollision)
            .map(|d| {
                let names: Vec<&str> = d.message.split('`').skip(1).step_by(2).collect();
                (names[0].to_owned(), names[1].to_owned())
            })
            .collect();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect();
        let rendered = typelang_parser::diagnostics::render_all(&[file], &found);
        assert_eq!(collisions, want, "{rendered}");
        assert_eq!(found.len(), want.len(), "{rendered}");
    }
}

/// TDLib's telegram_api.tl declares the leading part of four wrapping
/// calls as functions of their own (`invokeWithReCaptchaPrefix#adbb0f94
/// token:string = Error;`) with the wrapper's id: it only ever writes them.
/// A decoder could not tell them apart, so the lint says so.
const TDLIB_PREFIXES: &[(&str, &str)] = &[
    (
        "invokeWithBusinessConnection",
        "invokeWithBusinessConnectionPrefix",
    ),
    (
        "invokeWithGooglePlayIntegrity",
        "invokeWithGooglePlayIntegrityPrefix",
    ),
    ("invokeWithApnsSecret", "invokeWithApnsSecretPrefix"),
    ("invokeWithReCaptcha", "invokeWithReCaptchaPrefix"),
];
