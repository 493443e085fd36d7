//! `tl-codegen decode`: dump a serialized value as indented text, driven by
//! the schemas alone (no generated code involved), through
//! [`typelang_inspect`].

use std::path::PathBuf;

use clap::Args;
use typelang_inspect::{Index, JsonOptions, RenderOptions, Target};
use typelang_parser::ast::TypeExpr;
use typelang_parser::{IdCheck, ParseOptions};
use typelang_runtime::{DecodeOptions, Reader};

use super::source;
use super::summary::plural;
use super::values::{answer_type, decode_error, parse_max_depth, read_input, target_error};
use super::{CliError, DialectArg, Status, output};

#[derive(Debug, Args)]
#[command(override_usage = "tl-codegen decode [OPTIONS] <SCHEMA>... <HEX>")]
#[command(after_help = "\
Examples:
  tl-codegen decode schema/api.tl --type EncryptedChat 'a1 ...'
  tl-codegen decode schema/api.tl schema/mtproto.tl --type Object @dump.bin
  tl-codegen decode schema/api.tl --type 'Vector<long>' - < hex.txt
  tl-codegen decode schema/api.tl schema/mtproto.tl --json @dump.bin > dump.json")]
pub(crate) struct DecodeArgs {
    /// Schema files that define the types involved, then the serialized
    /// value: hex digits (whitespace and a leading `0x` are ignored), `-` to
    /// read hex from standard input, or `@FILE` to read raw binary from FILE.
    #[arg(required = true, value_name = "SCHEMA")]
    args: Vec<String>,

    /// What the value is: a boxed type (`EncryptedChat`), a constructor or
    /// function name (its id must come first unless --bare),
    /// `Vector<long>`, `%Message`, `int`, ... `Object` accepts any
    /// constructor or function of the schemas, recognised by its id, and
    /// the MTProto wrappers clients parse by hand (rpc_result,
    /// msg_container, gzip_packed) when the schemas leave them out.
    #[arg(long = "type", short = 't', value_name = "T", default_value = "Object")]
    ty: String,

    /// The function whose answers these are (`messages.getMessagesViews`):
    /// every `rpc_result`'s result, and a top-level `Vector`, read as its
    /// result type, so that `Vector<long>` answers decode.
    #[arg(long, value_name = "NAME")]
    request: Option<String>,

    /// The top-level value is bare: no constructor id precedes its fields.
    #[arg(long)]
    bare: bool,

    /// Prefix each value with its byte offset (hex).
    #[arg(long, conflicts_with = "json")]
    offsets: bool,

    /// Print the JSON form (docs/json.md) instead of text; `tl-codegen
    /// encode` turns it back into the same bytes.
    #[arg(long)]
    json: bool,

    /// With --json: write `long` as strings (for JavaScript readers).
    #[arg(long, requires = "json")]
    long_as_string: bool,

    /// With --json: TDLib's form, `"@type"` and `long` as strings.
    #[arg(long, requires = "json")]
    tdlib: bool,

    /// Accept input left over after the value instead of failing.
    #[arg(long)]
    allow_trailing: bool,

    /// Maximum nesting of objects and vectors.
    #[arg(
        long,
        value_name = "N",
        default_value_t = DecodeOptions::DEFAULT_MAX_DEPTH,
        value_parser = parse_max_depth
    )]
    max_depth: usize,

    /// The id rule for definitions without an explicit `#id`.
    #[arg(long, value_enum, default_value_t)]
    dialect: DialectArg,
}

/// Runs `decode`.
pub(crate) fn run(args: &DecodeArgs) -> Result<Status, CliError> {
    let options = ParseOptions {
        dialect: args.dialect.into(),
        // The ids written in the schema are the ones on the wire, whether or
        // not they match the text; judging them is `check`'s job.
        id_check: IdCheck::Warn,
    };
    let Some((input_arg, schemas)) = args.args.split_last() else {
        return Err(CliError::usage(
            "expected at least one SCHEMA and the HEX value",
        ));
    };
    if schemas.is_empty() {
        return Err(CliError::usage(
            "expected at least one SCHEMA before the HEX value",
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
    let input = read_input(input_arg)?;
    typelang_inspect::with_stack_for_depth(args.max_depth, || {
        decode_and_print(args, &index, &target, answer, &input)
    })
    .map_err(|e| CliError::new(format!("cannot start the decoding thread: {e}")))
}

fn decode_and_print(
    args: &DecodeArgs,
    index: &Index<'_>,
    target: &Target<'_>,
    answer: Option<&TypeExpr>,
    input: &[u8],
) -> Status {
    let options = DecodeOptions::new().with_max_depth(args.max_depth);
    let mut reader = Reader::new(input, &options);
    let value = match typelang_inspect::decode_answering(index, &mut reader, target, answer) {
        Ok(value) => value,
        Err(e) => {
            output::stderr(&decode_error(&args.ty, &e, input.len()));
            return Status::Failure;
        }
    };
    if args.json {
        let options = if args.tdlib {
            JsonOptions::tdlib()
        } else {
            JsonOptions::new().with_long_as_string(args.long_as_string)
        };
        let json = typelang_inspect::to_json(index, &value, &options);
        // Serializing a `serde_json::Value` cannot fail.
        let text = serde_json::to_string_pretty(&json).unwrap_or_default();
        output::stdout(&format!("{text}\n"));
    } else {
        let render = RenderOptions::new().with_offsets(args.offsets);
        output::stdout(&typelang_inspect::render(&value, 0, render));
    }
    let left = reader.remaining();
    if left > 0 && !args.allow_trailing {
        output::stderr(&format!(
            "error: {} left after the value, from byte {} (pass --allow-trailing to accept them)\n",
            plural(left, "byte"),
            reader.position()
        ));
        return Status::Failure;
    }
    Status::Success
}
