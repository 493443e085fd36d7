//! The engine: reads any value using nothing but the schema AST.
//!
//! Boxed types read a constructor id and look it up among the constructors
//! of the expected type; bare types (`%T`, lowercase constructor names,
//! `vector<T>`) read the fields directly. Conditional fields consult the `#`
//! words decoded before them, repetitions their multiplicity. Generic
//! arguments (`{t:Type}` bound by the result type's arguments) are
//! substituted, and `!X` / `Object` accept any constructor or function of
//! the schemas. Primitive reads go through [`typelang_runtime::Reader`], which
//! checks every length against the bytes left before it allocates; nesting
//! is counted by the reader against
//! [`DecodeOptions::max_depth`](typelang_runtime::DecodeOptions::max_depth).
//! Nothing here panics on any input.

mod mtproto;
mod size;

use typelang_parser::ast::{Definition, Multiplicity, Param, ParamKind, TypeExpr};
use typelang_parser::builtins::Builtin;
use typelang_runtime::primitives::{BOOL_FALSE_ID, BOOL_TRUE_ID, VECTOR_ID};
use typelang_runtime::{DecodeOptions, Reader};

use crate::error::{Error, ErrorKind, Expected, SchemaProblem, Step};
use crate::value::{Field, Item, Object, Value};
use crate::{Index, Target};
use typelang_runtime::mtproto::GZIP_PACKED_ID;
use typelang_runtime::primitives::TRUE_ID;

/// Decodes one value of `target` from the reader's current position and
/// leaves the reader just after it (bytes after the value are the
/// caller's business; see [`decode_all`]).
///
/// Nesting of objects, vectors and repetitions is bounded by the reader's
/// [`DecodeOptions::max_depth`]; decoding recurses once per level, so a
/// limit far above the default wants a bigger stack
/// ([`with_stack_for_depth`](crate::with_stack_for_depth)).
pub fn decode(
    index: &Index<'_>,
    reader: &mut Reader<'_>,
    target: &Target<'_>,
) -> Result<Value, Error> {
    decode_answering(index, reader, target, None)
}

/// [`decode`], typing the `result` of every `rpc_result` met (and a
/// top-level `Vector` whose element type the wire does not say) as
/// `answer`: the result type of the function the answers are for, so a
/// `Vector<long>` answer reads as longs instead of failing as an untyped
/// vector. `rpc_error` and `gzip_packed` results are still recognised.
pub fn decode_answering(
    index: &Index<'_>,
    reader: &mut Reader<'_>,
    target: &Target<'_>,
    answer: Option<&TypeExpr>,
) -> Result<Value, Error> {
    let mut d = Decoder {
        index,
        reader,
        answer,
    };
    let result = match target {
        Target::Type(ty) => d.value(ty),
        Target::Definition { def, boxed } => d.named(def, *boxed),
        Target::Any => d.any(),
    };
    result.map_err(Error::finish)
}

/// Decodes `input` as one value of `target`, which must take all of it
/// (bytes left over fail with
/// [`TrailingBytes`](typelang_runtime::DecodeErrorKind::TrailingBytes)).
pub fn decode_all(
    index: &Index<'_>,
    target: &Target<'_>,
    input: &[u8],
    options: &DecodeOptions,
) -> Result<Value, Error> {
    let mut reader = Reader::new(input, options);
    let value = decode(index, &mut reader, target)?;
    reader.finish().map_err(|e| Error::read(&e))?;
    Ok(value)
}

/// The label the reader's depth counter gets; the path is this crate's.
const LEVEL: &str = "Object";

pub(crate) struct Decoder<'i, 's, 'r, 'b> {
    index: &'i Index<'s>,
    reader: &'r mut Reader<'b>,
    /// The type `rpc_result`s carry, when the request is known.
    answer: Option<&'i TypeExpr>,
}

/// What a `gzip_packed` met in some position holds.
#[derive(Clone, Copy)]
enum Inner<'t> {
    /// Any object, recognised by its id.
    Any,
    /// A value of this (boxed) type.
    Type(&'t TypeExpr),
    /// An `rpc_result`'s result.
    Answer,
}

/// The `#` words seen so far in one definition.
#[derive(Default, Clone)]
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

/// What a definition's parameters see while they are decoded.
struct Scope<'a> {
    def_name: &'a str,
    env: &'a [(&'a str, &'a TypeExpr)],
    flag_words: &'a [&'a str],
}

