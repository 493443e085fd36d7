//! Generates Rust types and (de)serializers from TL schemas, from `build.rs`
//! or the command line.
//!
//! # The two-minute path
//!
//! `build.rs`:
//!
//! ```no_run
//! // fn main() in build.rs:
//! tl_codegen::compile(&["schema/api.tl", "schema/mtproto.tl"]).unwrap();
//! ```
//!
//! `src/lib.rs` (the generated file is named after the first schema):
//!
//! ```ignore
//! pub mod telegram {
//!     include!(concat!(env!("OUT_DIR"), "/api.rs"));
//! }
//!
//! use tl_runtime::{Serializable, RemoteCall};
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
//! tl_codegen::Config::new()
//!     .only(["messages.requestEncryption"])
//!     .methods_table("schema/methods.tsv")
//!     .decodable_functions(true)
//!     .compile(&["schema/api.tl"])
//!     .unwrap();
//! ```
//!
//! # Phases
//!
//! Each phase is public and does one thing, so the CLI, `build.rs` and the
//! tests share them:
//!
//! 1. [`load`]: read and parse the files ([`tl_parser`]), merge them.
//! 2. [`analysis`]: whole-schema decisions into an [`analysis::Ir`] (type
//!    resolution, names, boxing, `Default`, subsets, flag bits).
//! 3. [`emit`]: tokens with `quote!`, no I/O, in independent [`emit::Part`]s.
//! 4. format: the built-in [`print::print_tokens`] by default (fast enough
//!    for `build.rs`: api.tl + mtproto.tl in about 150 ms), or `syn` +
//!    `prettyplease` ([`format_tokens`], [`Config::pretty`]) for code that
//!    is checked in. [`format_parts`] runs the parts on two threads.
//! 5. [`write_if_changed`]: touch the file only when its content changed.
//!
//! See the module docs of [`analysis`] and [`emit`] for the rules the
//! generated code follows (naming, flags sharing a bit, boxing, `Default`).

pub mod analysis;
pub mod emit;
mod error;
pub mod ir;
pub mod load;
pub mod methods;
pub mod names;
pub mod print;

use std::path::{Path, PathBuf};

pub use error::{Error, ErrorKind, UnknownName};
pub use tl_parser::SourceFile;
pub use tl_parser::{Dialect, IdCheck};

/// Generates code for `schemas` into `$OUT_DIR/<stem of the first schema>.rs`
/// with the default [`Config`]. For `build.rs`.
pub fn compile(schemas: &[impl AsRef<Path>]) -> Result<(), Error> {
    Config::new().compile(schemas).map(|_| ())
}

/// Code generation settings (builder; every setter returns `&mut Self`).
#[derive(Debug, Clone)]
pub struct Config {
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    out_file: Option<PathBuf>,
    only: Option<Vec<String>>,
    functions: bool,
    decodable_functions: bool,
    serde: bool,
    debug: bool,
    conversions: bool,
    object_enum: bool,
    runtime_path: String,
    id_check: IdCheck,
    dialect: Dialect,
    rerun_if_changed: bool,
    methods_table: Option<PathBuf>,
    pretty: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            out_dir: None,
            file_name: None,
            out_file: None,
            only: None,
            functions: true,
            decodable_functions: false,
            serde: false,
            debug: true,
            conversions: true,
            object_enum: true,
            runtime_path: "::tl_runtime".to_owned(),
            id_check: IdCheck::default(),
            dialect: Dialect::default(),
            rerun_if_changed: true,
            methods_table: None,
            pretty: false,
        }
    }
}

impl Config {
    /// The defaults: functions on, not decodable, `Debug` and conversions
    /// on, no serde, `Object` enum on, runtime at `::tl_runtime`, the parser's default id check and
    /// dialect, `cargo:rerun-if-changed` lines printed, output in `OUT_DIR`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Directory of the output file (default: `$OUT_DIR`).
    pub fn out_dir(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(path.into());
        self
    }

