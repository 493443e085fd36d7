//! Arbitrary bytes as the generated layer-230 `Object`: round trip, length,
//! copying and zero-copy decoders agree, heap bounded per input byte.
#![no_main]

use std::alloc::System;

use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

libfuzzer_sys::fuzz_target!(|data: &[u8]| tl_tests::fuzz::decode_object(data, Some(GLOBAL)));
