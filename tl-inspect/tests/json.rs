//! The JSON form round-trips over every constructor and function of the
//! bundled schemas: random wire bytes drawn from the schema itself ->
//! [`decode_all`] -> [`to_json`] -> JSON text -> parsed -> [`encode`] must
//! give the same bytes, and the JSON of those bytes the same text. The
//! generator sets flag bits no field names, random `double` bit patterns
//! (NaNs with payloads, infinities, -0.0), `string`s that are not UTF-8 and
//! lengths on both sides of the 254-byte boundary, so everything the JSON
//! form must keep is exercised.

mod common;

use serde_json::{Value as Json, json};
use typelang_inspect::{
    EncodeErrorKind, Index, JsonOptions, Target, decode_all, encode, encode_answering, to_json,
};
use typelang_parser::ast::{Category, Definition, ParamKind, Schema, TypeExpr};
use typelang_parser::builtins::Builtin;
use typelang_runtime::DecodeOptions;

/// Random values per definition.
const CASES: u64 = 4;
/// From this depth on, boxed types take their shallowest constructor.
const MAX_DEPTH: u32 = 3;

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn has_repetition(def: &Definition) -> bool {
    def.params
        .iter()
        .any(|p| matches!(p.kind, ParamKind::Repeated { .. }))
}

fn is_builtin_leaf(ty: &TypeExpr) -> bool {
    ty.is_nat()
        || (ty.name.namespace.is_empty()
            && Builtin::from_name(&ty.name.name)
                .is_some_and(|b| b.is_primitive() || b == Builtin::Bool))
}

/// Fields that hold another constructor: the cost that ends recursion.
fn nested(def: &Definition) -> usize {
    def.params
        .iter()
        .filter(|p| match &p.kind {
            ParamKind::Value { ty, flag } => flag.is_none() && !is_builtin_leaf(ty),
            ParamKind::Repeated { .. } => true,
        })
        .count()
}

struct Gen<'a, 's> {
    index: &'a Index<'s>,
    /// Definitions without nested objects, for `Object` and `!X`.
    leaves: Vec<&'s Definition>,
    rng: Rng,
    out: Vec<u8>,
}

