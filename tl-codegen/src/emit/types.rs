//! `pub mod types`: one struct per constructor, holding its fields.

use proc_macro2::TokenStream;
use quote::quote;

use super::impls::Item;
use super::{Emitter, ModTree, braced, docs, hex_lit};
use crate::ir::StructId;
use crate::names::ident;

impl Emitter<'_> {
    /// The `types` module (nothing when the schema has no constructors).
    pub(super) fn types(&self) -> TokenStream {
        if self.ir.structs.is_empty() {
            return quote!();
        }
        let mut types = ModTree::default();
        for (i, s) in self.ir.structs.iter().enumerate() {
            types.insert(&s.module, self.constructor(StructId(i)));
        }
        let types = braced(types.render("Constructors", "", &self.prelude()));
        let allows = self.lint_allows();
        quote! {
            /// Constructors: one struct per constructor, holding its fields.
            #allows
            pub mod types #types
        }
    }

    fn constructor(&self, si: StructId) -> TokenStream {
        let s = &self.ir.structs[si];
        let depth = 1 + s.module.len();
        let name = ident(&s.name);
        let doc = docs::constructor(s, s.enum_index.map(|e| &self.ir.enums[e]), self.docs);
        let derives = self.derives(s.default, s.eq_hash, &s.tl_name);
        let id = hex_lit(s.id);
        let generics = Self::struct_generics(s);
        let item = Item {
            name: &name,
            id: &id,
            tl_name: &s.tl_name,
            generics: &generics,
        };
        let decl = super::impls::generics(&generics, TokenStream::new).1;
        let body = if s.is_unit() {
            quote!(;)
        } else {
            let fields = self.field_decls(s, depth);
            quote!({ #fields })
        };
        let ser = self.ser_body(s, depth);
        let de = self.de_body(s, depth);
        let impls = if s.bare_used && !generics.is_empty() {
            // `Bare` needs both traits of the arguments; the boxed impls
            // need one each, so they do not go through it.
            let bare_len = self.len_body(s, 0, depth);
            let bare = self.bare_only(
                &item,
                s.min_bare,
                s.is_unit(),
                bare_len,
                ser.clone(),
                de.clone(),
            );
            let len = self.len_body(s, 4, depth);
            let ser = self.serializable(&item, len, ser);
            let de = self.deserializable(&item, de);
            quote!(#bare #ser #de)
        } else if s.bare_used {
            let len = self.len_body(s, 0, depth);
            self.bare(&item, s.min_bare, s.is_unit(), len, ser, de)
        } else {
            // Written boxed only: implement the traits directly (three
            // bodies instead of six keeps the consumer's build fast).
            let len = self.len_body(s, 4, depth);
            let ser = self.serializable(&item, len, ser);
            let de = self.deserializable(&item, de);
            quote!(#ser #de)
        };
        let serde = self.gate_serde(self.serde_struct(s, &name, &generics), quote!());
        quote! {
            #doc
            #derives
            pub struct #name #decl #body
            #impls
            #serde
        }
    }
}
