//! A fast printer for the token streams the emitter produces.
//!
//! `syn` + `prettyplease` (see `format_tokens`, feature `pretty`) turn
//! the ~1.2 million tokens of api.tl + mtproto.tl into text in about half a
//! second; most of that is syn building a full syntax tree. This printer
//! walks the tokens once and lays them out directly: one item, statement,
//! field, variant or match arm per line, blocks indented by four spaces,
//! doc attributes as `///` comments, and the spacing rustfmt uses for the
//! constructs the emitter writes. It does not wrap long lines.
//!
//! It only has to handle what [`emit`](crate::emit) produces (no `<`
//! comparisons, no closures, no inner attributes), and the compile tests
//! build its output for the whole layer, so a spacing mistake that changed
//! meaning would not go unnoticed.

use std::fmt::Write as _;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// Prints a token stream as Rust source.
pub fn print_tokens(tokens: TokenStream) -> String {
    let mut p = Printer {
        out: String::with_capacity(1 << 20),
        indent: 0,
        prev: Prev::LineStart,
        in_op: false,
        angles: Vec::new(),
    };
    p.block(tokens);
    if !p.out.ends_with('\n') {
        p.out.push('\n');
    }
    p.out
}

/// What was printed last, for spacing decisions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    LineStart,
    /// An identifier that is not a keyword (paths, names, types).
    Ident,
    /// A keyword (`impl`, `let`, `in`, ...).
    Keyword,
    Literal,
    /// `(` or `[` or `<` just opened, or `::`, `.`, `$`, `'`, `#`, `!` of a macro call.
    Glue,
    /// A unary operator (`&`, `*`, `-`, `!`).
    Unary,
    /// A binary operator or `=`, `=>`, `->`, `:` or `,` / `;` (space follows).
    Spaced,
    /// A closing `)`, `]`, `>` or `}`.
    Close,
}

struct Printer {
    out: String,
    indent: usize,
    prev: Prev,
    /// Inside a multi-character operator (`=>`, `!=`, `&&`, ...).
    in_op: bool,
    /// For each open `<`: whether it opened `impl<...>` generics, after
    /// which a space follows the `>`.
    angles: Vec<bool>,
}

const KEYWORDS: &[&str] = &[
    "as", "async", "const", "crate", "dyn", "else", "enum", "fn", "for", "if", "impl", "in", "let",
    "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait",
    "type", "unsafe", "use", "where", "while",
];

fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

impl Printer {
    fn newline(&mut self) {
        if self.prev != Prev::LineStart {
            self.out.push('\n');
            self.prev = Prev::LineStart;
        }
    }

    fn start_line(&mut self) {
        if self.prev == Prev::LineStart {
            for _ in 0..self.indent {
                self.out.push_str("    ");
            }
        }
    }

    fn space(&mut self) {
        self.start_line();
        if !matches!(self.prev, Prev::LineStart | Prev::Glue | Prev::Unary) {
            self.out.push(' ');
        }
    }

    fn glued(&mut self) {
        self.start_line();
    }

