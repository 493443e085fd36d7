//! Runtime for Rust code generated from TL (Telegram Type Language) schemas.
//!
//! Generated types implement the traits in this crate; this crate supplies
//! the wire encoding of the built-in types, and a decoder that treats its
//! input as hostile.
//!
//! - [`Serializable`] / [`Deserializable`]: write and read a value in its
//!   boxed wire form. [`Identifiable`] gives a constructor's id,
//!   [`RemoteCall`] a function's answer type, [`Bare`] the bare form (`%T`).
//! - [`Reader`]: the bounds-checked cursor decoding runs on, configured by
//!   [`DecodeOptions`].
//! - [`DecodeError`]: what failed, at which byte, in which field.
//! - [`EncodeError`]: what [`Serializable::try_to_bytes`] refuses (a
//!   `string` over 2^24 - 1 bytes, a vector over `i32::MAX` elements),
//!   where [`Serializable::to_bytes`] panics.
//! - [`RpcError`]: the error answer of a remote call, with `FLOOD_WAIT_30`
//!   split into name and value.
//! - [`mtproto`]: what answers arrive in: [`Message`](mtproto::Message)s in
//!   a [`MsgContainer`](mtproto::MsgContainer), an
//!   [`RpcResult`](mtproto::RpcResult) answering a call, and
//!   [`GzipPacked`](mtproto::GzipPacked) in place of any boxed value
//!   (inflated within [`DecodeOptions::max_inflated_size`]; feature `gzip`,
//!   on by default).
//! - Built-in types: `int` = `i32`, `long` = `i64`, `double` = `f64`,
//!   `#` = `u32`, `int128` = `[u8; 16]`, `int256` = `[u8; 32]`,
//!   `string` = `String`, `bytes` = [`Bytes`](bytes::Bytes), `Bool` = `bool`,
//!   `Vector t` = `Vec<T>`, `vector t` = [`RawVec<T>`]; see [`primitives`].
//!
//! # Example
//!
//! ```
//! use typelang_runtime::bytes::Bytes;
//! use typelang_runtime::{DecodeErrorKind, DecodeOptions, Deserializable, RawVec, Serializable};
//!
//! // Encoding: `to_bytes` allocates once, sized by `serialized_len`.
//! let ids: Vec<i64> = vec![1, -1];
//! let wire = ids.to_bytes();
//! assert_eq!(wire.len(), ids.serialized_len());
//! assert_eq!(&wire[..8], &[0x15, 0xc4, 0xb5, 0x1c, 2, 0, 0, 0]); // Vector id, count
//!
//! // Decoding must consume the whole input.
//! assert_eq!(Vec::<i64>::from_bytes(&wire).unwrap(), ids);
//!
//! // Strings: 1-byte length, data, zero padding to a multiple of 4.
//! assert_eq!("hey".to_owned().to_bytes(), [3, b'h', b'e', b'y']);
//!
//! // Zero-copy: `bytes` values decoded from a `Bytes` share its buffer.
//! let input = Bytes::from(RawVec(vec![Bytes::from_static(b"photo data")]).to_bytes());
//! let parts = RawVec::<Bytes>::from_shared(&input).unwrap();
//! assert_eq!(parts[0].as_ptr(), input[5..].as_ptr());
//!
//! // Hostile input fails with a typed error instead of panicking or
//! // allocating: here a count of 2^31 - 1 longs with 8 bytes left.
//! let hostile = [0x15, 0xc4, 0xb5, 0x1c, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0];
//! let err = Vec::<i64>::from_bytes(&hostile).unwrap_err();
//! assert!(matches!(err.kind(), DecodeErrorKind::LengthOutOfRange { length: 0x7fff_ffff, .. }));
//! assert_eq!(err.offset(), 4);
//! println!("{err}"); // length 2147483647 out of range (at most 1 possible) at byte 4
//!
//! // Limits are data.
//! let strict = DecodeOptions::new().with_strict_utf8(true);
//! let bad = [2, 0xc3, 0x28, 0];
//! assert_eq!(String::from_bytes(&bad).unwrap(), "\u{fffd}(");
//! assert!(String::from_bytes_with(&bad, &strict).is_err());
//! ```
//!
//! # From a server message to a typed answer
//!
//! ```
//! use typelang_runtime::bytes::{BufMut, Bytes};
//! use typelang_runtime::mtproto::{MsgContainer, Outcome, RpcResult};
//! use typelang_runtime::{RemoteCall, Serializable, Deserializable};
//!
//! // The call that was sent (generated code provides these impls).
//! struct GetIds;
//! impl Serializable for GetIds {
//!     fn serialized_len(&self) -> usize { 4 }
//!     fn serialize(&self, buf: &mut impl BufMut) { buf.put_u32_le(0x1a2b_3c4d) }
//! }
//! impl RemoteCall for GetIds {
//!     type Return = Vec<i64>;
//! }
//!
//! // What arrived, decrypted: a container of one message whose body is an
//! // rpc_result answering the request sent as message 4 with a Vector<long>.
//! let wire = Bytes::from_static(&[
//!     0xdc, 0xf8, 0xf1, 0x73, 1, 0, 0, 0, // msg_container, 1 message
//!     1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, // msg_id 1, seqno 1, 28 bytes
//!     0x01, 0x6d, 0x5c, 0xf3, 4, 0, 0, 0, 0, 0, 0, 0, // rpc_result, req_msg_id 4
//!     0x15, 0xc4, 0xb5, 0x1c, 1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, // Vector<long> [7]
//! ]);
//!
//! let container = MsgContainer::from_shared(&wire)?;
//! for outcome in container.decode_each::<RpcResult>() {
//!     match outcome {
//!         Outcome::Decoded { body: result, .. } => {
//!             assert_eq!(result.req_msg_id, 4); // which call this answers
//!             // The answer, an rpc_error, or a gzip_packed of either.
//!             match result.answer::<GetIds>()? {
//!                 Ok(ids) => assert_eq!(ids, [7]),
//!                 Err(rpc_error) => panic!("the call failed: {rpc_error}"),
//!             }
//!         }
//!         // Not an rpc_result (an update, a pong): a client decodes such
//!         // bodies as its generated types, and still acknowledges msg_id.
//!         Outcome::Unknown { msg_id, id, .. } => println!("message {msg_id}: {id:x?}"),
//!     }
//! }
//! # Ok::<(), typelang_runtime::DecodeError>(())
//! ```
//!
//! # Decoding untrusted input
//!
//! Decoding never panics and never allocates from an unchecked length:
//! `string`/`bytes` lengths are checked against the remaining input before
//! anything is read, vector counts are checked against the remaining input
//! divided by the element's minimum wire size ([`Deserializable::MIN_WIRE_SIZE`])
//! before anything is allocated, and the initial allocation is capped in
//! any case. Nesting is limited by [`DecodeOptions::max_depth`] (default 100),
//! which generated code enforces with [`Reader::enter`]/[`Reader::leave`].
//! `gzip_packed` data is inflated into a buffer grown by this crate, at
//! most [`DecodeOptions::max_inflated_size`] (default 16 MiB) for a whole
//! decode, so a decompression bomb fails with a typed error instead of
//! exhausting memory; each `gzip_packed` layer counts one nesting level.
//! See [`DecodeOptions`] for the defaults and the UTF-8 policy.

