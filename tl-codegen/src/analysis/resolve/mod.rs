//! Pass 4: resolution. Field and return types, flags words and the bits
//! fields share.
//!
//! * **Types.** Builtins ([`Builtin`]) map to runtime primitives (`int` ->
//!   `i32`, `long` -> `i64`, `double` -> `f64`, `int128` -> `[u8; 16]`,
//!   `int256` -> `[u8; 32]`, `string` -> `String`, `bytes` -> `Bytes`,
//!   `Bool` -> `bool`, `#` -> `u32`, `Vector<T>` -> `Vec<T>`, `Object` ->
//!   the generated `Object` enum). Boxed types become `enums::X`; bare types
//!   (`%T`, a lower-case constructor name) become the constructor struct
//!   `types::x`, written without its id. Bare vectors (`vector<T>`) stay
//!   `Vec<T>`; only the wire code differs. Vectors nest to any depth, bare
//!   or boxed at each level (`vector<vector<keyboardButton>>` is
//!   `Vec<Vec<types::KeyboardButton>>`).
//! * **Flags.** A `#` parameter that some later field uses as `name.N?` is
//!   a flags word: it is not stored but computed when serializing.
//!   `flags.N?true` fields are `bool`, other conditional fields `Option<T>`.
//! * **Unknown bits.** Every flags word also gets a stored `u32`
//!   (`unknown_flags` for `flags`, named through the registry after the
//!   fields) holding the bits of the word that no field stands for: TON
//!   gives `mode` bits meaning with no field behind them, and a client one
//!   layer behind receives bits of fields it does not know. Decoding keeps
//!   them there; encoding writes the bits the fields imply OR-ed with them
//!   (bits some field stands for are masked out, so the fields decide
//!   those). A hand-built value leaves it 0 and needs no flag arithmetic;
//!   a decoded value re-encodes byte for byte.
//! * **Bit sharing.** When several fields use the same bit (api.tl has
//!   `live_photo:flags.3?true ... video:flags.3?InputDocument`), *the bit is
//!   set when every non-`true` field sharing it is `Some`* (when only `true`
//!   fields share it: when any of them is `true`). A set bit means every
//!   field sharing it is written and read, and `true` fields mirror it. So
//!   decoded values re-encode byte for byte, and a hand-built value with
//!   only part of a group present encodes as if the group were absent.
//!
//! Each problem points at the parameter at fault, and every parameter is
//! checked, so a definition with two unknown types reports both.
//! Polymorphic types are decided first, in `generics`.

use std::collections::{HashMap, HashSet};

use typelang_parser::ast::{Definition, Multiplicity, Param, ParamKind, TypeExpr};
use typelang_parser::builtins::Builtin;
use typelang_parser::{Diagnostic, DiagnosticKind};

use super::AnalysisOptions;
use super::index::Index;
use super::naming::Named;
use crate::ir::{BitGroup, Cond, Field, FlagWord, Ir, Struct, Ty, WireItem};
use crate::names::{self, Registry};

mod generics;
use generics::{argument_problem, generic_name, polymorphic, result_text};

/// A problem before it is located.
struct Problem {
    kind: DiagnosticKind,
    message: String,
    help: Option<String>,
}

impl Problem {
    fn unsupported(message: String) -> Self {
        Self {
            kind: DiagnosticKind::Unsupported,
            message,
            help: None,
        }
    }
}

type Found = Result<Ty, Problem>;

/// The type parameters a definition's parameters may name.
#[derive(Clone, Copy, Default)]
struct Scope<'s> {
    /// The type parameter of a generic function (`!X`, and `X` as its
    /// result), by its TL name.
    function: Option<&'s str>,
    /// The type parameters of a polymorphic constructor: TL and Rust name.
    ctor: &'s [(String, String)],
}

struct Resolver<'r, 'a> {
    index: &'r Index<'a>,
    named: &'r Named,
    object_enum: bool,
    functions: bool,
    /// Per constructor struct: the arity of its type.
    struct_arity: Vec<usize>,
    enum_arity: Vec<usize>,
}

