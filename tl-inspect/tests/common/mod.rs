//! Helpers shared by the integration tests: schemas, the wire form written
//! by hand, and short ways to decode.
#![allow(dead_code, unreachable_pub)]

use std::path::Path;

use typelang_inspect::{Error, Index, Target, Value, decode};
use typelang_parser::ast::Schema;
use typelang_parser::{IdCheck, ParseOptions};
use typelang_runtime::{DecodeOptions, Reader};

/// Parses a schema text the way `tl-codegen decode` does: explicit ids are
/// the ones on the wire, whether or not they match the text.
pub fn parse(text: &str) -> Schema {
    let options = ParseOptions {
        id_check: IdCheck::Warn,
        ..ParseOptions::default()
    };
    typelang_parser::parse(text, &options)
        .expect("schema parses")
        .schema
}

fn read(path: &Path) -> Schema {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(&text)
}

/// One of the repository's bundled schemas (`api.tl`, `mtproto.tl`,
/// `secret.tl`), read where they live rather than copied.
pub fn bundled(name: &str) -> Schema {
    read(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../schema")
            .join(name),
    )
}

/// A schema of `tests/fixtures/`.
pub fn fixture(name: &str) -> Schema {
    read(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
}

/// The id of `name` in `schema`.
pub fn id_of(schema: &Schema, name: &str) -> u32 {
    schema
        .definitions
        .iter()
        .find(|d| d.name.to_string() == name)
        .unwrap_or_else(|| panic!("{name} defined"))
        .id
}

/// Resolves `ty` (as `--type` would) and decodes the whole of `input`,
/// returning the value and the bytes left after it.
pub fn decode_as(index: &Index<'_>, ty: &str, input: &[u8]) -> Result<(Value, usize), Error> {
    decode_with(index, ty, false, input, &DecodeOptions::new())
}

pub fn decode_with(
    index: &Index<'_>,
    ty: &str,
    bare: bool,
    input: &[u8],
    options: &DecodeOptions,
) -> Result<(Value, usize), Error> {
    let target = Target::parse(index, ty, bare).unwrap_or_else(|e| panic!("{ty}: {e}"));
    let mut reader = Reader::new(input, options);
    let value = decode(index, &mut reader, &target)?;
    Ok((value, reader.remaining()))
}

/// Decodes `input`, which must be one whole value of `ty`.
#[track_caller]
pub fn value_of(index: &Index<'_>, ty: &str, input: &[u8]) -> Value {
    match decode_as(index, ty, input) {
        Ok((value, 0)) => value,
        Ok((_, left)) => panic!("{left} bytes left"),
        Err(e) => panic!("{e}"),
    }
}

/// The TL wire form, written by hand.
#[derive(Default, Clone)]
pub struct Wire(pub Vec<u8>);

impl Wire {
    pub fn u32(mut self, v: u32) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn int(self, v: i32) -> Self {
        self.u32(v as u32)
    }
    pub fn long(mut self, v: i64) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn double(mut self, v: f64) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn raw(mut self, b: &[u8]) -> Self {
        self.0.extend_from_slice(b);
        self
    }
    /// `bytes` / `string`: short or long length prefix, then zero padding.
    pub fn bytes(mut self, b: &[u8]) -> Self {
        let header = if b.len() < 254 {
            self.0.push(b.len() as u8);
            1
        } else {
            self.0.push(254);
            self.0
                .extend_from_slice(&(b.len() as u32).to_le_bytes()[..3]);
            4
        };
        self.0.extend_from_slice(b);
        let pad = (4 - (header + b.len()) % 4) % 4;
        self.0.extend(std::iter::repeat_n(0, pad));
        self
    }
}

/// `messages.requestEncryption` of api.tl, with an `inputUser`.
pub fn request_encryption() -> Wire {
    Wire::default()
        .u32(0xf64daf43)
        .u32(0xf21158c6) // inputUser
        .long(1234567890)
        .long(-42)
        .int(7)
        .bytes(&[1, 2, 3, 4, 5])
}

/// The fixture's `wrap` around a `sample` that uses every wire form.
pub fn every_feature(schema: &Schema) -> Wire {
    Wire::default()
        .u32(id_of(schema, "wrap"))
        .int(3) // tag
        .u32(id_of(schema, "sample")) // query:!X
        .u32(0b111) // flags: big, name, ratio
        .bytes(b"hi") // name
        .double(0.5) // ratio
        .u32(0xbc799737) // ok: boolFalse
        .raw(&[0x11; 16]) // nonce
        .raw(&[0x22; 32]) // key
        .u32(2) // points: bare vector of bare points
        .int(1)
        .int(2)
        .int(3)
        .int(4)
        .u32(0x1cb5c415) // ids
        .u32(1)
        .long(-9)
        .u32(2) // count
        .int(10) // pairs[0]
        .long(11)
        .int(20) // pairs[1]
        .long(21)
}

/// A `msg_container` of an `rpc_result` and a `msgs_ack` whose header
/// announces `second_len` bytes.
pub fn container(second_len: i32) -> Wire {
    let rpc_result = rpc_result_true();
    Wire::default()
        .u32(0x73f1f8dc)
        .u32(2)
        .long(1)
        .int(1)
        .int(rpc_result.0.len() as i32)
        .raw(&rpc_result.0)
        .long(2)
        .int(3)
        .int(second_len)
        .raw(&msgs_ack().0)
}

pub fn rpc_result_true() -> Wire {
    Wire::default().u32(0xf35c6d01).long(77).u32(0x997275b5)
}

pub fn msgs_ack() -> Wire {
    Wire::default()
        .u32(0x62d6b459)
        .u32(0x1cb5c415)
        .u32(1)
        .long(5)
}

/// `node value:int children:Vector<Node>` nested `levels` deep (the
/// innermost node has no children).
pub fn nested_nodes(node_id: u32, levels: usize) -> Vec<u8> {
    let mut wire = Wire::default();
    for _ in 1..levels {
        wire = wire.u32(node_id).int(0).u32(0x1cb5c415).u32(1);
    }
    wire.u32(node_id).int(0).u32(0x1cb5c415).u32(0).0
}
