//! What `decode` and `encode` share: the value given on the command line,
//! the `--type` and `--request` a value is read as, and their errors.

use typelang_inspect::{ErrorKind, Index, TargetError};
use typelang_parser::ast::{Category, TypeExpr};
use typelang_runtime::DecodeErrorKind;

use super::CliError;

/// The largest accepted `--max-depth`.
const MAX_DEPTH_LIMIT: usize = 10_000;

/// The result type of function `name`, which answers to it carry.
pub(crate) fn answer_type<'s>(index: &Index<'s>, name: &str) -> Result<&'s TypeExpr, CliError> {
    match index.definition(name) {
        Some(def) if def.category == Category::Function => Ok(&def.result),
        found => {
            let mut err = CliError::usage(match found {
                Some(_) => format!("--request `{name}` is a constructor, not a function"),
                None => format!("the schemas define no function named `{name}`"),
            });
            if let Some(s) = index.similar_name(name) {
                err = err.note(format!("did you mean `{s}`?"));
            }
            Err(err)
        }
    }
}

pub(crate) fn target_error(text: &str, e: TargetError) -> CliError {
    match &e {
        TargetError::Syntax { .. } => CliError::usage(format!("invalid --type `{text}`: {e}")),
        _ => {
            let mut err = CliError::usage(e.to_string());
            if let Some(s) = e.suggestion() {
                err = err.note(format!("did you mean `{s}`?"));
            }
            err
        }
    }
}

pub(crate) fn parse_max_depth(text: &str) -> Result<usize, String> {
    let n: usize = text.parse().map_err(|e| format!("{e}"))?;
    if (1..=MAX_DEPTH_LIMIT).contains(&n) {
        Ok(n)
    } else {
        Err(format!("must be between 1 and {MAX_DEPTH_LIMIT}"))
    }
}

/// Reads the value: hex text from the argument or stdin, or raw bytes from
/// `@FILE`.
pub(crate) fn read_input(arg: &str) -> Result<Vec<u8>, CliError> {
    if let Some(path) = arg.strip_prefix('@') {
        return std::fs::read(path)
            .map_err(|e| CliError::new(format!("cannot read `{path}`: {e}")));
    }
    if arg == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text)
            .map_err(|e| CliError::new(format!("cannot read hex from standard input: {e}")))?;
        return typelang_inspect::parse_hex(&text)
            .map_err(|e| CliError::new(format!("standard input: {e}")));
    }
    typelang_inspect::parse_hex(arg)
        .map_err(|e| CliError::usage(format!("invalid HEX argument: {e}")))
}

/// How `decode` reports a value it cannot read: what, at which byte of the
/// input, and in which field.
pub(crate) fn decode_error(ty: &str, e: &typelang_inspect::Error, input_len: usize) -> String {
    let mut text = format!("error: cannot decode `{}`: {}\n", ty.trim(), words(e));
    text.push_str(&format!(
        "  --> at byte {} of the {input_len}-byte input\n",
        e.offset()
    ));
    if !e.path().is_empty() {
        text.push_str(&format!("  = in: {}\n", e.path()));
    }
    text
}

/// The library's words, plus the flags of this command that would help.
fn words(e: &typelang_inspect::Error) -> String {
    match e.kind() {
        ErrorKind::Read(d) if matches!(d.kind(), DecodeErrorKind::RecursionLimit { .. }) => {
            format!("{} (raise it with --max-depth)", e.kind())
        }
        ErrorKind::UntypedVector { count, first } => format!(
            "a Vector of {count} elements appears where any object may, and its first element \
             does not start with a known constructor id (0x{first:08x}); the element type is not \
             on the wire, so decode the vector with --type 'Vector<T>', or name the function it \
             answers with --request"
        ),
        kind => kind.to_string(),
    }
}
