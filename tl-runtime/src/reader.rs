//! [`Reader`]: a bounds-checked cursor over TL input.

use bytes::Bytes;

use crate::{DecodeError, DecodeOptions};

/// Size in bytes above which a vector's initial allocation is capped even
/// when its count passed the remaining-input check; beyond this the vector
/// grows only as elements are actually decoded.
const MAX_PREALLOC_BYTES: usize = 256 * 1024;

/// A vector's initial allocation is at most this many times the input bytes
/// that remain when its count is read; see [`Reader::capacity_for`].
const PREALLOC_INPUT_FACTOR: usize = 8;

/// A cursor over the bytes being decoded.
///
/// Every read is bounds-checked and returns a [`DecodeError`] instead of
/// panicking; nothing is allocated from a length or count before that length
/// has been checked against the bytes that remain.
///
/// A reader built with [`Reader::new_shared`] over a [`Bytes`] hands out
/// `bytes` values as zero-copy slices of it; one built with [`Reader::new`]
/// over a plain slice copies them.
///
/// After a read fails the reader's position and depth are unspecified; decode
/// errors are meant to abort the whole decode.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    input: &'a [u8],
    shared: Option<&'a Bytes>,
    pos: usize,
    depth: usize,
    /// Bytes inflated out of `gzip_packed` so far in this decode, carried
    /// into and back out of the readers over inflated data, so that
    /// [`DecodeOptions::max_inflated_size`] bounds them all together.
    inflated: usize,
    options: &'a DecodeOptions,
}

impl<'a> Reader<'a> {
    /// A reader over `input`; `bytes` values are copied out of it.
    pub fn new(input: &'a [u8], options: &'a DecodeOptions) -> Self {
        Self {
            input,
            shared: None,
            pos: 0,
            depth: 0,
            inflated: 0,
            options,
        }
    }

    /// A reader over `input`; `bytes` values are zero-copy slices of it
    /// (they keep `input`'s buffer alive).
    pub fn new_shared(input: &'a Bytes, options: &'a DecodeOptions) -> Self {
        Self {
            input,
            shared: Some(input),
            pos: 0,
            depth: 0,
            inflated: 0,
            options,
        }
    }

