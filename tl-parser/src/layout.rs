//! What a schema's text holds besides its definitions: comments, section
//! markers and line breaks where they stand, and each explicit id as it was
//! written. A side table, so that the tree stays as it is.
//!
//! [`print_schema`](crate::print_schema) prints the canonical form and keeps
//! only what the tree holds (docs, the layer). A formatter wants more: the
//! provenance lines at the top of `api.tl`, `// LAYER` where it stands,
//! commented-out definitions, `#89f5c4a` rather than `#089f5c4a`.
//! [`Layout::of`] reads that from the source next to a parsed schema, and
//! [`print_with_layout`] prints the schema with it: every definition in
//! canonical form (one line, single spaces) with its id as written, every
//! comment verbatim in its place, blank lines kept (runs of them as one).
//! A definition with a comment inside it is kept as written, comment and
//! all, since there is no canonical place for that comment.
//!
//! ```
//! use typelang_parser::layout::format;
//! use typelang_parser::{IdCheck, ParseOptions};
//! let src = "// from upstream\n\nfoo#89f5c4a  x:int\n   = Foo; // trailing\n---functions---\n// LAYER 5\n";
//! let options = ParseOptions { id_check: IdCheck::Warn, ..Default::default() };
//! let out = format(src, &options).unwrap();
//! assert_eq!(
//!     out,
//!     "// from upstream\n\nfoo#89f5c4a x:int = Foo; // trailing\n---functions---\n// LAYER 5\n"
//! );
//! ```

use crate::ast::{Category, Schema};
use crate::diagnostics::Diagnostics;
use crate::lexer::skip_block_comment;
use crate::{ParseOptions, parse};

/// The layout of one schema text: its pieces in source order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    /// Everything in the text, in order.
    pub items: Vec<Item>,
}

/// One piece of the text and how it is separated from the one before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Line breaks between the end of the previous piece and this one: 0
    /// when on the same line, 1 for the next line, 2 or more when blank
    /// lines come between (the first piece counts from the start of the
    /// text).
    pub newlines_before: usize,
    /// What the piece is.
    pub piece: Piece,
}

/// A piece of schema text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Piece {
    /// A comment as written: `// ...` up to the end of the line (trailing
    /// whitespace dropped), or a whole `/* ... */`.
    Comment(String),
    /// A section marker, however spaced.
    Section(Category),
    /// A definition of the schema.
    Definition {
        /// Its index in [`Schema::definitions`].
        index: usize,
        /// The hex digits of its explicit `#id` as written (`89f5c4a`).
        id_text: Option<String>,
        /// Its source text, when a comment sits inside it.
        verbatim: Option<String>,
    },
    /// Text that is none of the above (not found between the definitions
    /// of a schema that parsed), kept as written.
    Other(String),
}

impl Layout {
    /// Reads the layout of `src`, the text `schema` was parsed from.
    ///
    /// Only the text between definitions is scanned, and each definition's
    /// own text for its id and comments, so this is linear in the text.
    pub fn of(src: &str, schema: &Schema) -> Self {
        let mut scan = Scan {
            src,
            newlines: 0,
            items: Vec::new(),
        };
        let mut at = if src.starts_with('\u{feff}') { 3 } else { 0 };
        for (index, def) in schema.definitions.iter().enumerate() {
            let start = def.span.start.clamp(at, src.len());
            scan.gap(at, start);
            let end = def.span.end.clamp(start, src.len());
            let text = src.get(start..end).unwrap_or("");
            let verbatim = has_comment(text).then(|| text.to_owned());
            let id_text = def.explicit_id.and(id_digits(text)).map(str::to_owned);
            scan.push(Piece::Definition {
                index,
                id_text,
                verbatim,
            });
            at = end;
        }
        scan.gap(at, src.len());
        Self { items: scan.items }
    }
}

struct Scan<'s> {
    src: &'s str,
    newlines: usize,
    items: Vec<Item>,
}

impl Scan<'_> {
    fn push(&mut self, piece: Piece) {
        self.items.push(Item {
            newlines_before: self.newlines,
            piece,
        });
        self.newlines = 0;
    }

    /// The trivia in `src[from..to]`.
    fn gap(&mut self, from: usize, to: usize) {
        let mut i = self.src.get(from..to).unwrap_or("");
        loop {
            // Between definitions the parser skips any Unicode whitespace.
            let n = i.find(|c: char| !c.is_whitespace()).unwrap_or(i.len());
            let (space, rest) = i.split_at(n);
            self.newlines += space.matches('\n').count();
            i = rest;
            if i.is_empty() {
                return;
            }
            if i.starts_with("//") {
                let end = i.find('\n').unwrap_or(i.len());
                let (line, rest) = i.split_at(end);
                self.push(Piece::Comment(line.trim_end().to_owned()));
                i = rest;
            } else if i.starts_with("/*") {
                let (rest, comment) = skip_block_comment(i).unwrap_or(("", i));
                self.push(Piece::Comment(comment.to_owned()));
                i = rest;
            } else if let Some((rest, category)) = section(i) {
                self.push(Piece::Section(category));
                i = rest;
            } else {
                let end = i.find(char::is_whitespace).unwrap_or(i.len()).max(1);
                let end = (end..=i.len())
                    .find(|&e| i.is_char_boundary(e))
                    .unwrap_or(i.len());
                let (word, rest) = i.split_at(end);
                self.push(Piece::Other(word.to_owned()));
                i = rest;
            }
        }
    }
}

/// `---types---` or `---functions---`, spaces allowed inside.
fn section(i: &str) -> Option<(&str, Category)> {
    let body = i.strip_prefix("---")?;
    let close = body.find("---")?;
    let category = match body.get(..close)?.trim() {
        "types" => Category::Type,
        "functions" => Category::Function,
        _ => return None,
    };
    Some((body.get(close + 3..)?, category))
}

