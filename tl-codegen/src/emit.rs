//! Phase 3: emit. Turns the [`Ir`] into Rust tokens (no I/O, no formatting).
//!
//! Shape of the output (one file, meant for `include!` inside a module):
//!
//! * `pub const LAYER: i32` (when the schema names its layer), a
//!   compile-time guard that the runtime speaks the same generated-code ABI,
//!   and `pub fn name_for_id(u32) -> Option<&'static str>`.
//! * `pub mod types`: one struct per constructor, namespaces as nested
//!   modules. Implements `Identifiable` and `Serializable`/`Deserializable`
//!   (id + fields); constructors the schema uses bare (`%T`, `vector<t>`
//!   elements) also implement `Bare` (the fields alone), the others do not,
//!   which halves the number of function bodies the consumer compiles.
//! * `pub mod enums`: one enum per boxed type, a variant per constructor
//!   (fieldless constructors are unit variants), with `From`/`TryFrom`
//!   against each constructor struct.
//! * `pub mod functions`: one struct per function, `RemoteCall` with the
//!   return type; generic functions (`{X:Type} query:!X = X`) are generic
//!   over `X: RemoteCall` and return `X::Return`.
//! * `pub enum Object`: every constructor and (when decodable) function,
//!   decodable by id alone.
//!
//! Everything outside the generated tree is named by an absolute path
//! (`::core`, `::std`, the runtime path): written out at the include site,
//! imported by `use` lines at the top of every generated module, so the
//! bodies can say `Option` and `Box` yet mean std's whatever the including
//! module defines. Generated items name each other with `super::` chains,
//! so the file works wherever it is included.
//! Because `include!` cannot carry inner attributes, lint allowances sit on
//! the generated modules.
//!
//! Compile-time budget: serialization methods are generic over `BufMut`, so
//! they cost nothing until used; field reads go through one generic runtime
//! helper per field type (`__private::read_field`), which also records the
//! `type.field` path in decode errors without a closure per field; constant
//! sizes are summed at generation time.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Cond, Enum, EnumId, FnId, Ir, ObjectTarget, Struct, StructId, Ty, WireItem};
use crate::names::ident;

/// The runtime ABI the generated code is written against. Checked at
/// compile time with the runtime's `__private::abi_compatible`.
pub const CODEGEN_ABI: u32 = 1;

/// What the emitter needs from the configuration.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path of the runtime crate (`::tl_runtime`), as Rust source. Checked
    /// to be a path by [`Config`](crate::Config); an unparsable value falls
    /// back to `::tl_runtime`.
    pub runtime: String,
    /// Add serde derives.
    pub serde: bool,
    /// Derive `Debug` on every item.
    pub debug: bool,
    /// `From<types::X> for enums::Y` and `TryFrom<enums::Y> for types::X`.
    pub conversions: bool,
    /// Write the per-item trait impl boilerplate through a shared
    /// `macro_rules!` (smaller output, faster to generate and print).
    /// prettyplease cannot lay out macro arguments, so
    /// [`Config::pretty`](crate::Config::pretty) turns this off and the
    /// impls are written out.
    pub compact: bool,
}

struct Emitter<'a> {
    ir: &'a Ir,
    rt: TokenStream,
    serde: bool,
    debug: bool,
    conversions: bool,
    compact: bool,
}

