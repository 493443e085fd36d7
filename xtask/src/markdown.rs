//! The texts of the official API pages (HTML fragments, or Markdown in the
//! error catalogue) to Markdown that rustdoc reads as the pages mean it.
//!
//! The input is a small, known subset: `<a href>`, `<code>`, `<strong>`,
//! `<em>`, `<del>`, `<br>`, `<img alt>`, comments, entities, and mtcute's
//! `{@link RawFoo}` references; the error catalogue has Markdown links
//! and code spans instead. A hand-written tokenizer covers it in a few
//! hundred lines with no dependencies; an HTML5 parser (`html5ever`,
//! `scraper`) would bring in dozens of crates for fragments of one line
//! and would still need the same rendering and escaping code, and it would
//! read `<code><bot_username></code>` (an entity that upstream already
//! decoded) as an element, where the page shows it as text.
//!
//! Rules:
//! - `<code>` and `<pre>` hold raw text up to their closing tag: code span.
//! - Links become `[text](url)`, the url absolute: `/api/x` and the
//!   `corefork.telegram.org` mirror go to `https://core.telegram.org`,
//!   `//host` gets `https:`, `#anchor` is on the page the text is from.
//!   A link inside a link keeps only its text; an empty link is `<url>`.
//! - `<br>`, `<p>`, `<li>` and newlines in the text are paragraph breaks
//!   (a line break inside emphasis or a link is a space).
//! - Elements that are not HTML (`<bot_username>`, a placeholder upstream
//!   decoded from `&lt;...&gt;`) stay text; other HTML tags are dropped
//!   and their content kept.
//! - In text, `\` `` ` `` `*` `[` `]` `<` `>` `~` are escaped, `_` where it
//!   could open or close emphasis, `&` where it would start an entity, and
//!   `#` at the start of a paragraph; bare `http(s)://` urls become `<url>`
//!   autolinks (rustdoc's `bare_urls` lint).

/// Where a text is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// An HTML fragment (definition, parameter and type descriptions).
    Html,
    /// Markdown with links and code spans (the error catalogue).
    Markdown,
}

/// The official site, which relative links point to.
pub(crate) const SITE: &str = "https://core.telegram.org";

/// Resolves mtcute's `{@link X}` target to the text and url of a link.
pub(crate) type Resolver<'a> = &'a dyn Fn(&str) -> Option<(String, String)>;

