//! Limits and policies for decoding, as data.

/// Limits and policies applied while decoding untrusted input.
///
/// | field | default | effect |
/// |---|---|---|
/// | [`max_depth`](Self::max_depth) | `100` | nesting of TL objects deeper than this fails with [`RecursionLimit`] |
/// | [`strict_utf8`](Self::strict_utf8) | `false` | invalid UTF-8 in `string` values is replaced with U+FFFD; with `true` it fails with [`InvalidUtf8`] |
/// | [`max_inflated_size`](Self::max_inflated_size) | 16 MiB | `gzip_packed` data inflating to more than this (all of one decode's together) fails with [`InflatedTooLarge`] |
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
/// use typelang_runtime::DecodeOptions;
///
/// let strict = DecodeOptions::new()
///     .with_strict_utf8(true)
///     .with_max_depth(32)
///     .with_max_inflated_size(1 << 20);
/// assert!(strict.strict_utf8);
/// assert_eq!(DecodeOptions::new().max_inflated_size, 16 * 1024 * 1024);
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
/// [`InflatedTooLarge`]: crate::DecodeErrorKind::InflatedTooLarge
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
    /// Most bytes one decode may inflate out of `gzip_packed` values
    /// ([`mtproto::GzipPacked`](crate::mtproto::GzipPacked)), counting every
    /// `gzip_packed` it meets (nested layers and siblings) together; past it
    /// decoding fails with
    /// [`InflatedTooLarge`](crate::DecodeErrorKind::InflatedTooLarge) having
    /// allocated at most this plus one byte for inflated data. Default
    /// [`DecodeOptions::DEFAULT_MAX_INFLATED_SIZE`] (16 MiB).
    ///
    /// One budget per decode rather than per `gzip_packed` keeps a decode's
    /// memory at "input + this limit": with a per-value limit, a vector of
    /// small `gzip_packed` values (each decompression bomb about 1/1000 of
    /// its inflated size) could hold many limits' worth of inflated buffers
    /// alive through zero-copy `bytes` fields.
    pub max_inflated_size: usize,
}

impl DecodeOptions {
    /// The default for [`max_depth`](Self::max_depth).
    pub const DEFAULT_MAX_DEPTH: usize = 100;

    /// The default for [`max_inflated_size`](Self::max_inflated_size):
    /// 16 MiB (2^24 bytes), one more than the largest `bytes` value TL can
    /// express, so a value that a server could just as well send
    /// uncompressed, such as a file part, is never refused for being
    /// compressed, while a decompression bomb costs at most this much
    /// memory. The number is a judgement, not a protocol limit: lower it
    /// where memory is tight.
    pub const DEFAULT_MAX_INFLATED_SIZE: usize = 16 * 1024 * 1024;

    /// The default options as a constant; `&DecodeOptions::DEFAULT` is a
    /// `&'static DecodeOptions`.
    pub const DEFAULT: Self = Self::new();

    /// The default options (same as [`Default::default`]), usable in `const`.
    pub const fn new() -> Self {
        Self {
            max_depth: Self::DEFAULT_MAX_DEPTH,
            strict_utf8: false,
            max_inflated_size: Self::DEFAULT_MAX_INFLATED_SIZE,
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

    /// Returns these options with
    /// [`max_inflated_size`](Self::max_inflated_size) set.
    #[must_use]
    pub const fn with_max_inflated_size(mut self, max_inflated_size: usize) -> Self {
        self.max_inflated_size = max_inflated_size;
        self
    }
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self::new()
    }
}
