//! `tl-codegen`: the command-line front end of the TL toolkit.
//!
//! Generates Rust from TL schemas (`rust`), checks schemas and their
//! constructor ids (`check`, `id`), prints them canonically (`fmt`), compares
//! two layers (`diff`) and dumps serialized values as text (`decode`). Run
//! `tl-codegen help` for the details of each subcommand.
//!
//! Exit codes: 0 on success, 1 when a schema has errors or a value cannot be
//! decoded (and for I/O failures), 2 for usage errors.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
