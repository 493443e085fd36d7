//! Turning TL names into Rust identifiers.
//!
//! Rules (all deterministic):
//!
//! * TL names are split into words at `_`, `.`, and case changes
//!   (`JSONValue` is `JSON` + `Value`; `server_DH_params` is `server` + `DH` +
//!   `params`; digits stay with the word before them).
//! * Types, enums, variants: `UpperCamelCase`, each word capitalised and the
//!   rest lower-cased (`server_DH_params_ok` -> `ServerDhParamsOk`).
//! * Fields and modules: `snake_case` (`srp_B` -> `srp_b`).
//! * A name that is a Rust keyword becomes a raw identifier (`type` ->
//!   `r#type`); the four keywords that cannot be raw (`self`, `Self`, `super`,
//!   `crate`) get a trailing underscore (`self` -> `self_`).
//! * A name that cases to nothing (TL names made only of `_`, such as `_`
//!   or `___`) becomes `__`, which is an identifier (a lone `_` is not); a
//!   name that starts with a digit gets a leading `_` (`1x` -> `_1x`).
//!   Fields without a letter are `field`, `field_1`, ... ([`field`]).
//! * Clashes inside one scope (one module, one struct's fields, one enum's
//!   variants) are resolved by a [`Registry`]: the first claimant, in the
//!   order the caller asks (sorted TL names), keeps the name, later ones get
//!   `_2`, `_3`, ... (`2`, `3`, ... for camel-case names).

use std::collections::{HashMap, HashSet};

/// Splits a TL identifier into words.
pub fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in s.split(['_', '.']) {
        let chars: Vec<char> = part.chars().collect();
        let mut cur = String::new();
        for (i, &c) in chars.iter().enumerate() {
            if c.is_ascii_uppercase() && !cur.is_empty() {
                let prev = chars[i - 1];
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
                // `aB` starts a word at B; in `JSONValue` the `V` starts one
                // because a lower-case letter follows it.
                if prev.is_ascii_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_ascii_uppercase() && next_lower)
                {
                    words.push(std::mem::take(&mut cur));
                }
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            words.push(cur);
        }
    }
    words
}

/// `UpperCamelCase` form of a TL name (no keyword handling).
pub fn camel(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in split_words(s) {
        let mut cs = w.chars();
        if let Some(first) = cs.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(cs.map(|c| c.to_ascii_lowercase()));
        }
    }
    out
}

/// `snake_case` form of a TL name (no keyword handling).
pub fn snake(s: &str) -> String {
    let words = split_words(s);
    let mut out = String::with_capacity(s.len() + words.len());
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push('_');
        }
        out.push_str(&w.to_ascii_lowercase());
    }
    out
}

/// Rust keywords (strict and reserved, all editions up to 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Whether `s` is a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Whether `s` is written as a Rust identifier as it stands: a word that is
/// not a keyword, or a raw identifier (`r#type`) of a keyword that allows it.
pub fn is_ident(s: &str) -> bool {
    let (raw, word) = match s.strip_prefix("r#") {
        Some(word) => (true, word),
        None => (false, s),
    };
    let shaped = word.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && word.chars().all(|c| c.is_alphanumeric() || c == '_')
        && word != "_";
    shaped
        && if raw {
            !NOT_RAW.contains(&word)
        } else {
            !is_keyword(word)
        }
}

/// The identifier text for `s` as Rust source: `r#type` for keywords, `self_`
/// for the keywords that cannot be raw, `__` for an empty or `_` name, `_1x`
/// for `1x`, `s` otherwise.
pub fn escape(s: &str) -> String {
    if s.is_empty() || s == "_" {
        "__".to_owned()
    } else if NOT_RAW.contains(&s) {
        format!("{s}_")
    } else if is_keyword(s) {
        format!("r#{s}")
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s.to_owned()
    }
}

/// The Rust name of a field or flags word: [`escape`] of [`snake`], but a
/// name without a letter gets the prefix `field` (`_` -> `field`, `_1` ->
/// `field_1`), because the generated `deserialize` binds every field as a
/// local and clippy rejects locals made of `_` and digits.
pub fn field(tl: &str) -> String {
    let name = escape(&snake(tl));
    if name.chars().any(char::is_alphabetic) {
        name
    } else {
        match name.trim_matches('_') {
            "" => "field".to_owned(),
            digits => format!("field_{digits}"),
        }
    }
}

