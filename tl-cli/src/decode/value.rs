//! The decoded value tree and its text rendering.

use std::fmt::Write as _;

use tl_runtime::bytes::Bytes;

/// One decoded TL value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A `#` word that is not used as a flags word.
    Nat(u32),
    /// A `#` word that conditional fields refer to (shown in hex).
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
    /// `string`: kept as bytes so invalid UTF-8 can still be shown.
    String(Bytes),
    /// `bytes`.
    Bytes(Bytes),
    /// `Bool` (`boolTrue` / `boolFalse`).
    Bool(bool),
    /// A present `flags.N?true` field, or a bare/boxed `true`.
    True,
    /// `Vector<T>` (boxed) or `vector<T>` (bare).
    Vector {
        /// Whether the `0x1cb5c415` id was on the wire.
        boxed: bool,
        /// The elements.
        items: Vec<Item>,
    },
    /// A constructor or function call with its fields.
    Object(Box<Object>),
    /// An `n*[ ... ]` repetition: one row of fields per repetition.
    Repeated(Vec<Vec<Field>>),
}

/// A vector element and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    /// Byte offset of the element.
    pub(crate) offset: usize,
    /// The element.
    pub(crate) value: Value,
}

/// A decoded constructor or function.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Object {
    /// The TL name (`messages.requestEncryption`).
    pub(crate) name: String,
    /// The constructor id.
    pub(crate) id: u32,
    /// Whether the id was on the wire (boxed) or implied (bare).
    pub(crate) boxed: bool,
    /// The present fields in wire order.
    pub(crate) fields: Vec<Field>,
}

/// One present field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// The parameter name; empty for anonymous parameters.
    pub(crate) name: String,
    /// Byte offset where the field starts.
    pub(crate) offset: usize,
    /// The field value.
    pub(crate) value: Value,
}

/// Rendering choices.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RenderOptions {
    /// Prefix every line that starts a value with its byte offset.
    pub(crate) offsets: bool,
}

/// Renders `value` (starting at byte `offset`) as indented text.
pub(crate) fn render(value: &Value, offset: usize, options: RenderOptions) -> String {
    let mut r = Renderer {
        out: String::new(),
        options,
    };
    r.line_start(offset, 0);
    r.value(value, 0);
    r.out.push('\n');
    r.out
}

const INDENT: &str = "    ";
/// Bytes per line when a `bytes` value is long enough to be wrapped.
const HEX_LINE: usize = 32;

struct Renderer {
    out: String,
    options: RenderOptions,
}

impl Renderer {
    fn line_start(&mut self, offset: usize, depth: usize) {
        if self.options.offsets {
            let _ = write!(self.out, "[{offset:06x}] ");
        }
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
    }

    /// Starts a continuation line that belongs to no particular offset.
    fn plain_line(&mut self, depth: usize) {
        self.out.push('\n');
        if self.options.offsets {
            self.out.push_str("         ");
        }
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
    }

    fn value(&mut self, value: &Value, depth: usize) {
        match value {
            Value::Nat(n) => {
                let _ = write!(self.out, "{n}");
            }
            Value::Flags(n) => {
                let _ = write!(self.out, "{n:#010x}");
            }
            Value::Int(n) => {
                let _ = write!(self.out, "{n}");
            }
            Value::Long(n) => {
                let _ = write!(self.out, "{n}");
            }
            Value::Double(n) => {
                let _ = write!(self.out, "{n:?}");
            }
            Value::Int128(b) => self.fixed("int128", b),
            Value::Int256(b) => self.fixed("int256", b),
            Value::String(b) => match std::str::from_utf8(b) {
                Ok(s) => {
                    let _ = write!(self.out, "{s:?}");
                }
                Err(_) => self.bytes("string (invalid UTF-8)", b, depth),
            },
            Value::Bytes(b) => self.bytes("bytes", b, depth),
            Value::Bool(b) => {
                let _ = write!(self.out, "{b}");
            }
            Value::True => self.out.push_str("true"),
            Value::Vector { boxed, items } => {
                let _ = write!(
                    self.out,
                    "{}[{}]",
                    if *boxed { "Vector" } else { "vector" },
                    items.len()
                );
                if items.is_empty() {
                    self.out.push_str(" []");
                    return;
                }
                self.out.push_str(" [");
                for item in items {
                    self.out.push('\n');
                    self.line_start(item.offset, depth + 1);
                    self.value(&item.value, depth + 1);
                }
                self.out.push('\n');
                self.line_end_marker(depth, ']');
            }
            Value::Object(obj) => {
                if obj.boxed {
                    let _ = write!(self.out, "{}#{:08x}", obj.name, obj.id);
                } else {
                    let _ = write!(self.out, "%{}", obj.name);
                }
                if obj.fields.is_empty() {
                    return;
                }
                self.out.push_str(" {");
                self.fields(&obj.fields, depth + 1);
                self.out.push('\n');
                self.line_end_marker(depth, '}');
            }
            Value::Repeated(rows) => {
                let _ = write!(self.out, "[{}]", rows.len());
                if rows.is_empty() {
                    self.out.push_str(" []");
                    return;
                }
                self.out.push_str(" [");
                for row in rows {
                    let offset = row.first().map_or(0, |f| f.offset);
                    self.out.push('\n');
                    self.line_start(offset, depth + 1);
                    match row.as_slice() {
                        [single] if single.name.is_empty() => self.value(&single.value, depth + 1),
                        _ => {
                            self.out.push('{');
                            self.fields(row, depth + 2);
                            self.out.push('\n');
                            self.line_end_marker(depth + 1, '}');
                        }
                    }
                }
                self.out.push('\n');
                self.line_end_marker(depth, ']');
            }
        }
    }

