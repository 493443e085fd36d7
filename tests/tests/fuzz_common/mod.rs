//! Shared by the replay tests: the checked-in corpora and dictionaries, and
//! a small deterministic mutator (libFuzzer's simplest moves: flip, insert a
//! dictionary token, erase, duplicate, splice, truncate) so that CI runs a
//! few thousand new inputs per target through the same functions as
//! `cargo fuzz`, without it.

#![allow(dead_code)]

use std::path::PathBuf;

fn fuzz_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../fuzz"))
}

/// Every file of `fuzz/corpus/<target>/`, sorted by name.
pub(crate) fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = fuzz_dir().join("corpus").join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("corpus entry").path())
        .collect();
    paths.sort();
    let inputs: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).expect("read corpus file"))
        .collect();
    assert!(!inputs.is_empty(), "empty corpus {}", dir.display());
    inputs
}

/// The entries of `fuzz/dict/<name>.dict` (libFuzzer's format: one quoted
/// string per line, `\xNN` escapes).
pub(crate) fn dictionary(name: &str) -> Vec<Vec<u8>> {
    let path = fuzz_dir().join("dict").join(format!("{name}.dict"));
    let text = std::fs::read_to_string(&path).expect("read dictionary");
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(body) = line.strip_prefix('"').and_then(|l| l.strip_suffix('"')) else {
            continue;
        };
        let mut bytes = Vec::new();
        let mut chars = body.bytes();
        while let Some(c) = chars.next() {
            if c != b'\\' {
                bytes.push(c);
                continue;
            }
            match chars.next() {
                Some(b'x') => {
                    let hi = chars.next().expect("hex digit");
                    let lo = chars.next().expect("hex digit");
                    let hex = [hi, lo];
                    let hex = std::str::from_utf8(&hex).expect("ascii");
                    bytes.push(u8::from_str_radix(hex, 16).expect("hex escape"));
                }
                Some(b'n') => bytes.push(b'\n'),
                Some(b't') => bytes.push(b'\t'),
                Some(other) => bytes.push(other),
                None => bytes.push(b'\\'),
            }
        }
        out.push(bytes);
    }
    assert!(!out.is_empty(), "empty dictionary {}", path.display());
    out
}

/// xorshift64*: deterministic, so a failing case reproduces from its index.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One to four random edits of a random corpus entry.
pub(crate) fn mutate(rng: &mut Rng, corpus: &[Vec<u8>], dict: &[Vec<u8>]) -> Vec<u8> {
    let mut data = corpus[rng.below(corpus.len())].clone();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 => {
                let token = &dict[rng.below(dict.len())];
                data.splice(at..at, token.iter().copied());
            }
            2 => {
                let end = (at + 1 + rng.below(16)).min(data.len());
                data.drain(at.min(end)..end);
            }
            3 => {
                let end = (at + 1 + rng.below(32)).min(data.len());
                let piece = data[at.min(end)..end].to_vec();
                data.splice(at..at, piece);
            }
            4 => {
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len() + 1);
                data.truncate(at);
                data.extend_from_slice(&other[from..]);
            }
            _ => data.truncate(at),
        }
    }
    data
}

/// How many mutated inputs each target gets (`TL_FUZZ_CASES` overrides).
pub(crate) fn cases(default: usize) -> usize {
    std::env::var("TL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `target` over the corpus, then over `n` mutated inputs; a failure
/// names the input (written to `target/fuzz-replay-failure`) so that
/// `cargo fuzz run TARGET FILE` reproduces it.
pub(crate) fn replay(name: &str, dict: &str, n: usize, target: impl Fn(&[u8])) {
    let corpus = corpus(name);
    let dict = dictionary(dict);
    let run = |label: String, data: &[u8]| {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| target(data)));
        if let Err(panic) = outcome {
            let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target"))
                .join(format!("fuzz-replay-failure-{name}"));
            let _ = std::fs::write(&path, data);
            std::panic::resume_unwind(Box::new(format!(
                "{name}: {label} failed (input written to {}): {:?}",
                path.display(),
                panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
            )));
        }
    };
    for (i, data) in corpus.iter().enumerate() {
        run(format!("corpus entry {i}"), data);
    }
    let mut rng = Rng::new(0x5eed ^ name.len() as u64);
    for i in 0..n {
        let data = mutate(&mut rng, &corpus, &dict);
        run(format!("mutated input {i}"), &data);
    }
}
