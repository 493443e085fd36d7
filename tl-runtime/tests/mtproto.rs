//! The MTProto wrappers, from bytes written by hand from the MTProto
//! documentation (core.telegram.org/mtproto/service_messages,
//! /mtproto/serialize): every fixture below is spelled out, and the gzip
//! streams were made once by Python's zlib, not by the code under test:
//!
//! ```text
//! python3 -c 'import gzip; print(gzip.compress(bytes.fromhex(HEX), 9, mtime=0).hex())'
//! python3 -c 'import gzip; open("zeros-4MiB.gz", "wb").write(gzip.compress(bytes(4 << 20), 9, mtime=0))'
//! ```

mod common;

use common::hex;
use typelang_runtime::bytes::{BufMut, Bytes};
use typelang_runtime::mtproto::{
    GZIP_PACKED_ID, GzipPacked, MSG_CONTAINER_ID, Message, MsgContainer, Outcome, RPC_RESULT_ID,
    RpcResult,
};
use typelang_runtime::{
    __private, DecodeError, DecodeErrorKind, DecodeOptions, Deserializable, Identifiable,
    PathSegment, RPC_ERROR_ID, Reader, RemoteCall, RpcError, Serializable,
};

/// A call answering `Vector<long>` (like `messages.getMessagesViews`
/// answers `Vector<int>`): `getIds#1a2b3c4d = Vector<long>`.
struct GetIds;

impl Serializable for GetIds {
    fn serialized_len(&self) -> usize {
        4
    }
    fn serialize(&self, buf: &mut impl BufMut) {
        buf.put_u32_le(0x1a2b_3c4d);
    }
}

impl RemoteCall for GetIds {
    type Return = Vec<i64>;
}

/// A call answering `Bool`.
struct Ping;

impl Serializable for Ping {
    fn serialized_len(&self) -> usize {
        4
    }
    fn serialize(&self, buf: &mut impl BufMut) {
        buf.put_u32_le(0x0a0b_0c0d);
    }
}

impl RemoteCall for Ping {
    type Return = bool;
}

/// `msg_container` of two messages, each an `rpc_result`: the first
/// answers `boolTrue`, the second an `rpc_error` 400 `FILE_PART_3_MISSING`.
const CONTAINER: &str = "
    dcf8f173 02000000
    01000000bc860b5e 01000000 10000000
        016d5cf3 04000000bb860b5e b5757299
    05000000bc860b5e 03000000 28000000
        016d5cf3 08000000bb860b5e
        19ca4421 90010000 13 46494c455f504152545f335f4d495353494e47
";

/// `rpc_error` 420 `FLOOD_WAIT_30` (13 bytes of string, 2 of padding).
const FLOOD_WAIT: &str = "19ca4421 a4010000 0d 464c4f4f445f574149545f3330 0000";

/// A bare `Vector<long>` answer: [1, -1, i64::MIN].
const VECTOR_LONG: &str = "15c4b51c 03000000 0100000000000000 ffffffffffffffff 0000000000000080";

/// `rpc_result` header answering request 0x5e0b86bb00000004.
const RESULT_HEADER: &str = "016d5cf3 04000000bb860b5e";

/// The `Vector<long>` above, gzip-compressed by Python (37 bytes).
const GZ_VECTOR: &str =
    "1f8b0800000000000203133db2558699818181910102fe430194db0000164fb74520000000";

/// The `rpc_error` 420 `FLOOD_WAIT_30` above, gzip-compressed by Python
/// (44 bytes).
const GZ_ERROR: &str =
    "1f8b0800000000000203933ce5a2b884918181d7cdc7dfdf253edcd13324ded8808101004314b1af18000000";

/// `rpc_result` whose result is `gzip_packed` of [`GZ_VECTOR`]: the bytes
/// prefix 0x25 (37), the stream, 2 bytes of padding.
fn result_gzip_vector() -> Vec<u8> {
    hex(&format!("{RESULT_HEADER} a1cf7230 25 {GZ_VECTOR} 0000"))
}

/// `rpc_result` whose result is `gzip_packed` of [`GZ_ERROR`] (prefix 0x2c
/// (44), the stream, 3 bytes of padding).
fn result_gzip_error() -> Vec<u8> {
    hex(&format!("{RESULT_HEADER} a1cf7230 2c {GZ_ERROR} 000000"))
}