    fn line_end_marker(&mut self, depth: usize, c: char) {
        if self.options.offsets {
            self.out.push_str("         ");
        }
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
        self.out.push(c);
    }

    fn fields(&mut self, fields: &[Field], depth: usize) {
        for field in fields {
            self.out.push('\n');
            self.line_start(field.offset, depth);
            if field.name.is_empty() {
                self.out.push_str("_: ");
            } else {
                self.out.push_str(&field.name);
                self.out.push_str(": ");
            }
            self.value(&field.value, depth);
        }
    }

    fn fixed(&mut self, label: &str, b: &[u8]) {
        self.out.push_str(label);
        self.out.push_str(" 0x");
        hex(&mut self.out, b);
    }

    fn bytes(&mut self, label: &str, b: &[u8], depth: usize) {
        let _ = write!(self.out, "{label}[{}]", b.len());
        if b.is_empty() {
            return;
        }
        if b.len() <= HEX_LINE {
            self.out.push(' ');
            hex(&mut self.out, b);
            return;
        }
        for chunk in b.chunks(HEX_LINE) {
            self.plain_line(depth + 1);
            hex(&mut self.out, chunk);
        }
    }
}

fn hex(out: &mut String, b: &[u8]) {
    for byte in b {
        let _ = write!(out, "{byte:02x}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, offset: usize, value: Value) -> Field {
        Field {
            name: name.to_owned(),
            offset,
            value,
        }
    }

    #[test]
    fn renders_nested_objects_and_vectors() {
        let value = Value::Object(Box::new(Object {
            name: "a.b".to_owned(),
            id: 0x1234,
            boxed: true,
            fields: vec![
                field("flags", 4, Value::Flags(5)),
                field(
                    "ids",
                    8,
                    Value::Vector {
                        boxed: true,
                        items: vec![
                            Item {
                                offset: 16,
                                value: Value::Long(-1),
                            },
                            Item {
                                offset: 24,
                                value: Value::Long(2),
                            },
                        ],
                    },
                ),
                field("s", 32, Value::String(Bytes::from_static(b"hi\n"))),
                field(
                    "e",
                    36,
                    Value::Vector {
                        boxed: false,
                        items: vec![],
                    },
                ),
            ],
        }));
        let text = render(&value, 0, RenderOptions::default());
        assert_eq!(
            text,
            "a.b#00001234 {\n    flags: 0x00000005\n    ids: Vector[2] [\n        -1\n        2\n    ]\n    s: \"hi\\n\"\n    e: vector[0] []\n}\n"
        );
    }

    #[test]
    fn wraps_long_bytes_and_shows_offsets() {
        let value = Value::Bytes(Bytes::from(vec![0xab; 40]));
        let text = render(&value, 8, RenderOptions { offsets: true });
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "[000008] bytes[40]");
        assert_eq!(lines[1], format!("             {}", "ab".repeat(32)));
        assert_eq!(lines[2], format!("             {}", "ab".repeat(8)));
    }

    #[test]
    fn invalid_utf8_strings_fall_back_to_hex() {
        let value = Value::String(Bytes::from_static(&[0xff, 0x00]));
        assert_eq!(
            render(&value, 0, RenderOptions::default()),
            "string (invalid UTF-8)[2] ff00\n"
        );
    }
}
