//! Hostile inputs never make the decoder allocate more than a small multiple
//! of the input size.
//!
//! Measured with a counting global allocator. All checks live in ONE test
//! function so no other test thread allocates while a region is measured.

mod common;

use std::alloc::System;

use common::{Nested, Sample, hex, sample};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use typelang_runtime::bytes::Bytes;
use typelang_runtime::{DecodeError, Deserializable, RawVec, Serializable};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Bytes an error (its box and a path of up to 128 segments) may take.
const ERROR_ALLOWANCE: usize = 4096;
/// Allowed bytes allocated per input byte.
const FACTOR: usize = 8;

/// Total bytes allocated (not net: every allocation counts, so this bounds
/// the peak too) while decoding `input` as `T`.
fn allocated_by<T: Deserializable>(input: &[u8]) -> (usize, Result<T, DecodeError>) {
    let region = Region::new(GLOBAL);
    let result = T::from_bytes(input);
    let stats = region.change();
    (
        stats.bytes_allocated + stats.bytes_reallocated.max(0) as usize,
        result,
    )
}

/// Total bytes requested while `f` runs (every allocation, plus the growth
/// of every reallocation, which stats_alloc adds to `bytes_allocated`; the
/// sum in [`allocated_by`] counts that growth twice, which is fine for its
/// loose bounds but not for a bound near the inflation limit), and what `f`
/// returned.
#[cfg(feature = "gzip")]
fn requested_during<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let region = Region::new(GLOBAL);
    let result = f();
    (region.change().bytes_allocated, result)
}

fn check<T: Deserializable + std::fmt::Debug>(what: &str, input: &[u8], expect_ok: bool) {
    let (bytes, result) = allocated_by::<T>(input);
    let limit = FACTOR * input.len() + ERROR_ALLOWANCE;
    eprintln!(
        "{what}: {bytes} bytes allocated for {} input bytes",
        input.len()
    );
    assert!(
        bytes <= limit,
        "{what}: allocated {bytes} bytes for {} input bytes (limit {limit})",
        input.len()
    );
    assert_eq!(result.is_ok(), expect_ok, "{what}: {result:?}");
}

/// Decompression bombs: inflating stops one byte past the limit, so what is
/// allocated is the limit plus the decompressor's state (miniz_oxide's
/// window and tables; 43 KiB with the error, measured) whatever the bomb
/// would inflate to.
#[cfg(feature = "gzip")]
fn gzip_bombs_allocate_at_most_the_limit() {
    use typelang_runtime::mtproto::{GzipPacked, Message, RpcResult};
    use typelang_runtime::{DecodeErrorKind, DecodeOptions};

    /// The decompressor's state and the error.
    const OVERHEAD: usize = 64 * 1024;
    let zeros_4mib = include_bytes!("fixtures/zeros-4MiB.gz");
    let zeros_17mib = include_bytes!("fixtures/zeros-17MiB.gz");

    let check = |what: &str, limit: usize, packed: &'static [u8]| {
        let options = DecodeOptions::new().with_max_inflated_size(limit);
        // As an answer, as a pushed message body, and on its own.
        let result = RpcResult {
            req_msg_id: 1,
            body: GzipPacked {
                packed_data: Bytes::from_static(packed),
            }
            .to_bytes()
            .into(),
        };
        let message = Message {
            msg_id: 1,
            seqno: 1,
            body: result.body.clone(),
        };
        let packed = GzipPacked {
            packed_data: Bytes::from_static(packed),
        };
        let (bytes, err) = requested_during(|| result.answer_as::<Vec<i64>>(&options));
        check_bomb(what, bytes, limit, err.map(|_| ()));
        let (bytes, err) = requested_during(|| message.decode_with::<Vec<i64>>(&options));
        check_bomb(what, bytes, limit, err.map(|_| ()));
        let (bytes, err) = requested_during(|| packed.inflate_with(&options));
        check_bomb(what, bytes, limit, err.map(|_| ()));
    };
    fn check_bomb(what: &str, bytes: usize, limit: usize, result: Result<(), DecodeError>) {
        eprintln!("{what}: {bytes} bytes allocated, limit {limit}");
        let err = result.unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::InflatedTooLarge { limit },
            "{what}"
        );
        assert!(
            bytes <= limit + OVERHEAD,
            "{what}: allocated {bytes} bytes for a limit of {limit}"
        );
    }
    check("4 MiB bomb, 1 MiB limit", 1 << 20, zeros_4mib);
    check("4 MiB bomb, 64 KiB limit", 64 << 10, zeros_4mib);
    check(
        "17 MiB bomb, default limit",
        DecodeOptions::DEFAULT_MAX_INFLATED_SIZE,
        zeros_17mib,
    );

    // Sanity: under a limit that fits, the 4 MiB really is inflated (so the
    // bound above is the limit's doing).
    let packed = GzipPacked {
        packed_data: Bytes::from_static(zeros_4mib),
    };
    let (bytes, inflated) = requested_during(|| packed.inflate());
    assert_eq!(inflated.unwrap().len(), 4 << 20);
    assert!(bytes >= 4 << 20, "{bytes}");
}

