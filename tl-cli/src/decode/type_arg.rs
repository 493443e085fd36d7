//! Parsing the `--type` argument of `decode` into a [`TypeExpr`].
//!
//! Accepts what a schema field may say: `EncryptedChat`, `%Message`,
//! `Vector<long>`, `vector<%future_salt>`, `(vector long)`, `int`, `#`, plus
//! plain constructor and function names (`messages.requestEncryption`).

use tl_parser::ast::{Name, TypeExpr};

/// Parses `text`, or says what is wrong and where (1-based character column).
pub(crate) fn parse(text: &str) -> Result<TypeExpr, String> {
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
    };
    p.skip_ws();
    let ty = p.ty(0)?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        return Err(p.error("unexpected text after the type"));
    }
    Ok(ty)
}

/// Nesting limit, so `Vector<Vector<...>>` a million deep cannot overflow
/// the stack.
const MAX_NESTING: usize = 32;

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn error(&self, what: &str) -> String {
        match self.chars.get(self.pos) {
            Some(c) => format!("{what}: found `{c}` at column {}", self.pos + 1),
            None => format!("{what}: the type ends at column {}", self.pos + 1),
        }
    }

    fn skip_ws(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        if self.chars.get(self.pos) == Some(&c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn ty(&mut self, nesting: usize) -> Result<TypeExpr, String> {
        if nesting > MAX_NESTING {
            return Err(self.error("type arguments nested too deeply"));
        }
        self.skip_ws();
        if self.eat('(') {
            // TON style: `(vector long)`.
            let mut ty = self.ty(nesting + 1)?;
            loop {
                self.skip_ws();
                if self.eat(')') {
                    return Ok(ty);
                }
                if self.pos >= self.chars.len() {
                    return Err(self.error("expected `)`"));
                }
                ty.args.push(self.ty(nesting + 1)?);
            }
        }
        let percent = self.eat('%');
        self.skip_ws();
        let name = self.name()?;
        let mut ty = TypeExpr {
            bare: percent || starts_lowercase(&name),
            name,
            generic_ref: false,
            args: Vec::new(),
        };
        if self.eat('<') {
            loop {
                ty.args.push(self.ty(nesting + 1)?);
                if self.eat('>') {
                    break;
                }
                if !self.eat(',') {
                    return Err(self.error("expected `,` or `>`"));
                }
            }
        }
        Ok(ty)
    }

    fn name(&mut self) -> Result<Name, String> {
        let start = self.pos;
        if self.chars.get(self.pos) == Some(&'#') {
            self.pos += 1;
            return Ok(Name {
                namespace: Vec::new(),
                name: "#".to_owned(),
            });
        }
        while self
            .chars
            .get(self.pos)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        let valid = !text.is_empty()
            && text
                .split('.')
                .all(|seg| seg.chars().next().is_some_and(|c| c.is_ascii_alphabetic()));
        if !valid {
            self.pos = start;
            return Err(self.error("expected a type name"));
        }
        Ok(Name::parse_dotted(&text))
    }
}

fn starts_lowercase(name: &Name) -> bool {
    name.name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(ty: &TypeExpr) -> String {
        let mut s = String::new();
        if ty.bare {
            s.push('%');
        }
        s.push_str(&ty.name.to_string());
        if !ty.args.is_empty() {
            let args: Vec<String> = ty.args.iter().map(show).collect();
            s.push('<');
            s.push_str(&args.join(","));
            s.push('>');
        }
        s
    }

    #[test]
    fn parses_the_forms_schemas_use() {
        assert_eq!(show(&parse("EncryptedChat").unwrap()), "EncryptedChat");
        assert_eq!(show(&parse(" Vector<long> ").unwrap()), "Vector<%long>");
        assert_eq!(
            show(&parse("vector<%Message>").unwrap()),
            "%vector<%Message>"
        );
        assert_eq!(
            show(&parse("(vector future_salt)").unwrap()),
            "%vector<%future_salt>"
        );
        assert_eq!(
            show(&parse("messages.requestEncryption").unwrap()),
            "%messages.requestEncryption"
        );
        assert_eq!(
            show(&parse("Vector<Vector<int>>").unwrap()),
            "Vector<Vector<%int>>"
        );
        assert!(parse("#").unwrap().is_nat());
    }

    #[test]
    fn reports_errors_with_columns() {
        assert_eq!(
            parse("Vector<long").unwrap_err(),
            "expected `,` or `>`: the type ends at column 12"
        );
        assert_eq!(
            parse("Foo Bar").unwrap_err(),
            "unexpected text after the type: found `B` at column 5"
        );
        assert_eq!(
            parse("").unwrap_err(),
            "expected a type name: the type ends at column 1"
        );
        assert_eq!(
            parse("a..b").unwrap_err(),
            "expected a type name: found `a` at column 1"
        );
        let deep = format!("{}int{}", "Vector<".repeat(100), ">".repeat(100));
        assert!(parse(&deep).unwrap_err().contains("nested too deeply"));
    }
}
