//! Limits and policies for decoding, as data.

/// Limits and policies applied while decoding untrusted input.
///
/// | field | default | effect |
/// |---|---|---|
/// | [`max_depth`](Self::max_depth) | `100` | nesting of TL objects deeper than this fails with [`RecursionLimit`] |
/// | [`strict_utf8`](Self::strict_utf8) | `false` | invalid UTF-8 in `string` values is replaced with U+FFFD; with `true` it fails with [`InvalidUtf8`] |
///
/// Limits that need no configuration are always on: a vector count is
/// checked against the bytes that remain *before* anything is allocated (a
/// count that cannot fit fails with [`LengthOutOfRange`]), and a `string` or
/// `bytes` length is checked against the remaining input before it is read,
/// so memory use stays proportional to the input.
///
/// The struct is `#[non_exhaustive]` so options can be added later: start
/// from [`DecodeOptions::default()`] (or [`DecodeOptions::new()`]) and set
/// fields or use the `with_*` methods.
///
/// ```
/// use tl_runtime::DecodeOptions;
///
/// let strict = DecodeOptions::new().with_strict_utf8(true).with_max_depth(32);
/// assert!(strict.strict_utf8);
///
/// let mut shallow = DecodeOptions::default();
/// shallow.max_depth = 8;
/// assert_eq!(shallow.max_depth, 8);
/// ```
///
/// # Why replacement is the default for invalid UTF-8
///
/// The TL `string` type is specified as UTF-8, but a client decodes whatever
/// the server sends, and Telegram servers have sent strings with invalid
/// UTF-8 (for example names or message text cut in the middle of a
/// multi-byte sequence). With a strict policy one such string fails the whole
/// enclosing value — an update, a dialog list, a history slice — and a client
/// loses far more than one garbled character. Replacement keeps every other
/// field intact and makes the damage visible (U+FFFD) where it happened.
/// Use [`strict_utf8`](Self::strict_utf8) where exactness matters more than
/// availability (tests, validators, servers checking client input). Fields
/// that carry arbitrary bytes are typed `bytes` in the schema and never
/// undergo UTF-8 handling.
///
/// [`RecursionLimit`]: crate::DecodeErrorKind::RecursionLimit
/// [`InvalidUtf8`]: crate::DecodeErrorKind::InvalidUtf8
/// [`LengthOutOfRange`]: crate::DecodeErrorKind::LengthOutOfRange
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DecodeOptions {
    /// Maximum nesting depth of TL objects (each generated type counts one
    /// level). Default [`DecodeOptions::DEFAULT_MAX_DEPTH`] (100), far above
    /// anything Telegram sends legitimately and low enough that decoding
    /// cannot exhaust a thread's stack.
    pub max_depth: usize,
    /// Reject invalid UTF-8 in `string` values instead of replacing it with
    /// U+FFFD. Default `false`; see the type documentation for why.
    pub strict_utf8: bool,
}

impl DecodeOptions {
    /// The default for [`max_depth`](Self::max_depth).
    pub const DEFAULT_MAX_DEPTH: usize = 100;

    /// The default options as a constant; `&DecodeOptions::DEFAULT` is a
    /// `&'static DecodeOptions`.
    pub const DEFAULT: Self = Self::new();

    /// The default options (same as [`Default::default`]), usable in `const`.
    pub const fn new() -> Self {
        Self {
            max_depth: Self::DEFAULT_MAX_DEPTH,
            strict_utf8: false,
        }
    }

    /// Returns these options with [`max_depth`](Self::max_depth) set.
    #[must_use]
    pub const fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// Returns these options with [`strict_utf8`](Self::strict_utf8) set.
    #[must_use]
    pub const fn with_strict_utf8(mut self, strict_utf8: bool) -> Self {
        self.strict_utf8 = strict_utf8;
        self
    }
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self::new()
    }
}
