//! Hostile bytes against the generated layer-230 types: the failures other
//! TL stacks have shipped (stack overflow on deeply nested rich text, huge
//! vector counts, panics on garbage) must come back as typed errors.

use proptest::prelude::*;
use tl_tests::telegram::{Object, enums};
use typelang_runtime::{DecodeErrorKind, DecodeOptions, Deserializable};

const TEXT_BOLD: u32 = 0x6724_abc4; // textBold#6724abc4 text:RichText = RichText;
const TEXT_EMPTY: u32 = 0xdc3d_824f; // textEmpty#dc3d824f = RichText;
const VECTOR: u32 = 0x1cb5_c415;
const MESSAGES: u32 = 0x1d73_e7ea; // messages.messages#1d73e7ea messages:Vector<Message> ...

fn nested_bold(depth: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(depth * 4 + 4);
    for _ in 0..depth {
        bytes.extend_from_slice(&TEXT_BOLD.to_le_bytes());
    }
    bytes.extend_from_slice(&TEXT_EMPTY.to_le_bytes());
    bytes
}

#[test]
fn a_million_nested_bold_texts_hit_the_depth_limit_not_the_stack() {
    let bytes = nested_bold(1_000_000);
    // A small stack proves the limit stops recursion long before it matters.
    let result = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || enums::RichText::from_bytes(&bytes).map(|_| ()))
        .unwrap()
        .join()
        .expect("no stack overflow");
    let err = result.unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::RecursionLimit { limit: 100 }),
        "{err}"
    );
}

#[test]
fn nesting_within_the_limit_decodes() {
    let bytes = nested_bold(90);
    let mut text = enums::RichText::from_bytes(&bytes).unwrap();
    let mut depth = 0;
    while let enums::RichText::TextBold(b) = text {
        text = b.text;
        depth += 1;
    }
    assert_eq!(depth, 90);
    assert_eq!(text, enums::RichText::TextEmpty);
    // The limit is a runtime option.
    let strict = DecodeOptions::default().with_max_depth(10);
    let err = enums::RichText::from_bytes_with(&bytes, &strict).unwrap_err();
    assert!(matches!(
        err.kind(),
        DecodeErrorKind::RecursionLimit { limit: 10 }
    ));
}

#[test]
fn a_huge_vector_count_is_rejected_before_allocating() {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(&MESSAGES.to_le_bytes());
    bytes.extend_from_slice(&VECTOR.to_le_bytes());
    bytes.extend_from_slice(&0x7fff_ffffu32.to_le_bytes());
    bytes.extend_from_slice(&[0u8; 8]);
    let err = Object::from_bytes(&bytes).unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::LengthOutOfRange { .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("messages.messages.messages"),
        "{err}"
    );
}

/// Every constructor id of the schema, for the garbage test below.
fn ids() -> Vec<u32> {
    let mut ids = Vec::new();
    for file in ["api.tl", "mtproto.tl"] {
        let path = format!("{}/../schema/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let parsed =
            typelang_parser::parse(&text, &typelang_parser::ParseOptions::default()).unwrap();
        ids.extend(parsed.schema.definitions.iter().map(|d| d.id));
    }
    ids
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, failure_persistence: None, ..ProptestConfig::default() })]

    /// A known constructor id followed by random bytes: decoding returns
    /// Ok or Err, never panics, whatever the bytes.
    #[test]
    fn garbage_after_any_constructor_never_panics(
        index in any::<prop::sample::Index>(),
        tail in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        thread_local!(static IDS: Vec<u32> = ids());
        let id = IDS.with(|ids| ids[index.index(ids.len())]);
        let mut bytes = id.to_le_bytes().to_vec();
        bytes.extend_from_slice(&tail);
        let _ = Object::from_bytes(&bytes);
        let shared = typelang_runtime::bytes::Bytes::from(bytes);
        let _ = Object::from_shared(&shared);
    }
}
