//! The intermediate representation: everything the emitter needs to know
//! about the schema, decided once by [`analysis`](crate::analysis).
//!
//! Items refer to each other by typed indices ([`StructId`] into
//! [`Ir::structs`], [`EnumId`] into [`Ir::enums`], [`FnId`] into
//! [`Ir::functions`]), so a constructor index cannot be used for a function.

use std::ops::{Index, IndexMut};

use crate::methods::MethodInfo;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub usize);

        impl Index<$name> for [$item] {
            type Output = $item;
            fn index(&self, id: $name) -> &$item {
                &self[id.0]
            }
        }

        impl IndexMut<$name> for [$item] {
            fn index_mut(&mut self, id: $name) -> &mut $item {
                &mut self[id.0]
            }
        }

        impl Index<$name> for Vec<$item> {
            type Output = $item;
            fn index(&self, id: $name) -> &$item {
                &self[id.0]
            }
        }

        impl IndexMut<$name> for Vec<$item> {
            fn index_mut(&mut self, id: $name) -> &mut $item {
                &mut self[id.0]
            }
        }
    };
}

id_type!(
    /// A constructor: an index into [`Ir::structs`].
    StructId,
    Struct
);
id_type!(
    /// A boxed type: an index into [`Ir::enums`].
    EnumId,
    Enum
);

/// A function: an index into [`Ir::functions`]. (Functions are
/// [`Struct`]s too; this index type keeps them apart from constructors.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FnId(pub usize);

impl Ir {
    /// The function `id`.
    pub fn function(&self, id: FnId) -> &Struct {
        &self.functions[id.0]
    }
}

/// A resolved field type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    /// `int` -> `i32`.
    Int,
    /// `long` -> `i64`.
    Long,
    /// `double` -> `f64`.
    Double,
    /// `#` stored as a value -> `u32`.
    Nat,
    /// `int128` -> `[u8; 16]`.
    Int128,
    /// `int256` -> `[u8; 32]`.
    Int256,
    /// `string` -> `String`.
    String,
    /// `bytes` -> `Bytes`.
    Bytes,
    /// `Bool` -> `bool`.
    Bool,
    /// `Vector<T>` (boxed, with the vector id) or `vector<T>` (bare).
    Vector {
        /// Element type.
        elem: Box<Ty>,
        /// `vector<T>`: no `0x1cb5c415` id on the wire.
        bare: bool,
    },
    /// A boxed type: `enums::X` (index into [`Ir::enums`]).
    Enum(EnumId),
    /// A bare constructor (`%T`, `future_salt`): `types::x` written without
    /// its id (index into [`Ir::structs`]).
    Bare(StructId),
    /// The TL type `Object`: the generated `Object` enum. Also TON's
    /// `object`, and tonlib's `Function`/`function` ("any function"), for
    /// which the `Object` enum holds the functions too.
    Object,
    /// A boxed `True` outside a flag (TON functions answer `True`):
    /// the runtime's `True`, written as its id.
    True,
    /// A repetition with a literal count, `16*[ int ]`: `[T; N]`.
    Array {
        /// Element type.
        elem: Box<Ty>,
        /// The count.
        len: usize,
    },
    /// A type parameter, by its Rust name: of a generic function (`!X`),
    /// or of a polymorphic constructor (`a:X` in `just {X:Type} a:X = Maybe
    /// X`), written as the argument's own encoding.
    Param(String),
    /// A polymorphic boxed type applied to its arguments (`Maybe int`,
    /// `Maybe<InputUser>`): `enums::Maybe<i32>`. The arguments follow the
    /// positions of [`Enum::params`].
    EnumOf(EnumId, Vec<Ty>),
    /// The only constructor of a polymorphic type, bare (`%Maybe int`,
    /// `just int`): `types::Just<i32>` written without its id. The arguments
    /// follow the positions of the enum's [`Enum::params`]; the struct takes
    /// those of its [`Struct::params`].
    BareOf(StructId, Vec<Ty>),
}

