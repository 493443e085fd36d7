//! Whatever parses goes through the generator in every configuration: no
//! panic, no internal error, output that parses as Rust.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tl_tests::fuzz::generate(data));
