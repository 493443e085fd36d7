//! The tokenizer of the HTML subset the documentation pages use: tags of
//! known HTML elements become markup tokens, anything else (a decoded
//! `<bot_username>`) stays text; entities are decoded.

use super::{Resolver, Source};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Inline {
    Strong,
    Em,
    Del,
    Link(String),
    /// An element whose tags are dropped (`<span>`), content kept.
    Other(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    Text(String),
    Code(String),
    Open(Inline),
    Close(Inline),
    Break,
}

/// HTML element names: tags with these names are markup, any other
/// `<name>` is text.
pub(super) const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "cite",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
];

/// Decodes the HTML entities of `text` (named ones of the documentation
/// pages, and numeric ones); unknown ones stay as written.
pub(crate) fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match entity(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The entity at the start of `s` (which starts with `&`): its character
/// and length.
pub(super) fn entity(s: &str) -> Option<(char, usize)> {
    let end = s[1..].find(';')? + 1;
    let body = &s[1..end];
    if body.is_empty() || body.len() > 10 {
        return None;
    }
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code).filter(|c| *c != '\0')?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            "raquo" => '»',
            "laquo" => '«',
            "rsaquo" => '›',
            "lsaquo" => '‹',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "rarr" => '→',
            "larr" => '←',
            "times" => '×',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "middot" => '·',
            "bull" => '•',
            "deg" => '°',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

/// Whether an `&` followed by `rest` would start an entity in Markdown.
pub(super) fn looks_like_entity(rest: &str) -> bool {
    let body: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !body.is_empty() && rest[body.len()..].starts_with(';')
}

pub(super) struct Tokenizer<'a> {
    pub(super) source: Source,
    pub(super) resolve: Resolver<'a>,
    pub(super) tokens: Vec<Token>,
    pub(super) text: String,
    /// Inside `**...**` (Markdown source).
    pub(super) strong: bool,
}

