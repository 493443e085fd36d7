//! How the generator's errors reach the terminal: located diagnostics are
//! printed as the library renders them (once, rustc-style); the rest become
//! a fatal [`CliError`] in the command line's own `error: ...` style.

use std::collections::BTreeSet;

use typelang_codegen::{Error, ErrorKind};
use typelang_parser::Severity;

use super::{CliError, output};

/// What [`error`] printed.
pub(crate) struct Printed {
    /// Errors among the diagnostics (or unknown `only` names).
    pub(crate) count: usize,
    /// Files that have at least one of them.
    pub(crate) files: usize,
}

/// Prints `e` on stderr when it is about the schemas (diagnostics, unknown
/// `only` names) and says how many errors that was; any other error is
/// returned for the caller to end the command with.
pub(crate) fn error(e: &Error) -> Result<Printed, CliError> {
    match e.kind() {
        ErrorKind::Parse(_) | ErrorKind::Analysis(_) => {
            output::stderr(&e.to_string());
            let errors = e
                .diagnostics()
                .iter()
                .filter(|d| d.severity == Severity::Error);
            let files: BTreeSet<usize> = errors.clone().map(|d| d.file).collect();
            Ok(Printed {
                count: errors.count(),
                files: files.len(),
            })
        }
        ErrorKind::UnknownOnly(names) => {
            output::stderr(&format!("error: {e}\n"));
            Ok(Printed {
                count: names.len(),
                files: 0,
            })
        }
        ErrorKind::Io { path, source } => Err(CliError::new(format!(
            "cannot read `{}`: {source}",
            path.display()
        ))),
        _ => Err(CliError::new(e.to_string())),
    }
}
