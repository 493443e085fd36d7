//! [`Error`]: why a value could not be decoded, at which byte, and where
//! in the value tree.
//!
//! Errors are data; the words are written only by `Display`.

use std::fmt;

use typelang_runtime::primitives::{BOOL_FALSE_ID, BOOL_TRUE_ID, VECTOR_ID};
use typelang_runtime::{DecodeError, DecodeErrorKind};

use typelang_runtime::primitives::TRUE_ID;

/// Why a value could not be decoded.
///
/// [`kind`](Self::kind) says what went wrong (for input the runtime's
/// [`Reader`](typelang_runtime::Reader) refused, the runtime's own
/// [`DecodeError`]), [`offset`](Self::offset) at which byte, and
/// [`path`](Self::path) inside which fields and elements.
///
/// `Display` writes all three on one line, for logs:
/// `the input ends too early: 8 bytes needed, 4 left at byte 16 (in
/// messages.requestEncryption.user_id > inputUser.access_hash)`; the
/// [`ErrorKind`] alone displays as the first part.
#[derive(Clone, PartialEq)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq)]
struct Inner {
    kind: ErrorKind,
    offset: usize,
    path: Path,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, offset: usize) -> Self {
        Self(Box::new(Inner {
            kind,
            offset,
            path: Path::default(),
        }))
    }

    /// Wraps a runtime error; the path is this crate's to record, so the
    /// runtime's (at most the label given to `Reader::enter`) is dropped.
    pub(crate) fn read(e: &DecodeError) -> Self {
        let bare = DecodeError::new(e.kind().clone(), e.offset());
        Self::new(ErrorKind::Read(bare), e.offset())
    }

    /// Records that the error happened inside `step`. Steps are collected
    /// innermost first while the error propagates; [`Self::finish`] puts
    /// them in reading order.
    #[cold]
    pub(crate) fn within(mut self, step: Step) -> Self {
        self.0.path.0.push(step);
        self
    }

    pub(crate) fn finish(mut self) -> Self {
        self.0.path.0.reverse();
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The byte offset in the input where the failing item starts (the
    /// constructor id, the length prefix, the field).
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// The fields and elements being decoded, outermost first; empty when
    /// the error is at the top level.
    pub fn path(&self) -> &Path {
        &self.0.path
    }

    /// The runtime's error, when the runtime's reader refused the input.
    pub fn as_decode_error(&self) -> Option<&DecodeError> {
        match &self.0.kind {
            ErrorKind::Read(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("offset", &self.0.offset)
            .field("path", &self.0.path.to_string())
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.0.kind, self.0.offset)?;
        if !self.0.path.is_empty() {
            write!(f, " (in {})", self.0.path)?;
        }
        Ok(())
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Self::read(&e)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.as_decode_error()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// What went wrong; see [`Error`] for where.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The runtime's reader refused the input: it ends too early, a length
    /// or count cannot fit in what is left, a length prefix is invalid, or
    /// the value nests deeper than
    /// [`DecodeOptions::max_depth`](typelang_runtime::DecodeOptions::max_depth)
    /// ([`DecodeErrorKind::RecursionLimit`]).
    Read(DecodeError),
    /// A constructor id where another was required.
    UnexpectedId {
        /// The id read from the input.
        id: u32,
        /// What was required.
        expected: Expected,
        /// What the schemas say `id` is, if they know it.
        known: Option<Known>,
    },
    /// A `Vector` where any object may appear (`Object`, `!X`) whose first
    /// element does not start with a known constructor id: the element
    /// type is not on the wire, so it must be named (`Vector<long>`).
    UntypedVector {
        /// The vector's element count.
        count: usize,
        /// The first four bytes of the first element.
        first: u32,
    },
    /// A `msg_container` message whose body does not fill the length its
    /// header announces.
    BodyLength {
        /// Bytes the body took.
        used: usize,
        /// Bytes the header announced.
        announced: i32,
    },
    /// An `n*[ ... ]` repetition whose count cannot fit in the input.
    Repetitions {
        /// The count.
        count: usize,
        /// The fewest bytes one repetition takes.
        min_size: usize,
        /// The bytes left.
        remaining: usize,
    },
    /// The schemas cannot describe the value (the input is not at fault).
    Schema(SchemaProblem),
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Read(e) => match e.kind() {
                DecodeErrorKind::UnexpectedEnd { needed, available } => write!(
                    f,
                    "the input ends too early: {} needed, {available} left",
                    plural(*needed, "byte")
                ),
                DecodeErrorKind::LengthOutOfRange { length, limit } => write!(
                    f,
                    "a length or count of {length} cannot fit in the input (at most {limit} possible)"
                ),
                DecodeErrorKind::RecursionLimit { limit } => {
                    write!(f, "the value nests deeper than {limit} levels")
                }
                kind => write!(f, "{kind}"),
            },
            ErrorKind::UnexpectedId {
                id,
                expected,
                known,
            } => {
                let known = Described(known.as_ref());
                match expected {
                    Expected::Definition { name, id: wanted } => write!(
                        f,
                        "expected the id of `{name}` (0x{wanted:08x}), found 0x{id:08x}{known}"
                    ),
                    Expected::Type(name) if known.0.is_none() => write!(
                        f,
                        "unexpected constructor id 0x{id:08x} for type `{name}` (unknown to the schemas)"
                    ),
                    Expected::Type(name) => write!(
                        f,
                        "unexpected constructor id 0x{id:08x} for type `{name}`{known}"
                    ),
                    Expected::Vector => write!(
                        f,
                        "expected a Vector (0x{VECTOR_ID:08x}), found 0x{id:08x}{known}"
                    ),
                    Expected::Bool => write!(
                        f,
                        "expected a Bool (boolTrue 0x{BOOL_TRUE_ID:08x} or boolFalse 0x{BOOL_FALSE_ID:08x}), found 0x{id:08x}"
                    ),
                    Expected::True => {
                        write!(f, "expected `true` (0x{TRUE_ID:08x}), found 0x{id:08x}")
                    }
                    Expected::Object => write!(
                        f,
                        "unknown constructor id 0x{id:08x}: no constructor or function of the schemas has it"
                    ),
                }
            }
            ErrorKind::UntypedVector { count, first } => write!(
                f,
                "a Vector of {count} elements appears where any object may, and its first element does not start with a known constructor id (0x{first:08x}); the element type is not on the wire, so decode the vector as `Vector<T>`"
            ),
            ErrorKind::BodyLength { used, announced } => write!(
                f,
                "the body takes {used} bytes but the message header announces {announced}"
            ),
            ErrorKind::Repetitions {
                count,
                min_size,
                remaining,
            } => write!(
                f,
                "{count} repetitions of at least {min_size} bytes each do not fit in the {remaining} bytes left"
            ),
            ErrorKind::Schema(problem) => write!(f, "{problem}"),
        }
    }
}

/// ` (constructor `x` of type `T`)`, ` (function `f`)` or nothing.
struct Described<'a>(Option<&'a Known>);

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => Ok(()),
            Some(Known::Function { name }) => write!(f, " (function `{name}`)"),
            Some(Known::Constructor { name, type_name }) => {
                write!(f, " (constructor `{name}` of type `{type_name}`)")
            }
        }
    }
}

