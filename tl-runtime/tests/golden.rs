//! Golden byte vectors written from the MTProto serialization rules
//! (core.telegram.org/mtproto/serialize, /type/string), not from our own
//! encoder's output: every expected byte string below is spelled out by hand.

mod common;

use common::hex;
use typelang_runtime::bytes::Bytes;
use typelang_runtime::{AsBare, DecodeOptions, Deserializable, RawVec, Serializable};

/// Encodes `value`, compares with `expected`, checks `serialized_len`, and
/// decodes `expected` back to `value` (both copying and zero-copy).
fn golden<T>(value: T, expected: &[u8])
where
    T: Serializable + Deserializable + PartialEq + std::fmt::Debug,
{
    let wire = value.to_bytes();
    assert_eq!(wire, expected, "encoding of {value:?}");
    assert_eq!(value.serialized_len(), expected.len(), "len of {value:?}");
    assert_eq!(T::from_bytes(expected).unwrap(), value);
    let shared = Bytes::copy_from_slice(expected);
    assert_eq!(T::from_shared(&shared).unwrap(), value);
}

#[test]
fn int() {
    golden(0i32, &hex("00000000"));
    golden(1i32, &hex("01000000"));
    golden(-1i32, &hex("ffffffff"));
    golden(0x1234_5678i32, &hex("78563412"));
    golden(i32::MAX, &hex("ffffff7f"));
    golden(i32::MIN, &hex("00000080"));
    golden(-2i32, &hex("feffffff"));
}

#[test]
fn long() {
    golden(0i64, &hex("0000000000000000"));
    golden(-1i64, &hex("ffffffffffffffff"));
    golden(0x0102_0304_0506_0708i64, &hex("0807060504030201"));
    golden(i64::MAX, &hex("ffffffffffffff7f"));
    golden(i64::MIN, &hex("0000000000000080"));
    golden(-0x1_0000_0000i64, &hex("00000000ffffffff"));
}

#[test]
fn nat_and_flags() {
    golden(0u32, &hex("00000000"));
    golden(0x8000_0001u32, &hex("01000080"));
    golden(u32::MAX, &hex("ffffffff"));
    golden(0x1cb5_c415u32, &hex("15c4b51c"));
}

#[test]
fn double() {
    // IEEE 754 binary64, little-endian.
    golden(1.0f64, &hex("000000000000f03f"));
    golden(-2.5f64, &hex("00000000000004c0"));
    golden(0.1f64, &hex("9a9999999999b93f"));
    golden(f64::INFINITY, &hex("000000000000f07f"));
    golden(f64::MIN_POSITIVE, &hex("0000000000001000"));
    // -0.0 and NaN keep their exact bits (PartialEq cannot tell, so compare bits).
    assert_eq!((-0.0f64).to_bytes(), hex("0000000000000080"));
    let nan = f64::from_bits(0x7ff8_0000_dead_beef);
    let wire = nan.to_bytes();
    assert_eq!(wire, hex("efbeadde0000f87f"));
    assert_eq!(f64::from_bytes(&wire).unwrap().to_bits(), nan.to_bits());
    assert_eq!(
        f64::from_bytes(&hex("0000000000000080")).unwrap().to_bits(),
        (-0.0f64).to_bits()
    );
}

#[test]
fn int128_int256_are_raw() {
    let v16: [u8; 16] = std::array::from_fn(|i| i as u8);
    golden(v16, &hex("000102030405060708090a0b0c0d0e0f"));
    let v32: [u8; 32] = std::array::from_fn(|i| 0xff - i as u8);
    golden(
        v32,
        &hex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0"),
    );
}

#[test]
fn bool_is_boxed() {
    golden(true, &hex("b5757299"));
    golden(false, &hex("379779bc"));
}

#[test]
fn true_is_bare_and_empty() {
    golden((), &[]);
    assert_eq!(AsBare(()).to_bytes(), Vec::<u8>::new());
}

