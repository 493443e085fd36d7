//! The optional documentation table (`schema/docs.tsv`): the sentences of
//! the official API pages, as Markdown ready for `///` comments.
//!
//! # Format
//!
//! UTF-8 text, one record a line, fields separated by one tab. Blank lines
//! and lines starting with `#` (the provenance header) are ignored. The
//! first field says what the record describes:
//!
//! | kind | fields after the kind | meaning |
//! |---|---|---|
//! | `c` | name, text | a constructor |
//! | `f` | name, text | a function (method) |
//! | `p` | definition, parameter, text | a parameter of a constructor or function |
//! | `t` | type, text | a boxed type (`InputPeer`, `messages.Dialogs`) |
//! | `e` | error, code, text | an RPC error: its code and catalogue description (the text may be empty) |
//! | `m` | method, error, text | what an error means for one method, where that differs from its `e` record |
//!
//! Error names are written as the methods table writes them: a number in
//! the name is a `%d` placeholder (`FLOOD_WAIT_%d`). [`DocsData::error`]
//! also accepts the spelling of the official errors page (`FLOOD_WAIT_X`),
//! and [`DocsData::match_error`] maps a concrete `FLOOD_WAIT_30` to it.
//!
//! A text is Markdown (links absolute, everything else that rustdoc would
//! read as markup escaped) with three escapes, so that it fits one field:
//! `\n` is a line break, `\t` a tab and `\\` a backslash. A blank line
//! (`\n\n`) separates paragraphs.
//!
//! ```
//! use typelang_codegen::docs::DocsData;
//!
//! let data = DocsData::parse(
//!     "# example\n\
//!      f\tmessages.requestEncryption\tSends a request to start a secret chat to the user.\n\
//!      p\tmessages.requestEncryption\tuser_id\tUser ID\n\
//!      e\tFLOOD_WAIT_%d\t420\tA wait of %d seconds is required\n",
//! )
//! .unwrap();
//! assert_eq!(data.param("messages.requestEncryption", "user_id"), Some("User ID"));
//! let (pattern, doc) = data.match_error("FLOOD_WAIT_30").unwrap();
//! assert_eq!((pattern, doc.code), ("FLOOD_WAIT_%d", 420));
//! ```

use std::collections::BTreeMap;
use std::fmt;

/// One RPC error of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDoc {
    /// The error code (`400`, `420`, ...).
    pub code: i32,
    /// Markdown; empty when the catalogue has no description.
    pub description: String,
}

/// The parsed documentation table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocsData {
    constructors: BTreeMap<String, String>,
    functions: BTreeMap<String, String>,
    params: BTreeMap<String, BTreeMap<String, String>>,
    types: BTreeMap<String, String>,
    errors: BTreeMap<String, ErrorDoc>,
    /// `FLOOD_WAIT_X` -> `FLOOD_WAIT_%d`.
    error_aliases: BTreeMap<String, String>,
    /// Pattern names split at their `%d`: (prefix, suffix, name).
    error_patterns: Vec<(String, String, String)>,
    method_errors: BTreeMap<String, BTreeMap<String, String>>,
}

/// Why a line of the table was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocsDataError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub kind: DocsDataErrorKind,
}

/// What is wrong with a line of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocsDataErrorKind {
    /// The first field is none of `c f p t e m`.
    UnknownKind(String),
    /// The record has the wrong number of tab-separated fields.
    FieldCount {
        /// The record kind.
        kind: String,
        /// Fields expected, the kind included.
        expected: usize,
        /// Fields found.
        found: usize,
    },
    /// A name field is empty.
    EmptyName,
    /// The code of an `e` record is not an integer.
    BadCode(String),
    /// A backslash is followed by something other than `n`, `t` or `\`.
    BadEscape(String),
    /// The same item is described twice.
    Duplicate(String),
}

