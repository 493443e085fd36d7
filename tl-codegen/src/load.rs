//! Phase 1: load. Parses every schema file and merges them into one list of
//! definitions.
//!
//! Merge rules: files are taken in the order given; a definition that appears
//! in several files with the same name, category and id (such as the
//! `vector` line shared by api.tl and mtproto.tl) is kept once; the same name
//! with a different id is an error. The layer is the first `// LAYER N` found.

use std::collections::HashMap;

use tl_parser::ast::{Category, Definition, Schema, TypeDoc};
use tl_parser::{Diagnostic, DiagnosticKind, Location, Severity, SourceFile};

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

/// Parses and merges `files` with the given parser options.
pub fn load(
    files: Vec<SourceFile>,
    options: &tl_parser::ParseOptions,
) -> Result<LoadedSchema, Error> {
    let mut schemas: Vec<Schema> = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for (i, file) in files.iter().enumerate() {
        match tl_parser::parse(&file.text, options) {
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
    merge(files, schemas, warnings)
}

fn merge(
    files: Vec<SourceFile>,
    schemas: Vec<Schema>,
    warnings: Vec<Diagnostic>,
) -> Result<LoadedSchema, Error> {
    let mut out = LoadedSchema {
        files,
        definitions: Vec::new(),
        type_docs: Vec::new(),
        layer: None,
        warnings,
    };
    let mut seen: HashMap<(String, bool), usize> = HashMap::new();
    let mut problems = Vec::new();
    for (file, schema) in schemas.into_iter().enumerate() {
        if out.layer.is_none() {
            out.layer = schema.layer;
        }
        out.type_docs.extend(schema.type_docs);
        for def in schema.definitions {
            let key = (def.name.to_string(), def.category == Category::Function);
            if let Some(&prev) = seen.get(&key) {
                let p: &LoadedDefinition = &out.definitions[prev];
                if p.def.id != def.id || p.def.builtin != def.builtin {
                    let mut d = Diagnostic::error(
                        DiagnosticKind::DuplicateDefinition,
                        format!("`{}` is defined again with id {:#010x}", key.0, def.id),
                        def.span,
                    )
                    .in_file(file)
                    .with_note_at(
                        format!("first defined with id {:#010x} at", p.def.id),
                        Location {
                            file: p.file,
                            span: p.def.span,
                        },
                    );
                    if p.file != file {
                        d = d.with_help(SEPARATE_HELP);
                    }
                    problems.push(d);
                }
                continue;
            }
            seen.insert(key, out.definitions.len());
            out.definitions.push(LoadedDefinition { file, def });
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::analysis(out.files, problems))
    }
}
