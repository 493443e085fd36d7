//! Arbitrary bytes as `Updates`, `PageBlock`, `RichText` or
//! `messages.Messages` (the first byte picks), with the checks of
//! `decode_object`.
#![no_main]

use std::alloc::System;

use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

libfuzzer_sys::fuzz_target!(|data: &[u8]| tl_tests::fuzz::decode_deep(data, Some(GLOBAL)));
