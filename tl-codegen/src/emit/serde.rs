//! `Config::serde`: the JSON form of `docs/json.md` for every generated
//! type, as impls of the runtime's `json::ToTree`/`json::FromTree` (one
//! small non-generic body each, field by field under the TL names) and
//! one-line `serde::Serialize`/`Deserialize` impls that go through them.
//! Derives would write a visitor and a field enum per type and could not
//! spell the TL rules (`"_"`, base64 bytes, hex int128, flags as booleans)
//! without an attribute on every field; this is less code for rustc too.
//! The conversions are `#[inline]`, so, like the generic serialization
//! methods, they are compiled only where a program uses them.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

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
        let rt = &self.rt;
        let j = quote!(#rt::json);
        let tl = &s.tl_name;
        let mut writes = TokenStream::new();
        let mut reads = TokenStream::new();
        for f in &s.fields {
            let n = ident(&f.name);
            let key = &f.tl_name;
            match f.cond {
                Cond::Always => {
                    writes.extend(quote!(.field(#key, &self.#n)));
                    reads.extend(quote!(#n: __o.req(#key)?,));
                }
                Cond::Flag { .. } => {
                    writes.extend(quote!(.opt(#key, &self.#n)));
                    reads.extend(quote!(#n: __o.opt(#key)?,));
                }
                Cond::TrueFlag { .. } => {
                    writes.extend(quote!(.flag(#key, self.#n)));
                    reads.extend(quote!(#n: __o.flag(#key)?,));
                }
            }
        }
        for w in &s.flag_words {
            let n = ident(&w.unknown);
            let key = &w.tl_name;
            let known = proc_macro2::Literal::u32_suffixed(w.known_mask());
            writes.extend(quote!(.bits(#key, self.#n)));
            reads.extend(quote!(#n: __o.bits(#key, #known)?,));
        }
        let words = s.flag_words.iter().map(|w| w.tl_name.as_str());
        let read = if s.is_unit() {
            quote! {
                #j::ObjectReader::new(__t, #tl)?.finish(&[#(#words),*])?;
                Ok(Self)
            }
        } else {
            quote! {
                let mut __o = #j::ObjectReader::new(__t, #tl)?;
                let __v = Self { #reads };
                __o.finish(&[#(#words),*])?;
                Ok(__v)
            }
        };
        let (to_b, from_b, de_b, args) = if generics.is_empty() {
            (quote!(), quote!(), quote!(<'de>), quote!())
        } else {
            let g = generics;
            (
                quote!(<#(#g: #j::ToTree),*>),
                quote!(<#(#g: #j::FromTree),*>),
                quote!(<'de, #(#g: #j::FromTree),*>),
                quote!(<#(#g),*>),
            )
        };
        let write = quote!(#j::ObjectWriter::new(#tl) #writes .finish());
        let serde = self.serde_impls(&to_b, &de_b, &quote!(#name #args));
        quote! {
            impl #to_b #j::ToTree for #name #args {
                #[inline] fn to_tree(&self) -> #j::Tree { #write }
            }
            impl #from_b #j::FromTree for #name #args {
                #[inline] fn from_tree(__t: #j::Tree) -> Result<Self, #j::TreeError> { #read }
            }
            #serde
        }
    }

    /// `impls` behind the `Serde` feature gate (`Config::cfg_feature`)
    /// and `extra` (`Object`'s own gate), when either is set: one anonymous
    /// `const` block carries the `#[cfg]` for every impl of the item.
    pub(super) fn gate_serde(&self, impls: TokenStream, extra: TokenStream) -> TokenStream {
        let gate = self.gates.cfg(crate::Gated::Serde);
        if impls.is_empty() || (gate.is_empty() && extra.is_empty()) {
            return impls;
        }
        quote!(#gate #extra const _: () = { #impls };)
    }

    /// `Serialize`/`Deserialize` through `ToTree`/`FromTree`.
    fn serde_impls(&self, ser: &TokenStream, de: &TokenStream, ty: &TokenStream) -> TokenStream {
        let rt = &self.rt;
        quote! {
            impl #ser #rt::serde::Serialize for #ty {
                fn serialize<__S: #rt::serde::Serializer>(&self, __s: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                    #rt::json::serialize(self, __s)
                }
            }
            impl #de #rt::serde::Deserialize<'de> for #ty {
                fn deserialize<__D: #rt::serde::Deserializer<'de>>(__d: __D) -> ::core::result::Result<Self, __D::Error> {
                    #rt::json::deserialize(__d)
                }
            }
        }
    }

    /// The serde impls of a boxed type: by the constructor's name.
    pub(super) fn serde_enum(&self, e: &Enum, name: &Ident, depth: usize) -> TokenStream {
        let params: Vec<Ident> = e.params.iter().map(|p| ident(p)).collect();
        if !self.serde {
            return TokenStream::new();
        }
        let rt = &self.rt;
        let j = quote!(#rt::json);
        let mut to_arms = TokenStream::new();
        let mut from_arms = TokenStream::new();
        for v in &e.variants {
            let s = &self.ir.structs[v.ctor];
            let vn = ident(&v.name);
            let sp = self.struct_path(v.ctor, depth);
            let tl = &s.tl_name;
            if s.is_unit() {
                to_arms.extend(quote!(Self::#vn => #j::ObjectWriter::new(#tl).finish(),));
                from_arms.extend(
                    quote!(#tl => <#sp as #j::FromTree>::from_tree(__t).map(|_| Self::#vn),),
                );
            } else {
                to_arms.extend(quote!(Self::#vn(v) => #j::ToTree::to_tree(v),));
                from_arms.extend(quote!(#tl => #j::FromTree::from_tree(__t).map(Self::#vn),));
            }
        }
        let tl = &e.tl_name;
        let (to_b, args) = super::impls::generics(&params, || quote!(#j::ToTree));
        let (from_b, _) = super::impls::generics(&params, || quote!(#j::FromTree));
        let de_b = if params.is_empty() {
            quote!(<'de>)
        } else {
            quote!(<'de, #(#params: #j::FromTree),*>)
        };
        let serde = self.serde_impls(&to_b, &de_b, &quote!(#name #args));
        quote! {
            impl #to_b #j::ToTree for #name #args {
                #[inline] fn to_tree(&self) -> #j::Tree { match self { #to_arms } }
            }
            impl #from_b #j::FromTree for #name #args {
                #[inline] fn from_tree(__t: #j::Tree) -> Result<Self, #j::TreeError> {
                    let __n = #j::name_of(&__t)?;
                    match __n.as_str() {
                        #from_arms
                        __n => Err(#j::unknown_name(__n, #tl)),
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
        let mut from_arms = TokenStream::new();
        let mut bool_in = TokenStream::new();
        if self.ir.has_bool {
            to_arms.extend(quote!(Self::Bool(v) => #j::Tree::Bool(*v),));
            bool_in.extend(quote! {
                if let #j::Tree::Bool(b) = __t { return ::core::result::Result::Ok(Self::Bool(b)); }
            });
        }
        if self.object_has_vector() {
            to_arms.extend(quote!(Self::Vector(v) => #j::ToTree::to_tree(v),));
            bool_in.extend(quote! {
                if let #j::Tree::Array(_) = __t {
                    return #j::FromTree::from_tree(__t).map(Self::Vector);
                }
            });
        }
        let mut seen = std::collections::HashSet::new();
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
            to_arms.extend(quote!(#gate Self::#vn(v) => #j::ToTree::to_tree(v),));
            if seen.insert(tl.as_str()) {
                let read = quote!(<#path as #j::FromTree>::from_tree(__t));
                let read = if v.boxed {
                    quote!(#read.map(|v| Self::#vn(::std::boxed::Box::new(v))))
                } else {
                    quote!(#read.map(Self::#vn))
                };
                from_arms.extend(quote!(#gate #tl => #read,));
            }
        }
        let serde = self.serde_impls(&quote!(), &quote!(<'de>), &quote!(Object));
        quote! {
            impl #j::ToTree for Object {
                #[inline] fn to_tree(&self) -> #j::Tree { match self { #to_arms } }
            }
            impl #j::FromTree for Object {
                #[inline] fn from_tree(__t: #j::Tree) -> ::core::result::Result<Self, #j::TreeError> {
                    #bool_in
                    let __n = #j::name_of(&__t)?;
                    match __n.as_str() {
                        #from_arms
                        __n => ::core::result::Result::Err(#j::unknown_name(__n, "Object")),
                    }
                }
            }
            #serde
        }
    }
}
