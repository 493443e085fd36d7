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
    /// A type is used that no schema of the set defines and that is not a
    /// [builtin](crate::builtins).
    UndefinedType,
    /// One name is defined twice with different ids (in one file, or in two
    /// files of a set).
    DuplicateDefinition,
    /// Two different definitions share one constructor id, so a decoder
    /// could not tell them apart.
    IdCollision,
    /// `!X` names no `{X:Type}` parameter of its definition.
    UnknownTypeParam,
    /// A number too large for what it counts: a `// LAYER` beyond
    /// `i32::MAX` (`invokeWithLayer` takes an `int`), a repetition count
    /// beyond `u32::MAX`. The message quotes the number as written.
    NumberOutOfRange,
    /// Valid TL that a tool built on the parser cannot express (a code
    /// generator's limits, say); the message says what and why.
    Unsupported,
}

/// Whether a [`Note`] adds information or suggests a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoteKind {
    /// `= note: ...`: more about what was found.
    Note,
    /// `= help: ...`: what would fix it.
    Help,
}

/// A place in one file of a set: which file (an index into the files the
/// caller renders with) and which bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Location {
    /// Index of the file in the set; 0 for a single file.
    pub file: usize,
    /// The bytes.
    pub span: Span,
}

/// A line rendered after a diagnostic's snippet, optionally pointing at
/// another place (where a clashing definition is, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Note or help.
    pub kind: NoteKind,
    /// The text (no trailing period).
    pub message: String,
    /// Another place the note is about, shown as `file:line:col`.
    pub at: Option<Location>,
}

/// One schema file of a set, for rendering diagnostics that refer to
/// several files by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The name shown in diagnostics (usually the path as given).
    pub name: String,
    /// The text the spans index into.
    pub text: String,
}

/// One error or warning, located by a byte span of the schema text.
///
/// Build one with [`Diagnostic::error`] or [`Diagnostic::warning`] and the
/// `with_*` methods; the struct is non-exhaustive so that it can grow.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The machine-readable kind.
    pub kind: DiagnosticKind,
    /// The human-readable message (no location, no trailing period).
    pub message: String,
    /// The bytes the diagnostic is about.
    pub span: Span,
    /// The file of a set the span belongs to ([`render_all`]); 0 for a
    /// single file, which is what [`parse`](crate::parse) reports.
    pub file: usize,
    /// Notes and help lines, in order.
    pub notes: Vec<Note>,
}

impl Diagnostic {
    /// An error of `kind` at `span`.
    pub fn error(kind: DiagnosticKind, message: impl Into<String>, span: Span) -> Self {
        Self::new(Severity::Error, kind, message.into(), span)
    }

    /// A warning of `kind` at `span`.
    pub fn warning(kind: DiagnosticKind, message: impl Into<String>, span: Span) -> Self {
        Self::new(Severity::Warning, kind, message.into(), span)
    }

    fn new(severity: Severity, kind: DiagnosticKind, message: String, span: Span) -> Self {
        Self {
            severity,
            kind,
            message,
            span,
            file: 0,
            notes: Vec::new(),
        }
    }

    /// The same diagnostic, located in file `file` of a set.
    pub fn in_file(mut self, file: usize) -> Self {
        self.file = file;
        self
    }

    /// Adds a `= note:` line.
    pub fn with_note(mut self, message: impl Into<String>) -> Self {
        self.push_note(NoteKind::Note, message.into(), None);
        self
    }

    /// Adds a `= help:` line.
    pub fn with_help(mut self, message: impl Into<String>) -> Self {
        self.push_note(NoteKind::Help, message.into(), None);
        self
    }

    /// Adds a `= note:` line that points at another place, shown as
    /// `message: file:line:col`.
    pub fn with_note_at(mut self, message: impl Into<String>, at: Location) -> Self {
        self.push_note(NoteKind::Note, message.into(), Some(at));
        self
    }

    fn push_note(&mut self, kind: NoteKind, message: String, at: Option<Location>) {
        self.notes.push(Note { kind, message, at });
    }

