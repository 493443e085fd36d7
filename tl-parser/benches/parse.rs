//! Parsing speed on the bundled schemas (`cargo bench -p tl-parser`).
//!
//! The acceptance bar is `parse/api.tl` at 5 ms or less in release.

use criterion::{Criterion, Throughput, criterion_main};
use tl_parser::{ParseOptions, parse};

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
        group.bench_function(name, |b| {
            b.iter(|| {
                let parsed = parse(std::hint::black_box(src), &options);
                std::hint::black_box(parsed.is_ok())
            })
        });
    }
    group.finish();
}

// The macro defines an undocumented pub fn.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench_parse);
}
criterion_main!(group::benches);
