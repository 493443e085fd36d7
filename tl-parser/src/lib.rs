//! Parses TL (Type Language) schemas into a typed AST.
//!
//! The crate reads schema text — Telegram's `api.tl`, `mtproto.tl`, the
//! secret-chat schema, TDLib's `td_api.tl`, TON's schemas — and returns an
//! [`ast::Schema`]: every definition with its name, parameters, conditional
//! fields, result type, documentation and constructor id. It does no I/O and
//! knows nothing of any programming language.
//!
//! ```
//! use typelang_parser::{parse, ParseOptions, ast::ParamKind};
//!
//! let src = "messages.requestEncryption#f64daf43 user_id:InputUser \
//!            random_id:int g_a:bytes = EncryptedChat;";
//! let parsed = parse(src, &ParseOptions::default()).expect("valid schema");
//! let def = &parsed.schema.definitions[0];
//! assert_eq!(def.name.to_string(), "messages.requestEncryption");
//! assert_eq!(def.params.len(), 3);
//! assert_eq!(def.id, 0xf64daf43);
//! // The id is also what the text hashes to:
//! assert_eq!(typelang_parser::compute_id(def, Default::default()), 0xf64daf43);
//! ```
//!
//! Mistakes are reported all at once, located and renderable:
//!
//! ```
//! use typelang_parser::{parse, ParseOptions};
//! let src = "a x:int = A;\nb y:Vector<int = B;\nc z:flags.0?int = C;\n";
//! let errors = parse(src, &ParseOptions::default()).unwrap_err();
//! assert_eq!(errors.errors().count(), 2);
//! let text = errors.render("demo.tl", src);
//! assert!(text.contains("demo.tl:2:16: error: expected `,` or `>`"));
//! assert!(text.contains("demo.tl:3:3: error:"));
//! ```
//!
//! Modules: [`ast`] (the tree), [`diagnostics`] (errors as data),
//! [`id`] (constructor-id rules), [`print`](mod@print) (AST back to canonical text),
//! [`check`] (lints over a set of schemas read together), [`diff`] (what
//! changed between two schemas), [`layout`] (comments and ids as written,
//! for a formatter).
//! The lexer, grammar and doc-comment handling are private.

pub mod ast;
pub mod builtins;
pub mod check;
mod definition_checks;
pub mod diagnostics;
pub mod diff;
mod doc;
pub mod id;
pub mod layout;
mod lexer;
pub mod print;
pub mod suggest;
mod syntax;

pub use diagnostics::{
    Diagnostic, DiagnosticKind, Diagnostics, Location, Note, NoteKind, Severity, SourceFile,
};
pub use id::{compute_id, versioned_id};
pub use print::{print_definition, print_schema};

use ast::Span;

/// Which constructor-id rule applies (see [`id`] for the exact rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Dialect {
    /// The rule Telegram's clients apply to `api.tl` and `mtproto.tl`.
    #[default]
    Telegram,
    /// The rule of the official `tl-parser`, used by TDLib's `td_api.tl`
    /// and by TON's schemas.
    TlParser,
}

/// What to do when an explicit `#id` differs from the computed id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdCheck {
    /// Every mismatch is an error.
    Error,
    /// Every mismatch is a warning (in [`Parsed::warnings`]), except
    /// versioned names that match (see [`IdCheck::Allow`]).
    Warn,
    /// Mismatches of the listed definitions (full names, such as
    /// `help.configSimple`) are accepted silently; any other mismatch is an
    /// error.
    ///
    /// A definition whose name ends in a layer number (`decryptedMessage8`)
    /// also passes when its explicit id equals the id computed with that
    /// number removed (`decryptedMessage`): the secret-chat schema renames
    /// older versions of a constructor that way, and the check still proves
    /// the rest of the line right.
    Allow(Vec<String>),
}

impl IdCheck {
    /// The definitions of the bundled schemas whose explicit ids are not the
    /// CRC32 of their text: `ipPortSecret`, `accessPointRule` and
    /// `help.configSimple` (MTProxy-era, `mtproto.tl`) and
    /// `decryptedMessageMediaDocument` (`secret.tl`).
    ///
    /// `ipPortSecret` and `decryptedMessageMediaDocument` carry the id that
    /// [`Dialect::TlParser`] computes (their `bytes` fields were hashed as
    /// written); no rule found reproduces the other two.
    pub const KNOWN_EXCEPTIONS: &'static [&'static str] = &[
        "ipPortSecret",
        "accessPointRule",
        "help.configSimple",
        "decryptedMessageMediaDocument",
    ];

    /// [`IdCheck::Allow`] with [`IdCheck::KNOWN_EXCEPTIONS`].
    pub fn known_exceptions() -> Self {
        Self::Allow(
            Self::KNOWN_EXCEPTIONS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
        )
    }
}

impl Default for IdCheck {
    /// [`IdCheck::known_exceptions`].
    fn default() -> Self {
        Self::known_exceptions()
    }
}

