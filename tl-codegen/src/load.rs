//! Phase 1: load. Parses every schema file and merges them into one list of
//! definitions.
//!
//! The files are checked together with the parser's lints
//! ([`typelang_parser::check::lint`]: undefined types, one name with two ids,
//! ids shared by different definitions), so a set that loads is one
//! namespace. Merge rule: files are taken in the order given; a definition
//! that appears in several files with the same name, category and id (such
//! as the `vector` line shared by api.tl and mtproto.tl) is kept once. The
//! layer is the first `// LAYER N` found.

use std::collections::HashSet;

use typelang_parser::ast::{Category, Definition, Schema, TypeDoc};
use typelang_parser::{Diagnostic, DiagnosticKind, Severity, SourceFile};

use crate::error::Error;

/// A definition and the file it came from.
#[derive(Debug, Clone)]
pub struct LoadedDefinition {
    /// Index into [`LoadedSchema::files`].
    pub file: usize,
    /// The parsed definition.
    pub def: Definition,
}

/// Every schema file parsed and merged.
#[derive(Debug, Clone)]
pub struct LoadedSchema {
    /// The sources, in the order given.
    pub files: Vec<SourceFile>,
    /// Merged definitions, in source order, duplicates removed.
    pub definitions: Vec<LoadedDefinition>,
    /// `//@class` docs of abstract types from all files.
    pub type_docs: Vec<TypeDoc>,
    /// The first `// LAYER N` found.
    pub layer: Option<u32>,
    /// Parser warnings (ids accepted under `IdCheck::Warn`), each located
    /// in [`files`](Self::files).
    pub warnings: Vec<Diagnostic>,
}

/// The help line of a definition that two files give different ids.
pub const SEPARATE_HELP: &str = "schemas whose names clash are generated separately: \
    `NAME=PATH` on the command line, or `Config::nest` (or one `compile` call per schema) \
    in build.rs";

/// Parses and merges `files` with the given parser options, for code whose
/// functions are not decoded (see [`load_with`]).
pub fn load(
    files: Vec<SourceFile>,
    options: &typelang_parser::ParseOptions,
) -> Result<LoadedSchema, Error> {
    load_with(files, options, false)
}

/// [`load`], saying whether functions will be decoded.
///
/// Two functions sharing an id are a warning of the lints; they become an
/// error when `decodable_functions` (generated call decoding, `Object`
/// holding functions), where a decoder could not tell them apart.
pub fn load_with(
    files: Vec<SourceFile>,
    options: &typelang_parser::ParseOptions,
    decodable_functions: bool,
) -> Result<LoadedSchema, Error> {
    let mut schemas: Vec<Schema> = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for (i, file) in files.iter().enumerate() {
        match typelang_parser::parse(&file.text, options) {
            Ok(parsed) => {
                warnings.extend(parsed.warnings.into_iter().map(|w| w.in_file(i)));
                schemas.push(parsed.schema);
            }
            Err(diags) => {
                errors.extend(diags.items.into_iter().map(|d| d.in_file(i)));
                schemas.push(Schema::default());
            }
        }
    }
    if errors.iter().any(|d| d.severity == Severity::Error) {
        return Err(Error::parse(files, errors));
    }
    let (lint_errors, lint_warnings): (Vec<_>, Vec<_>) =
        typelang_parser::check::lint(&schemas.iter().collect::<Vec<_>>())
            .into_iter()
            .map(|d| with_separate_help(function_collision(d, decodable_functions)))
            .partition(|d| d.severity == Severity::Error);
    if !lint_errors.is_empty() {
        return Err(Error::parse(files, lint_errors));
    }
    warnings.extend(lint_warnings);
    Ok(merge(files, schemas, warnings))
}

/// The one place deciding whether two functions sharing an id stop
/// generation: only when functions are decoded.
fn function_collision(mut d: Diagnostic, decodable_functions: bool) -> Diagnostic {
    if decodable_functions
        && d.kind == DiagnosticKind::IdCollision
        && d.severity == Severity::Warning
    {
        d.severity = Severity::Error;
        d.notes.retain(|n| n.at.is_some());
        d = d.with_help("decodable functions need distinct ids: leave `decodable_functions` off");
    }
    d
}

