//! The MTProto wrappers every answer arrives in, which `mtproto.tl` leaves
//! to be "parsed manually": containers of messages, `rpc_result`, and
//! `gzip_packed`. They do not depend on any schema.
//!
//! ```text
//! message msg_id:long seqno:int bytes:int body:Object = Message;
//! msg_container#73f1f8dc messages:vector<message> = MessageContainer;
//! rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;
//! rpc_error#2144ca19 error_code:int error_message:string = RpcError;
//! gzip_packed#3072cfa1 packed_data:string = Object;
//! ```
//!
//! What a server sends is a [`Message`] body (or several, in a
//! [`MsgContainer`]). A body starting with [`RPC_RESULT_ID`] is an
//! [`RpcResult`]: the answer to the call whose message id is `req_msg_id`,
//! which [`RpcResult::answer`] decodes as the call's return type or as an
//! [`RpcError`]. Any boxed value may instead arrive as a [`GzipPacked`]
//! holding its serialization, gzip-compressed (RFC 1952, as MTProto
//! specifies `packed_data`); [`RpcResult::answer`], [`Message::decode`] and
//! [`MsgContainer::decode_each`] see through it, and generated code does
//! the same for every boxed field it reads (through `__private::read_boxed`).
//!
//! Bodies are kept as raw [`Bytes`] (zero-copy slices of the input when it
//! was decoded with [`Deserializable::from_shared`]) and decoded on demand,
//! so one body that does not decode costs only itself: see
//! [`MsgContainer::decode_each`].
//!
//! Inflating needs the `gzip` feature (on by default). Without it the types
//! still encode and decode, `GzipPacked::pack` and
//! `GzipPacked::pack_if_worth` do not exist, and inflating fails with
//! [`GzipUnavailable`](crate::DecodeErrorKind::GzipUnavailable).
//!
//! ```
//! use typelang_runtime::bytes::Bytes;
//! use typelang_runtime::mtproto::{Message, MsgContainer, Outcome, RpcResult};
//! use typelang_runtime::{Deserializable, RpcError, Serializable};
//!
//! // A container holding one message whose body answers request 7 with an
//! // rpc_error.
//! let error = RpcError::new(420, "FLOOD_WAIT_30");
//! let result = RpcResult { req_msg_id: 7, body: error.to_bytes().into() };
//! let container = MsgContainer {
//!     messages: vec![Message { msg_id: 9, seqno: 1, body: result.to_bytes().into() }],
//! };
//! let wire = Bytes::from(container.to_bytes());
//!
//! let container = MsgContainer::from_shared(&wire)?;
//! for outcome in container.decode_each::<RpcResult>() {
//!     let Outcome::Decoded { body: result, .. } = outcome else { continue };
//!     let answer = result.answer_as::<bool>(&Default::default())?;
//!     assert_eq!(answer, Err(error.clone()));
//! }
//! # Ok::<(), typelang_runtime::DecodeError>(())
//! ```

use bytes::{BufMut, Bytes};

use crate::__private::read_bare_vec;
use crate::primitives::{bytes_len, write_bytes};
use crate::{
    Bare, DecodeError, DecodeErrorKind, DecodeOptions, Deserializable, Identifiable, Reader,
    RemoteCall, RpcError, Serializable, gzip,
};

pub use crate::rpc_error::RPC_ERROR_ID;

/// Constructor id of `msg_container#73f1f8dc messages:vector<message> = MessageContainer`.
pub const MSG_CONTAINER_ID: u32 = 0x73f1_f8dc;
/// Constructor id of `rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult`.
pub const RPC_RESULT_ID: u32 = 0xf35c_6d01;
/// Constructor id of `gzip_packed#3072cfa1 packed_data:string = Object`
/// (also spelled `packed_data:bytes`: Telegram's id rule writes a `bytes`
/// field as `string`, so both have this id).
pub const GZIP_PACKED_ID: u32 = 0x3072_cfa1;