/// Expected wire bytes for a string of `len` bytes of `fill`, spelled out
/// per the rule with an explicit header.
fn string_case(len: usize, header: &[u8], pad: usize) {
    let data: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
    let mut expected = header.to_vec();
    expected.extend_from_slice(&data);
    expected.extend(std::iter::repeat_n(0u8, pad));
    assert_eq!(expected.len() % 4, 0);
    golden(String::from_utf8(data.clone()).unwrap(), &expected);
    golden(Bytes::from(data), &expected);
}

#[test]
fn strings_short_form() {
    string_case(0, &[0x00], 3);
    string_case(1, &[0x01], 2);
    string_case(2, &[0x02], 1);
    string_case(3, &[0x03], 0);
    string_case(4, &[0x04], 3);
    string_case(252, &[0xfc], 3);
    string_case(253, &[0xfd], 2);
    assert_eq!("a".to_owned().to_bytes(), hex("01610000"));
    assert_eq!("abc".to_owned().to_bytes(), hex("03616263"));
    assert_eq!(String::new().to_bytes(), hex("00000000"));
}

#[test]
fn strings_long_form() {
    string_case(254, &[0xfe, 0xfe, 0x00, 0x00], 2);
    string_case(255, &[0xfe, 0xff, 0x00, 0x00], 1);
    string_case(256, &[0xfe, 0x00, 0x01, 0x00], 0);
    string_case(257, &[0xfe, 0x01, 0x01, 0x00], 3);
    string_case(0x1_0203, &[0xfe, 0x03, 0x02, 0x01], 1);
}

#[test]
fn string_of_maximum_length() {
    let len = (1 << 24) - 1;
    // fe ff ff ff, 2^24 - 1 data bytes, 1 byte of padding.
    let mut expected = vec![0xfe, 0xff, 0xff, 0xff];
    expected.resize(4 + len, b'z');
    expected.push(0);
    let value = Bytes::from(vec![b'z'; len]);
    assert_eq!(value.serialized_len(), 4 + len + 1);
    assert!(value.to_bytes() == expected);
    let shared = Bytes::from(expected);
    let decoded = Bytes::from_shared(&shared).unwrap();
    assert_eq!(decoded.len(), len);
    assert_eq!(decoded.as_ptr(), shared[4..].as_ptr(), "zero-copy");
}

#[test]
#[should_panic(expected = "16777216 bytes cannot be encoded: TL allows at most 16777215")]
fn string_too_long_to_encode_panics() {
    let _ = Bytes::from(vec![0u8; 1 << 24]).to_bytes();
}

#[test]
fn string_too_long_to_encode_is_an_error_with_try_to_bytes() {
    let err = Bytes::from(vec![0u8; 1 << 24]).try_to_bytes().unwrap_err();
    assert_eq!(
        err.kind(),
        typelang_runtime::EncodeErrorKind::BytesTooLong { len: 1 << 24 }
    );
    // After the error, the thread is back to panicking mode and ordinary
    // values encode as before.
    assert_eq!(
        "hey".to_owned().try_to_bytes().unwrap(),
        [3, b'h', b'e', b'y']
    );
}

#[test]
fn utf8_string_content() {
    // "привет" is 12 bytes of UTF-8.
    golden(
        "привет".to_owned(),
        &hex("0c d0bfd180d0b8d0b2d0b5d182 000000"),
    );
}

#[test]
fn vectors() {
    golden(Vec::<i32>::new(), &hex("15c4b51c 00000000"));
    golden(vec![1i32, 2], &hex("15c4b51c 02000000 01000000 02000000"));
    golden(vec![-1i64], &hex("15c4b51c 01000000 ffffffffffffffff"));
    golden(
        vec![true, false],
        &hex("15c4b51c 02000000 b5757299 379779bc"),
    );
    golden(
        vec!["ab".to_owned(), String::new()],
        &hex("15c4b51c 02000000 02616200 00000000"),
    );
    golden(
        vec![vec![7i32], vec![]],
        &hex("15c4b51c 02000000 15c4b51c 01000000 07000000 15c4b51c 00000000"),
    );
}

