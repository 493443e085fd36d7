//! The TL built-in types and their wire encoding.
//!
//! | TL type | Rust type | wire form |
//! |---|---|---|
//! | `int` | `i32` | 4 bytes, little-endian |
//! | `long` | `i64` | 8 bytes, little-endian |
//! | `double` | `f64` | 8 bytes, IEEE 754 binary64, little-endian |
//! | `#` (flags, nat) | `u32` | 4 bytes, little-endian |
//! | `int128` | `[u8; 16]` | 16 raw bytes |
//! | `int256` | `[u8; 32]` | 32 raw bytes |
//! | `string` | `String` (also `str` for writing) | length-prefixed, padded to 4 |
//! | `bytes` | [`Bytes`] | like `string`, arbitrary content |
//! | `Bool` | `bool` | boxed: `boolTrue#997275b5` / `boolFalse#bc799737` |
//! | `true` | `()` | bare and empty: zero bytes |
//! | `Vector t` | `Vec<T>` | `0x1cb5c415`, `int` count, elements |
//! | `vector t` | [`RawVec<T>`](crate::RawVec) | `int` count, elements |
//!
//! `string`/`bytes` of length `L`: if `L <= 253`, one byte `L`, the data,
//! then zero bytes up to a multiple of 4; otherwise the byte `0xfe`, `L` as
//! 3 bytes little-endian, the data, then zero bytes up to a multiple of 4.
//! The largest encodable length is 2^24 - 1 ([`MAX_BYTES_LEN`]).
//!
//! All primitives are also [`Bare`] (their bare form is their plain form),
//! except `bool`, whose wire form is a boxed constructor.

use std::convert::identity;

use bytes::{BufMut, Bytes};

use crate::{Bare, DecodeError, Deserializable, Reader, Serializable};

/// Constructor id of `boolTrue = Bool`.
pub const BOOL_TRUE_ID: u32 = 0x9972_75b5;
/// Constructor id of `boolFalse = Bool`.
pub const BOOL_FALSE_ID: u32 = 0xbc79_9737;
/// Constructor id of `true = True` (the boxed form of `true`, which fields
/// never use: `flags.N?true` is just the flag bit).
pub const TRUE_ID: u32 = 0x3fed_d339;
/// Constructor id of `vector {t:Type} # [ t ] = Vector t`.
pub const VECTOR_ID: u32 = 0x1cb5_c415;
/// Largest `string`/`bytes` length the wire format can express (2^24 - 1).
pub const MAX_BYTES_LEN: usize = 0x00ff_ffff;

/// The serialized size of a `string`/`bytes` value with `len` bytes of data
/// (prefix, data and padding).
#[inline]
pub const fn bytes_len(len: usize) -> usize {
    let header = if len < 254 { 1 } else { 4 };
    (header + len + 3) & !3
}

/// Writes `data` as a TL `string`/`bytes` value.
///
/// # Panics
///
/// If `data` is longer than [`MAX_BYTES_LEN`] (16 MiB - 1), which the wire
/// format cannot express; under
/// [`Serializable::try_to_bytes`] that
/// is its [`EncodeError`](crate::EncodeError) instead (and nothing is
/// written).
#[inline]
#[track_caller]
pub fn write_bytes(buf: &mut impl BufMut, data: &[u8]) {
    let len = data.len();
    let header = if len < 254 {
        buf.put_u8(len as u8);
        1
    } else {
        if !crate::encode::bytes_fit(len) {
            return;
        }
        buf.put_u32_le(((len as u32) << 8) | 254);
        4
    };
    buf.put_slice(data);
    let pad = (4 - (header + len) % 4) % 4;
    buf.put_bytes(0, pad);
}

/// Primitives have no boxed form: their bare form is their plain form, so
/// `Bare` delegates to `Serializable`/`Deserializable`.
macro_rules! bare_is_plain {
    ($ty:ty, $min:expr) => {
        impl Bare for $ty {
            const MIN_BARE_SIZE: usize = $min;
            #[inline]
            fn bare_len(&self) -> usize {
                Serializable::serialized_len(self)
            }
            #[inline]
            fn serialize_bare(&self, buf: &mut impl BufMut) {
                Serializable::serialize(self, buf)
            }
            #[inline]
            fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
                <$ty as Deserializable>::deserialize(reader)
            }
        }
    };
}

macro_rules! fixed {
    ($ty:ty, $size:expr, $read:ident, $from:expr, $to:expr) => {
        impl Serializable for $ty {
            #[inline]
            fn serialized_len(&self) -> usize {
                $size
            }
            #[inline]
            fn serialize(&self, buf: &mut impl BufMut) {
                buf.put_slice(&$to(*self))
            }
            /// Converts through a stack buffer so runs are written with a
            /// few large copies.
            #[inline]
            fn serialize_elements(items: &[Self], buf: &mut impl BufMut) {
                const CHUNK: usize = 512 / $size;
                let mut staging = [0u8; CHUNK * $size];
                for chunk in items.chunks(CHUNK) {
                    let (dst, _) = staging.as_chunks_mut::<$size>();
                    for (d, v) in dst.iter_mut().zip(chunk) {
                        *d = $to(*v);
                    }
                    buf.put_slice(&staging[..chunk.len() * $size]);
                }
            }
        }

        impl Deserializable for $ty {
            const MIN_WIRE_SIZE: usize = $size;
            #[inline]
            fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
                reader.$read()
            }
            /// Reads the whole run with one bounds check; the allocation is
            /// exactly `count` elements, which the input has just proved to
            /// hold.
            #[inline]
            fn deserialize_elements(
                reader: &mut Reader<'_>,
                count: usize,
            ) -> Result<Vec<Self>, DecodeError> {
                let raw = reader.read_raw(count.saturating_mul($size))?;
                let (chunks, _) = raw.as_chunks::<$size>();
                Ok(chunks.iter().map(|chunk| $from(*chunk)).collect())
            }
        }

        bare_is_plain!($ty, $size);
    };
}

