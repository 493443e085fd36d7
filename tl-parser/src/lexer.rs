//! Tokens and trivia: the nom parsers for identifiers, numbers, `#id`s,
//! punctuation, whitespace and comments.
//!
//! Every parser works on a suffix of the schema text, so a position is just
//! the remaining input; [`SynErr`] keeps that suffix and the syntax layer turns
//! it into a byte offset. No parser here allocates.

use std::borrow::Cow;

use nom::{
    IResult,
    error::{ErrorKind, ParseError},
};

use crate::diagnostics::DiagnosticKind;

/// The error type of every parser in the crate.
#[derive(Debug, Clone)]
pub(crate) struct SynErr<'a> {
    /// The input where the problem is.
    pub(crate) at: &'a str,
    /// What the parser wanted (`"`:`"`, `"a type"`); used as
    /// "expected X, found Y" unless `message` is set.
    pub(crate) expected: &'static str,
    /// A complete message that replaces the expected/found form.
    pub(crate) message: Option<Cow<'static, str>>,
    /// The machine-readable kind.
    pub(crate) kind: DiagnosticKind,
    /// Length of the offending text in bytes; `None` means "the next token".
    pub(crate) len: Option<usize>,
    /// A `help:` line for the diagnostic.
    pub(crate) help: Option<&'static str>,
    /// Whether parsing resumes at `at` rather than after the next `;` (a
    /// missing `;` resumes where it was missing).
    pub(crate) resume_here: bool,
}

impl<'a> SynErr<'a> {
    pub(crate) fn expected(at: &'a str, expected: &'static str) -> Self {
        Self {
            at,
            expected,
            message: None,
            kind: DiagnosticKind::Syntax,
            len: None,
            help: None,
            resume_here: false,
        }
    }

    pub(crate) fn custom(
        at: &'a str,
        kind: DiagnosticKind,
        message: impl Into<Cow<'static, str>>,
        len: usize,
    ) -> Self {
        Self {
            at,
            expected: "",
            message: Some(message.into()),
            kind,
            len: Some(len),
            help: None,
            resume_here: false,
        }
    }
}

impl<'a> ParseError<&'a str> for SynErr<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        Self::expected(input, "valid TL syntax")
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }

    fn or(self, other: Self) -> Self {
        // Keep the error that got further into the input.
        if other.at.len() <= self.at.len() {
            other
        } else {
            self
        }
    }
}

pub(crate) type PResult<'a, T> = IResult<&'a str, T, SynErr<'a>>;

/// A recoverable "expected X" error at `at`.
pub(crate) fn fail<'a, T>(at: &'a str, expected: &'static str) -> PResult<'a, T> {
    Err(nom::Err::Error(SynErr::expected(at, expected)))
}

/// An unrecoverable "expected X" error at `at` (inside a definition).
pub(crate) fn cut<'a, T>(at: &'a str, expected: &'static str) -> PResult<'a, T> {
    Err(nom::Err::Failure(SynErr::expected(at, expected)))
}

pub(crate) fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

/// Skips whitespace and `//` / `/* */` comments.
///
/// An unclosed block comment is a hard error located at its `/*`.
pub(crate) fn ws(mut i: &str) -> PResult<'_, ()> {
    loop {
        // Byte scan: this runs before every token.
        let n = i
            .as_bytes()
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            .unwrap_or(i.len());
        i = i.get(n..).unwrap_or("");
        if let Some(after) = i.strip_prefix("//") {
            i = after
                .find('\n')
                .map_or("", |p| after.get(p..).unwrap_or(""));
        } else if i.starts_with("/*") {
            i = skip_block_comment(i)?.0;
        } else {
            return Ok((i, ()));
        }
    }
}

/// Skips one `/* ... */` comment starting at `i` (which starts with `/*`).
pub(crate) fn skip_block_comment(i: &str) -> PResult<'_, &str> {
    let body = i.get(2..).unwrap_or("");
    match body.find("*/") {
        Some(p) => {
            let end = 2 + p + 2;
            Ok((i.get(end..).unwrap_or(""), i.get(..end).unwrap_or("")))
        }
        None => Err(nom::Err::Failure(SynErr::custom(
            i,
            DiagnosticKind::UnterminatedComment,
            "unterminated block comment",
            2,
        ))),
    }
}

/// One identifier segment: `[A-Za-z_][A-Za-z0-9_]*`.
///
/// Scans bytes rather than chars: this is the hottest token.
pub(crate) fn ident(i: &str) -> PResult<'_, &str> {
    let bytes = i.as_bytes();
    match bytes.first() {
        Some(&b) if is_ident_start_byte(b) => {
            let len = bytes
                .iter()
                .position(|&b| !is_ident_byte(b))
                .unwrap_or(bytes.len());
            // `len` ends before a non-ASCII-alphanumeric byte or at the end,
            // so both halves are valid UTF-8 boundaries.
            Ok((i.get(len..).unwrap_or(""), i.get(..len).unwrap_or("")))
        }
        _ => fail(i, "an identifier"),
    }
}

