//! The rustdoc text of the generated items: descriptions from the schema's
//! `//@` comments, the canonical TL line, the wire id, and for functions
//! their parameters, return type and the methods table's facts.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Enum, Field, FlagWord, Struct, Ty};

/// `#[doc = " line"]` per line of `text`.
pub(super) fn lines(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for line in text.lines() {
        let l = format!(" {line}");
        out.extend(quote!(#[doc = #l]));
    }
    out
}

/// A field: its description and TL text.
pub(super) fn field(f: &Field) -> TokenStream {
    match &f.doc {
        Some(d) => lines(&format!("{d}\n\nTL: `{}`", f.tl_text)),
        None => lines(&format!("`{}`", f.tl_text)),
    }
}

/// The store of a flags word's bits that no field stands for.
pub(super) fn unknown_bits(w: &FlagWord) -> TokenStream {
    lines(&format!(
        "The bits of `{}` that no field stands for: kept when decoding, OR-ed in when \
         encoding (bits a field stands for are set from the fields). Leave it 0 in a \
         value built by hand.",
        w.tl_name
    ))
}

/// The description, the TL line and the id.
fn item(s: &Struct, what: &str) -> String {
    let mut doc = String::new();
    if let Some(d) = &s.description {
        doc.push_str(d);
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{}`\n\n{what} id `{:#010x}`", s.tl_line, s.id));
    doc
}

/// A constructor, and the boxed type it belongs to.
pub(super) fn constructor(s: &Struct, en: Option<&Enum>) -> TokenStream {
    let mut doc = item(s, "Constructor");
    match en {
        Some(en) => doc.push_str(&format!(
            " of the boxed type `{}` (`enums::{}{}`).",
            en.tl_name,
            en.module
                .iter()
                .map(|m| format!("{m}::"))
                .collect::<String>(),
            en.name
        )),
        None => doc.push('.'),
    }
    lines(&doc)
}

/// A function: parameters, what it returns, who may call it and its errors.
pub(super) fn function(s: &Struct, ret: &Ty) -> TokenStream {
    let mut doc = item(s, "Function");
    doc.push('.');
    doc.push_str("\n\n");
    if !s.fields.is_empty() {
        doc.push_str("# Parameters\n");
        for f in &s.fields {
            let d = f
                .doc
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default();
            let ty = f
                .tl_text
                .split_once(':')
                .map_or(f.tl_text.as_str(), |(_, t)| t);
            doc.push_str(&format!("- `{}`: `{ty}`{d}\n", f.name));
        }
    }
    let ret_text = match ret {
        Ty::Param(_) => "the return type of the wrapped query (`X::Return`)".to_owned(),
        _ => format!("`{}`", s.ret_tl.as_deref().unwrap_or("")),
    };
    doc.push_str(&format!("\n# Returns\n{ret_text}"));
    if let Some(m) = &s.method {
        doc.push_str(&format!(
            "\n\nUsers can use this method: {}.\nBots can use this method: {}.",
            if m.usable_by.users() { "yes" } else { "no" },
            if m.usable_by.bots() { "yes" } else { "no" }
        ));
        if !m.errors.is_empty() {
            doc.push_str("\n\n# Errors\n| Code | Error |\n|---|---|\n");
            for (c, e) in &m.errors {
                doc.push_str(&format!("| {c} | `{e}` |\n"));
            }
        }
    }
    lines(&doc)
}

/// A boxed type.
pub(super) fn boxed_type(e: &Enum) -> TokenStream {
    let mut doc = String::new();
    if let Some(d) = &e.description {
        doc.push_str(d);
        doc.push_str("\n\n");
    }
    doc.push_str(&format!(
        "The boxed TL type `{}`: one variant per constructor.",
        e.tl_name
    ));
    lines(&doc)
}

/// The `Object` enum.
pub(super) fn object(decodable_functions: bool) -> TokenStream {
    let fns = if decodable_functions {
        " and function"
    } else {
        ""
    };
    lines(&format!(
        "Any constructor{fns} of the schema, decodable by its id alone and serializable back byte for byte.\n\nThe TL type `Object` maps to this enum."
    ))
}

/// A variant: the constructor's TL line.
pub(super) fn variant(s: &Struct) -> TokenStream {
    lines(&format!("`{}`", s.tl_line))
}
