//! A dynamic TL decoder: reads any value using nothing but the schema AST.
//!
//! Boxed types read a constructor id and look it up among the constructors
//! of the expected type; bare types (`%T`, lowercase constructor names,
//! `vector<T>`) read the fields directly. Conditional fields consult the `#`
//! words decoded before them, repetitions their multiplicity. Generic
//! arguments (`{t:Type}` bound by the result type's arguments) are
//! substituted, and `!X` / `Object` accept any constructor or function of the
//! schemas. Primitive reads go through [`tl_runtime::Reader`], which checks
//! every length against the bytes left before it allocates; nesting is
//! bounded by a depth limit. Nothing here panics on any input.

use std::collections::{HashMap, HashSet};

use tl_parser::ast::{Category, Definition, Multiplicity, Param, ParamKind, Schema, TypeExpr};
use tl_runtime::{DecodeError, Reader};

use super::value::{Field, Item, Object, Value};

/// Id of the boxed `Vector` constructor.
pub(crate) const VECTOR_ID: u32 = 0x1cb5c415;
/// `boolTrue#997275b5 = Bool;`
const BOOL_TRUE_ID: u32 = 0x997275b5;
/// `boolFalse#bc799737 = Bool;`
const BOOL_FALSE_ID: u32 = 0xbc799737;
/// `true#3fedd339 = True;`
const TRUE_ID: u32 = 0x3fedd339;

/// `rpc_result#f35c6d01`, known even when the schemas leave it out.
const RPC_RESULT_ID: u32 = 0xf35c6d01;
/// `msg_container#73f1f8dc`, known even when the schemas leave it out.
const MSG_CONTAINER_ID: u32 = 0x73f1f8dc;
/// `gzip_packed#3072cfa1`, known even when the schemas leave it out.
const GZIP_PACKED_ID: u32 = 0x3072cfa1;

/// Elements reserved up front for a vector or repetition; larger ones grow
/// as their elements are decoded, so a count that the input merely claims
/// cannot reserve much memory.
const MAX_PREALLOC: usize = 1024;

/// Lookup tables over the definitions of one or more schemas.
#[derive(Debug, Default)]
pub(crate) struct Index<'s> {
    by_id: HashMap<u32, &'s Definition>,
    by_name: HashMap<String, &'s Definition>,
    /// Constructors of each boxed type, keyed by the type's dotted name.
    by_type: HashMap<String, Vec<&'s Definition>>,
}

impl<'s> Index<'s> {
    /// Indexes every non-builtin definition. A definition whose id is
    /// already indexed is skipped (api.tl and secret.tl both define `Bool`).
    /// One name with several ids (secret.tl's `photoSize#77bfb61b` beside
    /// api.tl's `photoSize#75c78e60`) keeps every version for decoding by id;
    /// the name alone (`--type photoSize`) means the first.
    pub(crate) fn new(schemas: impl IntoIterator<Item = &'s Schema>) -> Self {
        let mut index = Index::default();
        for schema in schemas {
            for def in &schema.definitions {
                if def.builtin || index.by_id.contains_key(&def.id) {
                    continue;
                }
                index.by_id.insert(def.id, def);
                index.by_name.entry(def.name.to_string()).or_insert(def);
                if def.category == Category::Type {
                    index
                        .by_type
                        .entry(def.result.name.to_string())
                        .or_default()
                        .push(def);
                }
            }
        }
        index
    }

    /// The constructor or function called `name`.
    pub(crate) fn definition(&self, name: &str) -> Option<&'s Definition> {
        self.by_name.get(name).copied()
    }

    /// A defined name equal to `name` but for letter case, for "did you
    /// mean" hints.
    pub(crate) fn similar_name(&self, name: &str) -> Option<&str> {
        self.by_name
            .keys()
            .chain(self.by_type.keys())
            .filter(|k| k.eq_ignore_ascii_case(name))
            .min()
            .map(String::as_str)
    }

    /// Whether some constructor builds the boxed type `name`.
    pub(crate) fn has_type(&self, name: &str) -> bool {
        self.by_type.contains_key(name)
    }
}

