//! The MTProto wrappers that clients parse by hand and that the bundled
//! `mtproto.tl` therefore leaves commented out, decoded when `Object` meets
//! their id and the schemas do not define it.

use tl_runtime::RPC_ERROR_ID;

use super::Decoder;
use crate::error::{Error, ErrorKind, Step};
use crate::value::{Field, Item, Object, Value};
use tl_runtime::mtproto::{GZIP_PACKED_ID, MSG_CONTAINER_ID, RPC_RESULT_ID};

impl Decoder<'_, '_, '_, '_> {
    /// The wrapper with id `id` (already read), if it is one.
    pub(super) fn by_hand(&mut self, id: u32) -> Option<Result<Value, Error>> {
        Some(match id {
            RPC_RESULT_ID => self.rpc_result(),
            MSG_CONTAINER_ID => self.msg_container(),
            GZIP_PACKED_ID => self.gzip_packed(),
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
            self.hand_field("rpc_result", "result", Self::any)?,
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

    /// `gzip_packed#3072cfa1 packed_data:bytes = Object;` The data is kept
    /// as is: inflating it would need a decompressor this crate does not
    /// carry.
    fn gzip_packed(&mut self) -> Result<Value, Error> {
        let data = self.hand_field("gzip_packed", "packed_data", |d| {
            d.reader
                .read_bytes()
                .map(Value::Bytes)
                .map_err(|e| Error::read(&e))
        })?;
        Ok(boxed_object("gzip_packed", GZIP_PACKED_ID, vec![data]))
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