    /// Name of the output file inside the output directory (default: the
    /// stem of the first schema plus `.rs`).
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = Some(name.into());
        self
    }

    /// Exact output path, for checked-in code (overrides `out_dir` and
    /// `file_name`).
    pub fn out_file(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.out_file = Some(path.into());
        self
    }

    /// Generates only these definitions (TL names of constructors,
    /// functions or types) and everything they transitively need.
    pub fn only<I, S>(&mut self, names: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.only = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// Generate the `functions` module (default on).
    pub fn functions(&mut self, on: bool) -> &mut Self {
        self.functions = on;
        self
    }

    /// Functions implement `Deserializable` and join the `Object` enum, for
    /// test servers and traffic dumps (default off).
    pub fn decodable_functions(&mut self, on: bool) -> &mut Self {
        self.decodable_functions = on;
        self
    }

    /// Derive `Debug` on every type, enum, function and `Object` (default
    /// on). Off saves about a tenth of the generated crate's build time.
    pub fn debug(&mut self, on: bool) -> &mut Self {
        self.debug = on;
        self
    }

    /// `From<types::X> for enums::Y` and `TryFrom<enums::Y> for types::X`
    /// for every constructor of a boxed type (default on).
    pub fn conversions(&mut self, on: bool) -> &mut Self {
        self.conversions = on;
        self
    }

    /// Derive `serde::Serialize`/`Deserialize` (default off; the consumer
    /// needs `serde` with `derive`, and `bytes` with its `serde` feature).
    pub fn serde(&mut self, on: bool) -> &mut Self {
        self.serde = on;
        self
    }

    /// Generate the `Object` enum (default on). Required when the schema
    /// uses the type `Object`.
    pub fn object_enum(&mut self, on: bool) -> &mut Self {
        self.object_enum = on;
        self
    }

    /// Path of the runtime crate in the generated code (default
    /// `::tl_runtime`), for consumers that rename or re-export it.
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime_path = path.into();
        self
    }

    /// What to do when an explicit id differs from the computed one.
    pub fn id_check(&mut self, policy: IdCheck) -> &mut Self {
        self.id_check = policy;
        self
    }

    /// Which constructor-id rule applies.
    pub fn dialect(&mut self, dialect: Dialect) -> &mut Self {
        self.dialect = dialect;
        self
    }

    /// Print `cargo:rerun-if-changed` for every input in
    /// [`compile`](Self::compile) (default on).
    pub fn rerun_if_changed(&mut self, on: bool) -> &mut Self {
        self.rerun_if_changed = on;
        self
    }

    /// A methods table (`method<TAB>user|bot|both<TAB>code:NAME ...`) whose
    /// facts go into the docs and associated constants of each function.
    pub fn methods_table(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.methods_table = Some(path.into());
        self
    }

    /// Format with `syn` + `prettyplease` (rustfmt-like, wraps long lines)
    /// instead of the built-in printer ([`print::print_tokens`]). Off by default: the
    /// built-in printer is several times faster and its output is laid out
    /// the same way apart from line wrapping; turn this on for code that is
    /// checked in and read often. Needs the optional `pretty` feature, which
    /// brings in `syn`.
    #[cfg(feature = "pretty")]
    pub fn pretty(&mut self, on: bool) -> &mut Self {
        self.pretty = on;
        self
    }

    fn parse_options(&self) -> tl_parser::ParseOptions {
        tl_parser::ParseOptions {
            dialect: self.dialect,
            id_check: self.id_check.clone(),
        }
    }

    fn read_sources(schemas: &[impl AsRef<Path>]) -> Result<Vec<SourceFile>, Error> {
        schemas
            .iter()
            .map(|p| {
                let p = p.as_ref();
                std::fs::read_to_string(p)
                    .map(|text| SourceFile {
                        name: p.display().to_string(),
                        text,
                    })
                    .map_err(|e| Error::io(p, e))
            })
            .collect()
    }

    fn read_methods(&self) -> Result<Option<methods::MethodTable>, Error> {
        match &self.methods_table {
            None => Ok(None),
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
                methods::MethodTable::parse(&text)
                    .map(Some)
                    .map_err(|e| Error::method_table(p.display().to_string(), e))
            }
        }
    }

    /// The analysis settings this configuration implies.
    pub fn analysis_options(&self) -> Result<analysis::AnalysisOptions, Error> {
        Ok(analysis::AnalysisOptions {
            only: self.only.clone(),
            functions: self.functions,
            decodable_functions: self.functions && self.decodable_functions,
            object_enum: self.object_enum,
            methods: self.read_methods()?,
        })
    }

    /// The emitter settings this configuration implies.
    pub fn emit_options(&self) -> Result<emit::EmitOptions, Error> {
        let not_a_path = || {
            Error::config(format!(
                "runtime path `{}` is not a path",
                self.runtime_path
            ))
        };
        if !is_path(&self.runtime_path) {
            return Err(not_a_path());
        }
        let runtime: proc_macro2::TokenStream =
            self.runtime_path.parse().map_err(|_| not_a_path())?;
        Ok(emit::EmitOptions {
            runtime: runtime.to_string(),
            serde: self.serde,
            debug: self.debug,
            conversions: self.conversions,
            compact: !self.pretty,
        })
    }

    /// Generates formatted code from schema files, without writing anything.
    pub fn generate(&self, schemas: &[impl AsRef<Path>]) -> Result<String, Error> {
        let sources = Self::read_sources(schemas)?;
        self.generate_sources(sources)
    }

    /// Generates formatted code from in-memory schemas: `(name, text)` pairs,
    /// the name being used in diagnostics and the header.
    pub fn generate_from_sources(&self, sources: &[(&str, &str)]) -> Result<String, Error> {
        self.generate_sources(
            sources
                .iter()
                .map(|(n, t)| SourceFile {
                    name: (*n).to_owned(),
                    text: (*t).to_owned(),
                })
                .collect(),
        )
    }

    fn generate_sources(&self, sources: Vec<SourceFile>) -> Result<String, Error> {
        self.generate_with_warnings(sources).map(|(code, ..)| code)
    }

    /// Generates, also returning the parser's warnings and the files they
    /// point into.
    fn generate_with_warnings(
        &self,
        sources: Vec<SourceFile>,
    ) -> Result<(String, Vec<tl_parser::Diagnostic>, Vec<SourceFile>), Error> {
        if sources.is_empty() {
            return Err(Error::config("no schema given"));
        }
        let emit_opts = self.emit_options()?;
        let loaded = load::load(sources, &self.parse_options())?;
        let ir = analysis::analyze(&loaded, &self.analysis_options()?)?;
        let body = format_parts(&ir, &emit_opts, self.pretty)?;
        Ok((
            format!("{}{body}", header(&ir)),
            loaded.warnings,
            loaded.files,
        ))
    }

    /// Generates and writes the code; returns the path written (or left
    /// untouched because its content was already identical).
    pub fn compile(&self, schemas: &[impl AsRef<Path>]) -> Result<PathBuf, Error> {
        if schemas.is_empty() {
            return Err(Error::config("no schema given"));
        }
        let out = self.output_path(schemas[0].as_ref())?;
        if self.rerun_if_changed {
            for s in schemas {
                println!("cargo:rerun-if-changed={}", s.as_ref().display());
            }
            if let Some(m) = &self.methods_table {
                println!("cargo:rerun-if-changed={}", m.display());
            }
        }
        let (code, warnings, files) = self.generate_with_warnings(Self::read_sources(schemas)?)?;
        // Parser warnings (ids accepted under `IdCheck::Warn`) reach the
        // user through cargo, one line each.
        for w in &warnings {
            println!("cargo:warning={}", error::headline(w, &files));
        }
        write_if_changed(&out, &code)?;
        Ok(out)
    }

    fn output_path(&self, first: &Path) -> Result<PathBuf, Error> {
        if let Some(f) = &self.out_file {
            return Ok(f.clone());
        }
        let dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::config(
                        "OUT_DIR is not set (not in a build script?); set out_dir or out_file",
                    )
                })?,
        };
        let name = match &self.file_name {
            Some(n) => n.clone(),
            None => {
                let stem = first
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .ok_or_else(|| Error::config("the first schema path has no file name"))?;
                format!("{stem}.rs")
            }
        };
        Ok(dir.join(name))
    }
}

