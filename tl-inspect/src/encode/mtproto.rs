//! The MTProto wrappers the decoder parses by hand (`gzip_packed`,
//! `rpc_result`, `rpc_error`, `msg_container`), written back the same way.

use serde_json::{Map, Value as Json};
use typelang_runtime::RPC_ERROR_ID;
use typelang_runtime::bytes::BufMut;
use typelang_runtime::mtproto::{GZIP_PACKED_ID, GzipPacked, MSG_CONTAINER_ID, RPC_RESULT_ID};

use super::{EncodeError, EncodeErrorKind, Encoder, Inner, Seg, type_name};
use crate::json::UNPACKED_KEY;

impl Encoder<'_, '_> {
    /// A `gzip_packed`: its packed bytes as given, or else its `unpacked`
    /// value serialized and compressed.
    pub(super) fn packed(
        &mut self,
        map: &Map<String, Json>,
        inner: Inner<'_>,
    ) -> Result<(), EncodeError> {
        self.check_keys(
            map,
            "gzip_packed",
            ["packed_data", UNPACKED_KEY].into_iter(),
        )?;
        self.out.put_u32_le(GZIP_PACKED_ID);
        if let Some(j) = map.get("packed_data") {
            let data = self.within(Seg::Key("packed_data".to_owned()), |e| {
                e.base64_of(j, "packed_data")
            })?;
            return self.put_bytes(&data, j);
        }
        let Some(j) = map.get(UNPACKED_KEY) else {
            return Err(self.err(EncodeErrorKind::MissingField {
                field: "packed_data".to_owned(),
            }));
        };
        let outer = std::mem::take(&mut self.out);
        let result = self.within(Seg::Key(UNPACKED_KEY.to_owned()), |e| match inner {
            Inner::Any => e.any(j),
            Inner::Type(ty) => e.value(ty, j),
            Inner::Answer => e.answer(j),
        });
        let plain = std::mem::replace(&mut self.out, outer);
        result?;
        let packed = GzipPacked::pack(&plain);
        self.put_bytes(&packed.packed_data, j)
    }

    pub(super) fn field(
        &mut self,
        map: &Map<String, Json>,
        name: &str,
        f: impl FnOnce(&mut Self, &Json) -> Result<(), EncodeError>,
    ) -> Result<(), EncodeError> {
        let Some(j) = map.get(name) else {
            return Err(self.err(EncodeErrorKind::MissingField {
                field: name.to_owned(),
            }));
        };
        self.within(Seg::Key(name.to_owned()), |e| f(e, j))
    }

    /// `rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;`
    pub(super) fn rpc_result(&mut self, map: &Map<String, Json>) -> Result<(), EncodeError> {
        self.check_keys(map, "rpc_result", ["req_msg_id", "result"].into_iter())?;
        self.out.put_u32_le(RPC_RESULT_ID);
        self.field(map, "req_msg_id", |e, j| {
            let n = e.i64_of(j)?;
            e.out.put_i64_le(n);
            Ok(())
        })?;
        self.field(map, "result", Self::answer)
    }

    /// The `result` of an `rpc_result`, as the decoder reads it.
    pub(super) fn answer(&mut self, json: &Json) -> Result<(), EncodeError> {
        if let Json::Object(map) = json {
            match type_name(map).and_then(Json::as_str) {
                Some("gzip_packed") => return self.packed(map, Inner::Answer),
                Some("rpc_error") => return self.any(json),
                _ => {}
            }
        }
        match self.answer {
            Some(ty) => self.value(ty, json),
            None => self.any(json),
        }
    }

    /// `rpc_error#2144ca19 error_code:int error_message:string = RpcError;`
    pub(super) fn rpc_error(&mut self, map: &Map<String, Json>) -> Result<(), EncodeError> {
        self.check_keys(
            map,
            "rpc_error",
            ["error_code", "error_message"].into_iter(),
        )?;
        self.out.put_u32_le(RPC_ERROR_ID);
        self.field(map, "error_code", |e, j| {
            let n = e.i32_of(j)?;
            e.out.put_i32_le(n);
            Ok(())
        })?;
        self.field(map, "error_message", |e, j| {
            let Json::String(s) = j else {
                return Err(e.wrong("a string", j));
            };
            e.put_bytes(s.as_bytes(), j)
        })
    }

    /// `msg_container#73f1f8dc messages:vector<%Message> = MessageContainer;`
    /// with `message msg_id:long seqno:int bytes:int body:Object`; `bytes`
    /// is computed (and checked when given).
    pub(super) fn msg_container(&mut self, map: &Map<String, Json>) -> Result<(), EncodeError> {
        self.check_keys(map, "msg_container", ["messages"].into_iter())?;
        self.out.put_u32_le(MSG_CONTAINER_ID);
        self.field(map, "messages", |e, j| {
            e.vector(j, |e, message| {
                let map = e.object(message, "a message")?;
                e.check_keys(
                    map,
                    "message",
                    ["msg_id", "seqno", "bytes", "body"].into_iter(),
                )?;
                e.field(map, "msg_id", |e, j| {
                    let n = e.i64_of(j)?;
                    e.out.put_i64_le(n);
                    Ok(())
                })?;
                e.field(map, "seqno", |e, j| {
                    let n = e.i32_of(j)?;
                    e.out.put_i32_le(n);
                    Ok(())
                })?;
                let at = e.out.len();
                e.out.put_u32_le(0);
                e.field(map, "body", Self::any)?;
                let used = e.out.len() - at - 4;
                if let Some(j) = map.get("bytes") {
                    let given = e.within(Seg::Key("bytes".to_owned()), |e| e.i32_of(j))?;
                    if usize::try_from(given).ok() != Some(used) {
                        e.path.push(Seg::Key("bytes".to_owned()));
                        return Err(e.err(EncodeErrorKind::Count {
                            expected: used,
                            found: usize::try_from(given).unwrap_or(0),
                        }));
                    }
                }
                let used = i32::try_from(used).map_err(|_| e.invalid("a smaller body", message))?;
                e.out[at..at + 4].copy_from_slice(&used.to_le_bytes());
                Ok(())
            })
        })
    }
}