/// A name defined with two ids in two files: the files are two namespaces,
/// to be generated apart.
fn with_separate_help(d: Diagnostic) -> Diagnostic {
    let across_files = d.kind == DiagnosticKind::DuplicateDefinition
        && d.notes
            .iter()
            .any(|n| n.at.is_some_and(|at| at.file != d.file));
    if across_files {
        d.with_help(SEPARATE_HELP)
    } else {
        d
    }
}

/// Concatenates the checked schemas, keeping the first of identical
/// definitions.
fn merge(files: Vec<SourceFile>, schemas: Vec<Schema>, warnings: Vec<Diagnostic>) -> LoadedSchema {
    let mut out = LoadedSchema {
        files,
        definitions: Vec::new(),
        type_docs: Vec::new(),
        layer: None,
        warnings,
    };
    let mut seen: HashSet<(String, Category)> = HashSet::new();
    for (file, schema) in schemas.into_iter().enumerate() {
        if out.layer.is_none() {
            out.layer = schema.layer;
        }
        out.type_docs.extend(schema.type_docs);
        for def in schema.definitions {
            // The lints let only identical lines share a name.
            if seen.insert((def.name.to_string(), def.category)) {
                out.definitions.push(LoadedDefinition { file, def });
            }
        }
    }
    out
}

/// A schema file's bytes as text. Text that is not UTF-8 is a located
/// error (file, line, column of the first invalid byte, with the line
/// shown), not an I/O error with a byte offset.
pub fn source_from_bytes(name: String, bytes: Vec<u8>) -> Result<SourceFile, Error> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile { name, text }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bad = e.as_bytes()[at];
            let len = e.utf8_error().error_len().unwrap_or(1);
            // Up to `at` the lossy text is the file itself, so the span
            // points at the replacement character.
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let diagnostic = Diagnostic::error(
                DiagnosticKind::Syntax,
                format!("the file is not valid UTF-8: invalid byte 0x{bad:02x}"),
                typelang_parser::ast::Span::new(at, at + '\u{fffd}'.len_utf8()),
            )
            .in_file(0)
            .with_help(format!(
                "schemas are UTF-8 text; {len} byte(s) here are not (re-save the file as UTF-8)"
            ));
            Err(Error::parse(
                vec![SourceFile { name, text }],
                vec![diagnostic],
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use typelang_parser::{DiagnosticKind, IdCheck, ParseOptions, SourceFile};

    use super::load;

    fn files(texts: &[&str]) -> Vec<SourceFile> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| SourceFile {
                name: format!("{i}.tl"),
                text: (*t).to_owned(),
            })
            .collect()
    }

    fn opts() -> ParseOptions {
        ParseOptions {
            id_check: IdCheck::Warn,
            ..Default::default()
        }
    }

    #[test]
    fn identical_lines_merge() {
        let loaded = load(files(&["a#1 = A;\n", "a#1 = A;\nb#2 = B;\n"]), &opts()).unwrap();
        assert_eq!(loaded.definitions.len(), 2);
        assert_eq!(loaded.definitions[1].file, 1);
    }

    #[test]
    fn the_lints_run_over_the_whole_set() {
        let err = load(
            files(&["a#1 x:Usr = A;\nuser#3 = User;\n", "a#2 = A;\n"]),
            &opts(),
        )
        .unwrap_err();
        let kinds: Vec<_> = err.diagnostics().iter().map(|d| d.kind.clone()).collect();
        assert_eq!(
            kinds,
            [
                DiagnosticKind::UndefinedType,
                DiagnosticKind::DuplicateDefinition
            ]
        );
        let text = err.to_string();
        assert!(text.contains("0.tl:1:5: error:"), "{text}");
        assert!(text.contains("help: did you mean `User`?"), "{text}");
        assert!(
            text.contains("help: schemas whose names clash are generated separately"),
            "{text}"
        );
    }

    #[test]
    fn function_id_collisions_stop_only_decodable_functions() {
        let text = "x = X;\n---functions---\nf#7 = X;\ng#7 = X;\n";
        let loaded = load(files(&[text]), &opts()).unwrap();
        let collisions: Vec<_> = loaded
            .warnings
            .iter()
            .filter(|w| w.kind == DiagnosticKind::IdCollision)
            .collect();
        assert_eq!(collisions.len(), 1);
        let err = super::load_with(files(&[text]), &opts(), true).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("0.tl:4:1: error: id 0x00000007"), "{text}");
        assert!(text.contains("leave `decodable_functions` off"), "{text}");
    }
}
