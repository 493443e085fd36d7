//! TDLib-style documentation comments.
//!
//! ```text
//! //@class AuthorizationState @description Represents the current authorization state
//!
//! //@description A text with some entities @text The text
//! //@entities Entities contained in the text.
//! //-Pre and Code entities can't contain other entities
//! formattedText text:string entities:vector<textEntity> = FormattedText;
//! ```
//!
//! A comment line whose text starts with `@` holds one or more `@key value`
//! items (an `@` starts an item when it begins the comment or follows
//! whitespace). A `//-` line continues the previous item's value. A block
//! whose first key is `class` documents an abstract type and becomes a
//! [`TypeDoc`]; any other block is attached to the next definition as a
//! [`Doc`]. `@param_name` is stored as `name` (TDLib writes
//! `@param_description` for a field called `description`).

use crate::ast::{Doc, Name, TypeDoc};

/// Accumulates `//@` lines until a definition (or the end of the file)
/// claims them.
#[derive(Debug, Default)]
pub(crate) struct DocCollector {
    items: Vec<(String, String)>,
    is_class: bool,
    pub(crate) type_docs: Vec<TypeDoc>,
}

impl DocCollector {
    /// Feeds the text of a `//` comment (without the slashes). Returns
    /// `false` when the comment is not a doc comment.
    pub(crate) fn line(&mut self, text: &str) -> bool {
        if let Some(rest) = text.strip_prefix('-') {
            // The text before any `@item` continues the previous value; a
            // continuation line may also start new items.
            let split = first_item_start(rest).unwrap_or(rest.len());
            let (continued, items) = rest.split_at(split);
            if let Some((_, value)) = self.items.last_mut() {
                let continued = continued.trim();
                if !continued.is_empty() {
                    if !value.is_empty() {
                        value.push(' ');
                    }
                    value.push_str(continued);
                }
            }
            for (key, value) in split_items(items) {
                self.items.push((key.to_owned(), value.to_owned()));
            }
            return true;
        }
        if !text.starts_with('@') {
            return false;
        }
        let mut first = true;
        for (key, value) in split_items(text) {
            if first {
                first = false;
                if key == "class" {
                    self.flush_class();
                    self.items.clear();
                    self.is_class = true;
                } else if self.is_class
                    || (key == "description" && self.items.iter().any(|(k, _)| k == "description"))
                {
                    // A new block starts: a class block holds only its
                    // `@class` line, so any other item after one begins the
                    // next definition's block (which may lack a description).
                    self.flush_class();
                    self.items.clear();
                }
            }
            self.items.push((key.to_owned(), value.to_owned()));
        }
        true
    }

    /// Hands the pending block to a definition.
    pub(crate) fn take_for_definition(&mut self) -> Option<Doc> {
        if self.is_class {
            self.flush_class();
            return None;
        }
        if self.items.is_empty() {
            return None;
        }
        let mut doc = Doc::default();
        for (key, value) in self.items.drain(..) {
            if key == "description" && doc.description.is_none() {
                doc.description = Some(value);
            } else {
                let key = key
                    .strip_prefix("param_")
                    .map_or(key.clone(), str::to_owned);
                doc.fields.push((key, value));
            }
        }
        Some(doc)
    }

    /// Flushes a pending `@class` block into `type_docs`.
    pub(crate) fn flush_class(&mut self) {
        if !self.is_class {
            return;
        }
        self.is_class = false;
        let mut name = None;
        let mut description = String::new();
        for (key, value) in self.items.drain(..) {
            match key.as_str() {
                "class" => name = Some(value),
                "description" => description = value,
                _ => {}
            }
        }
        if let Some(name) = name {
            self.type_docs.push(TypeDoc {
                name: Name::parse_dotted(name.trim()),
                description,
            });
        }
    }
}

/// Byte offsets of the `@` that start items: an `@` at the start or after
/// whitespace, followed by an identifier character.
fn item_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter_map(move |(i, &b)| {
        let at_boundary = i == 0 || bytes.get(i - 1).is_some_and(|p| p.is_ascii_whitespace());
        let next_is_ident = bytes
            .get(i + 1)
            .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'_');
        (b == b'@' && at_boundary && next_is_ident).then_some(i)
    })
}

fn first_item_start(text: &str) -> Option<usize> {
    item_starts(text).next()
}

/// Splits `@a text @b more text` into `[("a", "text"), ("b", "more text")]`.
/// Text before the first item is ignored.
fn split_items(text: &str) -> Vec<(&str, &str)> {
    let starts: Vec<usize> = item_starts(text).collect();
    let mut out = Vec::with_capacity(starts.len());
    for (n, &s) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        let item = text.get(s + 1..end).unwrap_or("");
        let key_len = item
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(item.len());
        let (key, value) = item.split_at(key_len);
        out.push((key, value.trim()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_split_on_at_after_space_only() {
        assert_eq!(
            split_items("@description Mail me@example.org @text The text"),
            vec![("description", "Mail me@example.org"), ("text", "The text")]
        );
    }

    #[test]
    fn continuation_and_param_prefix() {
        let mut c = DocCollector::default();
        assert!(c.line("@description A thing @param_description What"));
        assert!(c.line("-it is @extra More"));
        assert!(!c.line(" plain comment"));
        let doc = c.take_for_definition().unwrap();
        assert_eq!(doc.description.as_deref(), Some("A thing"));
        assert_eq!(
            doc.fields,
            vec![
                ("description".into(), "What it is".into()),
                ("extra".into(), "More".into())
            ]
        );
        assert!(c.take_for_definition().is_none());
    }

    #[test]
    fn class_block_becomes_type_doc() {
        let mut c = DocCollector::default();
        c.line("@class InputFile @description Points to a file");
        c.line("@description Local file @path Path");
        assert_eq!(c.type_docs.len(), 1);
        assert_eq!(c.type_docs[0].name.name, "InputFile");
        assert_eq!(c.type_docs[0].description, "Points to a file");
        let doc = c.take_for_definition().unwrap();
        assert_eq!(doc.fields, vec![("path".into(), "Path".into())]);
    }
}
