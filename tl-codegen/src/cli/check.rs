//! `tl-codegen check`: parse schemas, verify every explicit id, summarise.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use tl_parser::ast::{Category, Definition, Schema};
use tl_parser::{Dialect, IdCheck, ParseOptions, compute_id};

use super::source::{self, Show, plural};
use super::{CliError, DialectArg, Status, output};

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Schema files to check.
    #[arg(required = true, value_name = "SCHEMA")]
    schemas: Vec<PathBuf>,

    /// The id rule: `telegram` for api.tl, mtproto.tl and secret.tl,
    /// `tl-parser` for TDLib and TON schemas.
    #[arg(long, value_enum, default_value_t)]
    dialect: DialectArg,

    /// Accept no id exceptions: the definitions known not to match their
    /// text (ipPortSecret, accessPointRule, help.configSimple,
    /// decryptedMessageMediaDocument) become errors too.
    #[arg(long)]
    strict: bool,

    /// Also accept an explicit id that does not match its text for the
    /// definition NAME (repeatable).
    #[arg(long, value_name = "NAME", conflicts_with = "strict")]
    allow: Vec<String>,

    /// Print no summary on success.
    #[arg(long, short)]
    quiet: bool,
}

/// Counts for one file or for all of them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Counts {
    constructors: usize,
    functions: usize,
    builtins: usize,
    types: usize,
    /// Explicit ids equal to the id computed from the text.
    verified: usize,
    /// Explicit ids equal to the id of the text with a trailing layer
    /// number dropped from the name (`decryptedMessage8`).
    versioned: usize,
    /// Explicit ids accepted although they match nothing.
    exceptions: Vec<String>,
    /// Definitions whose id was computed (no `#id` written).
    computed: usize,
}

impl Counts {
    fn of(schema: &Schema, dialect: Dialect) -> Self {
        let mut c = Counts::default();
        let mut types = BTreeSet::new();
        for def in &schema.definitions {
            if def.builtin {
                c.builtins += 1;
                continue;
            }
            match def.category {
                Category::Type => {
                    c.constructors += 1;
                    types.insert(def.result.name.to_string());
                }
                Category::Function => c.functions += 1,
            }
            match def.explicit_id {
                None => c.computed += 1,
                Some(explicit) if explicit == compute_id(def, dialect) => c.verified += 1,
                Some(explicit) if versioned_id(def, dialect) == Some(explicit) => {
                    c.versioned += 1;
                }
                Some(_) => c.exceptions.push(def.name.to_string()),
            }
        }
        c.types = types.len();
        c
    }

    fn add(&mut self, other: &Counts) {
        self.constructors += other.constructors;
        self.functions += other.functions;
        self.builtins += other.builtins;
        self.types += other.types;
        self.verified += other.verified;
        self.versioned += other.versioned;
        self.exceptions.extend(other.exceptions.iter().cloned());
        self.computed += other.computed;
    }

    fn explicit(&self) -> usize {
        self.verified + self.versioned + self.exceptions.len()
    }

    fn render(&self, out: &mut String) {
        let _ = write!(
            out,
            "{}, {}, {}",
            plural(self.constructors, "constructor"),
            plural(self.functions, "function"),
            plural(self.types, "type"),
        );
        if self.builtins > 0 {
            let _ = write!(out, ", {}", plural(self.builtins, "builtin"));
        }
        let _ = write!(
            out,
            "\n    ids: {} checked ({} match the text",
            plural(self.explicit(), "explicit id"),
            self.verified
        );
        if self.versioned > 0 {
            let _ = write!(
                out,
                ", {} match with the layer suffix dropped",
                self.versioned
            );
        }
        let _ = write!(
            out,
            "), {} computed, {} allowed",
            self.computed,
            plural(self.exceptions.len(), "exception")
        );
        if !self.exceptions.is_empty() {
            let _ = write!(out, " ({})", self.exceptions.join(", "));
        }
        out.push('\n');
    }
}

/// The id of `def` computed as if the layer number at the end of its name
/// were not there, if it has one.
fn versioned_id(def: &Definition, dialect: Dialect) -> Option<u32> {
    let base = def.name.name.trim_end_matches(|c: char| c.is_ascii_digit());
    if base.is_empty() || base.len() == def.name.name.len() {
        return None;
    }
    let mut renamed = def.clone();
    base.clone_into(&mut renamed.name.name);
    Some(compute_id(&renamed, dialect))
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
        total.types = report
            .loaded
            .iter()
            .flat_map(|l| &l.schema.definitions)
            .filter(|d| !d.builtin && d.category == Category::Type)
            .map(|d| d.result.name.to_string())
            .collect::<BTreeSet<_>>()
            .len();
        let _ = write!(out, "total, {}: ", plural(report.loaded.len(), "file"));
        total.render(&mut out);
    }
    if warnings > 0 {
        let _ = writeln!(out, "{}", plural(warnings, "warning"));
    }
    output::stdout(&out);
    Ok(Status::Success)
}
