//! Helpers for generated code only. Not part of the stable API: anything
//! here may change with [`ABI_VERSION`].

use bytes::BufMut;

use crate::{Bare, DecodeError, Deserializable, Reader};

pub use crate::nested::{nested_vec_len, read_array, read_nested_vec, write_nested_vec};

/// The runtime crate version generated code was built against can be
/// compared with this.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Version of the contract between generated code and this runtime. Generated
/// code asserts `ABI_VERSION == <the version it was generated for>` in a
/// `const` item so a mismatch fails at compile time, not at run time.
pub const ABI_VERSION: u32 = 3;

/// Whether generated code for ABI `version` can use this runtime; usable in
/// `const _: () = assert!(::typelang_runtime::__private::abi_compatible(1));`.
pub const fn abi_compatible(version: u32) -> bool {
    version == ABI_VERSION
}

/// Reads a field, adding `path` (`"Type.field"`) to the error path on
/// failure.
#[inline]
pub fn read_field<T: Deserializable>(
    reader: &mut Reader<'_>,
    path: &'static str,
) -> Result<T, DecodeError> {
    T::deserialize(reader).map_err(|e| e.in_field(path))
}

/// Reads a field in its bare form (`%T`), adding `path` on failure.
#[inline]
pub fn read_bare_field<T: Bare>(
    reader: &mut Reader<'_>,
    path: &'static str,
) -> Result<T, DecodeError> {
    T::deserialize_bare(reader).map_err(|e| e.in_field(path))
}

/// Reads a `#` flags word, adding `path` on failure.
#[inline]
pub fn read_flags(reader: &mut Reader<'_>, path: &'static str) -> Result<u32, DecodeError> {
    reader.read_u32().map_err(|e| e.in_field(path))
}

/// Whether bit `bit` of `flags` is set.
#[inline]
pub const fn flag(flags: u32, bit: u32) -> bool {
    flags & (1 << bit) != 0
}

/// `1 << bit` if `set`, else 0: for building flags words.
#[inline]
pub const fn bit_if(set: bool, bit: u32) -> u32 {
    (set as u32) << bit
}

/// Writes a `#` flags word (or any `u32`).
#[inline]
pub fn write_u32(buf: &mut impl BufMut, value: u32) {
    buf.put_u32_le(value)
}

