//! The error type of every phase: data until it is shown.
//!
//! Located problems (the parser's, the lints', the analysis') are
//! [`Diagnostic`]s that carry the index of their file; the [`Error`] holds
//! those files too, so its `Display` (and its `Debug`, which is what a
//! `build.rs` that calls `.unwrap()` shows) renders them once, with
//! tl-parser's renderer ([`typelang_parser::diagnostics::render_all`]).

use std::fmt;
use std::path::PathBuf;

use typelang_parser::{Diagnostic, SourceFile};

/// A name given to [`Config::only`](crate::Config::only) that the schemas
/// do not define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The name as given.
    pub name: String,
    /// The defined name closest to it, if one is close enough to be a typo.
    pub suggestion: Option<String>,
}

/// What went wrong, by phase.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A schema or methods table could not be read, or the output written.
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The parser (or its lints over the set of files) rejected the
    /// schemas. Each diagnostic's `file` indexes [`Error::files`].
    Parse(Vec<Diagnostic>),
    /// The schemas parse but cannot be turned into Rust (unknown types,
    /// conflicting definitions, unsupported constructs, ...). Each
    /// diagnostic's `file` indexes [`Error::files`].
    Analysis(Vec<Diagnostic>),
    /// Names given to `only` that no constructor, function or type has.
    UnknownOnly(Vec<UnknownName>),
    /// The methods table is malformed.
    MethodTable {
        /// The table file.
        path: String,
        /// The bad line.
        source: crate::methods::MethodTableError,
    },
    /// The configuration is contradictory.
    Config(String),
    /// The generated tokens did not parse as Rust: a bug in tl-codegen.
    Internal(String),
}

/// The error of [`compile`](crate::compile) and [`Config`](crate::Config).
///
/// `Display` and `Debug` both show every problem; diagnostics are rendered
/// rustc-style (`FILE:LINE:COL: error: ...`, the source line, a caret line
/// under the offending text, notes and help lines).
pub struct Error {
    kind: ErrorKind,
    files: Vec<SourceFile>,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The schema files the diagnostics point into (empty for kinds that
    /// carry no diagnostics).
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The located diagnostics, if the error has any.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match &self.kind {
            ErrorKind::Parse(d) | ErrorKind::Analysis(d) => d,
            _ => &[],
        }
    }

    fn new(kind: ErrorKind) -> Self {
        Self {
            kind,
            files: Vec::new(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::new(ErrorKind::Io {
            path: path.into(),
            source,
        })
    }

    pub(crate) fn parse(files: Vec<SourceFile>, diagnostics: Vec<Diagnostic>) -> Self {
        Self {
            kind: ErrorKind::Parse(diagnostics),
            files,
        }
    }

    pub(crate) fn analysis(files: Vec<SourceFile>, diagnostics: Vec<Diagnostic>) -> Self {
        Self {
            kind: ErrorKind::Analysis(diagnostics),
            files,
        }
    }

    pub(crate) fn unknown_only(names: Vec<UnknownName>) -> Self {
        Self::new(ErrorKind::UnknownOnly(names))
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config(message.into()))
    }

    pub(crate) fn method_table(path: String, source: crate::methods::MethodTableError) -> Self {
        Self::new(ErrorKind::MethodTable { path, source })
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal(message.into()))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ErrorKind::Parse(d) | ErrorKind::Analysis(d) => {
                f.write_str(&typelang_parser::diagnostics::render_all(&self.files, d))
            }
            ErrorKind::UnknownOnly(names) => {
                f.write_str("`only` names no constructor, function or type: ")?;
                for (i, n) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{}`", n.name)?;
                    if let Some(s) = &n.suggestion {
                        write!(f, " (did you mean `{s}`?)")?;
                    }
                }
                Ok(())
            }
            ErrorKind::MethodTable { path, source } => write!(f, "{path}: {source}"),
            ErrorKind::Config(m) => write!(f, "invalid configuration: {m}"),
            ErrorKind::Internal(m) => {
                write!(f, "internal error in tl-codegen (please report): {m}")
            }
        }
    }
}

/// The same text as `Display`, so that `.unwrap()` in a `build.rs` and
/// `fn main() -> Result<(), Error>` show readable diagnostics rather than
/// escaped strings.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            ErrorKind::MethodTable { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// `FILE:LINE:COL: warning: MESSAGE`, the one-line form of a diagnostic
/// (for `cargo:warning=` lines, which cannot hold a snippet).
pub(crate) fn headline(d: &Diagnostic, files: &[SourceFile]) -> String {
    let (name, text) = files
        .get(d.file)
        .map_or(("<unknown>", ""), |f| (f.name.as_str(), f.text.as_str()));
    let (line, col) = typelang_parser::diagnostics::line_col(text, d.span.start);
    format!("{name}:{line}:{col}: {}: {}", d.severity, d.message)
}