/// Options for [`parse`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParseOptions {
    /// The constructor-id rule.
    pub dialect: Dialect,
    /// The explicit-id policy.
    pub id_check: IdCheck,
}

impl ParseOptions {
    /// Options for `dialect` with the default id policy.
    pub fn new(dialect: Dialect) -> Self {
        Self {
            dialect,
            id_check: IdCheck::default(),
        }
    }
}

/// A successfully parsed schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The tree; every definition's `id` is filled in.
    pub schema: ast::Schema,
    /// Warnings (id mismatches under [`IdCheck::Warn`]).
    pub warnings: Vec<Diagnostic>,
}

/// Parses schema text.
///
/// On success every [`ast::Definition::id`] holds the explicit id, or the
/// computed one when none is written. On failure the [`Diagnostics`] hold
/// every error found: after a broken definition parsing resumes after the
/// next `;`.
pub fn parse(src: &str, options: &ParseOptions) -> Result<Parsed, Diagnostics> {
    let out = syntax::parse_schema(src);
    let mut schema = out.schema;
    let mut diagnostics = out.diagnostics;
    let mut text = String::with_capacity(256);
    for def in &mut schema.definitions {
        id::normalized_text(def, options.dialect, &mut text);
        let computed = crc32fast::hash(text.as_bytes());
        match def.explicit_id {
            None => def.id = computed,
            Some(explicit) => {
                def.id = explicit;
                if explicit != computed
                    && let Some(d) = id_mismatch(src, def, explicit, computed, options)
                {
                    diagnostics.push(d);
                }
            }
        }
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        Err(Diagnostics { items: diagnostics })
    } else {
        Ok(Parsed {
            schema,
            warnings: diagnostics,
        })
    }
}

fn id_mismatch(
    src: &str,
    def: &ast::Definition,
    explicit: u32,
    computed: u32,
    options: &ParseOptions,
) -> Option<Diagnostic> {
    let full = def.name.to_string();
    let versioned_ok = || versioned_id(def, options.dialect) == Some(explicit);
    // Underline the name and its `#id`, where the problem is visible.
    let head = src.get(def.span.start..def.span.end).unwrap_or("");
    let head_len = head
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '#')))
        .unwrap_or(head.len());
    let span = Span::new(def.span.start, def.span.start + head_len);
    let message = format!(
        "explicit id #{explicit:08x} of `{full}` differs from the computed id #{computed:08x}"
    );
    let kind = DiagnosticKind::IdMismatch { explicit, computed };
    let help = format!(
        "if the explicit id is right, allow it: `--allow {full}` (or `--id-check warn`) on the \
         command line, `IdCheck::Allow` naming `{full}` (or `IdCheck::Warn`) in build.rs"
    );
    match &options.id_check {
        IdCheck::Error => Some(Diagnostic::error(kind, message, span).with_help(help)),
        IdCheck::Warn => (!versioned_ok()).then(|| Diagnostic::warning(kind, message, span)),
        IdCheck::Allow(names) => {
            if names.contains(&full) || versioned_ok() {
                None
            } else {
                Some(Diagnostic::error(kind, message, span).with_help(help))
            }
        }
    }
}

/// Computes the id of the single definition in `line` under `dialect`,
/// ignoring any explicit `#id` it carries.
///
/// ```
/// let id = typelang_parser::id_of_line("boolTrue = Bool;", Default::default()).unwrap();
/// assert_eq!(id, 0x997275b5);
/// // The trailing `;` may be left out.
/// let id = typelang_parser::id_of_line("boolFalse = Bool", Default::default()).unwrap();
/// assert_eq!(id, 0xbc799737);
/// ```
pub fn id_of_line(line: &str, dialect: Dialect) -> Result<u32, Diagnostics> {
    let owned;
    let text = if line.trim_end().ends_with(';') {
        line
    } else {
        owned = format!("{};", line.trim_end());
        &owned
    };
    let options = ParseOptions {
        dialect,
        id_check: IdCheck::Warn,
    };
    let parsed = parse(text, &options)?;
    match parsed.schema.definitions.as_slice() {
        [def] => Ok(compute_id(def, dialect)),
        defs => Err(Diagnostics {
            items: vec![Diagnostic::error(
                DiagnosticKind::NotOneDefinition,
                format!("expected exactly one definition, found {}", defs.len()),
                Span::new(0, text.len()),
            )],
        }),
    }
}

/// Parses a lone type expression, as written in a parameter: `int`,
/// `Vector<long>`, `%Message`, `vector<future_salt>`, `(vector int)`.
///
/// ```
/// let ty = typelang_parser::parse_type("Vector<%Message>").unwrap();
/// assert_eq!(ty.name.name, "Vector");
/// assert!(ty.args[0].bare);
/// assert!(typelang_parser::parse_type("Vector<").is_err());
/// ```
pub fn parse_type(text: &str) -> Result<ast::TypeExpr, Diagnostics> {
    syntax::parse_type(text).map_err(|d| Diagnostics { items: vec![d] })
}