/// Runs `f` one nesting level deeper, counted against
/// [`DecodeOptions::max_depth`](crate::DecodeOptions::max_depth); the level
/// is left again whether `f` succeeds or fails.
#[inline]
pub fn nested<T>(
    reader: &mut Reader<'_>,
    type_name: &'static str,
    f: impl FnOnce(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    reader.enter(type_name)?;
    let out = f(reader);
    reader.leave();
    out
}

/// The error for a constructor id `id` that was just read (so it starts 4
/// bytes before the reader's position) and is not a constructor of
/// `expected`.
#[cold]
pub fn unknown_constructor(reader: &Reader<'_>, id: u32, expected: &'static str) -> DecodeError {
    DecodeError::unknown_constructor(id, expected, reader.position().saturating_sub(4))
}

/// Reads a bare vector (`vector<%T>`: count, then bare elements), adding
/// `path` and the element index on failure. The count is checked against
/// the input with `T::MIN_BARE_SIZE` and the preallocation is bounded by
/// [`Reader::capacity_for`].
#[inline]
pub fn read_bare_vec<T: Bare>(
    reader: &mut Reader<'_>,
    path: &'static str,
) -> Result<Vec<T>, DecodeError> {
    let count = reader
        .read_vector_len(T::MIN_BARE_SIZE)
        .map_err(|e| e.in_field(path))?;
    let mut out = Vec::with_capacity(reader.capacity_for::<T>(count));
    for i in 0..count {
        let start = reader.position();
        out.push(T::deserialize_bare(reader).map_err(|e| e.at_index(i).in_field(path))?);
        debug_assert!(
            reader.position() - start >= T::MIN_BARE_SIZE,
            "{}::MIN_BARE_SIZE ({}) exceeds a decoded value's size ({})",
            std::any::type_name::<T>(),
            T::MIN_BARE_SIZE,
            reader.position() - start,
        );
    }
    Ok(out)
}

/// Reads a boxed vector of bare elements (`Vector<%T>`: `0x1cb5c415`,
/// count, bare elements), adding `path` on failure.
#[inline]
pub fn read_boxed_bare_vec<T: Bare>(
    reader: &mut Reader<'_>,
    path: &'static str,
) -> Result<Vec<T>, DecodeError> {
    reader
        .expect_id(crate::primitives::VECTOR_ID, "Vector")
        .map_err(|e| e.in_field(path))?;
    read_bare_vec(reader, path)
}

/// Reads a bare vector of elements in their own [`Deserializable`] form
/// (`vector<T>`: count, then elements), adding `path` on failure. Uses
/// [`Deserializable::deserialize_elements`], so vectors of fixed-size
/// primitives are decoded in bulk.
#[inline]
pub fn read_raw_vec<T: Deserializable>(
    reader: &mut Reader<'_>,
    path: &'static str,
) -> Result<Vec<T>, DecodeError> {
    let count = reader
        .read_vector_len(T::MIN_WIRE_SIZE)
        .map_err(|e| e.in_field(path))?;
    T::deserialize_elements(reader, count).map_err(|e| e.in_field(path))
}

/// Serialized size of a bare vector of bare elements (count + elements).
#[inline]
pub fn bare_vec_len<T: Bare>(items: &[T]) -> usize {
    4 + items.iter().map(Bare::bare_len).sum::<usize>()
}

/// Writes a bare vector of bare elements (count + elements).
///
/// # Panics
///
/// If `items` has more than `i32::MAX` elements.
#[inline]
pub fn write_bare_vec<T: Bare>(buf: &mut impl BufMut, items: &[T]) {
    write_count(buf, items.len());
    for item in items {
        item.serialize_bare(buf);
    }
}

/// Writes a vector's element count (`len`).
///
/// # Panics
///
/// If `len` is above `i32::MAX` (under
/// [`try_to_bytes`](crate::Serializable::try_to_bytes): its error).
#[inline]
#[track_caller]
pub fn write_count(buf: &mut impl BufMut, len: usize) {
    crate::encode::write_count(buf, len);
}

/// Reads a boxed `T` where the wire may hold either `T` or a `gzip_packed`
/// (`gzip_packed#3072cfa1 packed_data:string = Object`) of it, which
/// MTProto allows in place of any boxed value. Generated boxed types do
/// this themselves (see [`unknown_or_packed`]); this is for the places that
/// read a boxed value without one, such as an answer that is a `Vector`;
/// [`read_boxed_field`] adds the field to the error path.
///
/// If the next 4 bytes are not `gzip_packed`'s id this is exactly
/// `T::deserialize(r)`. Otherwise it counts one nesting level (against
/// [`DecodeOptions::max_depth`](crate::DecodeOptions::max_depth), path
/// segment `"gzip_packed"`), reads the packed data, inflates it (within
/// what is left of
/// [`DecodeOptions::max_inflated_size`](crate::DecodeOptions::max_inflated_size)
/// for the whole decode), and decodes `T` from a reader over the inflated
/// data that continues `r`'s decode: same options, same depth, same
/// inflation budget. A `gzip_packed` directly inside a `gzip_packed` is
/// unwrapped the same way, so layers stay bounded by both limits. `T` must
/// consume the inflated data exactly (`TrailingBytes` otherwise). `bytes` fields of `T` are zero-copy slices
/// of the inflated buffer. Errors from inside carry offsets into the
/// inflated data and a path that starts with `gzip_packed.packed_data`.
///
/// Only for boxed types: a bare value or primitive (`int`, `long`) whose
/// first 4 bytes happen to equal the id would be misread.
#[inline]
pub fn read_boxed<T: Deserializable>(reader: &mut Reader<'_>) -> Result<T, DecodeError> {
    crate::mtproto::read_boxed(reader)
}

/// The fallback arm of a generated boxed type's (or `Object`'s) decode,
/// after it peeked the id `id` at `start` and found no constructor of
/// `expected` (`T`): a `gzip_packed` there is unwrapped as by
/// [`read_boxed`] and `T` decoded from the inflated data; any other id is
/// [`DecodeErrorKind::UnknownConstructor`](crate::DecodeErrorKind::UnknownConstructor).
///
/// This is how generated code makes `gzip_packed` transparent wherever it
/// reads a boxed type (fields, vector elements, `Flag` values, the top
/// level, at any depth): the check sits in the arm that was an error
/// anyway, so values that are not packed pay nothing for it.
#[cold]
pub fn unknown_or_packed<T: Deserializable>(
    reader: &mut Reader<'_>,
    id: u32,
    expected: &'static str,
    start: usize,
) -> Result<T, DecodeError> {
    if id == crate::mtproto::GZIP_PACKED_ID {
        crate::mtproto::gzip_transparent(reader, T::deserialize)
    } else {
        Err(DecodeError::unknown_constructor(id, expected, start))
    }
}

/// [`read_boxed`], adding `path` (`"Type.field"`) to the error path on
/// failure: the gzip-transparent [`read_field`].
#[inline]
pub fn read_boxed_field<T: Deserializable>(
    reader: &mut Reader<'_>,
    path: &'static str,
) -> Result<T, DecodeError> {
    read_boxed(reader).map_err(|e| e.in_field(path))
}

/// [`read_boxed`] with a decode closure instead of `T::deserialize`: runs
/// `f` on `reader` itself, or, if it is at a `gzip_packed`, on a reader
/// over the inflated data (under the same rules, and `f` must consume it
/// exactly). For decoding that is not one `Deserializable` impl, such as
/// "an `rpc_error` or the answer".
#[inline]
pub fn gzip_transparent<T>(
    reader: &mut Reader<'_>,
    f: impl FnOnce(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    crate::mtproto::gzip_transparent(reader, f)
}
