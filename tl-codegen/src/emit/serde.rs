//! `Config::serde`: the JSON form of `docs/json.md` for every generated
//! type, as one impl of the runtime's `json::Json` (two small non-generic
//! bodies) and one-line `serde::Serialize`/`Deserialize` impls that go
//! through it. Derives would write a visitor and a field enum per type and
//! could not spell the TL rules (`"_"`, base64 bytes, hex int128, flags as
//! booleans) without an attribute on every field.
//!
//! What rustc pays follows the number of bodies and what each asks of the
//! type checker, so the bodies hand the fields over as data: `to_tree` is
//! one call of `json::object` with an array of `json::Put` (trait
//! objects), `from_tree` one `match` of `json::read`'s result against a
//! pattern of `json::Req`/`Opt`/`Flag`/`Bits` (no `?` and no drops per
//! field), a boxed type's `from_tree` an integer `match` on the index
//! `json::which` finds. The bodies are `#[inline]`, so, like the generic
//! serialization methods, they are compiled to machine code only where a
//! program uses them.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::Emitter;
use crate::ir::{Cond, Enum, ObjectTarget, Struct};
use crate::names::ident;

impl Emitter<'_> {
    /// The serde impls of a constructor or function (nothing when serde
    /// is off).
    pub(super) fn serde_struct(&self, s: &Struct, name: &Ident, generics: &[Ident]) -> TokenStream {
        if !self.serde {
            return TokenStream::new();
        }
        let j = quote!(__j);
        let tl = &s.tl_name;
        // Writing: one array of fields, handed to one non-generic runtime
        // function. Reading: one generic call whose result is matched
        // against a pattern of the fields; the types come from `Self`.
        // Per type, rustc checks one call, not a chain of generic calls
        // and a `?` (with its drops) per field.
        let mut puts = Vec::new();
        let mut pats = Vec::new();
        let mut keys = Vec::new();
        let mut known = Vec::new();
        let mut inits = TokenStream::new();
        for (i, f) in s.fields.iter().enumerate() {
            let n = ident(&f.name);
            let key = &f.tl_name;
            let slot = format_ident!("__f{i}");
            let (put, pat) = match f.cond {
                Cond::Always => (quote!(Req(#key, &__s.#n)), quote!(#j::Req(#slot))),
                Cond::Flag { .. } => (quote!(Opt(#key, &__s.#n)), quote!(#j::Opt(#slot))),
                Cond::TrueFlag { .. } => (quote!(Flag(#key, __s.#n)), quote!(#j::Flag(#slot))),
            };
            puts.push(quote!(#j::Put::#put));
            pats.push(pat);
            keys.push(key);
            inits.extend(quote!(#n: #slot,));
        }
        for (i, w) in s.flag_words.iter().enumerate() {
            let n = ident(&w.unknown);
            let key = &w.tl_name;
            let slot = format_ident!("__w{i}");
            puts.push(quote!(#j::Put::Bits(#key, __s.#n)));
            pats.push(quote!(#j::Bits(#slot)));
            keys.push(key);
            known.push(proc_macro2::Literal::u32_suffixed(w.known_mask()));
            inits.extend(quote!(#n: #slot,));
        }
        let read = if pats.is_empty() {
            quote!(#j::unit(__t, #tl).and(Ok(Self)))
        } else {
            let pat = tuple_pattern(pats);
            // A `match`, not `?`: no `Try`/`FromResidual` to resolve.
            quote! {
                match #j::read(__t, #tl, &[#(#keys),*], &[#(#known),*]) {
                    Ok(#pat) => Ok(Self { #inits }),
                    Err(e) => Err(e),
                }
            }
        };
        let write = quote!(#j::object(#tl, &[#(#puts),*]));
        let (to_b, de_b, args) = if generics.is_empty() {
            (quote!(), quote!(<'de>), quote!())
        } else {
            let g = generics;
            (
                quote!(<#(#g: #j::Json),*>),
                quote!(<'de, #(#g: #j::Json),*>),
                quote!(<#(#g),*>),
            )
        };
        let serde = self.serde_impls(&j, &to_b, &de_b, &quote!(#name #args));
        quote! {
            impl #to_b #j::Json for #name #args {
                #[inline] fn json(__w: #j::Way<'_, Self>) -> #j::Done<Self> {
                    match __w {
                        #j::Way::To(__s) => #j::Done::Tree(#write),
                        #j::Way::From(__t) => #j::Done::Value(#read),
                    }
                }
            }
            #serde
        }
    }

    /// `impls` behind the `Serde` feature gate (`Config::cfg_feature`)
    /// and `extra` (`Object`'s own gate), when either is set: the
    /// `#[cfg]`s go on every impl (an anonymous `const` around them would
    /// be one more body per type for rustc to check and evaluate).
    pub(super) fn gate_serde(&self, impls: TokenStream, extra: TokenStream) -> TokenStream {
        let mut gate = self.gates.cfg(crate::Gated::Serde);
        gate.extend(extra);
        if impls.is_empty() || gate.is_empty() {
            return impls;
        }
        let mut out = TokenStream::new();
        for t in impls {
            if matches!(&t, proc_macro2::TokenTree::Ident(i) if i == "impl") {
                out.extend(gate.clone());
            }
            out.extend([t]);
        }
        out
    }

    /// The `use` line of every generated module when serde is on: the
    /// impls inside name the runtime's `json` module `__j`.
    pub(super) fn serde_prelude(&self) -> TokenStream {
        if !self.serde {
            return TokenStream::new();
        }
        let rt = &self.rt;
        let gate = self.gates.cfg(crate::Gated::Serde);
        quote! {
            #gate
            #[allow(unused_imports)]
            use #rt::json as __j;
        }
    }

    /// `Serialize`/`Deserialize` through `json::Json`; `j` is the
    /// path of the runtime's `json` module.
    fn serde_impls(
        &self,
        j: &TokenStream,
        ser: &TokenStream,
        de: &TokenStream,
        ty: &TokenStream,
    ) -> TokenStream {
        quote! {
            impl #ser #j::Serialize for #ty {
                fn serialize<__S: #j::Serializer>(&self, __s: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                    #j::serialize(self, __s)
                }
            }
            impl #de #j::Deserialize<'de> for #ty {
                fn deserialize<__D: #j::Deserializer<'de>>(__d: __D) -> ::core::result::Result<Self, __D::Error> {
                    #j::deserialize(__d)
                }
            }
        }
    }

    /// The serde impls of a boxed type: by the constructor's name.
    pub(super) fn serde_enum(&self, e: &Enum, name: &Ident) -> TokenStream {
        let params: Vec<Ident> = e.params.iter().map(|p| ident(p)).collect();
        if !self.serde {
            return TokenStream::new();
        }
        let j = quote!(__j);
        let mut to_arms = TokenStream::new();
        let mut reads = Vec::new();
        let mut names = Vec::new();
        for v in &e.variants {
            let s = &self.ir.structs[v.ctor];
            let vn = ident(&v.name);
            let tl = &s.tl_name;
            if s.is_unit() {
                to_arms.extend(quote!(Self::#vn => #j::object(#tl, &[]),));
                reads.push(quote!(#j::unit(__t, #tl).and(Ok(Self::#vn))));
            } else {
                to_arms.extend(quote!(Self::#vn(v) => #j::Json::to_tree(v),));
                reads.push(quote!(#j::Json::from_tree(__t).map(Self::#vn)));
            }
            names.push(tl);
        }
        let tl = &e.tl_name;
        // The constructor by its index in one array of names: one integer
        // switch instead of a string comparison per constructor.
        let which = quote!(#j::which(&__t, &[#(#names),*], #tl));
        let from = match reads.split_last() {
            Some((last, rest)) => {
                let i = (0..rest.len()).map(proc_macro2::Literal::usize_unsuffixed);
                quote!(match #which { #(Ok(#i) => #rest,)* Ok(_) => #last, Err(e) => Err(e) })
            }
            // No constructor: `which` fails on any name.
            None => quote!(match #which { Ok(_) => Err(#j::unfilled()), Err(e) => Err(e) }),
        };
        let (to_b, args) = super::impls::generics(&params, || quote!(#j::Json));
        let de_b = if params.is_empty() {
            quote!(<'de>)
        } else {
            quote!(<'de, #(#params: #j::Json),*>)
        };
        let serde = self.serde_impls(&j, &to_b, &de_b, &quote!(#name #args));
        quote! {
            impl #to_b #j::Json for #name #args {
                #[inline] fn json(__w: #j::Way<'_, Self>) -> #j::Done<Self> {
                    match __w {
                        #j::Way::To(__s) => #j::Done::Tree(match __s { #to_arms }),
                        #j::Way::From(__t) => #j::Done::Value(#from),
                    }
                }
            }
            #serde
        }
    }

    /// The serde impls of `Object`: any constructor or function by name,
    /// `Bool` as a JSON boolean.
    pub(super) fn serde_object(&self) -> TokenStream {
        let Some(vars) = self.ir.object.as_ref().filter(|_| self.serde) else {
            return TokenStream::new();
        };
        let rt = &self.rt;
        let j = quote!(#rt::json);
        let mut to_arms = TokenStream::new();
        let mut bool_in = TokenStream::new();
        if self.ir.has_bool {
            to_arms.extend(quote!(Self::Bool(v) => #j::Tree::Bool(*v),));
            bool_in.extend(quote! {
                if let #j::Tree::Bool(b) = __t { return ::core::result::Result::Ok(Object::Bool(b)); }
            });
        }
        if self.object_has_vector() {
            to_arms.extend(quote!(Self::Vector(v) => #j::Json::to_tree(v),));
            bool_in.extend(quote! {
                if let #j::Tree::Array(_) = __t {
                    return #j::Json::from_tree(__t).map(Object::Vector);
                }
            });
        }
        let mut seen = std::collections::HashSet::new();
        // Constructors first, then functions, whose names and arms carry
        // the functions' gate: the constructors' indices stay put.
        let (mut s_names, mut s_reads) = (Vec::new(), Vec::new());
        let (mut f_names, mut f_reads) = (Vec::new(), Vec::new());
        for v in vars {
            let (tl, path) = match v.target {
                ObjectTarget::Struct(s) => (&self.ir.structs[s].tl_name, self.struct_path(s, 0)),
                ObjectTarget::Function(f) => {
                    let st = self.ir.function(f);
                    let p = self.fn_path(f, 0);
                    let p = if st.generic.is_some() {
                        quote!(#p<Object>)
                    } else {
                        p
                    };
                    (&st.tl_name, p)
                }
            };
            let vn = ident(&v.name);
            // Function variants go with the functions' feature gate.
            let gate = match v.target {
                ObjectTarget::Function(_) => self.gates.cfg(crate::Gated::Functions),
                ObjectTarget::Struct(_) => TokenStream::new(),
            };
            to_arms.extend(quote!(#gate Self::#vn(v) => #j::Json::to_tree(v),));
            if seen.insert(tl.as_str()) {
                let read = quote!(<#path as #j::Json>::from_tree(__t));
                let read = if v.boxed {
                    quote!(#read.map(|v| Object::#vn(::std::boxed::Box::new(v))))
                } else {
                    quote!(#read.map(Object::#vn))
                };
                match v.target {
                    ObjectTarget::Struct(_) => {
                        s_names.push(tl);
                        s_reads.push(read);
                    }
                    ObjectTarget::Function(_) => {
                        f_names.push(quote!(#gate #tl));
                        f_reads.push(quote!(#gate));
                        f_reads.push(read);
                    }
                }
            }
        }
        let mut arms = TokenStream::new();
        let last = s_reads.pop().unwrap_or_else(
            || quote!(::core::result::Result::Err(#j::unknown_name(&#j::name_of(&__t)?, "Object"))),
        );
        for (i, read) in s_reads.iter().enumerate() {
            let i = proc_macro2::Literal::usize_unsuffixed(i);
            arms.extend(quote!(#i => #read,));
        }
        // The unpopped constructor's index is s_reads.len(); functions follow it.
        let first_fn = s_reads.len() + usize::from(!s_names.is_empty());
        for (k, pair) in f_reads.chunks(2).enumerate() {
            let (gate, read) = (&pair[0], &pair[1]);
            let i = proc_macro2::Literal::usize_unsuffixed(first_fn + k);
            arms.extend(quote!(#gate #i => #read,));
        }
        let serde = self.serde_impls(&j, &quote!(), &quote!(<'de>), &quote!(Object));
        quote! {
            impl #j::Json for Object {
                #[inline] fn json(__w: #j::Way<'_, Self>) -> #j::Done<Self> {
                    fn from(__t: #j::Tree) -> ::core::result::Result<Object, #j::TreeError> {
                        #bool_in
                        match #j::which(&__t, &[#(#s_names,)* #(#f_names),*], "Object")? {
                            #arms
                            _ => #last,
                        }
                    }
                    match __w {
                        #j::Way::To(__s) => #j::Done::Tree(match __s { #to_arms }),
                        #j::Way::From(__t) => #j::Done::Value(from(__t)),
                    }
                }
            }
            #serde
        }
    }
}

/// The largest tuple the runtime's `json::Fields` reads.
const TUPLE_MAX: usize = 12;

/// `items` as one pattern the runtime's `json::Fields` reads: the item
/// itself when alone, else tuples of at most [`TUPLE_MAX`], nested.
fn tuple_pattern(mut items: Vec<TokenStream>) -> TokenStream {
    while items.len() > TUPLE_MAX {
        items = items
            .chunks(TUPLE_MAX)
            .map(|c| match c {
                [one] => one.clone(),
                _ => quote!((#(#c),*)),
            })
            .collect();
    }
    match items.as_slice() {
        [one] => one.clone(),
        _ => quote!((#(#items),*)),
    }
}