#[derive(Debug, Clone, PartialEq)]
enum Inline {
    Strong,
    Em,
    Del,
    Link(String),
    /// An element whose tags are dropped (`<span>`), content kept.
    Other(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Text(String),
    Code(String),
    Open(Inline),
    Close(Inline),
    Break,
}

/// HTML element names: tags with these names are markup, any other
/// `<name>` is text.
const HTML_ELEMENTS: &[&str] = &[
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
fn entity(s: &str) -> Option<(char, usize)> {
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
fn looks_like_entity(rest: &str) -> bool {
    let body: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !body.is_empty() && rest[body.len()..].starts_with(';')
}

struct Tokenizer<'a> {
    source: Source,
    resolve: Resolver<'a>,
    tokens: Vec<Token>,
    text: String,
    /// Inside `**...**` (Markdown source).
    strong: bool,
}

impl Tokenizer<'_> {
    fn flush(&mut self) {
        if !self.text.is_empty() {
            let t = decode_entities(&std::mem::take(&mut self.text));
            self.tokens.push(Token::Text(t));
        }
    }

    fn push(&mut self, token: Token) {
        self.flush();
        self.tokens.push(token);
    }

    fn run(&mut self, input: &str) {
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
    fn link_ref(&mut self, rest: &str) -> usize {
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
    fn md_code(&mut self, rest: &str) -> usize {
        let Some(end) = rest[1..].find('`') else {
            return 0;
        };
        self.push(Token::Code(decode_entities(&rest[1..end + 1])));
        end + 2
    }

    /// `**`: opens strong emphasis if another `**` closes it, or closes it.
    fn md_strong(&mut self, rest: &str) -> usize {
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
    fn md_link(&mut self, rest: &str) -> usize {
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
    fn tag(&mut self, rest: &str) -> usize {
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
fn tag_end(s: &str) -> Option<usize> {
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
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The value of attribute `name` in the attribute text of a tag, entities
/// decoded.
fn attribute(attrs: &str, name: &str) -> Option<String> {
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

/// Makes a link target absolute and safe inside `(...)`.
pub(crate) fn absolute_url(href: &str, page: &str) -> String {
    let href = href.trim();
    if href.is_empty() {
        return String::new();
    }
    let url = if let Some(path) = href.strip_prefix("https://corefork.telegram.org") {
        format!("{SITE}{path}")
    } else if let Some(path) = href.strip_prefix("http://corefork.telegram.org") {
        format!("{SITE}{path}")
    } else if let Some(rest) = href.strip_prefix("//") {
        format!("https://{rest}")
    } else if href.starts_with('/') {
        format!("{SITE}{href}")
    } else if href.starts_with('#') {
        format!("{}{href}", page.split('#').next().unwrap_or(page))
    } else if has_scheme(href) {
        href.to_owned()
    } else {
        // Relative to the page's directory.
        let base = page.split('#').next().unwrap_or(page);
        let dir = base.rfind('/').map_or(base, |i| &base[..=i]);
        format!("{dir}{href}")
    };
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() || c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn has_scheme(href: &str) -> bool {
    match href.find(':') {
        Some(i) if i > 0 => href[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')),
        _ => false,
    }
}

/// An element being rendered: what it is and what it holds so far.
struct Frame {
    inline: Option<Inline>,
    out: String,
}

/// Escapes `text` for Markdown onto `out`; bare urls become autolinks
/// unless `in_link`.
fn push_text(out: &mut String, text: &str, in_link: bool) {
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if !in_link && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', ')']);
            if url.len() > "https://".len() {
                out.push('<');
                out.push_str(&absolute_url(url, SITE));
                out.push('>');
                i += url.len();
                continue;
            }
        }
        if c.is_whitespace() && c != '\u{a0}' {
            if !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
            i += c.len_utf8();
            continue;
        }
        let next = rest[c.len_utf8()..].chars().next();
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                let prev_word = out.chars().next_back().is_some_and(char::is_alphanumeric);
                let next_word = next.is_some_and(char::is_alphanumeric);
                if !(prev_word && next_word) {
                    out.push('\\');
                }
                out.push('_');
            }
            '&' if looks_like_entity(&rest[1..]) => out.push_str("\\&"),
            c => out.push(c),
        }
        i += c.len_utf8();
    }
}

/// A code span holding `code` (whitespace collapsed).
fn code_span(code: &str) -> String {
    let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
    if code.is_empty() {
        return String::new();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{code}{pad}{fence}")
}

/// Converts one text to Markdown. `page` is the url of the page the text
/// belongs to (for `#anchor` links).
pub(crate) fn to_markdown(
    input: &str,
    source: Source,
    page: &str,
    resolve: Resolver<'_>,
) -> String {
    let mut t = Tokenizer {
        source,
        resolve,
        tokens: Vec::new(),
        text: String::new(),
        strong: false,
    };
    t.run(input);
    render(t.tokens, page)
}

/// The words of a text without markup (link targets, emphasis, code
/// marks), whitespace collapsed: for telling whether two texts say the same.
pub(crate) fn plain_words(input: &str, source: Source, resolve: Resolver<'_>) -> String {
    let mut t = Tokenizer {
        source,
        resolve,
        tokens: Vec::new(),
        text: String::new(),
        strong: false,
    };
    t.run(input);
    let mut all = String::new();
    for token in t.tokens {
        match token {
            Token::Text(s) | Token::Code(s) => all.push_str(&s),
            Token::Break => all.push(' '),
            Token::Open(_) | Token::Close(_) => {}
        }
    }
    all.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn render(tokens: Vec<Token>, page: &str) -> String {
    let mut stack = vec![Frame {
        inline: None,
        out: String::new(),
    }];
    // Links opened inside a link, whose tags are dropped.
    let mut ignored_links = 0usize;
    for token in tokens {
        let in_link = stack
            .iter()
            .any(|f| matches!(f.inline, Some(Inline::Link(_))));
        match token {
            Token::Text(text) => {
                let top = stack.last_mut().map(|f| &mut f.out);
                if let Some(out) = top {
                    push_text(out, &text, in_link);
                }
            }
            Token::Code(code) => {
                if let Some(f) = stack.last_mut() {
                    f.out.push_str(&code_span(&code));
                }
            }
            Token::Break => {
                if let Some(f) = stack.last_mut() {
                    if f.inline.is_none() {
                        f.out.push('\n');
                    } else if !f.out.ends_with(' ') {
                        f.out.push(' ');
                    }
                }
            }
            Token::Open(inline) => {
                if matches!(inline, Inline::Link(_)) && in_link {
                    ignored_links += 1;
                    continue;
                }
                stack.push(Frame {
                    inline: Some(inline),
                    out: String::new(),
                });
            }
            Token::Close(inline) => {
                if matches!(inline, Inline::Link(_)) && ignored_links > 0 {
                    ignored_links -= 1;
                    continue;
                }
                let same = |f: &Frame| match (&f.inline, &inline) {
                    (Some(Inline::Link(_)), Inline::Link(_)) => true,
                    (Some(a), b) => a == b,
                    (None, _) => false,
                };
                // A close tag without its open tag is dropped.
                if let Some(at) = stack.iter().rposition(same) {
                    while stack.len() > at {
                        close_frame(&mut stack, page);
                    }
                }
            }
        }
    }
    while stack.len() > 1 {
        close_frame(&mut stack, page);
    }
    let root = stack.pop().map(|f| f.out).unwrap_or_default();
    let paragraphs: Vec<String> = root
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            if p.starts_with('#') {
                format!("\\{p}")
            } else {
                p.to_owned()
            }
        })
        .collect();
    // Consecutive `- ` items form one tight list.
    let mut out = String::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            let item = |s: &str| s.starts_with("- ");
            out.push_str(if item(p) && item(&paragraphs[i - 1]) {
                "\n"
            } else {
                "\n\n"
            });
        }
        out.push_str(p);
    }
    out
}

/// Pops the top frame and appends its Markdown to the one below.
fn close_frame(stack: &mut Vec<Frame>, page: &str) {
    let Some(frame) = stack.pop() else { return };
    // `~~` inside `~~` would make `~~~~`, which opens a code block at the
    // start of a line.
    let in_del = stack.iter().any(|f| f.inline == Some(Inline::Del));
    let Some(parent) = stack.last_mut() else {
        return;
    };
    let content = frame.out.as_str();
    let inner = content.trim_matches(' ');
    let lead = content.starts_with(' ');
    let trail = content.ends_with(' ') && !inner.is_empty();
    if lead && !parent.out.ends_with([' ', '\n']) {
        parent.out.push(' ');
    }
    let rendered = match frame.inline {
        Some(Inline::Strong) if !inner.is_empty() => format!("**{inner}**"),
        Some(Inline::Em) if !inner.is_empty() => format!("*{inner}*"),
        // `~~~~` at the start of a line would open a code block.
        Some(Inline::Del) if !inner.is_empty() && !in_del => format!("~~{inner}~~"),
        Some(Inline::Link(href)) => {
            let url = absolute_url(&href, page);
            match (inner.is_empty(), url.is_empty()) {
                (_, true) => inner.to_owned(),
                (true, false) if has_scheme(&url) => format!("<{url}>"),
                (true, false) => String::new(),
                (false, false) => format!("[{inner}]({url})"),
            }
        }
        _ => inner.to_owned(),
    };
    parent.out.push_str(&rendered);
    if trail {
        parent.out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<(String, String)> {
        None
    }

    fn html(s: &str) -> String {
        to_markdown(
            s,
            Source::Html,
            "https://core.telegram.org/method/x.y",
            &none,
        )
    }

    fn md(s: &str) -> String {
        to_markdown(
            s,
            Source::Markdown,
            "https://core.telegram.org/api/errors",
            &none,
        )
    }

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(html("User ID"), "User ID");
        assert_eq!(
            html("Unique client request ID required to prevent resending."),
            "Unique client request ID required to prevent resending."
        );
        assert_eq!(html("  spaced \t out  "), "spaced out");
    }

    #[test]
    fn code_and_links() {
        assert_eq!(
            html(
                "<code>A = g ^ a mod p</code>, see <a href=\"https://en.wikipedia.org/wiki/Diffie%E2%80%93Hellman_key_exchange\">Wikipedia</a>"
            ),
            "`A = g ^ a mod p`, see [Wikipedia](https://en.wikipedia.org/wiki/Diffie%E2%80%93Hellman_key_exchange)"
        );
        assert_eq!(
            html("see <a href=\"/constructor/inputPeerSelf\"><code>inputPeerSelf</code></a>."),
            "see [`inputPeerSelf`](https://core.telegram.org/constructor/inputPeerSelf)."
        );
        assert_eq!(
            html("<a href='https://corefork.telegram.org/api/peers#access-hash'>here »</a>"),
            "[here »](https://core.telegram.org/api/peers#access-hash)"
        );
    }

    #[test]
    fn hrefs_become_absolute() {
        let page = "https://core.telegram.org/method/x.y";
        assert_eq!(
            absolute_url("/api/config", page),
            "https://core.telegram.org/api/config"
        );
        assert_eq!(
            absolute_url("https://corefork.telegram.org/api/x", page),
            "https://core.telegram.org/api/x"
        );
        assert_eq!(
            absolute_url("//telegram.org/img/a.png", page),
            "https://telegram.org/img/a.png"
        );
        assert_eq!(
            absolute_url("#target", page),
            "https://core.telegram.org/method/x.y#target"
        );
        assert_eq!(
            absolute_url("other", page),
            "https://core.telegram.org/method/other"
        );
        assert_eq!(absolute_url("https://t.me/", page), "https://t.me/");
        assert_eq!(absolute_url("mailto:a@b.c", page), "mailto:a@b.c");
        assert_eq!(
            absolute_url("https://x.org/a (b)", page),
            "https://x.org/a%20%28b%29"
        );
        assert_eq!(
            html("<a href=\"#binding-message-contents\">bind</a>"),
            "[bind](https://core.telegram.org/method/x.y#binding-message-contents)"
        );
    }

    #[test]
    fn nested_links_keep_the_outer_one() {
        assert_eq!(
            html("<a href=\"/a\">one <a href=\"/b\">two</a> three</a> four"),
            "[one two three](https://core.telegram.org/a) four"
        );
        assert_eq!(
            html("<a href=\"/a\"><strong>bold <code>c</code></strong></a>"),
            "[**bold `c`**](https://core.telegram.org/a)"
        );
    }

    #[test]
    fn empty_and_unclosed_links() {
        assert_eq!(
            html("x <a href=\"https://t.me/\"></a> y"),
            "x <https://t.me/> y"
        );
        assert_eq!(
            html("<a href=\"/a\">open"),
            "[open](https://core.telegram.org/a)"
        );
        assert_eq!(html("<a>no href</a>"), "no href");
        assert_eq!(html("stray</a> close"), "stray close");
    }

    #[test]
    fn entities() {
        assert_eq!(
            html("a &amp; b &lt;c&gt; &#39;d&#39; &#x41; &raquo;"),
            "a & b \\<c\\> 'd' A »"
        );
        assert_eq!(html("<code>a &lt; b &amp;&amp; c</code>"), "`a < b && c`");
        assert_eq!(html("&unknown; &"), "\\&unknown; &");
        assert_eq!(html("&amp;lt;"), "\\&lt;");
        assert_eq!(
            decode_entities("&#0; &#xZZ; &#1114112;"),
            "&#0; &#xZZ; &#1114112;"
        );
    }

    #[test]
    fn brackets_and_markup_characters_are_escaped() {
        assert_eq!(
            html("see [Foo] and messages[0]"),
            "see \\[Foo\\] and messages\\[0\\]"
        );
        assert_eq!(
            html("a * b, 2*3, ~x~, `q`, back\\slash"),
            "a \\* b, 2\\*3, \\~x\\~, \\`q\\`, back\\\\slash"
        );
        assert_eq!(
            html("random_id and _private_ and x_"),
            "random_id and \\_private\\_ and x\\_"
        );
        assert_eq!(
            html("# not a heading<br># nor this"),
            "\\# not a heading\n\n\\# nor this"
        );
        assert_eq!(
            html("> quote, a > b, (< 300 bytes)"),
            "\\> quote, a \\> b, (\\< 300 bytes)"
        );
        assert_eq!(html("a|b {x}"), "a|b {x}");
    }

    #[test]
    fn code_holds_raw_text() {
        assert_eq!(html("<code><pre></code> text"), "`<pre>` text");
        assert_eq!(
            html("<code>\"_by_<bot_username>\"</code>. <code><bot_username></code> is"),
            "`\"_by_<bot_username>\"`. `<bot_username>` is"
        );
        assert_eq!(html("<code>a`b</code>"), "``a`b``");
        assert_eq!(html("<code>`a</code>"), "`` `a ``");
        assert_eq!(html("<code></code>x"), "x");
        assert_eq!(html("<CODE>up</CODE>"), "`up`");
        assert_eq!(html("<code>never closed"), "`never closed`");
        assert_eq!(html("<code>multi\n  line</code>"), "`multi line`");
    }

    #[test]
    fn emphasis_and_breaks() {
        assert_eq!(
            html("<strong>Note</strong>: this <em>must</em> be"),
            "**Note**: this *must* be"
        );
        assert_eq!(html("a<strong> spaced </strong>b"), "a **spaced** b");
        assert_eq!(html("<strong></strong>x<del>gone</del>"), "x~~gone~~");
        assert_eq!(html("<del><del>twice</del></del>"), "~~twice~~");
        assert_eq!(
            html("one<br>two<br><br>three\n\nfour"),
            "one\n\ntwo\n\nthree\n\nfour"
        );
        assert_eq!(html("<br>lead and trail<br>"), "lead and trail");
        assert_eq!(html("<strong>a<br>b</strong>"), "**a b**");
        assert_eq!(html("<ul><li>one</li><li>two</li></ul>"), "- one\n- two");
        assert_eq!(
            html("One of:<br>- <code>a</code><br>- b<br>-- c<br>- d"),
            "One of:\n\n- `a`\n- b\n\n-- c\n\n- d"
        );
        assert_eq!(html("<p>p1</p><p>p2</p>"), "p1\n\np2");
    }

    #[test]
    fn unknown_tags_comments_and_images() {
        assert_eq!(html("<span class=\"x\">kept</span> <sup>2</sup>"), "kept 2");
        assert_eq!(
            html("must end in <bot_username> ok"),
            "must end in \\<bot_username\\> ok"
        );
        assert_eq!(html("<foo>bar</foo>"), "\\<foo\\>bar\\</foo\\>");
        assert_eq!(
            html("One of: <!-- start type -->a<!-- end -->"),
            "One of: a"
        );
        assert_eq!(html("x <!-- never closed"), "x");
        assert_eq!(
            html(
                "now <img class=\"emoji\" src=\"//telegram.org/a.png\" alt=\"🏀\">, <img alt='🎲' /> ok"
            ),
            "now 🏀, 🎲 ok"
        );
        assert_eq!(
            html("a <b>bold</b> <i>it</i> <s>gone</s>"),
            "a **bold** *it* ~~gone~~"
        );
        assert_eq!(html("1 < 2 and 3 <4"), "1 \\< 2 and 3 \\<4");
        assert_eq!(
            html("<a href=\"/x\" title=\"a>b\">t</a>"),
            "[t](https://core.telegram.org/x)"
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            html("purchased on https://fragment.com."),
            "purchased on <https://fragment.com>."
        );
        assert_eq!(
            html("<a href=\"https://google.com/\">https://google.com</a>"),
            "[https://google.com](https://google.com/)"
        );
        assert_eq!(html("just https:// alone"), "just https:// alone");
    }

    #[test]
    fn link_references() {
        let resolve = |t: &str| {
            (t == "RawInputPeerSelf").then(|| {
                (
                    "inputPeerSelf".to_owned(),
                    "https://core.telegram.org/constructor/inputPeerSelf".to_owned(),
                )
            })
        };
        let out = to_markdown(
            "use {@link RawInputPeerSelf} or {@link RawUnknown}.",
            Source::Html,
            SITE,
            &resolve,
        );
        assert_eq!(
            out,
            "use [`inputPeerSelf`](https://core.telegram.org/constructor/inputPeerSelf) or `RawUnknown`."
        );
        assert_eq!(html("{@link never closed"), "{@link never closed");
    }

    #[test]
    fn plain_words_drop_markup() {
        let page = plain_words(
            "A <a href=\"/x\">2FA\u{a0}password</a> must be <code>set</code>.<br>Ok",
            Source::Html,
            &none,
        );
        let catalogue = plain_words(
            "A [2FA password](/x) must be `set`. **Ok**",
            Source::Markdown,
            &none,
        );
        assert_eq!(page, "A 2FA password must be set. Ok");
        assert_eq!(page, catalogue);
        assert_ne!(
            plain_words("a b", Source::Html, &none),
            plain_words("a c", Source::Html, &none)
        );
    }

    #[test]
    fn markdown_source() {
        assert_eq!(
            md(
                "see [here &raquo;](/api/config#client-configuration) and `chat_read_mark_size_threshold`."
            ),
            "see [here »](https://core.telegram.org/api/config#client-configuration) and `chat_read_mark_size_threshold`."
        );
        assert_eq!(
            md(
                "[`chat_read_mark_expire_period` seconds](https://core.telegram.org/api/config#x) have passed"
            ),
            "[`chat_read_mark_expire_period` seconds](https://core.telegram.org/api/config#x) have passed"
        );
        assert_eq!(md("a [b] c and [d](e"), "a \\[b\\] c and \\[d\\](e");
        assert_eq!(md("an `open backtick"), "an \\`open backtick");
        assert_eq!(md("<b>not html</b>"), "\\<b\\>not html\\</b\\>");
        assert_eq!(
            md("A wait of %d seconds is required"),
            "A wait of %d seconds is required"
        );
        assert_eq!(
            md("bound to **perm_auth_key_id**."),
            "bound to **perm_auth_key_id**."
        );
        assert_eq!(md("a ** b and limit_*"), "a \\*\\* b and limit\\_\\*");
        assert_eq!(md("**one** and **two"), "**one** and \\*\\*two");
    }
}