/// Builds a `proc_macro2::Ident` from text produced by [`escape`].
pub fn ident(text: &str) -> proc_macro2::Ident {
    match text.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(text, proc_macro2::Span::call_site()),
    }
}

/// One naming scope: hands out unique names in request order.
///
/// Linear in the number of claims: each base name remembers the next
/// suffix to try, so 16,000 claims of `x` probe `x_2, x_3, ...` once in
/// all, not once per claim.
#[derive(Debug, Default)]
pub struct Registry {
    taken: HashSet<String>,
    /// Base name (with its separator) -> the next suffix worth trying.
    next: HashMap<String, u32>,
}

impl Registry {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks `name` as used without claiming it through [`claim`](Self::claim).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Whether `name` is already taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `wanted` (already cased and escaped) or, if it is taken, the
    /// first free `wanted` + separator + n for n = 2, 3, ...
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let base = wanted.strip_prefix("r#").unwrap_or(wanted);
        let camel = base.starts_with(|c: char| c.is_ascii_uppercase());
        let sep = if camel || base.ends_with('_') {
            ""
        } else {
            "_"
        };
        let stem = format!("{base}{sep}");
        let mut n = self.next.get(&stem).copied().unwrap_or(2);
        loop {
            let candidate = format!("{stem}{n}");
            n += 1;
            if self.taken.insert(candidate.clone()) {
                self.next.insert(stem, n);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case() {
        assert_eq!(camel("inputPeerUser"), "InputPeerUser");
        assert_eq!(camel("server_DH_params_ok"), "ServerDhParamsOk");
        assert_eq!(camel("P_Q_inner_data"), "PQInnerData");
        assert_eq!(camel("JSONValue"), "JsonValue");
        assert_eq!(camel("decryptedMessage8"), "DecryptedMessage8");
        assert_eq!(camel("help.configSimple"), "HelpConfigSimple");
        assert_eq!(camel("messageEntityURL"), "MessageEntityUrl");
    }

    #[test]
    fn snake_case() {
        assert_eq!(snake("srp_B"), "srp_b");
        assert_eq!(snake("g_a"), "g_a");
        assert_eq!(snake("accessHash"), "access_hash");
        assert_eq!(snake("video_h264"), "video_h264");
    }

    #[test]
    fn keywords() {
        assert_eq!(escape("type"), "r#type");
        assert_eq!(escape("self"), "self_");
        assert_eq!(escape("Self"), "Self_");
        assert_eq!(escape("long"), "long");
        assert_eq!(ident("r#type").to_string(), "r#type");
    }

    #[test]
    fn names_of_underscores_only_become_identifiers() {
        for tl in ["_", "__", "___"] {
            assert_eq!(escape(&snake(tl)), "__", "{tl}");
            assert_eq!(escape(&camel(tl)), "__", "{tl}");
            assert!(is_ident(&escape(&snake(tl))));
        }
        assert_eq!(escape(&snake("_1")), "_1");
        assert_eq!(escape("_"), "__");
        assert_eq!(field("_"), "field");
        assert_eq!(field("___"), "field");
        assert_eq!(field("_1"), "field_1");
        assert_eq!(field("x_1"), "x_1");
        assert_eq!(field("type"), "r#type");
    }

    #[test]
    fn identifiers() {
        for ok in [
            "typelang_runtime",
            "rt",
            "_x",
            "r#type",
            "r#match",
            "Ünïcode",
        ] {
            assert!(is_ident(ok), "{ok}");
        }
        for bad in [
            "", "_", "type", "self", "r#self", "r#crate", "1x", "a-b", "a b", "r#",
        ] {
            assert!(!is_ident(bad), "{bad}");
        }
    }

    #[test]
    fn registry_suffixes() {
        let mut r = Registry::new();
        assert_eq!(r.claim("foo"), "foo");
        assert_eq!(r.claim("foo"), "foo_2");
        assert_eq!(r.claim("Foo"), "Foo");
        assert_eq!(r.claim("Foo"), "Foo2");
        assert_eq!(r.claim("self_"), "self_");
        assert_eq!(r.claim("self_"), "self_2");
        // A suffixed name taken first is skipped, later claims go on.
        r.reserve("bar_2");
        assert_eq!(r.claim("bar"), "bar");
        assert_eq!(r.claim("bar"), "bar_3");
        assert_eq!(r.claim("bar_4"), "bar_4");
        assert_eq!(r.claim("bar"), "bar_5");
    }
}