/// What an [`ErrorKind::UnexpectedId`] required.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expected {
    /// A constructor of this boxed type (`EncryptedChat`).
    Type(String),
    /// The id of this one constructor or function (decoding it by name,
    /// boxed).
    Definition {
        /// Its TL name.
        name: String,
        /// Its id.
        id: u32,
    },
    /// The `Vector` id.
    Vector,
    /// `boolTrue` or `boolFalse`.
    Bool,
    /// The id of `true` (a boxed `True`).
    True,
    /// The id of any constructor or function of the schemas (`Object`).
    Object,
}

/// What the schemas say a constructor id is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Known {
    /// A constructor.
    Constructor {
        /// Its TL name.
        name: String,
        /// The type it builds.
        type_name: String,
    },
    /// A function.
    Function {
        /// Its TL name.
        name: String,
    },
}

/// A way in which the schemas fall short of describing a value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemaProblem {
    /// A type that no constructor builds.
    UndefinedType(String),
    /// A bare type (`%T`) whose boxed type has several constructors, so
    /// nothing says which one follows.
    AmbiguousBareType {
        /// The type.
        name: String,
        /// How many constructors it has.
        constructors: usize,
    },
    /// A `field.bit?` condition whose field is no earlier `#` parameter.
    UnknownFlagField {
        /// The field named.
        field: String,
        /// The bit.
        bit: u32,
    },
    /// A `count*[ ... ]` whose count is no earlier `#` parameter.
    UnknownCount(String),
    /// A `[ ... ]` without a count that follows no `#` parameter.
    MissingCount,
}

