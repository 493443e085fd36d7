//! One test per grammar feature, plus insta snapshots of the AST of small
//! fixtures (`tests/snapshots/`).

use typelang_parser::ast::{
    Category, Definition, Doc, Flag, Multiplicity, Name, ParamKind, Schema, TypeExpr,
};
use typelang_parser::{
    Dialect, IdCheck, ParseOptions, compute_id, id_of_line, parse, print_schema,
};

fn lenient() -> ParseOptions {
    ParseOptions {
        dialect: Dialect::Telegram,
        id_check: IdCheck::Warn,
    }
}

#[track_caller]
fn schema(src: &str) -> Schema {
    match parse(src, &lenient()) {
        Ok(p) => p.schema,
        Err(e) => panic!("{}", e.render("test.tl", src)),
    }
}

#[track_caller]
fn one(src: &str) -> Definition {
    let mut s = schema(src);
    assert_eq!(s.definitions.len(), 1, "{:?}", s.definitions);
    s.definitions.remove(0)
}

fn value(def: &Definition, index: usize) -> (&TypeExpr, Option<&Flag>) {
    match &def.params[index].kind {
        ParamKind::Value { ty, flag } => (ty, flag.as_ref()),
        other => panic!("not a value: {other:?}"),
    }
}

fn text(ty: &TypeExpr) -> String {
    let mut s = String::new();
    if ty.generic_ref {
        s.push('!');
    }
    if ty.bare {
        s.push('%');
    }
    s.push_str(&ty.name.to_string());
    if !ty.args.is_empty() {
        let args: Vec<String> = ty.args.iter().map(text).collect();
        s.push_str(&format!("<{}>", args.join(",")));
    }
    s
}

#[test]
fn comments_anywhere() {
    let def =
        one("// head\n/* block\n */ a /* in */ x:int // tail ; not the end\n /**/ = A /* c */ ;");
    assert_eq!(def.name.name, "a");
    assert_eq!(def.params.len(), 1);
    assert_eq!(def.result.name.name, "A");
}

#[test]
fn multi_line_definition() {
    let src = "adnl.packetContents\n  rand1:bytes\n  flags:#\n  from:flags.0?PublicKey // who\n  = adnl.PacketContents;";
    let def = one(src);
    assert_eq!(def.params.len(), 3);
    assert_eq!(def.span.start, 0);
    assert_eq!(def.span.end, src.len());
    assert_eq!(def.result.name.namespace, ["adnl"]);
}

#[test]
fn sections_switch_category() {
    let s = schema(
        "a = A;\n---functions---\nf = A;\n--- types ---\nb = B;\n---  functions  ---\ng = B;",
    );
    let cats: Vec<Category> = s.definitions.iter().map(|d| d.category).collect();
    assert_eq!(
        cats,
        [
            Category::Type,
            Category::Function,
            Category::Type,
            Category::Function
        ]
    );
}

#[test]
fn namespaced_names_and_types() {
    let def = one(
        "auth.sentCode#5e002502 type:auth.SentCodeType phone_code_hash:string = auth.SentCode;",
    );
    assert_eq!(
        def.name,
        Name {
            namespace: vec!["auth".into()],
            name: "sentCode".into()
        }
    );
    assert_eq!(text(value(&def, 0).0), "auth.SentCodeType");
    assert_eq!(def.result.name.to_string(), "auth.SentCode");
    let deep = one("wallet.v3.accountState x:int = wallet.v3.AccountState;");
    assert_eq!(deep.name.namespace, ["wallet", "v3"]);
}

#[test]
fn explicit_ids_of_one_to_eight_digits() {
    assert_eq!(one("a#1 = A;").explicit_id, Some(1));
    assert_eq!(
        one("decryptedMessageMediaEmpty#89f5c4a = DecryptedMessageMedia;").explicit_id,
        Some(0x089f5c4a)
    );
    assert_eq!(
        one("destroy_auth_key_none#0a9f2259 = DestroyAuthKeyRes;").id,
        0x0a9f2259
    );
    assert_eq!(one("a#FFFFFFFF = A;").explicit_id, Some(u32::MAX));
}

#[test]
fn builtin_declarations() {
    let def = one("int ? = Int;");
    assert!(def.builtin);
    assert!(def.params.is_empty());
    assert_eq!(def.explicit_id, None);
    // Not a builtin: a constructor without fields.
    assert!(!one("int32 = Int32;").builtin);
}

