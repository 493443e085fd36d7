//! Encoding errors: the two things the wire format cannot express, a
//! `string`/`bytes` longer than [`MAX_BYTES_LEN`] and a vector with more
//! than [`MAX_VECTOR_LEN`] elements.
//!
//! [`Serializable::to_bytes`](crate::Serializable::to_bytes) panics on them
//! (serialization into a `BufMut` has no error channel);
//! [`Serializable::try_to_bytes`](crate::Serializable::try_to_bytes)
//! returns an [`EncodeError`] instead. The length checks sit where the
//! lengths are written, in the runtime's primitives, so generated code needs
//! no check of its own: `try_to_bytes` runs the ordinary `serialize` with
//! this thread's *fallible* flag set, and the writers record the first
//! problem instead of panicking (writing nothing for the value, since the
//! output is dropped anyway).

use std::cell::Cell;
use std::fmt;

use bytes::BufMut;

pub use crate::primitives::MAX_BYTES_LEN;

/// The largest element count a vector can have on the wire: TL's vector
/// count is an `int`, so 2^31 - 1 (the runtime reads counts as `u32` but
/// never writes one above `i32::MAX`).
pub const MAX_VECTOR_LEN: usize = i32::MAX as usize;

/// What the wire format cannot express. Carried by [`EncodeError`].
///
/// `#[non_exhaustive]`: matches need a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EncodeErrorKind {
    /// A `string` or `bytes` value longer than [`MAX_BYTES_LEN`] (2^24 - 1
    /// bytes, the largest 3-byte length).
    BytesTooLong {
        /// The value's length in bytes.
        len: usize,
    },
    /// A vector with more than [`MAX_VECTOR_LEN`] elements.
    VectorTooLong {
        /// The vector's element count.
        len: usize,
    },
}

/// A value that cannot be serialized (see [`EncodeErrorKind`]); returned by
/// [`Serializable::try_to_bytes`](crate::Serializable::try_to_bytes). When
/// a value has several such parts, the first one written is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EncodeError {
    kind: EncodeErrorKind,
}

impl EncodeError {
    /// An error of this kind.
    pub const fn new(kind: EncodeErrorKind) -> Self {
        Self { kind }
    }

    /// What cannot be encoded.
    pub const fn kind(&self) -> EncodeErrorKind {
        self.kind
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            EncodeErrorKind::BytesTooLong { len } => write!(
                f,
                "a string/bytes value of {len} bytes cannot be encoded: TL allows at most {MAX_BYTES_LEN}"
            ),
            EncodeErrorKind::VectorTooLong { len } => write!(
                f,
                "a vector of {len} elements cannot be encoded: TL allows at most {MAX_VECTOR_LEN}"
            ),
        }
    }
}

impl std::error::Error for EncodeError {}

/// This thread's encoding mode: panicking (the default), fallible with no
/// problem yet, or fallible with the first problem found.
#[derive(Clone, Copy)]
enum Mode {
    Panicking,
    Fallible(Option<EncodeError>),
}

thread_local! {
    static MODE: Cell<Mode> = const { Cell::new(Mode::Panicking) };
}

/// Restores the previous mode when dropped, also when the serialization
/// panics (a user's own `Serializable` impl may), so the thread does not
/// stay fallible.
struct Restore(Mode);

impl Drop for Restore {
    fn drop(&mut self) {
        MODE.with(|m| m.set(self.0));
    }
}

/// Runs `f` (a serialization) with the length checks reporting instead of
/// panicking; the first problem they found is the error. Nests: an inner
/// call reports its own problems and leaves the outer call's state as it
/// was.
pub(crate) fn fallibly(f: impl FnOnce()) -> Result<(), EncodeError> {
    let restore = Restore(MODE.with(|m| m.replace(Mode::Fallible(None))));
    f();
    let found = MODE.with(|m| m.get());
    drop(restore);
    match found {
        Mode::Fallible(Some(e)) => Err(e),
        _ => Ok(()),
    }
}

