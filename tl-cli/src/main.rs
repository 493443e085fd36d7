//! `tl-codegen`: the command-line front end of the TL toolkit.
//!
//! Generates Rust from TL schemas (`rust`), checks schemas and their
//! constructor ids (`check`, `id`), prints them canonically (`fmt`), compares
//! two layers (`diff`), dumps serialized values as text or JSON (`decode`),
//! serializes JSON back to bytes (`encode`) and prints a method's,
//! constructor's or type's documentation page (`doc`). Run
//! `tl-codegen help` for the details of each subcommand.
//!
//! Exit codes: 0 on success, 1 when a schema has errors or a value cannot be
//! decoded (and for I/O failures), 2 for usage errors.

mod check;
mod decode;
mod diff;
mod doc;
mod encode;
mod fmt;
mod groups;
mod id;
mod idpolicy;
mod output;
mod report;
mod rust;
mod source;
mod summary;
mod values;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Generate Rust from TL schemas, check their constructor ids, format,
/// compare and decode.
#[derive(Debug, Parser)]
#[command(name = "tl-codegen", version)]
#[command(after_help = "Exit status: 0 success, 1 schema errors or decode failure, 2 usage error.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate Rust code for one or more schemas.
    Rust(rust::RustArgs),
    /// Parse schemas and check every explicit constructor id.
    Check(check::CheckArgs),
    /// Compute the constructor id of a definition, or list every id of schemas.
    Id(id::IdArgs),
    /// Print a schema in canonical form.
    Fmt(fmt::FmtArgs),
    /// Compare two schemas: added, removed and changed definitions.
    Diff(diff::DiffArgs),
    /// Dump a serialized value as text, driven by the schemas alone.
    Decode(decode::DecodeArgs),
    /// Serialize the JSON form of a value (as `decode --json` prints it).
    Encode(encode::EncodeArgs),
    /// Print the page of a method, constructor or type: description,
    /// parameters, result, who may call it, errors.
    Doc(doc::DocArgs),
}

/// The two rules for computing constructor ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum DialectArg {
    /// The rule Telegram's clients apply to api.tl, mtproto.tl and secret.tl.
    #[default]
    Telegram,
    /// The rule of the official tl-parser (TDLib and TON schemas).
    TlParser,
}

impl From<DialectArg> for typelang_parser::Dialect {
    fn from(d: DialectArg) -> Self {
        match d {
            DialectArg::Telegram => typelang_parser::Dialect::Telegram,
            DialectArg::TlParser => typelang_parser::Dialect::TlParser,
        }
    }
}

/// How a command that ran to completion ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// Everything was fine: exit code 0.
    Success,
    /// Problems were found and already reported: exit code 1.
    Failure,
}

/// A command that could not do its job.
#[derive(Debug)]
pub(crate) struct CliError {
    /// Printed after `error: `.
    message: String,
    /// Extra `= note: ...` lines.
    notes: Vec<String>,
    /// Usage errors exit with 2, everything else with 1.
    usage: bool,
}

impl CliError {
    /// A failure (exit code 1).
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            notes: Vec::new(),
            usage: false,
        }
    }

    /// A usage error (exit code 2).
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self {
            usage: true,
            ..Self::new(message)
        }
    }

    /// Adds a `= note:` line.
    pub(crate) fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    fn render(&self) -> String {
        let mut out = format!("error: {}\n", self.message);
        for note in &self.notes {
            out.push_str("  = note: ");
            out.push_str(note);
            out.push('\n');
        }
        out
    }
}

/// Parses the command line, runs the command and maps the result to an exit
/// code: the one place that turns results into exit codes and prints fatal
/// errors, so every command reports in the same `error: ...` style.
fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout and errors to stderr, and
            // uses exit code 2 for usage errors.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let result = match cli.command {
        Command::Rust(args) => rust::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Id(args) => id::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Decode(args) => decode::run(&args),
        Command::Encode(args) => encode::run(&args),
        Command::Doc(args) => doc::run(&args),
    };
    match result {
        Ok(Status::Success) => ExitCode::SUCCESS,
        Ok(Status::Failure) => ExitCode::from(1),
        Err(e) => {
            output::stderr(&e.render());
            ExitCode::from(if e.usage { 2 } else { 1 })
        }
    }
}
