//! Attributes the user adds to generated items and fields
//! ([`Config::type_attribute`](crate::Config::type_attribute),
//! [`Config::field_attribute`](crate::Config::field_attribute)), as
//! prost-build has them: parsed and checked when set, matched against the
//! analysed schemas (a path that matches nothing is an error), emitted
//! after the derives of each item or before each field.
//!
//! Paths are TL names. An item path is `.` (every constructor, function
//! and boxed type), `NS.` (every item of namespace `NS`, nested ones
//! included: `messages.`, `help.`) or the TL name of one constructor,
//! function or boxed type (`messages.requestEncryption`, `inputPeerUser`,
//! `InputPeer`). A field path is `ITEM.FIELD`: `ITEM` empty (every
//! constructor and function), `NS.` or a constructor's or function's TL
//! name; `FIELD` empty (every field) or a field's TL name:
//! `messages.requestEncryption.g_a`, `.random_id`, `messages..peer`, `.`.

use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use crate::ir::Ir;

/// Which items a path selects.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Items {
    /// Every item.
    All,
    /// Every item whose TL name starts with this (`messages.`).
    Namespace(String),
    /// The item with this TL name.
    Exact(String),
}

impl Items {
    fn parse(path: &str) -> Self {
        if path.is_empty() || path == "." {
            Items::All
        } else if path.ends_with('.') {
            Items::Namespace(path.to_owned())
        } else {
            Items::Exact(path.to_owned())
        }
    }

    fn matches(&self, tl_name: &str) -> bool {
        match self {
            Items::All => true,
            Items::Namespace(ns) => tl_name.starts_with(ns.as_str()),
            Items::Exact(name) => name == tl_name,
        }
    }
}

/// Attribute text is kept as text (token streams are not `Sync`, and the
/// output parts are emitted on several threads) and checked when set, so
/// parsing it again when emitting cannot fail.
#[derive(Debug, Clone)]
struct TypeAttr {
    path: String,
    items: Items,
    attr: String,
}

#[derive(Debug, Clone)]
struct FieldAttr {
    path: String,
    items: Items,
    /// `None`: every field.
    field: Option<String>,
    attr: String,
}

/// The attributes given to `type_attribute` and `field_attribute`, in the
/// order given.
#[derive(Debug, Clone, Default)]
pub struct Attributes {
    types: Vec<TypeAttr>,
    fields: Vec<FieldAttr>,
}

impl Attributes {
    /// Adds `attr` to the items `path` selects; `Err` says why `attr` is
    /// not an attribute.
    pub(crate) fn add_type(&mut self, path: &str, attr: &str) -> Result<(), String> {
        parse_attribute("type_attribute", path, attr)?;
        self.types.push(TypeAttr {
            path: path.to_owned(),
            items: Items::parse(path),
            attr: attr.to_owned(),
        });
        Ok(())
    }

    /// Adds `attr` to the fields `path` selects.
    pub(crate) fn add_field(&mut self, path: &str, attr: &str) -> Result<(), String> {
        parse_attribute("field_attribute", path, attr)?;
        let (items, field) = path.rsplit_once('.').ok_or_else(|| {
            format!(
                "field_attribute path `{path}` has no field: write `ITEM.FIELD`, such as `messages.requestEncryption.g_a` (`.FIELD` for that field of every item, `.` for every field)"
            )
        })?;
        self.fields.push(FieldAttr {
            path: path.to_owned(),
            items: Items::parse(items),
            field: (!field.is_empty()).then(|| field.to_owned()),
            attr: attr.to_owned(),
        });
        Ok(())
    }

