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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.task {
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
