//! Flag words keep the bits no field stands for: a value decoded with such
//! bits set re-encodes byte for byte (a client one layer behind receives
//! the bits of `flags.N?true` fields it does not know).

use tl_tests::telegram::{enums, types};
use typelang_runtime::{Deserializable, Serializable};

#[test]
fn encrypted_chat_discarded_with_every_flag_set_re_encodes_identically() {
    let mut bytes = 0x1e1c_7c45u32.to_le_bytes().to_vec();
    bytes.extend(0xffff_ffffu32.to_le_bytes());
    bytes.extend(42i32.to_le_bytes());
    let chat = enums::EncryptedChat::from_bytes(&bytes).unwrap();
    let enums::EncryptedChat::Discarded(d) = &chat else {
        panic!("decoded {chat:?}");
    };
    assert!(d.history_deleted);
    assert_eq!(d.unknown_flags, 0xffff_fffe);
    assert_eq!(chat.to_bytes(), bytes);
    assert_eq!(chat.serialized_len(), bytes.len());

    // Built by hand: no flag arithmetic, the field decides its bit.
    let by_hand = types::EncryptedChatDiscarded {
        history_deleted: false,
        id: 42,
        unknown_flags: 0,
    };
    assert_eq!(&by_hand.to_bytes()[4..8], [0, 0, 0, 0]);
}