/// The `@generated` header naming tool, version, schemas and layer.
fn header(ir: &analysis::Ir) -> String {
    let layer = ir
        .layer
        .map(|l| format!(" (layer {l})"))
        .unwrap_or_default();
    let files: Vec<&str> = ir
        .files
        .iter()
        .map(|f| {
            Path::new(f)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(f)
        })
        .collect();
    format!(
        "// @generated by tl-codegen {} from {}{layer}.\n// Do not edit: change the schema or the build configuration and regenerate.\n\n",
        env!("CARGO_PKG_VERSION"),
        files.join(", ")
    )
}

/// Emits and formats every [`emit::Part`], on two threads when the machine
/// has more than one core (formatting dominates the generation time, and
/// the parts format to the same text apart as together).
///
/// `pretty` selects `syn` + `prettyplease` ([`format_tokens`]) over the
/// built-in [`print::print_tokens`].
#[cfg_attr(not(feature = "pretty"), allow(unused_variables))]
pub fn format_parts(
    ir: &analysis::Ir,
    opts: &emit::EmitOptions,
    pretty: bool,
) -> Result<String, Error> {
    let run = |part: emit::Part| {
        let tokens = emit::emit_part(ir, opts, part);
        if tokens.is_empty() {
            return Ok(String::new());
        }
        // prettyplease prints `macro_rules!` bodies as loose token runs;
        // the built-in printer lays them out like the code they expand to.
        #[cfg(feature = "pretty")]
        if pretty && part != emit::Part::Macros {
            return format_tokens(tokens);
        }
        Ok(print::print_tokens(tokens))
    };
    let parallel = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let outputs: Vec<Result<String, Error>> = if parallel {
        // `types` is about half of the output: one thread for it, the
        // calling thread for the rest.
        std::thread::scope(|scope| {
            let types = scope.spawn(|| run(emit::Part::Types));
            let mut rest: Vec<Result<String, Error>> = emit::Part::ALL
                .iter()
                .filter(|p| **p != emit::Part::Types)
                .map(|p| run(*p))
                .collect();
            let types = types
                .join()
                .unwrap_or_else(|_| Err(Error::internal("formatter thread panicked")));
            let at = emit::Part::ALL
                .iter()
                .position(|p| *p == emit::Part::Types)
                .unwrap_or(0);
            rest.insert(at, types);
            rest
        })
    } else {
        emit::Part::ALL.iter().map(|p| run(*p)).collect()
    };
    let mut out = String::new();
    for o in outputs {
        out.push_str(&o?);
    }
    Ok(out)
}

