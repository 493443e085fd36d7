//! The bundled schemas (`schema/*.tl`): they parse without errors, every
//! explicit id checks (only the allow-listed exceptions differ), and they
//! survive a print/parse round trip.

use std::path::PathBuf;

use typelang_parser::ast::{Category, Definition, ParamKind, Schema};
use typelang_parser::{
    DiagnosticKind, Dialect, IdCheck, ParseOptions, compute_id, id_of_line, parse,
    print_definition, print_schema,
};

fn schema_text(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../schema")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse_ok(file: &str, options: &ParseOptions) -> Schema {
    let src = schema_text(file);
    match parse(&src, options) {
        Ok(parsed) => {
            assert!(parsed.warnings.is_empty(), "{file}: {:?}", parsed.warnings);
            parsed.schema
        }
        Err(errors) => panic!("{}", errors.render(file, &src)),
    }
}

fn counts(schema: &Schema) -> (usize, usize) {
    let types = schema
        .definitions
        .iter()
        .filter(|d| d.category == Category::Type)
        .count();
    (types, schema.definitions.len() - types)
}

/// Under `IdCheck::Warn` every mismatch becomes a warning; returns the
/// names of the definitions whose explicit id differs from the computed
/// one, and how many explicit ids there were.
fn mismatches(file: &str, dialect: Dialect) -> (Vec<String>, usize) {
    let src = schema_text(file);
    let options = ParseOptions {
        dialect,
        id_check: IdCheck::Error,
    };
    let schema = parse(
        &src,
        &ParseOptions {
            dialect,
            id_check: IdCheck::Warn,
        },
    )
    .unwrap_or_else(|e| panic!("{}", e.render(file, &src)))
    .schema;
    let explicit = schema
        .definitions
        .iter()
        .filter(|d| d.explicit_id.is_some())
        .count();
    let names = match parse(&src, &options) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .items
            .iter()
            .map(|d| {
                assert!(matches!(d.kind, DiagnosticKind::IdMismatch { .. }), "{d}");
                let def = schema
                    .definitions
                    .iter()
                    .find(|def| def.span.start == d.span.start)
                    .expect("mismatch located at a definition");
                def.name.to_string()
            })
            .collect(),
    };
    (names, explicit)
}

#[test]
fn api_tl_parses_with_every_id_checked() {
    let schema = parse_ok("api.tl", &ParseOptions::default());
    assert_eq!(schema.layer, Some(230));
    assert_eq!(counts(&schema), (1704, 850));
    assert!(schema.definitions.iter().all(|d| d.explicit_id.is_some()));
    let (bad, explicit) = mismatches("api.tl", Dialect::Telegram);
    assert_eq!(explicit, 2554);
    assert!(bad.is_empty(), "{bad:?}");
}

#[test]
fn mtproto_tl_has_exactly_the_three_mtproxy_exceptions() {
    let schema = parse_ok("mtproto.tl", &ParseOptions::default());
    assert_eq!(counts(&schema), (56, 10));
    let builtins: Vec<String> = schema
        .definitions
        .iter()
        .filter(|d| d.builtin)
        .map(|d| d.name.to_string())
        .collect();
    assert_eq!(builtins, ["int", "long", "double", "string"]);
    let (bad, explicit) = mismatches("mtproto.tl", Dialect::Telegram);
    assert_eq!(explicit, 51);
    assert_eq!(
        bad,
        ["ipPortSecret", "accessPointRule", "help.configSimple"]
    );
    // Definitions without an id get the computed one; `vector` is the
    // well-known Vector id.
    let vector = find(&schema, "vector");
    assert_eq!(vector.explicit_id, None);
    assert_eq!(vector.id, 0x1cb5c415);
    let tls = find(&schema, "tlsClientHello");
    assert_eq!(tls.id, compute_id(tls, Dialect::Telegram));
}

