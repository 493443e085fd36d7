//! Parsing speed on the bundled schemas (`cargo bench -p typelang-parser`).
//!
//! The acceptance bar is `parse/api.tl` at 5 ms or less in release.
//! `parse_and_drop/api.tl` also counts freeing the tree.

use criterion::{Criterion, Throughput, criterion_main};
use typelang_parser::{ParseOptions, parse};

const API: &str = include_str!("../../schema/api.tl");
const MTPROTO: &str = include_str!("../../schema/mtproto.tl");
const SECRET: &str = include_str!("../../schema/secret.tl");

fn bench_parse(c: &mut Criterion) {
    let options = ParseOptions::default();
    let mut group = c.benchmark_group("parse");
    for (name, src) in [
        ("api.tl", API),
        ("mtproto.tl", MTPROTO),
        ("secret.tl", SECRET),
    ] {
        group.throughput(Throughput::Bytes(src.len() as u64));
        // Parsing proper: the returned tree is dropped outside the timing.
        group.bench_function(name, |b| {
            b.iter_with_large_drop(|| parse(std::hint::black_box(src), &options))
        });
    }
    group.finish();

    // The whole round, freeing the tree included, for comparison.
    let mut group = c.benchmark_group("parse_and_drop");
    group.throughput(Throughput::Bytes(API.len() as u64));
    group.bench_function("api.tl", |b| {
        b.iter(|| parse(std::hint::black_box(API), &options).is_ok())
    });
    group.finish();
}

// The macro defines an undocumented pub fn.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench_parse);
}
criterion_main!(group::benches);
