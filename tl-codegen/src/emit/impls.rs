//! The trait-impl skeletons: the one place that writes `impl Identifiable`,
//! `Serializable`, `Deserializable`, `Bare` and `RemoteCall` for a
//! constructor or function, and `From`/`TryFrom` between a constructor and
//! its enum. The artifacts (`types`, `functions`, `enums`) hand over the
//! bodies (`bodies`); the enums and `Object` write their match-based
//! `Serializable`/`Deserializable` in their own files, the only place each
//! is written. Compact and pretty output are the same tokens, laid out by
//! different printers.
//!
//! The impls are written out rather than expanded from a shared
//! `macro_rules!`: prettyplease cannot lay out macro arguments, so a
//! macro would mean two emission paths (one per printer), and rustc's
//! cost follows the number of bodies after expansion either way.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::{Emitter, tried_stmt};

/// The item an impl is for.
pub(super) struct Item<'a> {
    /// The Rust name.
    pub(super) name: &'a Ident,
    /// The wire id, as a hex literal.
    pub(super) id: &'a Literal,
    /// The TL name, for decode errors.
    pub(super) tl_name: &'a str,
    /// The type parameters: of a generic function (one) or of a generic
    /// constructor.
    pub(super) generics: &'a [Ident],
}

/// How a variant holds its constructor, for the conversions.
#[derive(Clone, Copy)]
pub(super) enum Shape {
    /// A fieldless constructor: a unit variant.
    Unit,
    /// `Variant(Box<T>)`.
    Boxed,
    /// `Variant(T)`.
    Plain,
}