    /// Prints the contents of a `{}` block (or the file): items, statements,
    /// fields or arms, one per line.
    fn block(&mut self, tokens: TokenStream) {
        let mut toks: Vec<TokenTree> = tokens.into_iter().collect();
        // Which tokens sit inside `<...>` (generic arguments are not token
        // groups, so their commas must not end lines).
        let mut in_angles = vec![false; toks.len()];
        let mut depth = 0usize;
        for (k, t) in toks.iter().enumerate() {
            if let TokenTree::Punct(p) = t {
                let after_joint = k > 0
                    && matches!(&toks[k - 1], TokenTree::Punct(q) if q.spacing() == Spacing::Joint && matches!(q.as_char(), '-' | '='));
                match p.as_char() {
                    '<' => depth += 1,
                    '>' if !after_joint => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            in_angles[k] = depth > 0;
        }
        // A comma-separated block (fields, variants, arms, a `use` list)
        // gets a trailing comma, as rustfmt writes it.
        let commas = toks
            .iter()
            .enumerate()
            .any(|(k, t)| matches!(t, TokenTree::Punct(p) if p.as_char() == ',') && !in_angles[k]);
        let needs_trailing = commas
            && !matches!(toks.last(), Some(TokenTree::Punct(p)) if matches!(p.as_char(), ',' | ';'));
        let mut i = 0;
        while i < toks.len() {
            // Attributes.
            if let TokenTree::Punct(p) = &toks[i]
                && p.as_char() == '#'
                && let Some(TokenTree::Group(g)) = toks.get(i + 1)
                && g.delimiter() == Delimiter::Bracket
            {
                let stream = take_group(&mut toks[i + 1]);
                self.newline();
                self.attribute(stream);
                self.newline();
                i += 2;
                continue;
            }
            let t = std::mem::replace(&mut toks[i], placeholder());
            let next = toks.get(i + 1);
            let end_line = match &t {
                TokenTree::Punct(p) => p.as_char() == ';' || (p.as_char() == ',' && !in_angles[i]),
                TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                    !matches!(
                        next,
                        Some(TokenTree::Punct(p)) if matches!(p.as_char(), ',' | ';' | '.' | '?' | ')')
                    ) && !matches!(next, Some(TokenTree::Ident(id)) if id == "else")
                }
                _ => false,
            };
            self.token(t, next, true);
            if i + 1 == toks.len() && needs_trailing {
                self.glued();
                self.out.push(',');
                self.prev = Prev::Spaced;
            }
            if end_line {
                self.newline();
            }
            i += 1;
        }
    }

    fn attribute(&mut self, inner: TokenStream) {
        let toks: Vec<TokenTree> = inner.into_iter().collect();
        if let [
            TokenTree::Ident(id),
            TokenTree::Punct(eq),
            TokenTree::Literal(lit),
        ] = toks.as_slice()
            && id == "doc"
            && eq.as_char() == '='
            && let Some(text) = unescape_str(&lit.to_string())
        {
            self.start_line();
            self.out.push_str("///");
            self.out.push_str(text.trim_end());
            self.prev = Prev::Glue;
            return;
        }
        self.start_line();
        self.out.push_str("#[");
        self.prev = Prev::Glue;
        self.inline(toks.into_iter().collect());
        self.out.push(']');
        self.prev = Prev::Close;
    }

    /// Prints tokens on the current line (groups may still open blocks).
    fn inline(&mut self, tokens: TokenStream) {
        let mut toks: Vec<TokenTree> = tokens.into_iter().collect();
        for i in 0..toks.len() {
            let t = std::mem::replace(&mut toks[i], placeholder());
            self.token(t, toks.get(i + 1), false);
        }
    }

    fn token(&mut self, t: TokenTree, next: Option<&TokenTree>, in_block: bool) {
        match t {
            TokenTree::Ident(id) => {
                self.space();
                let start = self.out.len();
                // Writing through `Display` avoids an allocation per token.
                let _ = write!(self.out, "{id}");
                self.prev = if is_keyword(&self.out[start..]) {
                    Prev::Keyword
                } else {
                    Prev::Ident
                };
            }
            TokenTree::Literal(l) => {
                self.space();
                let _ = write!(self.out, "{l}");
                self.prev = Prev::Literal;
            }
            TokenTree::Punct(p) => self.punct(p.as_char(), p.spacing(), next, in_block),
            TokenTree::Group(g) => {
                let delimiter = g.delimiter();
                // Dropping the group first leaves its stream uniquely owned,
                // so iterating it moves the tokens instead of copying them.
                let stream = g.stream();
                drop(g);
                self.group(delimiter, stream);
            }
        }
    }

    fn group(&mut self, delimiter: Delimiter, stream: TokenStream) {
        {
            match delimiter {
                // A `use` list (`::{a, b}`) stays on its line.
                Delimiter::Brace if self.out.ends_with("::") => {
                    self.out.push('{');
                    self.prev = Prev::Glue;
                    self.inline(stream);
                    self.out.push('}');
                    self.prev = Prev::Close;
                }
                Delimiter::Brace => {
                    if stream.is_empty() {
                        self.space();
                        self.out.push_str("{}");
                        self.prev = Prev::Close;
                        return;
                    }
                    self.space();
                    self.out.push('{');
                    self.prev = Prev::Spaced;
                    self.newline();
                    self.indent += 1;
                    self.block(stream);
                    self.indent -= 1;
                    self.newline();
                    self.start_line();
                    self.out.push('}');
                    self.prev = Prev::Close;
                }
                Delimiter::Parenthesis | Delimiter::Bracket => {
                    let (open, close) = if delimiter == Delimiter::Parenthesis {
                        ('(', ')')
                    } else {
                        ('[', ']')
                    };
                    // Calls, tuple structs and macro arguments hug the name.
                    if matches!(
                        self.prev,
                        Prev::Ident | Prev::Close | Prev::Glue | Prev::Unary
                    ) && !(open == '[' && self.prev == Prev::Ident)
                    {
                        self.glued();
                    } else {
                        self.space();
                    }
                    self.out.push(open);
                    self.prev = Prev::Glue;
                    self.inline(stream);
                    self.out.push(close);
                    self.prev = Prev::Close;
                }
                Delimiter::None => self.inline(stream),
            }
        }
    }

    fn punct(&mut self, c: char, spacing: Spacing, next: Option<&TokenTree>, in_block: bool) {
        let _ = in_block;
        let joint_next = |ch: char| {
            spacing == Spacing::Joint
                && matches!(next, Some(TokenTree::Punct(n)) if n.as_char() == ch)
        };
        if self.in_op {
            self.out.push(c);
            self.in_op = spacing == Spacing::Joint && matches!(next, Some(TokenTree::Punct(_)));
            self.prev = if self.in_op { Prev::Glue } else { Prev::Spaced };
            return;
        }
        match c {
            ',' | ';' => {
                self.glued();
                self.out.push(c);
                self.prev = Prev::Spaced;
            }
            '.' => {
                self.glued();
                self.out.push('.');
                self.prev = if joint_next('.') {
                    Prev::Unary
                } else {
                    Prev::Glue
                };
                if self.prev == Prev::Unary {
                    // `..`: the second dot follows directly.
                    self.prev = Prev::Glue;
                }
            }
            '?' => {
                self.glued();
                self.out.push('?');
                self.prev = Prev::Close;
            }
            ':' => {
                if joint_next(':') {
                    // First half of `::`.
                    if matches!(self.prev, Prev::Keyword | Prev::Spaced) {
                        self.space();
                    } else {
                        self.glued();
                    }
                    self.out.push(':');
                    self.prev = Prev::Glue;
                } else if self.out.ends_with(':') && self.prev == Prev::Glue {
                    // Second half of `::`.
                    self.out.push(':');
                    self.prev = Prev::Glue;
                } else {
                    self.glued();
                    self.out.push(':');
                    self.prev = Prev::Spaced;
                }
            }
            '#' | '$' | '@' => {
                self.space();
                self.out.push(c);
                self.prev = Prev::Glue;
            }
            '\'' => {
                if matches!(self.prev, Prev::Glue | Prev::Unary) {
                    self.glued();
                } else {
                    self.space();
                }
                self.out.push('\'');
                self.prev = Prev::Glue;
            }
            '<' => {
                self.angles
                    .push(self.prev == Prev::Keyword && self.out.ends_with("impl"));
                self.glued();
                self.out.push('<');
                self.prev = Prev::Glue;
            }
            '>' => {
                self.glued();
                self.out.push('>');
                self.prev = if self.angles.pop().unwrap_or(false) {
                    Prev::Spaced
                } else {
                    Prev::Close
                };
            }
            '!' if !joint_next('=') && matches!(self.prev, Prev::Ident) => {
                // Macro call: `name!`, or `macro_rules! name`.
                let definition = self.out.ends_with("macro_rules");
                self.glued();
                self.out.push('!');
                self.prev = if definition { Prev::Spaced } else { Prev::Glue };
            }
            '&' | '*' | '-' | '!'
                if !matches!(self.prev, Prev::Ident | Prev::Literal | Prev::Close)
                    && !joint_next('=')
                    && !joint_next('>')
                    && !joint_next('&') =>
            {
                // Unary.
                if matches!(self.prev, Prev::Glue | Prev::Unary) {
                    self.glued();
                } else {
                    self.space();
                }
                self.out.push(c);
                self.prev = Prev::Unary;
            }
            _ => {
                // Binary operators and `=`, `=>`, `->`, `+=`, `|=`, `!=`, `&&`.
                self.space();
                self.out.push(c);
                self.in_op = spacing == Spacing::Joint && matches!(next, Some(TokenTree::Punct(_)));
                self.prev = if self.in_op { Prev::Glue } else { Prev::Spaced };
            }
        }
    }
}

/// A cheap token to leave behind when taking one out of a vector.
fn placeholder() -> TokenTree {
    TokenTree::Punct(proc_macro2::Punct::new('.', Spacing::Alone))
}

/// Takes the stream out of a group token (left as a placeholder) without
/// copying it.
fn take_group(slot: &mut TokenTree) -> TokenStream {
    match std::mem::replace(slot, placeholder()) {
        TokenTree::Group(g) => {
            let stream = g.stream();
            drop(g);
            stream
        }
        other => other.into(),
    }
}

/// The value of a string literal token (`"a \"b\""` -> `a "b"`), or `None`
/// if it is not a plain string literal.
fn unescape_str(lit: &str) -> Option<String> {
    if let Some(raw) = lit.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw[hashes..]
            .strip_prefix('"')?
            .strip_suffix(&format!("\"{}", "#".repeat(hashes)))?;
        return (!body.contains(['\n', '\r'])).then(|| body.to_owned());
    }
    let body = lit.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let mut hex = String::new();
                for h in chars.by_ref() {
                    if h == '}' {
                        break;
                    }
                    hex.push(h);
                }
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    // A doc comment cannot hold a line break; fall back to `#[doc]`.
    if out.contains(['\n', '\r']) {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn lays_out_items() {
        let t = quote! {
            /// A "doc" \ line
            #[derive(Debug, Clone)]
            pub struct A { pub x: Option<i32>, pub y: &'static [(i32, &'static str)] }
            impl<X: ::typelang_runtime::Serializable> ::typelang_runtime::Serializable for B<X> {
                #[inline] fn serialize(&self, buf: &mut impl __BufMut) {
                    let mut flags: u32 = 0;
                    if self.a.is_some() && self.b { flags |= 0x4; }
                    if let (true, Some(__v)) = (flags & 0x4 != 0, &self.c) { __v.serialize(buf); }
                    for i in 0..n { out.push(T::deserialize(r)?); }
                    match self { Self::A(v) => v.len(), Self::B => 4, }
                }
            }
            const _: () = ::core::assert!(::rt::ok(1), "m");
            macro_rules! m { ($t:ident, $e:path) => { impl From<$t> for $e {} }; }
            m!(A, super::types::B);
        };
        let s = print_tokens(t);
        let expected = r#"/// A "doc" \ line
