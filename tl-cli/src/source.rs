//! Reading schema files and parsing them with diagnostics on stderr.

use std::path::{Path, PathBuf};

use typelang_parser::ast::Schema;
use typelang_parser::{Diagnostic, DiagnosticKind, ParseOptions};

use super::summary::plural;
use super::{CliError, output};

/// The text of one schema file and the name diagnostics use for it.
#[derive(Debug)]
pub(crate) struct Source {
    /// The path as the user wrote it (`-` is shown as `<stdin>`).
    pub(crate) name: String,
    /// The file contents.
    pub(crate) text: String,
}

/// Reads `path` (`-` means standard input) as UTF-8 text.
pub(crate) fn read(path: &Path) -> Result<Source, CliError> {
    let (name, bytes) = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)
            .map_err(|e| CliError::new(format!("cannot read standard input: {e}")))?;
        ("<stdin>".to_owned(), buf)
    } else {
        let name = path.display().to_string();
        let bytes =
            std::fs::read(path).map_err(|e| CliError::new(format!("cannot read `{name}`: {e}")))?;
        (name, bytes)
    };
    // Not UTF-8: the library's located diagnostic (line, column, snippet).
    match typelang_codegen::load::source_from_bytes(name, bytes) {
        Ok(file) => Ok(Source {
            name: file.name,
            text: file.text,
        }),
        Err(e) => {
            crate::report::error(&e)?;
            Err(CliError::new("a schema file is not UTF-8 text"))
        }
    }
}

/// One successfully parsed schema file.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// Where it came from.
    pub(crate) source: Source,
    /// The syntax tree.
    pub(crate) schema: Schema,
}

/// Reads and parses every file in `paths` for a command that uses the
/// schemas without judging them (`decode`, `diff`, `fmt`; `check` goes
/// through the generator's own loading). Each file's errors and warnings are
/// printed rustc-style as it goes, except id-mismatch warnings, which are
/// `check`'s business; a file that fails does not stop the others, so the
/// user sees every mistake in one run. Returns the files only when all of
/// them parsed.
pub(crate) fn load_all_or_fail(
    paths: &[PathBuf],
    options: &ParseOptions,
) -> Result<Vec<Loaded>, CliError> {
    let mut loaded = Vec::with_capacity(paths.len());
    let (mut failed_files, mut errors) = (0, 0);
    for path in paths {
        let source = read(path)?;
        match typelang_parser::parse(&source.text, options) {
            Ok(parsed) => {
                let shown: Vec<Diagnostic> = parsed
                    .warnings
                    .into_iter()
                    .filter(|d| !matches!(d.kind, DiagnosticKind::IdMismatch { .. }))
                    .collect();
                print_diagnostics(&source, &shown);
                loaded.push(Loaded {
                    schema: parsed.schema,
                    source,
                });
            }
            Err(diagnostics) => {
                print_diagnostics(&source, &diagnostics.items);
                failed_files += 1;
                errors += diagnostics.errors().count();
            }
        }
    }
    if failed_files > 0 {
        return Err(CliError::new(format!(
            "could not parse {} ({} found)",
            plural(failed_files, "schema file"),
            plural(errors, "error"),
        )));
    }
    Ok(loaded)
}

/// Prints diagnostics of one file to stderr, each followed by a blank line.
pub(crate) fn print_diagnostics(source: &Source, diagnostics: &[Diagnostic]) {
    let mut text = String::new();
    for d in diagnostics {
        text.push_str(&d.render(&source.name, &source.text));
        text.push('\n');
    }
    output::stderr(&text);
}