impl Emitter<'_> {
    /// `<X: bound>` and `<X>`, or nothing (the bound is only built for a
    /// generic item: most are not).
    fn generics(
        &self,
        item: &Item<'_>,
        bound: impl FnOnce() -> TokenStream,
    ) -> (TokenStream, TokenStream) {
        generics(item.generics, bound)
    }

    /// `Identifiable` and the boxed `Serializable`: the id, then `ser`;
    /// `len` counts the id too.
    pub(super) fn serializable(
        &self,
        item: &Item<'_>,
        len: TokenStream,
        ser: TokenStream,
    ) -> TokenStream {
        let rt = &self.rt;
        let Item { name, id, .. } = item;
        let (bounded, args) = self.generics(item, || quote!(#rt::Serializable));
        quote! {
            impl #args #rt::Identifiable for #name #args {
                const CONSTRUCTOR_ID: u32 = #id;
            }
            impl #bounded #rt::Serializable for #name #args {
                #[inline] fn serialized_len(&self) -> usize { #len }
                #[inline] fn serialize(&self, buf: &mut impl __BufMut) {
                    buf.put_u32_le(#id);
                    #ser
                }
            }
        }
    }

    /// The boxed `Deserializable`: checks the id, then `de`.
    pub(super) fn deserializable(&self, item: &Item<'_>, de: TokenStream) -> TokenStream {
        let rt = &self.rt;
        let Item {
            name, id, tl_name, ..
        } = item;
        let (bounded, args) = self.generics(item, || quote!(#rt::Deserializable));
        let expect = tried_stmt(quote!(__r.expect_id(#id, #tl_name)));
        quote! {
            impl #bounded #rt::Deserializable for #name #args {
                #[inline] fn deserialize(__r: &mut __Reader<'_>) -> Result<Self, __Error> {
                    #expect
                    #de
                }
            }
        }
    }

    /// `Bare` from the field bodies, and the boxed traits over it (the id,
    /// then the bare form).
    pub(super) fn bare(
        &self,
        item: &Item<'_>,
        min_bare: usize,
        unit: bool,
        len: TokenStream,
        ser: TokenStream,
        de: TokenStream,
    ) -> TokenStream {
        let bare = self.bare_only(item, min_bare, unit, len, ser, de);
        let boxed = self.serializable(
            item,
            quote!(4 + self.bare_len()),
            quote!(self.serialize_bare(buf);),
        );
        let boxed_de = self.deserializable(item, quote!(Self::deserialize_bare(__r)));
        quote! {
            #bare
            #boxed
            #boxed_de
        }
    }

    /// `Bare` alone, from the field bodies (a generic constructor's, bound
    /// by both traits, beside its boxed impls written out).
    pub(super) fn bare_only(
        &self,
        item: &Item<'_>,
        min_bare: usize,
        unit: bool,
        len: TokenStream,
        ser: TokenStream,
        de: TokenStream,
    ) -> TokenStream {
        let rt = &self.rt;
        let name = item.name;
        let buf = if unit { quote!(_buf) } else { quote!(buf) };
        let min = if min_bare > 0 {
            let min = Literal::usize_unsuffixed(min_bare);
            quote!(const MIN_BARE_SIZE: usize = #min;)
        } else {
            quote!()
        };
        let (bounded, args) =
            self.generics(item, || quote!(#rt::Serializable + #rt::Deserializable));
        quote! {
            impl #bounded #rt::Bare for #name #args {
                #min
                #[inline] fn bare_len(&self) -> usize { #len }
                #[inline] fn serialize_bare(&self, #buf: &mut impl __BufMut) { #ser }
                #[inline] fn deserialize_bare(__r: &mut __Reader<'_>) -> Result<Self, __Error> { #de }
            }
        }
    }

    /// `RemoteCall` with the type of the answer.
    pub(super) fn remote_call(&self, item: &Item<'_>, ret: TokenStream) -> TokenStream {
        let rt = &self.rt;
        let name = item.name;
        let (bounded, args) = self.generics(item, || quote!(#rt::RemoteCall));
        quote! {
            impl #bounded #rt::RemoteCall for #name #args {
                type Return = #ret;
            }
        }
    }

    /// `From<X> for Object` and `TryFrom<Object> for X` for the variant
    /// `variant` holding `ty` (a constructor, or a decodable function), at
    /// the include site (absolute paths), under `gate`.
    pub(super) fn object_conversions(
        &self,
        variant: &Ident,
        ty: &TokenStream,
        boxed: bool,
        gate: &TokenStream,
    ) -> TokenStream {
        let (wrap, unwrap) = if boxed {
            (quote!(::std::boxed::Box::new(v)), quote!(*x))
        } else {
            (quote!(v), quote!(x))
        };
        let try_from_gate = self.gates.cfg(crate::Gated::TryFrom);
        quote! {
            #gate
            impl ::core::convert::From<#ty> for Object {
                #[inline] fn from(v: #ty) -> Self {
                    Self::#variant(#wrap)
                }
            }
            #gate
            #try_from_gate
            impl ::core::convert::TryFrom<Object> for #ty {
                type Error = Object;
                #[inline] fn try_from(v: Object) -> ::core::result::Result<Self, Object> {
                    match v {
                        Object::#variant(x) => ::core::result::Result::Ok(#unwrap),
                        #[allow(unreachable_patterns)]
                        other => ::core::result::Result::Err(other),
                    }
                }
            }
        }
    }

    /// `From<types::X> for enums::Y` and `TryFrom<enums::Y> for types::X`;
    /// `params` are a generic enum's (`<X>`), declared on both impls.
    pub(super) fn conversions(
        &self,
        en: &Ident,
        params: &TokenStream,
        variant: &Ident,
        ty: &TokenStream,
        shape: Shape,
    ) -> TokenStream {
        let (from, back) = match shape {
            Shape::Unit => (quote!(Self::#variant), quote!(#en::#variant => Ok(#ty))),
            Shape::Boxed => (
                quote!(Self::#variant(Box::new(v))),
                quote!(#en::#variant(x) => Ok(*x)),
            ),
            Shape::Plain => (quote!(Self::#variant(v)), quote!(#en::#variant(x) => Ok(x))),
        };
        let arg = match shape {
            Shape::Unit => quote!(_),
            _ => quote!(v),
        };
        let try_from_gate = self.gates.cfg(crate::Gated::TryFrom);
        quote! {
            impl #params From<#ty> for #en #params {
                #[inline] fn from(#arg: #ty) -> Self {
                    #from
                }
            }
            #try_from_gate
            impl #params TryFrom<#en #params> for #ty {
                type Error = #en #params;
                #[inline] fn try_from(v: #en #params) -> Result<Self, #en #params> {
                    match v {
                        #back,
                        #[allow(unreachable_patterns)]
                        other => Err(other),
                    }
                }
            }
        }
    }
}

/// `<X: bound, Y: bound>` and `<X, Y>` over `params`, or nothing.
pub(super) fn generics(
    params: &[Ident],
    bound: impl FnOnce() -> TokenStream,
) -> (TokenStream, TokenStream) {
    if params.is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    let bound = bound();
    (quote!(<#(#params: #bound),*>), quote!(<#(#params),*>))
}
