//! Maintenance tasks of the workspace. `cargo run -p xtask -- --help`.

mod derive;
mod markdown;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Maintenance tasks of the workspace.
#[derive(Parser)]
#[command(name = "xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Derive the bundled documentation table (schema/docs.tsv) from the
    /// JSON files of the npm package @mtcute/tl 223.0.0 and our api.tl, and
    /// print what it holds.
    ///
    /// From the workspace root:
    ///
    ///     cargo run -p xtask -- docs /work/shared/schema/docs schema/api.tl -o schema/docs.tsv
    ///
    /// Reads `mtcute-api-schema-223.json` and `mtcute-raw-errors-223.json`
    /// from INPUT_DIR. The texts become Markdown for rustdoc; only
    /// definitions of API_TL are kept. The output is sorted, so a rerun on
    /// the same inputs writes the same bytes. Without `-o` the table goes to
    /// standard output and the counts to standard error.
    Docs {
        /// Directory holding mtcute-api-schema-223.json and mtcute-raw-errors-223.json.
        input_dir: PathBuf,
        /// Our schema (schema/api.tl); its definitions decide what is kept.
        api_tl: PathBuf,
        /// Where to write the table (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Regenerate the prebuilt Telegram types of the crate typelang-telegram
    /// (schema/src/generated.rs) from schema/api.tl, schema/mtproto.tl and
    /// schema/secret.tl; the crate's test `generated` fails until this has
    /// run after a schema or generator change.
    ///
    ///     cargo run -p xtask -- telegram
    Telegram,
}

include!("../../schema/regenerate.rs");

/// Writes schema/src/generated.rs, from the workspace root.
fn telegram() -> ExitCode {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!("error: {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    let code = match telegram_config().generate(&TELEGRAM_SCHEMAS) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::write(TELEGRAM_OUTPUT, code) {
        eprintln!("error: {TELEGRAM_OUTPUT}: {e}");
        return ExitCode::FAILURE;
    }
    eprintln!("wrote {TELEGRAM_OUTPUT}");
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.task {
        Task::Telegram => telegram(),
        Task::Docs {
            input_dir,
            api_tl,
            output,
        } => match derive::derive(&input_dir, &api_tl) {
            Ok(d) => {
                eprint!("{}", d.report);
                match output {
                    None => print!("{}", d.tsv),
                    Some(path) => {
                        if let Err(e) = std::fs::write(&path, &d.tsv) {
                            eprintln!("error: {}: {e}", path.display());
                            return ExitCode::FAILURE;
                        }
                        eprintln!("wrote {}", path.display());
                    }
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
