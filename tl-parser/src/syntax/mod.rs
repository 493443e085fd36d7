//! The TL grammar: nom parsers from text to [`ast`](crate::ast) nodes. The
//! loop over a whole file (comments, sections, recovery after a broken
//! definition) is in [`file`]; the checks that need a whole definition are
//! in `definition_checks`.
//!
//! ```text
//! schema      := (comment | section | definition)*
//! section     := "---" ws? ("types" | "functions") ws? "---"
//! definition  := name ("#" hex{1,8})? arg* "?"? "=" result ";"
//! arg         := "{" (ident ":" type)+ "}"          -- optional (type) parameters
//!              | ident ":" cond? type              -- named field
//!              | ident ":" repetition | repetition -- n*[ ... ], 4*[ ... ], [ ... ]
//!              | type                              -- anonymous field (`#`, `[ t ]`)
//! cond        := ident "." digits "?"
//! repetition  := (number | ident) "*" "[" arg* "]" | "[" arg* "]"
//! type        := "%" atom | "!" ident | atom
//! atom        := "#" | "(" type type+ ")" | name ("<" type ("," type)* ">")?
//! result      := atom type*
//! ```
//!
//! One deliberate narrowing: at the top level, a lowercase word followed by
//! an uppercase type (`user_id InputUser`) is reported as a missing `:`
//! rather than read as two anonymous fields; no real schema writes the
//! latter, and the former is the commonest typo. Anonymous fields are still
//! accepted where schemas use them (`# [ t ]`, `4*[ int ]`, `[ t ]`).

use std::cell::Cell;
use std::collections::HashSet;

use crate::ast::{
    Category, Definition, Flag, Multiplicity, Name, Param, ParamKind, Span, TypeExpr, TypeParam,
};
use crate::diagnostics::{Diagnostic, DiagnosticKind};
use crate::lexer::{
    PResult, SynErr, cut, describe_found, dotted_ident, hex_digits, ident, is_ident_start, number,
    sym, ws,
};

mod file;

pub(crate) use file::parse_schema;

/// Turns a syntax error into a diagnostic located in `src`.
pub(crate) fn to_diagnostic(src: &str, e: &SynErr<'_>) -> Diagnostic {
    let start = src.len().saturating_sub(e.at.len());
    let (found, found_len) = describe_found(e.at);
    let len = e.len.unwrap_or(found_len);
    let message = match &e.message {
        Some(m) => m.to_string(),
        None => format!("expected {}, found {}", e.expected, found),
    };
    let d = Diagnostic::error(e.kind.clone(), message, Span::new(start, start + len));
    match e.help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

/// A repetition count as written, or an error quoting it when it does not
/// fit a `u32` (`number` saturates).
fn count<'a>(at: &'a str, digits: &str, value: u32) -> Result<u32, nom::Err<SynErr<'a>>> {
    if digits.parse::<u32>().is_ok() {
        return Ok(value);
    }
    Err(nom::Err::Failure(SynErr::custom(
        at,
        DiagnosticKind::NumberOutOfRange,
        format!(
            "repetition count {digits} is out of range (at most {})",
            u32::MAX
        ),
        digits.len(),
    )))
}

/// The parser state that is not carried by the input itself.
pub(crate) struct Cx<'s> {
    src: &'s str,
    /// Current nesting of types and repetitions, bounded so that hostile
    /// input such as `((((((...` cannot exhaust the stack.
    depth: Cell<u32>,
}

/// The deepest nesting of type arguments and repetitions accepted; real
/// schemas use three or four levels.
pub(crate) const MAX_DEPTH: u32 = 64;

impl<'s> Cx<'s> {
    pub(crate) fn new(src: &'s str) -> Self {
        Self {
            src,
            depth: Cell::new(0),
        }
    }