#[test]
fn bare_vectors() {
    golden(RawVec(Vec::<i64>::new()), &hex("00000000"));
    golden(RawVec(vec![3i32, 4]), &hex("02000000 03000000 04000000"));
    // A bare vector of boxed Bool: elements keep their ids.
    golden(RawVec(vec![true]), &hex("01000000 b5757299"));
    // `%Vector int` via AsBare on a boxed vector.
    golden(AsBare(vec![9i32]), &hex("01000000 09000000"));
    // `Vector %T` elements are bare.
    golden(vec![AsBare(5i32)], &hex("15c4b51c 01000000 05000000"));
}

#[test]
fn lenient_forms_are_accepted() {
    // Long-form prefix for a short string.
    assert_eq!(
        String::from_bytes(&hex("fe030000 616263 00")).unwrap(),
        "abc"
    );
    // Non-zero padding is not checked.
    assert_eq!(String::from_bytes(&hex("01 61 ffff")).unwrap(), "a");
}

#[test]
fn invalid_utf8_policy() {
    let wire = hex("03 61ff62");
    assert_eq!(String::from_bytes(&wire).unwrap(), "a\u{fffd}b");
    let strict = DecodeOptions::new().with_strict_utf8(true);
    let err = String::from_bytes_with(&wire, &strict).unwrap_err();
    assert_eq!(
        err.kind(),
        &typelang_runtime::DecodeErrorKind::InvalidUtf8 { valid_up_to: 1 }
    );
    assert_eq!(err.offset(), 0);
    // Bytes never look at UTF-8.
    assert_eq!(&Bytes::from_bytes(&wire).unwrap()[..], &[0x61, 0xff, 0x62]);
}

#[test]
fn composite_sample_layout() {
    let s = common::Sample {
        a: 1,
        b: 2,
        c: None,
        d: true,
        e: vec![],
        f: Bytes::new(),
        g: 0.0,
        h: [0; 16],
        i: [0; 32],
        k: true,
        l: vec![],
        m: RawVec(vec![]),
    };
    let mut expected = hex(
        "5a5a5a5a 02000000 01000000 0200000000000000 15c4b51c00000000 00000000 0000000000000000",
    );
    expected.extend_from_slice(&[0; 48]);
    expected.extend_from_slice(&hex("b5757299 15c4b51c00000000 00000000"));
    golden(s, &expected);
}

#[test]
fn long_vectors_cross_bulk_chunk_boundaries() {
    // Expected bytes spelled out element by element from the rule.
    for n in [0usize, 1, 63, 64, 65, 127, 128, 129, 1000] {
        let ints: Vec<i32> = (0..n as i32)
            .map(|i| i.wrapping_mul(-0x0101_0101))
            .collect();
        let mut expected = hex("15c4b51c");
        expected.extend_from_slice(&(n as u32).to_le_bytes());
        for v in &ints {
            expected.extend_from_slice(&v.to_le_bytes());
        }
        golden(ints, &expected);

        let longs: Vec<i64> = (0..n as i64).map(|i| i << 40 | i).collect();
        let mut expected = hex("15c4b51c");
        expected.extend_from_slice(&(n as u32).to_le_bytes());
        for v in &longs {
            expected.extend_from_slice(&v.to_le_bytes());
        }
        golden(longs, &expected);

        let keys: Vec<[u8; 32]> = (0..n).map(|i| [i as u8; 32]).collect();
        let mut expected = (n as u32).to_le_bytes().to_vec();
        for k in &keys {
            expected.extend_from_slice(k);
        }
        golden(RawVec(keys), &expected);
    }
}
