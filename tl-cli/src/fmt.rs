//! `tl-codegen fmt`: print a schema in canonical form, keeping its comments,
//! section markers and ids as written (`typelang_parser::layout`).

use std::path::PathBuf;

use clap::Args;
use typelang_parser::layout::{Layout, print_with_layout};
use typelang_parser::{IdCheck, ParseOptions};

use super::source;
use super::{CliError, DialectArg, Status, output};

#[derive(Debug, Args)]
pub(crate) struct FmtArgs {
    /// The schema file (`-` for standard input).
    #[arg(value_name = "SCHEMA")]
    schema: PathBuf,

    /// Print nothing; exit with 1 when the file is not already in canonical
    /// form, naming the first line that differs.
    #[arg(long, conflicts_with = "write")]
    check: bool,

    /// Rewrite the file in canonical form (only when that changes it).
    #[arg(long)]
    write: bool,

    /// The id rule used while parsing (ids are printed as written).
    #[arg(long, value_enum, default_value_t)]
    dialect: DialectArg,
}

/// Runs `fmt`.
pub(crate) fn run(args: &FmtArgs) -> Result<Status, CliError> {
    let options = ParseOptions {
        dialect: args.dialect.into(),
        // Formatting does not judge ids; a mismatch is still reported.
        id_check: IdCheck::Warn,
    };
    let mut loaded = source::load_all_or_fail(std::slice::from_ref(&args.schema), &options)?;
    let Some(loaded) = loaded.pop() else {
        return Err(CliError::new("no schema was loaded"));
    };
    let printed = print_with_layout(
        &loaded.schema,
        &Layout::of(&loaded.source.text, &loaded.schema),
    );
    if args.write {
        if args.schema.as_os_str() == "-" {
            return Err(CliError::usage("--write needs a file, not standard input"));
        }
        typelang_codegen::write_if_changed(&args.schema, &printed)
            .map_err(|e| CliError::new(e.to_string()))?;
        return Ok(Status::Success);
    }
    if !args.check {
        output::stdout(&printed);
        return Ok(Status::Success);
    }
    match first_difference(&loaded.source.text, &printed) {
        None => Ok(Status::Success),
        Some((line, expected)) => {
            let mut msg = format!(
                "error: `{}` is not in canonical form\n  --> {}:{line}\n",
                loaded.source.name, loaded.source.name
            );
            match expected {
                Some(text) => msg.push_str(&format!("  = note: expected `{text}`\n")),
                None => msg.push_str("  = note: expected the end of the file\n"),
            }
            msg.push_str(&format!(
                "  = help: run `tl-codegen fmt {}` to print the canonical form\n",
                loaded.source.name
            ));
            output::stderr(&msg);
            Ok(Status::Failure)
        }
    }
}

/// The 1-based number of the first line where `actual` and `expected`
/// differ, with the expected line (`None` when `expected` ended). Line-ending
/// style (`\r\n` or `\n`) does not count as a difference.
fn first_difference<'e>(actual: &str, expected: &'e str) -> Option<(usize, Option<&'e str>)> {
    let mut a = actual.lines();
    let mut e = expected.lines();
    let mut line = 0;
    loop {
        line += 1;
        match (a.next(), e.next()) {
            (None, None) => return None,
            (Some(x), Some(y)) if x == y => {}
            (_, y) => return Some((line, y)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::first_difference;

    #[test]
    fn finds_the_first_differing_line() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        assert_eq!(first_difference("a\r\nb\r\n", "a\nb\n"), None);
        assert_eq!(first_difference("a\nc\n", "a\nb\n"), Some((2, Some("b"))));
        assert_eq!(first_difference("a\nb\nc\n", "a\nb\n"), Some((3, None)));
        assert_eq!(first_difference("a\n", "a\nb\n"), Some((2, Some("b"))));
    }
}