/// The size from which `GzipPacked::pack_if_worth` is worth calling, in
/// bytes of serialized request: 512.
///
/// Below a few hundred bytes compression rarely pays: the gzip header and
/// trailer take 18 bytes and the `gzip_packed` wrapper up to 11 more, short
/// TL requests are mostly ids and random-looking numbers, and an encrypted
/// MTProto 2.0 packet carries 12 to 1024 bytes of random padding anyway, so
/// a small saving is lost in the padding while the CPU cost is not. The
/// number is a judgement, not a protocol constant.
pub const DEFAULT_PACK_THRESHOLD: usize = 512;

/// Error path segment for anything inside a `gzip_packed`.
const PACKED_DATA: &str = "gzip_packed.packed_data";

/// `message msg_id:long seqno:int bytes:int body:Object = Message`: one
/// message of a [`MsgContainer`].
///
/// `message` has no constructor id: it is only ever written bare (inside
/// containers, as `vector<message>`), so its [`Serializable`] and
/// [`Deserializable`] forms are its [`Bare`] form: `msg_id`, `seqno`, the
/// body's length in bytes, then the body.
///
/// Decoding checks the length against the input and the format (it must
/// not run past the end: [`LengthOutOfRange`], and must be a multiple of
/// 4: [`UnalignedLength`]) but not the body's content, which stays raw
/// until [`Message::decode`].
///
/// [`LengthOutOfRange`]: crate::DecodeErrorKind::LengthOutOfRange
/// [`UnalignedLength`]: crate::DecodeErrorKind::UnalignedLength
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Message {
    /// The message's id (`msg_id`).
    pub msg_id: i64,
    /// The message's sequence number (`seqno`).
    pub seqno: i32,
    /// The body, a serialized boxed value, undecoded.
    pub body: Bytes,
}

impl Message {
    /// The constructor id the body starts with (for example
    /// [`RPC_RESULT_ID`] or [`GZIP_PACKED_ID`]), or `None` if the body is
    /// shorter than 4 bytes.
    pub fn body_id(&self) -> Option<u32> {
        body_id(&self.body)
    }

    /// Decodes the body as `T`, with default limits. See
    /// [`decode_with`](Self::decode_with).
    pub fn decode<T: Deserializable>(&self) -> Result<T, DecodeError> {
        self.decode_with(&DecodeOptions::DEFAULT)
    }

    /// Decodes the body as `T`, which must span all of it; a body that is a
    /// `gzip_packed` is inflated (within
    /// [`DecodeOptions::max_inflated_size`]) and its content decoded as `T`.
    /// `bytes` fields are zero-copy slices of the body (or of the inflated
    /// data).
    pub fn decode_with<T: Deserializable>(
        &self,
        options: &DecodeOptions,
    ) -> Result<T, DecodeError> {
        decode_body(&self.body, options, read_boxed::<T>)
    }
}

/// The first 4 bytes of `body` as a constructor id.
fn body_id(body: &[u8]) -> Option<u32> {
    body.first_chunk::<4>().map(|id| u32::from_le_bytes(*id))
}

/// Runs `f` over all of `body` (which must be consumed exactly).
fn decode_body<T>(
    body: &Bytes,
    options: &DecodeOptions,
    f: impl FnOnce(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    let mut reader = Reader::new_shared(body, options);
    let value = f(&mut reader)?;
    reader.finish()?;
    Ok(value)
}

/// # Panics
///
/// `serialize_bare` panics if the body is longer than `i32::MAX` bytes.
impl Bare for Message {
    const MIN_BARE_SIZE: usize = 16;

    fn bare_len(&self) -> usize {
        16 + self.body.len()
    }

    fn serialize_bare(&self, buf: &mut impl BufMut) {
        let len = i32::try_from(self.body.len()).expect("message body longer than i32::MAX bytes");
        buf.put_i64_le(self.msg_id);
        buf.put_i32_le(self.seqno);
        buf.put_i32_le(len);
        buf.put_slice(&self.body);
    }

    fn deserialize_bare(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let msg_id = r.read_i64().map_err(|e| e.in_field("message.msg_id"))?;
        let seqno = r.read_i32().map_err(|e| e.in_field("message.seqno"))?;
        let len_at = r.position();
        let len = r.read_i32().map_err(|e| e.in_field("message.bytes"))?;
        let available = r.remaining();
        let body_len = match usize::try_from(len) {
            Ok(n) if n <= available => n,
            // A negative length is reported as the unsigned number it reads as.
            _ => {
                return Err(DecodeError::length_out_of_range(
                    u64::from(len as u32),
                    available as u64,
                    len_at,
                )
                .in_field("message.bytes"));
            }
        };
        if body_len % 4 != 0 {
            return Err(DecodeError::new(
                DecodeErrorKind::UnalignedLength {
                    length: body_len as u64,
                },
                len_at,
            )
            .in_field("message.bytes"));
        }
        let body = r.read_raw_bytes(body_len)?;
        Ok(Self {
            msg_id,
            seqno,
            body,
        })
    }
}

/// The only form of a `message` is its bare one.
impl Serializable for Message {
    fn serialized_len(&self) -> usize {
        self.bare_len()
    }
    fn serialize(&self, buf: &mut impl BufMut) {
        self.serialize_bare(buf)
    }
}

/// The only form of a `message` is its bare one.
impl Deserializable for Message {
    const MIN_WIRE_SIZE: usize = 16;
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Self::deserialize_bare(reader)
    }
}