/// `rpc_result` answering with [`FLOOD_WAIT`].
fn result_error() -> Vec<u8> {
    hex(&format!("{RESULT_HEADER} {FLOOD_WAIT}"))
}

/// `rpc_result` answering with [`VECTOR_LONG`].
fn result_vector() -> Vec<u8> {
    hex(&format!("{RESULT_HEADER} {VECTOR_LONG}"))
}

#[cfg(feature = "gzip")]
/// 4 MiB of zeros, gzip-compressed by Python: 4098 bytes.
const ZEROS_4MIB: &[u8] = include_bytes!("fixtures/zeros-4MiB.gz");

#[cfg(feature = "gzip")]
/// 17 MiB of zeros (past the default limit), gzip-compressed by Python.
const ZEROS_17MIB: &[u8] = include_bytes!("fixtures/zeros-17MiB.gz");

/// A `gzip_packed` of `packed` (wire form).
fn gzip_packed(packed: &[u8]) -> Vec<u8> {
    GzipPacked {
        packed_data: Bytes::copy_from_slice(packed),
    }
    .to_bytes()
}

#[test]
fn ids() {
    assert_eq!(MsgContainer::CONSTRUCTOR_ID, 0x73f1_f8dc);
    assert_eq!(MSG_CONTAINER_ID, 0x73f1_f8dc);
    assert_eq!(RpcResult::CONSTRUCTOR_ID, 0xf35c_6d01);
    assert_eq!(RPC_RESULT_ID, 0xf35c_6d01);
    assert_eq!(GzipPacked::CONSTRUCTOR_ID, 0x3072_cfa1);
    assert_eq!(GZIP_PACKED_ID, 0x3072_cfa1);
    assert_eq!(typelang_runtime::mtproto::RPC_ERROR_ID, RPC_ERROR_ID);
    assert_eq!(typelang_runtime::primitives::TRUE_ID, 0x3fed_d339);
}

#[test]
fn container_of_two_messages() {
    let wire = Bytes::from(hex(CONTAINER));
    let container = MsgContainer::from_shared(&wire).unwrap();
    assert_eq!(container.messages.len(), 2);
    let [first, second] = &container.messages[..] else {
        unreachable!()
    };
    assert_eq!(
        (first.msg_id, first.seqno, first.body.len()),
        (0x5e0b_86bc_0000_0001, 1, 16)
    );
    assert_eq!(
        (second.msg_id, second.seqno, second.body.len()),
        (0x5e0b_86bc_0000_0005, 3, 40)
    );
    // Bodies are zero-copy slices of the input.
    assert_eq!(first.body.as_ptr(), wire[24..].as_ptr());
    assert_eq!(second.body.as_ptr(), wire[56..].as_ptr());
    assert_eq!(first.body_id(), Some(RPC_RESULT_ID));

    let outcomes = container.decode_each::<RpcResult>();
    let results: Vec<RpcResult> = outcomes
        .into_iter()
        .map(|o| o.into_result().unwrap())
        .collect();
    assert_eq!(results[0].req_msg_id, 0x5e0b_86bb_0000_0004);
    assert_eq!(results[0].answer::<Ping>().unwrap(), Ok(true));
    assert_eq!(results[1].req_msg_id, 0x5e0b_86bb_0000_0008);
    let error = results[1].answer::<Ping>().unwrap().unwrap_err();
    assert_eq!(
        (error.code, error.name.as_str()),
        (400, "FILE_PART_MISSING")
    );
    assert_eq!(error.value, Some(3));
    assert_eq!(error.message, "FILE_PART_3_MISSING");

    // And back, byte for byte.
    assert_eq!(container.to_bytes(), &wire[..]);
    assert_eq!(container.serialized_len(), wire.len());
}

#[test]
fn rpc_result_with_rpc_error() {
    let wire = result_error();
    let result = RpcResult::from_bytes(&wire).unwrap();
    assert_eq!(result.req_msg_id, 0x5e0b_86bb_0000_0004);
    assert_eq!(&result.body[..], &wire[12..]);
    let error = result.answer::<GetIds>().unwrap().unwrap_err();
    assert_eq!(error, RpcError::new(420, "FLOOD_WAIT_30"));
    assert_eq!(error.message, "FLOOD_WAIT_30");
    assert_eq!(
        error.retry_after(),
        Some(std::time::Duration::from_secs(30))
    );
    // A test server writes the same bytes.
    let again = RpcResult {
        req_msg_id: 0x5e0b_86bb_0000_0004,
        body: error.to_bytes().into(),
    };
    assert_eq!(again.to_bytes(), wire);
}

