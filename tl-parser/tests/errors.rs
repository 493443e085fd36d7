//! Malformed schemas: each case asserts the reported `line:col` and message,
//! and that parsing goes on to find the mistakes after it.

use typelang_parser::{DiagnosticKind, Diagnostics, IdCheck, ParseOptions, Severity, parse};

fn errors(src: &str) -> Diagnostics {
    match parse(src, &ParseOptions::default()) {
        Ok(parsed) => panic!("expected errors, parsed {:?}", parsed.schema),
        Err(e) => e,
    }
}

/// Asserts that `src` yields exactly one error, at `line:col`, with
/// `message`, and returns its rendering.
#[track_caller]
fn one_error(src: &str, line: usize, col: usize, message: &str) -> String {
    let errs = errors(src);
    let all: Vec<_> = errs.errors().collect();
    assert_eq!(all.len(), 1, "{}", errs.render("t.tl", src));
    let d = all[0];
    assert_eq!(d.line_col(src), (line, col), "{}", d.render("t.tl", src));
    assert_eq!(d.message, message);
    d.render("t.tl", src)
}

#[test]
fn missing_colon_after_parameter_name() {
    one_error(
        "ok = Ok;\nfoo#1234abcd user_id InputUser = Foo;\n",
        2,
        22,
        "expected `:` after parameter name `user_id`",
    );
}

#[test]
fn missing_semicolon() {
    // Reported where the `;` belongs, not where the next line, read as
    // more of the result type, stops making sense; the next definition is
    // then parsed on its own.
    let src = "a = A\nb = B;\nc x:int = C\nd y:int = D;\n";
    let errs = errors(src);
    let all: Vec<_> = errs.errors().collect();
    assert_eq!(all.len(), 2, "{}", errs.render("t.tl", src));
    assert_eq!(all[0].line_col(src), (1, 6));
    assert_eq!(all[1].line_col(src), (3, 12));
    for d in &all {
        assert_eq!(d.message, "expected `;` after the result type");
        assert_eq!(d.notes[0].message, "add `;` here");
    }
    let text = errs.render("t.tl", src);
    assert!(
        text.contains("1 | a = A\n  |      ^\n  = help: add `;` here\n"),
        "{text}"
    );
    // On one line the error stays where the text goes wrong.
    one_error(
        "a = A b = B;\n",
        1,
        9,
        "expected `;` after the result type, found `=`",
    );
    // A result type may span lines when it is finished with `;`.
    assert!(parse("a = Vector\n  int;\n", &ParseOptions::default()).is_ok());
}

#[test]
fn missing_semicolon_before_a_line_that_is_no_type() {
    let src = "a = A\n(b = B;\nc = C;\n";
    let errs = errors(src);
    let first = errs.errors().next().expect("an error");
    assert_eq!(first.line_col(src), (1, 6), "{}", errs.render("t.tl", src));
    assert_eq!(first.message, "expected `;` after the result type");
}

#[test]
fn missing_semicolon_before_a_comment() {
    let src = "a = A // the first\nb = B;\n";
    let d = one_error(src, 1, 6, "expected `;` after the result type");
    assert!(d.contains("help: add `;` here"), "{d}");
    let d = one_error(
        "a = A;\nb = B // the last",
        2,
        6,
        "expected `;` after the result type",
    );
    assert!(d.contains("help: add `;` here"), "{d}");
}

#[test]
fn byte_order_mark_is_skipped() {
    let src = "\u{feff}// LAYER 3\nboolTrue#997275b5 = Bool;\n";
    let parsed = parse(src, &ParseOptions::default()).expect("a BOM is accepted");
    assert_eq!(parsed.schema.layer, Some(3));
    assert_eq!(parsed.schema.definitions.len(), 1);
    // Spans still index the text as given, BOM included.
    let def = &parsed.schema.definitions[0];
    assert!(src[def.span.start..def.span.end].starts_with("boolTrue"));
    // Anywhere else it is still an error.
    assert!(parse("a = A;\n\u{feff}b = B;\n", &ParseOptions::default()).is_err());
}

#[test]
fn flag_bit_too_large_for_u32_is_quoted_as_written() {
    let src = "a flags:# x:flags.99999999999?int = A;\n";
    one_error(
        src,
        1,
        19,
        "flag bit 99999999999 of `flags` is out of range 0..=31",
    );
    assert_eq!(errors(src).items[0].kind, DiagnosticKind::FlagBitOutOfRange);
}

