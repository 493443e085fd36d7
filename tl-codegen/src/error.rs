//! The error type of every phase.

use std::fmt;
use std::path::PathBuf;

use tl_parser::ast::Span;

use crate::load::LoadedSchema;

/// A problem the analysis found in a schema, with its location when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `file:line:col`, when the problem belongs to a definition.
    pub location: Option<String>,
    /// What is wrong.
    pub message: String,
    /// The source line and a caret line under the definition, rustc-style.
    pub snippet: Option<String>,
}

impl Problem {
    /// A problem at `span` of file `file`.
    pub(crate) fn at(schema: &LoadedSchema, file: usize, span: Span, message: String) -> Self {
        let text = &schema.files[file].text;
        let (line, col) = crate::load::line_col(text, span.start);
        let line_text = text.lines().nth(line - 1).unwrap_or_default();
        let width = if span.end > span.start {
            text[span.start.min(text.len())..span.end.min(text.len())]
                .lines()
                .next()
                .map_or(1, |l| l.chars().count().max(1))
        } else {
            1
        };
        let num = line.to_string();
        let pad = " ".repeat(num.len());
        let snippet = format!(
            "{pad} |\n{num} | {line_text}\n{pad} | {}{}",
            " ".repeat(col - 1),
            "^".repeat(width)
        );
        Self {
            location: Some(schema.location(file, span)),
            message,
            snippet: Some(snippet),
        }
    }

    /// A problem without a location (options, `only` names).
    pub(crate) fn general(message: String) -> Self {
        Self {
            location: None,
            message,
            snippet: None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{loc}: error: {}", self.message)?,
            None => write!(f, "error: {}", self.message)?,
        }
        if let Some(s) = &self.snippet {
            write!(f, "\n{s}")?;
        }
        Ok(())
    }
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
    /// The parser rejected a schema; each entry is a rendered diagnostic
    /// (`error: ...` / `--> file:line:col` / source line / caret).
    Parse(Vec<String>),
    /// The schemas parse but cannot be turned into Rust (unknown types,
    /// conflicting definitions, unknown `only` names, ...).
    Analysis(Vec<Problem>),
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
/// Its `Display` lists every problem; parser diagnostics are rendered
/// rustc-style with `file:line:col` and a caret under the offending text.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self {
            kind: ErrorKind::Io {
                path: path.into(),
                source,
            },
        }
    }

    pub(crate) fn parse(rendered: Vec<String>) -> Self {
        Self {
            kind: ErrorKind::Parse(rendered),
        }
    }

    pub(crate) fn analysis(problems: Vec<Problem>) -> Self {
        Self {
            kind: ErrorKind::Analysis(problems),
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Config(message.into()),
        }
    }

    pub(crate) fn method_table(path: String, source: crate::methods::MethodTableError) -> Self {
        Self {
            kind: ErrorKind::MethodTable { path, source },
        }
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Internal(message.into()),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ErrorKind::Parse(items) => {
                for (i, d) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    f.write_str(d.trim_end())?;
                }
                Ok(())
            }
            ErrorKind::Analysis(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{p}")?;
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

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            ErrorKind::MethodTable { source, .. } => Some(source),
            _ => None,
        }
    }
}
