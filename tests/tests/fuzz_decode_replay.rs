//! CI replays the decode fuzz targets with the heap bound on: each
//! checked-in corpus and a few thousand mutated inputs through
//! `tl_tests::fuzz`. One test function, so no other test thread allocates
//! while a decode is measured.

mod fuzz_common;

use std::alloc::System;

use fuzz_common::{cases, replay};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[test]
fn decode_corpora_and_mutations() {
    replay("decode_object", "ids", cases(5000), |d| {
        tl_tests::fuzz::decode_object(d, Some(GLOBAL))
    });
    replay("decode_deep", "ids", cases(5000), |d| {
        tl_tests::fuzz::decode_deep(d, Some(GLOBAL))
    });
}