#[test]
fn secret_tl_checks_with_versioned_names() {
    let schema = parse_ok("secret.tl", &ParseOptions::default());
    assert_eq!(schema.layer, Some(144));
    assert_eq!(counts(&schema), (89, 0));
    let (bad, explicit) = mismatches("secret.tl", Dialect::Telegram);
    assert_eq!(explicit, 85);
    // Under the strict policy the versioned names (`decryptedMessage8`) and
    // `decryptedMessageMediaDocument` differ...
    assert!(bad.contains(&"decryptedMessage8".to_owned()), "{bad:?}");
    assert!(bad.contains(&"decryptedMessageMediaDocument".to_owned()));
    // ...and every one of them but `decryptedMessageMediaDocument` matches
    // once the layer number is removed from its name.
    for name in &bad {
        let def = find(&schema, name);
        let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
        if name == "decryptedMessageMediaDocument" {
            continue;
        }
        assert_ne!(base, name, "{name} is not versioned");
        let mut renamed = def.clone();
        renamed.name.name = base.to_owned();
        assert_eq!(
            compute_id(&renamed, Dialect::Telegram),
            def.id,
            "{name} as {base}"
        );
    }
    // `decryptedMessageMediaDocument` keeps its `bytes` fields in the id:
    // it is the id the tl-parser rule computes.
    let doc = find(&schema, "decryptedMessageMediaDocument");
    assert_eq!(compute_id(doc, Dialect::TlParser), 0x6abd9782);
}

#[test]
fn ip_port_secret_follows_the_tl_parser_rule() {
    let schema = parse_ok("mtproto.tl", &ParseOptions::default());
    let def = find(&schema, "ipPortSecret");
    assert_ne!(compute_id(def, Dialect::Telegram), def.id);
    assert_eq!(compute_id(def, Dialect::TlParser), def.id);
}

#[test]
fn strict_policy_rejects_the_exceptions_and_warn_reports_them() {
    let src = schema_text("mtproto.tl");
    let strict = ParseOptions {
        id_check: IdCheck::Error,
        ..Default::default()
    };
    let errors = parse(&src, &strict).unwrap_err();
    assert_eq!(errors.errors().count(), 3);
    let rendered = errors.render("mtproto.tl", &src);
    assert!(rendered.contains(
        "mtproto.tl:102:1: error: explicit id #37982646 of `ipPortSecret` differs from the computed id #402d9b47"
    ), "{rendered}");
    let warn = ParseOptions {
        id_check: IdCheck::Warn,
        ..Default::default()
    };
    let parsed = parse(&src, &warn).unwrap();
    assert_eq!(parsed.warnings.len(), 3);
    // An allow-list without the MTProxy names fails on exactly those.
    let partial = ParseOptions {
        id_check: IdCheck::Allow(vec!["ipPortSecret".into()]),
        ..Default::default()
    };
    assert_eq!(parse(&src, &partial).unwrap_err().errors().count(), 2);
}

#[test]
fn tl_parser_rule_fails_on_api_tl_where_it_should() {
    // The two rule differences are both needed: lines with `?true` flags or
    // top-level `bytes` fields do not check under the tl-parser rule, all
    // other lines do.
    let schema = parse_ok("api.tl", &ParseOptions::default());
    let mut differing = 0;
    for def in &schema.definitions {
        let affected = def.params.iter().any(|p| match &p.kind {
            ParamKind::Value { ty, flag } => {
                ty.args.is_empty()
                    && ((flag.is_some() && ty.name.name == "true") || ty.name.name == "bytes")
            }
            ParamKind::Repeated { .. } => false,
        });
        let same = compute_id(def, Dialect::TlParser) == def.id;
        assert_eq!(same, !affected, "{}", def.name);
        differing += usize::from(affected);
    }
    assert!(differing > 400, "{differing}");
}

#[test]
fn bytes_inside_type_arguments_is_not_renamed() {
    let schema = parse_ok("api.tl", &ParseOptions::default());
    let mut checked = 0;
    for def in &schema.definitions {
        let text = print_definition(def);
        if !text.contains("Vector<bytes>") {
            continue;
        }
        // The Telegram rule keeps `Vector bytes`; renaming it too would
        // give another id.
        let renamed = text.replace("Vector<bytes>", "Vector<string>");
        assert_ne!(
            id_of_line(&renamed, Dialect::Telegram).unwrap(),
            def.id,
            "{renamed}"
        );
        assert_eq!(id_of_line(&text, Dialect::Telegram).unwrap(), def.id);
        checked += 1;
    }
    assert_eq!(checked, 8);
}

