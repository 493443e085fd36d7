//! `pub mod enums`: one enum per boxed type, a variant per constructor,
//! decoded by peeking at the id; `Default` when the analysis found one.

use proc_macro2::TokenStream;
use quote::quote;

use super::impls::Shape;
use super::{Emitter, ModTree, braced, docs, hex_lit, tried, tried_stmt};
use crate::ir::{Enum, EnumId};
use crate::names::ident;

impl Emitter<'_> {
    /// The `enums` module (nothing when the schema has no boxed types).
    pub(super) fn enums(&self) -> TokenStream {
        if self.ir.enums.is_empty() {
            return quote!();
        }
        let mut enums = ModTree::default();
        for (i, e) in self.ir.enums.iter().enumerate() {
            enums.insert(&e.module, self.boxed_type(EnumId(i)));
        }
        let enums = braced(enums.render("Boxed types", "", &self.prelude()));
        let allows = self.lint_allows();
        quote! {
            /// Boxed types: one enum per type, with a variant per constructor.
            #allows
            #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
            pub mod enums #enums
        }
    }

    fn boxed_type(&self, ei: EnumId) -> TokenStream {
        let e: &Enum = &self.ir.enums[ei];
        let rt = &self.rt;
        let depth = 1 + e.module.len();
        let name = ident(&e.name);
        let doc = docs::boxed_type(self.ir, e, self.docs);
        let unit_default = e
            .default_variant
            .is_some_and(|v| self.ir.structs[e.variants[v].ctor].is_unit());
        let derives = self.derives(unit_default, e.eq_hash, &e.tl_name);
        let params: Vec<proc_macro2::Ident> = e.params.iter().map(|p| ident(p)).collect();
        let (_, args) = super::impls::generics(&params, TokenStream::new);
        let mut variants = TokenStream::new();
        let mut len_arms = TokenStream::new();
        let mut ser_arms = TokenStream::new();
        let mut de_arms = TokenStream::new();
        let mut convs = TokenStream::new();
        for (vi, v) in e.variants.iter().enumerate() {
            let s = &self.ir.structs[v.ctor];
            let vn = ident(&v.name);
            let sp = self.variant_payload(v.ctor, depth);
            // A generic payload's path in an expression: `<types::Just<X>>::`.
            let sp_expr = if s.params.is_empty() {
                sp.clone()
            } else {
                quote!(<#sp>)
            };
            let vdoc = docs::variant(s);
            let dflt = if unit_default && e.default_variant == Some(vi) {
                self.gates.attr(crate::Gated::Default, quote!(default))
            } else {
                quote!()
            };
            let id = hex_lit(s.id);
            let shape = if s.is_unit() {
                variants.extend(quote!(#vdoc #dflt #vn,));
                len_arms.extend(quote!(Self::#vn => 4,));
                ser_arms.extend(quote!(Self::#vn => buf.put_u32_le(#id),));
                de_arms.extend(quote!(#id => #sp_expr::deserialize(__r).and(Ok(Self::#vn)),));
                Shape::Unit
            } else {
                let (pay, boxing, shape) = if v.boxed {
                    (quote!(Box<#sp>), quote!(.map(Box::new)), Shape::Boxed)
                } else {
                    (quote!(#sp), quote!(), Shape::Plain)
                };
                variants.extend(quote!(#vdoc #vn(#pay),));
                len_arms.extend(quote!(Self::#vn(v) => v.serialized_len(),));
                ser_arms.extend(quote!(Self::#vn(v) => v.serialize(buf),));
                de_arms.extend(quote!(#id => #sp_expr::deserialize(__r) #boxing .map(Self::#vn),));
                shape
            };
            if self.conversions {
                convs.extend(self.conversions(&name, &args, &vn, &sp, shape));
            }
        }
        let serde = self.gate_serde(self.serde_enum(e, &name), quote!());
        let tl = &e.tl_name;
        let (ser_b, _) = super::impls::generics(&params, || quote!(#rt::Serializable));
        let (de_b, _) = super::impls::generics(&params, || quote!(#rt::Deserializable));
        let manual_default = match e.default_variant {
            Some(v) if !unit_default => {
                let vn = ident(&e.variants[v].name);
                let (bounded, _) = super::impls::generics(&params, || quote!(Default));
                let gate = self.gates.cfg(crate::Gated::Default);
                quote! {
                    #gate
                    impl #bounded Default for #name #args {
                        fn default() -> Self {
                            Self::#vn(Default::default())
                        }
                    }
                }
            }
            _ => quote!(),
        };
        let peek = tried(quote!(__r.peek_u32()));
        let enter = tried_stmt(quote!(__r.enter(#tl)));
        quote! {
            #doc
            #derives
            pub enum #name #args { #variants }
            impl #ser_b #rt::Serializable for #name #args {
                #[inline] fn serialized_len(&self) -> usize {
                    match self { #len_arms }
                }
                #[inline] fn serialize(&self, buf: &mut impl __BufMut) {
                    match self { #ser_arms }
                }
            }
            impl #de_b #rt::Deserializable for #name #args {
                #[inline] fn deserialize(__r: &mut __Reader<'_>) -> Result<Self, __Error> {
                    let __start = __r.position();
                    let __id = #peek;
                    #enter
                    let __v = match __id {
                        #de_arms
                        // Also where a `gzip_packed` stands in for the value.
                        _ => __p::unknown_or_packed(__r, __id, #tl, __start),
                    };
                    __r.leave();
                    __v
                }
            }
            #manual_default
            #convs
            #serde
        }
    }
}