impl<'s> Decoder<'_, 's, '_, '_> {
    fn u32(&mut self) -> Result<u32, Error> {
        self.reader.read_u32().map_err(|e| Error::read(&e))
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.reader.enter(LEVEL).map_err(|e| Error::read(&e))
    }

    fn leave(&mut self) {
        self.reader.leave();
    }

    fn unexpected_id(&self, id: u32, expected: Expected, offset: usize) -> Error {
        Error::new(
            ErrorKind::UnexpectedId {
                id,
                expected,
                known: self.index.known(id),
            },
            offset,
        )
    }

    fn schema_problem(&self, problem: SchemaProblem, offset: usize) -> Error {
        Error::new(ErrorKind::Schema(problem), offset)
    }

    /// A definition named as the target, boxed or bare.
    fn named(&mut self, def: &'s Definition, boxed: bool) -> Result<Value, Error> {
        if boxed {
            let start = self.reader.position();
            let id = self.u32()?;
            if id != def.id {
                let expected = Expected::Definition {
                    name: def.name.to_string(),
                    id: def.id,
                };
                return Err(self.unexpected_id(id, expected, start));
            }
        }
        self.definition(def, &[], boxed)
    }

    fn value(&mut self, ty: &TypeExpr) -> Result<Value, Error> {
        if ty.is_nat() {
            return Ok(Value::Nat(self.u32()?));
        }
        if ty.generic_ref {
            return self.any();
        }
        if ty.name.namespace.is_empty()
            && let Some((builtin, bare_spelling)) = Builtin::lookup(&ty.name.name)
            && let Some(value) = self.builtin(ty, builtin, bare_spelling)?
        {
            return Ok(value);
        }
        let name = ty.name.to_string();
        let start = self.reader.position();
        if ty.bare {
            if let Some(def) = self.index.definition(&name) {
                return self.definition(def, &ty.args, false);
            }
            return match self.index.constructors(&name) {
                [def] => self.definition(def, &ty.args, false),
                [] => Err(self.schema_problem(SchemaProblem::UndefinedType(name), start)),
                ctors => Err(self.schema_problem(
                    SchemaProblem::AmbiguousBareType {
                        name,
                        constructors: ctors.len(),
                    },
                    start,
                )),
            };
        }
        if !self.index.has_type(&name) {
            return Err(self.schema_problem(SchemaProblem::UndefinedType(name), start));
        }
        if self.at_gzip(&name) {
            return self.packed(Inner::Type(ty));
        }
        let id = self.u32()?;
        match self.index.constructors(&name).iter().find(|c| c.id == id) {
            Some(def) => self.definition(def, &ty.args, true),
            None => Err(self.unexpected_id(id, Expected::Type(name), start)),
        }
    }

    /// A builtin type, or `None` when this use of the name is left to the
    /// schemas (`%Bool`, `Vector` without an argument).
    fn builtin(
        &mut self,
        ty: &TypeExpr,
        builtin: Builtin,
        bare_spelling: bool,
    ) -> Result<Option<Value>, Error> {
        let r = &mut *self.reader;
        // `int` and `Int` are the same bytes; the argument list is ignored.
        let read = match builtin {
            Builtin::Int => Some(r.read_i32().map(Value::Int)),
            Builtin::Long => Some(r.read_i64().map(Value::Long)),
            Builtin::Double => Some(r.read_f64().map(Value::Double)),
            Builtin::String => Some(r.read_bytes().map(Value::String)),
            Builtin::Bytes => Some(r.read_bytes().map(Value::Bytes)),
            Builtin::Int128 => Some(r.read_int128().map(Value::Int128)),
            Builtin::Int256 => Some(r.read_int256().map(Value::Int256)),
            _ => None,
        };
        if let Some(read) = read {
            return read.map(Some).map_err(|e| Error::read(&e));
        }
        let boxed = !bare_spelling && !ty.bare;
        let value = match (builtin, ty.args.as_slice()) {
            (Builtin::Vector, [_]) if boxed && self.at_gzip("Vector") => {
                self.packed(Inner::Type(ty))?
            }
            (Builtin::Vector, [elem]) if boxed => {
                let start = self.reader.position();
                let id = self.u32()?;
                if id != VECTOR_ID {
                    return Err(self.unexpected_id(id, Expected::Vector, start));
                }
                self.vector(elem, true)?
            }
            (Builtin::Vector, [elem]) => self.vector(elem, false)?,
            (Builtin::True, []) if bare_spelling => Value::True,
            (Builtin::True, []) if boxed => {
                let start = self.reader.position();
                let id = self.u32()?;
                if id != TRUE_ID {
                    // Not described: `true` is the one constructor of `True`.
                    return Err(Error::new(
                        ErrorKind::UnexpectedId {
                            id,
                            expected: Expected::True,
                            known: None,
                        },
                        start,
                    ));
                }
                Value::True
            }
            (Builtin::Bool, []) if boxed => self.bool()?,
            (Builtin::Object, []) => self.any()?,
            _ => return Ok(None),
        };
        Ok(Some(value))
    }

    fn bool(&mut self) -> Result<Value, Error> {
        let start = self.reader.position();
        match self.u32()? {
            BOOL_TRUE_ID => Ok(Value::Bool(true)),
            BOOL_FALSE_ID => Ok(Value::Bool(false)),
            id => Err(Error::new(
                ErrorKind::UnexpectedId {
                    id,
                    expected: Expected::Bool,
                    known: None,
                },
                start,
            )),
        }
    }

    /// Any constructor or function, found by its id.
    fn any(&mut self) -> Result<Value, Error> {
        if self.reader.peek_u32().ok() == Some(GZIP_PACKED_ID)
            && self.index.by_id(GZIP_PACKED_ID).is_none()
        {
            return self.packed(Inner::Any);
        }
        let start = self.reader.position();
        let id = self.u32()?;
        match id {
            // Shown as in a `Bool` field, whether or not the schemas
            // define the two constructors.
            BOOL_TRUE_ID => return Ok(Value::Bool(true)),
            BOOL_FALSE_ID => return Ok(Value::Bool(false)),
            VECTOR_ID => {
                return match self.answer.map(|a| (a, a.args.as_slice())) {
                    Some((answer, [elem])) if is_boxed_vector(answer) => self.vector(elem, true),
                    _ => self.untyped_vector(),
                };
            }
            _ => {}
        }
        if let Some(def) = self.index.by_id(id) {
            return self.definition(def, &[], true);
        }
        match self.by_hand(id) {
            Some(result) => result,
            None => Err(self.unexpected_id(id, Expected::Object, start)),
        }
    }

    /// A `Vector` where any object may appear (an `rpc_result` answering a
    /// function that returns `Vector<User>`): the element type is not on
    /// the wire. Elements that start with a constructor id the schemas
    /// know are decoded as objects; anything else (`Vector<long>`) needs
    /// the type named.
    fn untyped_vector(&mut self) -> Result<Value, Error> {
        let count_at = self.reader.position();
        let count = self
            .reader
            .read_vector_len(4)
            .map_err(|e| Error::read(&e))?;
        if count > 0 {
            let first = self.reader.peek_u32().map_err(|e| Error::read(&e))?;
            let known =
                self.index.by_id(first).is_some() || matches!(first, BOOL_TRUE_ID | BOOL_FALSE_ID);
            if !known {
                return Err(Error::new(
                    ErrorKind::UntypedVector { count, first },
                    count_at + 4,
                ));
            }
        }
        self.enter()?;
        let mut items = Vec::with_capacity(self.reader.capacity_for::<Item>(count));
        for i in 0..count {
            let offset = self.reader.position();
            let value = self.any().map_err(|e| e.within(Step::AnyElement(i)))?;
            items.push(Item { offset, value });
        }
        self.leave();
        Ok(Value::Vector { boxed: true, items })
    }

    fn vector(&mut self, elem: &TypeExpr, boxed: bool) -> Result<Value, Error> {
        self.enter()?;
        let min = self.min_size(elem, 0).max(1);
        let count = self
            .reader
            .read_vector_len(min)
            .map_err(|e| Error::read(&e))?;
        let mut items = Vec::with_capacity(self.reader.capacity_for::<Item>(count));
        for i in 0..count {
            let offset = self.reader.position();
            let value = self.value(elem).map_err(|e| e.within(Step::Index(i)))?;
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
    ) -> Result<Value, Error> {
        self.enter()?;
        let env = bindings(def, args);
        let flag_words = flag_words(&def.params);
        let def_name = def.name.to_string();
        let scope = Scope {
            def_name: &def_name,
            env: &env,
            flag_words: &flag_words,
        };
        let mut nats = Nats::default();
        let mut fields = Vec::with_capacity(def.params.len());
        for param in &def.params {
            self.param(param, &scope, &mut nats, &mut fields)?;
        }
        self.leave();
        Ok(Value::Object(Box::new(Object {
            name: def_name,
            id: def.id,
            boxed,
            fields,
        })))
    }

    /// Decodes one parameter into `fields` (nothing, when a condition
    /// leaves it out); errors name the parameter.
    fn param<'p>(
        &mut self,
        param: &'p Param,
        scope: &Scope<'_>,
        nats: &mut Nats<'p>,
        fields: &mut Vec<Field>,
    ) -> Result<(), Error> {
        self.param_inner(param, scope, nats, fields).map_err(|e| {
            let label = param.name.as_deref().unwrap_or("_");
            e.within(Step::field(scope.def_name, label))
        })
    }

    fn param_inner<'p>(
        &mut self,
        param: &'p Param,
        scope: &Scope<'_>,
        nats: &mut Nats<'p>,
        fields: &mut Vec<Field>,
    ) -> Result<(), Error> {
        let offset = self.reader.position();
        let name = param.name.clone().unwrap_or_default();
        let value = match &param.kind {
            ParamKind::Value { ty, flag } => {
                if let Some(flag) = flag {
                    let Some(word) = nats.get(&flag.field) else {
                        let problem = SchemaProblem::UnknownFlagField {
                            field: flag.field.clone(),
                            bit: flag.bit,
                        };
                        return Err(self.schema_problem(problem, offset));
                    };
                    if flag.bit > 31 || word & (1 << flag.bit) == 0 {
                        return Ok(());
                    }
                }
                let ty = substitute(ty, scope.env);
                if ty.is_nat() {
                    let n = self.u32()?;
                    if let Some(pname) = &param.name {
                        nats.named.push((pname, n));
                    }
                    nats.last = Some(n);
                    if param
                        .name
                        .as_deref()
                        .is_some_and(|n| scope.flag_words.contains(&n))
                    {
                        Value::Flags(n)
                    } else {
                        Value::Nat(n)
                    }
                } else {
                    self.value(&ty)?
                }
            }
            ParamKind::Repeated {
                multiplicity,
                fields: inner,
            } => self.repeated(multiplicity.as_ref(), inner, scope, nats, offset)?,
        };
        fields.push(Field {
            name,
            offset,
            value,
        });
        Ok(())
    }

    fn repeated(
        &mut self,
        multiplicity: Option<&Multiplicity>,
        inner: &[Param],
        scope: &Scope<'_>,
        nats: &Nats<'_>,
        offset: usize,
    ) -> Result<Value, Error> {
        let count = match multiplicity {
            Some(Multiplicity::Literal(n)) => *n,
            Some(Multiplicity::Param(p)) => nats.get(p).ok_or_else(|| {
                self.schema_problem(SchemaProblem::UnknownCount(p.clone()), offset)
            })?,
            None => nats
                .last
                .ok_or_else(|| self.schema_problem(SchemaProblem::MissingCount, offset))?,
        };
        let count = usize::try_from(count).unwrap_or(usize::MAX);
        let min_size: usize = inner
            .iter()
            .map(|p| self.param_min_size(p, scope.env))
            .sum::<usize>()
            .max(1);
        let remaining = self.reader.remaining();
        if count > remaining / min_size {
            return Err(Error::new(
                ErrorKind::Repetitions {
                    count,
                    min_size,
                    remaining,
                },
                offset,
            ));
        }
        self.enter()?;
        let mut rows = Vec::with_capacity(self.reader.capacity_for::<Vec<Field>>(count));
        for i in 0..count {
            // Each row sees the `#` words before the repetition, and its own.
            let mut row_nats = nats.clone();
            let mut row = Vec::with_capacity(inner.len());
            // Errors inside a row name the row, not the inner field.
            for p in inner {
                self.param_inner(p, scope, &mut row_nats, &mut row)
                    .map_err(|e| e.within(Step::Index(i)))?;
            }
            rows.push(row);
        }
        self.leave();
        Ok(Value::Repeated(rows))
    }
}

