//! `pub enum Object`: every constructor (and decodable function) of the
//! schema, decodable by its id alone; and the private `__wire` helpers for
//! bare vectors. `Object` sits where the user includes the file, so it
//! spells every path out.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, docs, hex_lit, tried_at_site};
use crate::Gated;
use crate::ir::ObjectTarget;
use crate::names::ident;

/// The id of `vector#1cb5c415 {t:Type} # [ t ] = Vector t`, to spot a
/// schema that defines a constructor with it.
const VECTOR_ID: u32 = 0x1cb5_c415;

impl Emitter<'_> {
    /// Whether `Object` has a `Vector` variant (a boxed vector of boxed
    /// values): unless the schema itself took the name or the id.
    pub(super) fn object_has_vector(&self) -> bool {
        self.ir.object.as_ref().is_some_and(|vars| {
            vars.iter().all(|v| {
                let id = match v.target {
                    ObjectTarget::Struct(s) => self.ir.structs[s].id,
                    ObjectTarget::Function(f) => self.ir.function(f).id,
                };
                v.name != "Vector" && id != VECTOR_ID
            })
        })
    }

    pub(super) fn object(&self) -> TokenStream {
        let Some(vars) = &self.ir.object else {
            return quote!();
        };
        let rt = &self.rt;
        let mut variants = TokenStream::new();
        let mut id_arms = TokenStream::new();
        let mut len_arms = TokenStream::new();
        let mut ser_arms = TokenStream::new();
        let mut de_arms = TokenStream::new();
        let mut name_arms = TokenStream::new();
        let mut convs = TokenStream::new();
        if self.ir.has_bool {
            name_arms.extend(quote! {
                Self::Bool(true) => "boolTrue",
                Self::Bool(false) => "boolFalse",
            });
            variants.extend(quote! {
                /// `boolTrue#997275b5` / `boolFalse#bc799737`.
                Bool(bool),
            });
            id_arms.extend(quote! {
                Self::Bool(true) => #rt::primitives::BOOL_TRUE_ID,
                Self::Bool(false) => #rt::primitives::BOOL_FALSE_ID,
            });
            len_arms.extend(quote!(Self::Bool(_) => 4,));
            ser_arms.extend(quote!(Self::Bool(v) => #rt::Serializable::serialize(v, buf),));
            de_arms.extend(quote!(#rt::primitives::BOOL_TRUE_ID | #rt::primitives::BOOL_FALSE_ID => <bool as #rt::Deserializable>::deserialize(__r).map(Self::Bool),));
        }
        let fn_gate = self.gates.cfg(Gated::Functions);
        // A boxed `Vector` of boxed values, as `rpc_result` may carry.
        if self.object_has_vector() {
            variants.extend(quote! {
                /// `Vector<t>` whose elements are boxed values (`vector#1cb5c415`):
                /// each element decodes as an `Object` by its own id. A vector of
                /// `int`, `long` or another built-in has no ids to go by: decode
                /// it as its type (`Vec<i64>`) instead.
                Vector(::std::vec::Vec<Object>),
            });
            id_arms.extend(quote!(Self::Vector(_) => #rt::primitives::VECTOR_ID,));
            name_arms.extend(quote!(Self::Vector(_) => "vector",));
            len_arms.extend(quote!(Self::Vector(v) => #rt::Serializable::serialized_len(v),));
            ser_arms.extend(quote!(Self::Vector(v) => #rt::Serializable::serialize(v, buf),));
            de_arms.extend(quote!(#rt::primitives::VECTOR_ID => <::std::vec::Vec<Object> as #rt::Deserializable>::deserialize(__r).map(Self::Vector),));
        }
        // Ids of gated function variants: with the feature off, they are
        // function ids this build cannot decode.
        let mut gated_fn_ids = Vec::new();
        for v in vars {
            let gate = match v.target {
                ObjectTarget::Struct(_) => quote!(),
                ObjectTarget::Function(_) => fn_gate.clone(),
            };
            if let (ObjectTarget::Function(f), false) = (v.target, fn_gate.is_empty()) {
                gated_fn_ids.push(self.ir.function(f).id);
            }
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
            let vdoc = docs::variant(s);
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
            variants.extend(quote!(#vdoc #gate #vn(#pay),));
            id_arms.extend(quote!(#gate Self::#vn(_) => #id,));
            len_arms.extend(quote!(#gate Self::#vn(v) => #rt::Serializable::serialized_len(#r),));
            ser_arms.extend(quote!(#gate Self::#vn(v) => #rt::Serializable::serialize(#r, buf),));
            de_arms.extend(quote!(#gate #id => <#path as #rt::Deserializable>::deserialize(__r) #map .map(Self::#vn),));
            let tl = &s.tl_name;
            name_arms.extend(quote!(#gate Self::#vn(_) => #tl,));
            if self.conversions {
                convs.extend(self.object_conversions(&vn, &path, v.boxed, &gate));
            }
        }
        de_arms.extend(self.function_id_arms(&self.ir.undecodable_function_ids, quote!()));
        if let Some(f) = self.gates.feature(Gated::Functions) {
            gated_fn_ids.sort_unstable();
            de_arms.extend(self.function_id_arms(&gated_fn_ids, quote!(#[cfg(not(feature = #f))])));
        }
        // One anonymous `const` holds the conversions: one gate and one
        // set of allowances for all of them.
        let convs = if convs.is_empty() {
            quote!()
        } else {
            let gate = self.gates.cfg(Gated::Object);
            let allows = self.lint_allows();
            quote! {
                #gate
                #allows
                const _: () = { #convs };
            }
        };
        // `Object` sits where the user includes the file: absolute paths only.
        let serde = self.gate_serde(self.serde_object(), self.gates.cfg(Gated::Object));
        let (debug, gated_debug) = self.debug_derive(quote!(::core::fmt::Debug));
        let (eq, gated_eq) = self.gates.list_or_gated(
            Gated::Eq,
            self.eq_derive(quote!(::core::cmp::PartialEq), self.ir.object_eq_hash),
        );
        let derives = quote! {
            #[derive(#debug ::core::clone::Clone #eq)]
            #gated_debug
            #gated_eq
        };
        let generic: Vec<&str> = self
            .ir
            .structs
            .iter()
            .filter(|s| !s.params.is_empty())
            .map(|s| s.tl_name.as_str())
            .collect();
        let doc = docs::object(self.ir.decodable_functions, &generic);
        let gate = self.gates.cfg(Gated::Object);
        let allows = self.lint_allows();
        if variants.is_empty() {
            return self.empty_object(doc, derives);
        }
        let peek = tried_at_site(quote!(__r.peek_u32()));
        let enter = tried_at_site(quote!(__r.enter("Object")));
        quote! {
            #doc
            #derives
            #gate
            #allows
            pub enum Object { #variants }
            #gate
            #allows
            impl Object {
                /// The constructor id of the held value.
                pub fn constructor_id(&self) -> u32 {
                    match self { #id_arms }
                }
                /// The TL name of the held value's constructor (or function),
                /// as [`name_for_id`] gives it for [`constructor_id`](Self::constructor_id).
                pub fn name(&self) -> &'static str {
                    match self { #name_arms }
                }
            }
            #convs
            #gate
            #allows
            impl #rt::Serializable for Object {
                #[inline] fn serialized_len(&self) -> usize {
                    match self { #len_arms }
                }
                #[inline] fn serialize(&self, buf: &mut impl #rt::bytes::BufMut) {
                    match self { #ser_arms }
                }
            }
            #gate
            #allows
            impl #rt::Deserializable for Object {
                #[inline] fn deserialize(__r: &mut #rt::Reader<'_>) -> ::core::result::Result<Self, #rt::DecodeError> {
                    let __start = __r.position();
                    let __id = #peek;
                    #enter;
                    let __v = match __id {
                        #de_arms
                        // Also where a `gzip_packed` stands in for the value.
                        _ => #rt::__private::unknown_or_packed(__r, __id, "Object", __start),
                    };
                    __r.leave();
                    __v
                }
            }
            #serde
        }
    }

    /// `Object` of a schema without constructors: uninhabited, so every
    /// method matches on `*self` with no arms (`match self {}` on `&Object`
    /// does not compile), and decoding always fails.
    fn empty_object(&self, doc: TokenStream, derives: TokenStream) -> TokenStream {
        let rt = &self.rt;
        let peek = tried_at_site(quote!(__r.peek_u32()));
        quote! {
            #doc
            #derives
            pub enum Object {}
            impl Object {
                /// The constructor id of the held value.
                pub fn constructor_id(&self) -> u32 {
                    match *self {}
                }
                /// The TL name of the held value's constructor.
                pub fn name(&self) -> &'static str {
                    match *self {}
                }
            }
            impl #rt::Serializable for Object {
                #[inline] fn serialized_len(&self) -> usize {
                    match *self {}
                }
                #[inline] fn serialize(&self, _: &mut impl #rt::bytes::BufMut) {
                    match *self {}
                }
            }
            impl #rt::Deserializable for Object {
                #[inline] fn deserialize(__r: &mut #rt::Reader<'_>) -> ::core::result::Result<Self, #rt::DecodeError> {
                    let __start = __r.position();
                    let __id = #peek;
                    ::core::result::Result::Err(#rt::DecodeError::unknown_constructor(__id, "Object", __start))
                }
            }
        }
    }

    /// The decode arm for function ids `Object` cannot decode in this build
    /// (nothing when there are none), under `cfg`.
    fn function_id_arms(&self, ids: &[u32], cfg: TokenStream) -> TokenStream {
        if ids.is_empty() {
            return quote!();
        }
        let rt = &self.rt;
        let mut pattern = TokenStream::new();
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                pattern.extend(quote!(|));
            }
            let id = hex_lit(*id);
            pattern.extend(quote!(#id));
        }
        quote! {
            // Functions of the schema that this build does not decode.
            #cfg
            #pattern => ::core::result::Result::Err(#rt::DecodeError::function_not_decodable(__id, __start)),
        }
    }

    /// The private helpers for `vector<T>` fields of boxed or plain
    /// elements.
    pub(super) fn wire_helpers(&self) -> TokenStream {
        let rt = &self.rt;
        if !self.ir.raw_vec_helpers {
            return quote!();
        }
        // Bare vectors of boxed or plain elements (`vector<T>`) kept as a
        // plain `Vec<T>`: the runtime's own `RawVec<T>` would need the
        // wrapper in the user's type, so the size and write loops live
        // here (reading uses `__private::read_raw_vec`).
        // Without the gated functions, the types may not use every helper.
        let allow = match self.gates.feature(Gated::Functions) {
            Some(_) => quote!(#[allow(dead_code)]),
            None => quote!(),
        };
        let allows = self.lint_allows();
        quote! {
            /// Wire helpers for bare vectors (private).
            #[doc(hidden)]
            #allow
            #allows
            mod __wire {
                pub(super) fn raw_vec_len<T: #rt::Serializable>(v: &[T]) -> usize {
                    let mut n = 4;
                    for x in v { n += #rt::Serializable::serialized_len(x); }
                    n
                }
                pub(super) fn raw_vec_write<T: #rt::Serializable>(v: &[T], buf: &mut impl #rt::bytes::BufMut) {
                    #rt::__private::write_count(buf, v.len());
                    for x in v { #rt::Serializable::serialize(x, buf); }
                }
            }
        }
    }
}