/// Whether a definition's text holds a comment (TL has no strings, so any
/// `//` or `/*` starts one).
fn has_comment(text: &str) -> bool {
    text.contains("//") || text.contains("/*")
}

/// The hex digits after `name#` at the start of a definition's text.
fn id_digits(text: &str) -> Option<&str> {
    let name_end = text.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.')))?;
    let after = text.get(name_end..)?.strip_prefix('#')?;
    let len = after
        .find(|c: char| !c.is_ascii_hexdigit())
        .unwrap_or(after.len());
    after.get(..len).filter(|d| !d.is_empty())
}

/// Prints `schema` with `layout` (see the [module docs](self)). The layout
/// must come from the text `schema` was parsed from; definitions it does
/// not place are printed at the end, and an id text that no longer spells
/// the definition's explicit id is replaced by the canonical one.
pub fn print_with_layout(schema: &Schema, layout: &Layout) -> String {
    let mut out = String::with_capacity(schema.definitions.len() * 64);
    let mut placed = vec![false; schema.definitions.len()];
    for item in &layout.items {
        let text = match &item.piece {
            Piece::Comment(text) | Piece::Other(text) => text.clone(),
            Piece::Section(Category::Type) => "---types---".to_owned(),
            Piece::Section(Category::Function) => "---functions---".to_owned(),
            Piece::Definition {
                index,
                id_text,
                verbatim,
            } => {
                let Some(def) = schema.definitions.get(*index) else {
                    continue;
                };
                if let Some(p) = placed.get_mut(*index) {
                    *p = true;
                }
                match verbatim {
                    Some(text) => text.clone(),
                    None => {
                        let id_text = id_text
                            .as_deref()
                            .filter(|t| u32::from_str_radix(t, 16).ok() == def.explicit_id);
                        crate::print::definition_with_id_text(def, id_text)
                    }
                }
            }
        };
        if !out.is_empty() {
            match item.newlines_before {
                0 => out.push(' '),
                1 => out.push('\n'),
                _ => out.push_str("\n\n"),
            }
        }
        out.push_str(&text);
    }
    for (def, _) in schema.definitions.iter().zip(&placed).filter(|(_, p)| !**p) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&crate::print_definition(def));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Parses `src` and prints it with its own layout: the formatter's whole
/// job in one call. Errors are those of [`parse`]; warnings are dropped.
pub fn format(src: &str, options: &ParseOptions) -> Result<String, Diagnostics> {
    let parsed = parse(src, options)?;
    Ok(print_with_layout(
        &parsed.schema,
        &Layout::of(src, &parsed.schema),
    ))
}

impl Piece {
    /// The definition index, if this piece is a definition.
    pub fn definition(&self) -> Option<usize> {
        match self {
            Piece::Definition { index, .. } => Some(*index),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Layout, Piece, format};
    use crate::{IdCheck, ParseOptions, parse};

    fn options() -> ParseOptions {
        ParseOptions {
            id_check: IdCheck::Warn,
            ..Default::default()
        }
    }

    fn fmt(src: &str) -> String {
        format(src, &options()).expect("valid")
    }

    #[test]
    fn comments_stay_where_they_stand() {
        let src = "\
// Provenance: copied from upstream.
// LAYER 7



a#1   x:int = A;   // trailing
// b#2 = B;  (commented out)
/* block
   comment */ c#3 = C;
---functions---
f#4 = A;
";
        assert_eq!(
            fmt(src),
            "\
// Provenance: copied from upstream.
// LAYER 7

a#1 x:int = A; // trailing
// b#2 = B;  (commented out)
/* block
   comment */ c#3 = C;
---functions---
f#4 = A;
"
        );
    }

    #[test]
    fn ids_are_printed_as_written() {
        assert_eq!(
            fmt(
                "vector#1cb5c415 {t:Type} # [ t ] = Vector t;\nx#89f5c4a = X;\ny#0Ab = Y;\nz = Z;\n"
            ),
            "vector#1cb5c415 {t:Type} # [ t ] = Vector t;\nx#89f5c4a = X;\ny#0Ab = Y;\nz = Z;\n"
        );
    }

    #[test]
    fn a_definition_with_a_comment_inside_is_kept_as_written() {
        let src = "a#1 x:int // the x\n  y:long = A;\nb#2   = B;\n";
        assert_eq!(fmt(src), "a#1 x:int // the x\n  y:long = A;\nb#2 = B;\n");
    }

    #[test]
    fn docs_and_sections_verbatim_bom_dropped() {
        let src = "\u{feff}//@class A @description Any\n\n//@description One\n//@x The x\none x:int = A;\n--- functions ---\n";
        let out = fmt(src);
        assert_eq!(
            out,
            "//@class A @description Any\n\n//@description One\n//@x The x\none x:int = A;\n---functions---\n"
        );
        let a = parse(src, &options()).expect("valid").schema;
        let b = parse(&out, &options()).expect("valid").schema;
        assert!(a.eq_ignoring_spans(&b));
        let layout = Layout::of(src, &a);
        assert_eq!(
            layout
                .items
                .iter()
                .filter_map(|i| i.piece.definition())
                .count(),
            1
        );
        assert!(matches!(layout.items[0].piece, Piece::Comment(_)));
    }

    #[test]
    fn unicode_whitespace_between_definitions_is_whitespace() {
        assert_eq!(fmt("a = A;\u{3000}b = B;\u{a0}\n"), "a = A; b = B;\n");
    }

    #[test]
    fn empty_and_comment_only_texts() {
        assert_eq!(fmt(""), "");
        assert_eq!(fmt("\n\n// only\n\n"), "// only\n");
    }
}
