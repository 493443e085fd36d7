//! [`True`], the boxed `True` type: TON's functions that answer `True`
//! reply with the `true` constructor's id and nothing else.

use bytes::BufMut;

use crate::{Bare, DecodeError, Deserializable, Identifiable, Reader, Serializable};

/// TL `true = True;` as a value of its own (a boxed `True`: 4 bytes, the
/// id). As a flag field (`flags.N?true`) it is a `bool` instead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct True;

impl Identifiable for True {
    /// `true#3fedd339 = True;`
    const CONSTRUCTOR_ID: u32 = 0x3fed_d339;
}

impl Serializable for True {
    #[inline]
    fn serialized_len(&self) -> usize {
        4
    }
    #[inline]
    fn serialize(&self, buf: &mut impl BufMut) {
        buf.put_u32_le(Self::CONSTRUCTOR_ID);
    }
}

impl Deserializable for True {
    #[inline]
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        reader.expect_id(Self::CONSTRUCTOR_ID, "True")?;
        Ok(True)
    }
}

impl Bare for True {
    const MIN_BARE_SIZE: usize = 0;
    #[inline]
    fn bare_len(&self) -> usize {
        0
    }
    #[inline]
    fn serialize_bare(&self, _buf: &mut impl BufMut) {}
    #[inline]
    fn deserialize_bare(_reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(True)
    }
}

#[cfg(test)]
mod tests {
    use super::True;
    use crate::{Deserializable, Serializable};

    #[test]
    fn boxed_true_is_its_id() {
        assert_eq!(True.to_bytes(), [0x39, 0xd3, 0xed, 0x3f]);
        assert_eq!(True::from_bytes(&[0x39, 0xd3, 0xed, 0x3f]).unwrap(), True);
        assert!(True::from_bytes(&[0xb5, 0x75, 0x72, 0x99]).is_err());
    }
}