/// Resolves every kept constructor and function.
pub(super) fn resolve(
    index: &Index<'_>,
    named: &Named,
    ir: &mut Ir,
    opts: &AnalysisOptions,
    problems: &mut Vec<Diagnostic>,
) {
    let poly = polymorphic(index, named, ir, problems);
    let r = Resolver {
        index,
        named,
        object_enum: opts.object_enum,
        functions: opts.functions,
        struct_arity: ir
            .structs
            .iter()
            .map(|s| s.enum_index.map_or(0, |e| poly.enum_arity[e.0]))
            .collect(),
        enum_arity: poly.enum_arity.clone(),
    };
    for (si, (s, &di)) in ir.structs.iter_mut().zip(&named.ctor_defs).enumerate() {
        if poly.bad[si] {
            continue;
        }
        let scope = Scope {
            function: None,
            ctor: &poly.scopes[si],
        };
        r.fill(s, di, scope, problems);
    }
    for (s, &di) in ir.functions.iter_mut().zip(&named.fn_defs) {
        let def = index.def(di);
        let generic = def.type_params.first().map(|tp| tp.name.clone());
        let scope = Scope {
            function: generic.as_deref(),
            ctor: &[],
        };
        if def.type_params.len() > 1 {
            problems.push(r.locate(
                di,
                def.span,
                Problem::unsupported("a function has at most one type parameter".into()),
            ));
            continue;
        }
        if !r.fill(s, di, scope, problems) {
            continue;
        }
        let ret = if def.result.generic_ref
            || generic.as_deref() == Some(def.result.name.to_string().as_str())
        {
            Ok(Ty::Param(
                generic
                    .clone()
                    .unwrap_or_else(|| def.result.name.to_string()),
            ))
        } else {
            r.resolve(&def.result, scope)
        };
        match ret {
            Ok(t) => s.ret = Some(t),
            Err(p) => problems.push(r.locate(di, def.span, p)),
        }
        s.ret_tl = Some(result_text(&def.result));
        if let Some(g) = generic {
            if !s.fields.iter().any(|f| matches!(f.ty, Ty::Param(_))) {
                let p = Problem {
                    kind: DiagnosticKind::UnknownTypeParam,
                    message: format!("the type parameter `{g}` is used by no parameter"),
                    help: Some(format!(
                        "a function generic over `{g}` wraps a query: add `query:!{g}`"
                    )),
                };
                problems.push(r.locate(di, def.span, p));
                continue;
            }
            let rust = generic_name(&g, &s.name);
            for f in &mut s.fields {
                if let Ty::Param(p) = &mut f.ty {
                    p.clone_from(&rust);
                }
            }
            if let Some(Ty::Param(p)) = &mut s.ret {
                p.clone_from(&rust);
            }
            s.generic = Some(rust);
        }
    }
}

fn is_true(ty: &TypeExpr) -> bool {
    ty.name.namespace.is_empty() && Builtin::from_name(&ty.name.name) == Some(Builtin::True)
}

impl Resolver<'_, '_> {
    fn locate(&self, def: usize, span: typelang_parser::ast::Span, p: Problem) -> Diagnostic {
        let mut d = Diagnostic::error(p.kind, p.message, span)
            .in_file(self.index.schema.definitions[def].file);
        if let Some(h) = p.help {
            d = d.with_help(h);
        }
        d
    }

    fn unknown(&self, full: &str) -> Problem {
        Problem {
            kind: DiagnosticKind::UndefinedType,
            message: format!("unknown type `{full}`"),
            help: typelang_parser::suggest::closest(full, self.index.type_names())
                .map(|s| format!("did you mean `{s}`?")),
        }
    }

    /// "Any object" (and "any function"): the generated `Object` enum.
    fn any_object(&self, written: &str) -> Found {
        if !self.object_enum {
            return Err(Problem {
                kind: DiagnosticKind::Unsupported,
                message: format!("the type `{written}` needs the generated `Object` enum"),
                help: Some("enable `object_enum` (CLI: drop `--no-object`)".into()),
            });
        }
        if matches!(written, "Function" | "function") && !self.functions {
            return Err(Problem::unsupported(format!(
                "the type `{written}` (any function) needs the functions generated"
            )));
        }
        Ok(Ty::Object)
    }