impl<'s> Gen<'_, 's> {
    fn u32(&mut self, v: u32) {
        self.out.extend(v.to_le_bytes());
    }
    fn random(&mut self, n: usize) {
        for _ in 0..n {
            let b = self.rng.next() as u8;
            self.out.push(b);
        }
    }
    fn blob(&mut self, utf8: bool) {
        let len = match self.rng.below(8) {
            0 => 0,
            1 => 253 + self.rng.below(4) as usize,
            2 => 300 + self.rng.below(100) as usize,
            _ => self.rng.below(30) as usize,
        };
        let data: Vec<u8> = if utf8 && self.rng.below(6) != 0 {
            let alphabet = ['a', 'Z', '0', ' ', '"', '\\', 'é', 'Ж', '😀', '\n', '\0'];
            let mut s = String::new();
            while s.len() < len {
                s.push(alphabet[self.rng.below(alphabet.len() as u64) as usize]);
            }
            s.into_bytes()
        } else {
            (0..len).map(|_| self.rng.next() as u8).collect()
        };
        typelang_runtime::primitives::write_bytes(&mut self.out, &data);
    }

    fn value(&mut self, ty: &TypeExpr, depth: u32) {
        if ty.is_nat() {
            return self.random(4);
        }
        if ty.generic_ref {
            return self.leaf();
        }
        if ty.name.namespace.is_empty()
            && let Some((builtin, bare)) = Builtin::lookup(&ty.name.name)
        {
            let boxed = !bare && !ty.bare;
            match builtin {
                Builtin::Int => return self.random(4),
                Builtin::Long => return self.random(8),
                Builtin::Double => {
                    let bits = match self.rng.below(4) {
                        0 => 0x7ff8_0000_0000_0000 | self.rng.below(3),
                        1 => [f64::INFINITY, f64::NEG_INFINITY, -0.0][self.rng.below(3) as usize]
                            .to_bits(),
                        _ => self.rng.next(),
                    };
                    return self.out.extend(bits.to_le_bytes());
                }
                Builtin::Int128 => return self.random(16),
                Builtin::Int256 => return self.random(32),
                Builtin::String => return self.blob(true),
                Builtin::Bytes => return self.blob(false),
                Builtin::Bool if boxed => {
                    let id = [0x9972_75b5, 0xbc79_9737][self.rng.below(2) as usize];
                    return self.u32(id);
                }
                Builtin::True if bare => return,
                Builtin::Vector if ty.args.len() == 1 => {
                    if boxed {
                        self.u32(0x1cb5_c415);
                    }
                    let n = if depth >= MAX_DEPTH {
                        0
                    } else {
                        self.rng.below(3)
                    };
                    self.u32(n as u32);
                    for _ in 0..n {
                        self.value(&ty.args[0], depth + 1);
                    }
                    return;
                }
                Builtin::Object => return self.leaf(),
                _ => {}
            }
        }
        let name = ty.name.to_string();
        if ty.bare {
            let def = self
                .index
                .definition(&name)
                .unwrap_or_else(|| self.index.constructors(&name)[0]);
            return self.fields(def, depth + 1);
        }
        let ctors = self.index.constructors(&name);
        assert!(!ctors.is_empty(), "no constructor of {name}");
        let def = if depth >= MAX_DEPTH {
            *ctors.iter().min_by_key(|d| nested(d)).unwrap()
        } else {
            ctors[self.rng.below(ctors.len() as u64) as usize]
        };
        self.u32(def.id);
        self.fields(def, depth + 1);
    }

    fn leaf(&mut self) {
        let def = self.leaves[self.rng.below(self.leaves.len() as u64) as usize];
        self.u32(def.id);
        self.fields(def, MAX_DEPTH);
    }

    /// The fields of `def`: flag words first chosen at random (bits no
    /// field names included), so fields sharing a bit come and go together.
    fn fields(&mut self, def: &'s Definition, depth: u32) {
        let mut words: Vec<(&str, u32)> = Vec::new();
        for p in &def.params {
            if let ParamKind::Value { flag: Some(f), .. } = &p.kind {
                let at = match words.iter().position(|(n, _)| *n == f.field) {
                    Some(at) => at,
                    None => {
                        let unnamed = if self.rng.below(4) == 0 { 1 << 31 } else { 0 };
                        words.push((&f.field, unnamed));
                        words.len() - 1
                    }
                };
                if self.rng.below(2) == 0 {
                    words[at].1 |= 1 << f.bit;
                }
            }
        }
        // Bit 31 is named by some fields; keep it then only if chosen.
        for (name, word) in &mut words {
            let named = def.params.iter().any(|p| {
                matches!(&p.kind, ParamKind::Value { flag: Some(f), .. }
                    if f.field == *name && f.bit == 31)
            });
            if named {
                *word &= !(1 << 31) | (self.rng.next() as u32 & 1 << 31);
            }
        }
        for p in &def.params {
            let ParamKind::Value { ty, flag } = &p.kind else {
                unreachable!("definitions with repetitions are skipped");
            };
            if let Some(f) = flag {
                let word = words.iter().find(|(n, _)| *n == f.field).map_or(0, |w| w.1);
                if word & (1 << f.bit) == 0 {
                    continue;
                }
            }
            if ty.is_nat()
                && let Some(&(_, w)) = words.iter().find(|(n, _)| Some(*n) == p.name.as_deref())
            {
                self.u32(w);
                continue;
            }
            self.value(ty, depth);
        }
    }
}

fn check_schemas(schemas: &[Schema]) -> usize {
    let index = Index::new(schemas);
    let mut defs: Vec<&Definition> = index
        .definitions()
        .filter(|d| !has_repetition(d) && !matches!(d.name.name.as_str(), "vector" | "true"))
        .collect();
    defs.sort_by_key(|d| d.id);
    let leaves = defs
        .iter()
        .copied()
        .filter(|d| d.category == Category::Function && nested(d) == 0 && d.type_params.is_empty())
        .collect();
    let mut gen_ = Gen {
        index: &index,
        leaves,
        rng: Rng(0),
        out: Vec::new(),
    };
    let options = DecodeOptions::new();
    for def in &defs {
        let target = Target::Definition { def, boxed: true };
        for case in 0..CASES {
            gen_.rng = Rng(u64::from(def.id) << 16 | case);
            gen_.out.clear();
            gen_.u32(def.id);
            gen_.fields(def, 0);
            let bytes = gen_.out.clone();
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            for target in [&target, &Target::Any] {
                let value = decode_all(&index, target, &bytes, &options)
                    .unwrap_or_else(|e| panic!("{}: {e}\n{hex}", def.name));
                for json_options in [
                    JsonOptions::new(),
                    JsonOptions::new().with_long_as_string(true),
                    JsonOptions::tdlib(),
                ] {
                    let text = to_json(&index, &value, &json_options).to_string();
                    let json: Json = serde_json::from_str(&text).unwrap();
                    let again = encode(&index, target, &json)
                        .unwrap_or_else(|e| panic!("{}: {e}\n{text}", def.name));
                    assert!(again == bytes, "{}: bytes differ\n{hex}\n{text}", def.name);
                    let value = decode_all(&index, target, &again, &options).unwrap();
                    let text2 = to_json(&index, &value, &json_options).to_string();
                    assert_eq!(text, text2, "{}", def.name);
                }
            }
        }
    }
    defs.len()
}

