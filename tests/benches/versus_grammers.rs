//! Encode and decode speed of the generated types next to grammers-tl-types
//! 0.11 (the same layer 230 schema), in the same run.
//!
//! The input is a `messages.messages` answer as a client receives it: 100
//! messages with text, entities and photos, their 20 senders and a chat.
//! Both libraries decode the same bytes; each re-encodes what it decoded.
//! Before measuring, the bench checks that grammers decodes our bytes and
//! writes them back byte for byte, so both sides do the same work.
//!
//! `cargo bench -p tl-tests --bench versus_grammers`
#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use grammers_tl_types::{Deserializable as _, Serializable as _};
use tl_tests::telegram::{enums, types};
use typelang_runtime::bytes::Bytes;
use typelang_runtime::{Deserializable, Serializable};

const TEXT: &str = "Meeting moved to 15:30 — see the agenda at https://example.org/agenda \
                    and bring the slides 📎; reply here if you cannot make it.";

fn peer_user(user_id: i64) -> enums::Peer {
    types::PeerUser { user_id }.into()
}

fn photo(i: i64) -> enums::Photo {
    types::Photo {
        id: 5_000_000_000 + i,
        access_hash: -7_123_456_789 * i,
        file_reference: Bytes::from(vec![i as u8; 16]),
        date: 1_700_000_000,
        sizes: ["s", "m", "x"]
            .iter()
            .zip([90, 320, 800])
            .map(|(kind, side)| {
                types::PhotoSize {
                    r#type: (*kind).to_owned(),
                    w: side,
                    h: side * 3 / 4,
                    size: side * side / 8,
                }
                .into()
            })
            .collect(),
        dc_id: 2,
        ..Default::default()
    }
    .into()
}

fn message(i: i32) -> enums::Message {
    let text_len = TEXT.encode_utf16().count() as i32;
    types::Message {
        out: i % 3 == 0,
        id: 10_000 + i,
        from_id: Some(peer_user(1_000 + i64::from(i % 20))),
        peer_id: types::PeerChat { chat_id: 777 }.into(),
        date: 1_700_000_000 + i,
        message: TEXT.to_owned(),
        media: (i % 4 == 0).then(|| {
            types::MessageMediaPhoto {
                photo: Some(photo(i64::from(i))),
                ..Default::default()
            }
            .into()
        }),
        entities: Some(vec![
            types::MessageEntityBold {
                offset: 0,
                length: 7,
            }
            .into(),
            types::MessageEntityTextUrl {
                offset: 43,
                length: 26,
                url: "https://example.org/agenda".to_owned(),
            }
            .into(),
            types::MessageEntityItalic {
                offset: text_len - 10,
                length: 10,
            }
            .into(),
        ]),
        views: Some(100 + i),
        forwards: Some(i % 7),
        edit_date: (i % 5 == 0).then_some(1_700_000_100 + i),
        ..Default::default()
    }
    .into()
}

fn user(i: i64) -> enums::User {
    types::User {
        contact: i % 2 == 0,
        id: 1_000 + i,
        access_hash: Some(0x1234_5678_9abc_def0 ^ i),
        first_name: Some(format!("Ada {i}")),
        last_name: Some("Lovelace".to_owned()),
        username: Some(format!("ada_{i}")),
        phone: (i % 3 == 0).then(|| format!("4479460{i:05}")),
        status: Some(
            types::UserStatusOnline {
                expires: 1_700_000_600,
            }
            .into(),
        ),
        lang_code: Some("en".to_owned()),
        ..Default::default()
    }
    .into()
}

fn answer() -> enums::messages::Messages {
    types::messages::Messages {
        messages: (0..100).map(message).collect(),
        topics: Vec::new(),
        chats: vec![
            types::Chat {
                id: 777,
                title: "Planning".to_owned(),
                photo: types::ChatPhotoEmpty.into(),
                participants_count: 20,
                date: 1_690_000_000,
                version: 3,
                ..Default::default()
            }
            .into(),
        ],
        users: (0..20).map(user).collect(),
    }
    .into()
}

type Theirs = grammers_tl_types::enums::messages::Messages;

fn bench(c: &mut Criterion) {
    let ours = answer();
    let bytes = ours.to_bytes();
    let shared = Bytes::from(bytes.clone());

    // Same input, same output: otherwise the comparison means nothing.
    let theirs = Theirs::from_bytes(&bytes).expect("grammers decodes our bytes");
    assert_eq!(
        theirs.to_bytes(),
        bytes,
        "grammers re-encodes byte for byte"
    );
    assert_eq!(enums::messages::Messages::from_bytes(&bytes).unwrap(), ours);

    let mut group = c.benchmark_group(format!("messages.messages, {} bytes", bytes.len()));
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("decode/ours", |b| {
        b.iter(|| enums::messages::Messages::from_bytes(black_box(&bytes)).unwrap())
    });
    group.bench_function("decode/ours, zero-copy from Bytes", |b| {
        b.iter(|| enums::messages::Messages::from_shared(black_box(&shared)).unwrap())
    });
    group.bench_function("decode/grammers", |b| {
        b.iter(|| Theirs::from_bytes(black_box(&bytes)).unwrap())
    });
    group.bench_function("encode/ours", |b| b.iter(|| black_box(&ours).to_bytes()));
    group.bench_function("encode/grammers", |b| {
        b.iter(|| black_box(&theirs).to_bytes())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