pub use bytes;

pub mod encode;
mod error;
mod gzip;
#[cfg(feature = "hash")]
pub mod hash;
#[cfg(feature = "serde")]
pub mod json;
mod method_info;
pub mod mtproto;
mod nested;
mod options;
pub mod primitives;
mod reader;
mod rpc_error;
mod traits;
mod truth;
mod vector;

pub use encode::{EncodeError, EncodeErrorKind};
pub use error::{DecodeError, DecodeErrorKind, PathSegment};
pub use method_info::MethodInfo;
pub use options::DecodeOptions;
pub use reader::Reader;
pub use rpc_error::{RPC_ERROR_ID, RpcError};
pub use traits::{Bare, Deserializable, Identifiable, RemoteCall, Serializable};
pub use truth::True;
pub use vector::{AsBare, RawVec};

/// serde, for the generated `Serialize`/`Deserialize` impls (`serde` feature).
#[cfg(feature = "serde")]
pub use serde;

/// Includes the code `typelang_codegen` wrote into `OUT_DIR` in the crate's
/// build.rs, by the file's name without `.rs` (as `tonic::include_proto!`
/// does for protobuf): `include_tl!("api")` is
/// `include!(concat!(env!("OUT_DIR"), "/api.rs"))`.
///
/// The output is named after the first schema (`api.tl` → `api.rs`)
/// unless `Config::file_name` chose another name. Put it in a module of its
/// own: the generated items (`types`, `enums`, `functions`, `Object`,
/// `name_for_id`, `LAYER`) then live under that module.
///
/// ```ignore
/// // build.rs: typelang_codegen::compile(&["schema/api.tl", "schema/mtproto.tl"]).unwrap();
/// pub mod telegram {
///     typelang_runtime::include_tl!("api");
/// }
/// ```
///
/// (Ignored here because this crate has no build script, so no `OUT_DIR`;
/// the consumer crate of this repository, `tests/`, includes its
/// generated code this way.)
#[macro_export]
macro_rules! include_tl {
    ($name:literal) => {
        ::core::include!(::core::concat!(::core::env!("OUT_DIR"), "/", $name, ".rs"));
    };
}

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