    /// Resolves a type expression.
    fn resolve(&self, t: &TypeExpr, scope: Scope<'_>) -> Found {
        let generic = scope.function;
        let full = t.name.to_string();
        if t.name.namespace.is_empty()
            && let Some((_, rust)) = scope.ctor.iter().find(|(tl, _)| *tl == t.name.name)
        {
            // (`%X` parses as `X`: the parser clears `bare` on type
            // variables, so it means the argument as written.)
            if t.generic_ref {
                return Err(Problem::unsupported(format!(
                    "`{t}` in a constructor: only a function's type parameter stands for a query; write `{full}`"
                )));
            }
            if !t.args.is_empty() {
                return Err(Problem::unsupported(format!(
                    "`{t}`: the type parameter `{full}` takes no type arguments"
                )));
            }
            return Ok(Ty::Param(rust.clone()));
        }
        if t.generic_ref {
            return match generic {
                Some(g) if g == full => Ok(Ty::Param(g.to_owned())),
                _ => Err(Problem {
                    kind: DiagnosticKind::UnknownTypeParam,
                    message: format!("`!{full}` does not name a type parameter of this function"),
                    help: None,
                }),
            };
        }
        if generic == Some(full.as_str()) {
            return Ok(Ty::Param(full));
        }
        let builtin = if t.name.namespace.is_empty() {
            Builtin::lookup(&t.name.name)
        } else {
            None
        };
        if !t.args.is_empty()
            && (self.index.aliases.contains_key(&full)
                || builtin.is_some_and(|(b, _)| b != Builtin::Vector))
        {
            return Err(Problem::unsupported(format!(
                "`{full}` takes no type arguments"
            )));
        }
        if t.is_nat() {
            return Ok(Ty::Nat);
        }
        if let Some(p) = self.index.aliases.get(&full) {
            return Ok(match *p {
                "int" => Ty::Int,
                "long" => Ty::Long,
                "string" => Ty::String,
                _ => Ty::Bytes,
            });
        }
        if t.name.namespace.is_empty() && t.args.is_empty() {
            match t.name.name.as_str() {
                // TON's bare spelling of "any object" (`object ? = Object;`).
                "object" => return self.any_object("object"),
                // tonlib's "any function": a function call, as an `Object`.
                "Function" | "function" => return self.any_object(&full),
                _ => {}
            }
        }
        let plain = match builtin {
            Some((Builtin::Int, _)) => Some(Ty::Int),
            Some((Builtin::Long, _)) => Some(Ty::Long),
            Some((Builtin::Double, _)) => Some(Ty::Double),
            Some((Builtin::String, _)) => Some(Ty::String),
            Some((Builtin::Bytes, _)) => Some(Ty::Bytes),
            Some((Builtin::Int128, _)) => Some(Ty::Int128),
            Some((Builtin::Int256, _)) => Some(Ty::Int256),
            Some((Builtin::Bool, _)) if !t.bare => Some(Ty::Bool),
            Some((Builtin::True, _)) if !t.bare => Some(Ty::True),
            Some((Builtin::Object, _)) if !t.bare => return self.any_object("Object"),
            Some((Builtin::Vector, bare_spelling)) => {
                if t.args.len() != 1 {
                    return Err(Problem::unsupported(format!(
                        "`{full}` takes exactly one type argument"
                    )));
                }
                let e = self.resolve(&t.args[0], scope)?;
                if matches!(e, Ty::Param(_)) && generic.is_some() {
                    return Err(Problem::unsupported(format!(
                        "`{t}`: a type parameter can only be a whole parameter type (`query:!X`) or the whole result (`= X`)"
                    )));
                }
                Some(Ty::Vector {
                    elem: Box::new(e),
                    bare: t.bare || bare_spelling,
                })
            }
            _ => None,
        };
        if let Some(b) = plain {
            return Ok(b);
        }
        let target = self.named_type(t, &full);
        let arity = match target {
            Ok(Ty::Bare(si)) => self.struct_arity[si.0],
            Ok(Ty::Enum(e)) => self.enum_arity[e.0],
            _ => 0,
        };
        if t.args.len() != arity {
            return Err(Problem::unsupported(match arity {
                0 => format!("`{full}` takes no type arguments"),
                n => format!(
                    "`{full}` is polymorphic and takes {n} type argument{}: write `({full} int)` or `{full}<int>`, say",
                    if n == 1 { "" } else { "s" }
                ),
            }));
        }
        if arity == 0 {
            return target;
        }
        let mut args = Vec::with_capacity(arity);
        for a in &t.args {
            let at = self.resolve(a, scope)?;
            if let Some(why) = argument_problem(&at, scope) {
                return Err(Problem::unsupported(format!("`{a}` in `{t}`: {why}")));
            }
            args.push(at);
        }
        Ok(match target? {
            Ty::Bare(si) => Ty::BareOf(si, args),
            Ty::Enum(e) => Ty::EnumOf(e, args),
            other => other,
        })
    }

