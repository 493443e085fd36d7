//! Per-layer facts a client needs and would otherwise keep by hand, emitted
//! at the include site next to `LAYER`: which constructor ids carry updates
//! (`UPDATES_IDS`, `is_updates`), and the conversions between the schema's
//! `rpc_error` and the runtime's `RpcError`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, hex_lit};
use crate::ir::{Cond, StructId, Ty};
use crate::names::ident;

impl Emitter<'_> {
    /// Both helpers, each only when the schema has what it needs.
    pub(super) fn helpers(&self) -> TokenStream {
        let mut out = self.updates_ids();
        out.extend(self.rpc_error_conversions());
        out.extend(self.errors_catalogue());
        out
    }

    /// `pub mod errors`: one constant per error of the docs data's
    /// catalogue, and `lookup` from a runtime `RpcError` to its entry
    /// (nothing without docs data).
    fn errors_catalogue(&self) -> TokenStream {
        let Some(data) = self.docs else {
            return quote!();
        };
        let rt = &self.rt;
        let mut seen = std::collections::BTreeSet::new();
        let mut items = TokenStream::new();
        let mut all = Vec::new();
        let mut patterns = Vec::new();
        for (name, e) in data.errors() {
            let item = super::docs::error_item_name(name);
            if !seen.insert(item.clone()) {
                continue;
            }
            let shown = name.replace("%d", "X");
            let id = ident(&item);
            let code = proc_macro2::Literal::i32_unsuffixed(e.code);
            let desc = &e.description;
            let doc = super::docs::lines(&if desc.is_empty() {
                format!("{} `{shown}`.", e.code)
            } else {
                format!("{} `{shown}`: {desc}", e.code)
            });
            items.extend(quote! {
                #doc
                pub const #id: Entry = Entry { name: #shown, code: #code, description: #desc };
            });
            if name.contains("%d") {
                patterns.push(id.clone());
            }
            all.push(id);
        }
        quote! {
            /// The RPC errors the docs data knows, one constant per name, as the
            /// official errors page spells it (`FLOOD_WAIT_X`, where the server
            /// sends `FLOOD_WAIT_30`); a name that starts with a digit gets a
            /// leading `_` (`_2FA_CONFIRM_WAIT_X`). [`lookup`](errors::lookup) finds the entry
            /// of a received error.
            #[allow(non_upper_case_globals)]
            pub mod errors {
                /// One error of the catalogue.
                #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq)]
                pub struct Entry {
                    /// The name, `X` where the server puts a number.
                    pub name: &'static str,
                    /// The error code (400, 420, ...).
                    pub code: i32,
                    /// What it means (Markdown; empty where the catalogue has no text).
                    pub description: &'static str,
                }
                #items
                /// Every entry, sorted by name.
                pub const ALL: &[Entry] = &[#(#all),*];
                /// The entries whose name has an `X` for a number.
                const PATTERNS: &[Entry] = &[#(#patterns),*];
                /// The catalogue entry of a received error: its exact message if
                /// the catalogue has it (`FILE_PART_0_MISSING` may have its own
                /// entry), else the pattern it fills (`FLOOD_WAIT_30` ->
                /// `FLOOD_WAIT_X`).
                pub fn lookup(error: &#rt::RpcError) -> ::core::option::Option<&'static Entry> {
                    ALL.iter()
                        .find(|e| e.name == error.message)
                        .or_else(|| PATTERNS.iter().find(|e| error.is(e.name)))
                }
            }
        }
    }

    /// `UPDATES_IDS` and `is_updates` over the constructors of the boxed
    /// type `Updates` (nothing if the schema has none).
    fn updates_ids(&self) -> TokenStream {
        let Some(e) = self.ir.enums.iter().find(|e| e.tl_name == "Updates") else {
            return quote!();
        };
        let mut ids: Vec<u32> = e
            .variants
            .iter()
            .map(|v| self.ir.structs[v.ctor].id)
            .collect();
        ids.sort_unstable();
        let names = e
            .variants
            .iter()
            .map(|v| format!("`{}`", self.ir.structs[v.ctor].tl_name))
            .collect::<Vec<_>>()
            .join(", ");
        let doc = format!(
            " The constructor ids of the boxed type `Updates` ({names}), sorted: what the server pushes outside any answer, and what many calls return. A client routes a message whose body starts with one of these (or an `rpc_result` answer that does) to its update handling; the list follows the layer, so it needs no upkeep by hand."
        );
        let lits = ids.iter().map(|&id| hex_lit(id));
        quote! {
            #[doc = #doc]
            pub const UPDATES_IDS: &[u32] = &[#(#lits),*];
            /// Whether `id` is the constructor id of an `Updates` value (one of
            /// [`UPDATES_IDS`]), for example the first 4 bytes of a message body.
            pub fn is_updates(id: u32) -> bool {
                UPDATES_IDS.binary_search(&id).is_ok()
            }
        }
    }

    /// The constructor `rpc_error error_code:int error_message:string`, if
    /// the schema has it in that shape.
    fn rpc_error_struct(&self) -> Option<StructId> {
        let i = self.ir.structs.iter().position(|s| {
            s.tl_name == "rpc_error"
                && s.generic.is_none()
                && s.fields.len() == 2
                && s.fields.iter().all(|f| matches!(f.cond, Cond::Always))
                && s.fields[0].tl_name == "error_code"
                && matches!(s.fields[0].ty, Ty::Int)
                && s.fields[1].tl_name == "error_message"
                && matches!(s.fields[1].ty, Ty::String)
        })?;
        Some(StructId(i))
    }

    /// `From` both ways between `types::RpcError` and the runtime's
    /// `RpcError` (which keeps the message as sent, so the round trip is
    /// exact).
    fn rpc_error_conversions(&self) -> TokenStream {
        let Some(si) = self.rpc_error_struct() else {
            return quote!();
        };
        let rt = &self.rt;
        let path = self.struct_path(si, 0);
        let s = &self.ir.structs[si];
        let code = ident(&s.fields[0].name);
        let message = ident(&s.fields[1].name);
        quote! {
            /// The schema's `rpc_error` as the runtime's error type: the
            /// numeric parameter split out, the message kept as sent.
            impl ::core::convert::From<#path> for #rt::RpcError {
                fn from(e: #path) -> Self {
                    #rt::RpcError::new(e.#code, &e.#message)
                }
            }
            /// The runtime's error as the schema's `rpc_error`, with the
            /// message exactly as it was received.
            impl ::core::convert::From<#rt::RpcError> for #path {
                fn from(e: #rt::RpcError) -> Self {
                    Self { #code: e.code, #message: e.message }
                }
            }
        }
    }
}
