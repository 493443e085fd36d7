//! The printer: AST back to canonical TL text.
//!
//! The output parses back to the same tree (spans aside; see
//! [`Schema::eq_ignoring_spans`](crate::ast::Schema::eq_ignoring_spans)):
//! one definition per line, explicit ids as 8 hex digits, `---functions---`
//! before the first function (and `---types---` when types follow
//! functions), TDLib doc comments as `//@` lines, `// LAYER N` last.
//! Other comments are not in the tree and are not printed;
//! [`layout`](crate::layout) keeps them, and ids as written, for a
//! formatter.

use std::fmt::Write as _;

use crate::ast::{Category, Definition, Doc, Multiplicity, Param, ParamKind, Schema, TypeExpr};

/// Prints a whole schema.
///
/// ```
/// use typelang_parser::{parse, print_schema, ParseOptions};
/// let src = "// LAYER 1\nfoo#00000001 flags:# bar:flags.0?Vector<int> = Foo;";
/// let opts = ParseOptions { id_check: typelang_parser::IdCheck::Warn, ..Default::default() };
/// let schema = parse(src, &opts).unwrap().schema;
/// assert_eq!(
///     print_schema(&schema),
///     "foo#00000001 flags:# bar:flags.0?Vector<int> = Foo;\n\n// LAYER 1\n"
/// );
/// ```
pub fn print_schema(schema: &Schema) -> String {
    let mut out = String::with_capacity(schema.definitions.len() * 64);
    for td in &schema.type_docs {
        out.push_str("//");
        write_item("class", &td.name.to_string(), &mut out);
        out.push(' ');
        write_item("description", &td.description, &mut out);
        out.push('\n');
    }
    if !schema.type_docs.is_empty() {
        out.push('\n');
    }
    let mut category = Category::Type;
    for def in &schema.definitions {
        if def.category != category {
            category = def.category;
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(match category {
                Category::Type => "---types---\n\n",
                Category::Function => "---functions---\n\n",
            });
        }
        if let Some(doc) = &def.doc {
            print_doc(doc, &mut out);
        }
        out.push_str(&print_definition(def));
        out.push('\n');
    }
    if let Some(layer) = schema.layer {
        let _ = writeln!(out, "\n// LAYER {layer}");
    }
    out
}

fn print_doc(doc: &Doc, out: &mut String) {
    if let Some(d) = &doc.description {
        out.push_str("//");
        write_item("description", d, out);
        out.push('\n');
    }
    for (key, value) in &doc.fields {
        // The parser strips one `param_` and reads `description` and
        // `class` as block keys, and an empty key is no item at all.
        let key = if key.is_empty()
            || key == "description"
            || key == "class"
            || key.starts_with("param_")
        {
            format!("param_{key}")
        } else {
            key.clone()
        };
        out.push_str("//");
        write_item(&key, value, out);
        out.push('\n');
    }
}

/// `@key value`. A value that starts with `@` follows the key directly
/// (`@key@value`): after a space it would read as an item of its own.
fn write_item(key: &str, value: &str, out: &mut String) {
    out.push('@');
    out.push_str(key);
    if !value.is_empty() && !value.starts_with('@') {
        out.push(' ');
    }
    out.push_str(value);
}

/// Prints one definition on one line, `;` included.
pub fn print_definition(def: &Definition) -> String {
    definition_with_id_text(def, None)
}

/// [`print_definition`] with the explicit id spelled `id_text` (hex digits
/// as written in the source) instead of 8 lowercase digits.
pub(crate) fn definition_with_id_text(def: &Definition, id_text: Option<&str>) -> String {
    let mut out = String::with_capacity(64);
    out.push_str(&def.name.to_string());
    match (def.explicit_id, id_text) {
        (Some(_), Some(text)) => {
            out.push('#');
            out.push_str(text);
        }
        (Some(id), None) => {
            let _ = write!(out, "#{id:08x}");
        }
        (None, _) => {}
    }
    for tp in &def.type_params {
        let _ = write!(out, " {{{}:", tp.name);
        write_type(&tp.kind, &mut out);
        out.push('}');
    }
    // After an anonymous field printed as a plain word (`x`), text that
    // starts like a field type (`Bar`, `%Bar`, `!X`, or a field named `E:`)
    // would read as a forgotten `:` (see the grammar notes in `syntax.rs`).
    // A following anonymous type is parenthesised; before anything else that
    // starts so, the word itself is (`(x) E:int`), which parses the same.
    let mut printed: Vec<String> = Vec::with_capacity(def.params.len());
    let mut word_at: Option<usize> = None;
    for p in &def.params {
        let mut text = String::new();
        match anonymous_type(p) {
            Some(ty) if word_at.is_some() && starts_like_field_type(ty) => {
                text.push('(');
                write_result(ty, &mut text);
                text.push(')');
            }
            _ => write_param(p, &mut text),
        }
        if let Some(w) = word_at
            && text.starts_with(|c: char| c.is_ascii_uppercase() || c == '%' || c == '!')
        {
            printed[w] = format!("({})", printed[w]);
        }
        word_at = match anonymous_type(p) {
            Some(ty) if !text.starts_with('(') => {
                (ty.args.is_empty() && !ty.generic_ref && !ty.is_nat() && !needs_percent(ty))
                    .then_some(printed.len())
            }
            _ => None,
        };
        printed.push(text);
    }
    for text in &printed {
        out.push(' ');
        out.push_str(text);
    }
    if def.builtin {
        out.push_str(" ?");
    }
    out.push_str(" = ");
    write_result(&def.result, &mut out);
    out.push(';');
    out
}