impl fmt::Display for SchemaProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaProblem::UndefinedType(name) => {
                write!(f, "the schemas do not define the type `{name}`")
            }
            SchemaProblem::AmbiguousBareType { name, constructors } => write!(
                f,
                "the bare type `%{name}` is ambiguous: `{name}` has {constructors} constructors"
            ),
            SchemaProblem::UnknownFlagField { field, bit } => write!(
                f,
                "the condition `{field}.{bit}?` names no earlier `#` field"
            ),
            SchemaProblem::UnknownCount(name) => {
                write!(f, "the multiplicity `{name}` names no earlier `#` field")
            }
            SchemaProblem::MissingCount => {
                f.write_str("a repetition without a count follows no `#` field")
            }
        }
    }
}

/// One step of the way from the outermost value to the one that failed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Step {
    /// A field of a constructor or function, shown `owner.field`
    /// (`inputUser.access_hash`); an anonymous field is called `_`.
    Field {
        /// The constructor or function (`inputUser`).
        owner: String,
        /// The field (`access_hash`).
        field: String,
    },
    /// An element of a vector or a row of a repetition, shown `[i]` after
    /// the step before it (`node.children[0]`).
    Index(usize),
    /// An element of a `Vector` decoded where any object may appear, shown
    /// `Vector[i]`.
    AnyElement(usize),
}

impl Step {
    pub(crate) fn field(owner: impl Into<String>, field: impl Into<String>) -> Self {
        Step::Field {
            owner: owner.into(),
            field: field.into(),
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Field { owner, field } => write!(f, "{owner}.{field}"),
            Step::Index(i) => write!(f, "[{i}]"),
            Step::AnyElement(i) => write!(f, "Vector[{i}]"),
        }
    }
}

/// The steps from the outermost value to the failing one.
///
/// `Display` joins them with ` > `, writes an index right after the step
/// before it, and shortens a long path to its first and last four steps:
/// `messages.requestEncryption.user_id > inputUser.access_hash`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Path(Vec<Step>);

/// A long path shows this many steps at each end.
const PATH_ENDS: usize = 4;

impl Path {
    /// The steps, outermost first.
    pub fn steps(&self) -> &[Step] {
        &self.0
    }

    /// Whether the error is at the top level.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown: Vec<String> = Vec::new();
        for step in &self.0 {
            match (step, shown.last_mut()) {
                (Step::Index(_), Some(last)) => last.push_str(&step.to_string()),
                _ => shown.push(step.to_string()),
            }
        }
        if shown.len() > PATH_ENDS * 2 + 1 {
            let hidden = shown.len() - PATH_ENDS * 2;
            let tail = shown.split_off(shown.len() - PATH_ENDS);
            shown.truncate(PATH_ENDS);
            shown.push(format!("... {hidden} more ..."));
            shown.extend(tail);
        }
        f.write_str(&shown.join(" > "))
    }
}

pub(crate) fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("{n} {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(steps: Vec<Step>) -> Path {
        Path(steps)
    }

    #[test]
    fn indexes_join_the_step_before_them() {
        let p = path(vec![
            Step::field("msg_container", "messages"),
            Step::Index(1),
            Step::field("message", "body"),
            Step::AnyElement(0),
        ]);
        assert_eq!(
            p.to_string(),
            "msg_container.messages[1] > message.body > Vector[0]"
        );
        assert_eq!(path(vec![Step::Index(3)]).to_string(), "[3]");
    }

    #[test]
    fn long_paths_show_their_ends() {
        let mut steps = Vec::new();
        for i in 0..10 {
            steps.push(Step::field("n", format!("f{i}")));
        }
        assert_eq!(
            path(steps).to_string(),
            "n.f0 > n.f1 > n.f2 > n.f3 > ... 2 more ... > n.f6 > n.f7 > n.f8 > n.f9"
        );
        let nine: Vec<Step> = (0..9).map(|i| Step::field("n", format!("f{i}"))).collect();
        assert!(!path(nine).to_string().contains("more"));
    }

    #[test]
    fn runtime_words_are_the_inspectors() {
        let e = Error::read(&DecodeError::unexpected_end(8, 4, 16).in_field("x"));
        assert_eq!(
            e.kind().to_string(),
            "the input ends too early: 8 bytes needed, 4 left"
        );
        assert_eq!(e.offset(), 16);
        // The runtime's own path is not kept: the inspector records its own.
        assert!(e.as_decode_error().unwrap().path().is_empty());
        let e = Error::read(&DecodeError::unexpected_end(1, 0, 0));
        assert!(
            e.to_string()
                .starts_with("the input ends too early: 1 byte needed")
        );
        let e = Error::read(&DecodeError::recursion_limit(5, 0));
        assert_eq!(e.kind().to_string(), "the value nests deeper than 5 levels");
    }
}