/// `msg_container#73f1f8dc messages:vector<message> = MessageContainer`:
/// several [`Message`]s sent as one.
///
/// Decoding a container checks every message's framing (its length
/// header), since nothing after a broken header can be found again, but not
/// the bodies: [`decode_each`](Self::decode_each) decodes them one by one,
/// so a body that does not decode spoils only its own outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MsgContainer {
    /// The messages, in wire order.
    pub messages: Vec<Message>,
}

/// What became of one message of a container: see
/// [`MsgContainer::decode_each`].
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<T> {
    /// The body decoded as `T`.
    Decoded {
        /// The message's id.
        msg_id: i64,
        /// The message's sequence number.
        seqno: i32,
        /// The decoded body.
        body: T,
    },
    /// The body did not decode as `T`; it is kept as it arrived.
    Unknown {
        /// The message's id (a client still acknowledges it).
        msg_id: i64,
        /// The message's sequence number.
        seqno: i32,
        /// The constructor id the body starts with (`None` if it is
        /// shorter than 4 bytes); [`GZIP_PACKED_ID`] for a compressed body.
        id: Option<u32>,
        /// The raw body.
        body: Bytes,
        /// Why it did not decode (offsets are into `body`).
        error: DecodeError,
    },
}

impl<T> Outcome<T> {
    /// The message's id.
    pub fn msg_id(&self) -> i64 {
        match self {
            Self::Decoded { msg_id, .. } | Self::Unknown { msg_id, .. } => *msg_id,
        }
    }

    /// The message's sequence number.
    pub fn seqno(&self) -> i32 {
        match self {
            Self::Decoded { seqno, .. } | Self::Unknown { seqno, .. } => *seqno,
        }
    }

    /// The decoded body, or the decode error.
    pub fn into_result(self) -> Result<T, DecodeError> {
        match self {
            Self::Decoded { body, .. } => Ok(body),
            Self::Unknown { error, .. } => Err(error),
        }
    }
}

impl MsgContainer {
    /// Decodes every message's body as `T`, with default limits. See
    /// [`decode_each_with`](Self::decode_each_with).
    pub fn decode_each<T: Deserializable>(&self) -> Vec<Outcome<T>> {
        self.decode_each_with(&DecodeOptions::DEFAULT)
    }

    /// Decodes every message's body as `T` (as [`Message::decode_with`]
    /// does: the whole body, `gzip_packed` inflated), in order. A body that
    /// fails becomes [`Outcome::Unknown`], keeping its message's id, seqno,
    /// constructor id and raw bytes; the other messages are unaffected.
    /// Each body is its own decode, with its own
    /// [`max_inflated_size`](DecodeOptions::max_inflated_size) budget.
    pub fn decode_each_with<T: Deserializable>(&self, options: &DecodeOptions) -> Vec<Outcome<T>> {
        self.messages
            .iter()
            .map(|m| match m.decode_with(options) {
                Ok(body) => Outcome::Decoded {
                    msg_id: m.msg_id,
                    seqno: m.seqno,
                    body,
                },
                Err(error) => Outcome::Unknown {
                    msg_id: m.msg_id,
                    seqno: m.seqno,
                    id: m.body_id(),
                    body: m.body.clone(),
                    error,
                },
            })
            .collect()
    }
}

