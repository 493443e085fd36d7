//! Upstream schemas and the official compiler's id tables in
//! `shared/reference/` above the crate (test data only, never copied into
//! the repo). Skips, saying so, when that folder is absent.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use typelang_parser::ast::Schema;
use typelang_parser::{Dialect, IdCheck, ParseOptions, parse};

mod common;
use common::reference_dir;

/// Per upstream file: the dialect its ids follow and the definitions whose
/// explicit id is pinned to something other than the CRC32 of their text.
const UPSTREAM: &[(&str, Dialect, &[&str])] = &[
    (
        "gotd-mirror/tdesktop_api_layer228.tl",
        Dialect::Telegram,
        &[],
    ),
    ("tdesktop-layer214/api.tl", Dialect::Telegram, &[]),
    ("tdesktop-layer214/mtproto.tl", Dialect::Telegram, MTPROXY),
    ("telethon-v1/mtproto.tl", Dialect::Telegram, MTPROXY),
    (
        "tdlib-layer228/telegram_api.tl",
        Dialect::Telegram,
        &[
            "ipPortSecret",
            "accessPointRule",
            "help.configSimple",
            // TDLib-local definitions with ids of its own choosing.
            "inputPeerPhotoFileLocationLegacy",
            "inputStickerSetThumbLegacy",
            "invokeWithBusinessConnectionPrefix",
            "invokeWithGooglePlayIntegrityPrefix",
            "invokeWithApnsSecretPrefix",
            "invokeWithReCaptchaPrefix",
        ],
    ),
    // TDLib writes `gzip_packed ... = GzipPacked` where the id was computed
    // for `= Object`.
    (
        "tdlib-layer228/mtproto_api.tl",
        Dialect::Telegram,
        &["gzip_packed"],
    ),
    (
        "tdlib-layer228/secret_api.tl",
        Dialect::Telegram,
        &["decryptedMessageMediaDocument"],
    ),
    ("tdlib-layer228/e2e_api.tl", Dialect::TlParser, &[]),
    ("tdlib-layer228/td_api.tl", Dialect::TlParser, &[]),
    // Ids pinned by hand to an older text of the line.
    (
        "ton-2026-07/ton_api.tl",
        Dialect::TlParser,
        &["tonNode.capabilities", "db.block.info", "collatorNode.pong"],
    ),
    (
        "ton-2026-07/lite_api.tl",
        Dialect::TlParser,
        &[
            "liteServer.transactionId",
            "liteServer.signatureSet.ordinary",
            "liteServer.getValidatorStats",
        ],
    ),
    ("ton-2026-07/tonlib_api.tl", Dialect::TlParser, &[]),
];

const MTPROXY: &[&str] = &["ipPortSecret", "accessPointRule", "help.configSimple"];

