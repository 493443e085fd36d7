//! Decoding errors: what went wrong, at which byte, inside which field.

use std::borrow::Cow;
use std::fmt;

/// Why decoding failed. Carried by [`DecodeError`].
///
/// The enum is `#[non_exhaustive]`: new failure kinds may be added in minor
/// releases, so matches need a wildcard arm.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input ended in the middle of a value.
    UnexpectedEnd {
        /// Bytes the value needed from the error offset on.
        needed: usize,
        /// Bytes that were left at the error offset.
        available: usize,
    },
    /// A constructor id that is not one of the constructors of the expected
    /// type (for example after a schema change on the server).
    UnknownConstructor {
        /// The id read from the input.
        id: u32,
        /// The TL type that was expected, e.g. `"Bool"` or `"Vector"`.
        expected: &'static str,
    },
    /// The id of a function of the schema where a value was expected (an
    /// `Object` holds every constructor), and functions are not decodable
    /// in this build: generated without
    /// `Config::decodable_functions(true)`, or their Cargo feature is off.
    /// A request seen where an answer was expected, as in a traffic dump.
    FunctionNotDecodable {
        /// The function's id, read from the input.
        id: u32,
    },
    /// A declared length or element count that cannot be satisfied: for a
    /// vector, more elements than the remaining bytes could possibly hold.
    LengthOutOfRange {
        /// The length or count read from the input.
        length: u64,
        /// The largest value that would have been acceptable at that point.
        limit: u64,
    },
    /// The first byte of a `string`/`bytes` value is `0xff`, which the wire
    /// format does not define (`0..=253` is a short length, `254` announces a
    /// 3-byte length).
    InvalidLengthPrefix {
        /// The offending prefix byte.
        prefix: u8,
    },
    /// A `string` was not valid UTF-8 and [`DecodeOptions::strict_utf8`] is
    /// set.
    ///
    /// [`DecodeOptions::strict_utf8`]: crate::DecodeOptions::strict_utf8
    InvalidUtf8 {
        /// Length of the longest valid UTF-8 prefix of the string data.
        valid_up_to: usize,
    },
    /// Values were nested deeper than [`DecodeOptions::max_depth`].
    ///
    /// [`DecodeOptions::max_depth`]: crate::DecodeOptions::max_depth
    RecursionLimit {
        /// The configured limit that was exceeded.
        limit: usize,
    },
    /// A complete value was decoded but input was left over.
    TrailingBytes {
        /// Number of bytes that were not consumed.
        remaining: usize,
    },
    /// Flag bits that contradict each other or the schema.
    InvalidFlags {
        /// The flags word as read.
        flags: u32,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A length that must be a multiple of 4 is not (the body length of an
    /// MTProto `message`).
    UnalignedLength {
        /// The length read from the input.
        length: u64,
    },
    /// `gzip_packed` data inflates to more bytes than
    /// [`DecodeOptions::max_inflated_size`] allows (the limit covers all
    /// `gzip_packed` values of one decode together). Inflating stopped one
    /// byte past the limit, so no more than that was allocated.
    ///
    /// [`DecodeOptions::max_inflated_size`]: crate::DecodeOptions::max_inflated_size
    InflatedTooLarge {
        /// The configured limit, in bytes.
        limit: usize,
    },
    /// `gzip_packed` data is not a valid gzip stream (RFC 1952): a bad
    /// header, corrupt or truncated deflate data, or a CRC-32 or length
    /// trailer that does not match.
    InvalidGzip {
        /// What the decompressor reported.
        reason: Cow<'static, str>,
    },
    /// `gzip_packed` data was found, but tl-runtime was built without its
    /// `gzip` feature, so it cannot be inflated.
    GzipUnavailable,
    /// Any other violation, described in words.
    Other {
        /// Description of the problem.
        message: Cow<'static, str>,
    },
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnexpectedEnd { needed, available } => write!(
                f,
                "unexpected end of input (needed {needed} bytes, {available} available)"
            ),
            Self::UnknownConstructor { id, expected } => {
                write!(f, "unknown constructor {id:#010x} for {expected}")
            }
            Self::FunctionNotDecodable { id } => write!(
                f,
                "{id:#010x} is the id of a function: function ids are not decodable in this build"
            ),
            Self::LengthOutOfRange { length, limit } => {
                write!(f, "length {length} out of range (at most {limit} possible)")
            }
            Self::InvalidLengthPrefix { prefix } => {
                write!(f, "invalid length prefix {prefix:#04x}")
            }
            Self::InvalidUtf8 { valid_up_to } => {
                write!(f, "invalid UTF-8 in string after {valid_up_to} valid bytes")
            }
            Self::RecursionLimit { limit } => {
                write!(f, "nesting deeper than the limit of {limit}")
            }
            Self::TrailingBytes { remaining } => {
                write!(f, "{remaining} trailing bytes after the value")
            }
            Self::InvalidFlags { flags, reason } => {
                write!(f, "invalid flags {flags:#010x}: {reason}")
            }
            Self::UnalignedLength { length } => {
                write!(f, "length {length} is not a multiple of 4")
            }
            Self::InflatedTooLarge { limit } => {
                write!(f, "gzip_packed data inflates past the limit of {limit} bytes")
            }
            Self::InvalidGzip { reason } => write!(f, "invalid gzip data: {reason}"),
            Self::GzipUnavailable => f.write_str(
                "gzip_packed data cannot be inflated: tl-runtime was built without its `gzip` feature",
            ),
            Self::Other { message } => f.write_str(message),
        }
    }
}

