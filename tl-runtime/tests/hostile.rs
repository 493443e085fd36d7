//! Hostile and malformed input: every case must fail with the right error
//! kind, at the right offset, without panicking.

mod common;

use common::{Nested, Sample, hex, sample};
use typelang_runtime::bytes::Bytes;
use typelang_runtime::{
    DecodeErrorKind, DecodeOptions, Deserializable, PathSegment, RawVec, Serializable,
};

#[test]
fn truncation_at_every_offset() {
    let wire = sample().to_bytes();
    for cut in 0..wire.len() {
        let err = Sample::from_bytes(&wire[..cut]).unwrap_err();
        match err.kind() {
            DecodeErrorKind::UnexpectedEnd { needed, available } => {
                assert!(needed > available, "cut {cut}: {err}");
                assert_eq!(err.offset() + available, cut, "cut {cut}: {err}");
            }
            // A truncated vector can announce more elements than remain.
            DecodeErrorKind::LengthOutOfRange { length, limit } => {
                assert!(length > limit, "cut {cut}: {err}");
            }
            other => panic!("cut {cut}: unexpected {other:?}"),
        }
        assert!(err.offset() <= cut);
        // Zero-copy decoding fails identically.
        let shared = Bytes::copy_from_slice(&wire[..cut]);
        assert_eq!(Sample::from_shared(&shared).unwrap_err(), err);
    }
    assert_eq!(Sample::from_bytes(&wire).unwrap(), sample());
}

#[test]
fn truncation_of_every_primitive() {
    fn check<T: Serializable + Deserializable + std::fmt::Debug>(v: T) {
        let wire = v.to_bytes();
        for cut in 0..wire.len() {
            let err = T::from_bytes(&wire[..cut]).unwrap_err();
            assert!(
                matches!(
                    err.kind(),
                    DecodeErrorKind::UnexpectedEnd { .. }
                        | DecodeErrorKind::LengthOutOfRange { .. }
                ),
                "{v:?} cut at {cut}: {err}"
            );
        }
    }
    check(5i32);
    check(5i64);
    check(5u32);
    check(0.5f64);
    check([1u8; 16]);
    check([1u8; 32]);
    check(true);
    check("hello".to_owned());
    check("x".repeat(300));
    check(Bytes::from_static(b"abc"));
    check(vec![1i64, 2, 3]);
    check(RawVec(vec!["a".to_owned(), "bcd".to_owned()]));
}

#[test]
fn trailing_bytes() {
    let mut wire = sample().to_bytes();
    let len = wire.len();
    wire.push(0);
    let err = Sample::from_bytes(&wire).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { remaining: 1 });
    assert_eq!(err.offset(), len);
    let err = i32::from_bytes(&[0; 9]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { remaining: 5 });
    assert_eq!(err.offset(), 4);
}

#[test]
fn huge_vector_count_with_8_bytes_left() {
    let wire = hex("15c4b51c ffffff7f 0000000000000000");
    let err = Vec::<i64>::from_bytes(&wire).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::LengthOutOfRange {
            length: 0x7fff_ffff,
            limit: 1
        }
    );
    assert_eq!(err.offset(), 4);
    let err = Vec::<i32>::from_bytes(&wire).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::LengthOutOfRange {
            length: 0x7fff_ffff,
            limit: 2
        }
    );
    // Elements of a boxed type take at least 4 bytes (their id).
    assert!(matches!(
        Vec::<Sample>::from_bytes(&wire).unwrap_err().kind(),
        DecodeErrorKind::LengthOutOfRange { limit: 2, .. }
    ));
    assert!(matches!(
        Vec::<Vec<String>>::from_bytes(&wire).unwrap_err().kind(),
        DecodeErrorKind::LengthOutOfRange { limit: 1, .. }
    ));
    // Zero-size elements are bounded by the input length too.
    assert!(matches!(
        Vec::<()>::from_bytes(&wire).unwrap_err().kind(),
        DecodeErrorKind::LengthOutOfRange { limit: 8, .. }
    ));
    // Bare vector, same story; 0xffffffff (negative as int) too.
    let err = RawVec::<i64>::from_bytes(&hex("ffffffff 0000000000000000")).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::LengthOutOfRange {
            length: 0xffff_ffff,
            limit: 1
        }
    );
    assert_eq!(err.offset(), 0);
}

#[test]
fn count_that_fits_exactly_is_accepted() {
    let wire = hex("15c4b51c 02000000 0100000000000000 0200000000000000");
    assert_eq!(Vec::<i64>::from_bytes(&wire).unwrap(), vec![1, 2]);
    let err = Vec::<i64>::from_bytes(&wire[..wire.len() - 1]).unwrap_err();
    assert!(matches!(
        err.kind(),
        DecodeErrorKind::LengthOutOfRange {
            length: 2,
            limit: 1
        }
    ));
}