#[derive(Debug, Clone)]
pub struct A {
    pub x: Option<i32>,
    pub y: &'static [(i32, &'static str)],
}
impl<X: ::typelang_runtime::Serializable> ::typelang_runtime::Serializable for B<X> {
    #[inline]
    fn serialize(&self, buf: &mut impl __BufMut) {
        let mut flags: u32 = 0;
        if self.a.is_some() && self.b {
            flags |= 0x4;
        }
        if let (true, Some(__v)) = (flags & 0x4 != 0, &self.c) {
            __v.serialize(buf);
        }
        for i in 0..n {
            out.push(T::deserialize(r)?);
        }
        match self {
            Self::A(v) => v.len(),
            Self::B => 4,
        }
    }
}
const _: () = ::core::assert!(::rt::ok(1), "m");
macro_rules! m {
    ($t: ident, $e: path) => {
        impl From<$t> for $e {}
    };
}
m!(A, super::types::B);
"#;
        assert_eq!(s, expected);
    }

    #[test]
    fn use_lists_stay_on_one_line() {
        let s = print_tokens(quote! {
            use ::core::{option::Option::{self, None}, fmt::Debug};
            mod m { use super::x as _; }
        });
        assert_eq!(
            s,
            "use ::core::{option::Option::{self, None}, fmt::Debug};\nmod m {\n    use super::x as _;\n}\n"
        );
    }

    #[test]
    fn unescapes_doc_strings() {
        assert_eq!(
            unescape_str(r#"" a \"b\" \\ \u{e9}""#).unwrap(),
            " a \"b\" \\ é"
        );
        assert_eq!(unescape_str(r#""x\ny""#), None);
    }
}