fixed!(i32, 4, read_i32, i32::from_le_bytes, i32::to_le_bytes);
fixed!(u32, 4, read_u32, u32::from_le_bytes, u32::to_le_bytes);
fixed!(i64, 8, read_i64, i64::from_le_bytes, i64::to_le_bytes);
fixed!(f64, 8, read_f64, f64::from_le_bytes, f64::to_le_bytes);
fixed!([u8; 16], 16, read_int128, identity, identity);
fixed!([u8; 32], 32, read_int256, identity, identity);

macro_rules! length_prefixed {
    ($ty:ty, $read:ident) => {
        impl Serializable for $ty {
            #[inline]
            fn serialized_len(&self) -> usize {
                bytes_len(self.len())
            }
            /// # Panics
            ///
            /// If the value is longer than [`MAX_BYTES_LEN`]
            /// ([`try_to_bytes`](Serializable::try_to_bytes) returns the
            /// error instead).
            #[inline]
            fn serialize(&self, buf: &mut impl BufMut) {
                write_bytes(buf, self.as_ref())
            }
        }

        impl Deserializable for $ty {
            const MIN_WIRE_SIZE: usize = 4;
            #[inline]
            fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
                reader.$read()
            }
        }

        bare_is_plain!($ty, 4);
    };
}

length_prefixed!(String, read_string);
length_prefixed!(Bytes, read_bytes);

/// Writes a `string` from a borrowed `str` (for building requests without
/// allocating a `String`).
impl Serializable for str {
    #[inline]
    fn serialized_len(&self) -> usize {
        bytes_len(self.len())
    }
    #[inline]
    fn serialize(&self, buf: &mut impl BufMut) {
        write_bytes(buf, self.as_bytes())
    }
}

/// TL `Bool`: boxed `boolTrue#997275b5` or `boolFalse#bc799737`.
impl Serializable for bool {
    #[inline]
    fn serialized_len(&self) -> usize {
        4
    }
    #[inline]
    fn serialize(&self, buf: &mut impl BufMut) {
        buf.put_u32_le(if *self { BOOL_TRUE_ID } else { BOOL_FALSE_ID })
    }
}

/// TL `Bool`; any id other than `boolTrue`/`boolFalse` fails with
/// [`UnknownConstructor`](crate::DecodeErrorKind::UnknownConstructor).
impl Deserializable for bool {
    const MIN_WIRE_SIZE: usize = 4;
    #[inline]
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let start = reader.position();
        match reader.read_u32()? {
            BOOL_TRUE_ID => Ok(true),
            BOOL_FALSE_ID => Ok(false),
            id => Err(DecodeError::unknown_constructor(id, "Bool", start)),
        }
    }
}

/// TL `true`: a bare type with no data, written as zero bytes.
impl Serializable for () {
    #[inline]
    fn serialized_len(&self) -> usize {
        0
    }
    #[inline]
    fn serialize(&self, _buf: &mut impl BufMut) {}
}

/// TL `true`: reads zero bytes.
impl Deserializable for () {
    const MIN_WIRE_SIZE: usize = 0;
    #[inline]
    fn deserialize(_reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(())
    }
}

/// TL `true`: the bare form is also empty.
impl Bare for () {
    #[inline]
    fn bare_len(&self) -> usize {
        0
    }
    #[inline]
    fn serialize_bare(&self, _buf: &mut impl BufMut) {}
    #[inline]
    fn deserialize_bare(_reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(())
    }
}

/// Boxes are transparent: generated code boxes recursive fields.
impl<T: Serializable + ?Sized> Serializable for Box<T> {
    #[inline]
    fn serialized_len(&self) -> usize {
        (**self).serialized_len()
    }
    #[inline]
    fn serialize(&self, buf: &mut impl BufMut) {
        (**self).serialize(buf)
    }
}

/// Boxes are transparent: generated code boxes recursive fields.
impl<T: Deserializable> Deserializable for Box<T> {
    const MIN_WIRE_SIZE: usize = T::MIN_WIRE_SIZE;
    #[inline]
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        T::deserialize(reader).map(Box::new)
    }
}

/// Boxes are transparent.
impl<T: Bare> Bare for Box<T> {
    const MIN_BARE_SIZE: usize = T::MIN_BARE_SIZE;
    #[inline]
    fn bare_len(&self) -> usize {
        (**self).bare_len()
    }
    #[inline]
    fn serialize_bare(&self, buf: &mut impl BufMut) {
        (**self).serialize_bare(buf)
    }
    #[inline]
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        T::deserialize_bare(reader).map(Box::new)
    }
}

/// References serialize like the value they point to.
impl<T: Serializable + ?Sized> Serializable for &T {
    #[inline]
    fn serialized_len(&self) -> usize {
        (**self).serialized_len()
    }
    #[inline]
    fn serialize(&self, buf: &mut impl BufMut) {
        (**self).serialize(buf)
    }
}