#[test]
fn repetitions() {
    let def = one("int128 4*[ int ] = Int128;");
    match &def.params[0].kind {
        ParamKind::Repeated {
            multiplicity,
            fields,
        } => {
            assert_eq!(*multiplicity, Some(Multiplicity::Literal(4)));
            assert_eq!(fields.len(), 1);
            assert_eq!(fields[0].name, None);
        }
        other => panic!("{other:?}"),
    }
    let vector = one("vector {t:Type} # [ t ] = Vector t;");
    assert_eq!(vector.type_params.len(), 1);
    assert_eq!(vector.params.len(), 2);
    assert!(vector.params[0].name.is_none());
    assert!(value(&vector, 0).0.is_nat());
    assert!(matches!(
        &vector.params[1].kind,
        ParamKind::Repeated { multiplicity: None, fields } if fields.len() == 1
    ));
    assert_eq!(vector.result.args.len(), 1);
    assert!(!vector.result.args[0].bare, "`t` is a type variable");
    assert_eq!(vector.id, 0x1cb5c415);
    let named = one("pairs n:# items:n*[ key:string value:long ] = Pairs;");
    match &named.params[1].kind {
        ParamKind::Repeated {
            multiplicity,
            fields,
        } => {
            assert_eq!(*multiplicity, Some(Multiplicity::Param("n".into())));
            let names: Vec<_> = fields.iter().map(|f| f.name.clone().unwrap()).collect();
            assert_eq!(names, ["key", "value"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(named.params[1].name.as_deref(), Some("items"));
    // Anonymous count-first repetition.
    assert_eq!(one("p n:# n*[ int ] = P;").params.len(), 2);
}

#[test]
fn optional_parameters_and_generic_references() {
    let def = one("invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;");
    assert_eq!(def.type_params[0].name, "X");
    assert_eq!(def.type_params[0].kind.name.name, "Type");
    let (q, _) = value(&def, 1);
    assert!(q.generic_ref);
    assert_eq!(q.name.name, "X");
    assert_eq!(def.id, 0xda9b0d0d);
    assert_eq!(compute_id(&def, Dialect::Telegram), 0xda9b0d0d);
    let two = one("f {a:Type b:#} {c:Type} x:a = c;");
    let names: Vec<_> = two.type_params.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert!(two.type_params[1].kind.is_nat());
}

#[test]
fn conditional_fields() {
    let def = one(
        "m flags:# a:flags.0?true b:flags.0?int flags2:# c:flags2.3?int mode:# d:mode.1?string e:flags.31?Vector<long> = M;",
    );
    let flags: Vec<Option<(String, u32)>> = (0..def.params.len())
        .map(|i| value(&def, i).1.map(|f| (f.field.clone(), f.bit)))
        .collect();
    assert_eq!(
        flags,
        [
            None,
            Some(("flags".into(), 0)),
            Some(("flags".into(), 0)), // two fields share bit 0
            None,
            Some(("flags2".into(), 3)),
            None,
            Some(("mode".into(), 1)),
            Some(("flags".into(), 31)),
        ]
    );
    assert!(value(&def, 0).0.is_nat());
    assert_eq!(text(value(&def, 1).0), "%true");
    assert_eq!(text(value(&def, 7).0), "Vector<%long>");
}

#[test]
fn vector_forms_and_bare_types() {
    let def = one(
        "v a:Vector<long> b:vector<future_salt> c:%Message d:(vector tonNode.blockIdExt) e:(vector (vector int)) f:Vector<Vector<%Foo>> g:(Int) = V;",
    );
    let texts: Vec<String> = (0..def.params.len())
        .map(|i| text(value(&def, i).0))
        .collect();
    assert_eq!(
        texts,
        [
            "Vector<%long>",
            "%vector<%future_salt>",
            "%Message",
            "%vector<%tonNode.blockIdExt>",
            "%vector<%vector<%int>>",
            "Vector<Vector<%Foo>>",
            "Int",
        ]
    );
}

#[test]
fn layer_comment() {
    assert_eq!(schema("// LAYER 230\na = A;").layer, Some(230));
    assert_eq!(schema("a = A;\n//LAYER 5").layer, Some(5));
    assert_eq!(schema("// LAYER five\na = A;").layer, None);
    assert_eq!(schema("// LAYERS 5\na = A;").layer, None);
}

#[test]
fn tdlib_doc_comments() {
    let src = "\
//@class AuthorizationState @description Represents the current authorization state
//-of the client

//@description An object of this type can be returned on every function call @code Error code
//@message Error message; subject to future
//-changes
error code:int32 message:string = Error;

// not a doc comment
ok = Ok;

//@description Sets a file @param_description New description @file_id Identifier
setFile description:string file_id:int32 = Ok;
";
    let s = schema(src);
    assert_eq!(s.type_docs.len(), 1);
    assert_eq!(s.type_docs[0].name.name, "AuthorizationState");
    assert_eq!(
        s.type_docs[0].description,
        "Represents the current authorization state of the client"
    );
    assert_eq!(
        s.definitions[0].doc,
        Some(Doc {
            description: Some(
                "An object of this type can be returned on every function call".into()
            ),
            fields: vec![
                ("code".into(), "Error code".into()),
                (
                    "message".into(),
                    "Error message; subject to future changes".into()
                ),
            ],
        })
    );
    assert_eq!(s.definitions[1].doc, None);
    let set = s.definitions[2].doc.as_ref().unwrap();
    assert_eq!(
        set.fields[0],
        ("description".into(), "New description".into())
    );
    // Docs survive printing.
    let again = schema(&print_schema(&s));
    assert!(again.eq_ignoring_spans(&s));
}

#[test]
fn id_of_a_single_line() {
    assert_eq!(
        id_of_line("boolTrue = Bool;", Dialect::Telegram).unwrap(),
        0x997275b5
    );
    assert_eq!(
        id_of_line("  vector {t:Type} # [ t ] = Vector t  ", Dialect::TlParser).unwrap(),
        0x1cb5c415
    );
    // The explicit id is ignored.
    assert_eq!(
        id_of_line("boolTrue#1 = Bool;", Dialect::Telegram).unwrap(),
        0x997275b5
    );
    assert!(id_of_line("", Dialect::Telegram).is_err());
    assert!(id_of_line("a = A; b = B;", Dialect::Telegram).is_err());
    assert!(id_of_line("a x = ", Dialect::Telegram).is_err());
}

#[test]
fn dialects_differ_in_true_flags_and_bytes() {
    let line = "x flags:# t:flags.0?true b:bytes c:flags.1?bytes d:Vector<bytes> = X;";
    let tele = id_of_line(line, Dialect::Telegram).unwrap();
    let official = id_of_line(line, Dialect::TlParser).unwrap();
    assert_eq!(
        tele,
        id_of_line(
            "x flags:# b:string c:flags.1?string d:Vector<bytes> = X;",
            Dialect::TlParser
        )
        .unwrap()
    );
    assert_eq!(
        official,
        crc("x flags:# t:flags.0?true b:bytes c:flags.1?bytes d:Vector bytes = X")
    );
    assert_ne!(tele, official);
}

#[test]
fn empty_and_comment_only_inputs() {
    assert!(schema("").definitions.is_empty());
    assert!(
        schema("  \n// nothing\n/* at all */\n")
            .definitions
            .is_empty()
    );
}

fn crc(s: &str) -> u32 {
    crc32fast::hash(s.as_bytes())
}

// ---- snapshots -------------------------------------------------------------

/// Snapshots live in `tests/snapshots/`, located from the manifest so the
/// tests also work from copies of the crate outside the workspace.
macro_rules! snapshot {
    ($value:expr) => {
        insta::with_settings!({
            snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"),
            prepend_module_to_snapshot => true,
        }, {
            insta::assert_debug_snapshot!($value);
        })
    };
}

#[test]
fn snapshot_mtproto_core() {
    let s = schema(
        "int ? = Int;\nvector {t:Type} # [ t ] = Vector t;\nint128 4*[ int ] = Int128;\n\
         resPQ#05162463 nonce:int128 pq:bytes fingerprints:Vector<long> = ResPQ;\n\
         future_salts#ae500895 salts:vector<future_salt> = FutureSalts;\n\
         ---functions---\n\
         invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;\n",
    );
    snapshot!(s);
}

#[test]
fn snapshot_flags() {
    let s = schema(
        "// LAYER 7\nchannelFull#1 flags:# can_view:flags.3?true kicked:flags.2?int banned:flags.2?int \
         flags2:# stories:flags2.4?PeerStories = ChatFull;",
    );
    snapshot!(s);
}

#[test]
fn snapshot_ton_multiline() {
    let s = schema(
        "tonNode.blockIdExt workchain:int shard:long = tonNode.BlockIdExt;\n\
         db.block.info id:tonNode.blockIdExt flags:#\n    prev:flags.1?tonNode.blockIdExt\n    \
         ids:(vector int256) = db.block.Info;\n",
    );
    snapshot!(s);
}

#[test]
fn snapshot_tdlib_docs() {
    let s = schema(
        "//@class InputFile @description Points to a file\n\n\
         //@description A file defined by its remote identifier @id Remote file identifier\n\
         //-that may be empty\ninputFileRemote id:string = InputFile;\n",
    );
    snapshot!(s);
}

#[test]
fn crlf_and_tabs() {
    let src = "// LAYER 3\r\n//@description Doc\r\n//-more\r\na\tx:int\r\n\t= A;\r\n---functions---\r\nf = A;\r\n";
    let s = schema(src);
    assert_eq!(s.layer, Some(3));
    assert_eq!(s.definitions.len(), 2);
    assert_eq!(
        s.definitions[0]
            .doc
            .as_ref()
            .unwrap()
            .description
            .as_deref(),
        Some("Doc more")
    );
    assert_eq!(s.definitions[1].category, Category::Function);
    // Same ids as the LF version.
    let lf = schema(&src.replace("\r\n", "\n"));
    assert!(lf.eq_ignoring_spans(&s));
}