/// A parameter as it appears in a definition: `name:flags.N?Type`,
/// `n*[ a:int ]`.
impl std::fmt::Display for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        write_param(self, &mut out);
        f.write_str(&out)
    }
}

/// A repetition count as written before `*`: `4` or `n`.
impl std::fmt::Display for Multiplicity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Literal(n) => write!(f, "{n}"),
            Self::Param(name) => f.write_str(name),
        }
    }
}

/// A field type in canonical form: `Vector<long>`, `%Message`, `!X`.
impl std::fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        write_type(self, &mut out);
        f.write_str(&out)
    }
}

fn write_param(p: &Param, out: &mut String) {
    write_param_with(p, out, &mut write_type);
}

/// A parameter as `name:flags.N?type` or `n*[ a:int ]`; `write_ty` writes
/// each field type (the id normaliser spells types its own way).
pub(crate) fn write_param_with(
    p: &Param,
    out: &mut String,
    write_ty: &mut dyn FnMut(&TypeExpr, &mut String),
) {
    if let Some(name) = &p.name {
        out.push_str(name);
        out.push(':');
    }
    match &p.kind {
        ParamKind::Value { ty, flag } => {
            if let Some(flag) = flag {
                let _ = write!(out, "{}.{}?", flag.field, flag.bit);
            }
            write_ty(ty, out);
        }
        ParamKind::Repeated {
            multiplicity,
            fields,
        } => {
            if let Some(m) = multiplicity {
                let _ = write!(out, "{m}*");
            }
            out.push_str("[ ");
            for f in fields {
                write_param_with(f, out, write_ty);
                out.push(' ');
            }
            out.push(']');
        }
    }
}

/// The type of an anonymous, unconditional field (`#`, `int`, `Bar<baz>`).
fn anonymous_type(p: &Param) -> Option<&TypeExpr> {
    match &p.kind {
        ParamKind::Value { ty, flag: None } if p.name.is_none() => Some(ty),
        _ => None,
    }
}

fn starts_like_field_type(ty: &TypeExpr) -> bool {
    ty.generic_ref
        || needs_percent(ty)
        || ty
            .name
            .to_string()
            .starts_with(|c: char| c.is_ascii_uppercase())
}

/// `Vector<long>` style for field types.
fn write_type(ty: &TypeExpr, out: &mut String) {
    if ty.generic_ref && !ty.args.is_empty() {
        // `!X<y>` does not parse; `(!X y)` does.
        out.push('(');
        write_result(ty, out);
        out.push(')');
        return;
    }
    if ty.generic_ref {
        out.push('!');
    }
    if needs_percent(ty) {
        out.push('%');
    }
    out.push_str(&ty.name.to_string());
    if !ty.args.is_empty() {
        out.push('<');
        for (n, a) in ty.args.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            write_type(a, out);
        }
        out.push('>');
    }
}

/// `Vector t` style for the result (the form schemas use after `=`).
fn write_result(ty: &TypeExpr, out: &mut String) {
    if ty.generic_ref {
        out.push('!');
    }
    if needs_percent(ty) {
        out.push('%');
    }
    out.push_str(&ty.name.to_string());
    for a in &ty.args {
        out.push(' ');
        if a.args.is_empty() {
            write_type(a, out);
        } else {
            out.push('(');
            write_result(a, out);
            out.push(')');
        }
    }
}