    /// Where the diagnostic points, as a [`Location`].
    pub fn location(&self) -> Location {
        Location {
            file: self.file,
            span: self.span,
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
    /// use typelang_parser::{parse, ParseOptions};
    /// let src = "a = A;\nb x Int = B;\n";
    /// let errors = parse(src, &ParseOptions::default()).unwrap_err();
    /// let text = errors.render("demo.tl", src);
    /// assert!(text.starts_with("demo.tl:2:5: error: expected `:`"));
    /// ```
    pub fn render(&self, file_name: &str, src: &str) -> String {
        let index = LineIndex::new(src);
        let file = Indexed {
            name: file_name,
            text: src,
            lines: &index,
        };
        self.render_with(&|f| (f == self.file).then_some(file))
    }

    /// Renders the diagnostic against a set of files: its own span is in
    /// `files[self.file]`, and notes may point into any of them.
    pub fn render_in(&self, files: &[SourceFile]) -> String {
        let indexes: Vec<Option<LineIndex>> = (0..files.len())
            .map(|f| self.refers_to(f).then(|| LineIndex::new(&files[f].text)))
            .collect();
        self.render_with(&|f| indexed(files, &indexes, f))
    }

    /// Whether the diagnostic or one of its notes points into file `file`.
    fn refers_to(&self, file: usize) -> bool {
        self.file == file
            || self
                .notes
                .iter()
                .any(|n| n.at.is_some_and(|at| at.file == file))
    }

    fn render_with<'s>(&self, file: &dyn Fn(usize) -> Option<Indexed<'s>>) -> String {
        let empty = LineIndex::new("");
        let here = file(self.file).unwrap_or(Indexed {
            name: "<unknown>",
            text: "",
            lines: &empty,
        });
        let src = here.text;
        let start = clamp_to_char_boundary(src, self.span.start);
        let (line, col) = here.lines.line_col(src, start);
        let (line_start, line_end) = here.lines.line_bounds(src, line);
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
        let mut out = format!(
            "{file_name}:{line}:{col}: {sev}: {msg}\n{pad} |\n{line} | {text}\n{pad} | {lead}{carets}\n",
            file_name = here.name,
            sev = self.severity,
            msg = self.message,
            carets = "^".repeat(width),
        );
        for note in &self.notes {
            let label = match note.kind {
                NoteKind::Note => "note",
                NoteKind::Help => "help",
            };
            out.push_str(&format!("{pad} = {label}: {}", note.message));
            if let Some(at) = note.at {
                match file(at.file) {
                    Some(there) => {
                        let (l, c) = there.lines.line_col(there.text, at.span.start);
                        out.push_str(&format!(": {}:{l}:{c}", there.name));
                    }
                    None => {
                        out.push_str(&format!(" (at bytes {}..{})", at.span.start, at.span.end))
                    }
                }
            }
            out.push('\n');
        }
        out
    }
}

/// A file of a set with its line index, as the renderer needs it.
#[derive(Clone, Copy)]
struct Indexed<'s> {
    name: &'s str,
    text: &'s str,
    lines: &'s LineIndex,
}

fn indexed<'s>(
    files: &'s [SourceFile],
    indexes: &'s [Option<LineIndex>],
    file: usize,
) -> Option<Indexed<'s>> {
    let f = files.get(file)?;
    let lines = indexes.get(file)?.as_ref()?;
    Some(Indexed {
        name: &f.name,
        text: &f.text,
        lines,
    })
}

/// The byte offsets where the lines of a text start, computed once, so
/// that each [`line_col`](LineIndex::line_col) is a binary search and
/// rendering many diagnostics of one file stays linear.
///
/// ```
/// use typelang_parser::diagnostics::LineIndex;
/// let src = "a = A;\nbé = B;\n";
/// let index = LineIndex::new(src);
/// assert_eq!(index.line_col(src, 0), (1, 1));
/// assert_eq!(index.line_col(src, src.find('=').unwrap()), (1, 3));
/// assert_eq!(index.line_col(src, src.rfind('=').unwrap()), (2, 4));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Offset of the first byte of each line; `starts[0] == 0`.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `src` (lines end at `\n`).
    pub fn new(src: &str) -> Self {
        let mut starts = Vec::with_capacity(src.len() / 40 + 1);
        starts.push(0);
        starts.extend(
            src.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self { starts }
    }

    /// The number of lines (a text that ends in `\n` has an empty last
    /// line).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// The 1-based line and column (in characters) of byte offset `at` in
    /// `src`, the text the index was built from. Offsets past the end, or
    /// inside a multi-byte character, are clamped, as in [`line_col`].
    pub fn line_col(&self, src: &str, at: usize) -> (usize, usize) {
        let at = clamp_to_char_boundary(src, at);
        let line = self.starts.partition_point(|&s| s <= at).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0).min(at);
        let col = src.get(start..at).map_or(0, |s| s.chars().count()) + 1;
        (line, col)
    }

    /// The byte range of 1-based line `line` of `src` without its `\n`.
    fn line_bounds(&self, src: &str, line: usize) -> (usize, usize) {
        let start = self
            .starts
            .get(line - 1)
            .copied()
            .unwrap_or(0)
            .min(src.len());
        let end = self
            .starts
            .get(line)
            .map_or(src.len(), |&next| next - 1)
            .max(start);
        (start, end)
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
        let index = LineIndex::new(src);
        let file = Indexed {
            name: file_name,
            text: src,
            lines: &index,
        };
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&d.render_with(&|f| (f == d.file).then_some(file)));
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

/// Renders every diagnostic against a set of files (see
/// [`Diagnostic::render_in`]), each followed by a blank line.
pub fn render_all(files: &[SourceFile], diagnostics: &[Diagnostic]) -> String {
    let indexes: Vec<Option<LineIndex>> = (0..files.len())
        .map(|f| {
            diagnostics
                .iter()
                .any(|d| d.refers_to(f))
                .then(|| LineIndex::new(&files[f].text))
        })
        .collect();
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.render_with(&|f| indexed(files, &indexes, f)));
        out.push('\n');
    }
    out
}

/// 1-based line and column (counted in characters) of byte offset `at` in
/// `src`. Offsets past the end, or inside a multi-byte character, are
/// clamped, so any offset gives an answer.
///
/// One scan of `src` up to `at`; for many offsets into one text, build a
/// [`LineIndex`] once instead.
pub fn line_col(src: &str, at: usize) -> (usize, usize) {
    let at = clamp_to_char_boundary(src, at);
    let before = src.get(..at).unwrap_or("");
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::{LineIndex, line_col};

    #[test]
    fn line_index_agrees_with_the_scan_at_every_offset() {
        for src in ["", "\n", "a", "ab\ncdé\r\n\nf", "é\nß\n\n", "x\ny\n"] {
            let index = LineIndex::new(src);
            for at in 0..=src.len() + 2 {
                assert_eq!(index.line_col(src, at), line_col(src, at), "{src:?} @ {at}");
            }
            assert_eq!(index.lines(), src.matches('\n').count() + 1);
        }
    }
}
