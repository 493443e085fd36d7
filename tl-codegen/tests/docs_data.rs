//! `Config::docs_data`: the official texts in the generated rustdoc, the
//! `errors` catalogue, and how many items get a description.

use typelang_codegen::{Config, IdCheck};

fn schema(name: &str) -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/").to_owned() + name
}

fn config(docs: bool) -> Config {
    let mut c = Config::new();
    c.id_check(IdCheck::Warn)
        .methods_table(schema("methods.tsv"));
    if docs {
        c.docs_data(schema("docs.tsv"));
    }
    c
}

/// The paragraph of issue 14: what the method pages say about
/// `messages.requestEncryption`.
const SENTENCES: &[&str] = &[
    "Sends a request to start a secret chat to the user.",
    "| `user_id` | [`InputUser`](super::super::enums::InputUser) | no | User ID |",
    "Unique client request ID required to prevent resending. This also doubles as the chat ID.",
    "`A = g ^ a mod p`",
    "# Returns",
    "/// [`EncryptedChat`](super::super::enums::EncryptedChat)",
    "Bots can use this method: no.",
    "| 400 | [`DH_G_A_INVALID`](super::super::errors::DH_G_A_INVALID) | g_a invalid. |",
    "| 400 | [`USER_ID_INVALID`](super::super::errors::USER_ID_INVALID) | The provided user ID is invalid. |",
    "https://core.telegram.org/method/messages.requestEncryption",
    "```text",
    "/// let call = functions::messages::RequestEncryption {",
];

#[test]
fn request_encryption_docs_say_what_the_method_page_says() {
    let mut c = config(true);
    c.only(["messages.requestEncryption"]);
    let code = c.generate(&[schema("api.tl")]).unwrap();
    for s in SENTENCES {
        assert!(code.contains(s), "missing: {s}");
    }
    // The catalogue has the two errors with code and text.
    assert!(code.contains("pub const DH_G_A_INVALID: Entry"));
    assert!(code.contains("description: \"g_a invalid.\""));
    // Field docs on the constructor's fields, and the boxed type's list.
    assert!(code.contains("/// - [`encryptedChatEmpty`](Self::"));
    assert!(code.contains("/// User ID\n"));

    // Without the option the docs stay as they were.
    let mut plain = config(false);
    plain.only(["messages.requestEncryption"]);
    let plain = plain.generate(&[schema("api.tl")]).unwrap();
    assert!(!plain.contains("Sends a request to start a secret chat"));
    assert!(!plain.contains("pub mod errors"));
}

/// Items of each kind in generated code, and how many have a description
/// (a doc comment that does not start with the TL text).
#[derive(Debug, Default, PartialEq)]
struct Coverage {
    constructors: (usize, usize),
    functions: (usize, usize),
    types: (usize, usize),
    fields: (usize, usize),
}

fn coverage(code: &str) -> Coverage {
    let mut c = Coverage::default();
    let mut doc: Vec<&str> = Vec::new();
    for line in code.lines().map(str::trim) {
        if let Some(d) = line.strip_prefix("///") {
            doc.push(d.trim());
            continue;
        }
        if line.starts_with("#[") {
            continue;
        }
        let described = doc
            .first()
            .is_some_and(|d| !d.starts_with('`') && !d.starts_with("The boxed TL type"));
        let all = doc.join("\n");
        let slot = if line.starts_with("pub struct") || line.starts_with("pub enum") {
            if all.contains("\nFunction id `") {
                Some(&mut c.functions)
            } else if all.contains("\nConstructor id `") {
                Some(&mut c.constructors)
            } else if all.contains("The boxed TL type `") {
                Some(&mut c.types)
            } else {
                None
            }
        } else if line.starts_with("pub ") && line.ends_with(',') && !doc.is_empty() {
            Some(&mut c.fields)
        } else {
            None
        };
        if let Some((total, with)) = slot {
            *total += 1;
            *with += usize::from(described);
        }
        doc.clear();
    }
    c
}

#[test]
fn coverage_does_not_fall() {
    let files = [schema("api.tl")];
    let with = coverage(&config(true).generate(&files).unwrap());
    let without = coverage(&config(false).generate(&files).unwrap());
    println!("with docs data: {with:?}\nwithout: {without:?}");
    // (items, items with a description) for api.tl, layer 230, docs of 223.
    assert_eq!(without.functions.0, with.functions.0);
    assert!(without.functions.1 == 0 && without.constructors.1 == 0);
    // Measured at 697fd8b+: constructors 1454 of 1700, functions 719 of
    // 850, boxed types 554 of 647, fields 6169 of 7393 (none without the
    // option).
    let floor = Coverage {
        constructors: (1700, 1454),
        functions: (850, 719),
        types: (647, 554),
        fields: (7393, 6169),
    };
    assert!(with.constructors.1 >= floor.constructors.1, "{with:?}");
    assert!(with.functions.1 >= floor.functions.1, "{with:?}");
    assert!(with.types.1 >= floor.types.1, "{with:?}");
    assert!(with.fields.1 >= floor.fields.1, "{with:?}");
}