#[test]
fn rpc_result_with_bare_vector_long() {
    let wire = result_vector();
    let result = RpcResult::from_bytes(&wire).unwrap();
    assert_eq!(
        result.answer::<GetIds>().unwrap(),
        Ok(vec![1, -1, i64::MIN])
    );
    // The same answer read as another type is a decode error, not an
    // RpcError, and says where.
    let err = result.answer::<Ping>().unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnknownConstructor {
            id: 0x1cb5_c415,
            expected: "Bool"
        }
    );
    assert_eq!(err.path(), &[PathSegment::Field("rpc_result.result")]);
    // Trailing bytes after the answer are an error too.
    let mut longer = wire.clone();
    longer.extend_from_slice(&[0; 4]);
    let err = RpcResult::from_bytes(&longer)
        .unwrap()
        .answer::<GetIds>()
        .unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { remaining: 4 });
}

#[cfg(feature = "gzip")]
#[test]
fn gzip_packed_answer() {
    let result = RpcResult::from_bytes(&result_gzip_vector()).unwrap();
    assert_eq!(result.body.len(), 4 + 40);
    assert_eq!(
        result.answer::<GetIds>().unwrap(),
        Ok(vec![1, -1, i64::MIN])
    );

    let result = RpcResult::from_bytes(&result_gzip_error()).unwrap();
    assert_eq!(
        result.answer::<GetIds>().unwrap(),
        Err(RpcError::new(420, "FLOOD_WAIT_30"))
    );

    // The packed object itself inflates to the hand-written bytes.
    let packed = GzipPacked::from_bytes(&result_gzip_vector()[12..]).unwrap();
    assert_eq!(packed.packed_data, hex(GZ_VECTOR));
    assert_eq!(packed.inflate().unwrap(), hex(VECTOR_LONG));

    // A pushed message whose body is gzip_packed decodes through it.
    let message = Message {
        msg_id: 1,
        seqno: 2,
        body: result_gzip_vector()[12..].to_vec().into(),
    };
    assert_eq!(message.body_id(), Some(GZIP_PACKED_ID));
    assert_eq!(message.decode::<Vec<i64>>().unwrap(), vec![1, -1, i64::MIN]);
}

#[cfg(feature = "gzip")]
#[test]
fn decompression_bomb() {
    let mib = 1 << 20;
    let bomb = GzipPacked {
        packed_data: Bytes::from_static(ZEROS_4MIB),
    };
    let small = DecodeOptions::new().with_max_inflated_size(mib);
    let err = bomb.inflate_with(&small).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::InflatedTooLarge { limit: mib }
    );
    // Under a limit it fits, the same bytes inflate.
    assert_eq!(bomb.inflate().unwrap().len(), 4 * mib);
    // Exactly at the limit is fine, one byte under is not.
    let exact = DecodeOptions::new().with_max_inflated_size(4 * mib);
    assert_eq!(bomb.inflate_with(&exact).unwrap().len(), 4 * mib);
    let under = DecodeOptions::new().with_max_inflated_size(4 * mib - 1);
    assert!(matches!(
        bomb.inflate_with(&under).unwrap_err().kind(),
        DecodeErrorKind::InflatedTooLarge { .. }
    ));

    // Past the default limit (16 MiB).
    let bomb = GzipPacked {
        packed_data: Bytes::from_static(ZEROS_17MIB),
    };
    let err = bomb.inflate().unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::InflatedTooLarge {
            limit: DecodeOptions::DEFAULT_MAX_INFLATED_SIZE
        }
    );
    assert_eq!(DecodeOptions::DEFAULT_MAX_INFLATED_SIZE, 16 * mib);

    // The same bomb as an answer: a typed decode error that says where.
    let wire = rpc_result_of(&gzip_packed(ZEROS_17MIB));
    let err = RpcResult::from_bytes(&wire)
        .unwrap()
        .answer::<GetIds>()
        .unwrap_err();
    assert!(matches!(
        err.kind(),
        DecodeErrorKind::InflatedTooLarge { .. }
    ));
    assert_eq!(err.offset(), 4, "at packed_data, after the gzip_packed id");
    assert_eq!(
        err.path(),
        &[
            PathSegment::Field("rpc_result.result"),
            PathSegment::Field("gzip_packed.packed_data")
        ]
    );
    // (tests/alloc.rs measures that this allocates no more than the limit.)
}