impl Identifiable for MsgContainer {
    const CONSTRUCTOR_ID: u32 = MSG_CONTAINER_ID;
}

/// # Panics
///
/// `serialize` panics if there are more than `i32::MAX` messages or a body
/// is longer than `i32::MAX` bytes.
impl Serializable for MsgContainer {
    fn serialized_len(&self) -> usize {
        4 + crate::__private::bare_vec_len(&self.messages)
    }
    fn serialize(&self, buf: &mut impl BufMut) {
        buf.put_u32_le(MSG_CONTAINER_ID);
        crate::__private::write_bare_vec(buf, &self.messages);
    }
}

/// The message count is checked against the input (16 bytes a message)
/// before anything is allocated; a message whose framing is broken fails
/// the container, with its index in the error path.
impl Deserializable for MsgContainer {
    const MIN_WIRE_SIZE: usize = 8;
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        reader.expect_id(MSG_CONTAINER_ID, "MessageContainer")?;
        let messages = read_bare_vec(reader, "msg_container.messages")?;
        Ok(Self { messages })
    }
}

/// `rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult`: the
/// answer to the call sent in message `req_msg_id`.
///
/// `result` is an `Object` whose type only the caller knows (the return
/// type of the call it sent), so decoding keeps it raw: the body runs to
/// the end of the input, which is the end of the message body an
/// `rpc_result` always is. [`answer`](Self::answer) decodes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RpcResult {
    /// The `msg_id` of the message that carried the call.
    pub req_msg_id: i64,
    /// The serialized `result`, undecoded: the answer, an `rpc_error`, or a
    /// `gzip_packed` of either.
    pub body: Bytes,
}

impl RpcResult {
    /// The answer as `F`'s return type, or the error the call failed with,
    /// with default limits. See [`answer_as`](Self::answer_as).
    ///
    /// ```
    /// use typelang_runtime::bytes::{BufMut, Bytes};
    /// use typelang_runtime::mtproto::RpcResult;
    /// use typelang_runtime::{RemoteCall, Serializable};
    ///
    /// /// A call answering `Vector<long>`.
    /// struct GetIds;
    /// impl Serializable for GetIds {
    ///     fn serialized_len(&self) -> usize { 4 }
    ///     fn serialize(&self, buf: &mut impl BufMut) { buf.put_u32_le(0x1234_5678) }
    /// }
    /// impl RemoteCall for GetIds {
    ///     type Return = Vec<i64>;
    /// }
    ///
    /// let result = RpcResult { req_msg_id: 1, body: vec![5i64, 6].to_bytes().into() };
    /// assert_eq!(result.answer::<GetIds>().unwrap(), Ok(vec![5, 6]));
    /// ```
    pub fn answer<F: RemoteCall>(&self) -> Result<Result<F::Return, RpcError>, DecodeError> {
        self.answer_as::<F::Return>(&DecodeOptions::DEFAULT)
    }

    /// Like [`answer`](Self::answer) with explicit limits.
    pub fn answer_with<F: RemoteCall>(
        &self,
        options: &DecodeOptions,
    ) -> Result<Result<F::Return, RpcError>, DecodeError> {
        self.answer_as::<F::Return>(options)
    }

    /// The answer as `T`, or the error the call failed with.
    ///
    /// The outer `Result` is the decode: `Err` when the body is neither a
    /// `T` nor an `rpc_error` (or does not span the whole body, or a
    /// `gzip_packed` body does not inflate); its error path starts with
    /// `rpc_result.result`. The inner one is the call's: `Ok(answer)` or
    /// `Err(rpc_error)`. A `gzip_packed` body is inflated within
    /// [`DecodeOptions::max_inflated_size`] and its content decoded the
    /// same way. Vector answers (`Vector<long>`, `Vector<User>`) arrive
    /// with their `0x1cb5c415` id, which `Vec<T>` reads.
    pub fn answer_as<T: Deserializable>(
        &self,
        options: &DecodeOptions,
    ) -> Result<Result<T, RpcError>, DecodeError> {
        decode_body(&self.body, options, |r| {
            gzip_transparent(r, |r| match r.peek_u32() {
                Ok(RPC_ERROR_ID) => RpcError::deserialize(r).map(Err),
                _ => T::deserialize(r).map(Ok),
            })
        })
        .map_err(|e| e.in_field("rpc_result.result"))
    }
}