#[test]
fn repetition_count_too_large_is_quoted_as_written() {
    one_error(
        "a v:99999999999*[ int ] = A;\n",
        1,
        5,
        "repetition count 99999999999 is out of range (at most 4294967295)",
    );
    one_error(
        "a 99999999999*[ int ] = A;\n",
        1,
        3,
        "repetition count 99999999999 is out of range (at most 4294967295)",
    );
}

#[test]
fn layer_out_of_range_is_quoted_as_written() {
    // `invokeWithLayer` takes the layer as an `int`.
    for n in ["3000000000", "99999999999999999999"] {
        let src = format!("// LAYER {n}\na = A;\n");
        let errs = errors(&src);
        let all: Vec<_> = errs.errors().collect();
        assert_eq!(all.len(), 1, "{}", errs.render("t.tl", &src));
        assert_eq!(all[0].line_col(&src), (1, 10));
        assert_eq!(
            all[0].message,
            format!("layer {n} is out of range (at most 2147483647)")
        );
        assert_eq!(all[0].kind, DiagnosticKind::NumberOutOfRange);
    }
    assert!(parse("// LAYER 2147483647\na = A;\n", &ParseOptions::default()).is_ok());
}

#[test]
fn missing_semicolon_at_end_of_input() {
    one_error(
        "a = A;\nb = B",
        2,
        6,
        "expected `;` after the result type, found end of input",
    );
}

#[test]
fn missing_equals() {
    one_error(
        "a x:int A;\n",
        1,
        10,
        "expected `=` and a result type, found `;`",
    );
}

#[test]
fn missing_result_type() {
    one_error(
        "a x:int = ;\n",
        1,
        11,
        "expected a result type after `=`, found `;`",
    );
}

#[test]
fn missing_field_type() {
    one_error("a x: = A;\n", 1, 6, "expected a type, found `=`");
}

#[test]
fn empty_hex_id() {
    one_error(
        "a# x:int = A;\n",
        1,
        2,
        "expected a hexadecimal constructor id after `#`",
    );
}

#[test]
fn id_with_nine_digits() {
    let rendered = one_error(
        "\n  a#123456789 = A;\n",
        2,
        5,
        "invalid constructor id `#123456789`: expected 1 to 8 hexadecimal digits",
    );
    assert!(rendered.contains("  a#123456789 = A;\n"), "{rendered}");
    assert!(rendered.contains("|     ^^^^^^^^^\n"), "{rendered}");
}

#[test]
fn id_with_non_hex_digit() {
    one_error(
        "a#12g4 = A;\n",
        1,
        3,
        "invalid constructor id `#12g4`: expected 1 to 8 hexadecimal digits",
    );
}

#[test]
fn unclosed_type_arguments() {
    one_error(
        "a x:Vector<int = A;\n",
        1,
        16,
        "expected `,` or `>` in type arguments, found `=`",
    );
}

#[test]
fn unclosed_parenthesised_type() {
    one_error("a x:(vector int = A;\n", 1, 17, "expected `)`, found `=`");
}

#[test]
fn unclosed_repetition() {
    one_error(
        "a n:# v:n*[ x:int = A;\n",
        1,
        19,
        "expected a field or `]`, found `=`",
    );
}

#[test]
fn empty_repetition() {
    one_error(
        "a n:# v:n*[ ] = A;\n",
        1,
        11,
        "empty repetition: expected at least one field inside `[ ]`",
    );
}

#[test]
fn flag_bit_out_of_range() {
    let src = "a flags:# x:flags.32?int = A;\n";
    one_error(src, 1, 11, "flag bit 32 of `flags` is out of range 0..=31");
    let errs = errors(src);
    assert_eq!(errs.items[0].kind, DiagnosticKind::FlagBitOutOfRange);
}

#[test]
fn flag_on_unknown_field() {
    one_error(
        "a flags:# x:flags2.1?int = A;\n",
        1,
        11,
        "condition refers to `flags2`, which is not an earlier `#` parameter",
    );
}

#[test]
fn flag_field_declared_after_use() {
    one_error(
        "a x:flags.0?int flags:# = A;\n",
        1,
        3,
        "condition refers to `flags`, which is not an earlier `#` parameter",
    );
}

#[test]
fn flag_without_question_mark() {
    one_error(
        "a flags:# x:flags.0int = A;\n",
        1,
        20,
        "expected `?` after the flag bit, found `int`",
    );
}

#[test]
fn repetition_count_not_a_nat() {
    one_error(
        "a n:int v:n*[ int ] = A;\n",
        1,
        9,
        "repetition count `n` is not an earlier `#` parameter",
    );
}

#[test]
fn duplicate_parameter() {
    one_error(
        "a x:int y:long x:string = A;\n",
        1,
        16,
        "duplicate parameter name `x`",
    );
}

