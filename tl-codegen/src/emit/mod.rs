//! Phase 3: emit. Turns the [`Ir`] into Rust tokens (no I/O, no formatting),
//! one file per artifact:
//!
//! * `root`: `pub const LAYER: i32` (when the schema names its layer), a
//!   compile-time guard that the runtime speaks the same generated-code
//!   ABI, and `pub fn name_for_id(u32) -> Option<&'static str>`.
//! * `types`: `pub mod types`, one struct per constructor, namespaces as
//!   nested modules. Implements `Identifiable` and
//!   `Serializable`/`Deserializable` (id + fields); constructors the schema
//!   uses bare (`%T`, `vector<t>` elements) also implement `Bare` (the
//!   fields alone), the others do not, which halves the number of function
//!   bodies the consumer compiles.
//! * `enums`: `pub mod enums`, one enum per boxed type, a variant per
//!   constructor (fieldless constructors are unit variants), with
//!   `From`/`TryFrom` against each constructor struct.
//! * `functions`: `pub mod functions`, one struct per function,
//!   `RemoteCall` with the return type; generic functions (`{X:Type}
//!   query:!X = X`) are generic over `X: RemoteCall` and return
//!   `X::Return`.
//! * `object`: `pub enum Object`, every constructor and (when decodable)
//!   function, decodable by id alone, with `constructor_id`, `name` and
//!   `From`/`TryFrom` for what it holds; a function id it does not hold
//!   fails with `FunctionNotDecodable`; the private bare-vector helpers.
//! * `impls`: the trait-impl skeletons, the one place that writes an
//!   `impl Identifiable`/`Serializable`/`Deserializable`/`From`/`TryFrom`;
//!   `bodies`: the method bodies (lengths, writes, reads) they hold;
//!   `docs`: the rustdoc text.
//! * `serde` (with `Config::serde`): the JSON form of `docs/json.md`, as
//!   the runtime's `json::Json` and one-line `Serialize`/`Deserialize`
//!   impls for every struct, enum and `Object`.
//!
//! The compact and the pretty outputs are the same tokens; only the printer
//! differs ([`print`](crate::print) or prettyplease).
//!
//! Everything outside the generated tree is named by an absolute path
//! (`::core`, `::std`, the runtime path): written out at the include site,
//! imported by `use` lines at the top of every generated module, so the
//! bodies can say `Option` and `Box` yet mean std's whatever the including
//! module defines. Generated items name each other with `super::` chains,
//! so the file works wherever it is included. Wire ids the runtime owns
//! (`VECTOR_ID`, `BOOL_TRUE_ID`, `BOOL_FALSE_ID`) are named, not repeated.
//! Because `include!` cannot carry inner attributes, lint allowances sit on
//! the generated modules.
//!
//! Compile-time budget: serialization methods are generic over `BufMut`, so
//! they cost nothing until used; field reads go through one generic runtime
//! helper per field type (`__private::read_field`), which also records the
//! `type.field` path in decode errors without a closure per field; constant
//! sizes are summed at generation time.

mod bodies;
mod docs;
mod enums;
mod functions;
mod helpers;
mod impls;
mod object;
mod root;
mod serde;
mod types;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::config::RuntimePath;
use crate::ir::{Cond, EnumId, FnId, Ir, Struct, StructId, Ty};
use crate::names::ident;

/// The runtime ABI the generated code is written against. Checked at
/// compile time with the runtime's `__private::abi_compatible`.
pub const CODEGEN_ABI: u32 = 3;

/// What the emitter needs from the configuration.
#[derive(Debug, Clone, Default)]
pub struct EmitOptions {
    /// Path of the runtime crate (`::typelang_runtime`).
    pub runtime: RuntimePath,
    /// Emit the JSON form's serde impls (`emit/serde.rs`).
    pub serde: bool,
    /// Derive `Debug` on every item.
    pub debug: bool,
    /// `From<types::X> for enums::Y` and `TryFrom<enums::Y> for types::X`.
    pub conversions: bool,
    /// The Cargo features the costly parts are gated behind.
    pub gates: crate::FeatureGates,
    /// The official pages' texts for the rustdoc and the `errors`
    /// catalogue (`Config::docs_data`).
    pub docs: Option<std::sync::Arc<crate::docs::DocsData>>,
    /// The user's attributes (`Config::type_attribute`,
    /// `Config::field_attribute`).
    pub attributes: crate::Attributes,
    /// Derive `Eq` and `Hash` where the analysis found no `double`.
    pub eq_hash: bool,
}