impl Identifiable for RpcResult {
    const CONSTRUCTOR_ID: u32 = RPC_RESULT_ID;
}

impl Serializable for RpcResult {
    fn serialized_len(&self) -> usize {
        12 + self.body.len()
    }
    fn serialize(&self, buf: &mut impl BufMut) {
        buf.put_u32_le(RPC_RESULT_ID);
        buf.put_i64_le(self.req_msg_id);
        buf.put_slice(&self.body);
    }
}

/// Reads the id and `req_msg_id`, then takes the rest of the input as the
/// body (zero-copy with [`Deserializable::from_shared`]).
impl Deserializable for RpcResult {
    const MIN_WIRE_SIZE: usize = 12;
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        reader.expect_id(RPC_RESULT_ID, "RpcResult")?;
        let req_msg_id = reader
            .read_i64()
            .map_err(|e| e.in_field("rpc_result.req_msg_id"))?;
        let body = reader.read_raw_bytes(reader.remaining())?;
        Ok(Self { req_msg_id, body })
    }
}

/// `gzip_packed#3072cfa1 packed_data:string = Object`: any boxed value,
/// serialized and then gzip-compressed (RFC 1952 gzip, not raw zlib or
/// deflate).
///
/// Servers send large answers and updates this way; clients may pack large
/// requests (`pack_if_worth`, with the `gzip` feature). Inflating is bounded
/// by [`DecodeOptions::max_inflated_size`]: the output buffer is grown by
/// this crate, never past the limit plus one byte, so a decompression bomb
/// fails with [`InflatedTooLarge`](crate::DecodeErrorKind::InflatedTooLarge)
/// after allocating no more than that.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct GzipPacked {
    /// The gzip stream.
    pub packed_data: Bytes,
}

impl GzipPacked {
    /// Inflates [`packed_data`](Self::packed_data) with default limits.
    pub fn inflate(&self) -> Result<Bytes, DecodeError> {
        self.inflate_with(&DecodeOptions::DEFAULT)
    }

    /// Inflates [`packed_data`](Self::packed_data), failing with
    /// [`InflatedTooLarge`](crate::DecodeErrorKind::InflatedTooLarge) past
    /// [`DecodeOptions::max_inflated_size`],
    /// [`InvalidGzip`](crate::DecodeErrorKind::InvalidGzip) if it is not a
    /// gzip stream, or
    /// [`GzipUnavailable`](crate::DecodeErrorKind::GzipUnavailable) without
    /// the `gzip` feature. Error offsets are 0. Bytes after the end of the
    /// gzip stream are ignored (as zlib, which Telegram's clients use,
    /// ignores them).
    pub fn inflate_with(&self, options: &DecodeOptions) -> Result<Bytes, DecodeError> {
        let limit = options.max_inflated_size;
        gzip::inflate(&self.packed_data, limit, limit, 0).map(Bytes::from)
    }

    /// Compresses `data` (a serialized boxed value) into a `gzip_packed`,
    /// whatever its size. Needs the `gzip` feature.
    ///
    /// ```
    /// use typelang_runtime::mtproto::GzipPacked;
    ///
    /// let data = vec![7u8; 4096];
    /// let packed = GzipPacked::pack(&data);
    /// assert!(packed.packed_data.len() < 100);
    /// assert_eq!(packed.inflate().unwrap(), data);
    /// ```
    #[cfg(feature = "gzip")]
    pub fn pack(data: &[u8]) -> Self {
        Self {
            packed_data: gzip::deflate(data).into(),
        }
    }

