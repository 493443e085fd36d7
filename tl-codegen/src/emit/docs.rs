//! The rustdoc text of the generated items: descriptions from the schema's
//! `//@` comments, the canonical TL line, the wire id, and for functions
//! their parameters, return type and the methods table's facts.
//!
//! With [`DocsData`] (`Config::docs_data`) the texts of the official pages
//! come in too: a function gets its description, a parameter table (type as
//! an intra-doc link, optional or not, description), its return type as a
//! link, an errors table whose names link to the generated `errors`
//! catalogue, a link to its page on core.telegram.org and an example that
//! builds the value; a constructor gets its description and one on each
//! field; a boxed type its description and its constructors.

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::DocsData;
use crate::ir::{Cond, Enum, Field, FlagWord, Ir, Struct, Ty};

/// The official site, for the per-item links.
const SITE: &str = "https://core.telegram.org";

/// `#[doc = " line"]` per line of `text`. Characters a doc comment cannot
/// hold are written as `U+XXXX`: control characters (a lone CR ends a
/// `///` line, so prettyplease's output would not parse) and the
/// text-direction controls rustc rejects in comments and literals
/// (`text_direction_codepoint_in_comment` is deny-by-default).
pub(super) fn lines(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for line in text.lines() {
        let mut l = String::with_capacity(line.len() + 1);
        l.push(' ');
        for c in line.chars() {
            if (c.is_control() && c != '\t') || is_direction_control(c) {
                l.push_str(&format!("U+{:04X}", u32::from(c)));
            } else {
                l.push(c);
            }
        }
        out.extend(quote!(#[doc = #l]));
    }
    out
}

/// The Unicode text-direction embeddings, overrides and isolates.
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A schema's own `//@` text as rustdoc Markdown that shows it as written:
/// `[x]`, `<b>`, backticks and `*` would otherwise become links, HTML (and
/// rustdoc warnings), code or emphasis, a leading `#` a heading, and an
/// indented line a code block that rustdoc compiles as a doctest.
/// ([`DocsData`] texts are Markdown already and are not passed through this.)
pub(super) fn plain(text: &str) -> Cow<'_, str> {
    const ACTIVE: &[char] = &['\\', '`', '*', '[', ']', '<', '>', '#'];
    if !text.contains(ACTIVE) && !text.lines().any(|l| l.starts_with(char::is_whitespace)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for c in line.trim_start().chars() {
            if ACTIVE.contains(&c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The Rust name a catalogue entry gets in the generated `errors` module:
/// `FLOOD_WAIT_%d` -> `FLOOD_WAIT_X`, and a leading digit prefixed with `_`
/// (`_2FA_CONFIRM_WAIT_X`).
pub(crate) fn error_item_name(name: &str) -> String {
    let n = name.replace("%d", "X");
    let n: String = n
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if n.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{n}")
    } else {
        n
    }
}

/// Makes one-line table cells of a Markdown text.
fn cell(text: &str) -> String {
    text.replace("\n\n", " ")
        .replace('\n', " ")
        .replace('|', "\\|")
}

/// `super::` `depth` times.
fn up(depth: usize) -> String {
    "super::".repeat(depth)
}

/// A TL type as Markdown, linked to its generated item where it has one.
fn type_link(ir: &Ir, t: &Ty, tl: &str, depth: usize) -> String {
    let path = |t: &Ty| -> Option<String> {
        match t {
            Ty::Enum(e) | Ty::EnumOf(e, _) => {
                let en = &ir.enums[*e];
                let m: String = en.module.iter().map(|m| format!("{m}::")).collect();
                Some(format!("{}enums::{m}{}", up(depth), en.name))
            }
            Ty::Bare(s) | Ty::BareOf(s, _) => {
                let st = &ir.structs[*s];
                let m: String = st.module.iter().map(|m| format!("{m}::")).collect();
                Some(format!("{}types::{m}{}", up(depth), st.name))
            }
            _ => None,
        }
    };
    let mut inner = t;
    while let Ty::Vector { elem, .. } = inner {
        inner = elem;
    }
    match path(inner) {
        Some(p) => format!("[`{tl}`]({p})"),
        None => format!("`{tl}`"),
    }
}

/// A field: its description and TL text.
pub(super) fn field(f: &Field, owner: &Struct, data: Option<&DocsData>) -> TokenStream {
    let d = f.doc.as_deref().map(plain).or_else(|| {
        data.and_then(|d| d.param(&owner.tl_name, &f.tl_name))
            .map(Cow::Borrowed)
    });
    match d {
        Some(d) => lines(&format!("{d}\n\nTL: `{}`", f.tl_text)),
        None => lines(&format!("`{}`", f.tl_text)),
    }
}

/// The store of a flags word's bits that no field stands for.
pub(super) fn unknown_bits(w: &FlagWord) -> TokenStream {
    lines(&format!(
        "The bits of `{}` that no field stands for: kept when decoding, OR-ed in when \
         encoding (bits a field stands for are set from the fields). Leave it 0 in a \
         value built by hand.",
        w.tl_name
    ))
}

/// The description, the TL line and the id.
fn item(s: &Struct, what: &str, description: Option<&str>) -> String {
    let mut doc = String::new();
    if let Some(d) = s
        .description
        .as_deref()
        .map(plain)
        .or(description.map(Cow::Borrowed))
    {
        doc.push_str(&d);
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{}`\n\n{what} id `{:#010x}`", s.tl_line, s.id));
    doc
}

/// A constructor, and the boxed type it belongs to.
pub(super) fn constructor(s: &Struct, en: Option<&Enum>, data: Option<&DocsData>) -> TokenStream {
    let mut doc = item(
        s,
        "Constructor",
        data.and_then(|d| d.constructor(&s.tl_name)),
    );
    match en {
        Some(en) => doc.push_str(&format!(
            " of the boxed type `{}` (`enums::{}{}`).",
            en.tl_name,
            en.module
                .iter()
                .map(|m| format!("{m}::"))
                .collect::<String>(),
            en.name
        )),
        None => doc.push('.'),
    }
    if let Some(en) = en.filter(|_| !s.params.is_empty()) {
        let ps: Vec<&str> = s.params.iter().map(|p| p.name.as_str()).collect();
        doc.push_str(&format!(
            "\n\nGeneric over {}: the type argument{} of `{}`, each field of a parameter's type \
             written as the argument is (`{} int` a bare `int`, a boxed type with its id). Not in \
             `Object`: the id does not say what the argument{} {}.",
            ps.iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if ps.len() == 1 { "" } else { "s" },
            en.tl_name,
            en.tl_name,
            if ps.len() == 1 { "" } else { "s" },
            if ps.len() == 1 { "is" } else { "are" },
        ));
    }
    if data.is_some() {
        doc.push_str(&format!(
            "\n\n[The constructor's page]({SITE}/constructor/{})",
            s.tl_name
        ));
    }
    lines(&doc)
}

/// A function: parameters, what it returns, who may call it and its errors.
pub(super) fn function(ir: &Ir, s: &Struct, ret: &Ty, data: Option<&DocsData>) -> TokenStream {
    let Some(data) = data else {
        return function_plain(s, ret);
    };
    let depth = 1 + s.module.len();
    let mut doc = item(s, "Function", data.function(&s.tl_name));
    doc.push_str(&format!(
        ".\n\n[The method's page]({SITE}/method/{})\n\n",
        s.tl_name
    ));
    if !s.fields.is_empty() {
        doc.push_str(
            "# Parameters\n\n| Name | Type | Optional | Description |\n|---|---|---|---|\n",
        );
        for f in &s.fields {
            let ty_tl = f
                .tl_text
                .split_once(':')
                .map_or(f.tl_text.as_str(), |(_, t)| t);
            let ty_tl = ty_tl.split_once('?').map_or(ty_tl, |(_, t)| t);
            let optional = match f.cond {
                Cond::Always => "no",
                Cond::TrueFlag { .. } | Cond::Flag { .. } => "yes",
            };
            let d = f
                .doc
                .as_deref()
                .map(plain)
                .or_else(|| data.param(&s.tl_name, &f.tl_name).map(Cow::Borrowed))
                .map(|d| cell(&d))
                .unwrap_or_default();
            doc.push_str(&format!(
                "| `{}` | {} | {optional} | {d} |\n",
                f.name,
                type_link(ir, &f.ty, ty_tl, depth)
            ));
        }
        doc.push('\n');
    }
    let ret_text = match ret {
        Ty::Param(_) => "the return type of the wrapped query (`X::Return`)".to_owned(),
        t => type_link(ir, t, s.ret_tl.as_deref().unwrap_or(""), depth),
    };
    doc.push_str(&format!("# Returns\n\n{ret_text}"));
    if let Some(m) = &s.method {
        doc.push_str(&format!(
            "\n\nUsers can use this method: {}.\nBots can use this method: {}.",
            if m.usable_by.users() { "yes" } else { "no" },
            if m.usable_by.bots() { "yes" } else { "no" }
        ));
        if !m.errors.is_empty() {
            doc.push_str("\n\n# Errors\n\n| Code | Error | Description |\n|---|---|---|\n");
            for (c, e) in &m.errors {
                let name = match data.error(e) {
                    Some(_) => format!("[`{e}`]({}errors::{})", up(depth), error_item_name(e)),
                    None => format!("`{e}`"),
                };
                let d = data
                    .method_error_text(&s.tl_name, e)
                    .map(cell)
                    .unwrap_or_default();
                doc.push_str(&format!("| {c} | {name} | {d} |\n"));
            }
        }
    }
    // A `text` block, not a doctest: even `ignore`d, 850 examples would
    // each be listed by every `cargo test` of the consumer crate.
    doc.push_str(&format!(
        "\n\n# Example\n\n```text\n{}\n```",
        example(ir, s)
    ));
    lines(&doc)
}

/// An expression that builds the function's value, with placeholder values
/// of the right Rust type.
fn example(ir: &Ir, s: &Struct) -> String {
    let m: String = s.module.iter().map(|m| format!("{m}::")).collect();
    if s.fields.is_empty() {
        return format!("let call = functions::{m}{};", s.name);
    }
    let mut out = format!("let call = functions::{m}{} {{\n", s.name);
    for f in &s.fields {
        let v = match f.cond {
            Cond::TrueFlag { .. } => "false".to_owned(),
            Cond::Flag { .. } => "None".to_owned(),
            Cond::Always => placeholder(ir, &f.ty),
        };
        out.push_str(&format!("    {}: {v},\n", f.name));
    }
    out.push_str("};");
    out
}

fn placeholder(ir: &Ir, t: &Ty) -> String {
    match t {
        Ty::Int | Ty::Long | Ty::Nat => "0".to_owned(),
        Ty::Double => "0.0".to_owned(),
        Ty::Int128 => "[0; 16]".to_owned(),
        Ty::Int256 => "[0; 32]".to_owned(),
        Ty::String => "String::new()".to_owned(),
        Ty::Bytes => "Bytes::new()".to_owned(),
        Ty::Bool => "false".to_owned(),
        Ty::Vector { .. } => "Vec::new()".to_owned(),
        Ty::Enum(e) | Ty::EnumOf(e, _) => {
            let en = &ir.enums[*e];
            let m: String = en.module.iter().map(|m| format!("{m}::")).collect();
            format!("enums::{m}{}::from(/* a types:: constructor */)", en.name)
        }
        _ => "Default::default()".to_owned(),
    }
}

/// A function without docs data: the layout from before the option.
fn function_plain(s: &Struct, ret: &Ty) -> TokenStream {
    let mut doc = item(s, "Function", None);
    doc.push('.');
    doc.push_str("\n\n");
    if !s.fields.is_empty() {
        doc.push_str("# Parameters\n");
        for f in &s.fields {
            let d = f
                .doc
                .as_deref()
                .map(|d| format!(": {}", plain(d)))
                .unwrap_or_default();
            let ty = f
                .tl_text
                .split_once(':')
                .map_or(f.tl_text.as_str(), |(_, t)| t);
            doc.push_str(&format!("- `{}`: `{ty}`{d}\n", f.name));
        }
    }
    let ret_text = match ret {
        Ty::Param(_) => "the return type of the wrapped query (`X::Return`)".to_owned(),
        _ => format!("`{}`", s.ret_tl.as_deref().unwrap_or("")),
    };
    doc.push_str(&format!("\n# Returns\n{ret_text}"));
    if let Some(m) = &s.method {
        doc.push_str(&format!(
            "\n\nUsers can use this method: {}.\nBots can use this method: {}.",
            if m.usable_by.users() { "yes" } else { "no" },
            if m.usable_by.bots() { "yes" } else { "no" }
        ));
        if !m.errors.is_empty() {
            doc.push_str("\n\n# Errors\n| Code | Error |\n|---|---|\n");
            for (c, e) in &m.errors {
                doc.push_str(&format!("| {c} | `{e}` |\n"));
            }
        }
    }
    lines(&doc)
}

/// A boxed type.
pub(super) fn boxed_type(ir: &Ir, e: &Enum, data: Option<&DocsData>) -> TokenStream {
    let mut doc = String::new();
    if let Some(d) = e.description.as_deref().map(plain).or_else(|| {
        data.and_then(|d| d.type_description(&e.tl_name))
            .map(Cow::Borrowed)
    }) {
        doc.push_str(&d);
        doc.push_str("\n\n");
    }
    doc.push_str(&format!(
        "The boxed TL type `{}`: one variant per constructor.",
        e.tl_name
    ));
    if !e.params.is_empty() {
        doc.push_str(&format!(
            " Polymorphic: `{} {}` is `{}<{}>`, and a use names the arguments (`({} int)` or \
             `{}<int>` is `{}<i32>`).",
            e.tl_name,
            e.params.join(" "),
            e.name,
            e.params.join(", "),
            e.tl_name,
            e.tl_name,
            e.name,
        ));
    }
    if data.is_some() {
        doc.push_str(&format!(
            "\n\n[The type's page]({SITE}/type/{})\n\n# Constructors\n",
            e.tl_name
        ));
        for v in &e.variants {
            let s = &ir.structs[v.ctor];
            let d = data
                .and_then(|d| d.constructor(&s.tl_name))
                .map(|d| format!(": {}", cell(d)))
                .unwrap_or_default();
            doc.push_str(&format!("- [`{}`](Self::{}){d}\n", s.tl_name, v.name));
        }
    }
    lines(&doc)
}

/// The `Object` enum; `generic` names the constructors left out.
pub(super) fn object(decodable_functions: bool, generic: &[&str]) -> TokenStream {
    let fns = if decodable_functions {
        " and function"
    } else {
        ""
    };
    let mut doc = format!(
        "Any constructor{fns} of the schema, decodable by its id alone and serializable back byte for byte.\n\nThe TL type `Object` maps to this enum."
    );
    if !generic.is_empty() {
        let names: Vec<String> = generic.iter().map(|n| format!("`{n}`")).collect();
        doc.push_str(&format!(
            "\n\nLeft out: the generic constructors ({}), whose id does not say their type \
             arguments; decode them as their boxed type (`enums::Maybe<i32>`). `name_for_id` \
             knows their ids.",
            names.join(", ")
        ));
    }
    lines(&doc)
}

/// A variant: the constructor's TL line.
pub(super) fn variant(s: &Struct) -> TokenStream {
    lines(&format!("`{}`", s.tl_line))
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn schema_text_shows_as_written() {
        assert_eq!(plain("Identifier of the chat"), "Identifier of the chat");
        assert_eq!(
            plain("See [Foo], <b>bold</b>, `x` and *y*"),
            r"See \[Foo\], \<b\>bold\</b\>, \`x\` and \*y\*"
        );
        // An indented line would be a code block, so a doctest.
        assert_eq!(plain("first\n    fn main() {}"), "first\nfn main() {}");
        assert_eq!(plain("# not a heading"), r"\# not a heading");
        assert_eq!(plain(r"a \ b"), r"a \\ b");
    }

    #[test]
    fn doc_lines_hold_no_control_or_direction_characters() {
        let tokens = super::lines("a\rb\0c\u{202e}d\u{2069}e\tf").to_string();
        assert!(tokens.contains("aU+000DbU+0000cU+202EdU+2069e"), "{tokens}");
        assert!(!tokens.contains('\u{202e}'), "{tokens}");
    }
}
