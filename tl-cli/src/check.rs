//! `tl-codegen check`: load and analyse schemas exactly as `rust` does
//! (parse, verify every explicit id, the language-level lints, the
//! generator's analysis), report every problem, summarise.

use std::fmt::Write as _;

use clap::Args;
use typelang_codegen::{Checked, Config, IdCheck};
use typelang_parser::ParseOptions;

use super::idpolicy::IdPolicyArgs;
use super::summary::{self, Counts, plural};
use super::{CliError, DialectArg, Status, groups, output, report};

#[derive(Debug, Args)]
#[command(after_help = "\
Every file is parsed completely and all of its errors are reported; then the
set is checked as `rust` would generate it: types used but defined by none of
the files, one name with two ids, two definitions with one id, and whatever
the generator cannot express. Whatever `check` accepts, `rust` generates. On
success a summary gives, per file and in total, the constructors, functions and
types, and how each explicit id was checked.

Examples:
  tl-codegen check schema/api.tl schema/mtproto.tl secret=schema/secret.tl
  tl-codegen check --dialect tl-parser --allow liteServer.lookupBlock lite_api.tl")]
pub(crate) struct CheckArgs {
    /// Schema files to check together; `NAME=PATH` checks a schema in a
    /// module of its own, as `rust` generates it (`secret=schema/secret.tl`).
    #[arg(required = true, value_name = "SCHEMA")]
    schemas: Vec<String>,

    /// The id rule: `telegram` for api.tl, mtproto.tl and secret.tl,
    /// `tl-parser` for TDLib and TON schemas.
    #[arg(long, value_enum, default_value_t)]
    dialect: DialectArg,

    #[command(flatten)]
    ids: IdPolicyArgs,

    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,

    /// Print no summary on success.
    #[arg(long, short)]
    quiet: bool,
}

/// Runs `check`.
pub(crate) fn run(args: &CheckArgs) -> Result<Status, CliError> {
    let id_check = args.ids.policy();
    let options = ParseOptions {
        dialect: args.dialect.into(),
        id_check: id_check.clone(),
    };
    let mut config = Config::new();
    config
        .rerun_if_changed(false)
        .dialect(options.dialect)
        .id_check(id_check);
    let mut root = Vec::new();
    for group in groups::parse(&args.schemas)? {
        match &group.module {
            None => root = group.schemas,
            Some(name) => {
                config.nest(name.clone(), &group.schemas);
            }
        }
    }
    let checked = match config.check(&root) {
        Ok(checked) => checked,
        Err(e) => {
            let errors = report::error(&e)?;
            output::stderr(&format!(
                "error: {} in {} of {} checked\n",
                plural(errors.count, "error"),
                errors.files,
                plural(args.schemas.len(), "file"),
            ));
            return Ok(Status::Failure);
        }
    };
    let warnings = checked.warnings();
    let mut rendered = String::new();
    for (w, files) in &warnings {
        rendered.push_str(&w.render_in(files));
        rendered.push('\n');
    }
    output::stderr(&rendered);
    if args.deny_warnings && !warnings.is_empty() {
        output::stderr(&format!(
            "error: {} denied by --deny-warnings\n",
            plural(warnings.len(), "warning")
        ));
        return Ok(Status::Failure);
    }
    if !args.quiet {
        output::stdout(&summary_text(&checked, &options, warnings.len()));
    }
    Ok(Status::Success)
}

/// The per-file and total counts. Each file is parsed once more on its own:
/// the loaded set has merged the lines files share.
fn summary_text(checked: &Checked, options: &ParseOptions, warnings: usize) -> String {
    let mut files = vec![&checked.schema];
    files.extend(checked.nested.iter().map(|(_, n)| &n.schema));
    let quiet = ParseOptions {
        id_check: IdCheck::Warn,
        ..options.clone()
    };
    let schemas: Vec<(String, typelang_parser::ast::Schema)> = files
        .iter()
        .flat_map(|loaded| &loaded.files)
        .filter_map(|f| {
            let parsed = typelang_parser::parse(&f.text, &quiet).ok()?;
            Some((f.name.clone(), parsed.schema))
        })
        .collect();
    let mut out = String::new();
    let mut total = Counts::default();
    for (name, schema) in &schemas {
        let counts = Counts::of(schema, options.dialect);
        let _ = write!(out, "{name}");
        if let Some(layer) = schema.layer {
            let _ = write!(out, " (layer {layer})");
        }
        out.push_str(": ");
        counts.render(&mut out);
        total.add(&counts);
    }
    if schemas.len() > 1 {
        // A type defined by several files (`Bool`) counts once.
        total.types = summary::distinct_types(schemas.iter().map(|(_, s)| s));
        let _ = write!(out, "total, {}: ", plural(schemas.len(), "file"));
        total.render(&mut out);
    }
    if warnings > 0 {
        let _ = writeln!(out, "{}", plural(warnings, "warning"));
    }
    out
}