    fn enter<'a>(&self, at: &'a str) -> Result<(), nom::Err<SynErr<'a>>> {
        let depth = self.depth.get() + 1;
        if depth > MAX_DEPTH {
            return Err(nom::Err::Failure(SynErr::custom(
                at,
                DiagnosticKind::Syntax,
                format!("types or repetitions nested more than {MAX_DEPTH} levels deep"),
                1,
            )));
        }
        self.depth.set(depth);
        Ok(())
    }

    fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    fn off(&self, i: &str) -> usize {
        self.src.len().saturating_sub(i.len())
    }

    fn span(&self, from: &str, to: &str) -> Span {
        Span::new(self.off(from), self.off(to))
    }

    /// A parameter without a name (`#`, `[ t ]`, `4*[ int ]`) spanning
    /// `from..to`.
    fn anonymous(&self, kind: ParamKind, from: &str, to: &str) -> Param {
        Param {
            name: None,
            kind,
            span: self.span(from, to),
        }
    }

    /// `"%" atom | "!" ident | atom`
    fn type_expr<'a>(&self, i: &'a str) -> PResult<'a, TypeExpr> {
        let (i, _) = ws(i)?;
        self.enter(i)?;
        let out = self.type_expr_inner(i);
        self.leave();
        out
    }

    fn type_expr_inner<'a>(&self, i: &'a str) -> PResult<'a, TypeExpr> {
        if let Some(rest) = i.strip_prefix('%') {
            let (rest, mut t) = self.atom(rest)?;
            t.bare = true;
            return Ok((rest, t));
        }
        if let Some(rest) = i.strip_prefix('!') {
            let (rest, _) = ws(rest)?;
            return match dotted_ident(rest) {
                Ok((rest, name)) => Ok((
                    rest,
                    TypeExpr {
                        name: make_name(name),
                        bare: false,
                        generic_ref: true,
                        args: Vec::new(),
                    },
                )),
                Err(_) => cut(rest, "a type parameter name after `!`"),
            };
        }
        self.atom(i)
    }

    /// `"#" | "(" type type+ ")" | name ("<" type ("," type)* ">")?`
    fn atom<'a>(&self, i: &'a str) -> PResult<'a, TypeExpr> {
        let (i, _) = ws(i)?;
        if let Some(rest) = i.strip_prefix('#') {
            return Ok((rest, nat_type()));
        }
        if let Some(rest) = i.strip_prefix('(') {
            let (mut rest, mut head) = self.type_expr(rest)?;
            loop {
                let (r, _) = ws(rest)?;
                if let Some(r) = r.strip_prefix(')') {
                    // `(T)` is just `T`; `(vector T)` applies `vector` to `T`.
                    return Ok((r, head));
                }
                if r.is_empty() || r.starts_with(';') || r.starts_with('=') {
                    return cut(r, "`)`");
                }
                // `(# a b)` would print as `#<a,b>`, which `#` does not take.
                if head.is_nat() {
                    return cut(r, "`)` (`#` takes no type arguments)");
                }
                let (r, arg) = self.type_expr(r)?;
                head.args.push(arg);
                rest = r;
            }
        }
        let (rest, name) = match dotted_ident(i) {
            Ok(ok) => ok,
            Err(_) => return cut(i, "a type"),
        };
        let mut ty = named_type(name);
        let (after_ws, _) = ws(rest)?;
        let Some(mut r) = after_ws.strip_prefix('<') else {
            return Ok((rest, ty));
        };
        loop {
            let (r2, arg) = self.type_expr(r)?;
            ty.args.push(arg);
            let (r2, _) = ws(r2)?;
            if let Some(r3) = r2.strip_prefix(',') {
                r = r3;
            } else if let Some(r3) = r2.strip_prefix('>') {
                return Ok((r3, ty));
            } else {
                return cut(r2, "`,` or `>` in type arguments");
            }
        }
    }

    /// Parses the arguments of a definition (`top == true`, up to `=` or
    /// `?`) or of a repetition (up to `]`).
    fn args<'a>(
        &self,
        mut i: &'a str,
        top: bool,
        type_params: &mut Vec<TypeParam>,
    ) -> PResult<'a, Vec<Param>> {
        let mut params = Vec::with_capacity(if top { 8 } else { 2 });
        loop {
            let (at, _) = ws(i)?;
            let Some(c) = at.chars().next() else {
                return cut(at, if top { "`=`" } else { "`]`" });
            };
            match c {
                '=' | '?' if top => return Ok((at, params)),
                ']' if !top => return Ok((at, params)),
                '{' if top && params.is_empty() => {
                    i = self.brace_params(at, type_params)?.0;
                }
                '{' if top => {
                    return Err(nom::Err::Failure(SynErr::custom(
                        at,
                        DiagnosticKind::Syntax,
                        "optional parameters `{...}` must come before the fields",
                        1,
                    )));
                }
                '{' => return cut(at, "a field (`{...}` is only allowed at the top level)"),
                '[' => {
                    let (rest, kind) = self.repetition(at, None)?;
                    params.push(self.anonymous(kind, at, rest));
                    i = rest;
                }
                '0'..='9' => {
                    let (rest, (n, digits)) = number(at)?;
                    let n = count(at, digits, n)?;
                    let (rest, _) =
                        sym('*', "`*` after a repetition count")(rest).map_err(into_failure)?;
                    let (rest, kind) = self.repetition(rest, Some(Multiplicity::Literal(n)))?;
                    params.push(self.anonymous(kind, at, rest));
                    i = rest;
                }
                '#' | '%' | '!' | '(' => {
                    let (rest, ty) = self.type_expr(at)?;
                    params.push(self.anonymous(ParamKind::Value { ty, flag: None }, at, rest));
                    i = rest;
                }
                c if is_ident_start(c) => {
                    let (rest, word) = dotted_ident(at)?;
                    let (after, _) = ws(rest)?;
                    if let Some(after) = after.strip_prefix(':') {
                        if word.contains('.') {
                            return Err(nom::Err::Failure(SynErr::custom(
                                at,
                                DiagnosticKind::Syntax,
                                format!("parameter name `{word}` cannot contain `.`"),
                                word.len(),
                            )));
                        }
                        let (rest, kind) = self.field_type(after)?;
                        params.push(Param {
                            name: Some(word.to_owned()),
                            kind,
                            span: self.span(at, rest),
                        });
                        i = rest;
                    } else if let Some(after) = after.strip_prefix('*') {
                        let (rest, kind) =
                            self.repetition(after, Some(Multiplicity::Param(word.to_owned())))?;
                        params.push(self.anonymous(kind, at, rest));
                        i = rest;
                    } else if top && !after.starts_with('<') && looks_like_field_start(after) {
                        // `name Type` without a colon: the likeliest mistake.
                        return Err(nom::Err::Failure(SynErr::custom(
                            after,
                            DiagnosticKind::Syntax,
                            format!("expected `:` after parameter name `{word}`"),
                            describe_found(after).1,
                        )));
                    } else {
                        let (rest, ty) = self.type_expr(at)?;
                        params.push(self.anonymous(ParamKind::Value { ty, flag: None }, at, rest));
                        i = rest;
                    }
                }
                ';' => return cut(at, if top { "`=` and a result type" } else { "`]`" }),
                _ => {
                    return cut(
                        at,
                        if top {
                            "a parameter or `=`"
                        } else {
                            "a field or `]`"
                        },
                    );
                }
            }
        }
    }

    /// `{X:Type}`, `{n:#}`, `{a:Type b:#}`.
    fn brace_params<'a>(&self, i: &'a str, out: &mut Vec<TypeParam>) -> PResult<'a, ()> {
        let mut i = i.get(1..).unwrap_or("");
        loop {
            let (at, _) = ws(i)?;
            if let Some(rest) = at.strip_prefix('}') {
                return Ok((rest, ()));
            }
            let (rest, name) = match ident(at) {
                Ok(ok) => ok,
                Err(_) => return cut(at, "an optional parameter name or `}`"),
            };
            let (rest, _) =
                sym(':', "`:` after optional parameter name")(rest).map_err(into_failure)?;
            let (rest, kind) = self.type_expr(rest)?;
            out.push(TypeParam {
                name: name.to_owned(),
                kind,
            });
            i = rest;
        }
    }

    /// After `name:` — a conditional type, a repetition or a type.
    fn field_type<'a>(&self, i: &'a str) -> PResult<'a, ParamKind> {
        let (at, _) = ws(i)?;
        if at.starts_with('[') {
            return self.repetition(at, None);
        }
        if at.starts_with(|c: char| c.is_ascii_digit()) {
            let (rest, (n, digits)) = number(at)?;
            let n = count(at, digits, n)?;
            let (rest, _) = sym('*', "`*` after a repetition count")(rest).map_err(into_failure)?;
            return self.repetition(rest, Some(Multiplicity::Literal(n)));
        }
        if let Ok((rest, word)) = ident(at) {
            if let Some(after_dot) = rest.strip_prefix('.')
                && after_dot.starts_with(|c: char| c.is_ascii_digit())
            {
                let (after_bit, (bit, digits)) = number(after_dot)?;
                if digits.parse::<u32>().is_err() {
                    // Bits up to `u32::MAX` are reported with the whole
                    // field by `definition_checks`; beyond, the saturated value
                    // would misquote the text.
                    return Err(nom::Err::Failure(SynErr::custom(
                        after_dot,
                        DiagnosticKind::FlagBitOutOfRange,
                        format!("flag bit {digits} of `{word}` is out of range 0..=31"),
                        digits.len(),
                    )));
                }
                let Some(after_q) = after_bit.strip_prefix('?') else {
                    return cut(after_bit, "`?` after the flag bit");
                };
                let (rest, ty) = self.type_expr(after_q)?;
                return Ok((
                    rest,
                    ParamKind::Value {
                        ty,
                        flag: Some(Flag {
                            field: word.to_owned(),
                            bit,
                        }),
                    },
                ));
            }
            let (after, _) = ws(rest)?;
            if let Some(after) = after.strip_prefix('*') {
                return self.repetition(after, Some(Multiplicity::Param(word.to_owned())));
            }
        }
        let (rest, ty) = self.type_expr(at)?;
        Ok((rest, ParamKind::Value { ty, flag: None }))
    }

    /// `[ args ]` with the multiplicity already parsed.
    fn repetition<'a>(
        &self,
        i: &'a str,
        multiplicity: Option<Multiplicity>,
    ) -> PResult<'a, ParamKind> {
        let (open, _) = ws(i)?;
        let (i, _) = sym('[', "`[`")(open).map_err(into_failure)?;
        self.enter(i)?;
        let mut unused = Vec::new();
        let (i, fields) = self.args(i, false, &mut unused)?;
        self.leave();
        let (i, _) = sym(']', "`]`")(i).map_err(into_failure)?;
        if fields.is_empty() {
            return Err(nom::Err::Failure(SynErr::custom(
                open,
                DiagnosticKind::Syntax,
                "empty repetition: expected at least one field inside `[ ]`",
                open.len() - i.len(),
            )));
        }
        Ok((
            i,
            ParamKind::Repeated {
                multiplicity,
                fields,
            },
        ))
    }

    /// One definition, from its name to its `;` (trivia before the name
    /// already skipped).
    pub(crate) fn definition<'a>(
        &self,
        start: &'a str,
        category: Category,
    ) -> PResult<'a, Definition> {
        self.depth.set(0);
        let (rest, name) = match dotted_ident(start) {
            Ok(ok) => ok,
            Err(_) => return cut(start, "a definition name"),
        };
        let mut explicit_id = None;
        let mut rest = rest;
        if let Some(after_hash) = rest.strip_prefix('#') {
            let (after, digits) = hex_digits(after_hash)?;
            // The whole word after `#`, so `#12g4` is reported as one token.
            let word_len = after_hash
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after_hash.len());
            if word_len == 0 {
                return Err(nom::Err::Failure(SynErr::custom(
                    rest,
                    DiagnosticKind::InvalidId,
                    "expected a hexadecimal constructor id after `#`",
                    1,
                )));
            }
            if digits.len() > 8 || digits.len() != word_len {
                let bad_len = word_len;
                return Err(nom::Err::Failure(SynErr::custom(
                    after_hash,
                    DiagnosticKind::InvalidId,
                    format!(
                        "invalid constructor id `#{}`: expected 1 to 8 hexadecimal digits",
                        after_hash.get(..bad_len).unwrap_or(digits)
                    ),
                    bad_len,
                )));
            }
            explicit_id = u32::from_str_radix(digits, 16).ok();
            rest = after;
        }
        let mut type_params = Vec::new();
        let (rest, params) = self.args(rest, true, &mut type_params)?;
        let (rest, _) = ws(rest)?;
        let (rest, builtin) = match rest.strip_prefix('?') {
            Some(r) => (r, true),
            None => (rest, false),
        };
        let (rest, _) = sym('=', "`=`")(rest).map_err(into_failure)?;
        let (rest, (result, ends)) = self.result_type(rest)?;
        let (rest, _) = match sym(';', "`;` after the result type")(rest) {
            Ok(ok) => ok,
            Err(e) => return Err(missing_semicolon(&ends).unwrap_or(into_failure(e))),
        };
        let mut def = Definition {
            name: make_name(name),
            explicit_id,
            id: explicit_id.unwrap_or(0),
            type_params,
            params,
            result,
            category,
            builtin,
            doc: None,
            span: self.span(start, rest),
        };
        mark_type_variables(&mut def);
        Ok((rest, def))
    }

    /// `atom type*` up to the `;`, with the input after each of the pieces
    /// (for [`missing_semicolon`]).
    fn result_type<'a>(&self, i: &'a str) -> PResult<'a, (TypeExpr, Vec<&'a str>)> {
        let (i, _) = ws(i)?;
        if i.starts_with(';') || i.is_empty() {
            return cut(i, "a result type after `=`");
        }
        let (mut rest, mut head) = self.type_expr(i)?;
        let mut ends = vec![rest];
        loop {
            let (at, _) = ws(rest)?;
            if at.is_empty() || at.starts_with(';') || !starts_type(at) {
                return Ok((rest, (head, ends)));
            }
            let (r, arg) = match self.type_expr(at) {
                Ok(ok) => ok,
                // A broken type on a later line: more likely the next
                // definition after a missing `;` than part of this one.
                Err(e) => return Err(missing_semicolon(&ends).unwrap_or(e)),
            };
            head.args.push(arg);
            rest = r;
            ends.push(rest);
        }
    }
}

