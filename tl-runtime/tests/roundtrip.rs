//! Property tests: everything encoded decodes back to itself, and
//! `serialized_len()` is exactly the number of bytes written.

mod common;

use common::{Nested, Sample};
use proptest::prelude::*;
use typelang_runtime::bytes::{Bytes, BytesMut};
use typelang_runtime::{AsBare, Bare, Deserializable, RawVec, Serializable};

/// Encodes through a `BytesMut` (not `to_bytes`, whose capacity comes from
/// `serialized_len`) and checks length, decoding and zero-copy decoding.
fn round_trip<T>(value: &T) -> Result<(), TestCaseError>
where
    T: Serializable + Deserializable + PartialEq + std::fmt::Debug,
{
    let mut buf = BytesMut::new();
    value.serialize(&mut buf);
    prop_assert_eq!(value.serialized_len(), buf.len());
    prop_assert_eq!(buf.len() % 4, 0, "TL values are 4-byte aligned");
    prop_assert_eq!(&value.to_bytes()[..], &buf[..]);
    let decoded = T::from_bytes(&buf).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&decoded, value);
    let shared = buf.freeze();
    let decoded = T::from_shared(&shared).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&decoded, value);
    Ok(())
}

fn bare_round_trip<T>(value: &T) -> Result<(), TestCaseError>
where
    T: Bare + PartialEq + std::fmt::Debug + Clone,
{
    let mut buf = Vec::new();
    value.serialize_bare(&mut buf);
    prop_assert_eq!(value.bare_len(), buf.len());
    prop_assert!(buf.len() >= T::MIN_BARE_SIZE);
    let decoded = AsBare::<T>::from_bytes(&buf).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&decoded.0, value);
    Ok(())
}

fn sample_strategy() -> impl Strategy<Value = Sample> {
    (
        (
            any::<i32>(),
            any::<i64>(),
            proptest::option::of(".{0,300}"),
            any::<bool>(),
            proptest::collection::vec(any::<i64>(), 0..20),
            proptest::collection::vec(any::<u8>(), 0..600),
        ),
        (
            any::<f64>().prop_filter("NaN != NaN", |f| !f.is_nan()),
            any::<[u8; 16]>(),
            any::<[u8; 32]>(),
            any::<bool>(),
            proptest::collection::vec(".{0,10}", 0..5),
            proptest::collection::vec(any::<i32>(), 0..5),
        ),
    )
        .prop_map(|((a, b, c, d, e, f), (g, h, i, k, l, m))| Sample {
            a,
            b,
            c,
            d,
            e,
            f: Bytes::from(f),
            g,
            h,
            i,
            k,
            l,
            m: RawVec(m),
        })
}

proptest! {
    #[test]
    fn ints(v: i32, w: i64, n: u32) {
        round_trip(&v)?;
        round_trip(&w)?;
        round_trip(&n)?;
        bare_round_trip(&v)?;
    }

    #[test]
    fn doubles_keep_their_bits(bits: u64) {
        let v = f64::from_bits(bits);
        let wire = v.to_bytes();
        prop_assert_eq!(wire.len(), v.serialized_len());
        prop_assert_eq!(f64::from_bytes(&wire).unwrap().to_bits(), bits);
    }

    #[test]
    fn int128_int256(a: [u8; 16], b: [u8; 32]) {
        round_trip(&a)?;
        round_trip(&b)?;
    }

    #[test]
    fn strings(s in ".{0,400}") {
        round_trip(&s)?;
        bare_round_trip(&s)?;
    }

    #[test]
    fn bytes(data in proptest::collection::vec(any::<u8>(), 0..1100)) {
        round_trip(&Bytes::from(data))?;
    }

    #[test]
    fn fixed_size_vectors(a in proptest::collection::vec(any::<u32>(), 0..40),
                          b in proptest::collection::vec(any::<[u8; 16]>(), 0..5),
                          c in proptest::collection::vec(any::<[u8; 32]>(), 0..5),
                          d in proptest::collection::vec(any::<i32>(), 0..40)) {
        round_trip(&a)?;
        round_trip(&b)?;
        round_trip(&c)?;
        round_trip(&RawVec(d))?;
    }

    #[test]
    fn double_vectors_keep_bits(bits in proptest::collection::vec(any::<u64>(), 0..40)) {
        let v: Vec<f64> = bits.iter().map(|&b| f64::from_bits(b)).collect();
        let wire = v.to_bytes();
        prop_assert_eq!(wire.len(), v.serialized_len());
        let back: Vec<u64> = Vec::<f64>::from_bytes(&wire).unwrap().iter().map(|f| f.to_bits()).collect();
        prop_assert_eq!(back, bits);
    }

    #[test]
    fn bools(v: bool) {
        round_trip(&v)?;
    }

    #[test]
    fn vectors(v in proptest::collection::vec(any::<i64>(), 0..50),
               s in proptest::collection::vec(".{0,20}", 0..10),
               nested in proptest::collection::vec(proptest::collection::vec(any::<i32>(), 0..4), 0..4)) {
        round_trip(&v)?;
        round_trip(&s)?;
        round_trip(&nested)?;
        round_trip(&RawVec(v.clone()))?;
        round_trip(&v.iter().copied().map(AsBare).collect::<Vec<_>>())?;
        bare_round_trip(&v)?;
    }

    #[test]
    fn samples(s in sample_strategy()) {
        round_trip(&s)?;
        bare_round_trip(&s)?;
        round_trip(&vec![s.clone(), s])?;
    }

    #[test]
    fn nested(depth in 0usize..99, value: i32) {
        round_trip(&Nested::chain(depth, value))?;
    }

    /// Decoding arbitrary bytes never panics and, when it succeeds, the
    /// value re-encodes canonically and decodes to itself.
    #[test]
    fn arbitrary_input(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(s) = Sample::from_bytes(&data) {
            prop_assert_eq!(Sample::from_bytes(&s.to_bytes()).unwrap(), s);
        }
        if let Ok(v) = RawVec::<Bytes>::from_bytes(&data) {
            // Lenient forms (long prefix for a short length) only shrink.
            prop_assert!(v.serialized_len() <= data.len());
            prop_assert_eq!(RawVec::<Bytes>::from_bytes(&v.to_bytes()).unwrap(), v);
        }
        let _ = Nested::from_bytes(&data);
        if let Ok(v) = RawVec::<String>::from_bytes(&data) {
            prop_assert_eq!(RawVec::<String>::from_bytes(&v.to_bytes()).unwrap(), v);
        }
    }

    /// Every strict prefix of a valid encoding is an error, never a panic.
    #[test]
    fn prefixes_fail(s in sample_strategy(), cut in any::<prop::sample::Index>()) {
        let wire = s.to_bytes();
        let cut = cut.index(wire.len());
        prop_assert!(Sample::from_bytes(&wire[..cut]).is_err());
    }
}