    /// A constructor (bare) or boxed type named by `t`, before its
    /// arguments.
    fn named_type(&self, t: &TypeExpr, full: &str) -> Found {
        if t.name.name.starts_with(|c: char| c.is_ascii_lowercase()) {
            // A bare constructor named directly.
            return match self.index.ctor_by_name.get(full) {
                Some(di) => match self.named.struct_of_def.get(di) {
                    Some(&si) => Ok(Ty::Bare(si)),
                    None => Err(Problem::unsupported(format!(
                        "constructor `{full}` is not generated"
                    ))),
                },
                None => Err(self.unknown(full)),
            };
        }
        if t.bare {
            return match self.index.ctors_of_type.get(full).map(Vec::as_slice) {
                Some([one]) => Ok(Ty::Bare(self.named.struct_of_def[one])),
                Some(_) => Err(Problem::unsupported(format!(
                    "`%{full}`: a bare type needs exactly one constructor"
                ))),
                None => Err(self.unknown(full)),
            };
        }
        match self.named.enum_of_type.get(full) {
            Some(&e) => Ok(Ty::Enum(e)),
            None => Err(self.unknown(full)),
        }
    }

    /// Fills the fields of `s` from definition `di`; false when a problem
    /// was found (and pushed).
    fn fill(
        &self,
        s: &mut Struct,
        di: usize,
        scope: Scope<'_>,
        problems: &mut Vec<Diagnostic>,
    ) -> bool {
        let def: &Definition = self.index.def(di);
        let before = problems.len();
        // Which `#` params are flags words.
        let flag_names: HashSet<&str> = def
            .params
            .iter()
            .filter_map(|p| match &p.kind {
                ParamKind::Value { flag: Some(f), .. } => Some(f.field.as_str()),
                _ => None,
            })
            .collect();
        // The generated bodies' own names: `serialize(&self, buf)` declares
        // flags words as locals beside `buf`, `deserialize(__r)` every field.
        let mut reg = Registry::new();
        reg.reserve("__r");
        reg.reserve("buf");
        let mut word_index: HashMap<&str, usize> = HashMap::new();
        for p in &def.params {
            if let (Some(n), ParamKind::Value { ty, flag: None }) = (&p.name, &p.kind)
                && ty.is_nat()
                && flag_names.contains(n.as_str())
            {
                word_index.insert(n, s.flag_words.len());
                s.flag_words.push(FlagWord {
                    name: reg.claim(&names::field(n)),
                    tl_name: n.clone(),
                    groups: Vec::new(),
                    unknown: String::new(),
                });
            }
        }
        let docs: HashMap<&str, &str> = def
            .doc
            .as_ref()
            .map(|d| {
                d.fields
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        for p in &def.params {
            match self.field(s, p, &word_index, scope, &mut reg, &docs) {
                Ok(()) => {}
                Err(problem) => problems.push(self.locate(di, p.span, problem)),
            }
        }
        // Claimed after the fields, so a TL field keeps its name.
        for w in &mut s.flag_words {
            w.unknown = reg.claim(&names::escape(&format!(
                "unknown_{}",
                names::snake(&w.tl_name)
            )));
        }
        group_bits(s);
        problems.len() == before
    }

    /// `16*[ int ]` (TDLib's `int512`): an array field named `items`. Other
    /// anonymous parameters cannot be generated.
    fn anonymous_repetition(
        &self,
        s: &mut Struct,
        p: &Param,
        scope: Scope<'_>,
        reg: &mut Registry,
    ) -> Result<(), Problem> {
        let ParamKind::Repeated {
            multiplicity: Some(Multiplicity::Literal(n)),
            fields,
        } = &p.kind
        else {
            return Err(Problem::unsupported(format!(
                "anonymous parameter `{p}` cannot be generated: only `N*[ T ]` with a literal N is"
            )));
        };
        let elem = match fields.as_slice() {
            [
                Param {
                    name: None,
                    kind: ParamKind::Value { ty, flag: None },
                    ..
                },
            ] if !is_true(ty) => self.resolve(ty, scope)?,
            _ => {
                return Err(Problem::unsupported(format!(
                    "repetition `{p}` cannot be generated: only one anonymous type is repeated"
                )));
            }
        };
        let fi = s.fields.len();
        s.fields.push(Field {
            name: reg.claim("items"),
            tl_name: "items".into(),
            tl_text: p.to_string(),
            ty: Ty::Array {
                elem: Box::new(elem),
                len: *n as usize,
            },
            cond: Cond::Always,
            boxed: false,
            doc: None,
        });
        s.wire.push(WireItem::Field(fi));
        Ok(())
    }

    /// One parameter: a flags word's place on the wire, or a field.
    fn field(
        &self,
        s: &mut Struct,
        p: &Param,
        word_index: &HashMap<&str, usize>,
        scope: Scope<'_>,
        reg: &mut Registry,
        docs: &HashMap<&str, &str>,
    ) -> Result<(), Problem> {
        let Some(name) = &p.name else {
            return self.anonymous_repetition(s, p, scope, reg);
        };
        let (ty, flag) = match &p.kind {
            ParamKind::Value { ty, flag } => (ty, flag),
            ParamKind::Repeated { .. } => {
                return Err(Problem::unsupported(format!(
                    "repetition `{p}` is not supported; use `Vector<T>`"
                )));
            }
        };
        if let Some(&w) = word_index.get(name.as_str())
            && flag.is_none()
        {
            s.wire.push(WireItem::Flags(w));
            return Ok(());
        }
        let cond = match flag {
            None => Cond::Always,
            Some(f) => {
                let Some(&word) = word_index.get(f.field.as_str()) else {
                    return Err(Problem::unsupported(format!(
                        "`{name}` uses `{}.{}?` but `{}` is not a `#` parameter declared before it",
                        f.field, f.bit, f.field
                    )));
                };
                if f.bit > 31 {
                    return Err(Problem::unsupported(format!(
                        "`{name}`: flag bit {} is out of range",
                        f.bit
                    )));
                }
                if !s.wire.contains(&WireItem::Flags(word)) {
                    return Err(Problem::unsupported(format!(
                        "`{name}` uses `{}` before it is declared",
                        f.field
                    )));
                }
                if is_true(ty) {
                    Cond::TrueFlag { word, bit: f.bit }
                } else {
                    Cond::Flag { word, bit: f.bit }
                }
            }
        };
        let rty = if matches!(cond, Cond::TrueFlag { .. }) {
            Ty::Bool
        } else if is_true(ty) && ty.bare {
            return Err(Problem::unsupported(format!(
                "`{name}:{}` outside a flag has no value; write `flags.N?true`",
                ty.name
            )));
        } else {
            self.resolve(ty, scope)?
        };
        let fi = s.fields.len();
        s.fields.push(Field {
            name: reg.claim(&names::field(name)),
            tl_name: name.clone(),
            tl_text: p.to_string(),
            ty: rty,
            cond,
            boxed: false,
            doc: docs.get(name.as_str()).map(|d| (*d).to_owned()),
        });
        s.wire.push(WireItem::Field(fi));
        Ok(())
    }
}

/// Groups the conditional fields of `s` by the bit they use.
fn group_bits(s: &mut Struct) {
    for (fi, f) in s.fields.iter().enumerate() {
        let (word, bit, is_true) = match f.cond {
            Cond::Always => continue,
            Cond::Flag { word, bit } => (word, bit, false),
            Cond::TrueFlag { word, bit } => (word, bit, true),
        };
        let groups = &mut s.flag_words[word].groups;
        let g = match groups.iter().position(|g| g.bit == bit) {
            Some(p) => &mut groups[p],
            None => {
                groups.push(BitGroup {
                    bit,
                    values: Vec::new(),
                    trues: Vec::new(),
                });
                groups.last_mut().expect("just pushed")
            }
        };
        if is_true {
            g.trues.push(fi);
        } else {
            g.values.push(fi);
        }
    }
    for w in &mut s.flag_words {
        w.groups.sort_by_key(|g| g.bit);
    }
}

#[cfg(test)]
mod tests;
