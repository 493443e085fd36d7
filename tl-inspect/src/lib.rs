//! Schema-driven decoding of TL values: bytes in, a dynamic [`Value`] tree
//! out, using nothing but parsed schemas (no generated code).
//!
//! 1. [`Index::new`] over one or more [`typelang_parser`] schemas: definitions
//!    by id, by name and by the type they build.
//! 2. [`Target`]: what the input is: a type (`EncryptedChat`,
//!    `Vector<long>`), one constructor or function, or any object
//!    recognised by its id. [`Target::parse`] reads a user's type text and
//!    suggests names on a typo.
//! 3. [`decode`] reads one value through the runtime's
//!    [`Reader`](typelang_runtime::Reader), so every length is checked before
//!    anything is allocated and nesting is bounded by
//!    [`DecodeOptions::max_depth`](typelang_runtime::DecodeOptions::max_depth);
//!    an [`Error`] says what went wrong, at which byte, and in which field.
//! 4. [`render()`] writes the tree as indented text, [`to_json`] as the
//!    JSON form of `docs/json.md`, and [`encode()`] turns that JSON back
//!    into the same bytes.
//!
//! ```
//! use typelang_parser::{ParseOptions, parse};
//! use typelang_runtime::DecodeOptions;
//! use typelang_inspect::{Index, Target, Value, decode_all, render, RenderOptions};
//!
//! let schema = parse(
//!     "inputUser#f21158c6 user_id:long access_hash:long = InputUser;\n\
//!      ---functions---\n\
//!      messages.requestEncryption#f64daf43 user_id:InputUser random_id:int g_a:bytes = EncryptedChat;",
//!     &ParseOptions::default(),
//! )
//! .unwrap()
//! .schema;
//! let index = Index::new([&schema]);
//!
//! let mut wire = Vec::new();
//! wire.extend(0xf64daf43u32.to_le_bytes()); // messages.requestEncryption
//! wire.extend(0xf21158c6u32.to_le_bytes()); // inputUser
//! wire.extend(1234567890i64.to_le_bytes());
//! wire.extend((-42i64).to_le_bytes());
//! wire.extend(7i32.to_le_bytes());
//! wire.extend([3, 0xaa, 0xbb, 0xcc]); // g_a: bytes of length 3
//!
//! // By id alone: `Object`.
//! let value = decode_all(&index, &Target::Any, &wire, &DecodeOptions::new()).unwrap();
//! let call = value.as_object().unwrap();
//! assert_eq!(call.name, "messages.requestEncryption");
//! assert_eq!(call.field("random_id"), Some(&Value::Int(7)));
//! let user = call.field("user_id").and_then(Value::as_object).unwrap();
//! assert_eq!(user.field("access_hash"), Some(&Value::Long(-42)));
//!
//! assert!(render(&value, 0, RenderOptions::new()).ends_with("    g_a: bytes[3] aabbcc\n}\n"));
//!
//! // A cut input says what, where and in which field.
//! let target = Target::parse(&index, "messages.requestEncryption", false).unwrap();
//! let err = decode_all(&index, &target, &wire[..20], &DecodeOptions::new()).unwrap_err();
//! assert_eq!(err.offset(), 16);
//! assert_eq!(err.path().to_string(), "messages.requestEncryption.user_id > inputUser.access_hash");
//! ```
//!
//! Modules by what they hold: the index, the target, the value tree, the
//! engine, the errors, the text rendering, and two helpers for tools:
//! [`parse_hex`] and [`with_stack_for_depth`].

mod decode;
mod encode;
mod error;
mod hex;
mod index;
mod json;
mod render;
mod stack;
mod target;
mod value;

pub use decode::{decode, decode_all, decode_answering};
pub use encode::{EncodeError, EncodeErrorKind, MAX_JSON_DEPTH, encode, encode_answering};
pub use error::{Error, ErrorKind, Expected, Known, Path, SchemaProblem, Step};
pub use hex::{HexError, parse_hex};
pub use index::Index;
pub use json::{JsonOptions, to_json};
pub use render::{RenderOptions, render};
pub use stack::with_stack_for_depth;
pub use target::{Target, TargetError};
pub use value::{Field, Item, Object, Value};