    /// The options this reader applies.
    pub fn options(&self) -> &'a DecodeOptions {
        self.options
    }

    /// Bytes consumed so far (the offset of the next read).
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Bytes left to read.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.input.len() - self.pos
    }

    /// The unread part of the input.
    #[inline]
    pub fn rest(&self) -> &'a [u8] {
        &self.input[self.pos..]
    }

    /// Current nesting depth (number of [`enter`](Self::enter) calls not yet
    /// matched by [`leave`](Self::leave)).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// A reader over `input` (data inflated out of a `gzip_packed` this
    /// reader is at) that continues this one's decode: same options, same
    /// depth, same inflation budget. Hand the budget back with
    /// [`take_inflated`](Self::take_inflated) once it is done.
    pub(crate) fn nested_shared<'b>(&self, input: &'b Bytes) -> Reader<'b>
    where
        'a: 'b,
    {
        Reader {
            input,
            shared: Some(input),
            pos: 0,
            depth: self.depth,
            inflated: self.inflated,
            options: self.options,
        }
    }

    /// Bytes this decode may still inflate out of `gzip_packed` values.
    pub(crate) fn inflate_budget(&self) -> usize {
        self.options.max_inflated_size.saturating_sub(self.inflated)
    }

    /// Counts `n` more inflated bytes against the budget.
    pub(crate) fn add_inflated(&mut self, n: usize) {
        self.inflated = self.inflated.saturating_add(n);
    }

    /// Takes over what a [`nested_shared`](Self::nested_shared) reader
    /// inflated (it started from this reader's count).
    pub(crate) fn take_inflated(&mut self, nested: &Reader<'_>) {
        self.inflated = self.inflated.max(nested.inflated);
    }

    /// Succeeds when the whole input has been consumed; otherwise a
    /// [`TrailingBytes`](crate::DecodeErrorKind::TrailingBytes) error.
    pub fn finish(&self) -> Result<(), DecodeError> {
        match self.remaining() {
            0 => Ok(()),
            n => Err(DecodeError::trailing_bytes(n, self.pos)),
        }
    }

    /// Enters one level of nesting for a value of TL type `type_name`.
    ///
    /// Fails with [`RecursionLimit`](crate::DecodeErrorKind::RecursionLimit)
    /// (without changing the depth) when the depth would exceed
    /// [`DecodeOptions::max_depth`]; that error's path ends with
    /// `type_name`. Every successful `enter` must be matched by a
    /// [`leave`](Self::leave) once the value is decoded (see
    /// `__private::nested` for a helper that always pairs them).
    #[inline]
    pub fn enter(&mut self, type_name: &'static str) -> Result<(), DecodeError> {
        if self.depth >= self.options.max_depth {
            return Err(self.recursion_limit(type_name));
        }
        self.depth += 1;
        Ok(())
    }

    #[cold]
    fn recursion_limit(&self, type_name: &'static str) -> DecodeError {
        DecodeError::recursion_limit(self.options.max_depth, self.pos).in_field(type_name)
    }

    /// Leaves a level entered with [`enter`](Self::enter).
    #[inline]
    pub fn leave(&mut self) {
        debug_assert!(self.depth > 0, "Reader::leave without enter");
        self.depth = self.depth.saturating_sub(1);
    }

    #[cold]
    fn end_error(&self, needed: usize) -> DecodeError {
        DecodeError::unexpected_end(needed, self.remaining(), self.pos)
    }

    /// Reads exactly `n` bytes, borrowed from the input.
    #[inline]
    pub fn read_raw(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        if n > self.remaining() {
            return Err(self.end_error(n));
        }
        let out = &self.input[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// Reads exactly `n` bytes as [`Bytes`]: a zero-copy slice of the input
    /// when the reader was built with [`Reader::new_shared`], a copy
    /// otherwise. For raw spans such as an MTProto message body.
    #[inline]
    pub fn read_raw_bytes(&mut self, n: usize) -> Result<Bytes, DecodeError> {
        let data = self.read_raw(n)?;
        Ok(self.share(data))
    }

    /// `data`, a part of the input, as [`Bytes`].
    #[inline]
    fn share(&self, data: &'a [u8]) -> Bytes {
        match self.shared {
            Some(shared) => shared.slice_ref(data),
            None => Bytes::copy_from_slice(data),
        }
    }

    /// Skips `n` bytes.
    pub fn skip(&mut self, n: usize) -> Result<(), DecodeError> {
        self.read_raw(n).map(|_| ())
    }

    /// Reads a fixed-size array of bytes.
    #[inline]
    pub fn read_array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        match self.input[self.pos..].first_chunk::<N>() {
            Some(chunk) => {
                self.pos += N;
                Ok(*chunk)
            }
            None => Err(self.end_error(N)),
        }
    }

    /// Reads the next 4 bytes as a little-endian `u32` without consuming
    /// them (for example to look at a constructor id).
    #[inline]
    pub fn peek_u32(&self) -> Result<u32, DecodeError> {
        match self.input[self.pos..].first_chunk::<4>() {
            Some(chunk) => Ok(u32::from_le_bytes(*chunk)),
            None => Err(self.end_error(4)),
        }
    }

    /// Reads a constructor id and checks that it is `id`; otherwise fails
    /// with [`UnknownConstructor`](crate::DecodeErrorKind::UnknownConstructor)
    /// naming `type_name`, at the offset of the id.
    #[inline]
    pub fn expect_id(&mut self, id: u32, type_name: &'static str) -> Result<(), DecodeError> {
        let start = self.pos;
        let found = self.read_u32()?;
        if found == id {
            Ok(())
        } else {
            Err(DecodeError::unknown_constructor(found, type_name, start))
        }
    }

    /// Reads a little-endian `u32` (constructor ids, `#` flag words).
    #[inline]
    pub fn read_u32(&mut self) -> Result<u32, DecodeError> {
        self.read_array().map(u32::from_le_bytes)
    }

    /// Reads a little-endian `i32` (TL `int`).
    #[inline]
    pub fn read_i32(&mut self) -> Result<i32, DecodeError> {
        self.read_array().map(i32::from_le_bytes)
    }

    /// Reads a little-endian `i64` (TL `long`).
    #[inline]
    pub fn read_i64(&mut self) -> Result<i64, DecodeError> {
        self.read_array().map(i64::from_le_bytes)
    }

    /// Reads a little-endian IEEE 754 binary64 (TL `double`). All bit
    /// patterns, including NaN payloads, are preserved.
    #[inline]
    pub fn read_f64(&mut self) -> Result<f64, DecodeError> {
        self.read_array().map(f64::from_le_bytes)
    }

    /// Reads a TL `int128` as its 16 raw bytes, in wire order.
    #[inline]
    pub fn read_int128(&mut self) -> Result<[u8; 16], DecodeError> {
        self.read_array()
    }

    /// Reads a TL `int256` as its 32 raw bytes, in wire order.
    #[inline]
    pub fn read_int256(&mut self) -> Result<[u8; 32], DecodeError> {
        self.read_array()
    }

    /// Reads the body of a TL `string`/`bytes` value (length prefix, data,
    /// padding) and returns the data, borrowed from the input.
    ///
    /// The length is checked against the remaining input before anything is
    /// consumed. Padding bytes are skipped without checking that they are
    /// zero, and a `0xfe` prefix announcing a length below 254 is accepted
    /// (both are what other TL implementations do). A `0xff` prefix fails
    /// with [`InvalidLengthPrefix`](crate::DecodeErrorKind::InvalidLengthPrefix).
    #[inline]
    pub fn read_bytes_ref(&mut self) -> Result<&'a [u8], DecodeError> {
        let start = self.pos;
        let (header, len) = match self.input.get(start) {
            None => return Err(self.end_error(1)),
            Some(&b) if b < 254 => (1, b as usize),
            Some(&254) => match self.input[start..].first_chunk::<4>() {
                Some(&[_, a, b, c]) => (4, u32::from_le_bytes([a, b, c, 0]) as usize),
                None => return Err(self.end_error(4)),
            },
            Some(&prefix) => {
                return Err(DecodeError::new(
                    crate::DecodeErrorKind::InvalidLengthPrefix { prefix },
                    start,
                ));
            }
        };
        // header + len <= 4 + 2^24, no overflow.
        let total = (header + len + 3) & !3;
        if total > self.remaining() {
            return Err(self.end_error(total));
        }
        self.pos += total;
        Ok(&self.input[start + header..start + header + len])
    }

    /// Reads a TL `bytes` value. Zero-copy (a slice of the shared input)
    /// when the reader was built with [`Reader::new_shared`], a copy
    /// otherwise.
    #[inline]
    pub fn read_bytes(&mut self) -> Result<Bytes, DecodeError> {
        let data = self.read_bytes_ref()?;
        Ok(self.share(data))
    }

    /// Reads a TL `string`. Invalid UTF-8 is replaced with U+FFFD, or fails
    /// with [`InvalidUtf8`](crate::DecodeErrorKind::InvalidUtf8) when
    /// [`DecodeOptions::strict_utf8`] is set.
    #[inline]
    pub fn read_string(&mut self) -> Result<String, DecodeError> {
        let start = self.pos;
        let data = self.read_bytes_ref()?;
        match std::str::from_utf8(data) {
            Ok(s) => Ok(s.to_owned()),
            Err(e) if self.options.strict_utf8 => {
                Err(DecodeError::invalid_utf8(e.valid_up_to(), start))
            }
            Err(_) => Ok(lossy_utf8(data)),
        }
    }

    /// Reads a vector element count and checks it against the remaining
    /// input, given that every element takes at least `min_element_size`
    /// bytes on the wire (a value of `0` is treated as `1`, so the count is
    /// always bounded by the input length).
    ///
    /// A count that cannot fit fails with
    /// [`LengthOutOfRange`](crate::DecodeErrorKind::LengthOutOfRange) before
    /// the caller allocates anything; see also
    /// [`Reader::capacity_for`].
    #[inline]
    pub fn read_vector_len(&mut self, min_element_size: usize) -> Result<usize, DecodeError> {
        let start = self.pos;
        let count = self.read_u32()? as usize;
        let limit = self.remaining() / min_element_size.max(1);
        if count > limit {
            return Err(DecodeError::length_out_of_range(
                count as u64,
                limit as u64,
                start,
            ));
        }
        Ok(count)
    }

    /// The capacity to reserve for a vector of `count` elements of type `T`
    /// about to be decoded from this reader: `count`, capped so the initial
    /// allocation is at most 8 times the remaining
    /// input and at most 256 KiB. A vector whose elements are larger in
    /// memory than on the wire grows as its elements are actually decoded,
    /// so a count alone never buys more memory than the input it came with.
    #[inline]
    pub fn capacity_for<T>(&self, count: usize) -> usize {
        let budget = self
            .remaining()
            .saturating_mul(PREALLOC_INPUT_FACTOR)
            .min(MAX_PREALLOC_BYTES);
        count.min(budget / std::mem::size_of::<T>().max(1))
    }
}