impl Tokenizer<'_> {
    pub(super) fn flush(&mut self) {
        if !self.text.is_empty() {
            let t = decode_entities(&std::mem::take(&mut self.text));
            self.tokens.push(Token::Text(t));
        }
    }

    pub(super) fn push(&mut self, token: Token) {
        self.flush();
        self.tokens.push(token);
    }

    pub(super) fn run(&mut self, input: &str) {
        let mut i = 0;
        while i < input.len() {
            let rest = &input[i..];
            let c = rest.chars().next().unwrap_or(' ');
            let used = match c {
                '\n' => {
                    self.push(Token::Break);
                    1
                }
                '{' if rest.starts_with("{@link ") => self.link_ref(rest),
                '<' if self.source == Source::Html => self.tag(rest),
                '`' if self.source == Source::Markdown => self.md_code(rest),
                '[' if self.source == Source::Markdown => self.md_link(rest),
                '*' if self.source == Source::Markdown && rest.starts_with("**") => {
                    self.md_strong(rest)
                }
                _ => 0,
            };
            if used == 0 {
                self.text.push(c);
                i += c.len_utf8();
            } else {
                i += used;
            }
        }
        self.flush();
    }

    /// `{@link X}`: a link to the definition, or code if unknown.
    pub(super) fn link_ref(&mut self, rest: &str) -> usize {
        let Some(end) = rest.find('}') else { return 0 };
        let target = rest["{@link ".len()..end].trim();
        match (self.resolve)(target) {
            Some((text, url)) => {
                self.push(Token::Open(Inline::Link(url)));
                self.push(Token::Code(text));
                self.push(Token::Close(Inline::Link(String::new())));
            }
            None => self.push(Token::Code(target.to_owned())),
        }
        end + 1
    }

    /// A Markdown code span.
    pub(super) fn md_code(&mut self, rest: &str) -> usize {
        let Some(end) = rest[1..].find('`') else {
            return 0;
        };
        self.push(Token::Code(decode_entities(&rest[1..end + 1])));
        end + 2
    }

    /// `**`: opens strong emphasis if another `**` closes it, or closes it.
    pub(super) fn md_strong(&mut self, rest: &str) -> usize {
        if self.strong {
            self.strong = false;
            self.push(Token::Close(Inline::Strong));
        } else if rest[2..].contains("**") {
            self.strong = true;
            self.push(Token::Open(Inline::Strong));
        } else {
            return 0;
        }
        2
    }

    /// A Markdown link `[text](url)`.
    pub(super) fn md_link(&mut self, rest: &str) -> usize {
        let mut depth = 0usize;
        let mut close = None;
        for (j, c) in rest.char_indices() {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(j);
                        break;
                    }
                }
                '\n' => return 0,
                _ => {}
            }
        }
        let Some(close) = close else { return 0 };
        let after = &rest[close + 1..];
        if !after.starts_with('(') {
            return 0;
        }
        let Some(url_end) = after.find(')') else {
            return 0;
        };
        let url = after[1..url_end].trim().to_owned();
        self.push(Token::Open(Inline::Link(url)));
        let mut inner = Tokenizer {
            source: self.source,
            resolve: self.resolve,
            tokens: Vec::new(),
            text: String::new(),
            strong: false,
        };
        inner.run(&rest[1..close]);
        self.tokens.append(&mut inner.tokens);
        self.push(Token::Close(Inline::Link(String::new())));
        close + 1 + url_end + 1
    }

    /// An HTML tag, comment or raw-text element at `<`; 0 if `<` is text.
    pub(super) fn tag(&mut self, rest: &str) -> usize {
        if let Some(body) = rest.strip_prefix("<!--") {
            return match body.find("-->") {
                Some(end) => 4 + end + 3,
                None => rest.len(),
            };
        }
        let closing = rest[1..].starts_with('/');
        let name_start = if closing { 2 } else { 1 };
        let name: String = rest[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let lower = name.to_ascii_lowercase();
        if !rest[name_start..].starts_with(|c: char| c.is_ascii_alphabetic())
            || !HTML_ELEMENTS.contains(&lower.as_str())
        {
            return 0;
        }
        let Some(end) = tag_end(rest) else { return 0 };
        let attrs = &rest[name_start + name.len()..end];
        let len = end + 1;
        if closing {
            let inline = match lower.as_str() {
                "a" => Inline::Link(String::new()),
                "strong" | "b" => Inline::Strong,
                "em" | "i" => Inline::Em,
                "del" | "s" | "strike" => Inline::Del,
                "p" | "li" | "ul" | "ol" | "div" | "blockquote" | "tr" => {
                    self.push(Token::Break);
                    return len;
                }
                _ => Inline::Other(lower),
            };
            self.push(Token::Close(inline));
            return len;
        }
        match lower.as_str() {
            "code" | "pre" => {
                let body = &rest[len..];
                let close = format!("</{lower}>");
                let end = find_ascii_ci(body, &close).unwrap_or(body.len());
                self.push(Token::Code(decode_entities(&body[..end])));
                (len + end + close.len()).min(rest.len())
            }
            "a" => {
                let href = attribute(attrs, "href").unwrap_or_default();
                self.push(Token::Open(Inline::Link(href)));
                len
            }
            "strong" | "b" => {
                self.push(Token::Open(Inline::Strong));
                len
            }
            "em" | "i" => {
                self.push(Token::Open(Inline::Em));
                len
            }
            "del" | "s" | "strike" => {
                self.push(Token::Open(Inline::Del));
                len
            }
            "br" | "p" | "div" | "ul" | "ol" | "blockquote" | "hr" | "tr" => {
                self.push(Token::Break);
                len
            }
            "li" => {
                self.push(Token::Break);
                self.text.push_str("- ");
                len
            }
            "img" => {
                if let Some(alt) = attribute(attrs, "alt") {
                    self.push(Token::Text(alt));
                }
                len
            }
            _ => {
                if !attrs.trim_end().ends_with('/') {
                    self.push(Token::Open(Inline::Other(lower)));
                }
                len
            }
        }
    }
}

/// The index of the `>` that ends the tag at the start of `s`, skipping
/// quoted attribute values.
pub(super) fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

/// Case-insensitive find of an ASCII needle.
pub(super) fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The value of attribute `name` in the attribute text of a tag, entities
/// decoded.
pub(super) fn attribute(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let key_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let key = &rest[..key_len];
        rest = rest[key_len..].trim_start();
        let mut value = None;
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, remaining) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                    Some(end) => (&after[1..end + 1], &after[end + 2..]),
                    None => (&after[1..], ""),
                },
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = Some(v);
            rest = remaining;
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(decode_entities(value.unwrap_or("")));
        }
    }
}