/// A bare type needs `%` unless its name already says so (lowercase).
fn needs_percent(ty: &TypeExpr) -> bool {
    ty.bare && !ty.name.name.starts_with(|c: char| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Schema;
    use crate::{IdCheck, ParseOptions, parse};

    fn reprint(src: &str) -> String {
        let options = ParseOptions {
            id_check: IdCheck::Warn,
            ..Default::default()
        };
        print_schema(&parse(src, &options).expect("valid").schema)
    }

    /// Found by the parse fuzz target: `(#ar baz)` parsed as `#` applied to
    /// two arguments and printed as `#<ar,baz>`, which does not parse. `#`
    /// takes no arguments in either spelling now.
    #[test]
    fn nat_takes_no_type_arguments() {
        let options = ParseOptions {
            id_check: IdCheck::Warn,
            ..Default::default()
        };
        let err = parse("foo xBool (#ar baz) = Foo;\n", &options).expect_err("rejected");
        let shown = err.render("t.tl", "foo xBool (#ar baz) = Foo;\n");
        assert!(shown.contains("t.tl:1:13: error: "), "{shown}");
        assert!(shown.contains("`#` takes no type arguments"), "{shown}");
        assert_round_trip("foo x:(Vector int) = Foo;\n");
    }

    /// `parse(print(parse(src))) == parse(src)` apart from spans, with every
    /// id unchanged; returns the printed text.
    #[track_caller]
    fn assert_round_trip(src: &str) -> String {
        let options = ParseOptions {
            id_check: IdCheck::Error,
            ..Default::default()
        };
        let first = match parse(src, &options) {
            Ok(p) => p.schema,
            Err(e) => panic!("{}", e.render("src.tl", src)),
        };
        let printed = print_schema(&first);
        let second = match parse(&printed, &options) {
            Ok(p) => p.schema,
            Err(e) => panic!(
                "printed text does not parse:\n{}",
                e.render("printed.tl", &printed)
            ),
        };
        assert!(
            first.eq_ignoring_spans(&second),
            "printed:\n{printed}\nfirst: {first:#?}\nsecond: {second:#?}"
        );
        let ids = |s: &Schema| s.definitions.iter().map(|d| d.id).collect::<Vec<_>>();
        assert_eq!(ids(&first), ids(&second), "{printed}");
        printed
    }

    #[test]
    fn doc_block_after_class_lines_stays_with_its_definition() {
        let printed = assert_round_trip(
            "//@class Animal @description Any animal\n\n//@legs How many legs\ndog legs:int = Animal;\n",
        );
        assert!(printed.contains("//@legs How many legs\ndog"), "{printed}");
    }

    #[test]
    fn function_result_written_with_bang_keeps_it() {
        let printed = assert_round_trip("---functions---\ninvoke {X:Type} query:!X = !X;\n");
        assert!(printed.contains("= !X;"), "{printed}");
    }

    #[test]
    fn doc_value_starting_with_at() {
        assert_round_trip("//@description@home is where @x@y z\nf x:int = F;\n");
        assert_round_trip("//@class C @description@nowhere\nc = C;\n");
    }

    #[test]
    fn anonymous_parameter_with_type_arguments() {
        assert_round_trip("foo x (Bar baz) = Foo;\nbar x (Baz) Qux = Bar;\n");
        let printed =
            assert_round_trip("baz {X:Type} a.b (%Foo) (!X) c (Qux d) e:(!X int) = Baz;\n");
        // Only where a word comes before.
        assert_eq!(
            printed,
            "baz {X:Type} a.b (%Foo) !X c (Qux d) e:(!X int) = Baz;\n"
        );
    }

    #[test]
    fn anonymous_word_before_an_uppercase_field_name() {
        // Found by the parse fuzzer: `tr%ue E:true` printed as `tr ue E:true`
        // read back as `ue` missing its `:`.
        let printed = assert_round_trip("foo flags:# d:flags.1?tr%ue E:flags.1?true = Foo;\n");
        assert_eq!(
            printed,
            "foo flags:# d:flags.1?tr (ue) E:flags.1?true = Foo;\n"
        );
        let printed = assert_round_trip("foo N:# %x N*[ int ] = Foo;\n");
        assert_eq!(printed, "foo N:# (x) N*[ int ] = Foo;\n");
        let printed = assert_round_trip("foo a (b.c) D:int e:int = Foo;\n");
        assert_eq!(printed, "foo a (b.c) D:int e:int = Foo;\n");
    }

    #[test]
    fn doc_keys_that_need_the_param_prefix() {
        assert_round_trip("//@description D @param_ nameless\nf x:int = F;\n");
        assert_round_trip("//@description D @param_param_x odd\nf x:int = F;\n");
        assert_round_trip("//@description D\n//@param_\nf x:int = F;\n");
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(
            reprint("vector  {t:Type}\n #  [t] =Vector t;"),
            "vector {t:Type} # [ t ] = Vector t;\n"
        );
        assert_eq!(
            reprint("a#5 x:(vector int) y:%Foo z:Vector< Vector <long> > = A;"),
            "a#00000005 x:vector<int> y:%Foo z:Vector<Vector<long>> = A;\n"
        );
        assert_eq!(reprint("int ? = Int;"), "int ? = Int;\n");
        assert_eq!(
            reprint("p {n:#} v:n*[ a:int ] w:2*[ long ] = P n;"),
            "p {n:#} v:n*[ a:int ] w:2*[ long ] = P n;\n"
        );
    }

    #[test]
    fn sections_only_where_the_category_changes() {
        assert_eq!(
            reprint("---functions---\nf = F;\ng = F;\n---types---\na = A;"),
            "---functions---\n\nf = F;\ng = F;\n\n---types---\n\na = A;\n"
        );
    }

    #[test]
    fn docs_are_printed_as_tdlib_comments() {
        let printed = reprint(
            "//@description Does it @param_description D @x X\nf description:string x:int = F;",
        );
        assert_eq!(
            printed,
            "//@description Does it\n//@param_description D\n//@x X\nf description:string x:int = F;\n"
        );
    }
}
