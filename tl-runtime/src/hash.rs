//! The SHA-256 of a value's boxed serialization (feature `hash`).
//!
//! TON names things by this hash: an ADNL address is the hash of the
//! boxed public key (`pub.ed25519 key:int256 = PublicKey`), overlay and
//! key ids are hashes of boxed descriptions. "Boxed" is what
//! [`Serializable::serialize`] writes for generated types: the constructor
//! id, then the fields.

use sha2::{Digest, Sha256};

use crate::Serializable;

/// The SHA-256 of `value`'s boxed serialization ([`Serializable::to_bytes`]).
///
/// ```
/// use typelang_runtime::hash::{boxed_hash, sha256};
/// // Generated constructors and boxed-type enums write their id first;
/// // a primitive is its bare bytes.
/// assert_eq!(boxed_hash(&7i32), sha256(&[7, 0, 0, 0]));
/// ```
pub fn boxed_hash<T: Serializable + ?Sized>(value: &T) -> [u8; 32] {
    sha256(&value.to_bytes())
}

/// The SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

#[cfg(test)]
mod tests {
    use bytes::BufMut;

    use super::boxed_hash;
    use crate::{Identifiable, Serializable};

    /// `pub.ed25519#4813b4c6 key:int256 = PublicKey;`, written by hand.
    struct PubEd25519 {
        key: [u8; 32],
    }

    impl Identifiable for PubEd25519 {
        const CONSTRUCTOR_ID: u32 = 0x4813_b4c6;
    }

    impl Serializable for PubEd25519 {
        fn serialized_len(&self) -> usize {
            36
        }
        fn serialize(&self, buf: &mut impl BufMut) {
            Self::CONSTRUCTOR_ID.serialize(buf);
            self.key.serialize(buf);
        }
    }

    #[test]
    fn hashes_the_id_and_the_fields() {
        // sha256sum of c6 b4 13 48 00 01 .. 1f, computed outside Rust.
        let key: [u8; 32] = std::array::from_fn(|i| i as u8);
        let want = "dac97a9aa4db0219421e1583c57ab0ea3316892969b19f3a75e64382c3e558f7";
        let got: String = boxed_hash(&PubEd25519 { key })
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(got, want);
    }
}
