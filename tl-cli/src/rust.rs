//! `tl-codegen rust`: generate Rust for schemas with the library's
//! [`Config`], for checked-in code or a look at what `build.rs` produces.

use std::path::PathBuf;

use clap::Args;
use typelang_codegen::{Config, Gated};

use super::idpolicy::IdPolicyArgs;
use super::summary::plural;
use super::{CliError, DialectArg, Status, groups, output, report};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  tl-codegen rust schema/api.tl schema/mtproto.tl -o src/tl.rs
  tl-codegen rust schema/api.tl schema/mtproto.tl secret=schema/secret.tl -o src/tl.rs
  tl-codegen rust schema/api.tl --only messages.requestEncryption -o -
  tl-codegen rust schema/api.tl --cfg-feature functions=functions --cfg-feature debug=debug -o src/tl.rs
  tl-codegen rust --dialect tl-parser --id-check warn lite_api.tl -o src/lite.rs")]
pub(crate) struct RustArgs {
    /// Schema files. Plain paths are generated together as one module
    /// tree; `NAME=PATH` puts a schema into `pub mod NAME` of its own (for
    /// schemas whose names clash, such as api.tl and secret.tl; several
    /// files with the same NAME are generated together).
    #[arg(required = true, value_name = "SCHEMA")]
    schemas: Vec<String>,

    /// Where to write the code (`-` for standard output). The file is only
    /// rewritten when its content changes.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,

    /// Generate only these definitions (constructor, function or type
    /// names, comma-separated or repeated) and what they need.
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    only: Vec<String>,

    /// Leave out the `functions` module.
    #[arg(long)]
    no_functions: bool,

    /// Make functions decodable too (and members of `Object`), for test
    /// servers and traffic dumps.
    #[arg(long, conflicts_with = "no_functions")]
    decodable_functions: bool,

    /// Generate the `Object` enum over every constructor (the default).
    #[arg(long, overrides_with = "no_object")]
    object: bool,

    /// Leave out the `Object` enum.
    #[arg(long, overrides_with = "object")]
    no_object: bool,

    /// Implement serde's `Serialize` and `Deserialize` in the JSON form of
    /// docs/json.md (the consumer enables typelang-runtime's `serde` feature).
    #[arg(long)]
    serde: bool,

    /// Leave out the `Debug` derives.
    #[arg(long)]
    no_debug: bool,

    /// Leave out `From`/`TryFrom` between constructor structs and their
    /// boxed-type enums, and between `Object` and what it holds.
    #[arg(long)]
    no_conversions: bool,

    /// Derive `Eq` and `Hash` on every item from which no `double` is
    /// reachable (costs about a fifth more rustc time for the output).
    #[arg(long)]
    eq_hash: bool,

    /// Add an attribute to generated items: `PATH=ATTRIBUTE`, PATH a TL
    /// name (`messages.requestEncryption`, `InputPeer`), `NS.` for a
    /// namespace or `.` for every item (repeatable; `Config::type_attribute`).
    #[arg(long, value_name = "PATH=ATTRIBUTE")]
    type_attribute: Vec<String>,

    /// Add an attribute to generated fields: `ITEM.FIELD=ATTRIBUTE`
    /// (repeatable; `Config::field_attribute`).
    #[arg(long, value_name = "PATH=ATTRIBUTE")]
    field_attribute: Vec<String>,

    /// Path of the runtime crate in the generated code.
    #[arg(long, value_name = "PATH", default_value = "::typelang_runtime")]
    runtime_path: String,

    /// A methods table (`method<TAB>usable_by<TAB>errors`) whose facts go
    /// into the docs of each function.
    #[arg(long, value_name = "FILE")]
    methods: Option<PathBuf>,

    #[command(flatten)]
    ids: IdPolicyArgs,

    /// The id rule for the schemas.
    #[arg(long, value_enum, default_value_t)]
    dialect: DialectArg,

    /// Gate a part of the output behind a Cargo feature of the including
    /// crate: `PART=FEATURE`, PART one of `object`, `functions`, `debug`,
    /// `serde`, `eq`, `default`, `try-from` (repeatable;
    /// `Config::cfg_feature`).
    #[arg(long, value_name = "PART=FEATURE", value_parser = parse_gate)]
    cfg_feature: Vec<(Gated, String)>,

    /// Format with prettyplease (wraps long lines like rustfmt; slower).
    /// Suits code that is checked in.
    #[arg(long)]
    pretty: bool,
}

/// `PART=FEATURE` of `--cfg-feature`.
fn parse_gate(arg: &str) -> Result<(Gated, String), String> {
    let (part, feature) = arg
        .split_once('=')
        .ok_or_else(|| format!("`{arg}` is not PART=FEATURE (such as `functions=functions`)"))?;
    Ok((part.parse()?, feature.to_owned()))
}

/// Runs `rust`.
pub(crate) fn run(args: &RustArgs) -> Result<Status, CliError> {
    let mut config = Config::new();
    config
        .rerun_if_changed(false)
        .functions(!args.no_functions)
        .decodable_functions(args.decodable_functions)
        .object_enum(!args.no_object)
        .serde(args.serde)
        .debug(!args.no_debug)
        .conversions(!args.no_conversions)
        .runtime_path(args.runtime_path.clone())
        .dialect(args.dialect.into())
        .pretty(args.pretty);
    if !args.only.is_empty() {
        config.only(args.only.iter().map(String::as_str));
    }
    config.eq_hash(args.eq_hash);
    for (list, field) in [(&args.type_attribute, false), (&args.field_attribute, true)] {
        for arg in list {
            let (path, attr) = arg.split_once('=').ok_or_else(|| {
                CliError::usage(format!(
                    "`{arg}` is not PATH=ATTRIBUTE (such as `InputPeer=#[derive(Eq)]`)"
                ))
            })?;
            if field {
                config.field_attribute(path, attr);
            } else {
                config.type_attribute(path, attr);
            }
        }
    }
    for (part, feature) in &args.cfg_feature {
        config.cfg_feature(*part, feature.clone());
    }
    if let Some(methods) = &args.methods {
        config.methods_table(methods.clone());
    }
    config.id_check(args.ids.policy());
    let mut root = Vec::new();
    for group in groups::parse(&args.schemas)? {
        match &group.module {
            None => root = group.schemas,
            Some(name) => {
                config.nest(name.clone(), &group.schemas);
            }
        }
    }
    let code = match config.generate_checked(&root) {
        Ok((code, checked)) => {
            let mut rendered = String::new();
            for (w, files) in checked.warnings() {
                rendered.push_str(&w.render_in(files));
                rendered.push('\n');
            }
            output::stderr(&rendered);
            code
        }
        Err(e) => {
            report::error(&e)?;
            return Ok(Status::Failure);
        }
    };
    if args.output.as_os_str() == "-" {
        output::stdout(&code);
        return Ok(Status::Success);
    }
    let changed = typelang_codegen::write_if_changed(&args.output, &code)
        .map_err(|e| CliError::new(format!("cannot write the output: {e}")))?;
    let lines = code.lines().count();
    output::stderr(&format!(
        "{} {} ({}, {})\n",
        if changed { "wrote" } else { "unchanged:" },
        args.output.display(),
        plural(lines, "line"),
        plural(code.len(), "byte"),
    ));
    Ok(Status::Success)
}
