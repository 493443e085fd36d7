//! lite_api golden vectors, written by hand from the TON documentation
//! (lite_api.tl and the ids of its `.tlo`), compared byte for byte with what
//! the generated types encode. Compiled inside the scratch crate of
//! `tests/tests/reference.rs`; not a test target of its own.

use crate::lite_api::{functions, types};
use typelang_runtime::hash::boxed_hash;
use typelang_runtime::{Deserializable, Serializable};

fn hex(s: &str) -> Vec<u8> {
    let digits: String = s
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<String>()
        .split_whitespace()
        .collect();
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap())
        .collect()
}

fn block_id() -> types::ton_node::BlockId {
    types::ton_node::BlockId {
        workchain: -1,
        shard: i64::MIN, // 0x8000000000000000, the masterchain shard
        seqno: 34_567_890,
    }
}

#[test]
fn get_masterchain_info_is_its_id() {
    let q = functions::lite_server::GetMasterchainInfo;
    assert_eq!(q.to_bytes(), hex("2e e6 b5 89"));
}

#[test]
fn lookup_block_by_seqno_sets_a_mode_bit_no_field_stands_for() {
    // mode.0: look the block up by seqno. No field stands for the bit.
    let q = functions::lite_server::LookupBlock {
        id: block_id(),
        lt: None,
        utime: None,
        unknown_mode: 1,
    };
    let want = hex(
        "1e f7 c8 fa                // liteServer.lookupBlock#fac8f71e
         01 00 00 00                // mode = 1
         ff ff ff ff                // workchain = -1
         00 00 00 00 00 00 00 80    // shard
         d2 76 0f 02                // seqno = 34567890",
    );
    assert_eq!(q.to_bytes(), want);
    assert_eq!(q.serialized_len(), want.len());
}

#[test]
fn lookup_block_by_utime_and_by_lt() {
    // mode = 4 | 1: utime, and bit 0 set by hand.
    let q = functions::lite_server::LookupBlock {
        id: types::ton_node::BlockId {
            workchain: 0,
            shard: i64::MIN,
            seqno: 1,
        },
        lt: None,
        utime: Some(86_400),
        unknown_mode: 1,
    };
    let want = hex(
        "1e f7 c8 fa
         05 00 00 00                // mode = 5
         00 00 00 00                // workchain = 0
         00 00 00 00 00 00 00 80    // shard
         01 00 00 00                // seqno = 1
         80 51 01 00                // utime = 86400",
    );
    assert_eq!(q.to_bytes(), want);
    // Built by hand with the lt field only: the field sets bit 1.
    let by_lt = functions::lite_server::LookupBlock {
        id: block_id(),
        lt: Some(42),
        ..Default::default()
    };
    assert_eq!(&by_lt.to_bytes()[4..8], [2, 0, 0, 0]);
}

#[test]
fn a_decoded_mode_keeps_the_bits_no_field_stands_for() {
    // liteServer.transactionId#b12f65af mode:# account:mode.0?int256
    // lt:mode.1?long hash:mode.2?int256 metadata:mode.8?... ; bit 5 has no
    // field (a newer server's).
    let mut bytes = hex(
        "af 65 2f b1                // liteServer.transactionId#b12f65af
         22 00 00 00                // mode = 0x22: lt, and bit 5
         2a 00 00 00 00 00 00 00    // lt = 42",
    );
    let t = types::lite_server::TransactionId::from_bytes(&bytes).unwrap();
    assert_eq!((t.lt, t.unknown_mode), (Some(42), 0x20));
    assert_eq!(t.to_bytes(), bytes);
    bytes[4] = 0x02;
    let plain = types::lite_server::TransactionId::from_bytes(&bytes).unwrap();
    assert_eq!(plain.unknown_mode, 0);
}

#[test]
fn a_query_wraps_the_boxed_call_in_bytes() {
    // liteServer.query data:bytes, data = the boxed getTime call.
    let call = functions::lite_server::GetTime.to_bytes();
    assert_eq!(call, hex("34 5a ad 16")); // liteServer.getTime#16ad5a34
    let q = functions::lite_server::Query {
        data: call.into(),
    };
    let want = hex(
        "df 06 8c 79    // liteServer.query#798c06df
         04 34 5a ad    // bytes: length 4, then the call
         16 00 00 00    // and padding to a multiple of 4",
    );
    assert_eq!(q.to_bytes(), want);
}

#[test]
fn int256_fields_and_the_hash_of_the_boxed_value() {
    let z = types::ton_node::ZeroStateIdExt {
        workchain: -1,
        root_hash: [0x11; 32],
        file_hash: [0x22; 32],
    };
    let b = z.to_bytes();
    assert_eq!(b.len(), 4 + 4 + 32 + 32);
    assert_eq!(&b[..4], hex("ae 35 72 1d")); // tonNode.zeroStateIdExt#1d7235ae
    assert_eq!(&b[8..40], [0x11; 32]);
    assert_eq!(boxed_hash(&z), typelang_runtime::hash::sha256(&b));
}