#[test]
fn long_length_past_the_end() {
    let wire = hex("feffffff 0000000000000000");
    let err = Bytes::from_bytes(&wire).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnexpectedEnd {
            needed: 4 + 0xff_ffff + 1,
            available: 12
        }
    );
    assert_eq!(err.offset(), 0);
    let err = String::from_bytes(&hex("fe000100")).unwrap_err();
    assert!(matches!(
        err.kind(),
        DecodeErrorKind::UnexpectedEnd {
            needed: 260,
            available: 4
        }
    ));
    // Short form past the end, and a prefix cut inside the 3 length bytes.
    assert!(matches!(
        String::from_bytes(&hex("05616263")).unwrap_err().kind(),
        DecodeErrorKind::UnexpectedEnd {
            needed: 8,
            available: 4
        }
    ));
    assert!(matches!(
        String::from_bytes(&hex("fe01")).unwrap_err().kind(),
        DecodeErrorKind::UnexpectedEnd {
            needed: 4,
            available: 2
        }
    ));
}

#[test]
fn invalid_length_prefix() {
    let err = Bytes::from_bytes(&hex("ff000000 00000000")).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::InvalidLengthPrefix { prefix: 0xff }
    );
}

#[test]
fn unknown_constructors() {
    let err = bool::from_bytes(&hex("78563412")).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnknownConstructor {
            id: 0x1234_5678,
            expected: "Bool"
        }
    );
    let err = Vec::<i32>::from_bytes(&hex("00000000 00000000")).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnknownConstructor {
            id: 0,
            expected: "Vector"
        }
    );
    let err = Nested::from_bytes(&hex("01eeffc0 01eeffc0 efbeadde")).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnknownConstructor {
            id: 0xdead_beef,
            expected: "Nested"
        }
    );
    assert_eq!(err.offset(), 8);
    assert_eq!(
        err.path(),
        &[
            PathSegment::Field("nest.inner"),
            PathSegment::Field("nest.inner")
        ]
    );
    assert_eq!(
        err.to_string(),
        "unknown constructor 0xdeadbeef for Nested at byte 8 (in nest.inner (x2))"
    );
}

#[test]
fn error_path_names_vector_elements() {
    let mut s = sample();
    s.l = vec!["ok".into(), "bad".into()];
    let mut wire = s.to_bytes();
    // Find the second string of `l` ("bad") and make it run past the end.
    let at = wire
        .windows(4)
        .rposition(|w| w == [3, b'b', b'a', b'd'])
        .unwrap();
    wire[at] = 200;
    let err = Sample::from_bytes(&wire).unwrap_err();
    assert_eq!(
        err.path(),
        &[PathSegment::Field("sample.l"), PathSegment::Index(1)]
    );
    assert_eq!(err.offset(), at);
    assert!(err.to_string().ends_with("(in sample.l[1])"), "{err}");
}

#[test]
fn nesting_a_million_deep_hits_the_limit() {
    let wire = Nested::chain_bytes(1_000_000, 1);
    let err = Nested::from_bytes(&wire).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::RecursionLimit { limit: 100 });
    // 100 levels were entered; the 101st `Nested` (at byte 400) is refused.
    assert_eq!(err.offset(), 400);
    assert_eq!(err.path().len(), 101);
    // The same on a thread with a small stack.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || Nested::from_bytes(&wire).unwrap_err())
        .unwrap();
    let err = handle.join().unwrap();
    assert_eq!(err.kind(), &DecodeErrorKind::RecursionLimit { limit: 100 });
}

#[test]
fn depth_limit_boundary() {
    // `chain(n)` is n + 1 levels of `Nested`.
    let ok = Nested::chain_bytes(99, 5);
    assert_eq!(Nested::from_bytes(&ok).unwrap(), Nested::chain(99, 5));
    let too_deep = Nested::chain_bytes(100, 5);
    assert!(matches!(
        Nested::from_bytes(&too_deep).unwrap_err().kind(),
        DecodeErrorKind::RecursionLimit { limit: 100 }
    ));
    let deeper = DecodeOptions::new().with_max_depth(101);
    assert!(Nested::from_bytes_with(&too_deep, &deeper).is_ok());
    let shallow = DecodeOptions::new().with_max_depth(3);
    assert!(Nested::from_bytes_with(&Nested::chain_bytes(2, 0), &shallow).is_ok());
    assert!(Nested::from_bytes_with(&Nested::chain_bytes(3, 0), &shallow).is_err());
    // Depth is released after each value, so siblings do not accumulate.
    let siblings: Vec<Nested> = (0..500).map(|i| Nested::chain(50, i)).collect();
    let wire = siblings.to_bytes();
    assert_eq!(Vec::<Nested>::from_bytes(&wire).unwrap(), siblings);
}

