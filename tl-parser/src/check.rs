//! Language-level lints over a set of schemas read together (`api.tl` with
//! `mtproto.tl`, say): the problems no single definition shows on its own.
//!
//! [`lint`] reports, all as errors:
//!
//! * **undefined types** ([`DiagnosticKind::UndefinedType`]): a type that a
//!   parameter or a function's result names, at any depth of type arguments
//!   and inside repetitions, that no schema of the set defines (as the
//!   result type of a constructor, or as a constructor name for bare uses
//!   such as `%message` or `vector<future_salt>`), that is not a
//!   [builtin](crate::builtins) and not a `{X:Type}` parameter of the
//!   definition. One diagnostic per name and definition, at the parameter
//!   that uses it (the definition itself for a function's result), with a
//!   `did you mean` help from [`suggest::closest`] for the first 32
//!   distinct names;
//! * **one name with two ids** ([`DiagnosticKind::DuplicateDefinition`]):
//!   the same full name, in the same category, defined again with another id
//!   or another builtin-ness. An identical line in two files is fine (api.tl
//!   and mtproto.tl both define `vector`, `boolTrue`, ...);
//! * **id collisions** ([`DiagnosticKind::IdCollision`]): two definitions of
//!   different names, or a constructor and a function, sharing one id, so a
//!   decoder could not tell them apart. Two *functions* sharing an id are a
//!   warning instead: a client only encodes calls, and a reply is decoded by
//!   its result type, so only a decoder of calls is confused (TDLib's
//!   `telegram_api.tl` gives its `invokeWith*Prefix` functions their
//!   wrapper's id). A generator that decodes calls treats that warning as
//!   an error.
//!
//! Checks that need only one definition (flag fields, duplicate parameter
//! names, `!X` without `{X:Type}`) are made by [`parse`](crate::parse).
//!
//! ```
//! use typelang_parser::{check::lint, parse, DiagnosticKind, ParseOptions};
//! let opts = ParseOptions { id_check: typelang_parser::IdCheck::Warn, ..Default::default() };
//! let a = parse("user#1 id:long photo:UserPhoto = User;", &opts).unwrap().schema;
//! let b = parse("user#2 id:long = User;", &opts).unwrap().schema;
//! let found = lint(&[&a, &b]);
//! assert_eq!(found.len(), 2);
//! assert_eq!(found[0].kind, DiagnosticKind::UndefinedType);
//! assert_eq!((found[1].kind.clone(), found[1].file), (DiagnosticKind::DuplicateDefinition, 1));
//! ```

use std::collections::HashMap;
use std::collections::HashSet;
use std::collections::hash_map::Entry;

use crate::ast::{Category, Definition, Param, ParamKind, Schema, Span, TypeExpr};
use crate::builtins::{Builtin, TABLE};
use crate::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::suggest;

/// Every language-level problem of `schemas` read together, each with
/// [`Diagnostic::file`] set to the schema's index in the slice, sorted by
/// file and span. All are errors; an empty result means the set is clean.
pub fn lint(schemas: &[&Schema]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    undefined_types(schemas, &mut out);
    definitions_and_ids(schemas, &mut out);
    out.sort_by_key(|d| (d.file, d.span.start, d.span.end));
    out
}

fn category_word(category: Category) -> &'static str {
    match category {
        Category::Type => "constructor",
        Category::Function => "function",
    }
}

/// A definition of the set, by file and position in that file.
#[derive(Clone, Copy)]
struct At<'s> {
    file: usize,
    def: &'s Definition,
}

impl At<'_> {
    fn location(&self) -> Location {
        Location {
            file: self.file,
            span: self.def.span,
        }
    }
}