/// Why a value could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DumpError {
    /// Byte offset of the problem.
    pub(crate) offset: usize,
    /// What went wrong.
    pub(crate) message: String,
    /// Where in the value, innermost first (`inputUser.access_hash`,
    /// `[2]`, `messages.requestEncryption.user_id`).
    path: Vec<String>,
}

impl DumpError {
    fn new(offset: usize, message: impl Into<String>) -> Self {
        Self {
            offset,
            message: message.into(),
            path: Vec::new(),
        }
    }

    fn within(mut self, segment: impl Into<String>) -> Self {
        self.path.push(segment.into());
        self
    }

    /// The path from the outermost value to the failing one, such as
    /// `messages.requestEncryption.user_id > inputUser.access_hash`; empty
    /// when the error is at the top level.
    pub(crate) fn path(&self) -> String {
        // Join `[i]` to the segment before it: `node.children[0]`.
        let mut steps: Vec<String> = Vec::new();
        for segment in self.path.iter().rev() {
            match steps.last_mut() {
                Some(last) if segment.starts_with('[') => last.push_str(segment),
                _ => steps.push(segment.clone()),
            }
        }
        if steps.len() > PATH_ENDS * 2 + 1 {
            let hidden = steps.len() - PATH_ENDS * 2;
            let mut shown: Vec<String> = steps[..PATH_ENDS].to_vec();
            shown.push(format!("... {hidden} more ..."));
            shown.extend_from_slice(&steps[steps.len() - PATH_ENDS..]);
            steps = shown;
        }
        steps.join(" > ")
    }
}

/// A long error path shows this many steps at each end.
const PATH_ENDS: usize = 4;

/// What the top level of the input is.
#[derive(Debug, Clone)]
pub(crate) enum Target<'s> {
    /// A value of a type expression (`EncryptedChat`, `Vector<long>`, `%Message`).
    Type(TypeExpr),
    /// One specific constructor or function, with its id (`boxed`) or without.
    Definition {
        /// The definition.
        def: &'s Definition,
        /// Whether its id precedes the fields.
        boxed: bool,
    },
    /// Any constructor or function, recognised by its id.
    Any,
}

/// Decodes one value of `target` from the reader's current position.
pub(crate) fn decode(
    index: &Index<'_>,
    reader: &mut Reader<'_>,
    target: &Target<'_>,
    max_depth: usize,
) -> Result<Value, DumpError> {
    let mut d = Decoder {
        index,
        reader,
        depth: 0,
        max_depth,
    };
    match target {
        Target::Type(ty) => d.value(ty),
        Target::Definition { def, boxed } => {
            let start = d.reader.position();
            if *boxed {
                let id = d.u32()?;
                if id != def.id {
                    return Err(DumpError::new(
                        start,
                        format!(
                            "expected the id of `{}` (0x{:08x}), found 0x{id:08x}{}",
                            def.name,
                            def.id,
                            d.describe_id(id)
                        ),
                    ));
                }
            }
            d.definition(def, &[], *boxed)
        }
        Target::Any => d.any(),
    }
}

struct Decoder<'i, 's, 'r, 'b> {
    index: &'i Index<'s>,
    reader: &'r mut Reader<'b>,
    depth: usize,
    max_depth: usize,
}

/// The `#` words seen so far in one definition.
#[derive(Default)]
struct Nats<'p> {
    named: Vec<(&'p str, u32)>,
    last: Option<u32>,
}

impl Nats<'_> {
    fn get(&self, name: &str) -> Option<u32> {
        self.named
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|&(_, v)| v)
    }
}

