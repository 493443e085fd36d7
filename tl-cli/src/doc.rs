//! `tl-codegen doc NAME`: print the page of a method, constructor or boxed
//! type (`typelang_codegen::page`) from the schema, methods table and docs
//! data bundled into the binary, or from files given instead.

use std::path::{Path, PathBuf};

use clap::Args;
use typelang_codegen::docs::DocsData;
use typelang_codegen::methods::MethodTable;
use typelang_parser::{IdCheck, ParseOptions};

use super::{CliError, Status, output};

/// The repository's `schema/`, included at compile time so the binary
/// works anywhere.
const BUNDLED_SCHEMAS: [(&str, &str); 2] = [
    ("api.tl", include_str!("../../schema/api.tl")),
    ("mtproto.tl", include_str!("../../schema/mtproto.tl")),
];
const BUNDLED_METHODS: &str = include_str!("../../schema/methods.tsv");
const BUNDLED_DOCS: &str = include_str!("../../schema/docs.tsv");

#[derive(Debug, Args)]
pub(crate) struct DocArgs {
    /// A method (`messages.requestEncryption`), constructor (`inputUser`)
    /// or boxed type (`InputUser`).
    #[arg(value_name = "NAME")]
    name: String,

    /// Schema files to look in instead of the bundled api.tl + mtproto.tl.
    #[arg(long = "schema", value_name = "SCHEMA")]
    schemas: Vec<PathBuf>,

    /// A methods table instead of the bundled schema/methods.tsv.
    #[arg(long, value_name = "FILE")]
    methods: Option<PathBuf>,

    /// A docs table instead of the bundled schema/docs.tsv.
    #[arg(long, value_name = "FILE")]
    docs: Option<PathBuf>,
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", path.display())))
}

pub(crate) fn run(args: &DocArgs) -> Result<Status, CliError> {
    let sources: Vec<(String, String)> = if args.schemas.is_empty() {
        BUNDLED_SCHEMAS
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect()
    } else {
        let mut v = Vec::new();
        for p in &args.schemas {
            v.push((p.display().to_string(), read(p)?));
        }
        v
    };
    let options = ParseOptions {
        id_check: IdCheck::Warn,
        ..ParseOptions::default()
    };
    let mut schemas = Vec::new();
    for (name, text) in &sources {
        let parsed = typelang_parser::parse(text, &options).map_err(|d| {
            CliError::new(format!("{name} does not parse"))
                .note(d.render(name, text).trim_end().to_owned())
        })?;
        schemas.push(parsed.schema);
    }
    let methods_text = match &args.methods {
        Some(p) => read(p)?,
        None => BUNDLED_METHODS.to_owned(),
    };
    let methods = MethodTable::parse(&methods_text)
        .map_err(|e| CliError::new(format!("methods table: {e}")))?;
    let docs_text = match &args.docs {
        Some(p) => read(p)?,
        None => BUNDLED_DOCS.to_owned(),
    };
    let docs =
        DocsData::parse(&docs_text).map_err(|e| CliError::new(format!("docs table: {e}")))?;
    match typelang_codegen::page::page(&schemas, Some(&methods), &docs, &args.name) {
        Some(text) => {
            output::stdout(&text);
            Ok(Status::Success)
        }
        None => Err(CliError::new(format!(
            "no method, constructor or type named `{}`",
            args.name
        ))),
    }
}
