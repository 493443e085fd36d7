//! Constructor ids: the CRC32 of a definition's normalised text.
//!
//! RULES (placeholder, finalised below once verified).

use crate::Dialect;
use crate::ast::{Definition, Multiplicity, Param, ParamKind, TypeExpr};

/// Computes the id of `def` under `dialect`, ignoring any explicit `#id`.
pub fn compute_id(def: &Definition, dialect: Dialect) -> u32 {
    let mut buf = String::with_capacity(128);
    normalized_text(def, dialect, &mut buf);
    crc32fast::hash(buf.as_bytes())
}

/// Writes the text whose CRC32 is the id of `def` under `dialect` into
/// `out` (cleared first).
pub fn normalized_text(def: &Definition, dialect: Dialect, out: &mut String) {
    out.clear();
    out.push_str(&def.name.to_string());
    for tp in &def.type_params {
        out.push(' ');
        out.push_str(&tp.name);
        out.push(':');
        write_type(&tp.kind, dialect, false, out);
    }
    for p in &def.params {
        if dialect == Dialect::Telegram && is_true_flag(p) {
            continue;
        }
        out.push(' ');
        write_param(p, dialect, out);
    }
    if def.builtin {
        out.push_str(" ?");
    }
    out.push_str(" = ");
    write_type(&def.result, dialect, false, out);
}

fn is_true_flag(p: &Param) -> bool {
    matches!(&p.kind, ParamKind::Value { ty, flag: Some(_) }
        if ty.name.namespace.is_empty() && ty.name.name == "true" && ty.args.is_empty())
}

fn write_param(p: &Param, dialect: Dialect, out: &mut String) {
    if let Some(name) = &p.name {
        out.push_str(name);
        out.push(':');
    }
    match &p.kind {
        ParamKind::Value { ty, flag } => {
            if let Some(flag) = flag {
                out.push_str(&flag.field);
                out.push('.');
                out.push_str(&flag.bit.to_string());
                out.push('?');
            }
            write_type(ty, dialect, true, out);
        }
        ParamKind::Repeated {
            multiplicity,
            fields,
        } => {
            match multiplicity {
                Some(Multiplicity::Literal(n)) => {
                    out.push_str(&n.to_string());
                    out.push('*');
                }
                Some(Multiplicity::Param(n)) => {
                    out.push_str(n);
                    out.push('*');
                }
                None => {}
            }
            out.push_str("[ ");
            for f in fields {
                write_param(f, dialect, out);
                out.push(' ');
            }
            out.push(']');
        }
    }
}

fn write_type(ty: &TypeExpr, dialect: Dialect, field_top: bool, out: &mut String) {
    if ty.generic_ref {
        out.push('!');
    }
    if ty.bare && ty.name.name.starts_with(|c: char| c.is_ascii_uppercase()) {
        out.push('%');
    }
    let plain = ty.name.namespace.is_empty();
    if dialect == Dialect::Telegram && field_top && plain && ty.name.name == "bytes" {
        out.push_str("string");
    } else {
        out.push_str(&ty.name.to_string());
    }
    for a in &ty.args {
        out.push(' ');
        write_type(a, dialect, false, out);
    }
}