/// The error for a `;` that is missing after the result type, given the
/// input after each piece of that type. When a line break comes between
/// the pieces, or after the last one, the next line was read as more of
/// the type (`a = A` / `b = B;` gives `A b`, then `=`): the `;` belongs
/// before that line break, parsing resumes there, and the next definition
/// is read on its own. At the end of the input the place is plain too.
/// Otherwise `None`: the usual "expected, found" error stands.
fn missing_semicolon<'a>(ends: &[&'a str]) -> Option<nom::Err<SynErr<'a>>> {
    let last = ends.last()?;
    let at = ends.iter().copied().find(|end| {
        let next = ws(end).map_or(*end, |(next, ())| next);
        end.get(..end.len() - next.len())
            .is_some_and(|gap| gap.contains('\n'))
    });
    let (at, message): (&'a str, &'static str) = match at {
        Some(at) => (at, "expected `;` after the result type"),
        None if last.is_empty() => (
            last,
            "expected `;` after the result type, found end of input",
        ),
        // Only trivia (a comment) is left.
        None if ws(last).is_ok_and(|(rest, ())| rest.is_empty()) => {
            (last, "expected `;` after the result type")
        }
        None => return None,
    };
    let mut e = SynErr::custom(at, DiagnosticKind::Syntax, message, 0);
    e.help = Some("add `;` here");
    e.resume_here = true;
    Some(nom::Err::Failure(e))
}