impl<'s> Decoder<'_, 's, '_, '_> {
    fn runtime(&self, e: &DecodeError) -> DumpError {
        DumpError::new(e.offset(), super::describe_runtime_error(e))
    }

    fn u32(&mut self) -> Result<u32, DumpError> {
        self.reader.read_u32().map_err(|e| self.runtime(&e))
    }

    fn enter(&mut self) -> Result<(), DumpError> {
        if self.depth >= self.max_depth {
            return Err(DumpError::new(
                self.reader.position(),
                format!(
                    "the value nests deeper than {} levels (raise it with --max-depth)",
                    self.max_depth
                ),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// ` (constructor `x` of type `T`)` for an id the schemas know, else "".
    fn describe_id(&self, id: u32) -> String {
        match self.index.by_id.get(&id) {
            Some(def) if def.category == Category::Function => {
                format!(" (function `{}`)", def.name)
            }
            Some(def) => format!(
                " (constructor `{}` of type `{}`)",
                def.name, def.result.name
            ),
            None => String::new(),
        }
    }

    fn value(&mut self, ty: &TypeExpr) -> Result<Value, DumpError> {
        if ty.is_nat() {
            return Ok(Value::Nat(self.u32()?));
        }
        if ty.generic_ref {
            return self.any();
        }
        let name = ty.name.to_string();
        let r = &mut *self.reader;
        let primitive = match name.as_str() {
            "int" | "Int" => Some(r.read_i32().map(Value::Int)),
            "long" | "Long" => Some(r.read_i64().map(Value::Long)),
            "double" | "Double" => Some(r.read_f64().map(Value::Double)),
            "string" | "String" => Some(r.read_bytes().map(Value::String)),
            "bytes" | "Bytes" => Some(r.read_bytes().map(Value::Bytes)),
            "int128" | "Int128" => Some(r.read_int128().map(Value::Int128)),
            "int256" | "Int256" => Some(r.read_int256().map(Value::Int256)),
            _ => None,
        };
        if let Some(result) = primitive {
            return result.map_err(|e| self.runtime(&e));
        }
        match (name.as_str(), ty.args.as_slice()) {
            ("Vector", [elem]) if !ty.bare => {
                let start = self.reader.position();
                let id = self.u32()?;
                if id != VECTOR_ID {
                    return Err(DumpError::new(
                        start,
                        format!(
                            "expected a Vector (0x{VECTOR_ID:08x}), found 0x{id:08x}{}",
                            self.describe_id(id)
                        ),
                    ));
                }
                return self.vector(elem, true);
            }
            ("vector" | "Vector", [elem]) => return self.vector(elem, false),
            ("true", []) => return Ok(Value::True),
            ("Bool", []) if !ty.bare => return self.bool(),
            ("True", []) if !ty.bare => {
                let start = self.reader.position();
                let id = self.u32()?;
                if id != TRUE_ID {
                    return Err(DumpError::new(
                        start,
                        format!("expected `true` (0x{TRUE_ID:08x}), found 0x{id:08x}"),
                    ));
                }
                return Ok(Value::True);
            }
            ("Object", []) => return self.any(),
            _ => {}
        }
        if ty.bare {
            let start = self.reader.position();
            if let Some(def) = self.index.definition(&name) {
                return self.definition(def, &ty.args, false);
            }
            return match self.index.by_type.get(&name).map(Vec::as_slice) {
                Some([def]) => self.definition(def, &ty.args, false),
                Some(ctors) => Err(DumpError::new(
                    start,
                    format!(
                        "the bare type `%{name}` is ambiguous: `{name}` has {} constructors",
                        ctors.len()
                    ),
                )),
                None => Err(DumpError::new(
                    start,
                    format!("the schemas do not define the type `{name}`"),
                )),
            };
        }
        let Some(ctors) = self.index.by_type.get(&name) else {
            return Err(DumpError::new(
                self.reader.position(),
                format!("the schemas do not define the type `{name}`"),
            ));
        };
        let start = self.reader.position();
        let id = self.u32()?;
        match ctors.iter().find(|c| c.id == id) {
            Some(def) => self.definition(def, &ty.args, true),
            None => Err(DumpError::new(
                start,
                format!(
                    "unexpected constructor id 0x{id:08x} for type `{name}`{}",
                    match self.describe_id(id) {
                        d if d.is_empty() => " (unknown to the schemas)".to_owned(),
                        d => d,
                    }
                ),
            )),
        }
    }

    fn bool(&mut self) -> Result<Value, DumpError> {
        let start = self.reader.position();
        match self.u32()? {
            BOOL_TRUE_ID => Ok(Value::Bool(true)),
            BOOL_FALSE_ID => Ok(Value::Bool(false)),
            id => Err(DumpError::new(
                start,
                format!(
                    "expected a Bool (boolTrue 0x{BOOL_TRUE_ID:08x} or boolFalse 0x{BOOL_FALSE_ID:08x}), found 0x{id:08x}"
                ),
            )),
        }
    }

    /// Any constructor or function, found by its id.
    fn any(&mut self) -> Result<Value, DumpError> {
        let start = self.reader.position();
        let id = self.u32()?;
        match id {
            // Shown as in a `Bool` field, whether or not the schemas define
            // the two constructors.
            BOOL_TRUE_ID => return Ok(Value::Bool(true)),
            BOOL_FALSE_ID => return Ok(Value::Bool(false)),
            VECTOR_ID => return self.untyped_vector(),
            _ => {}
        }
        match self.index.by_id.get(&id) {
            Some(def) => self.definition(def, &[], true),
            None => match id {
                RPC_RESULT_ID => self.rpc_result(),
                MSG_CONTAINER_ID => self.msg_container(),
                GZIP_PACKED_ID => self.gzip_packed(),
                _ => Err(DumpError::new(
                    start,
                    format!(
                        "unknown constructor id 0x{id:08x}: no constructor or function of the schemas has it"
                    ),
                )),
            },
        }
    }

    /// A `Vector` where any object may appear (an `rpc_result` answering a
    /// function that returns `Vector<User>`): the element type is not on
    /// the wire. Elements that start with a constructor id the schemas know
    /// are decoded as objects; anything else (`Vector<long>`) needs
    /// `--type`.
    fn untyped_vector(&mut self) -> Result<Value, DumpError> {
        let count_at = self.reader.position();
        let count = self
            .reader
            .read_vector_len(4)
            .map_err(|e| self.runtime(&e))?;
        if count > 0 {
            let first = self.reader.peek_u32().map_err(|e| self.runtime(&e))?;
            let known = self.index.by_id.contains_key(&first)
                || matches!(first, BOOL_TRUE_ID | BOOL_FALSE_ID);
            if !known {
                return Err(DumpError::new(
                    count_at + 4,
                    format!(
                        "a Vector of {count} elements appears where any object may, and its first element does not start with a known constructor id (0x{first:08x}); the element type is not on the wire, so decode the vector with --type 'Vector<T>'"
                    ),
                ));
            }
        }
        self.enter()?;
        let mut items = Vec::with_capacity(count.min(MAX_PREALLOC));
        for i in 0..count {
            let offset = self.reader.position();
            let value = self.any().map_err(|e| e.within(format!("Vector[{i}]")))?;
            items.push(Item { offset, value });
        }
        self.leave();
        Ok(Value::Vector { boxed: true, items })
    }

    /// `rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;`
    /// (commented out in mtproto.tl: clients parse it by hand).
    fn rpc_result(&mut self) -> Result<Value, DumpError> {
        self.enter()?;
        let mut fields = Vec::with_capacity(2);
        let offset = self.reader.position();
        let req_msg_id = self
            .reader
            .read_i64()
            .map_err(|e| self.runtime(&e).within("rpc_result.req_msg_id"))?;
        fields.push(Field {
            name: "req_msg_id".to_owned(),
            offset,
            value: Value::Long(req_msg_id),
        });
        let offset = self.reader.position();
        let result = self.any().map_err(|e| e.within("rpc_result.result"))?;
        fields.push(Field {
            name: "result".to_owned(),
            offset,
            value: result,
        });
        self.leave();
        Ok(Value::Object(Box::new(Object {
            name: "rpc_result".to_owned(),
            id: RPC_RESULT_ID,
            boxed: true,
            fields,
        })))
    }

    /// `msg_container#73f1f8dc messages:vector<%Message> = MessageContainer;`
    /// with `message msg_id:long seqno:int bytes:int body:Object = Message;`
    /// (both parsed by hand in clients). Each body must fill exactly the
    /// `bytes` its header announces.
    fn msg_container(&mut self) -> Result<Value, DumpError> {
        self.enter()?;
        let count_offset = self.reader.position();
        // A message is at least 16 bytes of header plus a 4-byte id.
        let count = self
            .reader
            .read_vector_len(20)
            .map_err(|e| self.runtime(&e).within("msg_container.messages"))?;
        let mut items = Vec::with_capacity(count.min(MAX_PREALLOC));
        for i in 0..count {
            let offset = self.reader.position();
            let message = self
                .container_message()
                .map_err(|e| e.within(format!("[{i}]")).within("msg_container.messages"))?;
            items.push(Item {
                offset,
                value: message,
            });
        }
        self.leave();
        Ok(Value::Object(Box::new(Object {
            name: "msg_container".to_owned(),
            id: MSG_CONTAINER_ID,
            boxed: true,
            fields: vec![Field {
                name: "messages".to_owned(),
                offset: count_offset,
                value: Value::Vector {
                    boxed: false,
                    items,
                },
            }],
        })))
    }

    fn container_message(&mut self) -> Result<Value, DumpError> {
        let mut fields = Vec::with_capacity(4);
        let offset = self.reader.position();
        let msg_id = self
            .reader
            .read_i64()
            .map_err(|e| self.runtime(&e).within("message.msg_id"))?;
        fields.push(Field {
            name: "msg_id".to_owned(),
            offset,
            value: Value::Long(msg_id),
        });
        let offset = self.reader.position();
        let seqno = self
            .reader
            .read_i32()
            .map_err(|e| self.runtime(&e).within("message.seqno"))?;
        fields.push(Field {
            name: "seqno".to_owned(),
            offset,
            value: Value::Int(seqno),
        });
        let offset = self.reader.position();
        let len = self
            .reader
            .read_i32()
            .map_err(|e| self.runtime(&e).within("message.bytes"))?;
        fields.push(Field {
            name: "bytes".to_owned(),
            offset,
            value: Value::Int(len),
        });
        let body_start = self.reader.position();
        let body = self.any().map_err(|e| e.within("message.body"))?;
        let used = self.reader.position() - body_start;
        if usize::try_from(len).ok() != Some(used) {
            return Err(DumpError::new(
                body_start,
                format!("the body takes {used} bytes but the message header announces {len}"),
            )
            .within("message.body"));
        }
        fields.push(Field {
            name: "body".to_owned(),
            offset: body_start,
            value: body,
        });
        Ok(Value::Object(Box::new(Object {
            name: "message".to_owned(),
            id: 0,
            boxed: false,
            fields,
        })))
    }

    /// `gzip_packed#3072cfa1 packed_data:bytes = Object;` The data is shown
    /// as is: inflating it would need a decompressor this tool does not
    /// carry.
    fn gzip_packed(&mut self) -> Result<Value, DumpError> {
        let offset = self.reader.position();
        let data = self
            .reader
            .read_bytes()
            .map_err(|e| self.runtime(&e).within("gzip_packed.packed_data"))?;
        Ok(Value::Object(Box::new(Object {
            name: "gzip_packed".to_owned(),
            id: GZIP_PACKED_ID,
            boxed: true,
            fields: vec![Field {
                name: "packed_data".to_owned(),
                offset,
                value: Value::Bytes(data),
            }],
        })))
    }

    fn vector(&mut self, elem: &TypeExpr, boxed: bool) -> Result<Value, DumpError> {
        self.enter()?;
        let min = self.min_size(elem, 0).max(1);
        let count = self
            .reader
            .read_vector_len(min)
            .map_err(|e| self.runtime(&e))?;
        let mut items = Vec::with_capacity(count.min(MAX_PREALLOC));
        for i in 0..count {
            let offset = self.reader.position();
            let value = self.value(elem).map_err(|e| e.within(format!("[{i}]")))?;
            items.push(Item { offset, value });
        }
        self.leave();
        Ok(Value::Vector { boxed, items })
    }

    /// Decodes the fields of `def` (its id, if boxed, is already read).
    fn definition(
        &mut self,
        def: &'s Definition,
        args: &[TypeExpr],
        boxed: bool,
    ) -> Result<Value, DumpError> {
        self.enter()?;
        let env = bindings(def, args);
        let flag_words = flag_words(&def.params);
        let mut nats = Nats::default();
        let mut fields = Vec::with_capacity(def.params.len());
        let def_name = def.name.to_string();
        for param in &def.params {
            self.param(param, &env, &flag_words, &mut nats, &mut fields)
                .map_err(|e| e.within(format!("{def_name}.{}", param_label(param))))?;
        }
        self.leave();
        Ok(Value::Object(Box::new(Object {
            name: def_name,
            id: def.id,
            boxed,
            fields,
        })))
    }

    fn param<'p>(
        &mut self,
        param: &'p Param,
        env: &[(&str, &TypeExpr)],
        flag_words: &HashSet<&str>,
        nats: &mut Nats<'p>,
        fields: &mut Vec<Field>,
    ) -> Result<(), DumpError> {
        let offset = self.reader.position();
        let name = param.name.clone().unwrap_or_default();
        match &param.kind {
            ParamKind::Value { ty, flag } => {
                if let Some(flag) = flag {
                    let Some(word) = nats.get(&flag.field) else {
                        return Err(DumpError::new(
                            offset,
                            format!(
                                "the condition `{}.{}?` names no earlier `#` field",
                                flag.field, flag.bit
                            ),
                        ));
                    };
                    if flag.bit > 31 || word & (1 << flag.bit) == 0 {
                        return Ok(());
                    }
                }
                let ty = substitute(ty, env);
                let value = if ty.is_nat() {
                    let n = self.u32()?;
                    if let Some(pname) = &param.name {
                        nats.named.push((pname, n));
                    }
                    nats.last = Some(n);
                    if param
                        .name
                        .as_deref()
                        .is_some_and(|n| flag_words.contains(n))
                    {
                        Value::Flags(n)
                    } else {
                        Value::Nat(n)
                    }
                } else {
                    self.value(&ty)?
                };
                fields.push(Field {
                    name,
                    offset,
                    value,
                });
            }
            ParamKind::Repeated {
                multiplicity,
                fields: inner,
            } => {
                let count = match multiplicity {
                    Some(Multiplicity::Literal(n)) => *n,
                    Some(Multiplicity::Param(p)) => nats.get(p).ok_or_else(|| {
                        DumpError::new(
                            offset,
                            format!("the multiplicity `{p}` names no earlier `#` field"),
                        )
                    })?,
                    None => nats.last.ok_or_else(|| {
                        DumpError::new(offset, "a repetition without a count follows no `#` field")
                    })?,
                };
                let count = usize::try_from(count).unwrap_or(usize::MAX);
                let min: usize = inner
                    .iter()
                    .map(|p| self.param_min_size(p, env))
                    .sum::<usize>()
                    .max(1);
                let remaining = self.reader.remaining();
                if count > remaining / min {
                    return Err(DumpError::new(
                        offset,
                        format!(
                            "{count} repetitions of at least {min} bytes each do not fit in the {remaining} bytes left"
                        ),
                    ));
                }
                self.enter()?;
                let mut rows = Vec::with_capacity(count.min(MAX_PREALLOC));
                for i in 0..count {
                    let mut row_nats = Nats {
                        named: nats.named.clone(),
                        last: nats.last,
                    };
                    let mut row = Vec::with_capacity(inner.len());
                    for p in inner {
                        self.param(p, env, flag_words, &mut row_nats, &mut row)
                            .map_err(|e| e.within(format!("[{i}]")))?;
                    }
                    rows.push(row);
                }
                self.leave();
                fields.push(Field {
                    name,
                    offset,
                    value: Value::Repeated(rows),
                });
            }
        }
        Ok(())
    }

    fn param_min_size(&self, param: &Param, env: &[(&str, &TypeExpr)]) -> usize {
        match &param.kind {
            ParamKind::Value { flag: Some(_), .. } => 0,
            ParamKind::Value { ty, flag: None } => self.min_size(&substitute(ty, env), 0),
            ParamKind::Repeated {
                multiplicity: Some(Multiplicity::Literal(n)),
                fields,
            } => fields
                .iter()
                .map(|p| self.param_min_size(p, env))
                .sum::<usize>()
                .saturating_mul(*n as usize),
            ParamKind::Repeated { .. } => 0,
        }
    }

    /// A lower bound of the encoded size of `ty`, used to reject impossible
    /// element counts before allocating. Never overestimates.
    fn min_size(&self, ty: &TypeExpr, depth: usize) -> usize {
        if ty.is_nat() {
            return 4;
        }
        let name = ty.name.to_string();
        match name.as_str() {
            "int" | "Int" => return 4,
            "long" | "Long" | "double" | "Double" => return 8,
            "string" | "String" | "bytes" | "Bytes" => return 4,
            "int128" | "Int128" => return 16,
            "int256" | "Int256" => return 32,
            "true" => return 0,
            "vector" => return 4,
            _ => {}
        }
        if !ty.bare || ty.generic_ref {
            return 4;
        }
        if depth > 4 {
            return 0;
        }
        let def = self.index.definition(&name).or_else(|| {
            match self.index.by_type.get(&name).map(Vec::as_slice) {
                Some([def]) => Some(*def),
                _ => None,
            }
        });
        def.map_or(0, |def| {
            def.params
                .iter()
                .map(|p| match &p.kind {
                    ParamKind::Value { ty, flag: None } if def.type_params.is_empty() => {
                        self.min_size(ty, depth + 1)
                    }
                    _ => 0,
                })
                .sum()
        })
    }
}

fn param_label(param: &Param) -> String {
    param.name.clone().unwrap_or_else(|| "_".to_owned())
}

/// The names of the `#` fields that some condition of `params` refers to.
fn flag_words(params: &[Param]) -> HashSet<&str> {
    let mut out = HashSet::new();
    for p in params {
        match &p.kind {
            ParamKind::Value {
                flag: Some(flag), ..
            } => {
                out.insert(flag.field.as_str());
            }
            ParamKind::Value { flag: None, .. } => {}
            ParamKind::Repeated { fields, .. } => out.extend(flag_words(fields)),
        }
    }
    out
}

/// Binds the type parameters of `def` that its result type mentions
/// (`vector {t:Type} # [ t ] = Vector t;`) to the arguments the use site
/// gave.
fn bindings<'a>(def: &'a Definition, args: &'a [TypeExpr]) -> Vec<(&'a str, &'a TypeExpr)> {
    def.result
        .args
        .iter()
        .zip(args)
        .filter_map(|(formal, actual)| {
            let is_param = formal.name.namespace.is_empty()
                && def.type_params.iter().any(|tp| tp.name == formal.name.name);
            is_param.then_some((formal.name.name.as_str(), actual))
        })
        .collect()
}

/// Replaces bound type parameters inside `ty`.
fn substitute(ty: &TypeExpr, env: &[(&str, &TypeExpr)]) -> TypeExpr {
    if env.is_empty() {
        return ty.clone();
    }
    if ty.name.namespace.is_empty()
        && ty.args.is_empty()
        && !ty.generic_ref
        && let Some((_, actual)) = env.iter().find(|(n, _)| *n == ty.name.name)
    {
        // The formal's own case says nothing: `t` in `[ t ]` is lowercase
        // by convention, not a bare marker.
        return (*actual).clone();
    }
    TypeExpr {
        name: ty.name.clone(),
        bare: ty.bare,
        generic_ref: ty.generic_ref,
        args: ty.args.iter().map(|a| substitute(a, env)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use tl_parser::ParseOptions;
    use tl_runtime::DecodeOptions;

    use super::*;

    fn bundled() -> Vec<Schema> {
        ["api.tl", "mtproto.tl", "secret.tl"]
            .iter()
            .map(|name| {
                let path = format!("{}/../schema/{name}", env!("CARGO_MANIFEST_DIR"));
                let text = std::fs::read_to_string(&path).expect("bundled schema");
                tl_parser::parse(&text, &ParseOptions::default())
                    .expect("bundled schema parses")
                    .schema
            })
            .collect()
    }

    /// xorshift64*: deterministic, dependency-free pseudo-random bytes.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn random_input_after_a_known_id_never_panics() {
        let schemas = bundled();
        let index = Index::new(&schemas);
        let mut ids: Vec<u32> = index.by_id.keys().copied().collect();
        ids.sort_unstable();
        let options = DecodeOptions::new();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let (mut ok, mut failed) = (0, 0);
        for _ in 0..20_000 {
            let id = ids[rng.below(ids.len())];
            let mut input = id.to_le_bytes().to_vec();
            let len = rng.below(96);
            // Small values make flags, counts and lengths plausible often
            // enough to reach deep into the schema.
            input.extend((0..len).map(|_| match rng.below(4) {
                0 => 0,
                1 => 1,
                _ => rng.next() as u8,
            }));
            let mut reader = Reader::new(&input, &options);
            match decode(&index, &mut reader, &Target::Any, 100) {
                Ok(_) => ok += 1,
                Err(e) => {
                    assert!(e.offset <= input.len(), "{e:?} for {input:02x?}");
                    assert!(!e.message.is_empty());
                    failed += 1;
                }
            }
        }
        // Both outcomes must occur, or the test exercises nothing.
        assert!(ok > 100 && failed > 100, "ok {ok}, failed {failed}");
    }

    #[test]
    fn deep_nesting_stops_at_the_limit() {
        let text = "vector#1cb5c415 {t:Type} # [ t ] = Vector t;\nnode value:int children:Vector<Node> = Node;";
        let schema = tl_parser::parse(text, &ParseOptions::default())
            .expect("fixture parses")
            .schema;
        let index = Index::new([&schema]);
        let node = index.definition("node").expect("node").id;
        let mut input = Vec::new();
        for _ in 0..100_000 {
            input.extend_from_slice(&node.to_le_bytes());
            input.extend_from_slice(&0u32.to_le_bytes());
            input.extend_from_slice(&VECTOR_ID.to_le_bytes());
            input.extend_from_slice(&1u32.to_le_bytes());
        }
        let options = DecodeOptions::new();
        let ty = TypeExpr {
            name: tl_parser::ast::Name::parse_dotted("Node"),
            bare: false,
            generic_ref: false,
            args: Vec::new(),
        };
        let mut reader = Reader::new(&input, &options);
        let err = decode(&index, &mut reader, &Target::Type(ty), 50).unwrap_err();
        assert!(err.message.contains("deeper than 50 levels"), "{err:?}");
        let steps = "node.children[0] > ".repeat(4);
        assert_eq!(
            err.path(),
            format!("{steps}... 17 more ... > {}", steps.trim_end_matches(" > "))
        );
        // node, children, node, ...: the 51st level is the fields of the
        // 26th node, just after its id.
        assert_eq!(err.offset, 25 * 16 + 4);
    }

    #[test]
    fn substitutes_type_arguments_of_generic_constructors() {
        let text = "pair {t:Type} a:t b:t = Pair t;";
        let schema = tl_parser::parse(text, &ParseOptions::default())
            .expect("fixture parses")
            .schema;
        let index = Index::new([&schema]);
        let pair = index.definition("pair").expect("pair").id;
        let mut input = pair.to_le_bytes().to_vec();
        input.extend_from_slice(&7i64.to_le_bytes());
        input.extend_from_slice(&(-8i64).to_le_bytes());
        let options = DecodeOptions::new();
        let ty = super::super::type_arg::parse("Pair<long>").expect("type");
        let mut reader = Reader::new(&input, &options);
        let value = decode(&index, &mut reader, &Target::Type(ty), 10).expect("decodes");
        let Value::Object(obj) = value else {
            panic!("an object")
        };
        assert_eq!(obj.fields[0].value, Value::Long(7));
        assert_eq!(obj.fields[1].value, Value::Long(-8));
        assert_eq!(reader.remaining(), 0);
    }
}