/// The names of the `#` fields that some condition of `params` refers to.
pub(crate) fn flag_words(params: &[Param]) -> Vec<&str> {
    let mut out = Vec::new();
    for p in params {
        match &p.kind {
            ParamKind::Value {
                flag: Some(flag), ..
            } => {
                if !out.contains(&flag.field.as_str()) {
                    out.push(flag.field.as_str());
                }
            }
            ParamKind::Value { flag: None, .. } => {}
            ParamKind::Repeated { fields, .. } => {
                for name in flag_words(fields) {
                    if !out.contains(&name) {
                        out.push(name);
                    }
                }
            }
        }
    }
    out
}

/// Binds the type parameters of `def` that its result type mentions
/// (`vector {t:Type} # [ t ] = Vector t;`) to the arguments the use site
/// gave.
pub(crate) fn bindings<'a>(
    def: &'a Definition,
    args: &'a [TypeExpr],
) -> Vec<(&'a str, &'a TypeExpr)> {
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
pub(crate) fn substitute(ty: &TypeExpr, env: &[(&str, &TypeExpr)]) -> TypeExpr {
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

/// Whether `ty` is `Vector<T>` written boxed.
pub(crate) fn is_boxed_vector(ty: &TypeExpr) -> bool {
    ty.name.namespace.is_empty() && ty.name.name == "Vector" && !ty.bare && ty.args.len() == 1
}
