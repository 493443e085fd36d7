//! Criterion benches for the wire primitives.
//!
//! Run with `cargo bench -p typelang-runtime --bench primitives`. Groups:
//! `int` (int/long encode and decode), `string` (encode/decode at several
//! sizes), `bytes` (decode by copy vs zero-copy), `vector_long`
//! (`Vector<long>` encode/decode) and `composite` (a constructor using
//! every primitive).
#![allow(missing_docs)] // criterion_group! generates undocumented items

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use typelang_runtime::bytes::{Bytes, BytesMut};
use typelang_runtime::{DecodeOptions, Deserializable, Reader, Serializable};

fn ints(c: &mut Criterion) {
    let mut g = c.benchmark_group("int");
    let int: i32 = -0x1234_5678;
    let long: i64 = -0x0123_4567_89ab_cdef;
    let mut buf = BytesMut::with_capacity(64);
    g.bench_function("encode_int", |b| {
        b.iter(|| {
            buf.clear();
            black_box(int).serialize(&mut buf);
            black_box(&buf);
        })
    });
    g.bench_function("encode_long", |b| {
        b.iter(|| {
            buf.clear();
            black_box(long).serialize(&mut buf);
            black_box(&buf);
        })
    });
    // 1000 ints read from one buffer: the per-call cost of a field read.
    let ints: Vec<u8> = (0..1000i32).flat_map(|i| i.to_le_bytes()).collect();
    g.throughput(Throughput::Elements(1000));
    g.bench_function("decode_int_x1000", |b| {
        b.iter(|| {
            let mut r = Reader::new(black_box(&ints), &DecodeOptions::DEFAULT);
            let mut sum = 0i32;
            for _ in 0..1000 {
                sum = sum.wrapping_add(r.read_i32().unwrap());
            }
            sum
        })
    });
    let longs: Vec<u8> = (0..1000i64).flat_map(|i| i.to_le_bytes()).collect();
    g.bench_function("decode_long_x1000", |b| {
        b.iter(|| {
            let mut r = Reader::new(black_box(&longs), &DecodeOptions::DEFAULT);
            let mut sum = 0i64;
            for _ in 0..1000 {
                sum = sum.wrapping_add(i64::deserialize(&mut r).unwrap());
            }
            sum
        })
    });
    g.finish();
}

const SIZES: [usize; 5] = [0, 16, 253, 1024, 65536];

fn strings(c: &mut Criterion) {
    let mut g = c.benchmark_group("string");
    for &len in &SIZES {
        let s: String = "abcdefghij".chars().cycle().take(len).collect();
        let wire = s.to_bytes();
        g.throughput(Throughput::Bytes(len.max(1) as u64));
        g.bench_with_input(BenchmarkId::new("encode", len), &s, |b, s| {
            b.iter(|| black_box(s).to_bytes())
        });
        g.bench_with_input(BenchmarkId::new("decode", len), &wire, |b, w| {
            b.iter(|| String::from_bytes(black_box(w)).unwrap())
        });
    }
    // Invalid UTF-8: replacement (default) path.
    let mut bad = vec![0xfe, 0x00, 0x04, 0x00];
    bad.extend((0..1024).map(|i| if i % 64 == 0 { 0xff } else { b'a' }));
    g.throughput(Throughput::Bytes(1024));
    g.bench_function("decode_lossy/1024", |b| {
        b.iter(|| String::from_bytes(black_box(&bad)).unwrap())
    });
    g.finish();
}

fn bytes(c: &mut Criterion) {
    let mut g = c.benchmark_group("bytes");
    for &len in &[16usize, 1024, 65536, 1 << 20] {
        let data = Bytes::from(vec![0xa5u8; len]);
        let wire = Bytes::from(data.to_bytes());
        g.throughput(Throughput::Bytes(len as u64));
        g.bench_with_input(BenchmarkId::new("encode", len), &data, |b, d| {
            b.iter(|| black_box(d).to_bytes())
        });
        g.bench_with_input(BenchmarkId::new("decode_copy", len), &wire, |b, w| {
            b.iter(|| Bytes::from_bytes(black_box(w)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("decode_zero_copy", len), &wire, |b, w| {
            b.iter(|| Bytes::from_shared(black_box(w)).unwrap())
        });
    }
    g.finish();
}

fn vectors(c: &mut Criterion) {
    let mut g = c.benchmark_group("vector_long");
    for &n in &[10usize, 1000, 100_000] {
        let v: Vec<i64> = (0..n as i64).map(|i| i * 0x1_0000_0001).collect();
        let wire = v.to_bytes();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("encode", n), &v, |b, v| {
            b.iter(|| black_box(v).to_bytes())
        });
        g.bench_with_input(BenchmarkId::new("decode", n), &wire, |b, w| {
            b.iter(|| Vec::<i64>::from_bytes(black_box(w)).unwrap())
        });
    }
    g.finish();
}

fn composite(c: &mut Criterion) {
    let mut g = c.benchmark_group("composite");
    let s = common::sample();
    let wire = Bytes::from(s.to_bytes());
    g.throughput(Throughput::Bytes(wire.len() as u64));
    g.bench_function("encode", |b| b.iter(|| black_box(&s).to_bytes()));
    g.bench_function("decode_copy", |b| {
        b.iter(|| common::Sample::from_bytes(black_box(&wire)).unwrap())
    });
    g.bench_function("decode_zero_copy", |b| {
        b.iter(|| common::Sample::from_shared(black_box(&wire)).unwrap())
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = ints, strings, bytes, vectors, composite
}
criterion_main!(benches);
