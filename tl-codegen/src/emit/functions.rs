//! `pub mod functions`: one struct per function (RPC method), implementing
//! `RemoteCall` with the type of the answer, and the methods table's facts
//! as associated constants.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::impls::Item;
use super::{Emitter, ModTree, braced, docs, hex_lit};
use crate::ir::{FnId, Ty};
use crate::names::ident;

impl Emitter<'_> {
    /// The `functions` module (nothing when there are no functions).
    pub(super) fn functions(&self) -> TokenStream {
        if self.ir.functions.is_empty() {
            return quote!();
        }
        let mut funcs = ModTree::default();
        for (i, f) in self.ir.functions.iter().enumerate() {
            funcs.insert(&f.module, self.function(FnId(i)));
        }
        let f = braced(funcs.render("Functions", "", &self.prelude()));
        let gate = self.gates.cfg(crate::Gated::Functions);
        let allows = self.lint_allows();
        quote! {
            /// Functions (RPC methods): one struct per function, implementing
            /// `RemoteCall` with the type of the answer.
            #allows
            #gate
            pub mod functions #f
        }
    }

    fn function(&self, fi: FnId) -> TokenStream {
        let s = self.ir.function(fi);
        let depth = 1 + s.module.len();
        let name = ident(&s.name);
        let ret = s.ret.as_ref().expect("functions have a return type");
        let ret_ty = match ret {
            Ty::Param(_) => {
                let g = ident(s.generic.as_deref().unwrap_or("X"));
                quote!(#g::Return)
            }
            t => self.rust_ty(t, depth),
        };
        let doc = docs::function(self.ir, s, ret, self.docs);
        let derives = self.derives(s.default, s.eq_hash, &s.tl_name);
        let id = hex_lit(s.id);
        let generic = s.generic.as_deref().map(ident);
        let item = Item {
            name: &name,
            id: &id,
            tl_name: &s.tl_name,
            generics: generic.as_slice(),
        };
        let (gdecl, gname) = match &generic {
            Some(g) => (quote!(<#g>), quote!(<#g>)),
            None => (quote!(), quote!()),
        };
        let body = if s.is_unit() {
            quote!(;)
        } else {
            let fields = self.field_decls(s, depth);
            quote!({ #fields })
        };
        let len = self.len_body(s, 4, depth);
        let ser = self.ser_body(s, depth);
        let ser = self.serializable(&item, len, ser);
        let de = if self.ir.decodable_functions {
            self.deserializable(&item, self.de_body(s, depth))
        } else {
            quote!()
        };
        let call = self.remote_call(&item, ret_ty);
        let rt = &self.rt;
        let info = match &s.method {
            Some(_) => quote! {
                impl #gdecl #rt::MethodInfo for #name #gname {
                    const USABLE_BY_USERS: Option<bool> = Some(Self::USABLE_BY_USERS);
                    const USABLE_BY_BOTS: Option<bool> = Some(Self::USABLE_BY_BOTS);
                    const ERRORS: Option<&'static [(i32, &'static str)]> = Some(Self::ERRORS);
                }
            },
            // The table is silent: the trait's `None`s.
            None => quote!(impl #gdecl #rt::MethodInfo for #name #gname {}),
        };
        let consts = match &s.method {
            Some(m) => {
                let users = m.usable_by.users();
                let bots = m.usable_by.bots();
                let errs = m.errors.iter().map(|(c, e)| {
                    let c = Literal::i32_unsuffixed(*c);
                    quote!((#c, #e))
                });
                quote! {
                    impl #gdecl #name #gname {
                        /// Whether user accounts may call this method (from the methods table).
                        pub const USABLE_BY_USERS: bool = #users;
                        /// Whether bot accounts may call this method (from the methods table).
                        pub const USABLE_BY_BOTS: bool = #bots;
                        /// The RPC errors this method is documented to return: `(code, name)`.
                        pub const ERRORS: &'static [(i32, &'static str)] = &[#(#errs),*];
                    }
                }
            }
            None => quote!(),
        };
        let serde = self.gate_serde(self.serde_struct(s, &name, generic.as_slice()), quote!());
        quote! {
            #doc
            #derives
            pub struct #name #gdecl #body
            #serde
            #ser
            #de
            #call
            #consts
            #info
        }
    }
}
