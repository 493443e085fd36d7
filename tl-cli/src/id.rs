//! `tl-codegen id`: compute the constructor id of a definition line, or list
//! the ids of every definition of some schemas.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use typelang_parser::{IdCheck, ParseOptions, compute_id};

use super::source::{self, Source};
use super::{CliError, DialectArg, Status, output};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  tl-codegen id 'messages.requestEncryption user_id:InputUser random_id:int g_a:bytes = EncryptedChat'
  tl-codegen id --list schema/api.tl schema/mtproto.tl")]
pub(crate) struct IdArgs {
    /// A definition such as `boolTrue = Bool;` (the `;` is optional; an
    /// explicit `#id` is ignored, but reported when it differs). With
    /// --list: schema files.
    #[arg(required = true, value_name = "LINE | SCHEMA")]
    inputs: Vec<String>,

    /// List `name<TAB>0xid` for every definition of the SCHEMA files.
    #[arg(long, short)]
    list: bool,

    /// With --list: print the id computed from the text even where the
    /// schema writes another one.
    #[arg(long, requires = "list")]
    computed: bool,

    /// The id rule: `telegram` (api.tl, mtproto.tl, secret.tl) or
    /// `tl-parser` (TDLib, TON).
    #[arg(long, value_enum, default_value_t)]
    dialect: DialectArg,
}

/// Runs `id`.
pub(crate) fn run(args: &IdArgs) -> Result<Status, CliError> {
    if args.list { list(args) } else { line(args) }
}

fn line(args: &IdArgs) -> Result<Status, CliError> {
    let [line] = args.inputs.as_slice() else {
        return Err(CliError::usage(format!(
            "expected one definition line, found {} arguments",
            args.inputs.len()
        ))
        .note("quote the definition: tl-codegen id 'boolTrue = Bool;'")
        .note("to list the ids of schema files, pass --list"));
    };
    let mut text = line.trim_end().to_owned();
    if !text.ends_with(';') {
        text.push(';');
    }
    let src = Source {
        name: "<line>".to_owned(),
        text,
    };
    let options = ParseOptions {
        dialect: args.dialect.into(),
        id_check: IdCheck::Warn,
    };
    let parsed = match typelang_parser::parse(&src.text, &options) {
        Ok(parsed) => parsed,
        Err(diagnostics) => {
            source::print_diagnostics(&src, &diagnostics.items);
            return Ok(Status::Failure);
        }
    };
    source::print_diagnostics(&src, &parsed.warnings);
    let defs: Vec<_> = parsed
        .schema
        .definitions
        .iter()
        .filter(|d| !d.builtin)
        .collect();
    let mut out = String::new();
    match defs.as_slice() {
        [] => {
            return Err(CliError::new(
                "the line holds no definition with an id (builtins such as `int ? = Int;` have none)",
            ));
        }
        [def] => {
            let _ = writeln!(out, "{:#010x}", compute_id(def, options.dialect));
        }
        defs => {
            for def in defs {
                let _ = writeln!(
                    out,
                    "{}\t{:#010x}",
                    def.name,
                    compute_id(def, options.dialect)
                );
            }
        }
    }
    output::stdout(&out);
    Ok(Status::Success)
}

fn list(args: &IdArgs) -> Result<Status, CliError> {
    let paths: Vec<PathBuf> = args.inputs.iter().map(PathBuf::from).collect();
    let options = ParseOptions {
        dialect: args.dialect.into(),
        // Listing is not checking: show the ids even of a schema whose
        // explicit ids disagree with its text (they are reported).
        id_check: IdCheck::Warn,
    };
    let loaded = source::load_all_or_fail(&paths, &options)?;
    let mut out = String::new();
    for l in &loaded {
        for def in l.schema.definitions.iter().filter(|d| !d.builtin) {
            let id = if args.computed {
                compute_id(def, options.dialect)
            } else {
                def.id
            };
            let _ = writeln!(out, "{}\t{id:#010x}", def.name);
        }
    }
    output::stdout(&out);
    Ok(Status::Success)
}
