//! The traits every generated type implements.

use bytes::{BufMut, Bytes};

use crate::{DecodeError, DecodeOptions, EncodeError, Reader};

/// A TL constructor or function with a 32-bit id.
pub trait Identifiable {
    /// The constructor id written before the boxed value on the wire.
    const CONSTRUCTOR_ID: u32;
}

/// A value that can be written in TL wire format.
///
/// For constructor structs and function structs this writes the boxed form
/// (constructor id followed by the fields); for enums it writes the id of the
/// held variant followed by its fields; for primitives it writes the bare
/// value.
pub trait Serializable {
    /// The exact number of bytes [`serialize`](Self::serialize) writes.
    fn serialized_len(&self) -> usize;

    /// Writes the value into `buf`.
    fn serialize(&self, buf: &mut impl BufMut);

    /// Serializes into a new vector, allocating exactly once.
    ///
    /// # Panics
    ///
    /// If the value holds what the wire format cannot express: a `string`
    /// or `bytes` longer than 2^24 - 1 bytes, a vector of more than
    /// `i32::MAX` elements. [`try_to_bytes`](Self::try_to_bytes) returns
    /// that as an error instead.
    #[track_caller]
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.serialized_len());
        self.serialize(&mut out);
        out
    }

    /// [`to_bytes`](Self::to_bytes) for values built from untrusted data:
    /// an [`EncodeError`] instead of a panic when a `string`/`bytes` is
    /// longer than [`MAX_BYTES_LEN`](crate::primitives::MAX_BYTES_LEN)
    /// (2^24 - 1) or a vector has more than
    /// [`MAX_VECTOR_LEN`](crate::encode::MAX_VECTOR_LEN) elements. The
    /// checks are the runtime's own, where lengths are written, so every
    /// generated type has them without code of its own.
    ///
    /// ```
    /// use typelang_runtime::encode::{EncodeErrorKind, MAX_BYTES_LEN};
    /// use typelang_runtime::Serializable;
    ///
    /// let fine = vec!["hey".to_owned()];
    /// assert_eq!(fine.try_to_bytes(), Ok(fine.to_bytes()));
    /// let huge = vec!["hey".to_owned(), "x".repeat(MAX_BYTES_LEN + 1)];
    /// let err = huge.try_to_bytes().unwrap_err();
    /// assert_eq!(err.kind(), EncodeErrorKind::BytesTooLong { len: MAX_BYTES_LEN + 1 });
    /// ```
    fn try_to_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::with_capacity(self.serialized_len());
        crate::encode::fallibly(|| self.serialize(&mut out))?;
        Ok(out)
    }

    /// Writes `items` one after another (the elements of a vector, after
    /// its count). The provided implementation calls
    /// [`serialize`](Self::serialize) for each; fixed-size primitives
    /// override it to write in bulk.
    fn serialize_elements(items: &[Self], buf: &mut impl BufMut)
    where
        Self: Sized,
    {
        for item in items {
            item.serialize(buf);
        }
    }
}

/// A value that can be read from TL wire format, in the same form
/// [`Serializable`] writes.
pub trait Deserializable: Sized {
    /// The fewest bytes any value of this type occupies on the wire. Used to
    /// reject vector counts that the remaining input cannot hold before
    /// allocating.
    ///
    /// Defaults to 4, the size of a constructor id: every boxed value starts
    /// with one, and `Deserializable` reads the boxed form. Implementations
    /// that can read fewer bytes (bare forms, `()`) must override it; an
    /// underestimate is always safe, an overestimate rejects valid input.
    const MIN_WIRE_SIZE: usize = 4;

    /// Reads one value from `reader`, leaving the reader just after it.
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError>;

    /// Reads `count` consecutive values: the elements of a vector whose
    /// count has already been checked with
    /// [`Reader::read_vector_len`]`(Self::MIN_WIRE_SIZE)`.
    ///
    /// The provided implementation decodes one element at a time into a
    /// vector preallocated with [`Reader::capacity_for`], and records the
    /// index of a failing element in the error path; debug builds also
    /// check that no element is shorter than `MIN_WIRE_SIZE` (which would
    /// make valid vectors fail the count check). Fixed-size primitives
    /// override it to decode the whole run at once.
    fn deserialize_elements(
        reader: &mut Reader<'_>,
        count: usize,
    ) -> Result<Vec<Self>, DecodeError> {
        let mut out = Vec::with_capacity(reader.capacity_for::<Self>(count));
        for i in 0..count {
            let start = reader.position();
            out.push(Self::deserialize(reader).map_err(|e| e.at_index(i))?);
            debug_assert!(
                reader.position() - start >= Self::MIN_WIRE_SIZE,
                "{}::MIN_WIRE_SIZE ({}) exceeds a decoded value's size ({})",
                std::any::type_name::<Self>(),
                Self::MIN_WIRE_SIZE,
                reader.position() - start,
            );
        }
        Ok(out)
    }

    /// Decodes a value that must span all of `input`, with default limits.
    /// `bytes` fields are copied out of `input`.
    fn from_bytes(input: &[u8]) -> Result<Self, DecodeError> {
        Self::from_bytes_with(input, &DecodeOptions::default())
    }

    /// Like [`from_bytes`](Self::from_bytes) with explicit limits.
    fn from_bytes_with(input: &[u8], options: &DecodeOptions) -> Result<Self, DecodeError> {
        let mut reader = Reader::new(input, options);
        let value = Self::deserialize(&mut reader)?;
        reader.finish()?;
        Ok(value)
    }

    /// Decodes a value that must span all of `input`; `bytes` fields become
    /// zero-copy slices of `input`.
    fn from_shared(input: &Bytes) -> Result<Self, DecodeError> {
        Self::from_shared_with(input, &DecodeOptions::default())
    }

    /// Like [`from_shared`](Self::from_shared) with explicit limits.
    fn from_shared_with(input: &Bytes, options: &DecodeOptions) -> Result<Self, DecodeError> {
        let mut reader = Reader::new_shared(input, options);
        let value = Self::deserialize(&mut reader)?;
        reader.finish()?;
        Ok(value)
    }
}

/// A value with a *bare* form: written without its constructor id (`%T`
/// in TL, or a type named by its lower-case constructor, or the elements of a
/// bare `vector`).
///
/// For primitives the bare form is the plain value. Generated constructor
/// structs write just their fields. See [`AsBare`](crate::AsBare) to use a
/// bare value where a [`Serializable`]/[`Deserializable`] is expected.
pub trait Bare: Sized {
    /// The fewest bytes the bare form occupies on the wire (an
    /// underestimate is safe). Defaults to 0.
    const MIN_BARE_SIZE: usize = 0;

    /// The exact number of bytes [`serialize_bare`](Self::serialize_bare)
    /// writes.
    fn bare_len(&self) -> usize;

    /// Writes the bare form into `buf`.
    fn serialize_bare(&self, buf: &mut impl BufMut);

    /// Reads the bare form from `r`.
    fn deserialize_bare(r: &mut Reader<'_>) -> Result<Self, DecodeError>;
}

/// A function that can be sent to the server and answers with `Return`.
pub trait RemoteCall: Serializable {
    /// The type of the answer.
    type Return: Deserializable;
}
