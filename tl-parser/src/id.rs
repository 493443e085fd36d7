//! Constructor ids: the CRC32 (IEEE, as computed by `crc32fast`) of a
//! definition's normalised text.
//!
//! The normalised text is built from the tree, not from the source, so
//! comments, line breaks and spacing never matter. Both dialects write:
//!
//! 1. the full name (`messages.requestEncryption`), without the `#id`;
//! 2. each optional parameter `{X:Type}` as ` X:Type` (braces dropped);
//! 3. each parameter as ` name:type`, or ` type` when anonymous; a
//!    conditional field as ` name:flags.N?type`; a repetition as
//!    ` name:n*[ a:int b:long ]` — `[ `, the fields each followed by one
//!    space, then `]` (so `vector {t:Type} # [ t ] = Vector t` normalises to
//!    `vector t:Type # [ t ] = Vector t`);
//! 4. types with their arguments separated by single spaces, brackets
//!    dropped: `Vector<long>` → `Vector long`, TON's `(vector int256)` →
//!    `vector int256`, nested arguments flattened the same way; `%T` keeps
//!    its `%`, `!X` its `!`, the natural-number type is `#`;
//! 5. ` ?` for a builtin (`int ? = Int`);
//! 6. ` = ` and the result type, arguments space-separated (`= Vector t`).
//!
//! [`Dialect::Telegram`] (Telegram's clients, for `api.tl` and
//! `mtproto.tl`) differs from [`Dialect::TlParser`] (the official
//! tl-parser, for TDLib and TON schemas) in two details:
//!
//! * **`flags.N?true` fields are left out.** A conditional field whose type
//!   is exactly `true` carries no data, and Telegram's rule omits it
//!   entirely (name, condition and type). The tl-parser rule keeps it.
//! * **`bytes` is written `string`** when it is the whole type of a field
//!   (`g_a:bytes`, `flags.1?bytes`). Inside type arguments it is kept
//!   (`Vector<bytes>` stays `Vector bytes`; api.tl has eight such lines and
//!   all of them check only this way). The tl-parser rule keeps `bytes`
//!   everywhere.
//!
//! Checked against every explicit id of the bundled `api.tl` (2,554
//! definitions), `mtproto.tl` and `secret.tl` with the Telegram rule, and
//! against the official compiler's id tables for TDLib's `td_api.tl` and
//! TON's `ton_api.tl`, `lite_api.tl` and `tonlib_api.tl` (2,248 ids) with
//! the tl-parser rule. Known definitions whose pinned id follows neither
//! rule are listed in [`IdCheck::KNOWN_EXCEPTIONS`](crate::IdCheck::KNOWN_EXCEPTIONS);
//! `ipPortSecret` and `decryptedMessageMediaDocument` carry the id the
//! tl-parser rule gives (their `bytes` fields were not renamed).

use crate::Dialect;

use crate::ast::{Definition, Name, Param, ParamKind, TypeExpr};

/// Computes the id of `def` under `dialect`, ignoring any explicit `#id`.
pub fn compute_id(def: &Definition, dialect: Dialect) -> u32 {
    let mut buf = String::with_capacity(128);
    normalized_text(def, dialect, &mut buf);
    crc32fast::hash(buf.as_bytes())
}

/// Writes the text whose CRC32 is the id of `def` under `dialect` into
/// `out` (cleared first).
///
/// ```
/// use typelang_parser::{parse, id::normalized_text, Dialect, ParseOptions};
/// let src = "user#1 flags:# bot:flags.0?true about:flags.1?bytes photos:Vector<bytes> = User;";
/// let opts = ParseOptions { id_check: typelang_parser::IdCheck::Warn, ..Default::default() };
/// let def = &parse(src, &opts).unwrap().schema.definitions[0];
/// let mut text = String::new();
/// normalized_text(def, Dialect::Telegram, &mut text);
/// assert_eq!(text, "user flags:# about:flags.1?string photos:Vector bytes = User");
/// normalized_text(def, Dialect::TlParser, &mut text);
/// assert_eq!(text, "user flags:# bot:flags.0?true about:flags.1?bytes photos:Vector bytes = User");
/// ```
pub fn normalized_text(def: &Definition, dialect: Dialect, out: &mut String) {
    out.clear();
    write_name(&def.name, out);
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
    crate::print::write_param_with(p, out, &mut |ty, out| write_type(ty, dialect, true, out));
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
        write_name(&ty.name, out);
    }
    for a in &ty.args {
        out.push(' ');
        write_type(a, dialect, false, out);
    }
}

fn write_name(name: &Name, out: &mut String) {
    for ns in &name.namespace {
        out.push_str(ns);
        out.push('.');
    }
    out.push_str(&name.name);
}

/// The id of `def` computed as if the layer number that ends its name were
/// not there (`decryptedMessage8` hashed as `decryptedMessage`), or `None`
/// when the name does not end in digits.
///
/// The secret-chat schema keeps older versions of a constructor under such
/// names with the original id; this is the one place that rule lives.
pub fn versioned_id(def: &Definition, dialect: Dialect) -> Option<u32> {
    let base = def.name.name.trim_end_matches(|c: char| c.is_ascii_digit());
    if base.is_empty() || base.len() == def.name.name.len() {
        return None;
    }
    let mut renamed = def.clone();
    base.clone_into(&mut renamed.name.name);
    Some(compute_id(&renamed, dialect))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{IdCheck, ParseOptions, parse};

    fn norm(src: &str, dialect: Dialect) -> String {
        let options = ParseOptions {
            dialect,
            id_check: IdCheck::Warn,
        };
        let schema = parse(src, &options).expect("valid").schema;
        let mut out = String::new();
        normalized_text(&schema.definitions[0], dialect, &mut out);
        out
    }

    #[test]
    fn braces_brackets_and_ids_are_normalised_away() {
        for dialect in [Dialect::Telegram, Dialect::TlParser] {
            assert_eq!(
                norm("vector#1cb5c415 {t:Type} # [ t ] = Vector t;", dialect),
                "vector t:Type # [ t ] = Vector t"
            );
            assert_eq!(
                norm(
                    "a {X:Type} x:(vector (vector %Foo)) y:Vector<!X> = A;",
                    dialect
                ),
                "a X:Type x:vector vector %Foo y:Vector !X = A"
            );
            assert_eq!(norm("int ? = Int;", dialect), "int ? = Int");
            assert_eq!(
                norm("p n:# v:n*[ a:int b:4*[ int ] ] = P;", dialect),
                "p n:# v:n*[ a:int b:4*[ int ] ] = P"
            );
        }
    }

    #[test]
    fn telegram_drops_true_flags_and_renames_top_level_bytes() {
        let line = "u flags:# f:flags.0?true g:flags.1?True b:bytes v:Vector<bytes> = U;";
        assert_eq!(
            norm(line, Dialect::Telegram),
            "u flags:# g:flags.1?True b:string v:Vector bytes = U"
        );
        assert_eq!(
            norm(line, Dialect::TlParser),
            "u flags:# f:flags.0?true g:flags.1?True b:bytes v:Vector bytes = U"
        );
        // An unconditional `true` field is kept by both.
        assert_eq!(norm("t x:true = T;", Dialect::Telegram), "t x:true = T");
    }
}
