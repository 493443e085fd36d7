//! The method bodies every impl holds: the serialized length, the writes
//! and the reads of a constructor's or function's fields, flags words
//! included (the bit-sharing rule is in [`analysis`](crate::analysis)).

use std::collections::HashSet;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{Emitter, hex_lit, supers, tried};
use crate::ir::{Cond, Struct, Ty, WireItem};
use crate::names::ident;

/// Whether the runtime's trait impls write `t` as a vector element in its
/// TL form: everything but bare vectors and vectors of bare constructors,
/// at any depth (those go through `__p::*_nested_vec`, one closure per
/// level).
fn trait_element(t: &Ty) -> bool {
    match t {
        Ty::Vector { elem, bare: false } => trait_element(elem) && elem.bare_struct().is_none(),
        Ty::Vector { bare: true, .. } | Ty::Array { .. } => false,
        _ => true,
    }
}

/// A vector whose elements are vectors the trait impls cannot write.
fn nested(t: &Ty) -> Option<(&Ty, bool)> {
    match t {
        Ty::Vector { elem, bare }
            if matches!(**elem, Ty::Vector { .. }) && !trait_element(elem) =>
        {
            Some((elem, !*bare))
        }
        _ => None,
    }
}

impl Emitter<'_> {
    /// The fewest wire bytes of a `t` read by [`de_expr`](Self::de_expr).
    fn min_size(&self, t: &Ty, depth: usize) -> TokenStream {
        let rt = &self.rt;
        match t {
            Ty::Vector { bare: true, .. } => quote!(4),
            Ty::Vector { bare: false, .. } => quote!(8),
            Ty::Bare(_) | Ty::BareOf(..) => {
                let ty = self.rust_ty(t, depth);
                quote!(<#ty as #rt::Bare>::MIN_BARE_SIZE)
            }
            _ => {
                let ty = self.rust_ty(t, depth);
                quote!(<#ty as #rt::Deserializable>::MIN_WIRE_SIZE)
            }
        }
    }

    /// A private helper for `vector<T>` of boxed or plain elements
    /// ([`object`](super::object) writes them).
    fn raw_vec_helper(&self, depth: usize, suffix: &str) -> TokenStream {
        let root = supers(depth);
        let name = format_ident!("raw_vec_{suffix}");
        quote!(#root __wire::#name)
    }

    /// Expression: serialized length of the value at `place` (`self.x` or
    /// a reference `__v`); `r` is a reference to it.
    pub(super) fn len_expr(
        &self,
        t: &Ty,
        place: &TokenStream,
        r: &TokenStream,
        depth: usize,
    ) -> TokenStream {
        if let Ty::Array { elem, .. } = t {
            let e = self.len_expr(elem, &quote!(__e), &quote!(__e), depth);
            return quote!(#place.iter().map(|__e| #e).sum::<usize>());
        }
        if let Some((elem, boxed)) = nested(t) {
            let e = self.len_expr(elem, &quote!(__e), &quote!(__e), depth);
            return quote!(__p::nested_vec_len(#r, #boxed, |__e| #e));
        }
        match t {
            Ty::Bare(_) | Ty::BareOf(..) => quote!(#place.bare_len()),
            Ty::Vector { elem, bare } => match (bare, elem.bare_struct().is_some()) {
                (false, false) => quote!(#place.serialized_len()),
                (true, false) => {
                    let h = self.raw_vec_helper(depth, "len");
                    quote!(#h(#r))
                }
                (true, true) => quote!(__p::bare_vec_len(#r)),
                (false, true) => quote!(4 + __p::bare_vec_len(#r)),
            },
            _ => quote!(#place.serialized_len()),
        }
    }

    /// Statement: write the value at `place` into `buf`.
    pub(super) fn ser_stmt(
        &self,
        t: &Ty,
        place: &TokenStream,
        r: &TokenStream,
        depth: usize,
    ) -> TokenStream {
        if let Ty::Array { elem, .. } = t {
            let e = self.ser_stmt(elem, &quote!(__e), &quote!(__e), depth);
            return quote!(for __e in #r { #e });
        }
        if let Some((elem, boxed)) = nested(t) {
            let e = self.ser_stmt(elem, &quote!(__e), &quote!(__e), depth);
            return quote!(__p::write_nested_vec(buf, #r, #boxed, |__e, buf| { #e }););
        }
        match t {
            Ty::Bare(_) | Ty::BareOf(..) => quote!(#place.serialize_bare(buf);),
            Ty::Vector { elem, bare } => match (bare, elem.bare_struct().is_some()) {
                (false, false) => quote!(#place.serialize(buf);),
                (true, false) => {
                    let h = self.raw_vec_helper(depth, "write");
                    quote!(#h(#r, buf);)
                }
                (true, true) => quote!(__p::write_bare_vec(buf, #r);),
                (false, true) => {
                    let rt = &self.rt;
                    quote! {
                        buf.put_u32_le(#rt::primitives::VECTOR_ID);
                        __p::write_bare_vec(buf, #r);
                    }
                }
            },
            _ => quote!(#place.serialize(buf);),
        }
    }

    /// Expression: `Result<T, DecodeError>` reading a `t` with error path `path`.
    /// The type is spelled out (`read_field::<T>`): rustc type-checks the
    /// generated crate measurably faster than when it infers `T` from the
    /// struct literal further down.
    pub(super) fn de_expr(&self, t: &Ty, path: &str, depth: usize) -> TokenStream {
        if let Ty::Array { elem, .. } = t {
            let e = self.de_expr(elem, path, depth);
            return quote!(__p::read_array(__r, #path, |__r| #e));
        }
        if let Some((elem, boxed)) = nested(t) {
            let e = self.de_expr(elem, path, depth);
            let min = self.min_size(elem, depth);
            return quote!(__p::read_nested_vec(__r, #path, #boxed, #min, |__r| #e));
        }
        let ty = self.rust_ty(t, depth);
        match t {
            Ty::Bare(_) | Ty::BareOf(..) => quote!(__p::read_bare_field::<#ty>(__r, #path)),
            Ty::Vector { elem, bare } => {
                let e = self.rust_ty(elem, depth);
                match (bare, elem.bare_struct().is_some()) {
                    (false, false) => quote!(__p::read_field::<#ty>(__r, #path)),
                    (true, false) => quote!(__p::read_raw_vec::<#e>(__r, #path)),
                    (true, true) => quote!(__p::read_bare_vec::<#e>(__r, #path)),
                    (false, true) => quote!(__p::read_boxed_bare_vec::<#e>(__r, #path)),
                }
            }
            _ => quote!(__p::read_field::<#ty>(__r, #path)),
        }
    }

    /// Condition under which group `(word, bit)` is set, as an expression
    /// over `self`.
    pub(super) fn group_cond(&self, s: &Struct, word: usize, bit: u32) -> TokenStream {
        let g = s.flag_words[word]
            .groups
            .iter()
            .find(|g| g.bit == bit)
            .expect("bit group exists");
        if g.values.is_empty() {
            let parts = g.trues.iter().map(|&f| {
                let n = ident(&s.fields[f].name);
                quote!(self.#n)
            });
            quote!(#(#parts)||*)
        } else {
            let parts = g.values.iter().map(|&f| {
                let n = ident(&s.fields[f].name);
                quote!(self.#n.is_some())
            });
            quote!(#(#parts)&&*)
        }
    }

    fn shared(s: &Struct, word: usize, bit: u32) -> bool {
        s.flag_words[word]
            .groups
            .iter()
            .any(|g| g.bit == bit && g.values.len() > 1)
    }

    /// Body of the length method: a constant, or statements summing the
    /// parts that vary.
    pub(super) fn len_body(&self, s: &Struct, extra: usize, depth: usize) -> TokenStream {
        let mut fixed = extra + 4 * s.flag_words.len();
        let mut dynamic = Vec::new();
        // A shared bit's presence test names every field sharing it: it is
        // computed once, into `__has_W_B`, before its first use (per field
        // it would make the output quadratic in the fields sharing a bit).
        let mut computed: HashSet<(usize, u32)> = HashSet::new();
        for f in &s.fields {
            let n = ident(&f.name);
            match f.cond {
                Cond::TrueFlag { .. } => {}
                Cond::Always => {
                    if let Some(sz) = f.ty.fixed_size() {
                        fixed += sz;
                    } else {
                        let e = self.len_expr(&f.ty, &quote!(self.#n), &quote!(&self.#n), depth);
                        dynamic.push(quote!(__n += #e;));
                    }
                }
                Cond::Flag { word, bit } => {
                    let shared = Self::shared(s, word, bit);
                    let present = if shared {
                        let local = format_ident!("__has_{word}_{bit}");
                        if computed.insert((word, bit)) {
                            let c = self.group_cond(s, word, bit);
                            dynamic.push(quote!(let #local = #c;));
                        }
                        quote!(#local)
                    } else {
                        quote!(self.#n.is_some())
                    };
                    if let Some(sz) = f.ty.fixed_size() {
                        let sz = Literal::usize_unsuffixed(sz);
                        dynamic.push(quote!(if #present { __n += #sz; }));
                    } else {
                        let e = self.len_expr(&f.ty, &quote!(__v), &quote!(__v), depth);
                        if shared {
                            dynamic.push(quote!(if let (true, Some(__v)) = (#present, &self.#n) { __n += #e; }));
                        } else {
                            dynamic.push(quote!(if let Some(__v) = &self.#n { __n += #e; }));
                        }
                    }
                }
            }
        }
        let fixed = Literal::usize_unsuffixed(fixed);
        if dynamic.is_empty() {
            quote!(#fixed)
        } else {
            quote! {
                let mut __n: usize = #fixed;
                #(#dynamic)*
                __n
            }
        }
    }

    /// Statements writing the fields (not the id).
    pub(super) fn ser_body(&self, s: &Struct, depth: usize) -> TokenStream {
        let mut out = TokenStream::new();
        for item in &s.wire {
            match *item {
                WireItem::Flags(w) => {
                    let fw = &s.flag_words[w];
                    let name = ident(&fw.name);
                    let unknown = ident(&fw.unknown);
                    let others = hex_lit(!fw.known_mask());
                    let mut sets = Vec::new();
                    for g in &fw.groups {
                        let c = self.group_cond(s, w, g.bit);
                        let mask = hex_lit(1u32 << g.bit);
                        sets.push(quote!(if #c { #name |= #mask; }));
                    }
                    out.extend(quote! {
                        let mut #name: u32 = self.#unknown & #others;
                        #(#sets)*
                        buf.put_u32_le(#name);
                    });
                }
                WireItem::Field(fi) => {
                    let f = &s.fields[fi];
                    let n = ident(&f.name);
                    match f.cond {
                        Cond::TrueFlag { .. } => {}
                        Cond::Always => {
                            out.extend(self.ser_stmt(
                                &f.ty,
                                &quote!(self.#n),
                                &quote!(&self.#n),
                                depth,
                            ));
                        }
                        Cond::Flag { word, bit } => {
                            let st = self.ser_stmt(&f.ty, &quote!(__v), &quote!(__v), depth);
                            let stmt = quote!(if let Some(__v) = &self.#n { #st });
                            if Self::shared(s, word, bit) {
                                let w = ident(&s.flag_words[word].name);
                                let mask = hex_lit(1u32 << bit);
                                out.extend(quote!(if let (true, Some(__v)) = (#w & #mask != 0, &self.#n) { #st }));
                            } else {
                                out.extend(stmt);
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// Statements reading the fields, ending in `Ok(Self { .. })`.
    pub(super) fn de_body(&self, s: &Struct, depth: usize) -> TokenStream {
        let mut out = TokenStream::new();
        for item in &s.wire {
            match *item {
                WireItem::Flags(w) => {
                    let fw = &s.flag_words[w];
                    let name = ident(&fw.name);
                    let path = format!("{}.{}", s.tl_name, fw.tl_name);
                    let read = tried(quote!(__p::read_flags(__r, #path)));
                    out.extend(quote!(let #name = #read;));
                }
                WireItem::Field(fi) => {
                    let f = &s.fields[fi];
                    let n = ident(&f.name);
                    let path = format!("{}.{}", s.tl_name, f.tl_name);
                    match f.cond {
                        Cond::TrueFlag { word, bit } => {
                            let w = ident(&s.flag_words[word].name);
                            let mask = hex_lit(1u32 << bit);
                            out.extend(quote!(let #n = #w & #mask != 0;));
                        }
                        Cond::Always => {
                            let e = tried(self.de_expr(&f.ty, &path, depth));
                            if f.boxed {
                                out.extend(quote!(let #n = Box::new(#e);));
                            } else {
                                out.extend(quote!(let #n = #e;));
                            }
                        }
                        Cond::Flag { word, bit } => {
                            let w = ident(&s.flag_words[word].name);
                            let mask = hex_lit(1u32 << bit);
                            let e = tried(self.de_expr(&f.ty, &path, depth));
                            let val = if f.boxed { quote!(Box::new(#e)) } else { e };
                            out.extend(quote! {
                                let #n = if #w & #mask != 0 {
                                    Some(#val)
                                } else {
                                    None
                                };
                            });
                        }
                    }
                }
            }
        }
        if s.fields.is_empty() {
            out.extend(quote!(Ok(Self)));
        } else if s.flag_words.is_empty() {
            let names = s.fields.iter().map(|f| ident(&f.name));
            out.extend(quote!(Ok(Self { #(#names),* })));
        } else {
            let names = s.fields.iter().map(|f| ident(&f.name));
            let unknown = s.flag_words.iter().map(|w| {
                let n = ident(&w.unknown);
                let word = ident(&w.name);
                let others = hex_lit(!w.known_mask());
                quote!(#n: #word & #others)
            });
            out.extend(quote!(Ok(Self { #(#names,)* #(#unknown),* })));
        }
        out
    }
}