#[test]
fn one_bad_message_between_two_good_ones() {
    // Three messages: an rpc_result, an rpc_result cut short inside its
    // req_msg_id (8 bytes: id and 4 of the 8), another rpc_result.
    let wire = Bytes::from(hex("
        dcf8f173 03000000
        0100000000000000 01000000 10000000 016d5cf3 0a00000000000000 b5757299
        0500000000000000 03000000 08000000 016d5cf3 0b000000
        0900000000000000 05000000 10000000 016d5cf3 0c00000000000000 379779bc
    "));
    let container = MsgContainer::from_shared(&wire).unwrap();
    let outcomes = container.decode_each::<RpcResult>();
    assert_eq!(outcomes.len(), 3);
    assert_eq!(
        outcomes
            .iter()
            .map(|o| (o.msg_id(), o.seqno()))
            .collect::<Vec<_>>(),
        [(1, 1), (5, 3), (9, 5)]
    );
    match &outcomes[0] {
        Outcome::Decoded { body, .. } => {
            assert_eq!(body.req_msg_id, 10);
            assert_eq!(body.answer::<Ping>().unwrap(), Ok(true));
        }
        other => panic!("{other:?}"),
    }
    match &outcomes[1] {
        Outcome::Unknown {
            msg_id,
            seqno,
            id,
            body,
            error,
        } => {
            assert_eq!((*msg_id, *seqno, *id), (5, 3, Some(RPC_RESULT_ID)));
            assert_eq!(&body[..], &wire[56..64]);
            assert_eq!(
                error.kind(),
                &DecodeErrorKind::UnexpectedEnd {
                    needed: 8,
                    available: 4
                }
            );
            assert_eq!(error.path(), &[PathSegment::Field("rpc_result.req_msg_id")]);
        }
        other => panic!("{other:?}"),
    }
    match &outcomes[2] {
        Outcome::Decoded { body, .. } => {
            assert_eq!(body.req_msg_id, 12);
            assert_eq!(body.answer::<Ping>().unwrap(), Ok(false));
        }
        other => panic!("{other:?}"),
    }

    // A body of an unknown constructor is Unknown with its id.
    let odd = MsgContainer {
        messages: vec![Message {
            msg_id: 1,
            seqno: 0,
            body: hex("efbeadde").into(),
        }],
    };
    match &odd.decode_each::<RpcResult>()[0] {
        Outcome::Unknown { id, error, .. } => {
            assert_eq!(*id, Some(0xdead_beef));
            assert!(matches!(
                error.kind(),
                DecodeErrorKind::UnknownConstructor {
                    id: 0xdead_beef,
                    ..
                }
            ));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn broken_framing_fails_the_container() {
    // The second message claims 0x20 bytes with 4 left: nothing after it
    // could be found, so the container fails, naming the message.
    let wire = hex("
        dcf8f173 02000000
        0100000000000000 01000000 04000000 b5757299
        0500000000000000 03000000 20000000 b5757299
    ");
    let err = MsgContainer::from_bytes(&wire).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::LengthOutOfRange {
            length: 0x20,
            limit: 4
        }
    );
    assert_eq!(err.offset(), 8 + 20 + 12);
    assert_eq!(
        err.path(),
        &[
            PathSegment::Field("msg_container.messages"),
            PathSegment::Index(1),
            PathSegment::Field("message.bytes"),
        ]
    );
    // A length that is not a multiple of 4.
    let wire = hex("dcf8f173 01000000 0100000000000000 01000000 03000000 b5757299");
    let err = MsgContainer::from_bytes(&wire).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::UnalignedLength { length: 3 });
    // A count the input cannot hold (16 bytes a message at least).
    let wire = hex("dcf8f173 02000000 0100000000000000 01000000 00000000");
    let err = MsgContainer::from_bytes(&wire).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::LengthOutOfRange {
            length: 2,
            limit: 1
        }
    );
}

/// The typed errors a truncated or corrupted fixture may give.
fn is_truncation_error(err: &DecodeError) -> bool {
    matches!(
        err.kind(),
        DecodeErrorKind::UnexpectedEnd { .. }
            | DecodeErrorKind::LengthOutOfRange { .. }
            | DecodeErrorKind::UnalignedLength { .. }
            | DecodeErrorKind::UnknownConstructor { .. }
            | DecodeErrorKind::TrailingBytes { .. }
            | DecodeErrorKind::InvalidGzip { .. }
    )
}

/// Decodes a message body the way a client does: as an `rpc_result`, then
/// its answer as `Vector<long>` or an error.
fn answer_of(body: &[u8]) -> Result<Result<Vec<i64>, RpcError>, DecodeError> {
    RpcResult::from_bytes(body)?.answer::<GetIds>()
}

#[test]
fn truncation_at_every_offset() {
    let mut results = vec![result_error(), result_vector()];
    if cfg!(feature = "gzip") {
        results.push(result_gzip_vector());
        results.push(result_gzip_error());
    }
    for wire in &results {
        assert!(answer_of(wire).is_ok(), "{wire:02x?}");
        for cut in 0..wire.len() {
            let err = answer_of(&wire[..cut]).unwrap_err();
            assert!(is_truncation_error(&err), "cut {cut} of {wire:02x?}: {err}");
        }
    }

    let wire = hex(CONTAINER);
    for cut in 0..wire.len() {
        let err = MsgContainer::from_bytes(&wire[..cut]).unwrap_err();
        assert!(is_truncation_error(&err), "container cut {cut}: {err}");
        let shared = Bytes::copy_from_slice(&wire[..cut]);
        assert_eq!(MsgContainer::from_shared(&shared).unwrap_err(), err);
    }
    let message = Message {
        msg_id: 1,
        seqno: 1,
        body: result_vector().into(),
    }
    .to_bytes();
    for cut in 0..message.len() {
        let err = Message::from_bytes(&message[..cut]).unwrap_err();
        assert!(is_truncation_error(&err), "message cut {cut}: {err}");
    }
    let packed = gzip_packed(&hex(GZ_VECTOR));
    for cut in 0..packed.len() {
        let err = GzipPacked::from_bytes(&packed[..cut]).unwrap_err();
        assert!(is_truncation_error(&err), "gzip_packed cut {cut}: {err}");
    }
}

#[cfg(feature = "gzip")]
#[test]
fn truncated_and_corrupted_gzip_streams() {
    for stream in [hex(GZ_VECTOR), hex(GZ_ERROR)] {
        // Every truncation of the stream itself (the gzip trailer holds the
        // CRC-32 and the length, so none passes).
        for cut in 0..stream.len() {
            let packed = GzipPacked {
                packed_data: Bytes::copy_from_slice(&stream[..cut]),
            };
            let err = packed.inflate().unwrap_err();
            assert!(
                matches!(err.kind(), DecodeErrorKind::InvalidGzip { .. }),
                "cut {cut}: {err}"
            );
            let body = rpc_result_of(&packed.to_bytes());
            let err = answer_of(&body).unwrap_err();
            assert!(is_truncation_error(&err), "cut {cut}: {err}");
        }
        // Every single-byte corruption: never a panic; either an error or
        // (a byte gzip ignores, such as the modification time) the answer.
        let expected = GzipPacked {
            packed_data: stream.clone().into(),
        }
        .inflate()
        .unwrap();
        for at in 0..stream.len() {
            let mut bad = stream.clone();
            bad[at] ^= 0x55;
            let packed = GzipPacked {
                packed_data: bad.into(),
            };
            match packed.inflate() {
                Ok(data) => assert_eq!(data, expected, "byte {at}"),
                Err(err) => assert!(is_truncation_error(&err), "byte {at}: {err}"),
            }
        }
    }
    // Raw zlib is not gzip (MTProto's packed_data is gzip, RFC 1952).
    let zlib = hex("789c636060606400000005000200");
    let err = GzipPacked {
        packed_data: zlib.into(),
    }
    .inflate()
    .unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::InvalidGzip { .. }),
        "{err}"
    );
}

#[test]
fn round_trips() {
    fn round_trip<T>(value: T)
    where
        T: Serializable + Deserializable + PartialEq + std::fmt::Debug,
    {
        let wire = value.to_bytes();
        assert_eq!(wire.len(), value.serialized_len(), "{value:?}");
        assert_eq!(T::from_bytes(&wire).unwrap(), value);
        assert_eq!(T::from_shared(&Bytes::from(wire)).unwrap(), value);
    }
    let message = Message {
        msg_id: i64::MIN,
        seqno: 7,
        body: result_vector().into(),
    };
    round_trip(message.clone());
    round_trip(Message::default());
    round_trip(MsgContainer::default());
    round_trip(MsgContainer {
        messages: vec![message.clone(), Message::default(), message],
    });
    round_trip(RpcResult {
        req_msg_id: -5,
        body: result_error().into(),
    });
    round_trip(RpcResult::default());
    round_trip(GzipPacked {
        packed_data: hex(GZ_ERROR).into(),
    });
    round_trip(GzipPacked::default());
    round_trip(RpcError::new(303, "PHONE_MIGRATE_2"));
    round_trip(RpcError::new(-503, "Timeout"));
    // Wire forms spelled out.
    assert_eq!(
        Message {
            msg_id: 1,
            seqno: 2,
            body: hex("b5757299").into()
        }
        .to_bytes(),
        hex("0100000000000000 02000000 04000000 b5757299")
    );
    assert_eq!(
        GzipPacked {
            packed_data: Bytes::from_static(b"ab")
        }
        .to_bytes(),
        hex("a1cf7230 02616200")
    );
    assert_eq!(
        RpcError::new(420, "FLOOD_WAIT_30").to_bytes(),
        hex(FLOOD_WAIT)
    );
}

#[cfg(feature = "gzip")]
#[test]
fn pack_then_inflate() {
    let inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        result_vector(),
        (0..100_000u32)
            .flat_map(|i| (i / 3).to_le_bytes())
            .collect(),
        // Incompressible (xorshift).
        {
            let mut state = 0x9e37_79b9_7f4a_7c15u64;
            (0..5000)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect()
        },
    ];
    for data in &inputs {
        let packed = GzipPacked::pack(data);
        assert_eq!(&packed.packed_data[..2], &[0x1f, 0x8b], "gzip magic");
        assert_eq!(packed.inflate().unwrap(), data);
        let wire = packed.to_bytes();
        assert_eq!(
            GzipPacked::from_bytes(&wire).unwrap().inflate().unwrap(),
            data
        );
    }
    // What Python packed inflates the same as what we pack.
    let ours = GzipPacked::pack(&hex(VECTOR_LONG));
    let theirs = GzipPacked {
        packed_data: hex(GZ_VECTOR).into(),
    };
    assert_eq!(ours.inflate().unwrap(), theirs.inflate().unwrap());

    // pack_if_worth: below the threshold, or not smaller, stays unpacked.
    let threshold = typelang_runtime::mtproto::DEFAULT_PACK_THRESHOLD;
    assert_eq!(threshold, 512);
    let compressible = &inputs[2];
    let packed = GzipPacked::pack_if_worth(compressible, threshold).unwrap();
    assert!(packed.serialized_len() < compressible.len() / 4);
    assert_eq!(packed.inflate().unwrap(), compressible);
    assert_eq!(GzipPacked::pack_if_worth(&inputs[3], threshold), None);
    assert_eq!(GzipPacked::pack_if_worth(&compressible[..511], 512), None);
    assert!(GzipPacked::pack_if_worth(&compressible[..512], 512).is_some());
}