#[test]
fn unknown_section() {
    one_error(
        "---objects---\na = A;\n",
        1,
        1,
        "unknown section `objects`: expected `---types---` or `---functions---`",
    );
}

#[test]
fn unclosed_section_marker() {
    one_error(
        "---functions\na = A;\n",
        1,
        13,
        "expected `---` closing the section marker, found end of line",
    );
}

#[test]
fn unterminated_block_comment() {
    let src = "a = A;\n/* no end\nb = B;\n";
    one_error(src, 2, 1, "unterminated block comment");
    assert_eq!(
        errors(src).items[0].kind,
        DiagnosticKind::UnterminatedComment
    );
}

#[test]
fn unterminated_block_comment_inside_definition() {
    one_error("a x:int /* oops\n = A;", 1, 9, "unterminated block comment");
}

#[test]
fn stray_character_in_parameters() {
    one_error(
        "a x:int & = A;\n",
        1,
        9,
        "expected a parameter or `=`, found `&`",
    );
}

#[test]
fn braces_inside_repetition() {
    one_error(
        "a n:# v:n*[ {X:Type} ] = A;\n",
        1,
        13,
        "expected a field (`{...}` is only allowed at the top level), found `{`",
    );
}

#[test]
fn definition_starting_with_a_digit() {
    one_error("1abc = A;\n", 1, 1, "expected a definition name, found `1`");
}

#[test]
fn bang_without_name() {
    one_error(
        "a {X:Type} q:! = X;\n",
        1,
        16,
        "expected a type parameter name after `!`, found `=`",
    );
}

#[test]
fn optional_parameter_without_colon() {
    one_error(
        "a {X Type} = X;\n",
        1,
        6,
        "expected `:` after optional parameter name, found `Type`",
    );
}

#[test]
fn non_ascii_is_located_by_character() {
    // Columns count characters, not bytes.
    one_error(
        "// ünïcödé\nä = A;\n",
        2,
        1,
        "expected a definition name, found `ä`",
    );
}

#[test]
fn too_deep_nesting_is_an_error_not_a_crash() {
    let src = format!("a x:{}int{} = A;", "Vector<".repeat(200), ">".repeat(200));
    let errs = errors(&src);
    assert_eq!(errs.errors().count(), 1);
    assert!(
        errs.items[0].message.contains("nested more than 64 levels"),
        "{}",
        errs.items[0].message
    );
}

#[test]
fn every_broken_definition_is_reported() {
    let src = "\
ok1 = Ok;
bad1 x InputUser = Bad;
ok2 x:int = Ok;
bad2#zz = Bad;
bad3 x:Vector<int = Bad;
ok3 flags:# y:flags.0?true = Ok;
bad4 flags:# y:flags.40?int = Bad;
";
    let errs = errors(src);
    let located: Vec<(usize, usize)> = errs.errors().map(|d| d.line_col(src)).collect();
    assert_eq!(located, [(2, 8), (4, 6), (5, 19), (7, 14)]);
    let rendered = errs.render("many.tl", src);
    assert!(
        rendered.ends_with("many.tl: 4 errors found\n"),
        "{rendered}"
    );
    assert!(rendered.contains("many.tl:2:8: error: expected `:` after parameter name `x`\n"));
}

#[test]
fn recovery_skips_semicolons_in_comments() {
    let src = "bad x Y // ; not the end\n = B;\nok = Ok;\nbad2 ) = C;";
    let errs = errors(src);
    let located: Vec<(usize, usize)> = errs.errors().map(|d| d.line_col(src)).collect();
    assert_eq!(located, [(1, 7), (4, 6)]);
}

#[test]
fn id_mismatch_is_located_at_the_name() {
    let src = "ok = Ok;\nboolTrue#997275b6 = Bool;\n";
    let strict = ParseOptions {
        id_check: IdCheck::Error,
        ..Default::default()
    };
    let errs = parse(src, &strict).unwrap_err();
    let d = &errs.items[0];
    assert_eq!(d.line_col(src), (2, 1));
    assert_eq!(
        d.kind,
        DiagnosticKind::IdMismatch {
            explicit: 0x997275b6,
            computed: 0x997275b5
        }
    );
    assert_eq!(
        d.render("bool.tl", src),
        "bool.tl:2:1: error: explicit id #997275b6 of `boolTrue` differs from the computed id #997275b5\n  |\n2 | boolTrue#997275b6 = Bool;\n  | ^^^^^^^^^^^^^^^^^\n  = help: if the explicit id is right, allow it: `--allow boolTrue` (or `--id-check warn`) on the command line, `IdCheck::Allow` naming `boolTrue` (or `IdCheck::Warn`) in build.rs\n"
    );
    // The same under Warn is a warning and the schema parses.
    let warn = ParseOptions {
        id_check: IdCheck::Warn,
        ..Default::default()
    };
    let parsed = parse(src, &warn).unwrap();
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].severity, Severity::Warning);
    assert!(
        parsed.warnings[0]
            .render("bool.tl", src)
            .starts_with("bool.tl:2:1: warning: ")
    );
    assert_eq!(
        parsed.schema.definitions[1].id, 0x997275b6,
        "explicit id wins"
    );
}