#[test]
fn every_definition_of_api_and_mtproto_round_trips() {
    let n = check_schemas(&[common::bundled("api.tl"), common::bundled("mtproto.tl")]);
    assert!(n > 2500, "{n} definitions");
}

#[test]
fn every_definition_of_secret_round_trips() {
    let n = check_schemas(&[common::bundled("secret.tl")]);
    assert!(n > 50, "{n} definitions");
}

fn api_index_check(check: impl FnOnce(&Index<'_>)) {
    let schemas = [common::bundled("api.tl"), common::bundled("mtproto.tl")];
    check(&Index::new(&schemas));
}

/// Golden files: `tests/golden/NAME.json` encodes to `NAME.hex`, and the
/// hex decodes back to that JSON. `UPDATE_GOLDEN=1` rewrites the hex.
#[test]
fn golden_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    api_index_check(|index| {
        for name in ["message", "encryptedChat", "messages.requestEncryption"] {
            let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
            let json: Json = serde_json::from_str(&text).unwrap();
            let bytes =
                encode(index, &Target::Any, &json).unwrap_or_else(|e| panic!("{name}: {e}"));
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            let hex_path = dir.join(format!("{name}.hex"));
            if std::env::var_os("UPDATE_GOLDEN").is_some() {
                std::fs::write(&hex_path, format!("{hex}\n")).unwrap();
            }
            let golden = std::fs::read_to_string(&hex_path).unwrap();
            assert_eq!(hex, golden.trim(), "{name}: bytes");
            let value = decode_all(index, &Target::Any, &bytes, &DecodeOptions::new()).unwrap();
            let back = to_json(index, &value, &JsonOptions::new());
            assert_eq!(back, json, "{name}: JSON");
            // Pretty-printed, keys in wire order: the file itself.
            assert_eq!(
                serde_json::to_string_pretty(&back).unwrap(),
                text.trim_end()
            );
        }
    });
}

#[test]
fn request_encryption_bytes_by_hand() {
    api_index_check(|index| {
        let json = json!({
            "_": "messages.requestEncryption",
            "user_id": {"_": "inputUser", "user_id": 5, "access_hash": "-1"},
            "random_id": 7,
            "g_a": "qrvM",
        });
        let mut wire = Vec::new();
        wire.extend(0xf64daf43u32.to_le_bytes());
        wire.extend(0xf21158c6u32.to_le_bytes());
        wire.extend(5i64.to_le_bytes());
        wire.extend((-1i64).to_le_bytes());
        wire.extend(7i32.to_le_bytes());
        wire.extend([3, 0xaa, 0xbb, 0xcc]);
        assert_eq!(encode(index, &Target::Any, &json).unwrap(), wire);
        let target = Target::parse(index, "messages.requestEncryption", false).unwrap();
        assert_eq!(encode(index, &target, &json).unwrap(), wire);
    });
}

/// Encodes `json` as `ty`, expecting an error at `path` whose text
/// contains `words`.
fn fails(index: &Index<'_>, ty: &str, json: Json, path: &str, words: &str) -> EncodeErrorKind {
    let target = Target::parse(index, ty, false).unwrap();
    let err = encode(index, &target, &json).unwrap_err();
    assert_eq!(err.path(), path, "{err}");
    assert!(err.to_string().contains(words), "{err}");
    err.kind().clone()
}

