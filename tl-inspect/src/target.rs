//! [`Target`]: what the top level of the input is, and how a user's type
//! text (`EncryptedChat`, `Vector<long>`, `%Message`,
//! `messages.requestEncryption`, `Object`) becomes one.

use std::fmt;

use typelang_parser::Diagnostics;
use typelang_parser::ast::{Definition, TypeExpr};
use typelang_parser::builtins::Builtin;

use crate::Index;

/// What the top level of the input is.
#[derive(Debug, Clone, PartialEq)]
pub enum Target<'s> {
    /// A value of a type expression (`EncryptedChat`, `Vector<long>`,
    /// `%Message`, `int`).
    Type(TypeExpr),
    /// One constructor or function, with its id first (`boxed`) or not.
    Definition {
        /// The definition.
        def: &'s Definition,
        /// Whether its id precedes its fields.
        boxed: bool,
    },
    /// Any constructor or function of the schemas, recognised by its id,
    /// and the MTProto wrappers that clients parse by hand (`rpc_result`,
    /// `msg_container`, `gzip_packed`, `rpc_error`) when the schemas leave
    /// them out.
    Any,
}

impl<'s> Target<'s> {
    /// Works out what `text` means for the schemas of `index`.
    ///
    /// `text` is a type as a schema field writes it (`EncryptedChat`,
    /// `%Message`, `Vector<long>`, `(vector int)`, `int`, `#`), a
    /// constructor or function name (`messages.requestEncryption`: boxed,
    /// so its id comes first, unless written `%name`), or `Object` (any
    /// value, recognised by its id). With `bare`, the top-level value has
    /// no constructor id (`Object` then has no meaning).
    ///
    /// ```
    /// use typelang_parser::{ParseOptions, parse};
    /// use typelang_inspect::{Index, Target, TargetError};
    ///
    /// let schema = parse("point x:int y:int = Point;", &ParseOptions::default())
    ///     .unwrap()
    ///     .schema;
    /// let index = Index::new([&schema]);
    /// assert!(matches!(
    ///     Target::parse(&index, "point", false),
    ///     Ok(Target::Definition { boxed: true, .. })
    /// ));
    /// assert!(matches!(Target::parse(&index, "Object", false), Ok(Target::Any)));
    /// let err = Target::parse(&index, "point2", false).unwrap_err();
    /// assert!(matches!(err, TargetError::Unknown { .. }));
    /// let err = Target::parse(&index, "POINT", false).unwrap_err();
    /// assert_eq!(err.suggestion(), Some("Point"));
    /// ```
    pub fn parse(index: &Index<'s>, text: &str, bare: bool) -> Result<Self, TargetError> {
        let mut ty =
            typelang_parser::parse_type(text).map_err(|diagnostics| TargetError::Syntax {
                text: text.to_owned(),
                diagnostics,
            })?;
        let name = ty.name.to_string();
        let builtin = ty
            .name
            .namespace
            .is_empty()
            .then(|| Builtin::from_name(&ty.name.name))
            .flatten();
        // The builtins that name a value by themselves (`Vector`, `Object`
        // and `Type` need more: an argument, an id, a definition).
        let value_builtin =
            builtin.is_some_and(|b| b.is_primitive() || matches!(b, Builtin::Bool | Builtin::True));
        if ty.args.is_empty() && !ty.is_nat() && !value_builtin {
            if name == "Object" {
                if bare {
                    return Err(TargetError::BareObject);
                }
                return Ok(Target::Any);
            }
            if let Some(def) = index.definition(&name) {
                let percent = text.trim_start().starts_with('%');
                return Ok(Target::Definition {
                    def,
                    boxed: !(bare || percent),
                });
            }
        }
        let known = ty.is_nat()
            || value_builtin
            || builtin == Some(Builtin::Vector)
            || index.has_type(&name);
        if !known {
            let suggestion = index.similar_name(&name).map(str::to_owned);
            return Err(TargetError::Unknown { name, suggestion });
        }
        if bare {
            ty.bare = true;
        }
        Ok(Target::Type(ty))
    }
}

