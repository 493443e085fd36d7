//! Inflating and deflating `gzip_packed` data (RFC 1952 gzip streams, which
//! is what MTProto puts in `packed_data`), behind the `gzip` feature.
//!
//! Inflation is bounded: the output buffer is grown here, never by the
//! decompressor, and never past `budget + 1` bytes, so a decompression bomb
//! costs at most its budget in memory before it fails.

use crate::{DecodeError, DecodeErrorKind};

/// First size of the output buffer, as a multiple of the packed size
/// (typical TL data compresses 3-5x; growing from there costs a few
/// reallocations, each at most doubling).
#[cfg(feature = "gzip")]
const INITIAL_RATIO: usize = 4;

/// Smallest first size of the output buffer.
#[cfg(feature = "gzip")]
const MIN_INITIAL: usize = 256;

/// Inflates the gzip stream `packed` into at most `budget` bytes.
///
/// Errors carry `offset` (where `packed` starts in the caller's input) and
/// report `limit` (the configured limit the budget is what is left of) in
/// [`DecodeErrorKind::InflatedTooLarge`]. Data after the end of the first
/// gzip member is ignored, as zlib's `inflate` (which Telegram's clients
/// use) ignores it.
#[cfg(feature = "gzip")]
pub(crate) fn inflate(
    packed: &[u8],
    budget: usize,
    limit: usize,
    offset: usize,
) -> Result<Vec<u8>, DecodeError> {
    use std::io::{ErrorKind, Read};

    // One byte past the budget is how we learn that the data is too large
    // without inflating any more of it.
    let cap = budget.saturating_add(1);
    let mut decoder = flate2::bufread::GzDecoder::new(packed);
    let mut out = Vec::new();
    let mut filled = 0;
    loop {
        if filled == out.len() {
            if filled == cap {
                return Err(DecodeError::new(
                    DecodeErrorKind::InflatedTooLarge { limit },
                    offset,
                ));
            }
            let grown = if out.is_empty() {
                packed.len().saturating_mul(INITIAL_RATIO).max(MIN_INITIAL)
            } else {
                out.len().saturating_mul(2)
            };
            let target = grown.min(cap);
            // Exact, or Vec's amortized growth would round the capacity up
            // to double the old one, past `cap`.
            out.reserve_exact(target - out.len());
            out.resize(target, 0);
        }
        match decoder.read(&mut out[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(DecodeError::new(
                    DecodeErrorKind::InvalidGzip {
                        reason: e.to_string().into(),
                    },
                    offset,
                ));
            }
        }
    }
    out.truncate(filled);
    Ok(out)
}

/// Without the `gzip` feature nothing can be inflated.
#[cfg(not(feature = "gzip"))]
pub(crate) fn inflate(
    _packed: &[u8],
    _budget: usize,
    _limit: usize,
    offset: usize,
) -> Result<Vec<u8>, DecodeError> {
    Err(DecodeError::new(DecodeErrorKind::GzipUnavailable, offset))
}

/// Compresses `data` into a gzip stream (default level, no file name, zero
/// modification time, so the output depends on `data` only).
#[cfg(feature = "gzip")]
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;

    let out = Vec::with_capacity(data.len() / 2 + 64);
    let mut encoder = flate2::write::GzEncoder::new(out, flate2::Compression::default());
    // Writing into a Vec cannot fail (short of running out of memory,
    // which aborts anyway).
    encoder
        .write_all(data)
        .expect("gzip into a Vec cannot fail");
    encoder.finish().expect("gzip into a Vec cannot fail")
}

#[cfg(all(test, feature = "gzip"))]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_exact_limit() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i % 7) as u8).collect();
        let packed = deflate(&data);
        assert!(packed.len() < data.len() / 10);
        // gzip magic, deflate method (RFC 1952 section 2.3.1).
        assert_eq!(&packed[..3], &[0x1f, 0x8b, 8]);
        assert_eq!(inflate(&packed, data.len(), 0, 0).unwrap(), data);
        let err = inflate(&packed, data.len() - 1, 77, 5).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::InflatedTooLarge { limit: 77 });
        assert_eq!(err.offset(), 5);
    }

    #[test]
    fn empty_and_zero_budget() {
        let packed = deflate(b"");
        assert_eq!(inflate(&packed, 0, 0, 0).unwrap(), b"");
        let packed = deflate(b"x");
        assert!(matches!(
            inflate(&packed, 0, 0, 0).unwrap_err().kind(),
            DecodeErrorKind::InflatedTooLarge { limit: 0 }
        ));
    }

    #[test]
    fn not_gzip() {
        for bad in [
            &b""[..],
            b"\x1f\x8b",
            b"hello world, not gzip",
            &[0x78, 0x9c, 3, 0],
        ] {
            let err = inflate(bad, 1 << 20, 0, 3).unwrap_err();
            assert!(
                matches!(err.kind(), DecodeErrorKind::InvalidGzip { .. }),
                "{bad:?}: {err}"
            );
            assert_eq!(err.offset(), 3);
        }
    }
}