/// Duplicate names with other ids, and ids shared by different
/// definitions: one pass with two hash maps.
fn definitions_and_ids(schemas: &[&Schema], out: &mut Vec<Diagnostic>) {
    let mut by_name: HashMap<(String, Category), At<'_>> = HashMap::new();
    let mut by_id: HashMap<u32, At<'_>> = HashMap::new();
    for (file, schema) in schemas.iter().enumerate() {
        for def in &schema.definitions {
            let here = At { file, def };
            let name = def.name.to_string();
            match by_name.entry((name.clone(), def.category)) {
                Entry::Occupied(first) => {
                    let first = *first.get();
                    if first.def.id == def.id && first.def.builtin == def.builtin {
                        // The same line again (api.tl and mtproto.tl): fine.
                        continue;
                    }
                    out.push(duplicate(&name, here, first));
                    // Its other id may still clash with another name.
                }
                Entry::Vacant(slot) => {
                    slot.insert(here);
                }
            }
            // Builtin declarations (`int ? = Int;`) never go on the wire.
            if def.builtin {
                continue;
            }
            match by_id.entry(def.id) {
                Entry::Occupied(first) => {
                    let first = *first.get();
                    if first.def.name != def.name || first.def.category != def.category {
                        out.push(collision(here, first));
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert(here);
                }
            }
        }
    }
}

fn duplicate(name: &str, here: At<'_>, first: At<'_>) -> Diagnostic {
    let what = category_word(here.def.category);
    let builtin = |b: bool| if b { " (builtin)" } else { "" };
    let message = format!(
        "{what} `{name}` is defined again with id {:#010x}{}",
        here.def.id,
        builtin(here.def.builtin)
    );
    let note = format!(
        "first defined here with id {:#010x}{}",
        first.def.id,
        builtin(first.def.builtin)
    );
    Diagnostic::error(DiagnosticKind::DuplicateDefinition, message, here.def.span)
        .in_file(here.file)
        .with_note_at(note, first.location())
}

fn collision(here: At<'_>, first: At<'_>) -> Diagnostic {
    let message = format!(
        "id {:#010x} of {} `{}` is already the id of {} `{}`",
        here.def.id,
        category_word(here.def.category),
        here.def.name,
        category_word(first.def.category),
        first.def.name,
    );
    let note = format!(
        "{} `{}` is defined here",
        category_word(first.def.category),
        first.def.name
    );
    let both_functions =
        here.def.category == Category::Function && first.def.category == Category::Function;
    if both_functions {
        return Diagnostic::warning(DiagnosticKind::IdCollision, message, here.def.span)
            .in_file(here.file)
            .with_note_at(note, first.location())
            .with_help("only a decoder of function calls could not tell the two apart");
    }
    Diagnostic::error(DiagnosticKind::IdCollision, message, here.def.span)
        .in_file(here.file)
        .with_note_at(note, first.location())
        .with_help("a decoder could not tell the two apart")
}

/// The type names the set defines: constructors' result types and
/// constructor names (for bare uses).
fn defined_types(schemas: &[&Schema]) -> HashSet<String> {
    let mut known = HashSet::new();
    for schema in schemas {
        for def in &schema.definitions {
            if def.category == Category::Type {
                known.insert(def.result.name.to_string());
                known.insert(def.name.to_string());
            }
        }
    }
    known
}

/// How many distinct undefined names get a did-you-mean search, each a scan
/// of every defined name. Past this many the likelier cause is a missing
/// file, not typos, and the bound keeps a hostile set linear.
const MAX_SUGGESTIONS: usize = 32;

fn undefined_types(schemas: &[&Schema], out: &mut Vec<Diagnostic>) {
    let known = defined_types(schemas);
    // Filled only when a name is missing: most sets have none.
    let mut candidates: Option<Vec<&str>> = None;
    let mut hints: HashMap<String, Option<String>> = HashMap::new();
    let mut names: Vec<(String, Span)> = Vec::new();
    for (file, schema) in schemas.iter().enumerate() {
        for def in &schema.definitions {
            names.clear();
            let type_params: HashSet<&str> =
                def.type_params.iter().map(|t| t.name.as_str()).collect();
            let mut use_of = |ty: &TypeExpr, span: Span| {
                unknown_names(ty, &type_params, &known, span, &mut names);
            };
            walk_params(&def.params, &mut use_of);
            if def.category == Category::Function {
                use_of(&def.result, def.span);
            }
            // One diagnostic per name: the first use, counting the others.
            let mut reported: Vec<(usize, usize)> = Vec::new();
            let mut index: HashMap<&str, usize> = HashMap::new();
            for (n, (name, _)) in names.iter().enumerate() {
                match index.entry(name.as_str()) {
                    Entry::Occupied(i) => reported[*i.get()].1 += 1,
                    Entry::Vacant(slot) => {
                        slot.insert(reported.len());
                        reported.push((n, 0));
                    }
                }
            }
            for (n, more) in reported {
                let (name, span) = &names[n];
                let mut message = format!("type `{name}` is not defined by any of the schemas");
                if more > 0 {
                    let uses = if more == 1 { "use" } else { "uses" };
                    message.push_str(&format!(" ({more} more {uses} in `{}`)", def.name));
                }
                let mut d =
                    Diagnostic::error(DiagnosticKind::UndefinedType, message, *span).in_file(file);
                let searched = hints.len();
                let hint = hints.entry(name.clone()).or_insert_with(|| {
                    if searched >= MAX_SUGGESTIONS {
                        return None;
                    }
                    let candidates = candidates.get_or_insert_with(|| {
                        let mut c: Vec<&str> = known.iter().map(String::as_str).collect();
                        c.extend(
                            TABLE
                                .iter()
                                .flat_map(|(_, bare, boxed)| [*bare, *boxed])
                                .filter(|s| !s.is_empty()),
                        );
                        c
                    });
                    suggest::closest(name, candidates.iter().copied()).map(str::to_owned)
                });
                if let Some(hint) = hint {
                    d = d.with_help(format!("did you mean `{hint}`?"));
                }
                out.push(d);
            }
        }
    }
}

/// Calls `f` with every field type and the span of the parameter holding
/// it, inside repetitions too.
fn walk_params(params: &[Param], f: &mut impl FnMut(&TypeExpr, Span)) {
    for p in params {
        match &p.kind {
            ParamKind::Value { ty, .. } => f(ty, p.span),
            ParamKind::Repeated { fields, .. } => walk_params(fields, f),
        }
    }
}

/// Pushes every name `ty` uses (at any depth) that is neither defined, a
/// builtin, `#`, `!X` nor one of the definition's `type_params`.
fn unknown_names(
    ty: &TypeExpr,
    type_params: &HashSet<&str>,
    known: &HashSet<String>,
    span: Span,
    out: &mut Vec<(String, Span)>,
) {
    let plain = ty.name.namespace.is_empty();
    let skip = ty.generic_ref
        || ty.is_nat()
        || (plain
            && (Builtin::from_name(&ty.name.name).is_some()
                || type_params.contains(ty.name.name.as_str())
                || known.contains(&ty.name.name)));
    if !skip {
        let name = ty.name.to_string();
        if !known.contains(&name) {
            out.push((name, span));
        }
    }
    for arg in &ty.args {
        unknown_names(arg, type_params, known, span, out);
    }
}

#[cfg(test)]
mod tests {
    use super::lint;
    use crate::ast::Schema;
    use crate::{Diagnostic, DiagnosticKind, IdCheck, NoteKind, ParseOptions, parse};

    fn schema(src: &str) -> Schema {
        let options = ParseOptions {
            id_check: IdCheck::Warn,
            ..Default::default()
        };
        match parse(src, &options) {
            Ok(p) => p.schema,
            Err(e) => panic!("{}", e.render("test.tl", src)),
        }
    }

    fn kinds(found: &[Diagnostic]) -> Vec<(DiagnosticKind, usize)> {
        found.iter().map(|d| (d.kind.clone(), d.file)).collect()
    }

    #[test]
    fn undefined_types_at_every_depth_one_per_name_and_definition() {
        let src = "user#1 id:long photo:Vector<UserPhot> = User;\n\
                   userPhoto#2 n:# v:n*[ x:Vector<%Mesage> ] = UserPhoto;\n\
                   ---functions---\n\
                   getUser#3 a:Missing b:Missing = Vector<Usr>;\n";
        let s = schema(src);
        let found = lint(&[&s]);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "type `UserPhot` is not defined by any of the schemas",
                "type `Mesage` is not defined by any of the schemas",
                "type `Usr` is not defined by any of the schemas",
                "type `Missing` is not defined by any of the schemas (1 more use in `getUser`)",
            ]
        );
        assert!(
            found
                .iter()
                .all(|d| d.kind == DiagnosticKind::UndefinedType)
        );
        // At the parameter that uses it; the definition for a result.
        assert_eq!(
            &src[found[0].span.start..found[0].span.end],
            "photo:Vector<UserPhot>"
        );
        assert_eq!(found[2].span, s.definitions[2].span);
        assert_eq!(found[0].notes[0].message, "did you mean `UserPhoto`?");
        assert_eq!(found[0].notes[0].kind, NoteKind::Help);
        assert_eq!(found[2].notes[0].message, "did you mean `User`?");
        assert!(found[3].notes.is_empty());
    }

    #[test]
    fn did_you_mean_for_the_first_names_only() {
        let mut src = String::new();
        for i in 0..40 {
            src.push_str(&format!(
                "c{i} = Photo{i}x;\nd{i} x:Photo{i} y:Photo{i} = Other;\n"
            ));
        }
        let s = schema(&src);
        let found = lint(&[&s]);
        assert_eq!(found.len(), 40);
        let helped = found.iter().filter(|d| !d.notes.is_empty()).count();
        assert_eq!(helped, super::MAX_SUGGESTIONS);
        assert_eq!(found[0].notes[0].message, "did you mean `Photo0x`?");
    }

    #[test]
    fn builtins_type_params_and_bare_constructors_are_defined() {
        let s = schema(
            "message#1 a:int b:%Message c:vector<message> d:bytes e:true f:Bool = Message;\n\
             ---functions---\n\
             invokeWithLayer#2 {X:Type} layer:int query:!X = X;\n\
             get#3 flags:# x:flags.0?Vector<Object> = Vector<%message>;\n",
        );
        assert_eq!(lint(&[&s]), []);
        // A function name is not a type.
        let s = schema("fType#9 = F;\n---functions---\nf#1 = F;\ng#2 x:f = F;\n");
        assert_eq!(kinds(&lint(&[&s])), [(DiagnosticKind::UndefinedType, 0)]);
    }

    #[test]
    fn a_type_defined_by_another_file_of_the_set() {
        let a = schema("a#1 x:B = A;");
        let b = schema("b#2 = B;");
        assert_eq!(kinds(&lint(&[&a])), [(DiagnosticKind::UndefinedType, 0)]);
        assert_eq!(lint(&[&a, &b]), []);
    }

    #[test]
    fn one_name_with_two_ids() {
        let a = schema("boolTrue#997275b5 = Bool;\nx#1 = X;\nx#2 = X;\n");
        let b = schema("boolTrue#997275b5 = Bool;\nx#3 = X;\n---functions---\nx#4 = X;\n");
        let found = lint(&[&a, &b]);
        assert_eq!(
            kinds(&found),
            [
                (DiagnosticKind::DuplicateDefinition, 0),
                (DiagnosticKind::DuplicateDefinition, 1)
            ]
        );
        assert_eq!(
            found[0].message,
            "constructor `x` is defined again with id 0x00000002"
        );
        assert_eq!(found[0].span, a.definitions[2].span);
        let note = &found[1].notes[0];
        assert_eq!(note.message, "first defined here with id 0x00000001");
        let at = note.at.expect("located");
        assert_eq!((at.file, at.span), (0, a.definitions[1].span));
        // The other id of a duplicate may clash with a third definition.
        let c = schema("x#1 = X;\ny#2 = Y;\n");
        let d = schema("x#2 = X;\n");
        assert_eq!(
            kinds(&lint(&[&c, &d])),
            [
                (DiagnosticKind::DuplicateDefinition, 1),
                (DiagnosticKind::IdCollision, 1)
            ]
        );
        // Builtin-ness counts too.
        let c = schema("int ? = Int;\n");
        let d = schema("int#a8509bda = Int;\n");
        assert_eq!(
            kinds(&lint(&[&c, &d])),
            [(DiagnosticKind::DuplicateDefinition, 1)]
        );
    }

    #[test]
    fn id_collisions_across_names_and_categories() {
        let a = schema("a#1 = A;\nb#1 = A;\n---functions---\nf#1 = A;\n");
        let found = lint(&[&a]);
        assert_eq!(
            kinds(&found),
            [
                (DiagnosticKind::IdCollision, 0),
                (DiagnosticKind::IdCollision, 0)
            ]
        );
        assert_eq!(
            found[0].message,
            "id 0x00000001 of constructor `b` is already the id of constructor `a`"
        );
        assert_eq!(
            found[1].message,
            "id 0x00000001 of function `f` is already the id of constructor `a`"
        );
        assert_eq!(found[1].notes[0].message, "constructor `a` is defined here");
        assert_eq!(
            found[1].notes[0].at.map(|l| l.span),
            Some(a.definitions[0].span)
        );
        // The same name as a constructor and a function, one id.
        let b = schema("x#7 = X;\n---functions---\nx#7 = X;\n");
        assert_eq!(kinds(&lint(&[&b])), [(DiagnosticKind::IdCollision, 0)]);
        assert_eq!(lint(&[&b])[0].severity, crate::Severity::Error);
        // Two functions, one id: a warning.
        let c = schema("x = X;\n---functions---\nf#7 = X;\ng#7 = X;\n");
        let found = lint(&[&c]);
        assert_eq!(kinds(&found), [(DiagnosticKind::IdCollision, 0)]);
        assert_eq!(found[0].severity, crate::Severity::Warning);
    }

    #[test]
    fn sorted_by_file_then_span() {
        let a = schema("a#1 x:Nope = A;\nb#1 = B;\n");
        let b = schema("c#5 y:Nope = C;\n");
        let found = lint(&[&a, &b]);
        let order: Vec<(usize, usize)> = found.iter().map(|d| (d.file, d.span.start)).collect();
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(order, sorted);
        assert_eq!(found.len(), 3);
    }
}