/// Why a type text names nothing to decode.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TargetError {
    /// The text is not a TL type expression.
    Syntax {
        /// The text given.
        text: String,
        /// The parser's diagnostics, with spans into `text`.
        diagnostics: Diagnostics,
    },
    /// `Object` was asked for without its id.
    BareObject,
    /// No type, constructor or function of the schemas has the name.
    Unknown {
        /// The name given.
        name: String,
        /// A defined name equal to it but for letter case.
        suggestion: Option<String>,
    },
}

impl TargetError {
    /// A defined name the user may have meant, for "did you mean" hints.
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            TargetError::Unknown { suggestion, .. } => suggestion.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetError::Syntax { text, diagnostics } => {
                let mut first = true;
                for d in diagnostics.errors() {
                    if !first {
                        f.write_str("; ")?;
                    }
                    first = false;
                    let (_, column) = d.line_col(text);
                    write!(f, "{} at column {column}", d.message)?;
                }
                Ok(())
            }
            TargetError::BareObject => f.write_str("`Object` has no bare form"),
            TargetError::Unknown { name, .. } => write!(
                f,
                "the schemas define no type, constructor or function named `{name}`"
            ),
        }
    }
}

impl std::error::Error for TargetError {}

#[cfg(test)]
mod tests {
    use typelang_parser::{ParseOptions, parse};

    use super::*;

    fn with_index(src: &str, check: impl FnOnce(&Index<'_>)) {
        let schema = parse(src, &ParseOptions::default()).unwrap().schema;
        check(&Index::new([&schema]));
    }

    const SRC: &str = "vector#1cb5c415 {t:Type} # [ t ] = Vector t;\n\
                       point x:int y:int = Point;\n\
                       ---functions---\n\
                       messages.getPoint id:int = Point;";

    #[test]
    fn resolves_the_forms_users_write() {
        with_index(SRC, |index| {
            let ty = |text: &str| match Target::parse(index, text, false) {
                Ok(Target::Type(ty)) => ty,
                other => panic!("{text}: {other:?}"),
            };
            assert_eq!(ty("Point").name.name, "Point");
            assert!(!ty("Point").bare);
            let v = ty(" Vector<long> ");
            assert!(!v.bare && v.args[0].name.name == "long");
            assert!(ty("(vector int)").bare);
            assert!(ty("int").bare);
            assert!(ty("#").is_nat());
            assert!(ty("Bool").name.name == "Bool");
            match Target::parse(index, "messages.getPoint", false) {
                Ok(Target::Definition { def, boxed: true }) => {
                    assert_eq!(def.name.to_string(), "messages.getPoint");
                }
                other => panic!("{other:?}"),
            }
            assert!(matches!(
                Target::parse(index, "%point", false),
                Ok(Target::Definition { boxed: false, .. })
            ));
            assert!(matches!(
                Target::parse(index, "point", true),
                Ok(Target::Definition { boxed: false, .. })
            ));
            // --bare on a type makes it bare.
            match Target::parse(index, "Point", true) {
                Ok(Target::Type(ty)) => assert!(ty.bare),
                other => panic!("{other:?}"),
            }
        });
    }

    #[test]
    fn says_what_is_wrong() {
        with_index(SRC, |index| {
            assert_eq!(
                Target::parse(index, "Object", true),
                Err(TargetError::BareObject)
            );
            let err = Target::parse(index, "point", false)
                .map(|_| ())
                .and(Target::parse(index, "messages.getpoint", false).map(|_| ()));
            let err = err.unwrap_err();
            assert_eq!(
                err.to_string(),
                "the schemas define no type, constructor or function named `messages.getpoint`"
            );
            assert_eq!(err.suggestion(), Some("messages.getPoint"));
            let err = Target::parse(index, "Vector<long", false).unwrap_err();
            assert!(matches!(err, TargetError::Syntax { .. }), "{err:?}");
            assert!(err.to_string().contains("at column 12"), "{err}");
            // The parser's grammar bounds nesting.
            let deep = format!("{}int{}", "Vector<".repeat(100), ">".repeat(100));
            assert!(matches!(
                Target::parse(index, &deep, false),
                Err(TargetError::Syntax { .. })
            ));
        });
    }
}
