//! What went wrong while encoding JSON, and where in it.

use std::fmt;

use super::MAX_JSON_DEPTH;

/// Why a JSON value could not be encoded, and where in it.
#[derive(Debug, Clone, PartialEq)]
pub struct EncodeError {
    pub(super) path: String,
    pub(super) kind: EncodeErrorKind,
}

impl EncodeError {
    /// The JSON path of the offending value (`$`, `$.user_id._`,
    /// `$.entities[2].offset`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong.
    pub fn kind(&self) -> &EncodeErrorKind {
        &self.kind
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.path, self.kind)
    }
}

impl std::error::Error for EncodeError {}

/// What is wrong with a JSON value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EncodeErrorKind {
    /// A value of the wrong JSON kind (a string where a number belongs).
    WrongKind {
        /// What the schema wants, in words.
        expected: String,
        /// The JSON kind found (`a string`).
        found: &'static str,
    },
    /// A number or text out of the range or shape of its TL type.
    Invalid {
        /// What the schema wants, in words.
        expected: String,
        /// The value given, as JSON text.
        found: String,
    },
    /// An object without its `"_"` (or `"@type"`).
    MissingName,
    /// A name that is no constructor of the expected type.
    UnknownName {
        /// The name given.
        name: String,
        /// The expected type or definition.
        expected: String,
        /// A name it may have meant.
        suggestion: Option<String>,
    },
    /// A field the definition has and the JSON lacks.
    MissingField {
        /// The field.
        field: String,
    },
    /// A key the definition has no field for.
    UnknownField {
        /// The key.
        field: String,
        /// The definition.
        definition: String,
        /// A field it may have meant.
        suggestion: Option<String>,
    },
    /// A flag word given with bits that its fields own (leave them out:
    /// they follow from the fields present).
    NamedBits {
        /// The bits given that fields name.
        bits: u32,
    },
    /// A field given whose condition cannot hold (its flag word is a
    /// plain count, or its bit is above 31).
    Unconditioned {
        /// The flag word.
        word: String,
    },
    /// An array whose length disagrees with the count before it (a
    /// repetition, a `message.bytes`).
    Count {
        /// The count the schema or header gives.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// Objects and arrays nested deeper than [`MAX_JSON_DEPTH`].
    TooDeep,
    /// The schemas cannot encode this type (an undefined type, a bare type
    /// with several constructors, a condition on a missing word).
    Schema(String),
}

impl fmt::Display for EncodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WrongKind { expected, found } => write!(f, "expected {expected}, found {found}"),
            Self::Invalid { expected, found } => write!(f, "expected {expected}, found {found}"),
            Self::MissingName => f.write_str("the object has no \"_\" naming its constructor"),
            Self::UnknownName {
                name,
                expected,
                suggestion,
            } => {
                write!(f, "`{name}` is not a constructor of `{expected}`")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            Self::MissingField { field } => write!(f, "the required field `{field}` is missing"),
            Self::UnknownField {
                field,
                definition,
                suggestion,
            } => {
                write!(f, "`{definition}` has no field `{field}`")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            Self::NamedBits { bits } => write!(
                f,
                "bits 0x{bits:x} of this flag word belong to fields; set those fields instead"
            ),
            Self::Unconditioned { word } => {
                write!(f, "the field's condition on `{word}` can never hold")
            }
            Self::Count { expected, found } => {
                write!(f, "expected {expected} elements, found {found}")
            }
            Self::TooDeep => write!(f, "nested deeper than {MAX_JSON_DEPTH} levels"),
            Self::Schema(text) => f.write_str(text),
        }
    }
}