    /// Whether no attribute was given.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty() && self.fields.is_empty()
    }

    /// The attributes of the item (constructor, function or boxed type)
    /// `tl_name`.
    pub(crate) fn item(&self, tl_name: &str) -> TokenStream {
        let mut out = TokenStream::new();
        for a in &self.types {
            if a.items.matches(tl_name) {
                out.extend(tokens(&a.attr));
            }
        }
        out
    }

    /// The attributes of the field `field` of the constructor or function
    /// `item`.
    pub(crate) fn field(&self, item: &str, field: &str) -> TokenStream {
        let mut out = TokenStream::new();
        for a in &self.fields {
            if a.items.matches(item) && a.field.as_deref().is_none_or(|f| f == field) {
                out.extend(tokens(&a.attr));
            }
        }
        out
    }

    /// Every path that selects nothing in any of `irs` (the root schemas
    /// and the nested ones: a path needs to match in one of them), with the
    /// closest name there is when one is close enough to be a typo.
    pub(crate) fn unmatched<'a>(&self, irs: impl Iterator<Item = &'a Ir> + Clone) -> Vec<String> {
        let mut problems = Vec::new();
        let items = || {
            irs.clone().flat_map(|ir| {
                ir.structs
                    .iter()
                    .chain(&ir.functions)
                    .map(|s| s.tl_name.as_str())
                    .chain(ir.enums.iter().map(|e| e.tl_name.as_str()))
            })
        };
        for a in &self.types {
            if !items().any(|n| a.items.matches(n)) {
                problems.push(no_match("type_attribute", &a.path, &a.items, items()));
            }
        }
        let with_fields = || {
            irs.clone()
                .flat_map(|ir| ir.structs.iter().chain(&ir.functions))
        };
        for a in &self.fields {
            let names = || with_fields().map(|s| s.tl_name.as_str());
            if !names().any(|n| a.items.matches(n)) {
                problems.push(no_match("field_attribute", &a.path, &a.items, names()));
                continue;
            }
            let Some(field) = &a.field else { continue };
            let selected = || with_fields().filter(|s| a.items.matches(&s.tl_name));
            if !selected().any(|s| s.fields.iter().any(|f| &f.tl_name == field)) {
                let fields: Vec<String> = selected()
                    .flat_map(|s| s.fields.iter().map(|f| f.tl_name.clone()))
                    .collect();
                let hint =
                    typelang_parser::suggest::closest(field, fields.iter().map(String::as_str))
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                problems.push(format!(
                    "field_attribute path `{}`: no field `{field}` in what `{}` selects{hint}",
                    a.path,
                    a.path.rsplit_once('.').map_or("", |(i, _)| i),
                ));
            }
        }
        problems
    }
}

/// Attribute text checked by [`parse_attribute`] as tokens.
fn tokens(attr: &str) -> TokenStream {
    TokenStream::from_str(attr).unwrap_or_default()
}

fn no_match<'a>(
    setter: &str,
    path: &str,
    items: &Items,
    names: impl Iterator<Item = &'a str>,
) -> String {
    let (what, hint) = match items {
        Items::Namespace(ns) => (
            format!("the namespace `{}` has no items", ns.trim_end_matches('.')),
            None,
        ),
        Items::Exact(name) => {
            let names: Vec<&str> = names.collect();
            (
                format!("`{name}` is no constructor, function or type of the schemas"),
                typelang_parser::suggest::closest(name, names.iter().copied()),
            )
        }
        Items::All => ("the schemas have no items".to_owned(), None),
    };
    let hint = hint
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    format!("{setter} path `{path}` matches nothing: {what}{hint}")
}

/// `attr` as tokens: one or more outer attributes (`#[derive(Eq)]`,
/// `#[serde(rename = "x")]`, `/// docs`), each `#[PATH]`, `#[PATH(..)]`,
/// `#[PATH = ..]` as rustc and syn accept them.
fn parse_attribute(setter: &str, path: &str, attr: &str) -> Result<(), String> {
    let fail = |why: &str| format!("{setter}(`{path}`, `{attr}`): not a Rust attribute: {why}");
    let tokens = TokenStream::from_str(attr).map_err(|e| fail(&e.to_string()))?;
    let mut trees = tokens.into_iter().peekable();
    if trees.peek().is_none() {
        return Err(fail("it is empty; write it as `#[...]`"));
    }
    while let Some(t) = trees.next() {
        let hash = matches!(&t, TokenTree::Punct(p) if p.as_char() == '#');
        let group = match trees.next() {
            Some(TokenTree::Group(g)) if hash && g.delimiter() == Delimiter::Bracket => g,
            _ => return Err(fail("expected `#[...]`")),
        };
        check_meta(group.stream()).map_err(&fail)?;
    }
    Ok(())
}