fn doc_lines(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for line in text.lines() {
        let l = format!(" {line}");
        out.extend(quote!(#[doc = #l]));
    }
    out
}

fn hex_lit(id: u32) -> Literal {
    // Lexing one literal is cheaper than lexing a token stream.
    format!("{id:#010x}")
        .parse::<Literal>()
        .unwrap_or_else(|_| Literal::u32_unsuffixed(id))
}

fn supers(depth: usize) -> TokenStream {
    let mut t = TokenStream::new();
    for _ in 0..depth {
        t.extend(quote!(super::));
    }
    t
}

fn module_path(module: &[String]) -> TokenStream {
    let mut t = TokenStream::new();
    for m in module {
        let i = ident(m);
        t.extend(quote!(#i::));
    }
    t
}

/// Names of the private wire helpers, by slot.
const WIRE_HELPERS: [&str; 3] = ["raw_vec", "bare_vec", "boxed_bare_vec"];

impl Emitter<'_> {
    fn enum_path(&self, e: EnumId, depth: usize) -> TokenStream {
        let en = &self.ir.enums[e];
        let root = supers(depth);
        let m = module_path(&en.module);
        let n = ident(&en.name);
        quote!(#root enums::#m #n)
    }

    fn struct_path(&self, s: StructId, depth: usize) -> TokenStream {
        let st = &self.ir.structs[s];
        let root = supers(depth);
        let m = module_path(&st.module);
        let n = ident(&st.name);
        quote!(#root types::#m #n)
    }

    fn fn_path(&self, f: FnId, depth: usize) -> TokenStream {
        let st = self.ir.function(f);
        let root = supers(depth);
        let m = module_path(&st.module);
        let n = ident(&st.name);
        quote!(#root functions::#m #n)
    }

    fn rust_ty(&self, t: &Ty, depth: usize) -> TokenStream {
        let rt = &self.rt;
        match t {
            Ty::Int => quote!(i32),
            Ty::Long => quote!(i64),
            Ty::Double => quote!(f64),
            Ty::Nat => quote!(u32),
            Ty::Int128 => quote!([u8; 16]),
            Ty::Int256 => quote!([u8; 32]),
            Ty::String => quote!(String),
            Ty::Bytes => quote!(#rt::bytes::Bytes),
            Ty::Bool => quote!(bool),
            Ty::Vector { elem, .. } => {
                let e = self.rust_ty(elem, depth);
                quote!(Vec<#e>)
            }
            Ty::Enum(e) => self.enum_path(*e, depth),
            Ty::Bare(s) => self.struct_path(*s, depth),
            Ty::Object => {
                let root = supers(depth);
                quote!(#root Object)
            }
            Ty::Param(p) => {
                let i = ident(&crate::names::escape(&crate::names::camel(p)));
                quote!(#i)
            }
        }
    }

    fn wire(&self, slot: usize, depth: usize, suffix: &str) -> TokenStream {
        let root = supers(depth);
        let name = format_ident!("{}_{}", WIRE_HELPERS[slot], suffix);
        quote!(#root __wire::#name)
    }

    /// Expression: serialized length of the value at `place` (`self.x` or
    /// a reference `__v`); `r` is a reference to it.
    fn len_expr(&self, t: &Ty, place: &TokenStream, r: &TokenStream, depth: usize) -> TokenStream {
        match t {
            Ty::Bare(_) => quote!(#place.bare_len()),
            Ty::Vector { elem, bare } => match (bare, matches!(**elem, Ty::Bare(_))) {
                (false, false) => quote!(#place.serialized_len()),
                (true, false) => {
                    let h = self.wire(0, depth, "len");
                    quote!(#h(#r))
                }
                (true, true) => quote!(__p::bare_vec_len(#r)),
                (false, true) => quote!(4 + __p::bare_vec_len(#r)),
            },
            _ => quote!(#place.serialized_len()),
        }
    }

    /// Statement: write the value at `place` into `buf`.
    fn ser_stmt(&self, t: &Ty, place: &TokenStream, r: &TokenStream, depth: usize) -> TokenStream {
        match t {
            Ty::Bare(_) => quote!(#place.serialize_bare(buf);),
            Ty::Vector { elem, bare } => match (bare, matches!(**elem, Ty::Bare(_))) {
                (false, false) => quote!(#place.serialize(buf);),
                (true, false) => {
                    let h = self.wire(0, depth, "write");
                    quote!(#h(#r, buf);)
                }
                (true, true) => quote!(__p::write_bare_vec(buf, #r);),
                (false, true) => quote! {
                    buf.put_u32_le(0x1cb5c415);
                    __p::write_bare_vec(buf, #r);
                },
            },
            _ => quote!(#place.serialize(buf);),
        }
    }

    /// Expression: `Result<T, DecodeError>` reading a `t` with error path `path`.
    /// The type is spelled out (`read_field::<T>`): rustc type-checks the
    /// generated crate measurably faster than when it infers `T` from the
    /// struct literal further down.
    fn de_expr(&self, t: &Ty, path: &str, depth: usize) -> TokenStream {
        let ty = self.rust_ty(t, depth);
        match t {
            Ty::Bare(_) => quote!(__p::read_bare_field::<#ty>(__r, #path)),
            Ty::Vector { elem, bare } => {
                let e = self.rust_ty(elem, depth);
                match (bare, matches!(**elem, Ty::Bare(_))) {
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
    fn group_cond(&self, s: &Struct, word: usize, bit: u32) -> TokenStream {
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

    /// Body of the bare length: an expression.
    fn len_body(&self, s: &Struct, extra: usize, depth: usize) -> TokenStream {
        let mut fixed = extra + 4 * s.flag_words.len();
        let mut dynamic = Vec::new();
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
                        self.group_cond(s, word, bit)
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
            quote!({
                let mut __n: usize = #fixed;
                #(#dynamic)*
                __n
            })
        }
    }

    /// Statements writing the fields (not the id).
    fn ser_body(&self, s: &Struct, depth: usize) -> TokenStream {
        let mut out = TokenStream::new();
        for item in &s.wire {
            match *item {
                WireItem::Flags(w) => {
                    let name = ident(&s.flag_words[w].name);
                    let mut sets = Vec::new();
                    for g in &s.flag_words[w].groups {
                        let c = self.group_cond(s, w, g.bit);
                        let mask = hex_lit(1u32 << g.bit);
                        sets.push(quote!(if #c { #name |= #mask; }));
                    }
                    out.extend(quote! {
                        let mut #name: u32 = 0;
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
    fn de_body(&self, s: &Struct, depth: usize) -> TokenStream {
        let mut out = TokenStream::new();
        for item in &s.wire {
            match *item {
                WireItem::Flags(w) => {
                    let fw = &s.flag_words[w];
                    let name = ident(&fw.name);
                    let path = format!("{}.{}", s.tl_name, fw.tl_name);
                    out.extend(quote!(let #name = __p::read_flags(__r, #path)?;));
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
                            let e = self.de_expr(&f.ty, &path, depth);
                            if f.boxed {
                                out.extend(quote!(let #n = Box::new(#e?);));
                            } else {
                                out.extend(quote!(let #n = #e?;));
                            }
                        }
                        Cond::Flag { word, bit } => {
                            let w = ident(&s.flag_words[word].name);
                            let mask = hex_lit(1u32 << bit);
                            let e = self.de_expr(&f.ty, &path, depth);
                            let val = if f.boxed {
                                quote!(Box::new(#e?))
                            } else {
                                quote!(#e?)
                            };
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
        } else {
            let names = s.fields.iter().map(|f| ident(&f.name));
            out.extend(quote!(Ok(Self { #(#names),* })));
        }
        out
    }

    /// Derives for an item inside the generated modules, which import the
    /// std names.
    fn derives(&self, default: bool) -> TokenStream {
        let debug = if self.debug { quote!(Debug,) } else { quote!() };
        let d = if default { quote!(, Default) } else { quote!() };
        let serde = self.serde_derives();
        quote! {
            #[derive(#debug Clone, PartialEq #d)]
            #serde
        }
    }

    fn serde_derives(&self) -> TokenStream {
        if self.serde {
            quote!(#[derive(::serde::Serialize, ::serde::Deserialize)])
        } else {
            quote!()
        }
    }

    fn field_decls(&self, s: &Struct, depth: usize) -> TokenStream {
        let mut out = TokenStream::new();
        for f in &s.fields {
            let n = ident(&f.name);
            let doc = match &f.doc {
                Some(d) => doc_lines(&format!("{d}\n\nTL: `{}`", f.tl_text)),
                None => doc_lines(&format!("`{}`", f.tl_text)),
            };
            let base = self.rust_ty(&f.ty, depth);
            let base = if f.boxed { quote!(Box<#base>) } else { base };
            let ty = match f.cond {
                Cond::Always => base,
                Cond::TrueFlag { .. } => quote!(bool),
                Cond::Flag { .. } => quote!(Option<#base>),
            };
            out.extend(quote!(#doc pub #n: #ty,));
        }
        out
    }

    fn struct_doc(&self, s: &Struct, what: &str) -> String {
        let mut doc = String::new();
        if let Some(d) = &s.description {
            doc.push_str(d);
            doc.push_str("\n\n");
        }
        doc.push_str(&format!("`{}`\n\n{what} id `{:#010x}`", s.tl_line, s.id));
        doc
    }

    fn emit_struct(&self, si: StructId) -> TokenStream {
        let s = &self.ir.structs[si];
        let rt = &self.rt;
        let depth = 1 + s.module.len();
        let name = ident(&s.name);
        let mut doc = self.struct_doc(s, "Constructor");
        if let Some(e) = s.enum_index {
            let en = &self.ir.enums[e];
            doc.push_str(&format!(
                " of the boxed type `{}` (`enums::{}{}`).",
                en.tl_name,
                en.module
                    .iter()
                    .map(|m| format!("{m}::"))
                    .collect::<String>(),
                en.name
            ));
        } else {
            doc.push('.');
        }
        let doc = doc_lines(&doc);
        let derives = self.derives(s.default);
        let id = hex_lit(s.id);
        let tl_name = &s.tl_name;
        let body = if s.is_unit() {
            quote!(;)
        } else {
            let fields = self.field_decls(s, depth);
            quote!({ #fields })
        };
        let ser = self.ser_body(s, depth);
        let de = self.de_body(s, depth);
        if !s.bare_used {
            // Written boxed only: implement the traits directly (three
            // bodies instead of six keeps the consumer's build fast).
            let len = self.len_body(s, 4, depth);
            let impls = if self.compact {
                quote!(__tl_impls!(#name, #id, #tl_name, self, buf, __r, #len, { #ser }, { #de });)
            } else {
                quote! {
                    impl #rt::Identifiable for #name {
                        const CONSTRUCTOR_ID: u32 = #id;
                    }
                    impl #rt::Serializable for #name {
                        #[inline] fn serialized_len(&self) -> usize { #len }
                        #[inline] fn serialize(&self, buf: &mut impl __BufMut) {
                            buf.put_u32_le(#id);
                            #ser
                        }
                    }
                    impl #rt::Deserializable for #name {
                        #[inline] fn deserialize(__r: &mut __Reader<'_>) -> Result<Self, __Error> {
                            __r.expect_id(#id, #tl_name)?;
                            #de
                        }
                    }
                }
            };
            return quote! {
                #doc
                #derives
                pub struct #name #body
                #impls
            };
        }
        let len = self.len_body(s, 0, depth);
        let buf = if s.is_unit() {
            quote!(_buf)
        } else {
            quote!(buf)
        };
        let min = Literal::usize_unsuffixed(s.min_bare);
        let min = if s.min_bare > 0 {
            quote!(const MIN_BARE_SIZE: usize = #min;)
        } else {
            quote!()
        };
        quote! {
            #doc
            #derives
            pub struct #name #body
            impl #rt::Bare for #name {
                #min
                #[inline] fn bare_len(&self) -> usize { #len }
                #[inline] fn serialize_bare(&self, #buf: &mut impl __BufMut) { #ser }
                #[inline] fn deserialize_bare(__r: &mut __Reader<'_>) -> Result<Self, __Error> { #de }
            }
            __tl_boxed!(#name, #id, #tl_name);
        }
    }

    fn emit_function(&self, fi: usize) -> TokenStream {
        let s = &self.ir.functions[fi];
        let rt = &self.rt;
        let depth = 1 + s.module.len();
        let name = ident(&s.name);
        let mut doc = self.struct_doc(s, "Function");
        doc.push('.');
        let ret = s.ret.as_ref().expect("functions have a return type");
        let ret_ty = match ret {
            Ty::Param(_) => {
                let g = ident(s.generic.as_deref().unwrap_or("X"));
                quote!(#g::Return)
            }
            t => self.rust_ty(t, depth),
        };
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
        let mut consts = TokenStream::new();
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
            let users = m.usable_by.users();
            let bots = m.usable_by.bots();
            let errs = m.errors.iter().map(|(c, e)| {
                let c = Literal::i32_unsuffixed(*c);
                quote!((#c, #e))
            });
            consts = quote! {
                /// Whether user accounts may call this method (from the methods table).
                pub const USABLE_BY_USERS: bool = #users;
                /// Whether bot accounts may call this method (from the methods table).
                pub const USABLE_BY_BOTS: bool = #bots;
                /// The RPC errors this method is documented to return: `(code, name)`.
                pub const ERRORS: &'static [(i32, &'static str)] = &[#(#errs),*];
            };
        }
        let doc = doc_lines(&doc);
        let derives = self.derives(s.default);
        let id = hex_lit(s.id);
        let tl_name = &s.tl_name;
        let (gdecl, gname, gser, gde, grc) = match &s.generic {
            Some(g) => {
                let g = ident(g);
                (
                    quote!(<#g>),
                    quote!(<#g>),
                    quote!(<#g: #rt::Serializable>),
                    quote!(<#g: #rt::Deserializable>),
                    quote!(<#g: #rt::RemoteCall>),
                )
            }
            None => (quote!(), quote!(), quote!(), quote!(), quote!()),
        };
        let body = if s.is_unit() {
            quote!(;)
        } else {
            let fields = self.field_decls(s, depth);
            quote!({ #fields })
        };
        let len = self.len_body(s, 4, depth);
        let ser = self.ser_body(s, depth);
        let consts = if consts.is_empty() {
            quote!()
        } else {
            quote!(impl #gdecl #name #gname { #consts })
        };
        let impls = if s.generic.is_none() && self.compact {
            // The shared macro writes the impl boilerplate.
            if self.ir.decodable_functions {
                let de = self.de_body(s, depth);
                quote!(__tl_impls!(#name, #id, #tl_name, self, buf, __r, #len, { #ser }, { #de });)
            } else {
                quote!(__tl_impls!(@ser #name, #id, self, buf, #len, { #ser });)
            }
        } else {
            let de = if self.ir.decodable_functions {
                let de = self.de_body(s, depth);
                quote! {
                    impl #gde #rt::Deserializable for #name #gname {
                        #[inline] fn deserialize(__r: &mut __Reader<'_>) -> Result<Self, __Error> {
                            __r.expect_id(#id, #tl_name)?;
                            #de
                        }
                    }
                }
            } else {
                quote!()
            };
            quote! {
                impl #gdecl #rt::Identifiable for #name #gname {
                    const CONSTRUCTOR_ID: u32 = #id;
                }
                impl #gser #rt::Serializable for #name #gname {
                    #[inline] fn serialized_len(&self) -> usize { #len }
                    #[inline] fn serialize(&self, buf: &mut impl __BufMut) {
                        buf.put_u32_le(#id);
                        #ser
                    }
                }
                #de
            }
        };
        quote! {
            #doc
            #derives
            pub struct #name #gdecl #body
            #impls
            impl #grc #rt::RemoteCall for #name #gname {
                type Return = #ret_ty;
            }
            #consts
        }
    }

    fn emit_enum(&self, ei: EnumId) -> TokenStream {
        let e: &Enum = &self.ir.enums[ei];
        let rt = &self.rt;
        let depth = 1 + e.module.len();
        let name = ident(&e.name);
        let mut doc = String::new();
        if let Some(d) = &e.description {
            doc.push_str(d);
            doc.push_str("\n\n");
        }
        doc.push_str(&format!(
            "The boxed TL type `{}`: one variant per constructor.",
            e.tl_name
        ));
        let doc = doc_lines(&doc);
        let unit_default = e
            .default_variant
            .is_some_and(|v| self.ir.structs[e.variants[v].ctor].is_unit());
        let derives = self.derives(unit_default);
        let mut variants = TokenStream::new();
        let mut len_arms = TokenStream::new();
        let mut ser_arms = TokenStream::new();
        let mut de_arms = TokenStream::new();
        let mut convs = TokenStream::new();
        for (vi, v) in e.variants.iter().enumerate() {
            let s = &self.ir.structs[v.ctor];
            let vn = ident(&v.name);
            let sp = self.struct_path(v.ctor, depth);
            let vdoc = doc_lines(&format!("`{}`", s.tl_line));
            let dflt = if unit_default && e.default_variant == Some(vi) {
                quote!(#[default])
            } else {
                quote!()
            };
            let id = hex_lit(s.id);
            // The shape argument of `__tl_variant!`.
            let shape = if s.is_unit() {
                variants.extend(quote!(#vdoc #dflt #vn,));
                len_arms.extend(quote!(Self::#vn => 4,));
                ser_arms.extend(quote!(Self::#vn => buf.put_u32_le(#id),));
                de_arms.extend(quote!(#id => #sp::deserialize(__r).and(Ok(Self::#vn)),));
                quote!(, unit)
            } else {
                let (pay, boxing, shape) = if v.boxed {
                    (quote!(Box<#sp>), quote!(.map(Box::new)), quote!(, boxed))
                } else {
                    (quote!(#sp), quote!(), quote!())
                };
                variants.extend(quote!(#vdoc #vn(#pay),));
                len_arms.extend(quote!(Self::#vn(v) => v.serialized_len(),));
                ser_arms.extend(quote!(Self::#vn(v) => v.serialize(buf),));
                de_arms.extend(quote!(#id => #sp::deserialize(__r) #boxing .map(Self::#vn),));
                shape
            };
            if self.conversions {
                convs.extend(quote!(__tl_variant!(#name, #vn, #sp #shape);));
            }
        }
        let tl = &e.tl_name;
        let manual_default = match e.default_variant {
            Some(v) if !unit_default => {
                let vn = ident(&e.variants[v].name);
                quote! {
                    impl Default for #name {
                        fn default() -> Self {
                            Self::#vn(Default::default())
                        }
                    }
                }
            }
            _ => quote!(),
        };
        quote! {
            #doc
            #derives
            pub enum #name { #variants }
            impl #rt::Serializable for #name {
                #[inline] fn serialized_len(&self) -> usize {
                    match self { #len_arms }
                }
                #[inline] fn serialize(&self, buf: &mut impl __BufMut) {
                    match self { #ser_arms }
                }
            }
            impl #rt::Deserializable for #name {
                #[inline] fn deserialize(__r: &mut __Reader<'_>) -> Result<Self, __Error> {
                    let __start = __r.position();
                    let __id = __r.peek_u32()?;
                    __r.enter(#tl)?;
                    let __v = match __id {
                        #de_arms
                        _ => Err(__Error::unknown_constructor(__id, #tl, __start)),
                    };
                    __r.leave();
                    __v
                }
            }
            #manual_default
            #convs
        }
    }

    fn emit_object(&self) -> TokenStream {
        let Some(vars) = &self.ir.object else {
            return quote!();
        };
        let rt = &self.rt;
        let mut variants = TokenStream::new();
        let mut id_arms = TokenStream::new();
        let mut len_arms = TokenStream::new();
        let mut ser_arms = TokenStream::new();
        let mut de_arms = TokenStream::new();
        if self.ir.has_bool {
            variants.extend(quote! {
                /// `boolTrue#997275b5` / `boolFalse#bc799737`.
                Bool(bool),
            });
            id_arms.extend(quote! {
                Self::Bool(true) => 0x997275b5,
                Self::Bool(false) => 0xbc799737,
            });
            len_arms.extend(quote!(Self::Bool(_) => 4,));
            ser_arms.extend(quote!(Self::Bool(v) => #rt::Serializable::serialize(v, buf),));
            de_arms.extend(quote!(0x997275b5 | 0xbc799737 => <bool as #rt::Deserializable>::deserialize(__r).map(Self::Bool),));
        }
        for v in vars {
            let (s, path) = match v.target {
                ObjectTarget::Struct(s) => (&self.ir.structs[s], self.struct_path(s, 0)),
                ObjectTarget::Function(f) => {
                    let st = self.ir.function(f);
                    let p = self.fn_path(f, 0);
                    let p = if st.generic.is_some() {
                        quote!(#p<Object>)
                    } else {
                        p
                    };
                    (st, p)
                }
            };
            let vn = ident(&v.name);
            let vdoc = doc_lines(&format!("`{}`", s.tl_line));
            let id = hex_lit(s.id);
            let (pay, r, map) = if v.boxed {
                (
                    quote!(::std::boxed::Box<#path>),
                    quote!(&**v),
                    quote!(.map(::std::boxed::Box::new)),
                )
            } else {
                (quote!(#path), quote!(v), quote!())
            };
            variants.extend(quote!(#vdoc #vn(#pay),));
            id_arms.extend(quote!(Self::#vn(_) => #id,));
            len_arms.extend(quote!(Self::#vn(v) => #rt::Serializable::serialized_len(#r),));
            ser_arms.extend(quote!(Self::#vn(v) => #rt::Serializable::serialize(#r, buf),));
            de_arms.extend(quote!(#id => <#path as #rt::Deserializable>::deserialize(__r) #map .map(Self::#vn),));
        }
        // `Object` sits where the user includes the file: absolute paths only.
        let serde = self.serde_derives();
        let debug = if self.debug {
            quote!(::core::fmt::Debug,)
        } else {
            quote!()
        };
        let derives = quote! {
            #[derive(#debug ::core::clone::Clone, ::core::cmp::PartialEq)]
            #serde
        };
        let fns = if self.ir.decodable_functions {
            " and function"
        } else {
            ""
        };
        let doc = doc_lines(&format!(
            "Any constructor{fns} of the schema, decodable by its id alone and serializable back byte for byte.\n\nThe TL type `Object` maps to this enum."
        ));
        quote! {
            #doc
            #derives
            pub enum Object { #variants }
            impl Object {
                /// The constructor id of the held value.
                pub fn constructor_id(&self) -> u32 {
                    match self { #id_arms }
                }
            }
            impl #rt::Serializable for Object {
                #[inline] fn serialized_len(&self) -> usize {
                    match self { #len_arms }
                }
                #[inline] fn serialize(&self, buf: &mut impl #rt::bytes::BufMut) {
                    match self { #ser_arms }
                }
            }
            impl #rt::Deserializable for Object {
                #[inline] fn deserialize(__r: &mut #rt::Reader<'_>) -> ::core::result::Result<Self, #rt::DecodeError> {
                    let __start = __r.position();
                    let __id = __r.peek_u32()?;
                    __r.enter("Object")?;
                    let __v = match __id {
                        #de_arms
                        _ => ::core::result::Result::Err(#rt::DecodeError::unknown_constructor(__id, "Object", __start)),
                    };
                    __r.leave();
                    __v
                }
            }
        }
    }

    /// `macro_rules!` shared by every item: the boilerplate impls that
    /// only differ by name and id, written once so the generated file (and
    /// the time to generate and format it) stays small.
    fn emit_macros(&self) -> TokenStream {
        let rt = &self.rt;
        let mut out = TokenStream::new();
        if self.compact && (!self.ir.structs.is_empty() || !self.ir.functions.is_empty()) {
            out.extend(quote! {
                /// Identifiable + boxed Serializable (+ Deserializable) from the
                /// bodies the generator wrote. The receiver, buffer and reader
                /// names come from the call site so the bodies can use them.
                macro_rules! __tl_impls {
                    ($t:ident, $id:literal, $tl:literal, $s:tt, $buf:ident, $r:ident, $len:expr, $ser:block, $de:block) => {
                        __tl_impls!(@ser $t, $id, $s, $buf, $len, $ser);
                        impl #rt::Deserializable for $t {
                            #[inline]
                            fn deserialize($r: &mut #rt::Reader<'_>) -> Result<Self, #rt::DecodeError> {
                                $r.expect_id($id, $tl)?;
                                $de
                            }
                        }
                    };
                    (@ser $t:ident, $id:literal, $s:tt, $buf:ident, $len:expr, $ser:block) => {
                        impl #rt::Identifiable for $t {
                            const CONSTRUCTOR_ID: u32 = $id;
                        }
                        impl #rt::Serializable for $t {
                            #[inline]
                            fn serialized_len(&$s) -> usize {
                                $len
                            }
                            #[inline]
                            fn serialize(&$s, $buf: &mut impl #rt::bytes::BufMut) {
                                #rt::bytes::BufMut::put_u32_le($buf, $id);
                                $ser
                            }
                        }
                    };
                }
            });
        }
        if self.ir.structs.iter().any(|s| s.bare_used) {
            out.extend(quote! {
                /// Identifiable + boxed Serializable/Deserializable over `Bare`.
                macro_rules! __tl_boxed {
                    ($t:ident, $id:literal, $tl:literal) => {
                        impl #rt::Identifiable for $t {
                            const CONSTRUCTOR_ID: u32 = $id;
                        }
                        impl #rt::Serializable for $t {
                            #[inline] fn serialized_len(&self) -> usize {
                                4 + #rt::Bare::bare_len(self)
                            }
                            #[inline] fn serialize(&self, buf: &mut impl #rt::bytes::BufMut) {
                                #rt::bytes::BufMut::put_u32_le(buf, $id);
                                #rt::Bare::serialize_bare(self, buf);
                            }
                        }
                        impl #rt::Deserializable for $t {
                            #[inline] fn deserialize(r: &mut #rt::Reader<'_>) -> Result<Self, #rt::DecodeError> {
                                r.expect_id($id, $tl)?;
                                #rt::Bare::deserialize_bare(r)
                            }
                        }
                    };
                }
            });
        }
        if self.conversions && !self.ir.enums.is_empty() {
            out.extend(quote! {
                /// `From<types::X> for enums::Y` and `TryFrom<enums::Y> for types::X`.
                macro_rules! __tl_variant {
                    ($e:ident, $v:ident, $t:path, unit) => {
                        impl From<$t> for $e {
                            #[inline] fn from(_: $t) -> Self {
                                Self::$v
                            }
                        }
                        impl TryFrom<$e> for $t {
                            type Error = $e;
                            #[inline] fn try_from(v: $e) -> Result<Self, $e> {
                                match v {
                                    $e::$v => Ok($t),
                                    #[allow(unreachable_patterns)]
                                    other => Err(other),
                                }
                            }
                        }
                    };
                    ($e:ident, $v:ident, $t:path, boxed) => {
                        impl From<$t> for $e {
                            #[inline] fn from(v: $t) -> Self {
                                Self::$v(Box::new(v))
                            }
                        }
                        impl TryFrom<$e> for $t {
                            type Error = $e;
                            #[inline] fn try_from(v: $e) -> Result<Self, $e> {
                                match v {
                                    $e::$v(x) => Ok(*x),
                                    #[allow(unreachable_patterns)]
                                    other => Err(other),
                                }
                            }
                        }
                    };
                    ($e:ident, $v:ident, $t:path) => {
                        impl From<$t> for $e {
                            #[inline] fn from(v: $t) -> Self {
                                Self::$v(v)
                            }
                        }
                        impl TryFrom<$e> for $t {
                            type Error = $e;
                            #[inline] fn try_from(v: $e) -> Result<Self, $e> {
                                match v {
                                    $e::$v(x) => Ok(x),
                                    #[allow(unreachable_patterns)]
                                    other => Err(other),
                                }
                            }
                        }
                    };
                }
            });
        }
        out
    }

    fn emit_wire(&self) -> TokenStream {
        let rt = &self.rt;
        if !self.ir.raw_vec_helpers {
            return quote!();
        }
        // Bare vectors of boxed or plain elements (`vector<T>`) kept as a
        // plain `Vec<T>`: the runtime's own `RawVec<T>` would need the
        // wrapper in the user's type, so the size and write loops live
        // here (reading uses `__private::read_raw_vec`).
        quote! {
            /// Wire helpers for bare vectors (private).
            #[doc(hidden)]
            mod __wire {
                pub(super) fn raw_vec_len<T: #rt::Serializable>(v: &[T]) -> usize {
                    let mut n = 4;
                    for x in v { n += #rt::Serializable::serialized_len(x); }
                    n
                }
                pub(super) fn raw_vec_write<T: #rt::Serializable>(v: &[T], buf: &mut impl #rt::bytes::BufMut) {
                    #rt::bytes::BufMut::put_u32_le(buf, v.len() as u32);
                    for x in v { #rt::Serializable::serialize(x, buf); }
                }
            }
        }
    }
}

/// `{ tokens }` as one group token. Interpolating a group into `quote!`
/// clones a reference; interpolating a stream copies every token, which
/// for whole modules dominated the generation time.
fn braced(tokens: TokenStream) -> proc_macro2::Group {
    proc_macro2::Group::new(proc_macro2::Delimiter::Brace, tokens)
}

/// A tree of modules holding emitted items.
#[derive(Default)]
struct ModTree {
    items: Vec<TokenStream>,
    children: std::collections::BTreeMap<String, ModTree>,
}

impl ModTree {
    fn insert(&mut self, module: &[String], item: TokenStream) {
        match module.split_first() {
            None => self.items.push(item),
            Some((first, rest)) => self
                .children
                .entry(first.clone())
                .or_default()
                .insert(rest, item),
        }
    }

    fn render(self, what: &str, path: &str, prelude: &TokenStream) -> TokenStream {
        let mut out = TokenStream::new();
        if !self.items.is_empty() {
            out.extend(prelude.clone());
        }
        for (name, child) in self.children {
            let i = ident(&name);
            let p = format!("{path}{}.", name.trim_start_matches("r#"));
            let doc = doc_lines(&format!(
                "{what} of the `{}` namespace.",
                p.trim_end_matches('.')
            ));
            let inner = child.render(what, &p, prelude);
            let inner = braced(inner);
            out.extend(quote!(#doc pub mod #i #inner));
        }
        out.extend(self.items);
        out
    }
}

/// The independent top-level pieces of the output, in file order. Each can
/// be emitted (and formatted) on its own, which lets the formatter work on
/// several at once; concatenated they are the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `LAYER`, the ABI guard and `name_for_id`.
    Root,
    /// The shared `macro_rules!` (before their first use: macro scoping is
    /// textual).
    Macros,
    /// `pub mod types`.
    Types,
    /// `pub mod enums`.
    Enums,
    /// `pub mod functions`.
    Functions,
    /// `pub enum Object` and the private wire helpers.
    Object,
}

impl Part {
    /// Every part, in file order.
    pub const ALL: [Part; 6] = [
        Part::Root,
        Part::Macros,
        Part::Types,
        Part::Enums,
        Part::Functions,
        Part::Object,
    ];
}

/// Emits the whole file as tokens.
pub fn emit(ir: &Ir, opts: &EmitOptions) -> TokenStream {
    let mut out = TokenStream::new();
    for part in Part::ALL {
        out.extend(emit_part(ir, opts, part));
    }
    out
}

/// Emits one part of the file.
pub fn emit_part(ir: &Ir, opts: &EmitOptions, part: Part) -> TokenStream {
    let em = Emitter {
        ir,
        rt: opts
            .runtime
            .parse()
            .unwrap_or_else(|_| quote!(::tl_runtime)),
        serde: opts.serde,
        debug: opts.debug,
        conversions: opts.conversions,
        compact: opts.compact,
    };
    let rt = &em.rt;
    // Every generated module imports what it uses by absolute path, so the
    // code means the same wherever it is included. The std names are
    // reserved in the name registry (`analysis::PRELUDE_NAMES`); the
    // runtime imports are `as _` or start with `__`, which no TL name can.
    let prelude = quote! {
        #[allow(unused_imports)]
        use ::core::{clone::Clone, cmp::PartialEq, convert::{From, TryFrom}, default::Default, fmt::Debug};
        #[allow(unused_imports)]
        use ::core::{option::Option::{self, None, Some}, result::Result::{self, Err, Ok}};
        #[allow(unused_imports)]
        use ::std::{boxed::Box, string::String, vec::Vec};
        #[allow(unused_imports)]
        use #rt::{Bare as _, Deserializable as _, Serializable as _};
        #[allow(unused_imports)]
        use #rt::{__private as __p, bytes::BufMut as __BufMut, DecodeError as __Error, Reader as __Reader};
    };
    match part {
        Part::Root => {
            let layer = match ir.layer {
                Some(l) => {
                    let l = Literal::i64_unsuffixed(i64::from(l));
                    quote! {
                        /// The layer of the schema this code was generated from.
                        pub const LAYER: i32 = #l;
                    }
                }
                None => quote!(),
            };
            let abi = Literal::u32_unsuffixed(CODEGEN_ABI);
            let mut name_arms = TokenStream::new();
            for (id, name) in &ir.names_by_id {
                let id = hex_lit(*id);
                name_arms.extend(quote!(#id => #name,));
            }
            quote! {
                #layer
                const _: () = ::core::assert!(
                    #rt::__private::abi_compatible(#abi),
                    "this code was generated by a tl-codegen whose output does not match this tl-runtime version; regenerate it or align the versions"
                );
                /// The TL name of the constructor or function with this id, if the
                /// schema defines one.
                pub fn name_for_id(id: u32) -> ::core::option::Option<&'static str> {
                    ::core::option::Option::Some(match id {
                        #name_arms
                        _ => return ::core::option::Option::None,
                    })
                }
            }
        }
        Part::Macros => em.emit_macros(),
        Part::Types => {
            if ir.structs.is_empty() {
                return quote!();
            }
            let mut types = ModTree::default();
            for (i, s) in ir.structs.iter().enumerate() {
                types.insert(&s.module, em.emit_struct(StructId(i)));
            }
            let types = braced(types.render("Constructors", "", &prelude));
            quote! {
                /// Constructors: one struct per constructor, holding its fields.
                pub mod types #types
            }
        }
        Part::Enums => {
            if ir.enums.is_empty() {
                return quote!();
            }
            let mut enums = ModTree::default();
            for (i, e) in ir.enums.iter().enumerate() {
                enums.insert(&e.module, em.emit_enum(EnumId(i)));
            }
            let enums = braced(enums.render("Boxed types", "", &prelude));
            quote! {
                /// Boxed types: one enum per type, with a variant per constructor.
                #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
                pub mod enums #enums
            }
        }
        Part::Functions => {
            if ir.functions.is_empty() {
                return quote!();
            }
            let mut funcs = ModTree::default();
            for (i, f) in ir.functions.iter().enumerate() {
                funcs.insert(&f.module, em.emit_function(i));
            }
            let f = braced(funcs.render("Functions", "", &prelude));
            quote! {
                /// Functions (RPC methods): one struct per function, implementing
                /// `RemoteCall` with the type of the answer.
                pub mod functions #f
            }
        }
        Part::Object => {
            let object = em.emit_object();
            let wire = em.emit_wire();
            quote! {
                #object
                #wire
            }
        }
    }
}