    /// Compresses `data` if that is worth it, as clients do before sending
    /// a request: `None` if `data` is shorter than `threshold` bytes (use
    /// [`DEFAULT_PACK_THRESHOLD`] unless you have measured otherwise) or if
    /// the serialized `gzip_packed` would not be smaller than `data`; then
    /// send `data` itself. Needs the `gzip` feature.
    ///
    /// ```
    /// use typelang_runtime::Serializable;
    /// use typelang_runtime::mtproto::{DEFAULT_PACK_THRESHOLD, GzipPacked};
    ///
    /// let small = vec![0u8; 100];
    /// assert_eq!(GzipPacked::pack_if_worth(&small, DEFAULT_PACK_THRESHOLD), None);
    /// let large = vec![0u8; 1000];
    /// let packed = GzipPacked::pack_if_worth(&large, DEFAULT_PACK_THRESHOLD).unwrap();
    /// assert!(packed.serialized_len() < large.len());
    /// ```
    #[cfg(feature = "gzip")]
    pub fn pack_if_worth(data: &[u8], threshold: usize) -> Option<Self> {
        if data.len() < threshold {
            return None;
        }
        let packed = Self::pack(data);
        (packed.serialized_len() < data.len()).then_some(packed)
    }
}

impl Identifiable for GzipPacked {
    const CONSTRUCTOR_ID: u32 = GZIP_PACKED_ID;
}

/// # Panics
///
/// `serialize` panics if `packed_data` is longer than
/// [`MAX_BYTES_LEN`](crate::primitives::MAX_BYTES_LEN).
impl Serializable for GzipPacked {
    fn serialized_len(&self) -> usize {
        4 + bytes_len(self.packed_data.len())
    }
    fn serialize(&self, buf: &mut impl BufMut) {
        buf.put_u32_le(GZIP_PACKED_ID);
        write_bytes(buf, &self.packed_data);
    }
}

/// Reads the packed data without inflating it.
impl Deserializable for GzipPacked {
    const MIN_WIRE_SIZE: usize = 8;
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        reader.expect_id(GZIP_PACKED_ID, "GzipPacked")?;
        let packed_data = reader.read_bytes().map_err(|e| e.in_field(PACKED_DATA))?;
        Ok(Self { packed_data })
    }
}

/// Reads a boxed `T`, inflating it first if it arrived as a `gzip_packed`;
/// see [`gzip_transparent`].
pub(crate) fn read_boxed<T: Deserializable>(r: &mut Reader<'_>) -> Result<T, DecodeError> {
    gzip_transparent(r, T::deserialize)
}

