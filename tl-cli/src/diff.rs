//! `tl-codegen diff`: what changed between two schemas (two layers).
//!
//! Definitions are matched by full name. A definition is *changed* when its
//! wire id, its category, its type parameters, its parameters or its result
//! type differ; whether the id is written explicitly or computed does not
//! matter, nor do docs. Output is sorted (constructors, then functions, each
//! by name), so two runs over the same inputs print the same text.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use typelang_parser::ast::Category;
use typelang_parser::diff::{Change, Diff, ParamChange};
use typelang_parser::{IdCheck, ParseOptions, print_definition};

use super::source::{self, Loaded};
use super::{CliError, DialectArg, Status, output};

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The older schema.
    #[arg(value_name = "OLD")]
    old: PathBuf,

    /// The newer schema.
    #[arg(value_name = "NEW")]
    new: PathBuf,

    /// Exit with 1 when the schemas differ (like `git diff --exit-code`).
    #[arg(long)]
    exit_code: bool,

    /// The id rule for definitions without an explicit `#id`.
    #[arg(long, value_enum, default_value_t)]
    dialect: DialectArg,
}

/// Runs `diff`.
pub(crate) fn run(args: &DiffArgs) -> Result<Status, CliError> {
    let options = ParseOptions {
        dialect: args.dialect.into(),
        id_check: IdCheck::Warn,
    };
    let mut loaded = source::load_all_or_fail(&[args.old.clone(), args.new.clone()], &options)?;
    let (Some(new), Some(old)) = (loaded.pop(), loaded.pop()) else {
        return Err(CliError::new("expected two schemas"));
    };
    let diff = Diff::between(&old.schema, &new.schema);
    output::stdout(&render(&diff, &old, &new));
    Ok(if args.exit_code && !diff.is_empty() {
        Status::Failure
    } else {
        Status::Success
    })
}

/// The text `diff` prints: both headers, then each list, then the totals.
fn render(diff: &Diff<'_>, old: &Loaded, new: &Loaded) -> String {
    let mut out = String::new();
    header(&mut out, "---", old);
    header(&mut out, "+++", new);
    for (title, sign, defs) in [("added", '+', &diff.added), ("removed", '-', &diff.removed)] {
        if defs.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title} ({}):", defs.len());
        for d in defs.iter() {
            let _ = writeln!(
                out,
                "  {sign} {} {}",
                category(d.category),
                print_definition(d)
            );
        }
    }
    if !diff.changed.is_empty() {
        let _ = writeln!(out, "\nchanged ({}):", diff.changed.len());
        for c in &diff.changed {
            let what: Vec<String> = c.changes.iter().map(describe).collect();
            let kind = category(c.new.category);
            let _ = writeln!(out, "  ~ {kind} {}: {}", c.new.name, what.join("; "));
            let _ = writeln!(out, "      - {}", print_definition(c.old));
            let _ = writeln!(out, "      + {}", print_definition(c.new));
        }
    }
    let _ = writeln!(
        out,
        "\n{} added, {} removed, {} changed",
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len()
    );
    out
}

fn header(out: &mut String, marker: &str, l: &Loaded) {
    let _ = write!(out, "{marker} {}", l.source.name);
    if let Some(layer) = l.schema.layer {
        let _ = write!(out, " (layer {layer})");
    }
    out.push('\n');
}

fn category(c: Category) -> &'static str {
    match c {
        Category::Type => "constructor",
        Category::Function => "function",
    }
}

/// A short description of one difference.
fn describe(change: &Change<'_>) -> String {
    match change {
        Change::Category { old, new } => format!("{} -> {}", category(*old), category(*new)),
        Change::Id { old, new } => format!("id {old:#010x} -> {new:#010x}"),
        Change::TypeParams { .. } => "type parameters".to_owned(),
        Change::Params(params) => {
            let each: Vec<String> = params
                .iter()
                .map(|p| match p {
                    ParamChange::Added(p) => format!("+{p}"),
                    ParamChange::Changed { old, new } => format!("{old} => {new}"),
                    ParamChange::Removed(p) => format!("-{p}"),
                })
                .collect();
            format!("params {}", each.join(", "))
        }
        Change::ParamsReordered => "params reordered".to_owned(),
        Change::Result { old, new } => format!("result {old} -> {new}"),
    }
}