impl fmt::Display for DocsDataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line)?;
        match &self.kind {
            DocsDataErrorKind::UnknownKind(k) => {
                write!(f, "unknown record kind `{k}` (expected c, f, p, t, e or m)")
            }
            DocsDataErrorKind::FieldCount {
                kind,
                expected,
                found,
            } => write!(
                f,
                "a `{kind}` record has {expected} tab-separated fields, found {found}"
            ),
            DocsDataErrorKind::EmptyName => f.write_str("empty name"),
            DocsDataErrorKind::BadCode(c) => write!(f, "error code `{c}` is not an integer"),
            DocsDataErrorKind::BadEscape(e) => {
                write!(f, "unknown escape `{e}` (expected \\n, \\t or \\\\)")
            }
            DocsDataErrorKind::Duplicate(what) => write!(f, "{what} is described twice"),
        }
    }
}

impl std::error::Error for DocsDataError {}

/// Undoes the `\n`, `\t`, `\\` escapes of a text field.
fn unescape(field: &str) -> Result<String, DocsDataErrorKind> {
    if !field.contains('\\') {
        return Ok(field.to_owned());
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some(other) => return Err(DocsDataErrorKind::BadEscape(format!("\\{other}"))),
            None => return Err(DocsDataErrorKind::BadEscape("\\".to_owned())),
        }
    }
    Ok(out)
}

/// Inserts or reports a duplicate.
fn insert_new(
    map: &mut BTreeMap<String, String>,
    key: &str,
    text: String,
    what: impl FnOnce() -> String,
) -> Result<(), DocsDataErrorKind> {
    if map.insert(key.to_owned(), text).is_some() {
        return Err(DocsDataErrorKind::Duplicate(what()));
    }
    Ok(())
}

