//! The decoded value tree.
//!
//! A [`Value`] keeps what the wire said, not an interpretation of it: TL
//! names of constructors and fields, the constructor id and whether it was
//! on the wire, whether a vector was boxed, the raw word of every `#` field
//! (conditional fields that are absent are simply not listed), `string`
//! data as bytes (so invalid UTF-8 survives), and the byte offset where
//! each field and element starts. That is enough to render it as text
//! ([`render`](crate::render())), and enough to write the same bytes back.

use typelang_runtime::bytes::Bytes;

/// One decoded TL value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A `#` word that no conditional field refers to (a count, a size).
    Nat(u32),
    /// A `#` word that conditional fields refer to, as read (bits that no
    /// field names are kept).
    Flags(u32),
    /// `int`.
    Int(i32),
    /// `long`.
    Long(i64),
    /// `double`.
    Double(f64),
    /// `int128`, in wire byte order.
    Int128([u8; 16]),
    /// `int256`, in wire byte order.
    Int256([u8; 32]),
    /// `string`: kept as bytes so that invalid UTF-8 can still be shown.
    String(Bytes),
    /// `bytes`.
    Bytes(Bytes),
    /// `Bool` (`boolTrue` / `boolFalse`).
    Bool(bool),
    /// A present `flags.N?true` field, or a bare or boxed `true`.
    True,
    /// `Vector<T>` (boxed) or `vector<T>` (bare).
    Vector {
        /// Whether the vector's constructor id was on the wire.
        boxed: bool,
        /// The elements.
        items: Vec<Item>,
    },
    /// A constructor or a function call, with its fields.
    Object(Box<Object>),
    /// An `n*[ ... ]` repetition: one row of fields per repetition.
    Repeated(Vec<Vec<Field>>),
    /// A `gzip_packed` seen through: the packed bytes as they were on the
    /// wire (so the same bytes can be written back) and the value they
    /// inflate to. Offsets inside `inner` count from the start of the
    /// inflated data.
    Packed {
        /// `packed_data`, compressed.
        packed: Bytes,
        /// What it inflates to, decoded.
        inner: Box<Value>,
    },
}

impl Value {
    /// The object, if this value is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(object) => Some(object),
            _ => None,
        }
    }

    /// The elements, if this value is a vector.
    pub fn as_items(&self) -> Option<&[Item]> {
        match self {
            Value::Vector { items, .. } => Some(items),
            _ => None,
        }
    }
}

/// A vector element and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Byte offset of the element in the input.
    pub offset: usize,
    /// The element.
    pub value: Value,
}

/// A decoded constructor or function call.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    /// The TL name, namespace included (`messages.requestEncryption`).
    pub name: String,
    /// The constructor id (0 for the hand-parsed `message` of a
    /// `msg_container`, which has none).
    pub id: u32,
    /// Whether the id was on the wire (boxed) or implied (bare).
    pub boxed: bool,
    /// The fields present on the wire, in wire order.
    pub fields: Vec<Field>,
}

impl Object {
    /// The value of the first field called `name`, if present.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| &f.value)
    }
}

/// One field present on the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The TL parameter name; empty for anonymous parameters (`# [ t ]`).
    pub name: String,
    /// Byte offset where the field starts in the input.
    pub offset: usize,
    /// The field's value.
    pub value: Value,
}