#[test]
fn display_and_error_traits() {
    let errs = errors("a x:int = ;");
    let text = errs.to_string();
    assert_eq!(
        text,
        "error: expected a result type after `=`, found `;` (at bytes 10..11)"
    );
    let boxed: Box<dyn std::error::Error> = Box::new(errs.clone());
    assert_eq!(boxed.to_string(), text);
    let single: &dyn std::error::Error = &errs.items[0];
    assert_eq!(single.to_string(), text);
}

#[test]
fn optional_parameters_after_fields() {
    one_error(
        "a x:int {X:Type} q:!X = X;\n",
        1,
        9,
        "optional parameters `{...}` must come before the fields",
    );
}

#[test]
fn dotted_parameter_name() {
    one_error(
        "a x:int my.field:long = A;\n",
        1,
        9,
        "parameter name `my.field` cannot contain `.`",
    );
}

#[test]
fn id_without_any_hex_digit() {
    one_error(
        "a#zz = A;\n",
        1,
        3,
        "invalid constructor id `#zz`: expected 1 to 8 hexadecimal digits",
    );
}

#[test]
fn notes_render_after_the_snippet_and_point_into_other_files() {
    use typelang_parser::diagnostics::render_all;
    use typelang_parser::{Diagnostic, DiagnosticKind, Location, SourceFile, ast::Span};
    let files = vec![
        SourceFile {
            name: "a.tl".into(),
            text: "foo#1 = Foo;\n".into(),
        },
        SourceFile {
            name: "b.tl".into(),
            text: "bar = Bar;\nfoo#2 = Foo;\n".into(),
        },
    ];
    let d = Diagnostic::error(
        DiagnosticKind::DuplicateDefinition,
        "`foo` is defined again with id 0x00000002",
        Span::new(11, 16),
    )
    .in_file(1)
    .with_note_at(
        "first defined with id 0x00000001",
        Location {
            file: 0,
            span: Span::new(0, 5),
        },
    )
    .with_help("generate the two files separately");
    let text = render_all(&files, &[d]);
    assert_eq!(
        text,
        "b.tl:2:1: error: `foo` is defined again with id 0x00000002\n  |\n2 | foo#2 = Foo;\n  | ^^^^^\n  = note: first defined with id 0x00000001: a.tl:1:1\n  = help: generate the two files separately\n\n"
    );
}

#[test]
fn bang_without_type_parameter() {
    let src = "---functions---\nf {X:Type} a:!X b:Vector<!Y> = X;\n";
    let errs = errors(src);
    let all: Vec<_> = errs.errors().collect();
    assert_eq!(all.len(), 1, "{}", errs.render("t.tl", src));
    assert_eq!(all[0].kind, DiagnosticKind::UnknownTypeParam);
    assert_eq!(all[0].line_col(src), (2, 17));
    assert_eq!(
        all[0].message,
        "`!Y` names no type parameter: add `{Y:Type}` before the fields"
    );
    // In the result too, and a `#` parameter is not a type parameter.
    let src = "---functions---\ng {n:#} = !n;\n";
    let d = one_error(
        src,
        2,
        1,
        "`!n` names no type parameter: add `{n:Type}` before the fields",
    );
    assert!(d.contains("t.tl:2:1"));
}

#[test]
fn duplicate_parameter_among_forty_thousand() {
    // Checked with a hash set (this took seconds with a scan per field).
    let mut src = String::from("a flags:#");
    for i in 0..40_000 {
        src.push_str(&format!(" p{i}:flags.{}?int", i % 32));
    }
    src.push_str(" p123:int n:# v:n*[ x:flags.1?int y:n*[ z:int ] ] = A;\n");
    let errs = errors(&src);
    let all: Vec<_> = errs.errors().collect();
    assert_eq!(all.len(), 1, "{}", errs.render("t.tl", &src));
    assert_eq!(all[0].message, "duplicate parameter name `p123`");
}
