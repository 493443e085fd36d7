//! JSON leaves to TL primitives: integers (as numbers or strings), doubles
//! (with the spec's NaN and infinity spellings), base64 `bytes`, hex
//! `int128`/`int256`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::Value as Json;
use typelang_runtime::bytes::BufMut;
use typelang_runtime::primitives::{MAX_BYTES_LEN, write_bytes};

use super::{EncodeError, Encoder};
use crate::json::CANONICAL_NAN;

impl Encoder<'_, '_> {
    pub(super) fn i32_of(&self, json: &Json) -> Result<i32, EncodeError> {
        let n = json.as_i64().ok_or_else(|| match json {
            Json::Number(_) => self.invalid("an int (32-bit integer)", json),
            _ => self.wrong("an int (a number)", json),
        })?;
        i32::try_from(n).map_err(|_| self.invalid("an int (32-bit integer)", json))
    }

    pub(super) fn u32_of(&self, json: &Json) -> Result<u32, EncodeError> {
        let n = json.as_u64().ok_or_else(|| match json {
            Json::Number(_) => self.invalid("a # (32-bit unsigned integer)", json),
            _ => self.wrong("a # (a number)", json),
        })?;
        u32::try_from(n).map_err(|_| self.invalid("a # (32-bit unsigned integer)", json))
    }

    pub(super) fn i64_of(&self, json: &Json) -> Result<i64, EncodeError> {
        let parsed = match json {
            Json::Number(n) => n.as_i64(),
            Json::String(s) => s.parse().ok(),
            _ => return Err(self.wrong("a long (a number or a string)", json)),
        };
        parsed.ok_or_else(|| self.invalid("a long (64-bit integer)", json))
    }

    pub(super) fn f64_of(&self, json: &Json) -> Result<f64, EncodeError> {
        let x = match json {
            Json::Number(n) => n.as_f64(),
            Json::String(s) => match s.as_str() {
                "NaN" => Some(f64::from_bits(CANONICAL_NAN)),
                "Infinity" => Some(f64::INFINITY),
                "-Infinity" => Some(f64::NEG_INFINITY),
                s => s
                    .strip_prefix("NaN:")
                    .and_then(|h| u64::from_str_radix(h, 16).ok())
                    .map(f64::from_bits)
                    .filter(|x| x.is_nan()),
            },
            _ => return Err(self.wrong("a double (a number)", json)),
        };
        x.ok_or_else(|| self.invalid("a double (a number, \"NaN\" or \"Infinity\")", json))
    }

    pub(super) fn base64_of(&self, json: &Json, what: &str) -> Result<Vec<u8>, EncodeError> {
        let Json::String(s) = json else {
            return Err(self.wrong(&format!("{what} (a base64 string)"), json));
        };
        BASE64
            .decode(s)
            .map_err(|e| self.invalid(&format!("{what} in padded base64 ({e})"), json))
    }

    pub(super) fn put_bytes(&mut self, data: &[u8], json: &Json) -> Result<(), EncodeError> {
        if data.len() > MAX_BYTES_LEN {
            return Err(self.invalid(&format!("at most {MAX_BYTES_LEN} bytes"), json));
        }
        write_bytes(&mut self.out, data);
        Ok(())
    }

    pub(super) fn fixed_hex<const N: usize>(
        &mut self,
        json: &Json,
        what: &str,
    ) -> Result<(), EncodeError> {
        let Json::String(s) = json else {
            return Err(self.wrong(&format!("{what} (a hex string)"), json));
        };
        let bytes = crate::parse_hex(s).ok().filter(|b| b.len() == N);
        let Some(bytes) = bytes else {
            return Err(self.invalid(&format!("{what} as {} hex digits", N * 2), json));
        };
        self.out.put_slice(&bytes);
        Ok(())
    }
}