#[cfg(feature = "gzip")]
/// `two#7e57e57e a:Vector<long> b:Vector<long> = Two;`, decoded the way
/// generated code will: every boxed field through `read_boxed_field`.
#[derive(Debug, PartialEq)]
struct Two {
    a: Vec<i64>,
    b: Vec<i64>,
}

#[cfg(feature = "gzip")]
impl Deserializable for Two {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.expect_id(0x7e57_e57e, "Two")?;
        Ok(Two {
            a: __private::read_boxed_field(r, "two.a")?,
            b: __private::read_boxed_field(r, "two.b")?,
        })
    }
}

#[cfg(feature = "gzip")]
#[test]
fn boxed_fields_read_through_gzip() {
    let a: Vec<i64> = vec![0; 100_000];
    let b: Vec<i64> = (0..100_000).collect();
    let mut wire = hex("7ee5577e");
    wire.extend_from_slice(&GzipPacked::pack(&a.to_bytes()).to_bytes());
    wire.extend_from_slice(&b.to_bytes());
    let two = Two::from_bytes(&wire).unwrap();
    assert_eq!((&two.a, &two.b), (&a, &b));

    // Both packed: 800 008 bytes inflated each. One budget covers the
    // decode, so 1 MiB holds one but not both.
    let mut wire = hex("7ee5577e");
    wire.extend_from_slice(&GzipPacked::pack(&a.to_bytes()).to_bytes());
    wire.extend_from_slice(&GzipPacked::pack(&b.to_bytes()).to_bytes());
    let mib = DecodeOptions::new().with_max_inflated_size(1 << 20);
    let err = Two::from_bytes_with(&wire, &mib).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::InflatedTooLarge { limit: 1 << 20 }
    );
    assert_eq!(
        err.path(),
        &[
            PathSegment::Field("two.b"),
            PathSegment::Field("gzip_packed.packed_data")
        ]
    );
    let two_mib = DecodeOptions::new().with_max_inflated_size(2 << 20);
    assert_eq!(Two::from_bytes_with(&wire, &two_mib).unwrap().b, b);

    // The same with `a` packed twice: what the inner layer inflated (on its
    // own reader) still counts once the outer reader goes on to `b`.
    let twice = GzipPacked::pack(&GzipPacked::pack(&a.to_bytes()).to_bytes());
    let mut wire = hex("7ee5577e");
    wire.extend_from_slice(&twice.to_bytes());
    wire.extend_from_slice(&GzipPacked::pack(&b.to_bytes()).to_bytes());
    let err = Two::from_bytes_with(&wire, &mib).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::InflatedTooLarge { limit: 1 << 20 }
    );
    assert_eq!(err.path()[0], PathSegment::Field("two.b"));
    assert_eq!(Two::from_bytes_with(&wire, &two_mib).unwrap(), Two { a, b });

    // The inner value must use the inflated bytes exactly.
    let mut inner = vec![7i64].to_bytes();
    inner.extend_from_slice(&[0; 4]);
    let mut wire = hex("7ee5577e");
    wire.extend_from_slice(&GzipPacked::pack(&inner).to_bytes());
    wire.extend_from_slice(&Vec::<i64>::new().to_bytes());
    let err = Two::from_bytes(&wire).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { remaining: 4 });
    assert_eq!(
        err.offset(),
        16,
        "offsets inside are into the inflated data"
    );
    assert_eq!(
        err.path(),
        &[
            PathSegment::Field("two.a"),
            PathSegment::Field("gzip_packed.packed_data")
        ]
    );
}

