//! Writing to stdout and stderr without panicking.
//!
//! `println!` panics when stdout is a closed pipe (`tl-codegen id --list
//! api.tl | head`); these helpers treat a closed pipe as "nobody is
//! listening" and ignore every other write error too, since there is no
//! better place left to report it.

use std::io::Write;

/// Writes `text` to stdout as is.
pub(crate) fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Writes `text` to stderr as is.
pub(crate) fn stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}