/// The inside of `#[...]`: a path, then nothing, one delimited group, or
/// `=` and a value.
fn check_meta(meta: TokenStream) -> Result<(), &'static str> {
    let t: Vec<TokenTree> = meta.into_iter().collect();
    let colon = |i: usize| matches!(t.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ':');
    let colons = |i: usize| colon(i) && colon(i + 1);
    let mut i = 0;
    if colons(i) {
        i += 2;
    }
    loop {
        match t.get(i) {
            Some(TokenTree::Ident(_)) => i += 1,
            _ => return Err("`#[...]` must start with a path such as `derive` or `serde`"),
        }
        if colons(i) {
            i += 2;
        } else {
            break;
        }
    }
    match &t[i..] {
        [] => Ok(()),
        [TokenTree::Group(g)] if g.delimiter() != Delimiter::None => Ok(()),
        [TokenTree::Group(_), ..] => Err("tokens after the attribute's arguments"),
        [TokenTree::Punct(p)] if p.as_char() == '=' => Err("`=` without a value"),
        [TokenTree::Punct(p), ..] if p.as_char() == '=' => Ok(()),
        _ => Err("after the path, expected `(...)`, `[...]`, `{...}`, `= value` or nothing"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::analyzed;

    #[test]
    fn attributes_parse_or_say_why() {
        let mut a = Attributes::default();
        for ok in [
            "#[derive(Eq)]",
            "#[serde(rename = \"x\")] #[allow(dead_code)]",
            "/// A doc line",
            "#[doc = \"x\"]",
            "#[::my::attr]",
            "#[non_exhaustive]",
        ] {
            a.add_type(".", ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        for (bad, why) in [
            ("", "empty"),
            ("derive(Eq)", "expected `#[...]`"),
            ("#[derive(Eq)", "not a Rust attribute"),
            ("#[foo bar]", "after the path"),
            ("#[= 1]", "must start with a path"),
            ("#[a::]", "must start with a path"),
            ("#[a = ]", "without a value"),
            ("#[a(1) b]", "after the attribute's arguments"),
            ("#[a] x", "expected `#[...]`"),
        ] {
            let err = a.add_type("user", bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
            assert!(
                err.starts_with(&format!("type_attribute(`user`, `{bad}`)")),
                "{err}"
            );
        }
        let err = a.add_field("user", "#[a]").unwrap_err();
        assert!(err.contains("has no field"), "{err}");
    }

    const SCHEMA: &str = "user#1 id:long name:string = User;\n\
        messages.chat#2 id:long = messages.Chat;\n\
        messages.sub.deep#3 x:int = messages.Chat;\n\
        ---functions---\nmessages.get#4 id:long = User;\n";

    fn attrs(types: &[(&str, &str)], fields: &[(&str, &str)]) -> Attributes {
        let mut a = Attributes::default();
        for (p, t) in types {
            a.add_type(p, t).unwrap();
        }
        for (p, t) in fields {
            a.add_field(p, t).unwrap();
        }
        a
    }

    #[test]
    fn paths_select_items_and_fields() {
        let a = attrs(
            &[(".", "#[a]"), ("messages.", "#[b]"), ("User", "#[c]")],
            &[
                (".", "#[f]"),
                (".id", "#[g]"),
                ("messages..x", "#[h]"),
                ("user.name", "#[i]"),
            ],
        );
        let s = |t: TokenStream| t.to_string();
        assert_eq!(s(a.item("user")), "# [a]");
        assert_eq!(s(a.item("User")), "# [a] # [c]");
        assert_eq!(s(a.item("messages.sub.deep")), "# [a] # [b]");
        assert_eq!(s(a.item("messages.Chat")), "# [a] # [b]");
        assert_eq!(s(a.field("user", "id")), "# [f] # [g]");
        assert_eq!(s(a.field("user", "name")), "# [f] # [i]");
        assert_eq!(s(a.field("messages.sub.deep", "x")), "# [f] # [h]");
        assert_eq!(s(a.field("messages.get", "id")), "# [f] # [g]");
        let ir = analyzed(SCHEMA);
        assert!(a.unmatched(std::iter::once(&ir)).is_empty());
    }

    #[test]
    fn paths_that_match_nothing_are_errors() {
        let ir = analyzed(SCHEMA);
        let a = attrs(
            &[("usr", "#[a]"), ("help.", "#[a]"), ("messages.get", "#[a]")],
            &[
                ("user.nme", "#[a]"),
                ("messages.chat.x", "#[a]"),
                ("nobody.id", "#[a]"),
                ("messages..id", "#[a]"),
            ],
        );
        let problems = a.unmatched(std::iter::once(&ir));
        assert_eq!(
            problems,
            [
                "type_attribute path `usr` matches nothing: `usr` is no constructor, function or type of the schemas (did you mean `user`?)",
                "type_attribute path `help.` matches nothing: the namespace `help` has no items",
                "field_attribute path `user.nme`: no field `nme` in what `user` selects (did you mean `name`?)",
                "field_attribute path `messages.chat.x`: no field `x` in what `messages.chat` selects",
                "field_attribute path `nobody.id` matches nothing: `nobody` is no constructor, function or type of the schemas",
            ]
        );
    }
}
