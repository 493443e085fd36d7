//! What the scratch-crate tests share: where their crates live (under the
//! cargo target directory, so reruns are incremental), writing files, and
//! running cargo in them with a target directory of their own.

#![allow(dead_code)] // each test binary uses its own part of this

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub(crate) fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `$CARGO_TARGET_DIR/tl-codegen-compile-test/NAME`.
pub(crate) fn scratch_dir(name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("../target"));
    let target = if target.is_absolute() {
        target
    } else {
        manifest_dir().join("..").join(target)
    };
    target.join("tl-codegen-compile-test").join(name)
}

/// The scratch crate `NAME` (see [`scratch_dir`]) with its manifest: a
/// package outside any workspace that depends on the runtime alone, with
/// `runtime_features`, followed by `extra` manifest text (`[features]`,
/// `[profile.dev]`).
pub(crate) fn scratch_crate(name: &str, runtime_features: &[&str], extra: &str) -> PathBuf {
    let dir = scratch_dir(name);
    let runtime = manifest_dir()
        .join("../tl-runtime")
        .canonicalize()
        .expect("tl-runtime exists");
    let features = if runtime_features.is_empty() {
        String::new()
    } else {
        format!(", features = {runtime_features:?}")
    };
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\ntypelang-runtime = {{ path = {:?}{features} }}\n\n{extra}[workspace]\n",
            runtime.display().to_string()
        ),
    );
    dir
}

pub(crate) fn write(path: &Path, text: &str) {
    typelang_codegen::write_if_changed(path, text).expect("write scratch file");
}

/// Runs `cargo ARGS` in `dir` and fails the test, showing cargo's output,
/// when it fails.
pub(crate) fn cargo(dir: &Path, args: &[&str]) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let start = Instant::now();
    let out = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "cargo {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("cargo {args:?}: {:.1?}", start.elapsed());
}
