//! The MTProto wrappers that clients parse by hand and that the bundled
//! `mtproto.tl` therefore leaves commented out, decoded when `Object` meets
//! their id and the schemas do not define it.

use typelang_runtime::RPC_ERROR_ID;

use super::{Decoder, Inner};
use crate::error::{Error, ErrorKind, Step};
use crate::value::{Field, Item, Object, Value};
use typelang_runtime::mtproto::{GZIP_PACKED_ID, MSG_CONTAINER_ID, RPC_RESULT_ID};

impl Decoder<'_, '_, '_, '_> {
    /// The wrapper with id `id` (already read), if it is one.
    pub(super) fn by_hand(&mut self, id: u32) -> Option<Result<Value, Error>> {
        Some(match id {
            RPC_RESULT_ID => self.rpc_result(),
            MSG_CONTAINER_ID => self.msg_container(),
            RPC_ERROR_ID => self.rpc_error(),
            _ => return None,
        })
    }

    /// One field read by `read`, named `owner.name` in errors.
    fn hand_field(
        &mut self,
        owner: &str,
        name: &str,
        read: impl FnOnce(&mut Self) -> Result<Value, Error>,
    ) -> Result<Field, Error> {
        let offset = self.reader.position();
        let value = read(self).map_err(|e| e.within(Step::field(owner, name)))?;
        Ok(Field {
            name: name.to_owned(),
            offset,
            value,
        })
    }

    fn long(&mut self) -> Result<Value, Error> {
        self.reader
            .read_i64()
            .map(Value::Long)
            .map_err(|e| Error::read(&e))
    }

    fn int(&mut self) -> Result<Value, Error> {
        self.reader
            .read_i32()
            .map(Value::Int)
            .map_err(|e| Error::read(&e))
    }

    /// `rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;`
    fn rpc_result(&mut self) -> Result<Value, Error> {
        self.enter()?;
        let fields = vec![
            self.hand_field("rpc_result", "req_msg_id", Self::long)?,
            self.hand_field("rpc_result", "result", Self::answer)?,
        ];
        self.leave();
        Ok(boxed_object("rpc_result", RPC_RESULT_ID, fields))
    }

    /// `rpc_error#2144ca19 error_code:int error_message:string = RpcError;`
    /// (in mtproto.tl, but often decoded with api.tl alone).
    fn rpc_error(&mut self) -> Result<Value, Error> {
        self.enter()?;
        let fields = vec![
            self.hand_field("rpc_error", "error_code", Self::int)?,
            self.hand_field("rpc_error", "error_message", |d| {
                d.reader
                    .read_bytes()
                    .map(Value::String)
                    .map_err(|e| Error::read(&e))
            })?,
        ];
        self.leave();
        Ok(boxed_object("rpc_error", RPC_ERROR_ID, fields))
    }

    /// `msg_container#73f1f8dc messages:vector<%Message> = MessageContainer;`
    /// with `message msg_id:long seqno:int bytes:int body:Object = Message;`.
    /// Each body must fill exactly the `bytes` its header announces.
    fn msg_container(&mut self) -> Result<Value, Error> {
        self.enter()?;
        let within = || Step::field("msg_container", "messages");
        let count_offset = self.reader.position();
        // A message is at least 16 bytes of header plus a 4-byte id.
        let count = self
            .reader
            .read_vector_len(20)
            .map_err(|e| Error::read(&e).within(within()))?;
        let mut items = Vec::with_capacity(self.reader.capacity_for::<Item>(count));
        for i in 0..count {
            let offset = self.reader.position();
            let message = self
                .container_message()
                .map_err(|e| e.within(Step::Index(i)).within(within()))?;
            items.push(Item {
                offset,
                value: message,
            });
        }
        self.leave();
        let messages = Field {
            name: "messages".to_owned(),
            offset: count_offset,
            value: Value::Vector {
                boxed: false,
                items,
            },
        };
        Ok(boxed_object(
            "msg_container",
            MSG_CONTAINER_ID,
            vec![messages],
        ))
    }

    fn container_message(&mut self) -> Result<Value, Error> {
        let msg_id = self.hand_field("message", "msg_id", Self::long)?;
        let seqno = self.hand_field("message", "seqno", Self::int)?;
        let bytes = self.hand_field("message", "bytes", Self::int)?;
        let announced = match bytes.value {
            Value::Int(n) => n,
            _ => 0,
        };
        let body = self.hand_field("message", "body", |d| {
            let start = d.reader.position();
            let body = d.any()?;
            let used = d.reader.position() - start;
            if usize::try_from(announced).ok() != Some(used) {
                return Err(Error::new(ErrorKind::BodyLength { used, announced }, start));
            }
            Ok(body)
        })?;
        Ok(Value::Object(Box::new(Object {
            name: "message".to_owned(),
            id: 0,
            boxed: false,
            fields: vec![msg_id, seqno, bytes, body],
        })))
    }

    /// Whether the next value is a `gzip_packed` standing for a value of
    /// `type_name` (which does not itself have a constructor with that id).
    pub(super) fn at_gzip(&self, type_name: &str) -> bool {
        self.reader.peek_u32().ok() == Some(GZIP_PACKED_ID)
            && !self
                .index
                .constructors(type_name)
                .iter()
                .any(|c| c.id == GZIP_PACKED_ID)
    }

    /// A `gzip_packed` at the reader (id not read yet), inflated within the
    /// decode's limits and decoded as `inner` says.
    pub(super) fn packed(&mut self, inner: Inner<'_>) -> Result<Value, Error> {
        let (index, answer) = (self.index, self.answer);
        let (packed, value) = typelang_runtime::mtproto::unpack(&mut *self.reader, |reader| {
            let mut d = Decoder {
                index,
                reader,
                answer,
            };
            match inner {
                Inner::Any => d.any(),
                Inner::Type(ty) => d.value(ty),
                Inner::Answer => d.answer(),
            }
        })
        .map_err(|e: Error| e.within(Step::field("gzip_packed", "packed_data")))?;
        Ok(Value::Packed {
            packed,
            inner: Box::new(value),
        })
    }

    /// The `result` of an `rpc_result`: an `rpc_error`, a `gzip_packed` of
    /// the answer, or the answer, typed by the request when it is known.
    fn answer(&mut self) -> Result<Value, Error> {
        match self.reader.peek_u32().ok() {
            Some(GZIP_PACKED_ID) => self.packed(Inner::Answer),
            Some(RPC_ERROR_ID) => self.any(),
            _ => match self.answer {
                Some(ty) => self.value(ty),
                None => self.any(),
            },
        }
    }
}

fn boxed_object(name: &str, id: u32, fields: Vec<Field>) -> Value {
    Value::Object(Box::new(Object {
        name: name.to_owned(),
        id,
        boxed: true,
        fields,
    }))
}