#[test]
fn hostile_inputs_allocate_little() {
    #[cfg(feature = "gzip")]
    gzip_bombs_allocate_at_most_the_limit();

    // Sanity: the allocator counts at all.
    let (bytes, _) = allocated_by::<Vec<i64>>(&vec![
        0x15, 0xc4, 0xb5, 0x1c, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    assert!(bytes >= 8, "counting allocator not active");

    // A count of 2^31 - 1 with 8 bytes left, for various element types.
    let huge = hex("15c4b51c ffffff7f 0000000000000000");
    check::<Vec<i64>>("Vec<i64> 0x7fffffff", &huge, false);
    check::<Vec<i32>>("Vec<i32> 0x7fffffff", &huge, false);
    check::<Vec<String>>("Vec<String> 0x7fffffff", &huge, false);
    check::<Vec<Sample>>("Vec<Sample> 0x7fffffff", &huge, false);
    check::<Vec<()>>("Vec<()> 0x7fffffff", &huge, false);
    check::<RawVec<[u8; 32]>>(
        "vector<int256> 0xffffffff",
        &hex("ffffffff 00000000"),
        false,
    );

    // A 16 MiB length announced with 8 bytes behind it.
    check::<Bytes>(
        "0xfe length past end",
        &hex("feffffff 0000000000000000"),
        false,
    );
    check::<String>(
        "0xfe length past end",
        &hex("feffffff 0000000000000000"),
        false,
    );

    // A count that fits the input, with elements far bigger in memory
    // (Sample is hundreds of bytes) than the 4 bytes they may claim on the
    // wire: the preallocation is bounded by the input, not the count.
    let mut claims = hex("15c4b51c");
    claims.extend_from_slice(&(1000u32).to_le_bytes());
    claims.extend_from_slice(&[0; 4000]);
    check::<Vec<Sample>>("1000 Samples claimed in 4000 bytes", &claims, false);
    check::<Vec<Nested>>("1000 Nested claimed in 4000 bytes", &claims, false);

    // Many legitimately empty inner vectors.
    let empties: Vec<Vec<i64>> = vec![Vec::new(); 10_000];
    check::<Vec<Vec<i64>>>("10k empty vectors", &empties.to_bytes(), true);
    // Many empty strings (24 bytes of `String` per 4 wire bytes).
    let strings: Vec<String> = vec![String::new(); 10_000];
    check::<Vec<String>>("10k empty strings", &strings.to_bytes(), true);

    // Invalid UTF-8 grows by at most 3x under replacement.
    let mut bad = vec![0xfe, 0x00, 0x10, 0x00];
    bad.extend(std::iter::repeat_n(0xffu8, 0x1000));
    check::<String>("4 KiB of invalid UTF-8", &bad, true);

    // Nesting 10^6 deep: error after 100 levels, whose path is the only
    // allocation.
    let deep = Nested::chain_bytes(1_000_000, 0);
    check::<Nested>("10^6 nesting", &deep, false);

    // Every truncation of a valid value.
    let wire = sample().to_bytes();
    for cut in 0..wire.len() {
        check::<Sample>("truncated Sample", &wire[..cut], false);
    }

    // Pseudo-random garbage.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for len in [4usize, 8, 16, 64, 256, 1024] {
        for _ in 0..200 {
            let data: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            let (bytes, _) = allocated_by::<Vec<Sample>>(&data);
            assert!(bytes <= FACTOR * len + ERROR_ALLOWANCE, "{bytes} for {len}");
            let (bytes, _) = allocated_by::<RawVec<String>>(&data);
            assert!(bytes <= FACTOR * len + ERROR_ALLOWANCE, "{bytes} for {len}");
        }
    }
}
