//! Text rendering of a [`Value`]: the format `tl-codegen decode` prints.

use std::fmt::Write as _;

use crate::value::{Field, Value};
use typelang_runtime::mtproto::GZIP_PACKED_ID;

/// Rendering choices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RenderOptions {
    /// Prefix every line that starts a value with its byte offset, in hex
    /// (`[000018] `). Default `false`.
    pub offsets: bool,
}

impl RenderOptions {
    /// The defaults.
    pub const fn new() -> Self {
        Self { offsets: false }
    }

    /// Returns these options with [`offsets`](Self::offsets) set.
    #[must_use]
    pub const fn with_offsets(mut self, offsets: bool) -> Self {
        self.offsets = offsets;
        self
    }
}

/// Renders `value`, which starts at byte `offset` of the input, as
/// indented text ending in a newline.
///
/// One line per field and element, nested values indented by four spaces:
/// constructors as `name#id {`, bare ones as `%name {`, vectors as
/// `Vector[n] [` / `vector[n] [`, `#` flag words in hex, `bytes` in hex
/// (wrapped at 32 bytes a line), strings quoted and escaped (invalid UTF-8
/// in hex). This is the text `tl-codegen decode` prints.
pub fn render(value: &Value, offset: usize, options: RenderOptions) -> String {
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
            Value::Packed { packed, inner } => {
                let _ = write!(
                    self.out,
                    "gzip_packed#{GZIP_PACKED_ID:08x} ({} packed) {{",
                    plural_bytes(packed.len())
                );
                self.plain_line(depth + 1);
                self.value(inner, depth + 1);
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

fn plural_bytes(n: usize) -> String {
    if n == 1 {
        "1 byte".to_owned()
    } else {
        format!("{n} bytes")
    }
}
