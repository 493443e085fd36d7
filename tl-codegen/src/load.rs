//! Phase 1: load. Parses every schema file and merges them into one list of
//! definitions.
//!
//! Merge rules: files are taken in the order given; a definition that appears
//! in several files with the same name, category and id (such as the
//! `vector` line shared by api.tl and mtproto.tl) is kept once; the same name
//! with a different id is an error. The layer is the first `// LAYER N` found.

use std::collections::HashMap;

use tl_parser::ast::{Category, Definition, Schema, Span, TypeDoc};

use crate::error::{Error, Problem};

/// One schema source.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name used in diagnostics (usually the path as given).
    pub name: String,
    /// The schema text.
    pub text: String,
}

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
    /// Parser warnings, rendered rustc-style.
    pub warnings: Vec<String>,
}

impl LoadedSchema {
    /// `file:line:col` of a span, for messages.
    pub fn location(&self, file: usize, span: Span) -> String {
        let f = &self.files[file];
        let (line, col) = line_col(&f.text, span.start);
        format!("{}:{line}:{col}", f.name)
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// Parses and merges `files` with the given parser options.
pub fn load(
    files: Vec<SourceFile>,
    options: &tl_parser::ParseOptions,
) -> Result<LoadedSchema, Error> {
    let mut schemas: Vec<Schema> = Vec::with_capacity(files.len());
    let mut rendered = Vec::new();
    let mut warnings = Vec::new();
    for file in &files {
        match tl_parser::parse(&file.text, options) {
            Ok(parsed) => {
                for w in &parsed.warnings {
                    warnings.push(w.render(&file.name, &file.text));
                }
                schemas.push(parsed.schema);
            }
            Err(diags) => {
                rendered.push(diags.render(&file.name, &file.text));
                schemas.push(Schema::default());
            }
        }
    }
    if !rendered.is_empty() {
        return Err(Error::parse(rendered));
    }
    merge(files, schemas, warnings)
}

fn merge(
    files: Vec<SourceFile>,
    schemas: Vec<Schema>,
    warnings: Vec<String>,
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
                    problems.push(Problem::at(
                        &out,
                        file,
                        def.span,
                        format!(
                            "`{}` is defined again with id {:#010x}; {} defines it with id {:#010x}",
                            key.0,
                            def.id,
                            out.location(p.file, p.def.span),
                            p.def.id
                        ),
                    ));
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
        Err(Error::analysis(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::line_col;

    #[test]
    fn line_and_column() {
        let t = "ab\ncdé\nf";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 4), (2, 2));
        assert_eq!(line_col(t, t.len()), (3, 2));
    }
}
