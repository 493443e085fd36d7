//! The one table of TL's builtin types: the names every schema may use
//! without defining them, and what each is on the wire.
//!
//! TL writes most builtins in two spellings, a bare one (`int`, `vector`,
//! `true`) and a boxed one (`Int`, `Vector`, `True`); for the primitives both
//! mean the same bytes, since no schema gives `Int` a constructor id of its
//! own. `Bool`, `Vector` and `True` are ordinary boxed types that the
//! standard schemas define (`boolTrue = Bool;`, `vector {t:Type} # [ t ] =
//! Vector t;`, `true = True;`), but every tool treats them specially, so they
//! are listed here too. `Object` and `Type` are the "any value" and "any
//! type" of TL, and `#` is the natural-number type.
//!
//! ```
//! use typelang_parser::builtins::Builtin;
//! assert_eq!(Builtin::from_name("long"), Some(Builtin::Long));
//! assert_eq!(Builtin::from_name("Long"), Some(Builtin::Long));
//! assert_eq!(Builtin::Long.fixed_size(), Some(8));
//! assert_eq!(Builtin::from_name("InputUser"), None);
//! ```

/// A builtin TL type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Builtin {
    /// `#`: an unsigned 32-bit natural number (flag words, counts).
    Nat,
    /// `int` / `Int`: 32-bit little-endian signed integer.
    Int,
    /// `long` / `Long`: 64-bit little-endian signed integer.
    Long,
    /// `double` / `Double`: IEEE 754 binary64, little-endian.
    Double,
    /// `int128` / `Int128`: 16 raw bytes.
    Int128,
    /// `int256` / `Int256`: 32 raw bytes.
    Int256,
    /// `string` / `String`: length-prefixed, padded UTF-8 text.
    String,
    /// `bytes` / `Bytes`: length-prefixed, padded bytes.
    Bytes,
    /// `Bool`: `boolTrue` or `boolFalse`, each a bare constructor id.
    Bool,
    /// `true` / `True`: a unit value that takes no bytes as a flag field.
    True,
    /// `vector` (bare: count, then elements) / `Vector` (boxed: id, count,
    /// elements).
    Vector,
    /// `Object`: any boxed value, told apart by its constructor id.
    Object,
    /// `Type`: the kind of type parameters (`{X:Type}`).
    Type,
}

/// Every builtin with its spellings: `(builtin, bare name, boxed name)`.
/// An empty name means the builtin has no spelling of that kind.
pub const TABLE: &[(Builtin, &str, &str)] = &[
    (Builtin::Nat, "#", ""),
    (Builtin::Int, "int", "Int"),
    (Builtin::Long, "long", "Long"),
    (Builtin::Double, "double", "Double"),
    (Builtin::Int128, "int128", "Int128"),
    (Builtin::Int256, "int256", "Int256"),
    (Builtin::String, "string", "String"),
    (Builtin::Bytes, "bytes", "Bytes"),
    (Builtin::Bool, "", "Bool"),
    (Builtin::True, "true", "True"),
    (Builtin::Vector, "vector", "Vector"),
    (Builtin::Object, "", "Object"),
    (Builtin::Type, "", "Type"),
];

impl Builtin {
    /// The builtin a type name (without namespace) spells, in either form.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::lookup(name).map(|(b, _)| b)
    }

    /// Like [`from_name`](Self::from_name), also saying whether the name
    /// was the bare spelling (`int`, `vector`, `true`, `#`).
    pub fn lookup(name: &str) -> Option<(Self, bool)> {
        if name.is_empty() {
            return None;
        }
        TABLE.iter().find_map(|&(b, bare, boxed)| {
            if name == bare {
                Some((b, true))
            } else if name == boxed {
                Some((b, false))
            } else {
                None
            }
        })
    }

    /// The bare spelling (`int`), if the builtin has one.
    pub fn bare_name(self) -> Option<&'static str> {
        self.names().0
    }

    /// The boxed spelling (`Int`), if the builtin has one.
    pub fn boxed_name(self) -> Option<&'static str> {
        self.names().1
    }

    fn names(self) -> (Option<&'static str>, Option<&'static str>) {
        let (_, bare, boxed) = TABLE
            .iter()
            .find(|(b, ..)| *b == self)
            .copied()
            .unwrap_or((self, "", ""));
        let some = |s: &'static str| (!s.is_empty()).then_some(s);
        (some(bare), some(boxed))
    }

    /// The number of bytes a value takes on the wire when that number does
    /// not depend on the value: 4 for `#` and `int`, 8 for `long` and
    /// `double`, 16 and 32 for `int128` and `int256`, 4 for `Bool` (its
    /// constructor id).
    pub fn fixed_size(self) -> Option<usize> {
        match self {
            Self::Nat | Self::Int | Self::Bool => Some(4),
            Self::Long | Self::Double => Some(8),
            Self::Int128 => Some(16),
            Self::Int256 => Some(32),
            Self::String | Self::Bytes | Self::True | Self::Vector | Self::Object | Self::Type => {
                None
            }
        }
    }

    /// Whether values of this builtin are written without a constructor id
    /// in both spellings (`int` and `Int` are the same four bytes).
    pub fn is_primitive(self) -> bool {
        matches!(
            self,
            Self::Nat
                | Self::Int
                | Self::Long
                | Self::Double
                | Self::Int128
                | Self::Int256
                | Self::String
                | Self::Bytes
        )
    }

    /// The smallest number of bytes any value of the type takes (a `string`
    /// or `bytes` takes at least 4, a vector at least its count).
    pub fn min_size(self, bare: bool) -> usize {
        match self {
            Self::String | Self::Bytes => 4,
            // `true` as a flag field takes no bytes; a boxed `True` is its id.
            Self::True if bare => 0,
            Self::True => 4,
            Self::Type => 0,
            // A bare vector is its count; a boxed one also has its id; any
            // object at least its id (`boolTrue` is nothing more).
            Self::Vector if bare => 4,
            Self::Vector => 8,
            Self::Object => 4,
            other => other.fixed_size().unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Builtin, TABLE};

    #[test]
    fn every_spelling_finds_its_entry() {
        for &(b, bare, boxed) in TABLE {
            if !bare.is_empty() {
                assert_eq!(Builtin::lookup(bare), Some((b, true)), "{bare}");
                assert_eq!(b.bare_name(), Some(bare));
            }
            if !boxed.is_empty() {
                assert_eq!(Builtin::lookup(boxed), Some((b, false)), "{boxed}");
                assert_eq!(b.boxed_name(), Some(boxed));
            }
        }
        assert_eq!(Builtin::from_name(""), None);
        assert_eq!(Builtin::from_name("bool"), None);
        assert_eq!(Builtin::from_name("Message"), None);
    }

    #[test]
    fn sizes() {
        assert_eq!(Builtin::Int128.fixed_size(), Some(16));
        assert_eq!(Builtin::String.fixed_size(), None);
        assert_eq!(Builtin::Vector.min_size(true), 4);
        assert_eq!(Builtin::Vector.min_size(false), 8);
        assert_eq!(Builtin::Object.min_size(false), 4);
        assert!(Builtin::Bytes.is_primitive());
        assert!(!Builtin::Bool.is_primitive());
    }
}
