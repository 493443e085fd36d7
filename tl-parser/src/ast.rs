//! The typed syntax tree of a TL schema.
//!
//! The tree is deliberately close to the text: it records what the schema says
//! (names, explicit ids, parameters, conditional fields, doc comments) and the
//! byte span each definition came from, but makes no decision about how any of
//! it maps to a programming language. Later phases (codegen, the CLI) derive
//! everything else from it.

use std::fmt;

/// A half-open byte range `start..end` into the schema text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span covering `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
}

/// A whole parsed schema file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schema {
    /// The number from a `// LAYER N` comment, if the file has one (at most
    /// `i32::MAX`: `invokeWithLayer` sends it as an `int`; a larger number
    /// is an error).
    pub layer: Option<u32>,
    /// Every definition, in source order.
    pub definitions: Vec<Definition>,
    /// TDLib-style `//@class Name @description ...` docs for abstract types.
    pub type_docs: Vec<TypeDoc>,
}

/// Whether a definition is a constructor (`---types---`) or a function
/// (`---functions---`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// A constructor of a type.
    Type,
    /// A remote function.
    Function,
}

/// A possibly namespaced identifier such as `messages.requestEncryption`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Name {
    /// Namespace segments before the last dot (`["messages"]`), often empty.
    pub namespace: Vec<String>,
    /// The final segment (`requestEncryption`).
    pub name: String,
}

impl Name {
    /// Builds a name from its dotted text form (`auth.SentCode`).
    pub fn parse_dotted(text: &str) -> Self {
        let mut parts: Vec<String> = text.split('.').map(str::to_owned).collect();
        let name = parts.pop().unwrap_or_default();
        Self {
            namespace: parts,
            name,
        }
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for ns in &self.namespace {
            f.write_str(ns)?;
            f.write_str(".")?;
        }
        f.write_str(&self.name)
    }
}

/// One `name#id params = Result;` line (possibly spanning several lines).
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// The constructor or function name.
    pub name: Name,
    /// The `#id` written in the schema, if any.
    pub explicit_id: Option<u32>,
    /// The id used on the wire: the explicit id when present, else the
    /// computed one.
    pub id: u32,
    /// Optional (implicit) parameters in braces: `{X:Type}`, `{t:Type}`.
    pub type_params: Vec<TypeParam>,
    /// The explicit parameters, in order.
    pub params: Vec<Param>,
    /// The result type after `=`.
    pub result: TypeExpr,
    /// Which section the definition is in.
    pub category: Category,
    /// A builtin declaration such as `int ? = Int;` (no parameters, no id).
    pub builtin: bool,
    /// Attached documentation (TDLib `//@` comments).
    pub doc: Option<Doc>,
    /// The bytes of the definition in the source, from its name up to and
    /// including the `;`.
    pub span: Span,
}

/// An optional parameter in braces: `{X:Type}` or `{n:#}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeParam {
    /// The parameter name (`X`).
    pub name: String,
    /// Its kind: `Type` or `#`.
    pub kind: TypeExpr,
}

/// One explicit parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The field name; `None` for anonymous parameters such as the `#` and the
    /// `[ t ]` in `vector {t:Type} # [ t ] = Vector t;`.
    pub name: Option<String>,
    /// What the parameter holds.
    pub kind: ParamKind,
    /// The bytes of the parameter in the source.
    pub span: Span,
}

/// What a parameter holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamKind {
    /// A value of a type, present only when `flag` (if any) is set.
    /// `flags:#` is a `Value` whose type is `#`.
    Value {
        /// The field type.
        ty: TypeExpr,
        /// The `flags.N?` condition, if the field is conditional.
        flag: Option<Flag>,
    },
    /// A repetition `n*[ fields ]` or `[ fields ]`.
    Repeated {
        /// The multiplicity before `*`, if written.
        multiplicity: Option<Multiplicity>,
        /// The repeated fields.
        fields: Vec<Param>,
    },
}

/// The multiplicity of a repetition: `4*[ int ]` or `n*[ ... ]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Multiplicity {
    /// A literal count.
    Literal(u32),
    /// A reference to an earlier `#` parameter.
    Param(String),
}

/// The condition of a conditional field: `flags.3?` means "present when bit
/// 3 of the field `flags` is set".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Flag {
    /// The `#` field that holds the bit (`flags`, `flags2`, `mode`).
    pub field: String,
    /// The bit index, 0..=31.
    pub bit: u32,
}

/// A type expression: `int`, `InputUser`, `Vector<long>`, `vector<future_salt>`,
/// `%Message`, `!X`, `(vector tonNode.blockIdExt)`, `#`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TypeExpr {
    /// The type name (namespace included). `#` is the natural-number type.
    pub name: Name,
    /// Whether the type is bare: written with `%`, or named by a lowercase
    /// constructor (`vector<...>`, `int`, `future_salt`).
    pub bare: bool,
    /// Whether it was written `!X` (a reference to a type parameter whose
    /// value is a serialized function call).
    pub generic_ref: bool,
    /// Type arguments: `Vector<long>` and `(vector long)` both give `[long]`.
    pub args: Vec<TypeExpr>,
}

impl TypeExpr {
    /// Whether this is the natural-number type `#`.
    pub fn is_nat(&self) -> bool {
        self.name.namespace.is_empty() && self.name.name == "#"
    }
}

/// Documentation attached to a definition (TDLib `//@description` style).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    /// The `@description` text.
    pub description: Option<String>,
    /// `@field text` entries in order (`@param_name` becomes `name`).
    pub fields: Vec<(String, String)>,
}

/// Documentation of an abstract type from `//@class Name @description ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDoc {
    /// The documented type.
    pub name: Name,
    /// The description text.
    pub description: String,
}

impl Schema {
    /// A copy with every [`Span`] set to `0..0`, for comparing trees parsed
    /// from different texts (such as a schema and its printed form).
    pub fn without_spans(&self) -> Schema {
        let mut s = self.clone();
        for d in &mut s.definitions {
            d.clear_spans();
        }
        s
    }

    /// Whether two schemas are equal apart from their spans.
    pub fn eq_ignoring_spans(&self, other: &Schema) -> bool {
        self.layer == other.layer
            && self.type_docs == other.type_docs
            && self.definitions.len() == other.definitions.len()
            && self
                .definitions
                .iter()
                .zip(&other.definitions)
                .all(|(a, b)| a.eq_ignoring_spans(b))
    }
}

impl Definition {
    /// The full dotted name (`messages.requestEncryption`).
    pub fn full_name(&self) -> String {
        self.name.to_string()
    }

    /// Whether two definitions are equal apart from their spans.
    pub fn eq_ignoring_spans(&self, other: &Definition) -> bool {
        let mut a = self.clone();
        let mut b = other.clone();
        a.clear_spans();
        b.clear_spans();
        a == b
    }

    fn clear_spans(&mut self) {
        self.span = Span::default();
        clear_param_spans(&mut self.params);
    }
}

fn clear_param_spans(params: &mut [Param]) {
    for p in params {
        p.span = Span::default();
        if let ParamKind::Repeated { fields, .. } = &mut p.kind {
            clear_param_spans(fields);
        }
    }
}
