//! `tl-codegen check`: parse schemas, verify every explicit id, summarise.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use tl_parser::ast::{Category, Param, ParamKind, Span, TypeExpr};
use tl_parser::{IdCheck, ParseOptions};

use super::source::{self, Loaded, Show};
use super::summary::{self, Counts, plural};
use super::{CliError, DialectArg, Status, output};

#[derive(Debug, Args)]
#[command(after_help = "\
Every file is parsed completely and all of its errors are reported, then the
types used but defined by none of the files are reported as warnings. On
success a summary gives, per file and in total, the constructors, functions and
types, and how each explicit id was checked.")]
pub(crate) struct CheckArgs {
    /// Schema files to check.
    #[arg(required = true, value_name = "SCHEMA")]
    schemas: Vec<PathBuf>,

    /// The id rule: `telegram` for api.tl, mtproto.tl and secret.tl,
    /// `tl-parser` for TDLib and TON schemas.
    #[arg(long, value_enum, default_value_t)]
    dialect: DialectArg,

    /// Accept no id exceptions: the definitions of the bundled schemas
    /// known not to match their text (listed in the summary) become errors
    /// too.
    #[arg(long)]
    strict: bool,

    /// Also accept an explicit id that does not match its text for the
    /// definition NAME (repeatable).
    #[arg(long, value_name = "NAME", conflicts_with = "strict")]
    allow: Vec<String>,

    /// Treat warnings (such as references to undefined types) as errors.
    #[arg(long)]
    deny_warnings: bool,

    /// Print no summary on success.
    #[arg(long, short)]
    quiet: bool,
}

/// Runs `check`.
pub(crate) fn run(args: &CheckArgs) -> Result<Status, CliError> {
    let id_check = if args.strict {
        IdCheck::Allow(Vec::new())
    } else {
        let mut names: Vec<String> = IdCheck::KNOWN_EXCEPTIONS
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        names.extend(args.allow.iter().cloned());
        IdCheck::Allow(names)
    };
    let options = ParseOptions {
        dialect: args.dialect.into(),
        id_check,
    };
    let report = source::load_all(&args.schemas, &options, Show::All)?;
    let warnings: usize = report.loaded.iter().map(|l| l.warnings.len()).sum();
    if report.failed_files > 0 {
        let mut text = format!(
            "error: {} in {} of {} checked",
            plural(report.errors, "error"),
            report.failed_files,
            plural(args.schemas.len(), "file"),
        );
        if warnings > 0 {
            let _ = write!(text, "; {}", plural(warnings, "warning"));
        }
        text.push('\n');
        output::stderr(&text);
        return Ok(Status::Failure);
    }
    let unknown = unknown_references(&report.loaded);
    let mut rendered = String::new();
    for finding in &unknown {
        let source = &report.loaded[finding.file].source;
        let mut message = format!(
            "type `{}` is not defined by any of the checked schemas",
            finding.name
        );
        if finding.more_uses > 0 {
            let _ = write!(
                message,
                " ({} in this file)",
                plural(finding.more_uses, "more use")
            );
        }
        rendered.push_str(&source::render_at(
            source,
            finding.span,
            "warning",
            &message,
        ));
        rendered.push('\n');
    }
    output::stderr(&rendered);
    let warnings = warnings + unknown.len();
    if args.deny_warnings && warnings > 0 {
        output::stderr(&format!(
            "error: {} denied by --deny-warnings\n",
            plural(warnings, "warning")
        ));
        return Ok(Status::Failure);
    }
    if args.quiet {
        return Ok(Status::Success);
    }
    let mut out = String::new();
    let mut total = Counts::default();
    for loaded in &report.loaded {
        let counts = Counts::of(&loaded.schema, options.dialect);
        let _ = write!(out, "{}", loaded.source.name);
        if let Some(layer) = loaded.schema.layer {
            let _ = write!(out, " (layer {layer})");
        }
        out.push_str(": ");
        counts.render(&mut out);
        total.add(&counts);
    }
    if report.loaded.len() > 1 {
        // A type defined by several files (`Bool`) counts once.
        total.types = summary::distinct_types(report.loaded.iter().map(|l| &l.schema));
        let _ = write!(out, "total, {}: ", plural(report.loaded.len(), "file"));
        total.render(&mut out);
    }
    if warnings > 0 {
        let _ = writeln!(out, "{}", plural(warnings, "warning"));
    }
    output::stdout(&out);
    Ok(Status::Success)
}

/// A type that some definition uses but no checked schema defines.
#[derive(Debug, Clone, PartialEq, Eq)]
struct UnknownReference {
    /// Index of the file in the load report.
    file: usize,
    /// The first use in that file.
    span: Span,
    /// The type name as written.
    name: String,
    /// Further uses in the same file.
    more_uses: usize,
}

/// Types the wire format and the runtime know without a schema defining
/// them.
const BUILTIN_TYPES: &[&str] = &[
    "int", "long", "double", "string", "bytes", "int128", "int256", "Int", "Long", "Double",
    "String", "Bytes", "Int128", "Int256", "true", "True", "Bool", "Vector", "vector", "Object",
    "Type",
];

/// Every type a parameter or a function result names that neither the
/// checked schemas (all of them together: api.tl may rely on mtproto.tl)
/// nor the builtins define. One entry per name and file, at its first use.
fn unknown_references(loaded: &[Loaded]) -> Vec<UnknownReference> {
    let mut known: HashSet<String> = BUILTIN_TYPES.iter().map(|s| (*s).to_owned()).collect();
    for l in loaded {
        for def in &l.schema.definitions {
            known.insert(def.name.to_string());
            if def.category == Category::Type {
                known.insert(def.result.name.to_string());
            }
        }
    }
    let mut found: Vec<UnknownReference> = Vec::new();
    for (file, l) in loaded.iter().enumerate() {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for def in &l.schema.definitions {
            let params: HashSet<&str> = def.type_params.iter().map(|t| t.name.as_str()).collect();
            let mut check = |ty: &TypeExpr, span: Span| {
                let mut names = Vec::new();
                collect_names(ty, &params, &mut names);
                for name in names {
                    if known.contains(&name) {
                        continue;
                    }
                    match seen.get(&name) {
                        Some(&i) => found[i].more_uses += 1,
                        None => {
                            seen.insert(name.clone(), found.len());
                            found.push(UnknownReference {
                                file,
                                span,
                                name,
                                more_uses: 0,
                            });
                        }
                    }
                }
            };
            walk_params(&def.params, &mut check);
            if def.category == Category::Function {
                check(&def.result, def.span);
            }
        }
    }
    found
}

fn walk_params(params: &[Param], check: &mut impl FnMut(&TypeExpr, Span)) {
    for p in params {
        match &p.kind {
            ParamKind::Value { ty, .. } => check(ty, p.span),
            ParamKind::Repeated { fields, .. } => walk_params(fields, check),
        }
    }
}

/// The names `ty` refers to, minus `#`, `!X` and the definition's own type
/// parameters.
fn collect_names(ty: &TypeExpr, params: &HashSet<&str>, out: &mut Vec<String>) {
    let is_param = ty.name.namespace.is_empty() && params.contains(ty.name.name.as_str());
    if !ty.is_nat() && !ty.generic_ref && !is_param {
        out.push(ty.name.to_string());
    }
    for arg in &ty.args {
        collect_names(arg, params, out);
    }
}
