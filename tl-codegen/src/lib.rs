//! Generates Rust types and (de)serializers from TL schemas, from `build.rs`
//! or the command line.
//!
//! # The two-minute path
//!
//! `build.rs`:
//!
//! ```no_run
//! // fn main() in build.rs:
//! typelang_codegen::compile(&["schema/api.tl", "schema/mtproto.tl"]).unwrap();
//! ```
//!
//! `src/lib.rs` (the generated file is named after the first schema):
//!
//! ```ignore
//! pub mod telegram {
//!     typelang_runtime::include_tl!("api"); // include!(concat!(env!("OUT_DIR"), "/api.rs"))
//! }
//!
//! use typelang_runtime::{Serializable, RemoteCall};
//! let call = telegram::functions::messages::RequestEncryption {
//!     user_id: telegram::enums::InputUser::InputUserSelf,
//!     random_id: 7,
//!     g_a: vec![2u8; 256].into(),
//! };
//! let bytes = call.to_bytes();
//! ```
//!
//! More control goes through [`Config`], in the prost-build idiom:
//!
//! ```no_run
//! typelang_codegen::Config::new()
//!     .only(["messages.requestEncryption"])
//!     .methods_table("schema/methods.tsv")
//!     .decodable_functions(true)
//!     .compile(&["schema/api.tl"])
//!     .unwrap();
//! ```
//!
//! Schemas whose names clash (api.tl and secret.tl) go into one file with
//! [`Config::nest`], which puts a schema in `pub mod NAME` of its own;
//! [`Config::check`] runs load and analysis alone, so whatever it accepts,
//! generation generates.
//!
//! # Phases
//!
//! Each phase is public and does one thing, so the CLI, `build.rs` and the
//! tests share them:
//!
//! 1. [`load`]: read and parse the files ([`typelang_parser`]), merge them.
//! 2. [`analysis`]: whole-schema decisions into the [`ir::Ir`], in named
//!    passes listed in order in its module docs (index, subset, naming,
//!    resolve, object, boxing, defaults, usage).
//! 3. [`emit`]: tokens with `quote!`, no I/O, in independent [`emit::Part`]s,
//!    one file per artifact (root, types, enums, functions, object) and one
//!    place that writes the trait impls ([`emit`]'s `impls`).
//! 4. format: the built-in [`print::print_tokens`] by default (fast enough
//!    for `build.rs`), or `syn` + `prettyplease` (`format_tokens`,
//!    `Config::pretty`) for code that is checked in; both lay out the same
//!    tokens. [`format_parts`] runs the parts on two threads;
//!    [`format_nested`] wraps a schema in `pub mod NAME`.
//! 5. [`write_if_changed`]: touch the file only when its content changed.
//!
//! # Layout
//!
//! `config.rs` ([`Config`], its setters, values checked once such as the
//! [`RuntimePath`], and the pipeline), `error.rs` ([`Error`]: parser
//! [`Diagnostic`](typelang_parser::Diagnostic)s with their files, rendered once
//! by tl-parser's renderer in `Display` and `Debug`), `load.rs`, `ir.rs`,
//! `analysis/` (one file per pass), `emit/` (one file per artifact),
//! `output.rs` (header, formatting, nesting, writing), `print.rs` (the
//! built-in printer), `names.rs` (casing, keywords, the name registry),
//! `methods.rs` (the methods table).
//!
//! See the module docs of [`analysis`] and [`emit`] for the rules the
//! generated code follows (naming, flags sharing a bit, boxing, `Default`).

pub mod analysis;
mod attributes;
mod config;
pub mod docs;
pub mod emit;
mod error;
mod gates;
pub mod ir;
pub mod load;
pub mod methods;
pub mod names;
mod output;
pub mod page;
pub mod print;

use std::path::Path;

pub use attributes::Attributes;
pub use config::{Checked, Config, RuntimePath};
pub use error::{Error, ErrorKind, UnknownName};
pub use gates::{FeatureGates, Gated};
#[cfg(feature = "pretty")]
pub use output::format_tokens;
pub use output::{format_nested, format_parts, write_if_changed};
pub use typelang_parser::{Dialect, IdCheck, SourceFile};

/// Generates code for `schemas` into `$OUT_DIR/<stem of the first schema>.rs`
/// with the default [`Config`]. For `build.rs`.
pub fn compile(schemas: &[impl AsRef<Path>]) -> Result<(), Error> {
    Config::new().compile(schemas).map(|_| ())
}
