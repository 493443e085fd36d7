//! CI replays the parser and generator fuzz targets: each checked-in corpus
//! (`fuzz/corpus/<target>/`) and a few thousand mutated inputs through
//! `tl_tests::fuzz`, the functions `cargo fuzz` runs.

mod fuzz_common;

use fuzz_common::{cases, replay};

#[test]
fn parse_corpus_and_mutations() {
    replay("parse", "tl", cases(4000), tl_tests::fuzz::parse);
}

#[test]
fn generate_corpus_and_mutations() {
    replay("generate", "tl", cases(1000), tl_tests::fuzz::generate);
}

/// The replay fails when a target's property fails (here: a schema whose
/// printed form is cut short would not be the same tree, so a target that
/// checked nothing would let this through).
#[test]
#[should_panic(expected = "corpus entry")]
fn replay_reports_a_failing_target() {
    replay("parse", "tl", 0, |data| {
        assert!(data.is_empty(), "not empty");
    });
}
