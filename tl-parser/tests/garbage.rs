//! Property tests: no input makes the parser panic, errors always point
//! inside the input, and whatever parses also prints and parses back.

use proptest::prelude::*;
use typelang_parser::{Dialect, IdCheck, ParseOptions, id_of_line, parse, print_schema};

/// Fragments real schemas are made of, plus a few that break them.
const TOKENS: &[&str] = &[
    "a",
    "b",
    "Foo",
    "messages.",
    "auth.X",
    "int",
    "bytes",
    "true",
    "Vector",
    "vector",
    "#",
    "#1cb5c415",
    "#89f5c4a",
    "#123456789",
    "#zz",
    "{",
    "}",
    "X:Type",
    "t:Type",
    ":",
    "?",
    "=",
    ";",
    "flags",
    "flags:#",
    "flags.0?",
    "flags2.31?",
    ".",
    "[",
    "]",
    "*",
    "4*",
    "n*",
    "<",
    ">",
    ",",
    "(",
    ")",
    "%",
    "!",
    "!X",
    "---types---",
    "---functions---",
    "--- functions ---",
    "---x---",
    "//",
    "// LAYER 5\n",
    "//@description d @x y\n",
    "//-more\n",
    "//@class C @description c\n",
    "/*",
    "*/",
    "\n",
    " ",
    "\t",
    "0",
    "99999999999",
    "ü",
    "\u{1F600}",
    "\r\n",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..60).prop_map(|toks| {
        let mut s = String::new();
        for t in toks {
            s.push_str(t);
            s.push(' ');
        }
        s
    })
}

fn check(src: &str) {
    for dialect in [Dialect::Telegram, Dialect::TlParser] {
        let options = ParseOptions {
            dialect,
            id_check: IdCheck::Error,
        };
        match parse(src, &options) {
            Ok(parsed) => {
                // Whatever parses prints to text that parses to the same tree.
                let printed = print_schema(&parsed.schema);
                let lenient = ParseOptions {
                    dialect,
                    id_check: IdCheck::Warn,
                };
                let again = parse(&printed, &lenient)
                    .unwrap_or_else(|e| panic!("{src:?} printed as {printed:?}: {e}"));
                assert!(
                    again.schema.eq_ignoring_spans(&parsed.schema),
                    "{src:?} printed as {printed:?}"
                );
                // So does the layout-keeping form, which is a fixed point.
                let formatted = typelang_parser::layout::format(src, &lenient)
                    .unwrap_or_else(|e| panic!("{src:?}: {e}"));
                let again = parse(&formatted, &lenient)
                    .unwrap_or_else(|e| panic!("{src:?} formatted as {formatted:?}: {e}"));
                assert!(
                    again.schema.eq_ignoring_spans(&parsed.schema),
                    "{src:?} formatted as {formatted:?}"
                );
                let twice = typelang_parser::layout::format(&formatted, &lenient)
                    .unwrap_or_else(|e| panic!("{formatted:?}: {e}"));
                assert_eq!(twice, formatted, "{src:?}");
            }
            Err(errors) => {
                assert!(errors.errors().count() > 0);
                for d in &errors.items {
                    assert!(d.span.start <= d.span.end, "{d:?}");
                    assert!(d.span.end <= src.len(), "{d:?} beyond {}", src.len());
                    let rendered = d.render("fuzz.tl", src);
                    assert!(rendered.starts_with("fuzz.tl:"));
                }
                let _ = errors.render("fuzz.tl", src);
            }
        }
        let _ = id_of_line(src, dialect);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings_never_panic(src in ".{0,200}") {
        check(&src);
    }

    #[test]
    fn arbitrary_bytes_as_lossy_text_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn token_soup_never_panics(src in token_soup()) {
        check(&src);
    }

    #[test]
    fn truncated_real_lines_never_panic(cut in 0usize..400) {
        let line = "channelFull#a04e8d3a flags:# can_view:flags.3?true {X:Type} n:# v:n*[ a:int b:(vector %Foo) ] q:!X \
                    x:Vector<Vector<int>> /* c */ // d\n = ChatFull;";
        let end = line.char_indices().map(|(i, _)| i).chain([line.len()]).nth(cut.min(line.chars().count())).unwrap_or(0);
        check(&line[..end]);
    }
}

#[test]
fn pathological_nesting_is_bounded() {
    for open in ["(", "[", "Vector<", "%(", "n*["] {
        let src = format!("a n:# x:{}", open.repeat(100_000));
        check(&src);
    }
    check(&"{".repeat(100_000));
    check(&"/*".repeat(10_000));
    check(&"a ".repeat(50_000));
}

// ---- structured: random valid definitions ---------------------------------

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-zA-Z0-9_]{0,6}"
}

