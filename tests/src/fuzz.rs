//! The fuzz targets, as plain functions: `fuzz/fuzz_targets/*.rs` (cargo-fuzz,
//! its own workspace) calls them with libFuzzer's inputs, and
//! `tests/fuzz_replay.rs` / `tests/fuzz_decode_replay.rs` call them with the
//! checked-in corpora (`fuzz/corpus/<target>/`) and a few thousand mutated
//! inputs, so CI runs every target without cargo-fuzz.
//!
//! Each function panics when the property it checks fails; any other
//! return is a pass. Untrusted input never panics the code under test, so
//! a panic always means a bug.
//!
//! | target | checks |
//! |---|---|
//! | [`parse`] | text (lossy UTF-8) in both dialects: printed output parses back to an equal tree (spans ignored) |
//! | [`generate`] | whatever parses generates, in every [`configs`] variant, with no panic, no internal error, and Rust that `syn` parses |
//! | [`decode_object`] | bytes as `Object`: round trip (decode, encode, decode gives the same value), length, copying and zero-copy decoders agree, heap bounded per input byte |
//! | [`decode_deep`] | the same for `Updates`, `PageBlock`, `RichText`, `messages.Messages` (the first byte picks the type) |

use std::alloc::System;
use std::fmt::Debug;

use stats_alloc::{Region, StatsAlloc};
use typelang_codegen::{Config, ErrorKind, IdCheck};
use typelang_parser::{Dialect, ParseOptions};
use typelang_runtime::bytes::Bytes;
use typelang_runtime::{Deserializable, Serializable};

use crate::telegram::{Object, enums};

/// The counting allocator a fuzz binary or test installs as its
/// `#[global_allocator]` (`&stats_alloc::INSTRUMENTED_SYSTEM`) so the decode
/// targets can bound heap use; `None` skips the bound.
pub type Meter = Option<&'static StatsAlloc<System>>;

/// Heap a decode may allocate per input byte (every allocation counts, so
/// this bounds the peak too). The largest generated values are a few
/// hundred bytes for the 4-byte id that produces them.
pub const HEAP_PER_INPUT_BYTE: usize = 128;
/// Heap a decode may allocate whatever the input (an error with its path).
pub const HEAP_BASE: usize = 16 * 1024;

fn parse_options(dialect: Dialect) -> ParseOptions {
    let mut opts = ParseOptions::new(dialect);
    opts.id_check = IdCheck::Warn;
    opts
}

/// Parser target: in both dialects, whatever parses prints to text that
/// parses back to an equal schema.
pub fn parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for dialect in [Dialect::Telegram, Dialect::TlParser] {
        let opts = parse_options(dialect);
        let Ok(parsed) = typelang_parser::parse(&text, &opts) else {
            continue;
        };
        let printed = typelang_parser::print_schema(&parsed.schema);
        let again = match typelang_parser::parse(&printed, &opts) {
            Ok(again) => again,
            Err(e) => panic!(
                "{dialect:?}: printed output does not parse:\n--- input\n{text}\n--- printed\n{printed}\n--- error\n{e:?}"
            ),
        };
        assert!(
            parsed.schema.eq_ignoring_spans(&again.schema),
            "{dialect:?}: printed output parses to another schema:\n--- input\n{text}\n--- printed\n{printed}"
        );
    }
}

/// The generator configurations [`generate`] tries, by name.
pub fn configs() -> Vec<(&'static str, Config)> {
    let base = || {
        let mut c = Config::new();
        c.id_check(IdCheck::Warn).rerun_if_changed(false);
        c
    };
    let mut out = vec![("compact", base())];
    let mut c = base();
    c.pretty(true);
    out.push(("pretty", c));
    let mut c = base();
    c.functions(false);
    out.push(("no functions", c));
    let mut c = base();
    c.decodable_functions(true).pretty(true);
    out.push(("decodable functions, pretty", c));
    let mut c = base();
    c.object_enum(false);
    out.push(("no Object", c));
    let mut c = base();
    c.debug(false).conversions(false);
    out.push(("no Debug, no conversions", c));
    // Every part behind a feature, with the derives a gate may hold.
    let mut c = base();
    c.serde(true).eq_hash(true);
    for part in typelang_codegen::Gated::ALL {
        c.cfg_feature(part, part.name());
    }
    out.push(("every part gated, serde, Eq and Hash", c));
    out
}