/// A value that cannot be encoded is about to be written: in fallible
/// mode, records it (the first one counts) and returns `true`, and the
/// caller writes nothing for the value; otherwise panics with the error's
/// text.
#[cold]
#[track_caller]
fn refuse(kind: EncodeErrorKind) {
    let error = EncodeError::new(kind);
    let fallible = MODE.with(|m| match m.get() {
        Mode::Panicking => false,
        Mode::Fallible(first) => {
            m.set(Mode::Fallible(first.or(Some(error))));
            true
        }
    });
    assert!(fallible, "{error}");
}

/// Checks a `string`/`bytes` length before it is written: `false` when the
/// value must not be written (fallible mode); panics otherwise.
#[inline]
#[track_caller]
pub(crate) fn bytes_fit(len: usize) -> bool {
    if len <= MAX_BYTES_LEN {
        return true;
    }
    refuse(EncodeErrorKind::BytesTooLong { len });
    false
}

/// Writes a vector's element count. A count above [`MAX_VECTOR_LEN`]
/// panics, or in fallible mode is recorded and written as 0.
#[inline]
#[track_caller]
pub(crate) fn write_count(buf: &mut impl BufMut, len: usize) {
    let count = if len <= MAX_VECTOR_LEN {
        len as u32
    } else {
        refuse(EncodeErrorKind::VectorTooLong { len });
        0
    };
    buf.put_u32_le(count);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Serializable;

    #[test]
    fn fallible_mode_records_the_first_problem_and_ends() {
        let got = fallibly(|| {
            assert!(!bytes_fit(MAX_BYTES_LEN + 1));
            write_count(&mut Vec::new(), MAX_VECTOR_LEN + 5);
        });
        assert_eq!(
            got.unwrap_err().kind(),
            EncodeErrorKind::BytesTooLong {
                len: MAX_BYTES_LEN + 1
            }
        );
        assert!(fallibly(|| assert!(bytes_fit(MAX_BYTES_LEN))).is_ok());
        // Back to panicking.
        assert!(std::panic::catch_unwind(|| bytes_fit(MAX_BYTES_LEN + 1)).is_err());
    }

    #[test]
    fn nested_calls_keep_their_own_results() {
        let outer = fallibly(|| {
            let inner = fallibly(|| write_count(&mut Vec::new(), MAX_VECTOR_LEN + 1));
            assert_eq!(
                inner.unwrap_err().kind(),
                EncodeErrorKind::VectorTooLong {
                    len: MAX_VECTOR_LEN + 1
                }
            );
        });
        assert!(outer.is_ok());
    }

    #[test]
    fn a_panic_inside_leaves_the_thread_panicking() {
        let r = std::panic::catch_unwind(|| fallibly(|| panic!("user impl")));
        assert!(r.is_err());
        assert!(std::panic::catch_unwind(|| bytes_fit(MAX_BYTES_LEN + 1)).is_err());
    }

    #[test]
    fn strings_at_and_over_the_limit() {
        let at = "a".repeat(MAX_BYTES_LEN);
        let bytes = at.try_to_bytes().unwrap();
        assert_eq!(bytes, at.to_bytes());
        assert_eq!(&bytes[..4], &[0xfe, 0xff, 0xff, 0xff]);
        let over = bytes::Bytes::from(vec![0u8; MAX_BYTES_LEN + 1]);
        let err = vec![over.clone()].try_to_bytes().unwrap_err();
        assert_eq!(
            err.kind(),
            EncodeErrorKind::BytesTooLong {
                len: MAX_BYTES_LEN + 1
            }
        );
        assert_eq!(
            err.to_string(),
            "a string/bytes value of 16777216 bytes cannot be encoded: TL allows at most 16777215"
        );
        let panic = std::panic::catch_unwind(|| over.to_bytes()).unwrap_err();
        let text = panic.downcast_ref::<String>().unwrap();
        assert!(text.contains("16777216 bytes cannot be encoded"), "{text}");
    }
}
