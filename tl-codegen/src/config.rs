//! [`Config`]: the settings of one generation, checked once when they are
//! set, and the pipeline that runs the phases with them.

use std::path::{Path, PathBuf};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use typelang_parser::{Diagnostic, Dialect, IdCheck, SourceFile};

use crate::attributes::Attributes;
use crate::error::{Error, headline};
use crate::gates::{FeatureGates, Gated, is_feature_name};
use crate::ir::Ir;
use crate::load::LoadedSchema;
use crate::{analysis, emit, load, methods, names, output};

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
    /// Checked by the setter; the error is reported when generating.
    runtime: Result<RuntimePath, String>,
    id_check: IdCheck,
    dialect: Dialect,
    rerun_if_changed: bool,
    methods_table: Option<PathBuf>,
    docs_data: Option<PathBuf>,
    pretty: bool,
    nested: Vec<Nested>,
    /// Checked by the setter; the first bad name is reported when generating.
    gates: Result<FeatureGates, String>,
    /// Checked by the setters; the first bad attribute is reported when
    /// generating, paths that match nothing after the analysis.
    attributes: Result<Attributes, String>,
    eq_hash: bool,
}

/// Schemas generated into a module of their own ([`Config::nest`]).
#[derive(Debug, Clone)]
struct Nested {
    module: String,
    schemas: Vec<PathBuf>,
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
            runtime: Ok(RuntimePath::default()),
            id_check: IdCheck::default(),
            dialect: Dialect::default(),
            rerun_if_changed: true,
            methods_table: None,
            docs_data: None,
            pretty: false,
            nested: Vec::new(),
            gates: Ok(FeatureGates::default()),
            attributes: Ok(Attributes::default()),
            eq_hash: false,
        }
    }
}

/// What [`Config::check`] found: the schemas as loaded and what the
/// generator would make of them.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The files, parsed and merged; its `warnings` are the parser's
    /// warnings (ids accepted under `IdCheck::Warn`), located in its files.
    pub schema: LoadedSchema,
    /// The analysed schema, as [`Config::generate`] would emit it.
    pub ir: Ir,
    /// The schemas given to [`Config::nest`], by module name.
    pub nested: Vec<(String, Checked)>,
}

impl Checked {
    /// Every warning, of this group and the nested ones, with the files it
    /// points into.
    pub fn warnings(&self) -> Vec<(&Diagnostic, &[SourceFile])> {
        let mut out: Vec<(&Diagnostic, &[SourceFile])> = self
            .schema
            .warnings
            .iter()
            .map(|w| (w, self.schema.files.as_slice()))
            .collect();
        for (_, n) in &self.nested {
            out.extend(n.warnings());
        }
        out
    }
}

impl Config {
    /// The defaults: functions on, not decodable, `Debug` and conversions
    /// on, no `Eq`/`Hash`, no serde, `Object` enum on, runtime at `::typelang_runtime`, the parser's default id check and
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
    /// for every constructor of a boxed type, and `From<X> for Object` and
    /// `TryFrom<Object> for X` for everything `Object` holds (default on).
    pub fn conversions(&mut self, on: bool) -> &mut Self {
        self.conversions = on;
        self
    }

    /// Implement `serde::Serialize`/`Deserialize` on every generated type
    /// in the JSON form of `docs/json.md` (`"_"` holding the TL name,
    /// fields under their TL names), through the runtime's `json` module
    /// (default off; the consumer enables the runtime's `serde` feature).
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
    /// `::typelang_runtime`), for consumers that rename or re-export it. A text
    /// that is not a Rust path is reported by the next generation.
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        let path = path.into();
        self.runtime =
            RuntimePath::parse(&path).ok_or_else(|| format!("runtime path `{path}` is not a path"));
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

    /// A docs table (`schema/docs.tsv`, read by
    /// [`DocsData`](crate::docs::DocsData)) whose texts go into the rustdoc
    /// of every item (descriptions, parameter and error tables, links to
    /// the official pages, an example per function) and into a generated
    /// `errors` catalogue. Without it the docs are the schema's own.
    pub fn docs_data(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.docs_data = Some(path.into());
        self
    }

