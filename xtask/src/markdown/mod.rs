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

mod html;

use html::*;

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