fn starts_type(i: &str) -> bool {
    i.starts_with(|c: char| is_ident_start(c) || matches!(c, '%' | '!' | '(' | '#'))
}

/// After `word` and whitespace: does the text look like the type of a field
/// that lacks its colon (`user_id InputUser`)? Only an uppercase or
/// namespaced word followed by more text qualifies, so anonymous fields such
/// as `# [ t ]` and `int` are unaffected.
fn looks_like_field_start(after: &str) -> bool {
    after.starts_with(|c: char| c.is_ascii_uppercase() || c == '%' || c == '!')
}

fn into_failure(e: nom::Err<SynErr<'_>>) -> nom::Err<SynErr<'_>> {
    match e {
        nom::Err::Error(e) => nom::Err::Failure(e),
        other => other,
    }
}

fn nat_type() -> TypeExpr {
    TypeExpr {
        name: Name {
            namespace: Vec::new(),
            name: "#".to_owned(),
        },
        bare: false,
        generic_ref: false,
        args: Vec::new(),
    }
}

/// [`Name::parse_dotted`] with exactly one allocation per segment (and
/// none for the namespace of an un-namespaced name).
fn make_name(text: &str) -> Name {
    // A byte scan: identifiers are short, and `rsplit_once` pays for a
    // vectorised search it cannot use.
    let dot = text.as_bytes().iter().rposition(|&b| b == b'.');
    match dot.and_then(|d| Some((text.get(..d)?, text.get(d + 1..)?))) {
        None => Name {
            namespace: Vec::new(),
            name: text.to_owned(),
        },
        Some((namespace, name)) => {
            let mut segments = Vec::with_capacity(namespace.matches('.').count() + 1);
            segments.extend(namespace.split('.').map(str::to_owned));
            Name {
                namespace: segments,
                name: name.to_owned(),
            }
        }
    }
}

fn named_type(text: &str) -> TypeExpr {
    let name = make_name(text);
    let bare = name.name.starts_with(|c: char| c.is_ascii_lowercase());
    TypeExpr {
        name,
        bare,
        generic_ref: false,
        args: Vec::new(),
    }
}

/// A lowercase name that refers to a `{t:Type}` parameter is a type
/// variable, not a bare constructor: clear `bare` unless `%` was written.
/// (`%t` cannot be told apart afterwards, which is harmless: no real schema
/// writes it.)
fn mark_type_variables(def: &mut Definition) {
    if def.type_params.is_empty() {
        return;
    }
    let Definition {
        type_params,
        params,
        result,
        ..
    } = def;
    let names: HashSet<&str> = type_params.iter().map(|t| t.name.as_str()).collect();
    fn fix(ty: &mut TypeExpr, names: &HashSet<&str>) {
        if ty.name.namespace.is_empty() && names.contains(ty.name.name.as_str()) {
            ty.bare = false;
        }
        for a in &mut ty.args {
            fix(a, names);
        }
    }
    fn fix_params(params: &mut [Param], names: &HashSet<&str>) {
        for p in params {
            match &mut p.kind {
                ParamKind::Value { ty, .. } => fix(ty, names),
                ParamKind::Repeated { fields, .. } => fix_params(fields, names),
            }
        }
    }
    fix_params(params, &names);
    fix(result, &names);
}

/// Parses a lone type expression such as `Vector<long>`, `%Message` or
/// `(vector int)`: the grammar of parameter types, for tools that take a type
/// from the user. Everything after the type must be whitespace.
pub(crate) fn parse_type(src: &str) -> Result<TypeExpr, Diagnostic> {
    let cx = Cx::new(src);
    let rest = match cx.type_expr(src) {
        Ok((rest, ty)) => match ws(rest) {
            Ok(("", _)) => return Ok(ty),
            Ok((rest, _)) => rest,
            Err(_) => rest,
        },
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => return Err(to_diagnostic(src, &e)),
        Err(nom::Err::Incomplete(_)) => "",
    };
    let start = src.len() - rest.len();
    let (found, len) = describe_found(rest);
    Err(Diagnostic::error(
        DiagnosticKind::Syntax,
        format!("expected the end of the type, found {found}"),
        Span::new(start, start + len),
    ))
}
