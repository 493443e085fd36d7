//! Telegram's TL types, generated ahead of time: API layer 230 and MTProto
//! at the crate root (`types`, `enums`, `functions`, `Object`, `LAYER`,
//! `name_for_id`), the end-to-end (secret chat) schema in [`secret`], and
//! the schemas themselves as text for a build.rs that generates its own.
//!
//! The runtime the generated code is written against is re-exported as
//! [`runtime`], so this crate is the only dependency a user needs; nothing
//! of the generator (parser, nom, codegen) is built.
//!
//! ```
//! use typelang_telegram::runtime::{Deserializable, Serializable};
//! use typelang_telegram::{functions, types};
//!
//! let call = functions::messages::RequestEncryption {
//!     user_id: types::InputUser { user_id: 42, access_hash: 7 }.into(),
//!     random_id: 1,
//!     g_a: vec![1u8; 256].into(),
//! };
//! let bytes = call.to_bytes();
//! assert_eq!(&bytes[..4], &0xf64daf43u32.to_le_bytes());
//! assert_eq!(bytes.len(), call.serialized_len());
//! assert_eq!(typelang_telegram::name_for_id(0xf64daf43), Some("messages.requestEncryption"));
//!
//! // Constructors decode as well as they encode.
//! // (`PartialEq` on the types is the feature `eq`.)
//! let user = types::InputUser { user_id: 42, access_hash: 7 };
//! let back = types::InputUser::from_bytes(&user.to_bytes()).unwrap();
//! assert_eq!((back.user_id, back.access_hash), (42, 7));
//! assert_eq!(typelang_telegram::LAYER, 230);
//! ```
//!
//! `src/generated.rs` is checked in; `cargo run -p xtask -- telegram`
//! regenerates it, and the test `generated` fails when it is stale.

pub use typelang_runtime as runtime;

/// Telegram API schema, layer 230 (`api.tl`).
pub const API_TL: &str = include_str!("../api.tl");
/// MTProto schema: builtin types, auth-key exchange, service messages
/// (`mtproto.tl`).
pub const MTPROTO_TL: &str = include_str!("../mtproto.tl");
/// End-to-end (secret chat) schema, layer 144 (`secret.tl`). Its names
/// clash with api.tl's: generate it into a module of its own.
pub const SECRET_TL: &str = include_str!("../secret.tl");
/// Who may call each API method and its RPC errors, one method a line
/// (`methods.tsv`, for `Config::methods_table`).
pub const METHODS_TSV: &str = include_str!("../methods.tsv");
/// The texts of the official API documentation as Markdown, by definition
/// (`docs.tsv`).
pub const DOCS_TSV: &str = include_str!("../docs.tsv");

include!("generated.rs");