#[test]
fn bad_json_is_named_by_path() {
    api_index_check(|index| {
        let user = |inner: Json| json!({"_": "messages.requestEncryption", "user_id": inner, "random_id": 1, "g_a": ""});
        // An unknown name, with a suggestion among the type's constructors.
        let kind = fails(
            index,
            "Object",
            user(json!({"_": "inputUsr", "user_id": 1, "access_hash": 2})),
            "$.user_id._",
            "`inputUsr` is not a constructor of `InputUser` (did you mean `inputUser`?)",
        );
        assert!(matches!(kind, EncodeErrorKind::UnknownName { .. }));
        fails(
            index,
            "Object",
            json!({"_": "nope.nothing"}),
            "$._",
            "not a constructor of `Object`",
        );
        fails(index, "Object", json!({"user_id": 1}), "$", "no \"_\"");
        // The wrong JSON kind.
        fails(
            index,
            "Object",
            user(json!({"_": "inputUser", "user_id": true, "access_hash": 2})),
            "$.user_id.user_id",
            "expected a long (a number or a string), found a boolean",
        );
        fails(
            index,
            "Object",
            user(json!(5)),
            "$.user_id",
            "expected an object (InputUser), found a number",
        );
        fails(
            index,
            "Object",
            json!({"_": "messages.requestEncryption", "user_id": {"_": "inputUserSelf"}, "random_id": 1, "g_a": "!"}),
            "$.g_a",
            "base64",
        );
        fails(
            index,
            "Object",
            json!({"_": "messages.requestEncryption", "user_id": {"_": "inputUserSelf"}, "random_id": 4294967296u64, "g_a": ""}),
            "$.random_id",
            "expected an int (32-bit integer), found 4294967296",
        );
        // A required field missing.
        let kind = fails(
            index,
            "Object",
            user(json!({"_": "inputUser", "user_id": 1})),
            "$.user_id",
            "the required field `access_hash` is missing",
        );
        assert_eq!(
            kind,
            EncodeErrorKind::MissingField {
                field: "access_hash".into()
            }
        );
        // An unknown field, with a suggestion.
        fails(
            index,
            "Object",
            user(json!({"_": "inputUser", "user_id": 1, "acess_hash": 2})),
            "$.user_id.acess_hash",
            "`inputUser` has no field `acess_hash` (did you mean `access_hash`?)",
        );
        // A flag given as the wrong kind, and bits that fields own.
        let message = |extra: (&str, Json)| {
            let mut m = json!({"_": "message", "id": 1, "peer_id": {"_": "peerUser", "user_id": 1},
                               "date": 0, "message": ""});
            m[extra.0] = extra.1;
            m
        };
        fails(
            index,
            "Message",
            message(("silent", json!(1))),
            "$.silent",
            "expected a boolean (a flag), found a number",
        );
        fails(
            index,
            "Message",
            message(("views", json!("x"))),
            "$.views",
            "expected an int (a number), found a string",
        );
        let kind = fails(
            index,
            "Message",
            message(("flags", json!(2))),
            "$.flags",
            "0x2",
        );
        assert_eq!(kind, EncodeErrorKind::NamedBits { bits: 2 });
        // `false` and absent mean the same; bits no field names survive.
        let plain = encode(
            index,
            &Target::parse(index, "Message", false).unwrap(),
            &message(("silent", json!(false))),
        )
        .unwrap();
        let bare = encode(
            index,
            &Target::parse(index, "Message", false).unwrap(),
            &message(("x", Json::Null)),
        )
        .unwrap_err();
        assert_eq!(bare.path(), "$.x");
        let unknown = encode(
            index,
            &Target::parse(index, "Message", false).unwrap(),
            &message(("flags", json!(1))),
        )
        .unwrap();
        assert_eq!(plain[4..8], [0, 0, 0, 0]);
        assert_eq!(unknown[4..8], [1, 0, 0, 0]);
        // Nesting is bounded.
        let mut deep = json!([]);
        for _ in 0..200 {
            deep = json!([deep]);
        }
        let err = encode(index, &Target::Any, &deep).unwrap_err();
        assert_eq!(err.kind(), &EncodeErrorKind::TooDeep);
    });
}

#[test]
fn answers_and_wrappers() {
    api_index_check(|index| {
        // An rpc_result answering a function that returns Vector<long>.
        let json = json!({"_": "rpc_result", "req_msg_id": 9, "result": [1, "2"]});
        let answer = index.definition("messages.getMessagesViews").map(|_| ());
        assert!(answer.is_some());
        let ty = typelang_parser::parse_type("Vector<long>").unwrap();
        let bytes = encode_answering(index, &Target::Any, &json, Some(&ty)).unwrap();
        assert_eq!(bytes.len(), 4 + 8 + 4 + 4 + 16);
        // Without the answer type, elements must be objects.
        let err = encode(index, &Target::Any, &json).unwrap_err();
        assert_eq!(err.path(), "$.result[0]");
        // A gzip_packed given by its unpacked value alone is compressed.
        let json = json!({"_": "gzip_packed", "unpacked": {"_": "inputUserSelf"}});
        let bytes = encode(index, &Target::Any, &json).unwrap();
        let value = decode_all(index, &Target::Any, &bytes, &DecodeOptions::new()).unwrap();
        let back = to_json(index, &value, &JsonOptions::new());
        assert_eq!(back["unpacked"], json!({"_": "inputUserSelf"}));
        assert_eq!(encode(index, &Target::Any, &back).unwrap(), bytes);
        // A container's `bytes` is computed, and checked when given.
        let json = json!({"_": "msg_container", "messages": [
            {"_": "message", "msg_id": 1, "seqno": 2, "body": {"_": "inputUserSelf"}}]});
        let bytes = encode(index, &Target::Any, &json).unwrap();
        let value = decode_all(index, &Target::Any, &bytes, &DecodeOptions::new()).unwrap();
        let back = to_json(index, &value, &JsonOptions::new());
        assert_eq!(back["messages"][0]["bytes"], json!(4));
        let mut wrong = back.clone();
        wrong["messages"][0]["bytes"] = json!(8);
        let err = encode(index, &Target::Any, &wrong).unwrap_err();
        assert_eq!(err.path(), "$.messages[0].bytes");
    });
}
