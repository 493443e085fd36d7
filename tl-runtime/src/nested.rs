//! Vectors whose elements are vectors that no trait impl writes (a bare
//! `vector` inside a vector, or a vector of bare constructors inside one):
//! the generated code passes the element's length, write and read as
//! closures, one level each, so `vector<vector<%T>>` works at any depth.
//! Reached through `__private`.

use bytes::BufMut;

use crate::primitives::VECTOR_ID;
use crate::{DecodeError, Reader};

/// Serialized size of a vector (`boxed`: with its `0x1cb5c415` id) whose
/// elements measure `len` each.
#[inline]
pub fn nested_vec_len<T>(items: &[T], boxed: bool, len: impl Fn(&T) -> usize) -> usize {
    let head = if boxed { 8 } else { 4 };
    head + items.iter().map(len).sum::<usize>()
}

/// Writes a vector (`boxed`: with its id) whose elements `write` writes.
///
/// # Panics
///
/// If `items` has more than `i32::MAX` elements.
#[inline]
pub fn write_nested_vec<T, B: BufMut>(
    buf: &mut B,
    items: &[T],
    boxed: bool,
    write: impl Fn(&T, &mut B),
) {
    if boxed {
        buf.put_u32_le(VECTOR_ID);
    }
    crate::encode::write_count(buf, items.len());
    for item in items {
        write(item, buf);
    }
}

/// Reads a vector (`boxed`: expecting its id) whose elements `read` reads,
/// each at least `min_element_size` bytes on the wire (the count is checked
/// against the input before anything is allocated), adding `path` and the
/// element index on failure.
#[inline]
pub fn read_nested_vec<T>(
    reader: &mut Reader<'_>,
    path: &'static str,
    boxed: bool,
    min_element_size: usize,
    mut read: impl FnMut(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    if boxed {
        reader
            .expect_id(VECTOR_ID, "Vector")
            .map_err(|e| e.in_field(path))?;
    }
    let count = reader
        .read_vector_len(min_element_size)
        .map_err(|e| e.in_field(path))?;
    let mut out = Vec::with_capacity(reader.capacity_for::<T>(count));
    for i in 0..count {
        out.push(read(reader).map_err(|e| e.at_index(i).in_field(path))?);
    }
    Ok(out)
}

/// Reads exactly `N` elements with `read` (a repetition `N*[ T ]`), adding
/// `path` and the element index on failure.
#[inline]
pub fn read_array<T, const N: usize>(
    reader: &mut Reader<'_>,
    path: &'static str,
    mut read: impl FnMut(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<[T; N], DecodeError> {
    let mut out = Vec::with_capacity(N.min(reader.remaining()));
    for i in 0..N {
        out.push(read(reader).map_err(|e| e.at_index(i).in_field(path))?);
    }
    match out.try_into() {
        Ok(a) => Ok(a),
        Err(_) => unreachable!("exactly N elements were read"),
    }
}

#[cfg(test)]
mod tests {
    use super::{nested_vec_len, read_nested_vec, write_nested_vec};
    use crate::{DecodeErrorKind, DecodeOptions, Reader, Serializable};

    /// `vector<vector<int>>`, both bare: written and read through the
    /// closures, as the generated code does.
    #[test]
    fn bare_in_bare_round_trips() {
        let v: Vec<Vec<i32>> = vec![vec![1, 2], vec![], vec![3]];
        let len = nested_vec_len(&v, false, |e| nested_vec_len(e, false, |_| 4));
        let mut buf = Vec::new();
        write_nested_vec(&mut buf, &v, false, |e, b| {
            write_nested_vec(b, e, false, |x, b| x.serialize(b))
        });
        assert_eq!(buf.len(), len);
        assert_eq!(&buf[..8], [3, 0, 0, 0, 2, 0, 0, 0]);
        let mut r = Reader::new(&buf, &DecodeOptions::DEFAULT);
        let back = read_nested_vec(&mut r, "t.f", false, 4, |r| {
            read_nested_vec(r, "t.f", false, 4, |r| r.read_i32())
        })
        .unwrap();
        assert_eq!(back, v);
        assert_eq!(r.remaining(), 0);
    }

    #[test]
    fn a_count_the_input_cannot_hold_fails_before_allocating() {
        let buf = [0xff, 0xff, 0xff, 0x7f];
        let err = read_nested_vec(
            &mut Reader::new(&buf, &DecodeOptions::DEFAULT),
            "t.f",
            false,
            4,
            |r| r.read_i32(),
        )
        .unwrap_err();
        assert!(
            matches!(err.kind(), DecodeErrorKind::LengthOutOfRange { .. }),
            "{err}"
        );
        // Boxed: the id is checked first.
        let err = read_nested_vec(
            &mut Reader::new(&buf, &DecodeOptions::DEFAULT),
            "t.f",
            true,
            4,
            |r| r.read_i32(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("t.f"), "{err}");
    }
}
