//! A whole schema file: comments and their docs, `---types---` and
//! `---functions---` sections, the `LAYER` comment, and the definitions
//! between them, with recovery after a broken definition so that one file
//! yields every diagnostic it has.

use nom::Parser;
use nom::bytes::complete::tag;
use nom::character::complete::{digit1, space0, space1};
use nom::combinator::all_consuming;
use nom::sequence::delimited;

use super::{Cx, to_diagnostic};
use crate::ast::{Category, Schema, Span};
use crate::definition_checks::check_definition;
use crate::diagnostics::{Diagnostic, DiagnosticKind};
use crate::doc::DocCollector;
use crate::lexer::{PResult, SynErr, cut, ident, skip_block_comment};

/// Result of the syntax pass over a whole file.
pub(crate) struct SyntaxOutput {
    pub(crate) schema: Schema,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Parses a whole schema, recovering after each broken definition.
pub(crate) fn parse_schema(src: &str) -> SyntaxOutput {
    let cx = Cx::new(src);
    let mut schema = Schema::default();
    let mut diagnostics = Vec::new();
    let mut docs = DocCollector::default();
    let mut category = Category::Type;
    // A UTF-8 byte order mark, as some editors write, is no text.
    let mut i = src.strip_prefix('\u{feff}').unwrap_or(src);
    loop {
        i = i.trim_start();
        if i.is_empty() {
            break;
        }
        if let Some(after) = i.strip_prefix("//") {
            let end = after.find('\n').unwrap_or(after.len());
            let text = after.get(..end).unwrap_or("").trim_end_matches('\r');
            if !docs.line(text)
                && let Some(digits) = layer_number(text)
            {
                // `invokeWithLayer` sends the layer as an `int`.
                match digits.parse::<u32>() {
                    Ok(layer) if i32::try_from(layer).is_ok() => schema.layer = Some(layer),
                    _ => {
                        // `text` starts where `after` does; the digits are
                        // the first in it.
                        let start =
                            cx.off(after) + text.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
                        diagnostics.push(Diagnostic::error(
                            DiagnosticKind::NumberOutOfRange,
                            format!("layer {digits} is out of range (at most {})", i32::MAX),
                            Span::new(start, start + digits.len()),
                        ));
                    }
                }
            }
            i = after.get(end..).unwrap_or("");
            continue;
        }
        if i.starts_with("/*") {
            match skip_block_comment(i) {
                Ok((rest, _)) => i = rest,
                Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                    diagnostics.push(to_diagnostic(src, &e));
                    break;
                }
                Err(nom::Err::Incomplete(_)) => break,
            }
            continue;
        }
        if i.starts_with("---") {
            match section(i) {
                Ok((rest, c)) => {
                    category = c;
                    i = rest;
                }
                Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                    diagnostics.push(to_diagnostic(src, &e));
                    i = skip_line(i);
                }
                Err(nom::Err::Incomplete(_)) => break,
            }
            continue;
        }
        match cx.definition(i, category) {
            Ok((rest, mut def)) => {
                def.doc = docs.take_for_definition();
                check_definition(&def, &mut diagnostics);
                schema.definitions.push(def);
                i = rest;
            }
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                diagnostics.push(to_diagnostic(src, &e));
                let _ = docs.take_for_definition();
                let resume = if e.resume_here { e.at } else { recover(e.at) };
                // Always make progress, even when the error is at `i` itself.
                i = if resume.len() < i.len() {
                    resume
                } else {
                    skip_line(i)
                };
                if e.kind == DiagnosticKind::UnterminatedComment {
                    break;
                }
            }
            Err(nom::Err::Incomplete(_)) => break,
        }
    }
    docs.flush_class();
    schema.type_docs = docs.type_docs;
    SyntaxOutput {
        schema,
        diagnostics,
    }
}

/// `---types---`, `---functions---`, `--- functions ---`.
fn section(start: &str) -> PResult<'_, Category> {
    fn word(i: &str) -> PResult<'_, &str> {
        ident(i).or_else(|_| cut(i, "`types` or `functions` in a section marker"))
    }
    fn close(i: &str) -> PResult<'_, &str> {
        tag("---")
            .parse(i)
            .or_else(|_: nom::Err<SynErr<'_>>| cut(i, "`---` closing the section marker"))
    }
    let (rest, word) = delimited((tag("---"), space0), word, (space0, close)).parse(start)?;
    match word {
        "types" => Ok((rest, Category::Type)),
        "functions" => Ok((rest, Category::Function)),
        other => Err(nom::Err::Failure(SynErr::custom(
            start,
            DiagnosticKind::UnknownSection,
            format!("unknown section `{other}`: expected `---types---` or `---functions---`"),
            start.len() - rest.len(),
        ))),
    }
}

/// The digits of `LAYER 230` (the text of a `//` comment; spaces allowed
/// around), as a slice of `text`.
fn layer_number(text: &str) -> Option<&str> {
    let parsed: PResult<'_, &str> =
        all_consuming(delimited((space0, tag("LAYER"), space1), digit1, space0)).parse(text);
    Some(parsed.ok()?.1)
}

/// The input after the next `;` that is not inside a comment, or the end.
fn recover(mut i: &str) -> &str {
    loop {
        let Some(p) = i.find([';', '/']) else {
            return "";
        };
        let at = i.get(p..).unwrap_or("");
        if let Some(rest) = at.strip_prefix(';') {
            return rest;
        }
        if let Some(after) = at.strip_prefix("//") {
            i = after
                .find('\n')
                .map_or("", |n| after.get(n..).unwrap_or(""));
        } else if at.starts_with("/*") {
            i = match skip_block_comment(at) {
                Ok((rest, _)) => rest,
                Err(_) => "",
            };
        } else {
            i = at.get(1..).unwrap_or("");
        }
    }
}

fn skip_line(i: &str) -> &str {
    match i.find('\n') {
        Some(p) => i.get(p + 1..).unwrap_or(""),
        None => "",
    }
}