/// Generator target: text that parses generates in every configuration
/// without a panic or an internal error, and the output parses as Rust.
pub fn generate(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // Only what parses is worth generating from (the rest is `parse`'s).
    if typelang_parser::parse(&text, &parse_options(Dialect::Telegram)).is_err() {
        return;
    }
    for (name, config) in configs() {
        match config.generate_from_sources(&[("fuzz.tl", &text)]) {
            Ok(code) => {
                if let Err(e) = syn::parse_file(&code) {
                    panic!(
                        "{name}: the output is not Rust ({e}):\n--- schema\n{text}\n--- output\n{code}"
                    );
                }
            }
            Err(e) => {
                if let ErrorKind::Internal(m) = e.kind() {
                    panic!("{name}: internal error {m}:\n--- schema\n{text}");
                }
            }
        }
    }
}

/// Decode target: `data` as `Object`.
pub fn decode_object(data: &[u8], meter: Meter) {
    decode::<Object>(data, meter);
}

/// Decode target: the rest of `data` as one of the deeply nested types, the
/// first byte choosing which.
pub fn decode_deep(data: &[u8], meter: Meter) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    match which % 4 {
        0 => decode::<enums::Updates>(rest, meter),
        1 => decode::<enums::PageBlock>(rest, meter),
        2 => decode::<enums::RichText>(rest, meter),
        _ => decode::<enums::messages::Messages>(rest, meter),
    }
}

fn decode<T>(data: &[u8], meter: Meter)
where
    T: Deserializable + Serializable + PartialEq + Debug,
{
    let region = meter.map(Region::new);
    let copied = T::from_bytes(data);
    if let Some(region) = region {
        let used = region.change().bytes_allocated;
        let bound = HEAP_PER_INPUT_BYTE * data.len() + HEAP_BASE;
        assert!(
            used <= bound,
            "decoding {} bytes allocated {used} bytes (bound {bound})",
            data.len()
        );
    }
    let shared = Bytes::copy_from_slice(data);
    let zero_copy = T::from_shared(&shared);
    match (&copied, &zero_copy) {
        (Ok(a), Ok(b)) => assert!(
            same(a, b),
            "the copying and zero-copy decoders disagree:\n{a:?}\n{b:?}"
        ),
        (Err(a), Err(b)) => assert_eq!(
            a.to_string(),
            b.to_string(),
            "the copying and zero-copy decoders fail differently"
        ),
        _ => panic!("one decoder failed: copying {copied:?}, zero-copy {zero_copy:?}"),
    }
    if let Ok(value) = copied {
        // The round trip is on values, then on bytes: the decoder accepts
        // non-zero padding after strings and bytes, and turns invalid UTF-8
        // in a `string` into U+FFFD (as Telegram's clients do), so the
        // input may differ from the re-encoding there and only there. The
        // re-encoding must have the announced length, decode to the same
        // value and encode to itself.
        let bytes = value.to_bytes();
        assert_eq!(
            value.serialized_len(),
            bytes.len(),
            "serialized_len of {value:?}"
        );
        let again = match T::from_bytes(&bytes) {
            Ok(again) => again,
            Err(e) => panic!("the re-encoding of {value:?} does not decode: {e}"),
        };
        assert!(
            same(&again, &value),
            "decode(encode(value)) differs:\n{again:?}\n{value:?}"
        );
        assert_eq!(again.to_bytes(), bytes, "the re-encoding is not stable");
    }
}

/// Equal values, or values that differ only by a NaN `double` (NaN != NaN
/// under `PartialEq`): then their encodings, which keep every bit, agree.
fn same<T: Serializable + PartialEq>(a: &T, b: &T) -> bool {
    a == b || a.to_bytes() == b.to_bytes()
}
