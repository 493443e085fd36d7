//! Vectors (boxed `Vector t` as `Vec<T>`, bare `vector t` as [`RawVec<T>`])
//! and [`AsBare`], which puts a value's bare form where a
//! [`Serializable`]/[`Deserializable`] is expected.
//!
//! Element form follows the element type, as in TL: `Vec<i64>` elements are
//! plain longs, `Vec<InputUser>` elements carry their constructor ids, and
//! `Vec<AsBare<T>>` / `RawVec<AsBare<T>>` elements are bare.

use std::ops::{Deref, DerefMut};

use bytes::BufMut;

use crate::primitives::VECTOR_ID;
use crate::{Bare, DecodeError, Deserializable, Reader, Serializable};

use crate::encode::write_count;

#[inline]
fn elements_len<T: Serializable>(items: &[T]) -> usize {
    items.iter().map(Serializable::serialized_len).sum()
}

#[inline]
fn read_elements<T: Deserializable>(reader: &mut Reader<'_>) -> Result<Vec<T>, DecodeError> {
    let count = reader.read_vector_len(T::MIN_WIRE_SIZE)?;
    T::deserialize_elements(reader, count)
}

#[inline]
fn write_elements<T: Serializable>(buf: &mut impl BufMut, items: &[T]) {
    write_count(buf, items.len());
    T::serialize_elements(items, buf);
}

/// TL `Vector t`: `0x1cb5c415`, the element count, then each element in its
/// own [`Serializable`] form.
///
/// # Panics
///
/// `serialize` panics if the vector has more than `i32::MAX` elements
/// ([`try_to_bytes`](Serializable::try_to_bytes) returns the error instead).
impl<T: Serializable> Serializable for Vec<T> {
    #[inline]
    fn serialized_len(&self) -> usize {
        8 + elements_len(self)
    }
    #[inline]
    fn serialize(&self, buf: &mut impl BufMut) {
        buf.put_u32_le(VECTOR_ID);
        write_elements(buf, self);
    }
}

/// TL `Vector t`. The count is checked against the remaining input before
/// allocating; an element's error records its index in the error path.
impl<T: Deserializable> Deserializable for Vec<T> {
    const MIN_WIRE_SIZE: usize = 8;
    #[inline]
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        reader.expect_id(VECTOR_ID, "Vector")?;
        read_elements(reader)
    }
}

/// The bare form of `Vector t` is `vector t`: count and elements, no id.
impl<T: Serializable + Deserializable> Bare for Vec<T> {
    const MIN_BARE_SIZE: usize = 4;
    #[inline]
    fn bare_len(&self) -> usize {
        4 + elements_len(self)
    }
    #[inline]
    fn serialize_bare(&self, buf: &mut impl BufMut) {
        write_elements(buf, self)
    }
    #[inline]
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        read_elements(reader)
    }
}

/// TL bare `vector t` (also `%Vector t`): the element count then the
/// elements, without the `0x1cb5c415` id. Elements use their own
/// [`Serializable`] form; wrap them in [`AsBare`] for bare elements.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RawVec<T>(pub Vec<T>);

impl<T: Serializable> Serializable for RawVec<T> {
    #[inline]
    fn serialized_len(&self) -> usize {
        4 + elements_len(&self.0)
    }
    #[inline]
    fn serialize(&self, buf: &mut impl BufMut) {
        write_elements(buf, &self.0)
    }
}

impl<T: Deserializable> Deserializable for RawVec<T> {
    const MIN_WIRE_SIZE: usize = 4;
    #[inline]
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        read_elements(reader).map(RawVec)
    }
}

impl<T: Serializable + Deserializable> Bare for RawVec<T> {
    const MIN_BARE_SIZE: usize = 4;
    #[inline]
    fn bare_len(&self) -> usize {
        self.serialized_len()
    }
    #[inline]
    fn serialize_bare(&self, buf: &mut impl BufMut) {
        self.serialize(buf)
    }
    #[inline]
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Self::deserialize(reader)
    }
}

impl<T> Deref for RawVec<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> DerefMut for RawVec<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T> From<Vec<T>> for RawVec<T> {
    fn from(v: Vec<T>) -> Self {
        Self(v)
    }
}

impl<T> From<RawVec<T>> for Vec<T> {
    fn from(v: RawVec<T>) -> Self {
        v.0
    }
}

impl<T> FromIterator<T> for RawVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl<T> IntoIterator for RawVec<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a RawVec<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A value serialized and deserialized in its [`Bare`] form (TL `%T`), for
/// use where a [`Serializable`]/[`Deserializable`] is expected, such as the
/// elements of `vector<%Message>` or `vector<future_salt>`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AsBare<T>(pub T);

impl<T: Bare> Serializable for AsBare<T> {
    #[inline]
    fn serialized_len(&self) -> usize {
        self.0.bare_len()
    }
    #[inline]
    fn serialize(&self, buf: &mut impl BufMut) {
        self.0.serialize_bare(buf)
    }
}

impl<T: Bare> Deserializable for AsBare<T> {
    const MIN_WIRE_SIZE: usize = T::MIN_BARE_SIZE;
    #[inline]
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        T::deserialize_bare(reader).map(AsBare)
    }
}

impl<T: Bare> Bare for AsBare<T> {
    const MIN_BARE_SIZE: usize = T::MIN_BARE_SIZE;
    #[inline]
    fn bare_len(&self) -> usize {
        self.0.bare_len()
    }
    #[inline]
    fn serialize_bare(&self, buf: &mut impl BufMut) {
        self.0.serialize_bare(buf)
    }
    #[inline]
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        T::deserialize_bare(reader).map(AsBare)
    }
}

impl<T> Deref for AsBare<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for AsBare<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T> From<T> for AsBare<T> {
    fn from(v: T) -> Self {
        Self(v)
    }
}
