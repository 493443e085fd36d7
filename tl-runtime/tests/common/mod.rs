//! Test types written the way generated code is expected to be written
//! against the runtime API.
#![allow(dead_code, unreachable_pub)]

use typelang_runtime::__private::{self, read_field};
use typelang_runtime::bytes::{BufMut, Bytes};
use typelang_runtime::{Bare, DecodeError, Deserializable, Identifiable, Reader, Serializable};

/// Parses hex with optional whitespace: `"15c4b51c 00000000"`.
pub fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert!(digits.len().is_multiple_of(2), "odd hex length");
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

/// A recursive type:
///
/// ```text
/// nest#c0ffee01 inner:Nested = Nested;
/// leaf#c0ffee02 value:int = Nested;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Nested {
    Nest(Box<Nested>),
    Leaf(i32),
}

pub const NEST_ID: u32 = 0xc0ff_ee01;
pub const LEAF_ID: u32 = 0xc0ff_ee02;

impl Nested {
    /// `depth` nest constructors around a leaf (built iteratively).
    pub fn chain(depth: usize, value: i32) -> Self {
        let mut n = Nested::Leaf(value);
        for _ in 0..depth {
            n = Nested::Nest(Box::new(n));
        }
        n
    }

    /// The wire form of [`Nested::chain`], built without recursion so it can
    /// be arbitrarily deep.
    pub fn chain_bytes(depth: usize, value: i32) -> Vec<u8> {
        let mut out = Vec::with_capacity(depth * 4 + 8);
        for _ in 0..depth {
            out.put_u32_le(NEST_ID);
        }
        out.put_u32_le(LEAF_ID);
        out.put_i32_le(value);
        out
    }
}

impl Serializable for Nested {
    fn serialized_len(&self) -> usize {
        match self {
            Nested::Nest(inner) => 4 + inner.serialized_len(),
            Nested::Leaf(v) => 4 + v.serialized_len(),
        }
    }

    fn serialize(&self, buf: &mut impl BufMut) {
        match self {
            Nested::Nest(inner) => {
                buf.put_u32_le(NEST_ID);
                inner.serialize(buf);
            }
            Nested::Leaf(v) => {
                buf.put_u32_le(LEAF_ID);
                v.serialize(buf);
            }
        }
    }
}

impl Deserializable for Nested {
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        __private::nested(reader, "Nested", |r| {
            let id = r.read_u32()?;
            match id {
                NEST_ID => Ok(Nested::Nest(read_field(r, "nest.inner")?)),
                LEAF_ID => Ok(Nested::Leaf(read_field(r, "leaf.value")?)),
                _ => Err(__private::unknown_constructor(r, id, "Nested")),
            }
        })
    }
}

/// A constructor using every primitive:
///
/// ```text
/// sample#5a5a5a5a flags:# a:int b:long c:flags.0?string d:flags.1?true
///     e:Vector<long> f:bytes g:double h:int128 i:int256 k:Bool
///     l:Vector<string> m:vector<int> = Sample;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub a: i32,
    pub b: i64,
    pub c: Option<String>,
    pub d: bool,
    pub e: Vec<i64>,
    pub f: Bytes,
    pub g: f64,
    pub h: [u8; 16],
    pub i: [u8; 32],
    pub k: bool,
    pub l: Vec<String>,
    pub m: typelang_runtime::RawVec<i32>,
}

impl Identifiable for Sample {
    const CONSTRUCTOR_ID: u32 = 0x5a5a_5a5a;
}

impl Bare for Sample {
    const MIN_BARE_SIZE: usize = 4 + 4 + 8 + 8 + 4 + 8 + 16 + 32 + 4 + 8 + 4;

    fn bare_len(&self) -> usize {
        4 + self.a.serialized_len()
            + self.b.serialized_len()
            + self.c.as_ref().map_or(0, |c| c.serialized_len())
            + self.e.serialized_len()
            + self.f.serialized_len()
            + self.g.serialized_len()
            + self.h.serialized_len()
            + self.i.serialized_len()
            + self.k.serialized_len()
            + self.l.serialized_len()
            + self.m.serialized_len()
    }

    fn serialize_bare(&self, buf: &mut impl BufMut) {
        let flags = __private::bit_if(self.c.is_some(), 0) | __private::bit_if(self.d, 1);
        __private::write_u32(buf, flags);
        self.a.serialize(buf);
        self.b.serialize(buf);
        if let Some(c) = &self.c {
            c.serialize(buf);
        }
        self.e.serialize(buf);
        self.f.serialize(buf);
        self.g.serialize(buf);
        self.h.serialize(buf);
        self.i.serialize(buf);
        self.k.serialize(buf);
        self.l.serialize(buf);
        self.m.serialize(buf);
    }

    fn deserialize_bare(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        __private::nested(r, "Sample", |r| {
            let flags = __private::read_flags(r, "sample.flags")?;
            Ok(Sample {
                a: read_field(r, "sample.a")?,
                b: read_field(r, "sample.b")?,
                c: if __private::flag(flags, 0) {
                    Some(read_field(r, "sample.c")?)
                } else {
                    None
                },
                d: __private::flag(flags, 1),
                e: read_field(r, "sample.e")?,
                f: read_field(r, "sample.f")?,
                g: read_field(r, "sample.g")?,
                h: read_field(r, "sample.h")?,
                i: read_field(r, "sample.i")?,
                k: read_field(r, "sample.k")?,
                l: read_field(r, "sample.l")?,
                m: read_field(r, "sample.m")?,
            })
        })
    }
}

impl Serializable for Sample {
    fn serialized_len(&self) -> usize {
        4 + self.bare_len()
    }

    fn serialize(&self, buf: &mut impl BufMut) {
        buf.put_u32_le(Self::CONSTRUCTOR_ID);
        self.serialize_bare(buf);
    }
}

impl Deserializable for Sample {
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        reader.expect_id(Self::CONSTRUCTOR_ID, "Sample")?;
        Self::deserialize_bare(reader)
    }
}

pub fn sample() -> Sample {
    Sample {
        a: -7,
        b: i64::MAX,
        c: Some("caption".into()),
        d: true,
        e: vec![1, -1, i64::MIN],
        f: Bytes::from_static(&[0, 1, 2, 3, 4, 5]),
        g: -0.5,
        h: [0x11; 16],
        i: [0x22; 32],
        k: false,
        l: vec!["a".into(), "".into(), "x".repeat(300)],
        m: vec![5, 6].into(),
    }
}