/// A possibly namespaced identifier: `messages.requestEncryption`.
///
/// A dot followed by anything but an identifier start is left alone, so
/// `flags.0?true` yields `flags`.
pub(crate) fn dotted_ident(i: &str) -> PResult<'_, &str> {
    let bytes = i.as_bytes();
    if !bytes.first().is_some_and(|&b| is_ident_start_byte(b)) {
        return fail(i, "an identifier");
    }
    let mut end = 0;
    loop {
        end += bytes
            .get(end..)
            .unwrap_or(&[])
            .iter()
            .position(|&b| !is_ident_byte(b))
            .unwrap_or(bytes.len() - end);
        let dot_then_ident = bytes.get(end) == Some(&b'.')
            && bytes.get(end + 1).is_some_and(|&b| is_ident_start_byte(b));
        if !dot_then_ident {
            break;
        }
        end += 1;
    }
    // `end` is at an ASCII byte or the end, so both halves are valid UTF-8.
    Ok((i.get(end..).unwrap_or(""), i.get(..end).unwrap_or("")))
}

fn is_ident_start_byte(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A decimal number that fits a `u32`; overflow saturates to `u32::MAX` so
/// the caller can report a range error with a precise span.
pub(crate) fn number(i: &str) -> PResult<'_, (u32, &str)> {
    let (rest, digits) = nom::character::complete::digit1(i)
        .map_err(|_: nom::Err<SynErr<'_>>| nom::Err::Error(SynErr::expected(i, "a number")))?;
    let value = digits.parse::<u32>().unwrap_or(u32::MAX);
    Ok((rest, (value, digits)))
}

/// Hexadecimal digits after a `#` (the caller has consumed the `#`).
pub(crate) fn hex_digits(i: &str) -> PResult<'_, &str> {
    let len = i
        .as_bytes()
        .iter()
        .position(|b| !b.is_ascii_hexdigit())
        .unwrap_or(i.len());
    Ok((i.get(len..).unwrap_or(""), i.get(..len).unwrap_or("")))
}

/// Skips trivia, then expects the character `c`.
pub(crate) fn sym<'a>(c: char, expected: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    move |i| {
        let (i, _) = ws(i)?;
        match i.strip_prefix(c) {
            Some(rest) => Ok((rest, i.get(..c.len_utf8()).unwrap_or(""))),
            None => fail(i, expected),
        }
    }
}

/// Describes the token at the start of `i` for "found ..." messages, with
/// its length in bytes.
pub(crate) fn describe_found(i: &str) -> (String, usize) {
    let Some(c) = i.chars().next() else {
        return ("end of input".to_owned(), 0);
    };
    if is_ident_start(c)
        && let Ok((_, word)) = dotted_ident(i)
    {
        return (format!("`{word}`"), word.len());
    }
    if c.is_ascii_digit() {
        let len = i.find(|c: char| !c.is_ascii_digit()).unwrap_or(i.len());
        return (format!("`{}`", i.get(..len).unwrap_or("")), len);
    }
    if c == '\n' || c == '\r' {
        return ("end of line".to_owned(), 1);
    }
    (format!("`{c}`"), c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trivia_skips_all_comment_forms() {
        let (rest, ()) = ws("  // line\n /* block\n more */\t x").unwrap();
        assert_eq!(rest, "x");
    }

    #[test]
    fn unterminated_block_comment_is_failure() {
        let err = ws("  /* never closed").unwrap_err();
        match err {
            nom::Err::Failure(e) => assert_eq!(e.kind, DiagnosticKind::UnterminatedComment),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn dotted_ident_stops_before_flag_bit() {
        assert_eq!(dotted_ident("flags.0?true").unwrap(), (".0?true", "flags"));
        assert_eq!(
            dotted_ident("messages.requestEncryption#f6").unwrap(),
            ("#f6", "messages.requestEncryption")
        );
        assert!(dotted_ident("9abc").is_err());
    }

    #[test]
    fn number_saturates() {
        assert_eq!(number("42x").unwrap().1.0, 42);
        assert_eq!(number("99999999999").unwrap().1.0, u32::MAX);
    }

    #[test]
    fn found_descriptions() {
        assert_eq!(describe_found(""), ("end of input".to_owned(), 0));
        assert_eq!(describe_found("auth.X y"), ("`auth.X`".to_owned(), 6));
        assert_eq!(describe_found("=x"), ("`=`".to_owned(), 1));
    }
}