    fn read_docs(&self) -> Result<Option<std::sync::Arc<crate::docs::DocsData>>, Error> {
        match &self.docs_data {
            None => Ok(None),
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
                crate::docs::DocsData::parse(&text)
                    .map(|d| Some(std::sync::Arc::new(d)))
                    .map_err(|e| Error::config(format!("{}: {e}", p.display())))
            }
        }
    }

    /// Format with `syn` + `prettyplease` (rustfmt-like, wraps long lines)
    /// instead of the built-in printer ([`print::print_tokens`](crate::print::print_tokens)).
    /// Off by default: the built-in printer is several times faster and its
    /// output is laid out the same way apart from line wrapping; turn this
    /// on for code that is checked in and read often. Needs the optional
    /// `pretty` feature, which brings in `syn`: without it, generating with
    /// `pretty(true)` fails with an error that names the feature.
    pub fn pretty(&mut self, on: bool) -> &mut Self {
        self.pretty = on;
        self
    }

    /// Also generates `schemas` into `pub mod NAME { ... }` at the end of
    /// the output, a namespace of their own, with the same settings: for
    /// schemas whose names clash with the others (api.tl and secret.tl share
    /// 43 names, 10 with other ids). Calls with the same `NAME` add to one
    /// module. `NAME` must be a lowercase Rust identifier.
    ///
    /// ```no_run
    /// typelang_codegen::Config::new()
    ///     .nest("secret", &["schema/secret.tl"])
    ///     .compile(&["schema/api.tl", "schema/mtproto.tl"])
    ///     .unwrap();
    /// ```
    pub fn nest(&mut self, name: impl Into<String>, schemas: &[impl AsRef<Path>]) -> &mut Self {
        let module = name.into();
        let paths = schemas.iter().map(|p| p.as_ref().to_path_buf());
        match self.nested.iter_mut().find(|n| n.module == module) {
            Some(n) => n.schemas.extend(paths),
            None => self.nested.push(Nested {
                module,
                schemas: paths.collect(),
            }),
        }
        self
    }

    /// Gates `part` of the output behind the Cargo feature `feature` of the
    /// crate that includes it: `#[cfg(feature = "...")]` on the `Object`
    /// enum or the `functions` module (and `Object`'s function variants),
    /// `#[cfg_attr(feature = "...", derive(..))]` for the `Debug`,
    /// `PartialEq` (with `Eq` and `Hash`), `Default` and serde derives, and
    /// `#[cfg(..)]` on the `TryFrom` impls. The including crate declares the
    /// features in its Cargo.toml. Parts not named are always compiled.
    ///
    /// Every gated part costs build time in proportion to the schema: on
    /// api.tl + mtproto.tl, `Debug` is the dearest derive, then
    /// `PartialEq`, `Default` and `TryFrom` (README, *Build cost*).
    ///
    /// ```no_run
    /// use typelang_codegen::Gated;
    /// typelang_codegen::Config::new()
    ///     .cfg_feature(Gated::Functions, "functions")
    ///     .cfg_feature(Gated::Debug, "debug")
    ///     .compile(&["schema/api.tl"])
    ///     .unwrap();
    /// ```
    pub fn cfg_feature(&mut self, part: Gated, feature: impl Into<String>) -> &mut Self {
        let feature = feature.into();
        if let Ok(gates) = &mut self.gates {
            if is_feature_name(&feature) {
                gates.set(part, feature);
            } else {
                self.gates = Err(format!(
                    "`{feature}` is not a Cargo feature name: use letters, digits, `_`, `-`, `+` or `.`"
                ));
            }
        }
        self
    }

    /// Adds an attribute to generated items, as prost-build's
    /// `type_attribute` does: written after the derives of each constructor
    /// struct, function struct and boxed-type enum that `path` selects.
    /// `path` is a TL name: `.` for every item, `NS.` for every item of a
    /// namespace (`messages.`), or one constructor, function or boxed type
    /// (`messages.requestEncryption`, `inputPeerUser`, `InputPeer`).
    /// `attribute` is Rust attribute text (`#[derive(Hash)]`,
    /// `#[serde(rename_all = "camelCase")]`, several in one string are
    /// fine). Text that is not an attribute, or a path that selects
    /// nothing in the schemas (a typo), fails the next generation with an
    /// error that names it. `Object` is never selected.
    ///
    /// ```no_run
    /// typelang_codegen::Config::new()
    ///     .type_attribute("messages.requestEncryption", "#[must_use]")
    ///     .type_attribute("help.", "#[non_exhaustive]")
    ///     .field_attribute("messages.requestEncryption.g_a", "#[doc = \"g^a mod p\"]")
    ///     .compile(&["schema/api.tl"])
    ///     .unwrap();
    /// ```
    pub fn type_attribute(
        &mut self,
        path: impl AsRef<str>,
        attribute: impl AsRef<str>,
    ) -> &mut Self {
        if let Ok(attrs) = &mut self.attributes
            && let Err(e) = attrs.add_type(path.as_ref(), attribute.as_ref())
        {
            self.attributes = Err(e);
        }
        self
    }

    /// Adds an attribute to generated fields, as prost-build's
    /// `field_attribute` does: written before each field `path` selects.
    /// `path` is `ITEM.FIELD` with TL names: `ITEM` a constructor or
    /// function (`messages.requestEncryption`), `NS.` for the items of a
    /// namespace, or empty for every item; `FIELD` a field's TL name, or
    /// empty for every field (`messages.requestEncryption.g_a`,
    /// `.random_id`, `messages..peer`, `.`). Errors as in
    /// [`type_attribute`](Self::type_attribute); a path whose field no
    /// selected item has is one.
    pub fn field_attribute(
        &mut self,
        path: impl AsRef<str>,
        attribute: impl AsRef<str>,
    ) -> &mut Self {
        if let Ok(attrs) = &mut self.attributes
            && let Err(e) = attrs.add_field(path.as_ref(), attribute.as_ref())
        {
            self.attributes = Err(e);
        }
        self
    }

    /// Derive `Eq` and `Hash` on every type, enum, function and `Object`
    /// from which no `double` (`f64`) can be reached through fields,
    /// vectors, boxed types or `Object` (default off: on api.tl + mtproto.tl
    /// the derives add about a fifth to the generated crate's rustc CPU
    /// time and a tenth to its peak memory).
    pub fn eq_hash(&mut self, on: bool) -> &mut Self {
        self.eq_hash = on;
        self
    }

    fn parse_options(&self) -> typelang_parser::ParseOptions {
        typelang_parser::ParseOptions {
            dialect: self.dialect,
            id_check: self.id_check.clone(),
        }
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
        Ok(emit::EmitOptions {
            runtime: self.runtime.clone().map_err(Error::config)?,
            serde: self.serde,
            debug: self.debug,
            conversions: self.conversions,
            gates: self.gates.clone().map_err(Error::config)?,
            docs: self.read_docs()?,
            attributes: self.attributes.clone().map_err(Error::config)?,
            eq_hash: self.eq_hash,
        })
    }

    /// Load and analysis, the part of generation that can reject a schema.
    fn analyze(
        &self,
        sources: Vec<SourceFile>,
        aopts: &analysis::AnalysisOptions,
    ) -> Result<(LoadedSchema, Ir), Error> {
        if sources.is_empty() {
            return Err(Error::config("no schema given"));
        }
        let loaded = load::load_with(sources, &self.parse_options(), self.decodable_functions)?;
        let ir = analysis::analyze(&loaded, aopts)?;
        Ok((loaded, ir))
    }

    fn check_groups(&self, root: Vec<SourceFile>) -> Result<Checked, Error> {
        self.emit_options()?;
        let aopts = self.analysis_options()?;
        let mut nested = Vec::new();
        for n in &self.nested {
            if !is_module_name(&n.module) {
                return Err(Error::config(format!(
                    "`{}` is not a module name: use a lowercase Rust identifier such as `secret`",
                    n.module
                )));
            }
            let (schema, ir) = self.analyze(read_sources(&n.schemas)?, &aopts)?;
            nested.push((
                n.module.clone(),
                Checked {
                    schema,
                    ir,
                    nested: Vec::new(),
                },
            ));
        }
        let (schema, ir) = if root.is_empty() && !nested.is_empty() {
            // Only nested modules: an empty root.
            let schema =
                load::load_with(Vec::new(), &self.parse_options(), self.decodable_functions)?;
            let ir = analysis::analyze(&schema, &aopts)?;
            (schema, ir)
        } else {
            self.analyze(root, &aopts)?
        };
        if let Ok(attrs) = &self.attributes {
            let irs = std::iter::once(&ir).chain(nested.iter().map(|(_, n)| &n.ir));
            let problems = attrs.unmatched(irs);
            if !problems.is_empty() {
                return Err(Error::config(problems.join("; ")));
            }
        }
        Ok(Checked { schema, ir, nested })
    }

    /// Loads and analyses the schemas (and the [`nest`](Self::nest)ed ones)
    /// exactly as [`generate`](Self::generate) does, without emitting code:
    /// whatever this accepts, `generate` generates. The warnings are data
    /// ([`Checked::warnings`]).
    pub fn check(&self, schemas: &[impl AsRef<Path>]) -> Result<Checked, Error> {
        self.check_groups(read_sources(schemas)?)
    }

    /// [`check`](Self::check) for in-memory schemas: `(name, text)` pairs.
    pub fn check_sources(&self, sources: &[(&str, &str)]) -> Result<Checked, Error> {
        self.check_groups(owned_sources(sources))
    }

    /// Generates formatted code from schema files, without writing anything.
    pub fn generate(&self, schemas: &[impl AsRef<Path>]) -> Result<String, Error> {
        self.generate_sources(read_sources(schemas)?)
            .map(|(code, _)| code)
    }

    /// [`generate`](Self::generate), also returning what was checked: its
    /// [`Checked::warnings`] are the mismatching ids accepted under
    /// [`IdCheck::Warn`] and the other warnings, for the caller to show.
    pub fn generate_checked(
        &self,
        schemas: &[impl AsRef<Path>],
    ) -> Result<(String, Checked), Error> {
        self.generate_sources(read_sources(schemas)?)
    }

    /// Generates formatted code from in-memory schemas: `(name, text)` pairs,
    /// the name being used in diagnostics and the header.
    pub fn generate_from_sources(&self, sources: &[(&str, &str)]) -> Result<String, Error> {
        self.generate_sources(owned_sources(sources))
            .map(|(code, _)| code)
    }

    /// Generates, also returning what was checked (for the warnings).
    fn generate_sources(&self, sources: Vec<SourceFile>) -> Result<(String, Checked), Error> {
        if self.pretty && !cfg!(feature = "pretty") {
            return Err(Error::config(
                "`Config::pretty(true)` needs the `pretty` feature of typelang-codegen: \
                 typelang-codegen = { version = \"...\", features = [\"pretty\"] }",
            ));
        }
        let root_given = !sources.is_empty();
        let checked = self.check_groups(sources)?;
        let eopts = self.emit_options()?;
        for ir in std::iter::once(&checked.ir).chain(checked.nested.iter().map(|(_, n)| &n.ir)) {
            crate::gates::check(&eopts.gates, ir).map_err(Error::config)?;
        }
        let mut code = String::new();
        if root_given {
            code.push_str(&output::header(&checked.ir));
            code.push_str(&output::format_parts(&checked.ir, &eopts, self.pretty)?);
        }
        for ((module, n), given) in checked.nested.iter().zip(&self.nested) {
            let files: Vec<String> = given
                .schemas
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect();
            let doc = format!(
                "Generated from {} (a module of its own: its names may clash with the schemas above).",
                files.join(", ")
            );
            code.push('\n');
            code.push_str(&output::format_nested(
                module,
                &doc,
                &n.ir,
                &eopts,
                self.pretty,
            )?);
        }
        Ok((code, checked))
    }

    /// Generates and writes the code; returns the path written (or left
    /// untouched because its content was already identical).
    pub fn compile(&self, schemas: &[impl AsRef<Path>]) -> Result<PathBuf, Error> {
        let first = schemas
            .first()
            .map(|s| s.as_ref().to_path_buf())
            .or_else(|| self.nested.first().and_then(|n| n.schemas.first().cloned()))
            .ok_or_else(|| Error::config("no schema given"))?;
        let out = self.output_path(&first)?;
        if self.rerun_if_changed {
            let nested = self.nested.iter().flat_map(|n| n.schemas.iter());
            for s in schemas
                .iter()
                .map(|s| s.as_ref())
                .chain(nested.map(PathBuf::as_path))
            {
                println!("cargo:rerun-if-changed={}", s.display());
            }
            for m in self.methods_table.iter().chain(&self.docs_data) {
                println!("cargo:rerun-if-changed={}", m.display());
            }
        }
        let (code, checked) = self.generate_sources(read_sources(schemas)?)?;
        // Parser warnings (ids accepted under `IdCheck::Warn`) reach the
        // user through cargo, one line each.
        for (w, files) in checked.warnings() {
            println!("cargo:warning={}", headline(w, files));
        }
        output::write_if_changed(&out, &code)?;
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
        // The name stays inside the directory: no root, no `..`.
        let inside = Path::new(&name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside || name.is_empty() {
            return Err(Error::config(format!(
                "file_name `{name}` would write outside the output directory: give a file name (or a path below it, without `..`), or use out_file for an exact path"
            )));
        }
        Ok(dir.join(name))
    }
}