impl Ty {
    /// Serialized size when fixed.
    pub fn fixed_size(&self) -> Option<usize> {
        match self {
            Ty::Int | Ty::Nat | Ty::Bool | Ty::True => Some(4),
            Ty::Long | Ty::Double => Some(8),
            Ty::Int128 => Some(16),
            Ty::Int256 => Some(32),
            Ty::Array { elem, len } => elem.fixed_size().map(|s| s * len),
            _ => None,
        }
    }

    /// A constructor written bare (`%T`, `t`, `%Maybe int`).
    pub fn bare_struct(&self) -> Option<StructId> {
        match self {
            Ty::Bare(s) | Ty::BareOf(s, _) => Some(*s),
            _ => None,
        }
    }
}

/// A type parameter of a polymorphic constructor that its fields use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeParam {
    /// The Rust name (`X`; never a std name or the item's own).
    pub name: String,
    /// Its position among the result type's arguments ([`Enum::params`]).
    pub position: usize,
}

/// When a field is present on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cond {
    /// Always.
    Always,
    /// `word.bit?T`: an `Option<T>` field.
    Flag {
        /// Index into the struct's flag words.
        word: usize,
        /// Bit index.
        bit: u32,
    },
    /// `word.bit?true`: a `bool` field with no wire bytes.
    TrueFlag {
        /// Index into the struct's flag words.
        word: usize,
        /// Bit index.
        bit: u32,
    },
}

/// A stored field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Rust name (escaped).
    pub name: String,
    /// TL name.
    pub tl_name: String,
    /// The field's TL text (`video:flags.3?InputDocument`).
    pub tl_text: String,
    /// Value type (for `TrueFlag`, unused).
    pub ty: Ty,
    /// Presence.
    pub cond: Cond,
    /// Stored as `Box<T>` (only for bare fields on a cycle).
    pub boxed: bool,
    /// `//@name` documentation.
    pub doc: Option<String>,
}

/// A group of fields sharing one bit of a flags word.
#[derive(Debug, Clone)]
pub struct BitGroup {
    /// Bit index.
    pub bit: u32,
    /// Field indices of `Option` fields using the bit.
    pub values: Vec<usize>,
    /// Field indices of `bool` (`true`) fields using the bit.
    pub trues: Vec<usize>,
}

/// A flags word (`flags:#`), not stored.
#[derive(Debug, Clone)]
pub struct FlagWord {
    /// TL name, also the Rust local used for it (escaped).
    pub name: String,
    /// TL name as written.
    pub tl_name: String,
    /// Bits in use, sorted.
    pub groups: Vec<BitGroup>,
    /// Rust name of the stored `u32` keeping the bits of this word that no
    /// field stands for (`unknown_flags`): read on decode, OR-ed in on
    /// encode, 0 in a hand-built value.
    pub unknown: String,
}

impl FlagWord {
    /// The bits some field of the word stands for.
    pub fn known_mask(&self) -> u32 {
        self.groups.iter().fold(0, |m, g| m | (1u32 << g.bit))
    }
}

/// One wire item in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireItem {
    /// A flags word (index into `flag_words`).
    Flags(usize),
    /// A field (index into `fields`).
    Field(usize),
}