#[cfg(feature = "gzip")]
#[test]
fn gzip_layers_count_against_the_depth_limit() {
    // boolTrue inside three layers of gzip_packed.
    let mut body = true.to_bytes();
    for _ in 0..3 {
        body = GzipPacked::pack(&body).to_bytes();
    }
    let message = Message {
        msg_id: 1,
        seqno: 0,
        body: body.into(),
    };
    assert!(message.decode::<bool>().unwrap());
    let three = DecodeOptions::new().with_max_depth(3);
    assert!(message.decode_with::<bool>(&three).unwrap());
    let two = DecodeOptions::new().with_max_depth(2);
    let err = message.decode_with::<bool>(&two).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::RecursionLimit { limit: 2 });
    assert_eq!(
        err.path(),
        &[
            PathSegment::Field("gzip_packed.packed_data"),
            PathSegment::Field("gzip_packed.packed_data"),
            PathSegment::Field("gzip_packed")
        ]
    );

    // The depth of the outer reader is carried into the inflated one.
    struct Deep;
    impl Deserializable for Deep {
        fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
            __private::nested(r, "Deep", |r| {
                // Three levels in (Outer, the gzip layer, Deep), though
                // this reader is a new one over the inflated data.
                assert_eq!(r.depth(), 3);
                r.expect_id(typelang_runtime::primitives::BOOL_TRUE_ID, "Deep")?;
                Ok(Deep)
            })
        }
    }
    let packed = GzipPacked::pack(&true.to_bytes()).to_bytes();
    let mut r = Reader::new(&packed, &DecodeOptions::DEFAULT);
    __private::nested(&mut r, "Outer", __private::read_boxed::<Deep>).unwrap();
    r.finish().unwrap();
}