/// A lowercase Rust identifier that is not a keyword (`secret`, `e2e_v2`).
pub(crate) fn is_module_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && names::is_ident(name)
}

fn read_sources(schemas: &[impl AsRef<Path>]) -> Result<Vec<SourceFile>, Error> {
    schemas
        .iter()
        .map(|p| {
            let p = p.as_ref();
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            crate::load::source_from_bytes(p.display().to_string(), bytes)
        })
        .collect()
}

fn owned_sources(sources: &[(&str, &str)]) -> Vec<SourceFile> {
    sources
        .iter()
        .map(|(n, t)| SourceFile {
            name: (*n).to_owned(),
            text: (*t).to_owned(),
        })
        .collect()
}

/// The path of the runtime crate in the generated code (`::typelang_runtime`,
/// `crate::rt`), checked once when it is set and turned into tokens
/// directly (no re-parsing per output part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimePath {
    /// Starts with `::`.
    global: bool,
    /// `::`-separated segments, escaped (`r#type`).
    segments: Vec<String>,
}

impl Default for RuntimePath {
    fn default() -> Self {
        Self {
            global: true,
            segments: vec!["typelang_runtime".to_owned()],
        }
    }
}

impl RuntimePath {
    /// Parses a Rust path such as `::typelang_runtime` or `crate::rt`:
    /// `::`-separated identifiers, with `crate`, `self` and `super` only in
    /// front. `None` when `text` is not such a path.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (global, rest) = match text.strip_prefix("::") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut in_front = !global;
        let mut segments = Vec::new();
        for (i, segment) in rest.split("::").map(str::trim).enumerate() {
            let ok = match segment {
                "crate" | "self" => in_front && i == 0,
                "super" => in_front,
                _ => {
                    in_front = false;
                    names::is_ident(segment)
                }
            };
            if !ok {
                return None;
            }
            segments.push(segment.to_owned());
        }
        Some(Self { global, segments })
    }

    /// The path as tokens.
    pub fn to_tokens(&self) -> TokenStream {
        let mut out = TokenStream::new();
        for (i, s) in self.segments.iter().enumerate() {
            if i > 0 || self.global {
                out.extend(quote!(::));
            }
            let id = match s.as_str() {
                "crate" | "self" | "super" => Ident::new(s, Span::call_site()),
                _ => names::ident(s),
            };
            out.extend(quote!(#id));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[cfg(not(feature = "pretty"))]
    #[test]
    fn pretty_without_the_feature_names_it() {
        let err = super::Config::new()
            .pretty(true)
            .generate_from_sources(&[("a.tl", "a#1 = A;")])
            .unwrap_err();
        assert!(err.to_string().contains("the `pretty` feature"), "{err}");
    }

    #[test]
    fn file_name_stays_in_the_output_directory() {
        let dir = std::env::temp_dir().join(format!("tl-codegen-file-name-{}", std::process::id()));
        for bad in ["../escape.rs", "/tmp/escape.rs", "a/../../escape.rs", ""] {
            let err = super::Config::new()
                .out_dir(&dir)
                .file_name(bad)
                .rerun_if_changed(false)
                .compile(&["a.tl"])
                .unwrap_err();
            assert!(
                err.to_string().contains("outside the output directory"),
                "{bad}: {err}"
            );
        }
        assert!(!dir.join("../escape.rs").exists());
    }

    use super::RuntimePath;

    #[test]
    fn runtime_paths() {
        for (ok, tokens) in [
            ("::typelang_runtime", ":: typelang_runtime"),
            ("typelang_runtime", "typelang_runtime"),
            ("crate::rt", "crate :: rt"),
            ("self::rt", "self :: rt"),
            ("super::super::rt", "super :: super :: rt"),
            (":: a :: r#type", ":: a :: r#type"),
        ] {
            let p = RuntimePath::parse(ok).unwrap_or_else(|| panic!("{ok}"));
            assert_eq!(p.to_tokens().to_string(), tokens);
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
            assert!(RuntimePath::parse(bad).is_none(), "{bad}");
        }
    }
}