/// One step of the path from the outermost value to the failing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PathSegment {
    /// A field, written `Type.field` (e.g. `messages.sendMessage.peer`).
    Field(&'static str),
    /// An element of a vector, by position.
    Index(usize),
}

impl fmt::Display for PathSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Field(name) => f.write_str(name),
            Self::Index(i) => write!(f, "[{i}]"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: DecodeErrorKind,
    offset: usize,
    /// Outermost segment first.
    path: Vec<PathSegment>,
}

/// A failure to decode TL data.
///
/// The error is one pointer wide (the details live in a [`Box`]), so
/// `Result<T, DecodeError>` costs little on the happy path. It records
///
/// - [`kind`](Self::kind): what went wrong, with data;
/// - [`offset`](Self::offset): the byte position in the input where the failing
///   item starts (e.g. the constructor id, the length prefix);
/// - [`path`](Self::path): the fields being decoded, outermost first.
///
/// Its `Display` is meant for logs:
///
/// ```text
/// unknown constructor 0x12345678 for EncryptedChat at byte 40 (in messages.requestEncryption.user_id)
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError(Box<Inner>);

impl DecodeError {
    /// Creates an error of the given kind at byte `offset`, with an empty path.
    #[cold]
    pub fn new(kind: DecodeErrorKind, offset: usize) -> Self {
        Self(Box::new(Inner {
            kind,
            offset,
            path: Vec::new(),
        }))
    }

    /// Input ended: `needed` bytes were required at `offset`, only `available`
    /// were left.
    #[cold]
    pub fn unexpected_end(needed: usize, available: usize, offset: usize) -> Self {
        Self::new(DecodeErrorKind::UnexpectedEnd { needed, available }, offset)
    }

    /// Constructor `id` (read at `offset`) is not a constructor of `expected`.
    #[cold]
    pub fn unknown_constructor(id: u32, expected: &'static str, offset: usize) -> Self {
        Self::new(DecodeErrorKind::UnknownConstructor { id, expected }, offset)
    }

    /// The function id `id` (read at `offset`) where a value was expected,
    /// and functions are not decodable in this build.
    #[cold]
    pub fn function_not_decodable(id: u32, offset: usize) -> Self {
        Self::new(DecodeErrorKind::FunctionNotDecodable { id }, offset)
    }

    /// A length or count read at `offset` exceeded what was possible.
    #[cold]
    pub fn length_out_of_range(length: u64, limit: u64, offset: usize) -> Self {
        Self::new(DecodeErrorKind::LengthOutOfRange { length, limit }, offset)
    }

    /// Invalid UTF-8 in a string starting at `offset`.
    #[cold]
    pub fn invalid_utf8(valid_up_to: usize, offset: usize) -> Self {
        Self::new(DecodeErrorKind::InvalidUtf8 { valid_up_to }, offset)
    }

    /// Nesting exceeded `limit` at `offset`.
    #[cold]
    pub fn recursion_limit(limit: usize, offset: usize) -> Self {
        Self::new(DecodeErrorKind::RecursionLimit { limit }, offset)
    }

    /// `remaining` bytes were left over, starting at `offset`.
    #[cold]
    pub fn trailing_bytes(remaining: usize, offset: usize) -> Self {
        Self::new(DecodeErrorKind::TrailingBytes { remaining }, offset)
    }

    /// A flags word read at `offset` is inconsistent.
    #[cold]
    pub fn invalid_flags(flags: u32, reason: &'static str, offset: usize) -> Self {
        Self::new(DecodeErrorKind::InvalidFlags { flags, reason }, offset)
    }

