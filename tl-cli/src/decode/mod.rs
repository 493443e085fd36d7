//! `tl-codegen decode`: dump a serialized value as indented text, driven by
//! the schemas alone (no generated code involved).

mod engine;
mod type_arg;
mod value;

use std::path::PathBuf;

use clap::Args;
use tl_parser::{IdCheck, ParseOptions};
use tl_runtime::{DecodeError, DecodeErrorKind, DecodeOptions, Reader};

use super::source::{self, Show, plural};
use super::{CliError, DialectArg, Status, output};
use engine::{Index, Target};
use value::RenderOptions;

#[derive(Debug, Args)]
#[command(override_usage = "tl-codegen decode [OPTIONS] <SCHEMA>... <HEX>")]
#[command(after_help = "\
Examples:
  tl-codegen decode schema/api.tl --type EncryptedChat 'a1 ...'
  tl-codegen decode schema/api.tl schema/mtproto.tl --type Object @dump.bin
  tl-codegen decode schema/api.tl --type 'Vector<long>' - < hex.txt")]
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

    /// The top-level value is bare: no constructor id precedes its fields.
    #[arg(long)]
    bare: bool,

    /// Prefix each value with its byte offset (hex).
    #[arg(long)]
    offsets: bool,

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
    let loaded = source::load_all_or_fail(&schemas, &options, Show::NoIdWarnings)?;
    let index = Index::new(loaded.iter().map(|l| &l.schema));
    let target = resolve_target(&index, &args.ty, args.bare)?;
    let input = read_input(input_arg)?;

    // Decoding, rendering and dropping the tree all recurse once per
    // nesting level; give them a stack sized for the depth limit so that
    // no accepted depth can overflow it.
    let stack = STACK_PER_LEVEL
        .saturating_mul(args.max_depth)
        .max(MIN_STACK);
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("decode".to_owned())
            .stack_size(stack)
            .spawn_scoped(scope, || decode_and_print(args, &index, &target, &input))
            .map_err(|e| CliError::new(format!("cannot start the decoding thread: {e}")))?
            .join()
            .map_err(|_| CliError::new("the decoding thread failed"))
    })
}

/// Stack reserved per nesting level (debug builds use several KiB per
/// level; the reservation is virtual memory, touched only when used).
const STACK_PER_LEVEL: usize = 64 * 1024;
/// The stack of the decoding thread is never smaller than this.
const MIN_STACK: usize = 8 * 1024 * 1024;
/// The largest accepted `--max-depth`.
const MAX_DEPTH_LIMIT: usize = 10_000;

fn decode_and_print(
    args: &DecodeArgs,
    index: &Index<'_>,
    target: &Target<'_>,
    input: &[u8],
) -> Status {
    let decode_options = DecodeOptions::new().with_max_depth(args.max_depth);
    let mut reader = Reader::new(input, &decode_options);
    let value = match engine::decode(index, &mut reader, target, args.max_depth) {
        Ok(value) => value,
        Err(e) => {
            let mut text = format!("error: cannot decode `{}`: {}\n", args.ty.trim(), e.message);
            text.push_str(&format!(
                "  --> at byte {} of the {}-byte input\n",
                e.offset,
                input.len()
            ));
            let path = e.path();
            if !path.is_empty() {
                text.push_str(&format!("  = in: {path}\n"));
            }
            output::stderr(&text);
            return Status::Failure;
        }
    };
    let rendered = value::render(
        &value,
        0,
        RenderOptions {
            offsets: args.offsets,
        },
    );
    output::stdout(&rendered);
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

fn parse_max_depth(text: &str) -> Result<usize, String> {
    let n: usize = text.parse().map_err(|e| format!("{e}"))?;
    if (1..=MAX_DEPTH_LIMIT).contains(&n) {
        Ok(n)
    } else {
        Err(format!("must be between 1 and {MAX_DEPTH_LIMIT}"))
    }
}

/// The words for a runtime error, without the offset (reported separately).
pub(crate) fn describe_runtime_error(e: &DecodeError) -> String {
    match e.kind() {
        DecodeErrorKind::UnexpectedEnd { needed, available } => format!(
            "the input ends too early: {} needed, {} left",
            plural(*needed, "byte"),
            available
        ),
        DecodeErrorKind::LengthOutOfRange { length, limit } => format!(
            "a length or count of {length} cannot fit in the input (at most {limit} possible)"
        ),
        kind => kind.to_string(),
    }
}

/// Works out what `--type` means for these schemas.
fn resolve_target<'s>(index: &Index<'s>, text: &str, bare: bool) -> Result<Target<'s>, CliError> {
    let mut ty = type_arg::parse(text)
        .map_err(|e| CliError::usage(format!("invalid --type `{text}`: {e}")))?;
    let name = ty.name.to_string();
    let percent = text.trim_start().starts_with('%');
    if ty.args.is_empty() && !ty.is_nat() && !is_builtin(&name) {
        if name == "Object" {
            if bare {
                return Err(CliError::usage("`Object` has no bare form"));
            }
            return Ok(Target::Any);
        }
        if let Some(def) = index.definition(&name) {
            return Ok(Target::Definition {
                def,
                boxed: !(bare || percent),
            });
        }
    }
    let known = ty.is_nat()
        || is_builtin(&name)
        || matches!(name.as_str(), "Vector" | "vector")
        || index.has_type(&name);
    if !known {
        let mut err = CliError::usage(format!(
            "the schemas define no type, constructor or function named `{name}`"
        ));
        if let Some(suggestion) = index.similar_name(&name) {
            err = err.note(format!("did you mean `{suggestion}`?"));
        }
        return Err(err);
    }
    if bare {
        ty.bare = true;
    }
    Ok(Target::Type(ty))
}

fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "int"
            | "Int"
            | "long"
            | "Long"
            | "double"
            | "Double"
            | "string"
            | "String"
            | "bytes"
            | "Bytes"
            | "int128"
            | "Int128"
            | "int256"
            | "Int256"
            | "Bool"
            | "true"
            | "True"
    )
}

/// Reads the value: hex text from the argument or stdin, or raw bytes from
/// `@FILE`.
fn read_input(arg: &str) -> Result<Vec<u8>, CliError> {
    if let Some(path) = arg.strip_prefix('@') {
        return std::fs::read(path)
            .map_err(|e| CliError::new(format!("cannot read `{path}`: {e}")));
    }
    if arg == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text)
            .map_err(|e| CliError::new(format!("cannot read hex from standard input: {e}")))?;
        return parse_hex(&text).map_err(|e| CliError::new(format!("standard input: {e}")));
    }
    parse_hex(arg).map_err(|e| CliError::usage(format!("invalid HEX argument: {e}")))
}

/// Hex digits to bytes; ASCII whitespace anywhere and one leading `0x` are
/// ignored.
fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let trimmed = text.trim_start();
    let body = trimmed
        .strip_prefix("0x")
        .or_else(|| trimmed.strip_prefix("0X"))
        .unwrap_or(trimmed);
    let mut out = Vec::with_capacity(body.len() / 2);
    let mut high: Option<u8> = None;
    for (i, c) in body.char_indices() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let Some(digit) = c.to_digit(16) else {
            let column = text.len() - body.len() + i + 1;
            return Err(format!("`{c}` at column {column} is not a hex digit"));
        };
        // `to_digit(16)` is below 16, so this never truncates.
        let digit = digit as u8;
        match high.take() {
            None => high = Some(digit),
            Some(h) => out.push(h << 4 | digit),
        }
    }
    if high.is_some() {
        return Err(format!(
            "odd number of hex digits ({}): every byte needs two",
            out.len() * 2 + 1
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_parsing() {
        assert_eq!(parse_hex("0x01 ff\n0A").unwrap(), vec![1, 0xff, 0x0a]);
        assert_eq!(parse_hex("").unwrap(), Vec::<u8>::new());
        assert_eq!(
            parse_hex("01f").unwrap_err(),
            "odd number of hex digits (3): every byte needs two"
        );
        assert_eq!(
            parse_hex("  0x0g").unwrap_err(),
            "`g` at column 6 is not a hex digit"
        );
        assert_eq!(
            parse_hex("é").unwrap_err(),
            "`é` at column 1 is not a hex digit"
        );
    }
}
