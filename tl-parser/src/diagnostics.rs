//! Errors and warnings as data: a kind, a message and a byte span.
//!
//! Nothing here formats eagerly; [`Diagnostic::render`] turns a diagnostic
//! into the familiar `file:line:col: error: message` form with the offending
//! source line and a caret underline, at the edge of the program.

use std::fmt;

use crate::ast::Span;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The schema is wrong; [`parse`](crate::parse) fails.
    Error,
    /// Worth telling the user; the schema still parses.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// What went wrong, as a value callers can match on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// The text does not follow the TL grammar.
    Syntax,
    /// A `/* ... */` comment that is never closed.
    UnterminatedComment,
    /// A `#id` that is not 1 to 8 hexadecimal digits.
    InvalidId,
    /// A `---name---` section marker other than `types` or `functions`.
    UnknownSection,
    /// A flag bit outside `0..=31`.
    FlagBitOutOfRange,
    /// A condition or multiplicity names something that is not an earlier
    /// `#` parameter.
    UnknownNatParam,
    /// Two parameters of one definition share a name.
    DuplicateParam,
    /// The explicit `#id` differs from the id computed from the text.
    IdMismatch {
        /// The id written in the schema.
        explicit: u32,
        /// The id computed under the chosen dialect.
        computed: u32,
    },
    /// The input to [`id_of_line`](crate::id_of_line) holds no definition,
    /// or more than one.
    NotOneDefinition,
}

/// One error or warning, located by a byte span of the schema text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The machine-readable kind.
    pub kind: DiagnosticKind,
    /// The human-readable message (no location, no trailing period).
    pub message: String,
    /// The bytes the diagnostic is about.
    pub span: Span,
}

impl Diagnostic {
    /// An error of `kind` at `span`.
    pub fn error(kind: DiagnosticKind, message: impl Into<String>, span: Span) -> Self {
        Self {
            severity: Severity::Error,
            kind,
            message: message.into(),
            span,
        }
    }

    /// A warning of `kind` at `span`.
    pub fn warning(kind: DiagnosticKind, message: impl Into<String>, span: Span) -> Self {
        Self {
            severity: Severity::Warning,
            kind,
            message: message.into(),
            span,
        }
    }

    /// The 1-based line and column (in characters) where the span starts.
    ///
    /// Offsets past the end of `src`, or inside a multi-byte character, are
    /// clamped, so any span gives an answer.
    pub fn line_col(&self, src: &str) -> (usize, usize) {
        line_col(src, self.span.start)
    }

    /// Renders the diagnostic like rustc does:
    ///
    /// ```text
    /// api.tl:3:14: error: expected `:` after parameter name `user_id`
    ///     |
    ///   3 | foo#1234 user_id InputUser = Foo;
    ///     |                  ^^^^^^^^^
    /// ```
    ///
    /// ```
    /// use tl_parser::{parse, ParseOptions};
    /// let src = "a = A;\nb x Int = B;\n";
    /// let errors = parse(src, &ParseOptions::default()).unwrap_err();
    /// let text = errors.render("demo.tl", src);
    /// assert!(text.starts_with("demo.tl:2:5: error: expected `:`"));
    /// ```
    pub fn render(&self, file_name: &str, src: &str) -> String {
        let start = clamp_to_char_boundary(src, self.span.start);
        let (line, col) = line_col(src, start);
        let line_start = src
            .get(..start)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |p| p + 1);
        let line_end = src
            .get(start..)
            .and_then(|s| s.find('\n'))
            .map_or(src.len(), |p| start + p);
        let text = src
            .get(line_start..line_end)
            .unwrap_or("")
            .trim_end_matches('\r');
        let end = clamp_to_char_boundary(src, self.span.end.max(start)).min(line_end);
        let width = src.get(start..end).map_or(0, |s| s.chars().count()).max(1);
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        // Tabs keep their width in the caret line so the underline lines up.
        let lead: String = text
            .chars()
            .take(col - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        format!(
            "{file_name}:{line}:{col}: {sev}: {msg}\n{pad} |\n{line} | {text}\n{pad} | {lead}{carets}\n",
            sev = self.severity,
            msg = self.message,
            carets = "^".repeat(width),
        )
    }
}

impl fmt::Display for Diagnostic {
    /// `error: message (at bytes a..b)`; use [`Diagnostic::render`] for a
    /// located, source-quoting form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} (at bytes {}..{})",
            self.severity, self.message, self.span.start, self.span.end
        )
    }
}

impl std::error::Error for Diagnostic {}

/// Every error found in a schema (and the warnings seen along the way).
///
/// Parsing does not stop at the first mistake: it resumes after the next `;`
/// and keeps going, so this holds one entry per broken definition.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics {
    /// Errors and warnings in source order; at least one is an error.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Renders every diagnostic (see [`Diagnostic::render`]), separated by
    /// blank lines, followed by a summary line.
    pub fn render(&self, file_name: &str, src: &str) -> String {
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&d.render(file_name, src));
            out.push('\n');
        }
        let n = self.errors().count();
        out.push_str(&format!(
            "{file_name}: {n} error{} found\n",
            if n == 1 { "" } else { "s" }
        ));
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

fn clamp_to_char_boundary(src: &str, mut at: usize) -> usize {
    at = at.min(src.len());
    while at > 0 && !src.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// 1-based line and column (counted in characters) of byte offset `at`.
pub(crate) fn line_col(src: &str, at: usize) -> (usize, usize) {
    let at = clamp_to_char_boundary(src, at);
    let before = src.get(..at).unwrap_or("");
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}