#[test]
fn garbage_never_panics() {
    // A deterministic pseudo-random sweep; the proptest suite does more.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for len in 0..300 {
        for _ in 0..20 {
            let data: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            let _ = Sample::from_bytes(&data);
            let _ = Nested::from_bytes(&data);
            let _ = Vec::<String>::from_bytes(&data);
            let _ = RawVec::<Bytes>::from_bytes(&data);
        }
    }
}

#[test]
fn bulk_element_reads_are_bounds_checked() {
    use typelang_runtime::Reader;
    // Called directly with counts the input cannot hold (even ones whose
    // byte size overflows), the bulk path fails instead of panicking.
    let input = [0u8; 12];
    let opts = DecodeOptions::DEFAULT;
    for count in [2usize, 100, usize::MAX / 4, usize::MAX] {
        let mut r = Reader::new(&input, &opts);
        let err = i64::deserialize_elements(&mut r, count).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                DecodeErrorKind::UnexpectedEnd { available: 12, .. }
            ),
            "{count}: {err}"
        );
        let mut r = Reader::new(&input, &opts);
        assert!(<[u8; 32]>::deserialize_elements(&mut r, count).is_err());
        // Twelve zero bytes are three empty strings, so only more fail.
        let mut r = Reader::new(&input, &opts);
        assert_eq!(
            String::deserialize_elements(&mut r, count).is_ok(),
            count <= 3
        );
    }
    let mut r = Reader::new(&input, &opts);
    assert_eq!(i32::deserialize_elements(&mut r, 3).unwrap(), vec![0, 0, 0]);
    assert_eq!(r.remaining(), 0);
}

#[test]
fn private_vector_helpers() {
    use typelang_runtime::__private;
    use typelang_runtime::{Bare, Reader};
    let opts = DecodeOptions::DEFAULT;
    // Bare vector of bare Samples.
    let items = vec![sample(), sample()];
    let mut wire = Vec::new();
    __private::write_bare_vec(&mut wire, &items);
    assert_eq!(wire.len(), __private::bare_vec_len(&items));
    assert_eq!(wire.len(), 4 + 2 * sample().bare_len());
    let mut r = Reader::new(&wire, &opts);
    assert_eq!(
        __private::read_bare_vec::<Sample>(&mut r, "t.v").unwrap(),
        items
    );
    r.finish().unwrap();
    // Truncated: path and index recorded.
    let mut r = Reader::new(&wire[..wire.len() - 1], &opts);
    let err = __private::read_bare_vec::<Sample>(&mut r, "t.v").unwrap_err();
    assert_eq!(
        err.path()[..2],
        [PathSegment::Field("t.v"), PathSegment::Index(1)]
    );
    // Boxed vector of bare elements.
    let wire = hex("15c4b51c 02000000 01000000 02000000");
    let mut r = Reader::new(&wire, &opts);
    assert_eq!(
        __private::read_boxed_bare_vec::<i32>(&mut r, "t.v").unwrap(),
        vec![1, 2]
    );
    let mut r = Reader::new(&wire[4..], &opts);
    assert_eq!(
        __private::read_raw_vec::<i32>(&mut r, "t.v").unwrap(),
        vec![1, 2]
    );
    // Hostile count.
    let wire = hex("ffffff7f 00000000");
    let mut r = Reader::new(&wire, &opts);
    let err = __private::read_bare_vec::<Sample>(&mut r, "t.v").unwrap_err();
    assert!(matches!(
        err.kind(),
        DecodeErrorKind::LengthOutOfRange { .. }
    ));
    assert_eq!(err.path(), &[PathSegment::Field("t.v")]);
}

/// A type whose `MIN_WIRE_SIZE` wrongly claims more than it reads.
#[derive(Debug)]
struct Overclaims;

impl Deserializable for Overclaims {
    const MIN_WIRE_SIZE: usize = 8;
    fn deserialize(
        reader: &mut typelang_runtime::Reader<'_>,
    ) -> Result<Self, typelang_runtime::DecodeError> {
        reader.read_u32().map(|_| Overclaims)
    }
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "MIN_WIRE_SIZE (8) exceeds a decoded value's size (4)")]
fn overstated_min_wire_size_is_caught_in_debug_builds() {
    let _ = Vec::<Overclaims>::from_bytes(&hex("15c4b51c 01000000 00000000 00000000"));
}