/// What every artifact reads: the IR and the options.
struct Emitter<'a> {
    ir: &'a Ir,
    rt: TokenStream,
    serde: bool,
    debug: bool,
    conversions: bool,
    gates: &'a crate::FeatureGates,
    docs: Option<&'a crate::docs::DocsData>,
    attrs: &'a crate::Attributes,
    eq_hash: bool,
}

fn hex_lit(id: u32) -> Literal {
    // Lexing one literal is cheaper than lexing a token stream.
    format!("{id:#010x}")
        .parse::<Literal>()
        .unwrap_or_else(|_| Literal::u32_unsuffixed(id))
}

/// `e`, a `Result<T, DecodeError>`, unwrapped or its error returned: the
/// decoders' `?` written out. Each `?` is a `FromResidual` and a `From` for
/// rustc to resolve; written out, the Telegram types crate checks 3-6%
/// faster (`-Z time-passes`, lean features; README, *Build cost*).
fn tried(e: TokenStream) -> TokenStream {
    quote!(match #e { Ok(__v) => __v, Err(__e) => return Err(__e) })
}

/// [`tried`] as a statement, for a `Result<(), DecodeError>`.
fn tried_stmt(e: TokenStream) -> TokenStream {
    quote!(if let Err(__e) = #e { return Err(__e); })
}

/// [`tried`] at the include site (`Object`), where `Ok` and `Err` may name
/// something else: the paths spelled out.
fn tried_at_site(e: TokenStream) -> TokenStream {
    quote! {
        match #e {
            ::core::result::Result::Ok(__v) => __v,
            ::core::result::Result::Err(__e) => return ::core::result::Result::Err(__e),
        }
    }
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
            Ty::True => quote!(#rt::True),
            Ty::Array { elem, len } => {
                let e = self.rust_ty(elem, depth);
                let n = Literal::usize_unsuffixed(*len);
                quote!([#e; #n])
            }
            Ty::Param(p) => {
                // The analysis stored the Rust name.
                let i = ident(p);
                quote!(#i)
            }
            Ty::EnumOf(e, args) => {
                let p = self.enum_path(*e, depth);
                let args = args.iter().map(|a| self.rust_ty(a, depth));
                quote!(#p<#(#args),*>)
            }
            Ty::BareOf(s, args) => {
                let p = self.struct_path(*s, depth);
                let st = &self.ir.structs[*s];
                if st.params.is_empty() {
                    return p;
                }
                let args = st
                    .params
                    .iter()
                    .map(|tp| self.rust_ty(&args[tp.position], depth));
                quote!(#p<#(#args),*>)
            }
        }
    }

    /// The type parameters of a generic constructor's struct, as idents.
    fn struct_generics(s: &Struct) -> Vec<proc_macro2::Ident> {
        s.params.iter().map(|p| ident(&p.name)).collect()
    }

    /// `types::Just<X>` for constructor `s` as a variant of its enum, the
    /// arguments named as the enum names its parameters; the plain path
    /// for the others.
    fn variant_payload(&self, s: StructId, depth: usize) -> TokenStream {
        let p = self.struct_path(s, depth);
        let st = &self.ir.structs[s];
        match st.enum_index {
            Some(e) if !st.params.is_empty() => {
                let en = &self.ir.enums[e];
                let args = st.params.iter().map(|tp| ident(&en.params[tp.position]));
                quote!(#p<#(#args),*>)
            }
            _ => p,
        }
    }

    /// Derives for an item inside the generated modules, which import the
    /// std names (`Eq` and `Hash` by path: they are not imported, so TL
    /// names may take them), then the user's attributes for the item.
    fn derives(&self, default: bool, eq_hash: bool, tl_name: &str) -> TokenStream {
        use crate::Gated;
        let (eq, gated_eq) = self
            .gates
            .list_or_gated(Gated::Eq, self.eq_derive(quote!(PartialEq), eq_hash));
        let (d, gated_d) = if default {
            self.gates.list_or_gated(Gated::Default, quote!(Default))
        } else {
            (quote!(), quote!())
        };
        let (debug, gated) = self.debug_derive(quote!(Debug));
        let attrs = self.attrs.item(tl_name);
        quote! {
            #[derive(#debug Clone #eq #d)]
            #gated
            #gated_eq
            #gated_d
            #attrs
        }
    }

    /// `PartialEq` (by the path given), with `Eq` and `Hash` when the item
    /// has them: one gate covers the three.
    fn eq_derive(&self, partial_eq: TokenStream, eq_hash: bool) -> TokenStream {
        let eh = self.eq_hash_derive(eq_hash);
        quote!(#partial_eq #eh)
    }

    /// `, Eq, Hash` for a derive list when the item has them.
    fn eq_hash_derive(&self, eq_hash: bool) -> TokenStream {
        if self.eq_hash && eq_hash {
            quote!(, ::core::cmp::Eq, ::core::hash::Hash)
        } else {
            quote!()
        }
    }

    /// `Debug` (by the path given) for a derive list, and nothing; or,
    /// when gated, nothing and the `cfg_attr` derive. Ungated output keeps
    /// the one derive list.
    fn debug_derive(&self, path: TokenStream) -> (TokenStream, TokenStream) {
        if !self.debug {
            (quote!(), quote!())
        } else if self.gates.feature(crate::Gated::Debug).is_some() {
            (quote!(), self.gates.derive(crate::Gated::Debug, path))
        } else {
            (quote!(#path,), quote!())
        }
    }

    /// The allowances on every generated module and include-site item, so
    /// that a consumer's stricter lints (clippy pedantic and nursery,
    /// `missing_copy_implementations`) stay quiet about code it did not
    /// write: `#![allow]` cannot ride through `include!`. The schema, not
    /// the generator, decides two default lints: a namespace named like its
    /// parent (`types.foo`, `a.a.x`) is `module_inception`, a deeply nested
    /// vector `type_complexity`. The decoders write their `?` out
    /// ([`tried`]), which `question_mark` would flag.
    fn lint_allows(&self) -> TokenStream {
        quote!(#[allow(
            clippy::pedantic,
            clippy::nursery,
            clippy::module_inception,
            clippy::type_complexity,
            clippy::question_mark,
            missing_copy_implementations
        )])
    }

    fn field_decls(&self, s: &Struct, depth: usize) -> TokenStream {
        let mut out = TokenStream::new();
        for f in &s.fields {
            let n = ident(&f.name);
            let doc = docs::field(f, s, self.docs);
            let base = self.rust_ty(&f.ty, depth);
            let base = if f.boxed { quote!(Box<#base>) } else { base };
            let ty = match f.cond {
                Cond::Always => base,
                Cond::TrueFlag { .. } => quote!(bool),
                Cond::Flag { .. } => quote!(Option<#base>),
            };
            let attrs = self.attrs.field(&s.tl_name, &f.tl_name);
            out.extend(quote!(#doc #attrs pub #n: #ty,));
        }
        for w in &s.flag_words {
            let n = ident(&w.unknown);
            let doc = docs::unknown_bits(w);
            out.extend(quote!(#doc pub #n: u32,));
        }
        out
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
            let doc = docs::lines(&format!(
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
    pub const ALL: [Part; 5] = [
        Part::Root,
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
        rt: opts.runtime.to_tokens(),
        serde: opts.serde,
        debug: opts.debug,
        conversions: opts.conversions,
        gates: &opts.gates,
        docs: opts.docs.as_deref(),
        attrs: &opts.attributes,
        eq_hash: opts.eq_hash,
    };
    match part {
        Part::Root => em.root(),
        Part::Types => em.types(),
        Part::Enums => em.enums(),
        Part::Functions => em.functions(),
        Part::Object => {
            let object = em.object();
            let wire = em.wire_helpers();
            quote! {
                #object
                #wire
            }
        }
    }
}

impl Emitter<'_> {
    /// The `use` lines at the top of every generated module. Every
    /// generated module imports what it uses by absolute path, so the code
    /// means the same wherever it is included. The std names are reserved in
    /// the name registry (`analysis::PRELUDE_NAMES`); the runtime imports
    /// are `as _` or start with `__`, which no TL name can.
    fn prelude(&self) -> TokenStream {
        let rt = &self.rt;
        let serde = self.serde_prelude();
        quote! {
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
            #serde
        }
    }
}