/// Formats generated tokens as Rust source with prettyplease.
#[cfg(feature = "pretty")]
pub fn format_tokens(tokens: proc_macro2::TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::internal(format!("generated tokens do not parse: {e}")))?;
    Ok(prettyplease::unparse(&file))
}

/// Whether `text` is a Rust path such as `::tl_runtime` or `crate::rt`:
/// `::`-separated identifiers, with `crate`, `self` and `super` only in front.
fn is_path(text: &str) -> bool {
    let text = text.trim();
    let (global, rest) = match text.strip_prefix("::") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut in_front = !global;
    rest.split("::")
        .map(str::trim)
        .enumerate()
        .all(|(i, segment)| match segment {
            "crate" | "self" => in_front && i == 0,
            "super" => in_front,
            _ => {
                in_front = false;
                names::is_ident(segment)
            }
        })
}

/// Writes `content` to `path` unless the file already holds exactly it, so
/// that unchanged output does not trigger rebuilds. Creates parent
/// directories.
pub fn write_if_changed(path: &Path, content: &str) -> Result<bool, Error> {
    if let Ok(old) = std::fs::read(path)
        && old == content.as_bytes()
    {
        return Ok(false);
    }
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, content).map_err(|e| Error::io(path, e))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::is_path;

    #[test]
    fn runtime_paths() {
        for ok in [
            "::tl_runtime",
            "tl_runtime",
            "crate::rt",
            "self::rt",
            "super::super::rt",
            ":: a :: r#type",
        ] {
            assert!(is_path(ok), "{ok}");
        }
        for bad in [
            "",
            "::",
            "a::",
            "a::::b",
            "not a path!",
            "a//b",
            "a::type",
            "::crate::rt",
            "rt::crate",
            "a::super",
            "a<b>",
        ] {
            assert!(!is_path(bad), "{bad}");
        }
    }
}