/// Parses with every mismatch as a warning; returns the schema and the
/// names whose explicit id differs.
fn parse_file(path: &Path, dialect: Dialect) -> (Schema, BTreeSet<String>) {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let options = ParseOptions {
        dialect,
        id_check: IdCheck::Warn,
    };
    let parsed = parse(&src, &options)
        .unwrap_or_else(|e| panic!("{}", e.render(&path.display().to_string(), &src)));
    let mut differing = BTreeSet::new();
    for w in &parsed.warnings {
        let def = parsed
            .schema
            .definitions
            .iter()
            .find(|d| d.span.start == w.span.start)
            .expect("warning at a definition");
        differing.insert(def.name.to_string());
    }
    (parsed.schema, differing)
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
fn upstream_schemas_parse_and_their_explicit_ids_check() {
    let Some(dir) = reference_dir() else { return };
    let upstream = dir.join("upstream");
    let mut files = Vec::new();
    tl_files(&upstream, &mut files);
    files.sort();
    assert!(
        !files.is_empty(),
        "no .tl files under {}",
        upstream.display()
    );
    let mut total_defs = 0;
    let mut total_explicit = 0;
    for path in &files {
        let rel = path
            .strip_prefix(&upstream)
            .expect("under upstream")
            .to_string_lossy()
            .replace('\\', "/");
        let Some((_, dialect, exceptions)) = UPSTREAM.iter().find(|(f, _, _)| *f == rel) else {
            panic!("{rel}: not in the UPSTREAM table; add its dialect and exceptions");
        };
        let (schema, differing) = parse_file(path, *dialect);
        let expected: BTreeSet<String> = exceptions.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(differing, expected, "{rel}: explicit ids that do not check");
        // The allow-list policy accepts the file.
        let src = std::fs::read_to_string(path).expect("readable");
        let allow = ParseOptions {
            dialect: *dialect,
            id_check: IdCheck::Allow(expected.into_iter().collect()),
        };
        assert!(parse(&src, &allow).is_ok(), "{rel}");
        let explicit = schema
            .definitions
            .iter()
            .filter(|d| d.explicit_id.is_some())
            .count();
        println!(
            "{rel}: {} definitions, {explicit} explicit ids, {} exceptions",
            schema.definitions.len(),
            exceptions.len()
        );
        total_defs += schema.definitions.len();
        total_explicit += explicit;
    }
    println!("upstream: {total_defs} definitions, {total_explicit} explicit ids");
}

#[test]
fn official_id_tables_are_reproduced_with_the_tl_parser_rule() {
    let Some(dir) = reference_dir() else { return };
    let ids = dir.join("ids");
    let mut tables: Vec<PathBuf> = std::fs::read_dir(&ids)
        .expect("ids/ readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    tables.sort();
    assert_eq!(tables.len(), 4, "{tables:?}");
    let mut total = 0;
    for tsv in &tables {
        let tl = tsv.with_extension("tl");
        let (schema, differing) = parse_file(&tl, Dialect::TlParser);
        let by_name: HashMap<String, u32> = schema
            .definitions
            .iter()
            .map(|d| (d.name.to_string(), d.id))
            .collect();
        let table = std::fs::read_to_string(tsv).expect("readable");
        let mut n = 0;
        for line in table.lines().filter(|l| !l.trim().is_empty()) {
            let (name, id) = line.split_once('\t').expect("name<TAB>0xID");
            let want = u32::from_str_radix(id.trim().trim_start_matches("0x"), 16)
                .unwrap_or_else(|e| panic!("{line}: {e}"));
            let got = by_name
                .get(name)
                .unwrap_or_else(|| panic!("{}: no definition {name}", tl.display()));
            assert_eq!(*got, want, "{}: {name}", tl.display());
            n += 1;
        }
        // The hand-pinned TON ids are in the tables too, and win.
        for name in &differing {
            assert!(by_name.contains_key(name));
        }
        println!(
            "{}: {n} ids reproduced ({} explicit ids pinned by hand)",
            tsv.file_name()
                .map(|f| f.to_string_lossy())
                .unwrap_or_default(),
            differing.len()
        );
        total += n;
    }
    assert_eq!(total, 1301 + 631 + 91 + 225);
}

#[test]
fn telegram_rule_would_not_reproduce_the_tdlib_table() {
    // td_api.tl has `bytes` fields and no `?true` flags: the Telegram rule
    // must get at least those lines wrong, or the dialects would not differ.
    let Some(dir) = reference_dir() else { return };
    let tl = dir.join("ids/td_api.tl");
    let (tele, _) = parse_file(&tl, Dialect::Telegram);
    let (official, _) = parse_file(&tl, Dialect::TlParser);
    let differing = tele
        .definitions
        .iter()
        .zip(&official.definitions)
        .filter(|(a, b)| a.id != b.id)
        .count();
    assert!(differing > 10, "{differing}");
}

#[test]
fn tdlib_doc_comments_document_every_field() {
    let Some(dir) = reference_dir() else { return };
    for rel in ["upstream/tdlib-layer228/td_api.tl", "ids/td_api.tl"] {
        let path = dir.join(rel);
        let src = std::fs::read_to_string(&path).expect("readable");
        let (schema, _) = parse_file(&path, Dialect::TlParser);
        let classes = src.lines().filter(|l| l.starts_with("//@class ")).count();
        assert_eq!(schema.type_docs.len(), classes, "{rel}");
        assert!(schema.type_docs.iter().all(|t| !t.description.is_empty()));
        let mut documented = 0;
        for def in &schema.definitions {
            let Some(doc) = &def.doc else { continue };
            assert!(doc.description.is_some(), "{rel}: {}", def.name);
            let mut doc_keys: Vec<&str> = doc.fields.iter().map(|(k, _)| k.as_str()).collect();
            let mut params: Vec<&str> = def
                .params
                .iter()
                .filter_map(|p| p.name.as_deref())
                .collect();
            doc_keys.sort_unstable();
            params.sort_unstable();
            assert_eq!(doc_keys, params, "{rel}: {}", def.name);
            documented += 1;
        }
        // Only the builtin header lines (`double ? = Double;` ... `vector`)
        // are undocumented.
        assert!(
            schema.definitions.len() - documented <= 12,
            "{rel}: {documented}"
        );
        println!("{rel}: {documented} documented definitions, {classes} documented classes");
    }
}

#[test]
fn upstream_schemas_survive_a_print_parse_round_trip() {
    let Some(dir) = reference_dir() else { return };
    let mut files = Vec::new();
    tl_files(&dir.join("upstream"), &mut files);
    files.sort();
    for path in &files {
        let rel = path.display().to_string();
        let dialect = UPSTREAM
            .iter()
            .find(|(f, _, _)| rel.ends_with(f))
            .map_or(Dialect::Telegram, |(_, d, _)| *d);
        let (schema, _) = parse_file(path, dialect);
        let printed = typelang_parser::print_schema(&schema);
        let options = ParseOptions {
            dialect,
            id_check: IdCheck::Warn,
        };
        let again = parse(&printed, &options)
            .unwrap_or_else(|e| panic!("{}", e.render(&format!("{rel} (printed)"), &printed)))
            .schema;
        assert!(schema.eq_ignoring_spans(&again), "{rel}");
        let ids = |s: &Schema| s.definitions.iter().map(|d| d.id).collect::<Vec<_>>();
        assert_eq!(ids(&schema), ids(&again), "{rel}");
    }
}

#[test]
fn upstream_schemas_keep_their_tree_and_comments_through_layout_format() {
    let Some(dir) = reference_dir() else { return };
    let mut files = Vec::new();
    tl_files(&dir.join("upstream"), &mut files);
    files.sort();
    for path in &files {
        let rel = path.display().to_string();
        let dialect = UPSTREAM
            .iter()
            .find(|(f, _, _)| rel.ends_with(f))
            .map_or(Dialect::Telegram, |(_, d, _)| *d);
        let options = ParseOptions {
            dialect,
            id_check: IdCheck::Warn,
        };
        let src = std::fs::read_to_string(path).expect("readable");
        let (schema, _) = parse_file(path, dialect);
        let formatted = typelang_parser::layout::format(&src, &options).expect("parses");
        let again = parse(&formatted, &options)
            .unwrap_or_else(|e| panic!("{}", e.render(&format!("{rel} (formatted)"), &formatted)))
            .schema;
        assert!(schema.eq_ignoring_spans(&again), "{rel}");
        let comments = |t: &str| t.lines().filter(|l| l.contains("//")).count();
        assert_eq!(comments(&src), comments(&formatted), "{rel}");
        assert_eq!(
            typelang_parser::layout::format(&formatted, &options).expect("parses"),
            formatted,
            "{rel}: not a fixed point"
        );
    }
}