#[test]
fn seed_line() {
    let line = "messages.requestEncryption#f64daf43 user_id:InputUser random_id:int g_a:bytes = EncryptedChat;";
    let parsed = parse(line, &ParseOptions::default()).unwrap();
    let def = &parsed.schema.definitions[0];
    assert_eq!(def.name.namespace, ["messages"]);
    assert_eq!(def.name.name, "requestEncryption");
    let names: Vec<_> = def.params.iter().map(|p| p.name.as_deref()).collect();
    assert_eq!(names, [Some("user_id"), Some("random_id"), Some("g_a")]);
    assert_eq!(def.explicit_id, Some(0xf64daf43));
    assert_eq!(def.id, 0xf64daf43);
    assert_eq!(compute_id(def, Dialect::Telegram), 0xf64daf43);
    assert_eq!(id_of_line(line, Dialect::Telegram).unwrap(), 0xf64daf43);
    // The same line without its id gets the same id computed.
    let bare =
        "messages.requestEncryption user_id:InputUser random_id:int g_a:bytes = EncryptedChat;";
    let parsed = parse(bare, &ParseOptions::default()).unwrap();
    assert_eq!(parsed.schema.definitions[0].id, 0xf64daf43);
    // And it is also in api.tl.
    let schema = parse_ok("api.tl", &ParseOptions::default());
    let in_api = find(&schema, "messages.requestEncryption");
    assert_eq!(in_api.id, 0xf64daf43);
    assert_eq!(in_api.params.len(), 3);
    assert_eq!(in_api.category, Category::Function);
}

#[test]
fn print_parse_round_trip_over_all_schemas() {
    for file in ["api.tl", "mtproto.tl", "secret.tl"] {
        let options = ParseOptions::default();
        let schema = parse_ok(file, &options);
        let printed = print_schema(&schema);
        let reparsed = match parse(&printed, &options) {
            Ok(p) => p.schema,
            Err(e) => panic!("{}", e.render(&format!("printed {file}"), &printed)),
        };
        assert!(
            schema.eq_ignoring_spans(&reparsed),
            "{file}: round trip changed the tree"
        );
        assert_eq!(schema.without_spans(), reparsed.without_spans());
        // Printing is a fixed point.
        assert_eq!(print_schema(&reparsed), printed, "{file}");
    }
}

#[test]
fn every_definition_prints_to_one_line_that_parses_back() {
    let schema = parse_ok("api.tl", &ParseOptions::default());
    for def in &schema.definitions {
        let line = print_definition(def);
        assert!(!line.contains('\n'));
        let back = parse(&line, &ParseOptions::default()).unwrap().schema;
        let mut expected = def.clone();
        // A lone line is in the `types` section.
        expected.category = Category::Type;
        assert!(back.definitions[0].eq_ignoring_spans(&expected), "{line}");
    }
}

#[test]
fn spans_cover_each_definition_exactly() {
    let src = schema_text("api.tl");
    let schema = parse_ok("api.tl", &ParseOptions::default());
    for def in &schema.definitions {
        let text = &src[def.span.start..def.span.end];
        assert!(text.starts_with(&def.name.to_string()), "{text}");
        assert!(text.ends_with(';'), "{text}");
        for p in &def.params {
            assert!(def.span.start <= p.span.start && p.span.end <= def.span.end);
            let ptext = &src[p.span.start..p.span.end];
            if let Some(name) = &p.name {
                assert!(ptext.starts_with(&format!("{name}:")), "{ptext}");
            }
        }
    }
}

fn find<'s>(schema: &'s Schema, name: &str) -> &'s Definition {
    schema
        .definitions
        .iter()
        .find(|d| d.name.to_string() == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn layout_format_keeps_the_tree_the_comments_and_is_a_fixed_point() {
    for file in ["api.tl", "mtproto.tl", "secret.tl"] {
        let src = schema_text(file);
        let options = ParseOptions {
            dialect: Dialect::Telegram,
            id_check: IdCheck::Warn,
        };
        let formatted = typelang_parser::layout::format(&src, &options)
            .unwrap_or_else(|e| panic!("{}", e.render(file, &src)));
        let before = parse(&src, &options).expect("parses").schema;
        let after = parse(&formatted, &options)
            .unwrap_or_else(|e| panic!("{}", e.render(&format!("{file} (formatted)"), &formatted)))
            .schema;
        assert!(before.eq_ignoring_spans(&after), "{file}");
        let comments = |t: &str| t.lines().filter(|l| l.contains("//")).count();
        assert_eq!(comments(&src), comments(&formatted), "{file}");
        let again = typelang_parser::layout::format(&formatted, &options).expect("parses");
        assert_eq!(again, formatted, "{file}: not a fixed point");
        // Every explicit id is spelled as in the source.
        for def in &before.definitions {
            if def.explicit_id.is_some() {
                let head = &src[def.span.start..];
                let id =
                    head[..head.find(|c: char| c.is_whitespace() || c == ';').unwrap()].to_owned();
                assert!(
                    formatted.contains(&format!("{id} ")) || formatted.contains(&format!("{id};")),
                    "{file}: {id}"
                );
            }
        }
    }
}