impl DocsData {
    /// Parses the table (see the [module docs](self) for the format).
    pub fn parse(text: &str) -> Result<DocsData, DocsDataError> {
        let mut data = DocsData::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            data.parse_line(line)
                .map_err(|kind| DocsDataError { line: i + 1, kind })?;
        }
        for name in data.errors.keys() {
            if let Some((prefix, suffix)) = name.split_once("%d") {
                data.error_aliases
                    .insert(name.replace("%d", "X"), name.clone());
                data.error_patterns
                    .push((prefix.to_owned(), suffix.to_owned(), name.clone()));
            }
        }
        Ok(data)
    }

    fn parse_line(&mut self, line: &str) -> Result<(), DocsDataErrorKind> {
        let fields: Vec<&str> = line.split('\t').collect();
        let kind = fields[0];
        let expected = match kind {
            "c" | "f" | "t" => 3,
            "p" | "e" | "m" => 4,
            _ => return Err(DocsDataErrorKind::UnknownKind(kind.to_owned())),
        };
        if fields.len() != expected {
            return Err(DocsDataErrorKind::FieldCount {
                kind: kind.to_owned(),
                expected,
                found: fields.len(),
            });
        }
        if fields[1..expected - 1].iter().any(|f| f.is_empty()) {
            return Err(DocsDataErrorKind::EmptyName);
        }
        let text = unescape(fields[expected - 1])?;
        let (a, b) = (fields[1], fields[2]);
        match kind {
            "c" => insert_new(&mut self.constructors, a, text, || {
                format!("constructor `{a}`")
            }),
            "f" => insert_new(&mut self.functions, a, text, || format!("function `{a}`")),
            "t" => insert_new(&mut self.types, a, text, || format!("type `{a}`")),
            "p" => insert_new(
                self.params.entry(a.to_owned()).or_default(),
                b,
                text,
                || format!("parameter `{b}` of `{a}`"),
            ),
            "m" => insert_new(
                self.method_errors.entry(a.to_owned()).or_default(),
                b,
                text,
                || format!("error `{b}` of `{a}`"),
            ),
            _ => {
                let code = b
                    .parse()
                    .map_err(|_| DocsDataErrorKind::BadCode(b.to_owned()))?;
                let doc = ErrorDoc {
                    code,
                    description: text,
                };
                if self.errors.insert(a.to_owned(), doc).is_some() {
                    return Err(DocsDataErrorKind::Duplicate(format!("error `{a}`")));
                }
                Ok(())
            }
        }
    }

    /// The description of a function or constructor (`messages.requestEncryption`).
    pub fn description(&self, name: &str) -> Option<&str> {
        self.functions
            .get(name)
            .or_else(|| self.constructors.get(name))
            .map(String::as_str)
    }

    /// The description of a constructor.
    pub fn constructor(&self, name: &str) -> Option<&str> {
        self.constructors.get(name).map(String::as_str)
    }

    /// The description of a function.
    pub fn function(&self, name: &str) -> Option<&str> {
        self.functions.get(name).map(String::as_str)
    }

    /// The description of parameter `param_name` of the function or
    /// constructor `def_name`.
    pub fn param(&self, def_name: &str, param_name: &str) -> Option<&str> {
        self.params
            .get(def_name)?
            .get(param_name)
            .map(String::as_str)
    }

    /// The description of a boxed type (`EncryptedChat`, `messages.Dialogs`).
    pub fn type_description(&self, type_name: &str) -> Option<&str> {
        self.types.get(type_name).map(String::as_str)
    }

    /// The catalogue entry of an error, by its exact name; pattern names in
    /// either spelling (`FLOOD_WAIT_%d` or `FLOOD_WAIT_X`).
    pub fn error(&self, name: &str) -> Option<&ErrorDoc> {
        self.errors.get(name).or_else(|| {
            let real = self.error_aliases.get(name)?;
            self.errors.get(real)
        })
    }

    /// The catalogue entry for an error as a server sends it: the exact name
    /// if known (`FILE_PART_0_MISSING` has its own entry), else the pattern
    /// whose `%d` the digits of `name` fill (`FLOOD_WAIT_30` ->
    /// `FLOOD_WAIT_%d`). Returns the name of the entry found with it.
    pub fn match_error(&self, name: &str) -> Option<(&str, &ErrorDoc)> {
        if let Some((key, doc)) = self.errors.get_key_value(name) {
            return Some((key.as_str(), doc));
        }
        self.error_patterns
            .iter()
            .find(|(prefix, suffix, _)| {
                name.len() > prefix.len() + suffix.len()
                    && name.starts_with(prefix.as_str())
                    && name.ends_with(suffix.as_str())
                    && name[prefix.len()..name.len() - suffix.len()]
                        .bytes()
                        .all(|b| b.is_ascii_digit())
            })
            .and_then(|(_, _, key)| {
                self.errors
                    .get_key_value(key)
                    .map(|(k, doc)| (k.as_str(), doc))
            })
    }

    /// What `error` means when `method` returns it, where the method's page
    /// says something other than the catalogue ([`Self::error`]).
    pub fn method_error_comment(&self, method: &str, error: &str) -> Option<&str> {
        self.method_errors
            .get(method)?
            .get(error)
            .map(String::as_str)
    }

    /// The best text for `error` returned by `method`: the method's own
    /// comment, else the catalogue description (if not empty).
    pub fn method_error_text(&self, method: &str, error: &str) -> Option<&str> {
        self.method_error_comment(method, error).or_else(|| {
            self.error(error)
                .map(|e| e.description.as_str())
                .filter(|d| !d.is_empty())
        })
    }

    /// The error catalogue (`e` records), by name (`FLOOD_WAIT_%d`).
    pub fn errors(&self) -> impl Iterator<Item = (&str, &ErrorDoc)> {
        self.errors.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// How many records of each kind the table holds.
    pub fn counts(&self) -> Counts {
        Counts {
            constructors: self.constructors.len(),
            functions: self.functions.len(),
            params: self.params.values().map(BTreeMap::len).sum(),
            types: self.types.len(),
            errors: self.errors.len(),
            method_errors: self.method_errors.values().map(BTreeMap::len).sum(),
        }
    }
}

