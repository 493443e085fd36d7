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
        let item = Item {
            name: &name,
            id: &id,
            tl_name: &s.tl_name,
            generic: None,
        };
        let body = if s.is_unit() {
            quote!(;)
        } else {
            let fields = self.field_decls(s, depth);
            quote!({ #fields })
        };
        let ser = self.ser_body(s, depth);
        let de = self.de_body(s, depth);
        let impls = if s.bare_used {
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
        let serde = self.gate_serde(self.serde_struct(s, &name, None), quote!());
        quote! {
            #doc
            #derives
            pub struct #name #body
            #impls
            #serde
        }
    }
}
