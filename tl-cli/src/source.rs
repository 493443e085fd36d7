//! Reading schema files and parsing them with diagnostics on stderr.

use std::path::{Path, PathBuf};

use tl_parser::ast::{Schema, Span};
use tl_parser::{Diagnostic, DiagnosticKind, ParseOptions};

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
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source { name, text }),
        Err(e) => Err(CliError::new(format!(
            "`{name}` is not valid UTF-8 (first invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))),
    }
}

/// One successfully parsed schema file.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// Where it came from.
    pub(crate) source: Source,
    /// The syntax tree.
    pub(crate) schema: Schema,
    /// Warnings the parser reported (already printed by [`load_all`]).
    pub(crate) warnings: Vec<Diagnostic>,
}

/// What [`load_all`] found.
#[derive(Debug)]
pub(crate) struct LoadReport {
    /// Files that parsed, in command-line order.
    pub(crate) loaded: Vec<Loaded>,
    /// Number of files that failed to parse.
    pub(crate) failed_files: usize,
    /// Total errors over all files.
    pub(crate) errors: usize,
}

/// Which diagnostics [`load_all`] prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Show {
    /// Errors and warnings.
    All,
    /// Errors and warnings, except id-mismatch warnings: for commands that
    /// use ids without judging them (`check` is the one that judges).
    NoIdWarnings,
}

/// Reads and parses every file in `paths`, printing each file's errors and
/// warnings (rustc style) to stderr as it goes. A file that fails does not
/// stop the others: the user sees every mistake in one run.
pub(crate) fn load_all(
    paths: &[PathBuf],
    options: &ParseOptions,
    show: Show,
) -> Result<LoadReport, CliError> {
    let mut report = LoadReport {
        loaded: Vec::with_capacity(paths.len()),
        failed_files: 0,
        errors: 0,
    };
    for path in paths {
        let source = read(path)?;
        match tl_parser::parse(&source.text, options) {
            Ok(parsed) => {
                let shown: Vec<Diagnostic> = parsed
                    .warnings
                    .iter()
                    .filter(|d| {
                        show == Show::All || !matches!(d.kind, DiagnosticKind::IdMismatch { .. })
                    })
                    .cloned()
                    .collect();
                print_diagnostics(&source, &shown);
                report.loaded.push(Loaded {
                    schema: parsed.schema,
                    warnings: parsed.warnings,
                    source,
                });
            }
            Err(diagnostics) => {
                print_diagnostics(&source, &diagnostics.items);
                report.failed_files += 1;
                report.errors += diagnostics.errors().count();
            }
        }
    }
    Ok(report)
}

/// Like [`load_all`], but any error is fatal: returns the parsed files only
/// when all of them parsed.
pub(crate) fn load_all_or_fail(
    paths: &[PathBuf],
    options: &ParseOptions,
    show: Show,
) -> Result<Vec<Loaded>, CliError> {
    let report = load_all(paths, options, show)?;
    if report.failed_files > 0 {
        return Err(CliError::new(format!(
            "could not parse {} ({} found)",
            plural(report.failed_files, "schema file"),
            plural(report.errors, "error"),
        )));
    }
    Ok(report.loaded)
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

/// Renders a CLI-level finding about `span` of `source` in the same
/// rustc style as the parser's diagnostics:
/// `file:line:col: warning: message`, the source line, a caret underline.
pub(crate) fn render_at(source: &Source, span: Span, severity: &str, message: &str) -> String {
    let text = &source.text;
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |p| start + p);
    let line_no = text[..start].matches('\n').count() + 1;
    let col = text[line_start..start].chars().count() + 1;
    let line = text[line_start..line_end].trim_end_matches('\r');
    let mut end = span.end.clamp(start, line_end);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let width = text[start..end].chars().count().max(1);
    let gutter = " ".repeat(line_no.to_string().len());
    let lead: String = text[line_start..start]
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!(
        "{name}:{line_no}:{col}: {severity}: {message}\n{gutter} |\n{line_no} | {line}\n{gutter} | {lead}{carets}\n",
        name = source.name,
        carets = "^".repeat(width),
    )
}