fn type_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("int".to_owned()),
        Just("long".to_owned()),
        Just("bytes".to_owned()),
        Just("string".to_owned()),
        "[A-Z][a-zA-Z0-9]{0,6}",
        "[a-z]{1,4}\\.[A-Z][a-z]{0,5}",
        "%[A-Z][a-z]{0,5}",
    ]
}

fn field_type() -> impl Strategy<Value = String> {
    let leaf = type_name();
    leaf.prop_recursive(3, 8, 1, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| format!("Vector<{t}>")),
            inner.clone().prop_map(|t| format!("vector<{t}>")),
            inner.prop_map(|t| format!("(vector {t})")),
        ]
    })
}

/// A random but valid definition line.
fn definition() -> impl Strategy<Value = String> {
    (
        prop::option::of("[a-z]{1,5}\\."),
        ident(),
        prop::option::of(any::<u32>()),
        prop::collection::vec((ident(), field_type(), prop::option::of(0u32..32)), 0..6),
        any::<bool>(),
        prop_oneof!["[A-Z][a-zA-Z]{0,6}", "[a-z]{1,4}\\.[A-Z][a-z]{0,5}"],
    )
        .prop_map(|(ns, name, id, fields, generic, result)| {
            let mut s = format!("{}{name}", ns.unwrap_or_default());
            if let Some(id) = id {
                s.push_str(&format!("#{id:x}"));
            }
            if generic {
                s.push_str(" {X:Type}");
            }
            s.push_str(" flags:#");
            for (i, (fname, ty, bit)) in fields.into_iter().enumerate() {
                // Suffix with the index so names stay unique.
                match bit {
                    Some(bit) if ty == "true" => {
                        s.push_str(&format!(" {fname}{i}:flags.{bit}?true"))
                    }
                    Some(bit) => s.push_str(&format!(" {fname}{i}:flags.{bit}?{ty}")),
                    None => s.push_str(&format!(" {fname}{i}:{ty}")),
                }
            }
            if generic {
                s.push_str(" q:!X = X;");
            } else {
                s.push_str(&format!(" = {result};"));
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn valid_definitions_round_trip_and_keep_their_ids(
        lines in prop::collection::vec(definition(), 1..8),
        functions_from in 0usize..8,
    ) {
        let mut src = String::new();
        for (i, line) in lines.iter().enumerate() {
            if i == functions_from {
                src.push_str("---functions---\n");
            }
            src.push_str(line);
            src.push('\n');
        }
        for dialect in [Dialect::Telegram, Dialect::TlParser] {
            let options = ParseOptions { dialect, id_check: IdCheck::Warn };
            let parsed = parse(&src, &options).unwrap_or_else(|e| panic!("{}", e.render("gen.tl", &src)));
            prop_assert_eq!(parsed.schema.definitions.len(), lines.len());
            let printed = print_schema(&parsed.schema);
            let again = parse(&printed, &options).unwrap_or_else(|e| panic!("{}", e.render("printed.tl", &printed)));
            prop_assert!(again.schema.eq_ignoring_spans(&parsed.schema), "{}\n{}", src, printed);
            for (a, b) in parsed.schema.definitions.iter().zip(&again.schema.definitions) {
                prop_assert_eq!(typelang_parser::compute_id(a, dialect), typelang_parser::compute_id(b, dialect));
            }
            let formatted = typelang_parser::layout::format(&src, &options).expect("parses");
            let again = parse(&formatted, &options).unwrap_or_else(|e| panic!("{}", e.render("formatted.tl", &formatted)));
            prop_assert!(again.schema.eq_ignoring_spans(&parsed.schema), "{}\n{}", src, formatted);
        }
    }
}