#[test]
fn not_gzip_is_read_directly() {
    // read_boxed on a value that is not gzip_packed is T::deserialize.
    let wire = vec![3i64, 4].to_bytes();
    let mut r = Reader::new(&wire, &DecodeOptions::DEFAULT);
    assert_eq!(__private::read_boxed::<Vec<i64>>(&mut r).unwrap(), [3, 4]);
    assert_eq!(r.remaining(), 0);
    let mut r = Reader::new(&[1, 2], &DecodeOptions::DEFAULT);
    assert!(matches!(
        __private::read_boxed::<bool>(&mut r).unwrap_err().kind(),
        DecodeErrorKind::UnexpectedEnd { .. }
    ));
}

#[cfg(not(feature = "gzip"))]
#[test]
fn without_the_gzip_feature_inflating_is_a_typed_error() {
    let packed = GzipPacked {
        packed_data: hex(GZ_VECTOR).into(),
    };
    let err = packed.inflate().unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::GzipUnavailable);
    let err = RpcResult::from_bytes(&result_gzip_vector())
        .unwrap()
        .answer::<GetIds>()
        .unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::GzipUnavailable);
    assert_eq!(
        err.path(),
        &[
            PathSegment::Field("rpc_result.result"),
            PathSegment::Field("gzip_packed.packed_data")
        ]
    );
    // The types still encode and decode.
    let wire = result_gzip_vector();
    assert_eq!(RpcResult::from_bytes(&wire).unwrap().to_bytes(), wire);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn message() -> impl Strategy<Value = Message> {
        (
            any::<i64>(),
            any::<i32>(),
            proptest::collection::vec(any::<u32>(), 0..40),
        )
            .prop_map(|(msg_id, seqno, words)| Message {
                msg_id,
                seqno,
                body: words.iter().flat_map(|w| w.to_le_bytes()).collect(),
            })
    }

    proptest! {
        #[test]
        fn containers_round_trip(messages in proptest::collection::vec(message(), 0..8)) {
            let container = MsgContainer { messages };
            let wire = Bytes::from(container.to_bytes());
            prop_assert_eq!(wire.len(), container.serialized_len());
            prop_assert_eq!(&MsgContainer::from_bytes(&wire).unwrap(), &container);
            prop_assert_eq!(&MsgContainer::from_shared(&wire).unwrap(), &container);
            prop_assert_eq!(container.decode_each::<RpcResult>().len(), container.messages.len());
        }

        #[test]
        fn rpc_results_round_trip(req_msg_id: i64, body in proptest::collection::vec(any::<u8>(), 0..200)) {
            let result = RpcResult { req_msg_id, body: body.into() };
            prop_assert_eq!(RpcResult::from_bytes(&result.to_bytes()).unwrap(), result);
        }

        /// Arbitrary bytes never panic; a container that decodes re-encodes
        /// to exactly its input (its framing has no lenient forms).
        #[test]
        fn arbitrary_input(data in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut as_container = hex("dcf8f173");
            as_container.extend_from_slice(&data);
            if let Ok(container) = MsgContainer::from_bytes(&as_container) {
                prop_assert_eq!(container.to_bytes(), as_container);
                let _ = container.decode_each::<Vec<i64>>();
            }
            let mut as_result = hex(RESULT_HEADER);
            as_result.extend_from_slice(&data);
            let _ = answer_of(&as_result);
            let mut as_gzip = hex("a1cf7230");
            as_gzip.extend_from_slice(&data);
            let _ = answer_of(&rpc_result_of(&as_gzip));
            let message = Message { msg_id: 0, seqno: 0, body: data.clone().into() };
            let _ = message.decode::<Vec<i64>>();
        }
    }

    #[cfg(feature = "gzip")]
    proptest! {
        #[test]
        fn pack_then_inflate(data in proptest::collection::vec(0u8..4, 0..3000)) {
            let packed = GzipPacked::pack(&data);
            prop_assert_eq!(&packed.inflate().unwrap()[..], &data[..]);
            let small = DecodeOptions::new().with_max_inflated_size(data.len().saturating_sub(1));
            if !data.is_empty() {
                prop_assert!(
                    matches!(
                        packed.inflate_with(&small).unwrap_err().kind(),
                        DecodeErrorKind::InflatedTooLarge { .. }
                    ),
                    "one byte under the size"
                );
            }
        }

        /// A gzip header followed by arbitrary bytes never panics, and never
        /// inflates past the limit.
        #[test]
        fn arbitrary_gzip_streams(data in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut stream = hex("1f8b0800000000000003");
            stream.extend_from_slice(&data);
            let packed = GzipPacked { packed_data: stream.into() };
            let limited = DecodeOptions::new().with_max_inflated_size(1000);
            if let Ok(inflated) = packed.inflate_with(&limited) {
                prop_assert!(inflated.len() <= 1000);
            }
        }
    }
}

/// `rpc_result` with [`RESULT_HEADER`] around `body` (for every feature set).
fn rpc_result_of(body: &[u8]) -> Vec<u8> {
    let mut out = hex(RESULT_HEADER);
    out.extend_from_slice(body);
    out
}