/// Runs `f` on the boxed value `r` is at, or, if that is a `gzip_packed`,
/// on the value it holds.
///
/// For a `gzip_packed`: counts one nesting level (`"gzip_packed"`), reads
/// the packed data, inflates it within what is left of
/// [`DecodeOptions::max_inflated_size`] for this decode, and runs `f` on a
/// reader over the inflated data that carries on `r`'s decode (same
/// options, the depth and the inflation budget carried over, so nested
/// layers stay bounded by both limits); a `gzip_packed` directly inside is
/// unwrapped the same way. `f` must consume the inflated data exactly.
/// Errors from inside have offsets into the inflated data and a path
/// starting with `gzip_packed.packed_data`.
pub(crate) fn gzip_transparent<T>(
    r: &mut Reader<'_>,
    f: impl FnOnce(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    if r.peek_u32().ok() != Some(GZIP_PACKED_ID) {
        return f(r);
    }
    r.enter("gzip_packed")?;
    let out = unpack_then(r, f);
    r.leave();
    out
}

/// Reads one `gzip_packed` (its id included) and runs `f` on a reader over
/// the inflated data, for tools that decode without generated types (a
/// schema-driven inspector) and need to see the wrapper: returns the packed
/// bytes as they were on the wire, and what `f` made of the inflated ones.
///
/// The inner reader continues this decode exactly as in generated code:
/// one more nesting level, the same options, and what is left of the
/// decode's [`max_inflated_size`](crate::DecodeOptions::max_inflated_size)
/// budget. `f` must consume the inflated data (`TrailingBytes` otherwise).
/// Unlike the transparent path, a `gzip_packed` right inside is left to `f`.
pub fn unpack<T, E: From<DecodeError>>(
    r: &mut Reader<'_>,
    f: impl FnOnce(&mut Reader<'_>) -> Result<T, E>,
) -> Result<(Bytes, T), E> {
    r.expect_id(GZIP_PACKED_ID, "gzip_packed")?;
    r.enter("gzip_packed")?;
    let out = (|| {
        let at = r.position();
        let packed = r.read_bytes().map_err(|e| e.in_field(PACKED_DATA))?;
        let inflated = gzip::inflate(
            &packed,
            r.inflate_budget(),
            r.options().max_inflated_size,
            at,
        )
        .map_err(|e| e.in_field(PACKED_DATA))?;
        r.add_inflated(inflated.len());
        let inflated = Bytes::from(inflated);
        let mut inner = r.nested_shared(&inflated);
        let value = f(&mut inner)?;
        inner.finish().map_err(|e| e.in_field(PACKED_DATA))?;
        r.take_inflated(&inner);
        Ok((packed, value))
    })();
    r.leave();
    out
}

fn unpack_then<T>(
    r: &mut Reader<'_>,
    f: impl FnOnce(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    r.skip(4)?;
    let at = r.position();
    let inflated = r
        .read_bytes_ref()
        .and_then(|packed| {
            gzip::inflate(
                packed,
                r.inflate_budget(),
                r.options().max_inflated_size,
                at,
            )
        })
        .map_err(|e| e.in_field(PACKED_DATA))?;
    r.add_inflated(inflated.len());
    let inflated = Bytes::from(inflated);
    let mut inner = r.nested_shared(&inflated);
    // Layers inside layers unwrap too, each one level deeper.
    let value = gzip_transparent(&mut inner, f)
        .and_then(|value| inner.finish().map(|()| value))
        .map_err(|e| e.in_field(PACKED_DATA))?;
    r.take_inflated(&inner);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::primitives::TRUE_ID;

    /// Every id is the CRC-32 of its TL line normalised the way Telegram's
    /// clients compute ids (no `#id`, `<>` as spaces, `bytes` written
    /// `string`); `vector<message>` is the spelling the ids were computed
    /// from (`vector<%Message>` means the same).
    #[test]
    fn ids_are_the_crc32_of_their_lines() {
        for (id, line) in [
            (
                MSG_CONTAINER_ID,
                "msg_container messages:vector message = MessageContainer",
            ),
            (
                RPC_RESULT_ID,
                "rpc_result req_msg_id:long result:Object = RpcResult",
            ),
            (GZIP_PACKED_ID, "gzip_packed packed_data:string = Object"),
            (
                RPC_ERROR_ID,
                "rpc_error error_code:int error_message:string = RpcError",
            ),
            (TRUE_ID, "true = True"),
            (crate::primitives::BOOL_TRUE_ID, "boolTrue = Bool"),
            (crate::primitives::BOOL_FALSE_ID, "boolFalse = Bool"),
            (
                crate::primitives::VECTOR_ID,
                "vector t:Type # [ t ] = Vector t",
            ),
        ] {
            assert_eq!(crc32fast::hash(line.as_bytes()), id, "{line}");
        }
    }

    #[test]
    fn message_length_checks() {
        let mut wire = Vec::new();
        wire.put_i64_le(1);
        wire.put_i32_le(2);
        wire.put_i32_le(4);
        wire.put_u32_le(0xdead_beef);
        let m = Message::from_bytes(&wire).unwrap();
        assert_eq!(m.body_id(), Some(0xdead_beef));
        for (len, kind) in [
            (
                8,
                DecodeErrorKind::LengthOutOfRange {
                    length: 8,
                    limit: 4,
                },
            ),
            (
                -4,
                DecodeErrorKind::LengthOutOfRange {
                    length: 0xffff_fffc,
                    limit: 4,
                },
            ),
            (3, DecodeErrorKind::UnalignedLength { length: 3 }),
        ] {
            wire[12..16].copy_from_slice(&i32::to_le_bytes(len));
            let err = Message::from_bytes(&wire).unwrap_err();
            assert_eq!(err.kind(), &kind, "length {len}");
            assert_eq!(err.offset(), 12);
            assert_eq!(err.path(), &[crate::PathSegment::Field("message.bytes")]);
        }
    }
}
