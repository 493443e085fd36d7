//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// `shared/reference/` (upstream schemas and the official compiler's id
/// tables, test data only) in the nearest ancestor of the crate that has
/// one: `../../shared/reference` from the main checkout, one level further
/// up from a worktree under `wt/`. `None`, saying so on stderr, when no
/// ancestor has it.
#[allow(unreachable_pub, dead_code)] // each test crate uses its own subset
pub fn reference_dir() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = manifest
        .ancestors()
        .map(|a| a.join("shared/reference"))
        .find(|d| d.is_dir());
    if found.is_none() {
        eprintln!(
            "skipping: no shared/reference/ above {}",
            manifest.display()
        );
    }
    found
}