/// Replaces each invalid UTF-8 sequence with U+FFFD (like
/// [`String::from_utf8_lossy`]), allocating the exact size once.
#[cold]
fn lossy_utf8(data: &[u8]) -> String {
    const REPLACEMENT: &str = "\u{fffd}";
    let len: usize = data
        .utf8_chunks()
        .map(|c| {
            c.valid().len()
                + if c.invalid().is_empty() {
                    0
                } else {
                    REPLACEMENT.len()
                }
        })
        .sum();
    let mut out = String::with_capacity(len);
    for chunk in data.utf8_chunks() {
        out.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            out.push_str(REPLACEMENT);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DecodeErrorKind;

    #[test]
    fn reads_and_positions() {
        let input = [1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 9];
        let mut r = Reader::new(&input, &DecodeOptions::DEFAULT);
        assert_eq!(r.read_u32().unwrap(), 1);
        assert_eq!(r.position(), 4);
        assert_eq!(r.read_i32().unwrap(), -1);
        assert_eq!(r.remaining(), 1);
        let e = r.read_u32().unwrap_err();
        assert_eq!(
            e.kind(),
            &DecodeErrorKind::UnexpectedEnd {
                needed: 4,
                available: 1
            }
        );
        assert_eq!(e.offset(), 8);
        assert_eq!(r.finish().unwrap_err().offset(), 8);
    }

    #[test]
    fn enter_leave_limit() {
        let opts = DecodeOptions::new().with_max_depth(2);
        let mut r = Reader::new(&[], &opts);
        r.enter("A").unwrap();
        r.enter("A").unwrap();
        let e = r.enter("A").unwrap_err();
        assert_eq!(e.kind(), &DecodeErrorKind::RecursionLimit { limit: 2 });
        assert_eq!(r.depth(), 2);
        r.leave();
        r.enter("A").unwrap();
    }

    #[test]
    fn lossy_matches_std() {
        for data in [
            &b"\xff"[..],
            b"a\xffb",
            b"\xe2\x82",
            b"\xe2\x82\xac ok \xf0\x9f\x98",
            b"\xc3\x28\xa0\xa1",
            b"",
        ] {
            assert_eq!(lossy_utf8(data), String::from_utf8_lossy(data));
        }
    }

    #[test]
    fn zero_copy_bytes() {
        let input = Bytes::from_static(&[3, b'a', b'b', b'c']);
        let mut r = Reader::new_shared(&input, &DecodeOptions::DEFAULT);
        let b = r.read_bytes().unwrap();
        assert_eq!(&b[..], b"abc");
        assert_eq!(b.as_ptr(), input[1..].as_ptr());
    }

    #[test]
    fn capacity_is_capped() {
        let big = vec![0u8; 1 << 20];
        let r = Reader::new(&big, &DecodeOptions::DEFAULT);
        assert_eq!(r.capacity_for::<u64>(10), 10);
        assert_eq!(r.capacity_for::<u64>(1 << 30), 32 * 1024);
        assert_eq!(r.capacity_for::<()>(7), 7);
        let small = [0u8; 16];
        let r = Reader::new(&small, &DecodeOptions::DEFAULT);
        assert_eq!(r.capacity_for::<u64>(2), 2);
        assert_eq!(r.capacity_for::<[u8; 64]>(4), 2);
        assert_eq!(r.capacity_for::<[u8; 256]>(4), 0);
    }
}