/// A constructor or function.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Full TL name (`messages.requestEncryption`).
    pub tl_name: String,
    /// Wire id.
    pub id: u32,
    /// Namespace modules (escaped snake case).
    pub module: Vec<String>,
    /// Rust type name.
    pub name: String,
    /// Canonical TL line.
    pub tl_line: String,
    /// `//@description`.
    pub description: Option<String>,
    /// Fields in declaration order.
    pub fields: Vec<Field>,
    /// Flags words.
    pub flag_words: Vec<FlagWord>,
    /// Wire order.
    pub wire: Vec<WireItem>,
    /// Enum this constructor belongs to (constructors only).
    pub enum_index: Option<EnumId>,
    /// Variant index inside that enum.
    pub variant_index: Option<usize>,
    /// Derives `Default`.
    pub default: bool,
    /// Type parameter of a generic function (`X`).
    pub generic: Option<String>,
    /// Type parameters of a polymorphic constructor that its fields use, in
    /// the order of the result's arguments (`just {X:Type} a:X = Maybe X` is
    /// `types::Just<X>`; `nothing {X:Type} = Maybe X` is not generic).
    /// Generic structs are not in `Object`: the id does not say the
    /// argument.
    pub params: Vec<TypeParam>,
    /// Return type (functions only).
    pub ret: Option<Ty>,
    /// TL text of the return type.
    pub ret_tl: Option<String>,
    /// Method metadata (functions only).
    pub method: Option<MethodInfo>,
    /// Estimated size in bytes.
    pub size: usize,
    /// Lower bound of the bare wire size.
    pub min_bare: usize,
    /// Index of the source file.
    pub file: usize,
    /// Some field uses the constructor bare (`%T`, `vector<t>` elements):
    /// only these implement `Bare` ([`analysis`](crate::analysis) pass
    /// `usage`).
    pub bare_used: bool,
    /// No `double` is reachable from its fields: derives `Eq` and `Hash`
    /// ([`analysis`](crate::analysis) pass `eq_hash`).
    pub eq_hash: bool,
}

impl Struct {
    /// Whether the struct has no fields (a unit struct).
    pub fn is_unit(&self) -> bool {
        self.fields.is_empty()
    }
}

/// A variant of a boxed type.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// The constructor (index into [`Ir::structs`]).
    pub ctor: StructId,
    /// Payload boxed.
    pub boxed: bool,
}

/// A boxed type.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Full TL name (`messages.Chats`).
    pub tl_name: String,
    /// Namespace modules.
    pub module: Vec<String>,
    /// Rust name.
    pub name: String,
    /// `//@class` description.
    pub description: Option<String>,
    /// Variants in schema order.
    pub variants: Vec<Variant>,
    /// Variant used by `Default`, if any.
    pub default_variant: Option<usize>,
    /// Type parameters of a polymorphic type (`Maybe X`), by position, as
    /// Rust names: `enums::Maybe<X>`. Empty for the others.
    pub params: Vec<String>,
    /// Estimated size.
    pub size: usize,
    /// No `double` is reachable from any variant: derives `Eq` and `Hash`.
    pub eq_hash: bool,
}

/// What an `Object` variant holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectTarget {
    /// A constructor.
    Struct(StructId),
    /// A function.
    Function(FnId),
}

/// A variant of the `Object` enum.
#[derive(Debug, Clone)]
pub struct ObjectVariant {
    /// Rust variant name.
    pub name: String,
    /// Payload.
    pub target: ObjectTarget,
    /// Payload boxed.
    pub boxed: bool,
}

/// The whole analysed schema.
#[derive(Debug, Clone)]
pub struct Ir {
    /// `// LAYER N`.
    pub layer: Option<u32>,
    /// Constructors, sorted by module then name.
    pub structs: Vec<Struct>,
    /// Boxed types, sorted by module then name.
    pub enums: Vec<Enum>,
    /// Functions, sorted by module then name (empty when disabled).
    pub functions: Vec<Struct>,
    /// `Object` variants (`None` when the enum is disabled).
    pub object: Option<Vec<ObjectVariant>>,
    /// `boolTrue`/`boolFalse` exist in the schema (`Object::Bool`).
    pub has_bool: bool,
    /// Every `(id, TL name)` for `name_for_id`, sorted by id.
    pub names_by_id: Vec<(u32, String)>,
    /// Functions implement `Deserializable`.
    pub decodable_functions: bool,
    /// The source files, for the header.
    pub files: Vec<String>,
    /// Some field is a bare vector of boxed or plain elements
    /// (`vector<T>`): the private `__wire` helpers are emitted.
    pub raw_vec_helpers: bool,
    /// No `double` is reachable from any `Object` variant: `Object`
    /// derives `Eq` and `Hash`.
    pub object_eq_hash: bool,
    /// Ids of the schema's functions that `Object` does not hold (not
    /// generated, or not decodable), sorted: decoding one as `Object` says
    /// that function ids are not decodable in this build.
    pub undecodable_function_ids: Vec<u32>,
}
