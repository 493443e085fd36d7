//! Criterion benches for the wire primitives.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use tl_runtime::{Deserializable, Serializable};

fn ints(c: &mut Criterion) {
    let v: i64 = -0x0123_4567_89ab_cdef;
    let wire = v.to_bytes();
    c.bench_function("long/encode", |b| b.iter(|| black_box(&v).to_bytes()));
    c.bench_function("long/decode", |b| {
        b.iter(|| i64::from_bytes(black_box(&wire)).unwrap())
    });
}

criterion_group!(benches, ints);
criterion_main!(benches);