/// The number of records of each kind in a [`DocsData`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// `c` records.
    pub constructors: usize,
    /// `f` records.
    pub functions: usize,
    /// `p` records.
    pub params: usize,
    /// `t` records.
    pub types: usize,
    /// `e` records.
    pub errors: usize,
    /// `m` records.
    pub method_errors: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# header\n\
        \n\
        c\tinputPeerSelf\tDefines the current user.\n\
        f\tmessages.requestEncryption\tSends a request.\\nSecond \\\\ line\\tx\n\
        p\tmessages.requestEncryption\tuser_id\tUser ID\n\
        t\tInputPeer\tPeer\n\
        e\tFLOOD_WAIT_%d\t420\tA wait of %d seconds is required\n\
        e\tFILE_PART_%d_MISSING\t400\tPart %d of the file is missing from storage\n\
        e\tFILE_PART_0_MISSING\t400\tThe first part is missing.\n\
        e\tUSER_ID_INVALID\t400\tThe provided user ID is invalid.\n\
        e\tNOT_ALLOWED\t403\t\n\
        m\tmessages.requestEncryption\tUSER_ID_INVALID\tThe user is unknown.\n";

    #[test]
    fn lookups() {
        let d = DocsData::parse(SAMPLE).unwrap();
        assert_eq!(
            d.description("inputPeerSelf"),
            Some("Defines the current user.")
        );
        assert_eq!(
            d.constructor("inputPeerSelf"),
            Some("Defines the current user.")
        );
        assert_eq!(d.function("inputPeerSelf"), None);
        assert_eq!(
            d.description("messages.requestEncryption"),
            Some("Sends a request.\nSecond \\ line\tx")
        );
        assert_eq!(
            d.param("messages.requestEncryption", "user_id"),
            Some("User ID")
        );
        assert_eq!(d.param("messages.requestEncryption", "g_a"), None);
        assert_eq!(d.param("inputPeerSelf", "user_id"), None);
        assert_eq!(d.type_description("InputPeer"), Some("Peer"));
        assert_eq!(d.type_description("inputPeer"), None);
        let counts = Counts {
            constructors: 1,
            functions: 1,
            params: 1,
            types: 1,
            errors: 5,
            method_errors: 1,
        };
        assert_eq!(d.counts(), counts);
    }

    #[test]
    fn errors_and_patterns() {
        let d = DocsData::parse(SAMPLE).unwrap();
        let flood = d.error("FLOOD_WAIT_%d").unwrap();
        assert_eq!(flood.code, 420);
        assert_eq!(d.error("FLOOD_WAIT_X"), Some(flood));
        assert_eq!(d.error("FLOOD_WAIT_30"), None);
        assert_eq!(
            d.match_error("FLOOD_WAIT_30"),
            Some(("FLOOD_WAIT_%d", flood))
        );
        assert_eq!(d.match_error("FLOOD_WAIT_"), None);
        assert_eq!(d.match_error("FLOOD_WAIT_3x"), None);
        assert_eq!(
            d.match_error("FILE_PART_7_MISSING").unwrap().0,
            "FILE_PART_%d_MISSING"
        );
        assert_eq!(
            d.match_error("FILE_PART_0_MISSING").unwrap().0,
            "FILE_PART_0_MISSING"
        );
        assert_eq!(d.match_error("FILE_PART_7_MISSINGX"), None);
        assert_eq!(d.error("NOT_ALLOWED").unwrap().description, "");
        assert_eq!(
            d.method_error_comment("messages.requestEncryption", "USER_ID_INVALID"),
            Some("The user is unknown.")
        );
        assert_eq!(
            d.method_error_comment("messages.sendMessage", "USER_ID_INVALID"),
            None
        );
        assert_eq!(
            d.method_error_text("messages.sendMessage", "USER_ID_INVALID"),
            Some("The provided user ID is invalid.")
        );
        assert_eq!(
            d.method_error_text("messages.requestEncryption", "USER_ID_INVALID"),
            Some("The user is unknown.")
        );
        assert_eq!(d.method_error_text("x", "NOT_ALLOWED"), None);
    }

    fn err(text: &str) -> DocsDataError {
        DocsData::parse(text).unwrap_err()
    }

    #[test]
    fn rejects_bad_lines_with_their_number() {
        let e = err("# h\nc\ta\tok\nx\ta\tb\n");
        assert_eq!(e.line, 3);
        assert_eq!(e.kind, DocsDataErrorKind::UnknownKind("x".into()));
        assert_eq!(
            err("p\ta\tb\n").kind,
            DocsDataErrorKind::FieldCount {
                kind: "p".into(),
                expected: 4,
                found: 3
            }
        );
        assert_eq!(
            err("c\ta\tb\tc\n").kind,
            DocsDataErrorKind::FieldCount {
                kind: "c".into(),
                expected: 3,
                found: 4
            }
        );
        assert_eq!(err("c\t\ttext\n").kind, DocsDataErrorKind::EmptyName);
        assert_eq!(
            err("e\tA\t4x0\ttext\n").kind,
            DocsDataErrorKind::BadCode("4x0".into())
        );
        assert_eq!(
            err("c\ta\tbad \\q\n").kind,
            DocsDataErrorKind::BadEscape("\\q".into())
        );
        assert_eq!(
            err("c\ta\tbad \\\n").kind,
            DocsDataErrorKind::BadEscape("\\".into())
        );
        let dup = err("t\tA\tx\n\nt\tA\ty\n");
        assert_eq!(dup.line, 3);
        assert_eq!(dup.kind, DocsDataErrorKind::Duplicate("type `A`".into()));
        assert_eq!(
            err("p\ta\tb\tx\np\ta\tb\ty\n").to_string(),
            "line 2: parameter `b` of `a` is described twice"
        );
    }

    #[test]
    fn accepts_crlf_and_empty_input() {
        let d = DocsData::parse("c\ta\tx\r\n").unwrap();
        assert_eq!(d.constructor("a"), Some("x"));
        assert_eq!(DocsData::parse("").unwrap(), DocsData::default());
    }

    /// The bundled table holds every sentence of the seed method's page.
    #[test]
    fn bundled_table_has_the_seed_method() {
        let d = DocsData::parse(include_str!("../../schema/docs.tsv")).unwrap();
        let m = "messages.requestEncryption";
        assert_eq!(
            d.description(m),
            Some("Sends a request to start a secret chat to the user.")
        );
        assert_eq!(d.param(m, "user_id"), Some("User ID"));
        assert_eq!(
            d.param(m, "random_id"),
            Some(
                "Unique client request ID required to prevent resending. \
                 This also doubles as the chat ID."
            )
        );
        assert!(d.param(m, "g_a").unwrap().starts_with("`A = g ^ a mod p`"));
        assert!(d.type_description("EncryptedChat").is_some());
        let g_a = d.error("DH_G_A_INVALID").unwrap();
        assert_eq!((g_a.code, g_a.description.as_str()), (400, "g_a invalid."));
        let user = d.error("USER_ID_INVALID").unwrap();
        assert_eq!(
            (user.code, user.description.as_str()),
            (400, "The provided user ID is invalid.")
        );
        assert_eq!(
            d.method_error_text(m, "USER_ID_INVALID"),
            Some("The provided user ID is invalid.")
        );
        assert_eq!(d.match_error("FLOOD_WAIT_30").unwrap().1.code, 420);
        // Every error name of the methods table is in the catalogue.
        let methods = include_str!("../../schema/methods.tsv");
        for line in methods.lines().filter(|l| !l.starts_with('#')) {
            for pair in line.split('\t').nth(2).unwrap_or("").split_whitespace() {
                let (_, name) = pair.split_once(':').unwrap();
                assert!(d.error(name).is_some(), "{name}");
            }
        }
    }
}
