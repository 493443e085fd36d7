//! Arbitrary (lossy UTF-8) text through the parser in both dialects; what
//! parses must print to text that parses back to an equal schema.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tl_tests::fuzz::parse(data));
