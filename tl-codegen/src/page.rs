//! The page of one definition or boxed type as the client libraries
//! publish it (description, parameters with types and descriptions, result,
//! who may call it, errors with meanings), as plain text for a terminal:
//! what `tl-codegen doc NAME` prints.
//!
//! ```
//! use typelang_codegen::{docs::DocsData, methods::MethodTable, page};
//!
//! let schema = typelang_parser::parse(
//!     "---functions---\nhelp.getNearestDc#1fb33026 = NearestDc;",
//!     &Default::default(),
//! )
//! .unwrap()
//! .schema;
//! let docs = DocsData::parse("f\thelp.getNearestDc\tReturns info on data center nearest to the user.\n").unwrap();
//! let methods = MethodTable::parse("help.getNearestDc\tuser\t").unwrap();
//! let text = page::page(&[schema], Some(&methods), &docs, "help.getNearestDc").unwrap();
//! assert!(text.starts_with("help.getNearestDc (method)\n"));
//! assert!(text.contains("Returns info on data center nearest to the user."));
//! assert!(text.contains("Bots can use this method: no"));
//! ```

use std::fmt::Write as _;

use typelang_parser::ast::{Category, Definition, ParamKind, Schema};

use crate::docs::DocsData;
use crate::methods::MethodTable;

const SITE: &str = "https://core.telegram.org";

/// The page of `name` (a method, a constructor or a boxed type) over the
/// definitions of `schemas`, or `None` if they define nothing by that name.
pub fn page(
    schemas: &[Schema],
    methods: Option<&MethodTable>,
    docs: &DocsData,
    name: &str,
) -> Option<String> {
    let defs = || {
        schemas
            .iter()
            .flat_map(|s| &s.definitions)
            .filter(|d| !d.builtin)
    };
    if let Some(d) = defs().find(|d| d.name.to_string() == name) {
        return Some(definition(d, methods, docs));
    }
    let ctors: Vec<&Definition> = defs()
        .filter(|d| d.category == Category::Type && d.result.name.to_string() == name)
        .collect();
    if ctors.is_empty() {
        return None;
    }
    let mut out = format!("{name} (type)\n\n");
    paragraph(&mut out, docs.type_description(name));
    out.push_str("Constructors:\n");
    for c in ctors {
        let d = docs.constructor(&c.name.to_string()).map(one_line);
        let _ = writeln!(
            out,
            "  {}{}",
            c.name,
            d.map(|d| format!(": {d}")).unwrap_or_default()
        );
    }
    let _ = writeln!(out, "\n{SITE}/type/{name}");
    Some(out)
}

fn definition(d: &Definition, methods: Option<&MethodTable>, docs: &DocsData) -> String {
    let name = d.name.to_string();
    let (kind, site) = match d.category {
        Category::Function => ("method", "method"),
        Category::Type => ("constructor", "constructor"),
    };
    let mut out = format!("{name} ({kind})\n\n");
    paragraph(&mut out, docs.description(&name));
    let _ = writeln!(out, "{}\n", typelang_parser::print_definition(d));
    let params: Vec<_> = d
        .params
        .iter()
        .filter_map(|p| match (&p.name, &p.kind) {
            (Some(n), ParamKind::Value { ty, flag }) if ty.name.name != "#" => {
                Some((n, ty, flag.is_some()))
            }
            _ => None,
        })
        .collect();
    if !params.is_empty() {
        out.push_str(if d.category == Category::Function {
            "Parameters:\n"
        } else {
            "Fields:\n"
        });
        for (n, ty, optional) in params {
            let opt = if optional { " (optional)" } else { "" };
            let _ = writeln!(out, "  {n}: {ty}{opt}");
            if let Some(text) = docs.param(&name, n) {
                let _ = writeln!(out, "      {}", one_line(text));
            }
        }
        out.push('\n');
    }
    match d.category {
        Category::Function => {
            let _ = writeln!(out, "Returns: {}", d.result);
        }
        Category::Type => {
            let _ = writeln!(out, "Belongs to: {}", d.result);
        }
    }
    if let Some(m) = methods.and_then(|m| m.methods.get(&name)) {
        let yn = |b: bool| if b { "yes" } else { "no" };
        let _ = writeln!(
            out,
            "\nUsers can use this method: {}\nBots can use this method: {}",
            yn(m.usable_by.users()),
            yn(m.usable_by.bots())
        );
        if !m.errors.is_empty() {
            out.push_str("\nErrors:\n");
            for (code, e) in &m.errors {
                let text = docs.method_error_text(&name, e).map(one_line);
                let shown = e.replace("%d", "X");
                let _ = writeln!(
                    out,
                    "  {code} {shown}{}",
                    text.map(|t| format!(": {t}")).unwrap_or_default()
                );
            }
        }
    }
    let _ = writeln!(out, "\n{SITE}/{site}/{name}");
    out
}

fn paragraph(out: &mut String, text: Option<&str>) {
    if let Some(t) = text {
        out.push_str(t);
        out.push_str("\n\n");
    }
}

fn one_line(text: &str) -> String {
    text.replace("\n\n", " ").replace('\n', " ")
}
