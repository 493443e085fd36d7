//! `tl-codegen encode`: the JSON form of a value (docs/json.md, as `decode
//! --json` prints it) to its serialized bytes, driven by the schemas alone
//! through [`typelang_inspect::encode_answering`].

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::Args;
use typelang_inspect::{Index, Target};
use typelang_parser::{IdCheck, ParseOptions};

use super::values::{answer_type, target_error};
use super::{CliError, DialectArg, Status, output, source};

#[derive(Debug, Args)]
#[command(override_usage = "tl-codegen encode [OPTIONS] <SCHEMA>... <JSON>")]
#[command(after_help = "\
Examples:
  tl-codegen encode schema/api.tl '{\"_\":\"inputUser\",\"user_id\":1,\"access_hash\":2}'
  tl-codegen encode schema/api.tl schema/mtproto.tl @dump.json --raw > dump.bin
  tl-codegen decode schema/api.tl --json @dump.bin | tl-codegen encode schema/api.tl -")]
pub(crate) struct EncodeArgs {
    /// Schema files that define the types involved, then the value in JSON:
    /// the text itself, `-` to read it from standard input, or `@FILE` to
    /// read it from FILE.
    #[arg(required = true, value_name = "SCHEMA")]
    args: Vec<String>,

    /// What the value is, as for `decode`: a boxed type, a constructor or
    /// function name, `Vector<long>`, `%Message`, ... or `Object` (the
    /// JSON's `"_"` says which constructor or function).
    #[arg(long = "type", short = 't', value_name = "T", default_value = "Object")]
    ty: String,

    /// The function whose answers these are: the `result` of every
    /// `rpc_result`, and a top-level array, are encoded as its result type.
    #[arg(long, value_name = "NAME")]
    request: Option<String>,

    /// The top-level value is bare: no constructor id before its fields.
    #[arg(long)]
    bare: bool,

    /// Write the bytes themselves instead of hex.
    #[arg(long)]
    raw: bool,

    /// The id rule for definitions without an explicit `#id`.
    #[arg(long, value_enum, default_value_t)]
    dialect: DialectArg,
}

/// Runs `encode`.
pub(crate) fn run(args: &EncodeArgs) -> Result<Status, CliError> {
    let options = ParseOptions {
        dialect: args.dialect.into(),
        id_check: IdCheck::Warn,
    };
    let Some((input_arg, schemas)) = args.args.split_last() else {
        return Err(CliError::usage("expected at least one SCHEMA and the JSON"));
    };
    if schemas.is_empty() {
        return Err(CliError::usage(
            "expected at least one SCHEMA before the JSON value",
        ));
    }
    let schemas: Vec<PathBuf> = schemas.iter().map(PathBuf::from).collect();
    let loaded = source::load_all_or_fail(&schemas, &options)?;
    let index = Index::new(loaded.iter().map(|l| &l.schema));
    let target =
        Target::parse(&index, &args.ty, args.bare).map_err(|e| target_error(&args.ty, e))?;
    let answer = match &args.request {
        None => None,
        Some(name) => Some(answer_type(&index, name)?),
    };
    let (text, origin) = read_input(input_arg)?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        CliError::new(format!("{origin} is not valid JSON: {e}"))
            .note("the JSON form is described in docs/json.md")
    })?;
    let bytes = match typelang_inspect::encode_answering(&index, &target, &json, answer) {
        Ok(bytes) => bytes,
        Err(e) => {
            output::stderr(&format!(
                "error: cannot encode `{}`: {}\n  = at: {}\n",
                args.ty.trim(),
                e.kind(),
                e.path()
            ));
            return Ok(Status::Failure);
        }
    };
    if args.raw {
        let mut out = std::io::stdout().lock();
        out.write_all(&bytes)
            .and_then(|()| out.flush())
            .map_err(|e| CliError::new(format!("cannot write the bytes: {e}")))?;
    } else {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        output::stdout(&format!("{hex}\n"));
    }
    Ok(Status::Success)
}

/// The JSON text, and where it came from (for error messages).
fn read_input(arg: &str) -> Result<(String, String), CliError> {
    if let Some(path) = arg.strip_prefix('@') {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::new(format!("cannot read `{path}`: {e}")))?;
        return Ok((text, format!("`{path}`")));
    }
    if arg == "-" {
        let mut text = String::new();
        std::io::stdin()
            .lock()
            .read_to_string(&mut text)
            .map_err(|e| CliError::new(format!("cannot read standard input: {e}")))?;
        return Ok((text, "standard input".to_owned()));
    }
    Ok((arg.to_owned(), "the JSON argument".to_owned()))
}