    /// Any other problem at `offset`, described by `message`.
    #[cold]
    pub fn other(message: impl Into<Cow<'static, str>>, offset: usize) -> Self {
        Self::new(
            DecodeErrorKind::Other {
                message: message.into(),
            },
            offset,
        )
    }

    /// What went wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.0.kind
    }

    /// Byte offset in the input where the failing item starts.
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// The fields (and vector positions) being decoded when the error
    /// happened, outermost first. Empty when the error was raised at top
    /// level.
    pub fn path(&self) -> &[PathSegment] {
        &self.0.path
    }

    /// Records that the error happened inside field `path` (written
    /// `Type.field`). Called while the error propagates outwards, so each call
    /// adds a segment in front of the ones already recorded.
    #[cold]
    #[must_use]
    pub fn in_field(mut self, path: &'static str) -> Self {
        self.0.path.insert(0, PathSegment::Field(path));
        self
    }

    /// Records that the error happened inside element `index` of a vector.
    #[cold]
    #[must_use]
    pub fn at_index(mut self, index: usize) -> Self {
        self.0.path.insert(0, PathSegment::Index(index));
        self
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("kind", &self.0.kind)
            .field("offset", &self.0.offset)
            .field("path", &self.0.path)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.0.kind, self.0.offset)?;
        if self.0.path.is_empty() {
            return Ok(());
        }
        f.write_str(" (in ")?;
        let path = &self.0.path;
        let mut i = 0;
        while i < path.len() {
            let segment = path[i];
            // Collapse runs of the same field (deep recursion) to one entry.
            let run = path[i..].iter().take_while(|&&s| s == segment).count();
            if i > 0 && matches!(segment, PathSegment::Field(_)) {
                f.write_str(" > ")?;
            }
            write!(f, "{segment}")?;
            if run > 1 && matches!(segment, PathSegment::Field(_)) {
                write!(f, " (x{run})")?;
                i += run;
            } else {
                i += 1;
            }
        }
        f.write_str(")")
    }
}

impl std::error::Error for DecodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_one_pointer() {
        assert_eq!(
            std::mem::size_of::<DecodeError>(),
            std::mem::size_of::<usize>()
        );
        assert_eq!(
            std::mem::size_of::<Result<(), DecodeError>>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn display_with_path() {
        let e = DecodeError::unknown_constructor(0x1234_5678, "EncryptedChat", 40)
            .in_field("messages.requestEncryption.user_id");
        assert_eq!(
            e.to_string(),
            "unknown constructor 0x12345678 for EncryptedChat at byte 40 \
             (in messages.requestEncryption.user_id)"
        );
    }

    #[test]
    fn path_is_outermost_first() {
        let e = DecodeError::unexpected_end(4, 1, 99)
            .in_field("MessageEntity.offset")
            .at_index(3)
            .in_field("message.entities")
            .in_field("updateNewMessage.message");
        assert_eq!(
            e.path(),
            &[
                PathSegment::Field("updateNewMessage.message"),
                PathSegment::Field("message.entities"),
                PathSegment::Index(3),
                PathSegment::Field("MessageEntity.offset"),
            ]
        );
        assert_eq!(
            e.to_string(),
            "unexpected end of input (needed 4 bytes, 1 available) at byte 99 \
             (in updateNewMessage.message > message.entities[3] > MessageEntity.offset)"
        );
    }

    #[test]
    fn display_collapses_recursion() {
        let mut e = DecodeError::recursion_limit(3, 12).in_field("Nested");
        for _ in 0..3 {
            e = e.in_field("nest.inner");
        }
        let e = e.at_index(0).at_index(0);
        assert_eq!(
            e.to_string(),
            "nesting deeper than the limit of 3 at byte 12 \
             (in [0][0] > nest.inner (x3) > Nested)"
        );
    }

    #[test]
    fn function_ids_say_why() {
        let e = DecodeError::function_not_decodable(0xf64d_af43, 12);
        assert_eq!(
            e.to_string(),
            "0xf64daf43 is the id of a function: function ids are not decodable in this build at byte 12"
        );
        assert_eq!(
            e.kind(),
            &DecodeErrorKind::FunctionNotDecodable { id: 0xf64d_af43 }
        );
    }

    #[test]
    fn display_without_path() {
        let e = DecodeError::trailing_bytes(3, 8);
        assert_eq!(e.to_string(), "3 trailing bytes after the value at byte 8");
        assert_eq!(e.offset(), 8);
        assert_eq!(e.kind(), &DecodeErrorKind::TrailingBytes { remaining: 3 });
    }
}
