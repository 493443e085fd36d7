//! Every upstream schema in `shared/reference/` generates with the id rule it
//! uses and `IdCheck::Warn` (upstream pins some ids by hand); the eight
//! outputs compile warning- and clippy-clean in one scratch crate that
//! depends only on the runtime, and there every constructor of every schema
//! round-trips random values drawn from the schema itself
//! (`scratch/roundtrip.rs`), and the lite_api golden vectors
//! (`scratch/lite_golden.rs`) pass. Skipped, saying so on stderr, when no
//! ancestor of the crate has `shared/reference/`.
//!
//! The values are random: the base seed is printed, and `REFERENCE_SEED=N`
//! replays a run; each failing case names its constructor and seed.

use std::path::{Path, PathBuf};
use std::time::Instant;

mod common;
// The scratch-crate helpers tl-codegen's own compile tests use.
#[path = "../../tl-codegen/tests/common/mod.rs"]
mod scratch;

use common::values::{Rng, Schema, Writer};
use scratch::{cargo, manifest_dir, write};
use typelang_codegen::{Config, Dialect, IdCheck};

/// `(module, file under upstream/, dialect)`.
const SCHEMAS: &[(&str, &str, Dialect)] = &[
    ("td_api", "tdlib-layer228/td_api.tl", Dialect::TlParser),
    ("e2e_api", "tdlib-layer228/e2e_api.tl", Dialect::TlParser),
    (
        "telegram_api",
        "tdlib-layer228/telegram_api.tl",
        Dialect::Telegram,
    ),
    (
        "secret_api",
        "tdlib-layer228/secret_api.tl",
        Dialect::Telegram,
    ),
    (
        "mtproto_api",
        "tdlib-layer228/mtproto_api.tl",
        Dialect::Telegram,
    ),
    ("ton_api", "ton-2026-07/ton_api.tl", Dialect::TlParser),
    ("lite_api", "ton-2026-07/lite_api.tl", Dialect::TlParser),
    ("tonlib_api", "ton-2026-07/tonlib_api.tl", Dialect::TlParser),
];

/// Random values per constructor.
const CASES_PER_CONSTRUCTOR: u64 = 12;

fn reference_dir() -> Option<PathBuf> {
    let manifest = manifest_dir();
    let found = manifest
        .ancestors()
        .map(|a| a.join("shared/reference/upstream"))
        .find(|d| d.is_dir());
    if found.is_none() {
        eprintln!(
            "skipping: no shared/reference/upstream/ above {}",
            manifest.display()
        );
    }
    found
}

fn generate(upstream: &Path, file: &str, dialect: Dialect) -> String {
    Config::new()
        .rerun_if_changed(false)
        .dialect(dialect)
        .id_check(IdCheck::Warn)
        .generate(&[upstream.join(file)])
        .unwrap_or_else(|e| panic!("{file}:\n{e}"))
}

/// Appends `len:u32 (LE), bytes`.
fn record(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&u32::try_from(bytes.len()).unwrap().to_le_bytes());
    out.extend_from_slice(bytes);
}

/// `CASES_PER_CONSTRUCTOR` random encodings of every constructor of the
/// schema, as `(label, bytes)` records.
fn cases(text: &str, file: &str, dialect: Dialect, base_seed: u64) -> (Vec<u8>, usize) {
    let schema = Schema::from_sources(&[(file, text)], dialect);
    let mut out = Vec::new();
    let mut constructors = 0;
    for index in schema.constructor_indices() {
        constructors += 1;
        for case in 0..CASES_PER_CONSTRUCTOR {
            let seed =
                base_seed ^ ((index as u64) << 16 | case).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            let mut w = Writer {
                schema: &schema,
                rng: Rng(seed),
                out: Vec::new(),
            };
            w.definition(index, 0);
            let label = format!("{} (seed {seed:#x})", schema.defs[index].name);
            record(&mut out, label.as_bytes());
            record(&mut out, &w.out);
        }
    }
    (out, constructors)
}

fn base_seed() -> u64 {
    let seed = match std::env::var("REFERENCE_SEED") {
        Ok(s) => s.parse().expect("REFERENCE_SEED is a u64"),
        Err(_) => {
            let mut b = [0u8; 8];
            getrandom::fill(&mut b).expect("random seed");
            u64::from_le_bytes(b)
        }
    };
    eprintln!("round-trip values from REFERENCE_SEED={seed}");
    seed
}

/// Generates the eight schemas and their round-trip cases into the scratch
/// crate and returns its directory.
fn scratch_crate(upstream: &Path) -> PathBuf {
    // No debug info: ~26 MB of generated code links several times faster.
    let dir = scratch::scratch_crate("reference", &["hash"], "[profile.dev]\ndebug = 0\n\n");
    let mut lib = String::from(
        "#![deny(warnings)]\n#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]\n\
         //! The upstream schemas, generated.\n\n",
    );
    let seed = base_seed();
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    for (module, file, dialect) in SCHEMAS {
        let start = Instant::now();
        let code = generate(upstream, file, *dialect);
        let text = std::fs::read_to_string(upstream.join(file)).unwrap();
        let (records, constructors) = cases(&text, file, *dialect, seed);
        std::fs::write(dir.join(format!("cases/{module}.bin")), records).unwrap();
        eprintln!(
            "generated {file}: {} bytes of Rust, {constructors} constructors x {CASES_PER_CONSTRUCTOR} values, in {:.1?}",
            code.len(),
            start.elapsed()
        );
        write(&dir.join(format!("src/{module}.rs")), &code);
        lib.push_str(&format!(
            "/// `{file}`.\npub mod {module} {{\n    include!(\"{module}.rs\");\n}}\n\n"
        ));
    }
    lib.push_str("#[cfg(test)]\nmod lite_golden;\n#[cfg(test)]\nmod roundtrip;\n");
    write(&dir.join("src/lib.rs"), &lib);
    write(
        &dir.join("src/lite_golden.rs"),
        include_str!("scratch/lite_golden.rs"),
    );
    write(
        &dir.join("src/roundtrip.rs"),
        include_str!("scratch/roundtrip.rs"),
    );
    dir
}

/// The acceptance check: all eight generate, compile under
/// `deny(warnings)` and clippy `-D warnings`, every constructor
/// round-trips, and the golden vectors pass. Compiling ~26 MB of generated
/// code takes minutes on two cores; it is compiled once, in one crate.
#[test]
fn reference_schemas_build_clean_and_round_trip() {
    let Some(upstream) = reference_dir() else {
        return;
    };
    let dir = scratch_crate(&upstream);
    cargo(
        &dir,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
    );
    cargo(&dir, &["test", "--quiet"]);
}
