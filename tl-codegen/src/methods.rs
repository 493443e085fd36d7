//! The optional method metadata table (`schema/methods.tsv`).
//!
//! One line per method, tab-separated: the TL name, who may call it (`user`,
//! `bot` or `both`), and the RPC errors it can return as space-separated
//! `code:NAME` pairs (`400:USER_ID_INVALID`). Blank lines and lines starting
//! with `#` are ignored.

use std::collections::BTreeMap;
use std::fmt;

/// Who may call a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsableBy {
    /// Only user accounts.
    User,
    /// Only bot accounts.
    Bot,
    /// Both users and bots.
    Both,
}

impl UsableBy {
    /// Whether user accounts may call the method.
    pub fn users(self) -> bool {
        matches!(self, Self::User | Self::Both)
    }

    /// Whether bot accounts may call the method.
    pub fn bots(self) -> bool {
        matches!(self, Self::Bot | Self::Both)
    }
}

/// What the table says about one method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodInfo {
    /// Who may call it.
    pub usable_by: UsableBy,
    /// The RPC errors it can return: `(code, NAME)`, in table order.
    pub errors: Vec<(i32, String)>,
}

/// The parsed table, keyed by TL method name (`messages.requestEncryption`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MethodTable {
    /// Entries by method name.
    pub methods: BTreeMap<String, MethodInfo>,
}

/// A malformed line of the methods table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodTableError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for MethodTableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for MethodTableError {}

impl MethodTable {
    /// Parses the tab-separated text of a methods table.
    pub fn parse(text: &str) -> Result<Self, MethodTableError> {
        let mut methods = BTreeMap::new();
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let err = |message: String| MethodTableError {
                line: line_no,
                message,
            };
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let name = cols.next().unwrap_or_default().trim();
            if name.is_empty() {
                return Err(err("missing method name".into()));
            }
            let usable_by = match cols.next().map(str::trim) {
                Some("user") => UsableBy::User,
                Some("bot") => UsableBy::Bot,
                Some("both") => UsableBy::Both,
                Some(other) => {
                    return Err(err(format!(
                        "`{other}` is not one of `user`, `bot`, `both`"
                    )));
                }
                None => return Err(err(format!("no usability column for `{name}`"))),
            };
            let mut errors = Vec::new();
            for item in cols.next().unwrap_or_default().split_whitespace() {
                let (code, err_name) = item
                    .split_once(':')
                    .ok_or_else(|| err(format!("error `{item}` is not `code:NAME`")))?;
                let code: i32 = code
                    .parse()
                    .map_err(|_| err(format!("error code `{code}` is not an integer")))?;
                if err_name.is_empty() {
                    return Err(err(format!("error `{item}` has no name")));
                }
                errors.push((code, err_name.to_owned()));
            }
            if let Some(extra) = cols.next() {
                return Err(err(format!("unexpected extra column `{extra}`")));
            }
            if methods
                .insert(name.to_owned(), MethodInfo { usable_by, errors })
                .is_some()
            {
                return Err(err(format!("method `{name}` is listed twice")));
            }
        }
        Ok(Self { methods })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rows() {
        let t = MethodTable::parse(
            "# header\nmessages.requestEncryption\tuser\t400:DH_G_A_INVALID 400:USER_ID_INVALID\nping\tboth\t\n",
        )
        .unwrap();
        let m = &t.methods["messages.requestEncryption"];
        assert_eq!(m.usable_by, UsableBy::User);
        assert!(!m.usable_by.bots());
        assert_eq!(m.errors[1], (400, "USER_ID_INVALID".to_owned()));
        assert!(t.methods["ping"].errors.is_empty());
    }

    #[test]
    fn rejects_bad_rows() {
        assert_eq!(MethodTable::parse("a\tnobody\t\n").unwrap_err().line, 1);
        assert!(MethodTable::parse("a\tuser\tx:Y\n").is_err());
        assert!(MethodTable::parse("a\tuser\t\na\tbot\t\n").is_err());
    }
}
