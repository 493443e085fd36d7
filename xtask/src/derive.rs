//! `xtask docs`: derives `schema/docs.tsv` from mtcute's JSON files and our
//! `api.tl` (format: `typelang_codegen::docs`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use typelang_parser::ast::{Category, Param, ParamKind};

use crate::markdown::{SITE, Source, plain_words, to_markdown};

/// The upstream package, its version and the file names in the input
/// directory.
pub(crate) const PACKAGE: &str = "@mtcute/tl";
pub(crate) const VERSION: &str = "223.0.0";
pub(crate) const SCHEMA_FILE: &str = "mtcute-api-schema-223.json";
pub(crate) const ERRORS_FILE: &str = "mtcute-raw-errors-223.json";

#[derive(Deserialize)]
struct ApiSchema {
    l: u32,
    e: Vec<Entry>,
    u: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Entry {
    kind: String,
    name: String,
    id: u64,
    comment: Option<String>,
    #[serde(default)]
    arguments: Vec<Argument>,
    #[serde(default)]
    throws: Option<Vec<Throw>>,
}

#[derive(Deserialize)]
struct Argument {
    name: String,
    comment: Option<String>,
}

#[derive(Deserialize)]
struct Throw {
    code: i32,
    name: String,
    comment: Option<String>,
}

#[derive(Deserialize)]
struct RawErrors {
    errors: BTreeMap<String, RawError>,
}

#[derive(Deserialize)]
struct RawError {
    code: i32,
    description: Option<String>,
}

/// One definition of our api.tl.
struct OurDef {
    function: bool,
    id: u32,
    params: Vec<String>,
}

/// The result of a derivation: the table and what was counted.
pub(crate) struct Derived {
    pub(crate) tsv: String,
    pub(crate) report: String,
}

fn param_names(params: &[Param], out: &mut Vec<String>) {
    for p in params {
        match &p.kind {
            ParamKind::Value { .. } => out.extend(p.name.clone()),
            ParamKind::Repeated { fields, .. } => param_names(fields, out),
        }
    }
}

/// Escapes a text for one field: `\` `\n` `\t`.
fn field(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The most common value (ties: the smallest).
fn most_common<T: Ord + Clone>(values: &[T]) -> Option<T> {
    let mut counts: BTreeMap<&T, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(v, _)| v.clone())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads the inputs and builds the table.
pub(crate) fn derive(input_dir: &Path, api_tl: &Path) -> Result<Derived, String> {
    let schema_path = input_dir.join(SCHEMA_FILE);
    let errors_path = input_dir.join(ERRORS_FILE);
    let schema: ApiSchema = serde_json::from_str(&read(&schema_path)?)
        .map_err(|e| format!("{}: {e}", schema_path.display()))?;
    let raw_errors: RawErrors = serde_json::from_str(&read(&errors_path)?)
        .map_err(|e| format!("{}: {e}", errors_path.display()))?;
    let api_text = read(api_tl)?;
    let parsed = typelang_parser::parse(&api_text, &typelang_parser::ParseOptions::default())
        .map_err(|d| d.render(&api_tl.display().to_string(), &api_text))?;
    let layer = parsed.schema.layer;
    derive_from(&schema, &raw_errors, &parsed.schema, layer)
}

fn derive_from(
    schema: &ApiSchema,
    raw_errors: &RawErrors,
    ours: &typelang_parser::ast::Schema,
    our_layer: Option<u32>,
) -> Result<Derived, String> {
    // Our definitions.
    let mut defs: BTreeMap<String, OurDef> = BTreeMap::new();
    let mut boxed: BTreeSet<String> = BTreeSet::new();
    for d in ours.definitions.iter().filter(|d| !d.builtin) {
        let mut params = Vec::new();
        param_names(&d.params, &mut params);
        let function = d.category == Category::Function;
        if !function {
            boxed.insert(d.result.name.to_string());
        }
        defs.insert(
            d.name.to_string(),
            OurDef {
                function,
                id: d.id,
                params,
            },
        );
    }

    // `{@link X}` targets: mtcute's class names of constructors
    // (`RawInputPeerSelf`) and methods (`messages.RawSendMessageRequest`).
    let mut by_lower: HashMap<String, (String, bool)> = HashMap::new();
    for e in &schema.e {
        by_lower.insert(e.name.to_lowercase(), (e.name.clone(), e.kind == "method"));
    }
    for (name, d) in &defs {
        by_lower.insert(name.to_lowercase(), (name.clone(), d.function));
    }
    let unresolved = std::cell::RefCell::new(BTreeSet::new());
    let resolve = |target: &str| -> Option<(String, String)> {
        let (ns, local) = match target.rsplit_once('.') {
            Some((ns, local)) => (format!("{ns}."), local),
            None => (String::new(), target),
        };
        let found = local.strip_prefix("Raw").and_then(|local| {
            let method = local
                .strip_suffix("Request")
                .and_then(|m| by_lower.get(&format!("{ns}{m}").to_lowercase()))
                .filter(|(_, f)| *f);
            method.or_else(|| {
                by_lower
                    .get(&format!("{ns}{}", lower_first(local)).to_lowercase())
                    .filter(|(_, f)| !*f)
            })
        });
        match found {
            Some((name, function)) => {
                let page = if *function { "method" } else { "constructor" };
                Some((name.clone(), format!("{SITE}/{page}/{name}")))
            }
            None => {
                unresolved.borrow_mut().insert(target.to_owned());
                None
            }
        }
    };
    let html = |text: &Option<String>, page: &str| {
        text.as_deref()
            .map(|t| to_markdown(t, Source::Html, page, &resolve))
            .unwrap_or_default()
    };

    let mut out = String::new();
    let mut n = BTreeMap::<&str, usize>::new();
    let mut seen_223 = BTreeSet::new();
    let mut changed_id = 0usize;
    let mut dropped = Vec::new();
    // Per method: (error, code, comment as Markdown, its words) of its page.
    let mut throws: BTreeMap<String, Vec<(String, i32, String, String)>> = BTreeMap::new();
    let mut sorted: Vec<&Entry> = schema.e.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    for e in sorted {
        let function = e.kind == "method";
        let Some(our) = defs.get(&e.name).filter(|d| d.function == function) else {
            dropped.push(e.name.clone());
            continue;
        };
        seen_223.insert(e.name.clone());
        if u64::from(our.id) != e.id {
            changed_id += 1;
        }
        let page = format!(
            "{SITE}/{}/{}",
            if function { "method" } else { "constructor" },
            e.name
        );
        let text = html(&e.comment, &page);
        if !text.is_empty() {
            let kind = if function { "f" } else { "c" };
            *n.entry(kind).or_default() += 1;
            writeln!(out, "{kind}\t{}\t{}", e.name, field(&text)).ok();
        }
        // Parameters in the order of our api.tl.
        for p in &our.params {
            let Some(arg) = e.arguments.iter().find(|a| &a.name == p) else {
                continue;
            };
            let text = html(&arg.comment, &page);
            if !text.is_empty() {
                *n.entry("p").or_default() += 1;
                writeln!(out, "p\t{}\t{p}\t{}", e.name, field(&text)).ok();
            }
        }
        for t in e.throws.iter().flatten() {
            let words = t
                .comment
                .as_deref()
                .map(|c| plain_words(c, Source::Html, &resolve))
                .unwrap_or_default();
            throws.entry(e.name.clone()).or_default().push((
                t.name.clone(),
                t.code,
                html(&t.comment, &page),
                words,
            ));
        }
    }

    // Boxed types.
    for (ty, text) in &schema.u {
        if !boxed.contains(ty) {
            continue;
        }
        let text = to_markdown(text, Source::Html, &format!("{SITE}/type/{ty}"), &resolve);
        if !text.is_empty() {
            *n.entry("t").or_default() += 1;
            writeln!(out, "t\t{ty}\t{}", field(&text)).ok();
        }
    }

    // Errors: the catalogue, then errors only method pages list (most
    // common code and comment among those pages).
    let errors_page = format!("{SITE}/api/errors");
    // Name -> (code, Markdown, words).
    let mut catalogue: BTreeMap<String, (i32, String, String)> = BTreeMap::new();
    for (name, e) in &raw_errors.errors {
        let d = e.description.as_deref().unwrap_or("");
        let text = to_markdown(d, Source::Markdown, &errors_page, &resolve);
        let words = plain_words(d, Source::Markdown, &resolve);
        catalogue.insert(name.clone(), (e.code, text, words));
    }
    let from_catalogue = catalogue.len();
    // Errors the catalogue lacks or has no text for: name -> the codes and
    // (Markdown, words) texts of the pages listing it.
    type Listed = (Vec<i32>, Vec<(String, String)>);
    let mut from_pages: BTreeMap<String, Listed> = BTreeMap::new();
    for list in throws.values() {
        for (name, code, comment, words) in list {
            if catalogue.get(name).is_none_or(|c| c.1.is_empty()) {
                let entry = from_pages.entry(name.clone()).or_default();
                entry.0.push(*code);
                if !comment.is_empty() {
                    entry.1.push((comment.clone(), words.clone()));
                }
            }
        }
    }
    let mut only_on_pages = 0usize;
    let mut text_from_pages = 0usize;
    for (name, (codes, comments)) in from_pages {
        let (text, words) = most_common(&comments).unwrap_or_default();
        match catalogue.get_mut(&name) {
            Some(known) => {
                if !text.is_empty() {
                    text_from_pages += 1;
                    (known.1, known.2) = (text, words);
                }
            }
            None => {
                only_on_pages += 1;
                let code = most_common(&codes).unwrap_or(400);
                catalogue.insert(name, (code, text, words));
            }
        }
    }
    for (name, (code, text, _)) in &catalogue {
        *n.entry("e").or_default() += 1;
        writeln!(out, "e\t{name}\t{code}\t{}", field(text)).ok();
    }
    let mut code_differs = 0usize;
    for (method, list) in &throws {
        let mut done = BTreeSet::new();
        for (name, code, comment, words) in list {
            let (cat_code, _, cat_words) = &catalogue[name];
            if code != cat_code {
                code_differs += 1;
            }
            // Same words as the catalogue: its text (with its links) serves.
            if comment.is_empty() || words == cat_words || !done.insert(name) {
                continue;
            }
            *n.entry("m").or_default() += 1;
            writeln!(out, "m\t{method}\t{name}\t{}", field(comment)).ok();
        }
    }

    let count = |k: &str| n.get(k).copied().unwrap_or(0);
    let our_c = defs.values().filter(|d| !d.function).count();
    let our_f = defs.len() - our_c;
    let missing: Vec<&String> = defs.keys().filter(|k| !seen_223.contains(*k)).collect();
    let missing_f = missing.iter().filter(|k| defs[**k].function).count();
    let unresolved = unresolved.into_inner();

    let layer = our_layer.map_or_else(|| "?".to_owned(), |l| l.to_string());
    let mut header = String::new();
    for line in [
        format!("# docs.tsv: descriptions of the Telegram API (our api.tl, layer {layer}), as Markdown for rustdoc."),
        format!("# Derived from the npm package {PACKAGE} {VERSION} (layer {}): its files api-schema.json", schema.l),
        "# (descriptions of definitions, parameters, boxed types; per-method errors) and raw-errors.json".to_owned(),
        "# (the error catalogue), whose texts come from the official API pages. MIT licence: LICENSE-mtcute.".to_owned(),
        "# Regenerate: cargo run -p xtask -- docs <dir with the two JSON files> schema/api.tl -o schema/docs.tsv".to_owned(),
        "# Only definitions of our api.tl are kept. Reader: typelang_codegen::docs::DocsData.".to_owned(),
        "#".to_owned(),
        "# One record a line, fields separated by a tab; in texts \\n is a line break, \\t a tab, \\\\ a backslash:".to_owned(),
        "#   c <constructor> <text>       f <function> <text>      p <definition> <parameter> <text>".to_owned(),
        "#   t <boxed type> <text>        e <error> <code> <text>  m <method> <error> <text>".to_owned(),
        "# e: the error catalogue (a %d in a name is a number); m: an error's text on one method's page where".to_owned(),
        "# it differs from the e record. Errors missing from raw-errors.json (or without text there) take the".to_owned(),
        "# code and text (the most common) of the method pages that list them.".to_owned(),
    ] {
        header.push_str(&line);
        header.push('\n');
    }
    let tsv = format!("{header}{out}");
    // The reader must take the table back, record for record.
    let back = typelang_codegen::docs::DocsData::parse(&tsv)
        .map_err(|e| format!("the derived table does not parse: {e}"))?
        .counts();
    let written = [
        back.constructors,
        back.functions,
        back.params,
        back.types,
        back.errors,
        back.method_errors,
    ];
    let counted = ["c", "f", "p", "t", "e", "m"].map(|k| n.get(k).copied().unwrap_or(0));
    if written != counted {
        return Err(format!(
            "the reader sees {written:?} records (c f p t e m), the derivation wrote {counted:?}"
        ));
    }

    let mut report = String::new();
    let w = &mut report;
    writeln!(
        w,
        "our api.tl (layer {layer}): {our_c} constructors, {our_f} functions"
    )
    .ok();
    writeln!(
        w,
        "  absent from layer {} (no text): {} ({} constructors, {missing_f} functions)",
        schema.l,
        missing.len(),
        missing.len() - missing_f
    )
    .ok();
    writeln!(w, "  present with another id (changed since): {changed_id}").ok();
    writeln!(
        w,
        "layer {} definitions not in our api.tl (dropped): {}",
        schema.l,
        dropped.len()
    )
    .ok();
    writeln!(w, "records:").ok();
    let our_p: usize = defs.values().map(|d| d.params.len()).sum();
    writeln!(
        w,
        "  c constructor descriptions: {} (of {our_c})",
        count("c")
    )
    .ok();
    writeln!(
        w,
        "  f function descriptions:    {} (of {our_f})",
        count("f")
    )
    .ok();
    writeln!(
        w,
        "  p parameter descriptions:   {} (of {our_p})",
        count("p")
    )
    .ok();
    writeln!(
        w,
        "  t boxed type descriptions:  {} (of {} boxed types)",
        count("t"),
        boxed.len()
    )
    .ok();
    writeln!(
        w,
        "  e errors:                   {} ({from_catalogue} from the catalogue, {text_from_pages} of them with the text of method pages; {only_on_pages} only on method pages)",
        count("e")
    )
    .ok();
    writeln!(w, "  m per-method error texts:   {}", count("m")).ok();
    writeln!(
        w,
        "method error entries whose code differs from the e record (not kept): {code_differs}"
    )
    .ok();
    writeln!(
        w,
        "{{@link}} targets not resolved (kept as code): {}",
        unresolved.len()
    )
    .ok();
    for t in unresolved.iter().take(10) {
        writeln!(w, "  {t}").ok();
    }
    writeln!(
        w,
        "size: {} bytes, {} lines",
        tsv.len(),
        tsv.lines().count()
    )
    .ok();
    if !missing.is_empty() {
        let first: Vec<&str> = missing.iter().take(8).map(|s| s.as_str()).collect();
        writeln!(w, "first definitions without text: {}", first.join(", ")).ok();
    }
    Ok(Derived { tsv, report })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(json: &str) -> ApiSchema {
        serde_json::from_str(json).unwrap()
    }

    fn derive_small() -> Derived {
        let api = schema(
            r#"{"l": 223, "u": {"EncryptedChat": "Object contains info on an encrypted chat.", "Gone": "x"},
            "e": [
              {"kind": "method", "name": "messages.requestEncryption", "type": "EncryptedChat", "id": 4132286275,
               "comment": "Sends a request to start a secret chat to the user.",
               "arguments": [{"name": "user_id", "type": "InputUser", "comment": "User ID"},
                             {"name": "old", "type": "int", "comment": "removed since"},
                             {"name": "g_a", "type": "bytes", "comment": "<code>A = g ^ a mod p</code>"}],
               "throws": [{"code": 400, "name": "USER_ID_INVALID", "comment": "The provided user ID is invalid."},
                          {"code": 400, "name": "DH_G_A_INVALID", "comment": "g_a invalid."},
                          {"code": 403, "name": "ONLY_HERE", "comment": "See {@link RawEncryptedChat}."}]},
              {"kind": "class", "name": "encryptedChat", "type": "EncryptedChat", "id": 1, "comment": "", "arguments": []},
              {"kind": "class", "name": "removedThing", "type": "Gone", "id": 2, "comment": "gone", "arguments": []}
            ]}"#,
        );
        let errors: RawErrors = serde_json::from_str(
            r#"{"errors": {"USER_ID_INVALID": {"code": 400, "name": "USER_ID_INVALID", "description": "The provided user ID is invalid."},
                           "DH_G_A_INVALID": {"code": 400, "name": "DH_G_A_INVALID", "description": "Bad g_a, see [here](/api/end-to-end)."},
                           "FLOOD_WAIT_%d": {"code": 420, "name": "FLOOD_WAIT_%d"}}}"#,
        )
        .unwrap();
        let tl = "encryptedChat#61f0d4c7 id:int = EncryptedChat;\n\
                  newThing#12345678 = NewThing;\n\
                  ---functions---\n\
                  messages.requestEncryption#f64daf43 user_id:InputUser random_id:int g_a:bytes = EncryptedChat;\n";
        let opts = typelang_parser::ParseOptions {
            id_check: typelang_parser::IdCheck::Warn,
            ..Default::default()
        };
        let ours = typelang_parser::parse(tl, &opts).unwrap().schema;
        derive_from(&api, &errors, &ours, Some(230)).unwrap()
    }

    #[test]
    fn records_for_our_definitions_only() {
        let d = derive_small();
        let body: Vec<&str> = d.tsv.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            body,
            [
                "f\tmessages.requestEncryption\tSends a request to start a secret chat to the user.",
                "p\tmessages.requestEncryption\tuser_id\tUser ID",
                "p\tmessages.requestEncryption\tg_a\t`A = g ^ a mod p`",
                "t\tEncryptedChat\tObject contains info on an encrypted chat.",
                "e\tDH_G_A_INVALID\t400\tBad g_a, see [here](https://core.telegram.org/api/end-to-end).",
                "e\tFLOOD_WAIT_%d\t420\t",
                "e\tONLY_HERE\t403\tSee [`encryptedChat`](https://core.telegram.org/constructor/encryptedChat).",
                "e\tUSER_ID_INVALID\t400\tThe provided user ID is invalid.",
                "m\tmessages.requestEncryption\tDH_G_A_INVALID\tg_a invalid.",
            ]
        );
        assert!(
            d.report
                .contains("absent from layer 223 (no text): 1 (1 constructors, 0 functions)"),
            "{}",
            d.report
        );
        assert!(
            d.report.contains("not in our api.tl (dropped): 1"),
            "{}",
            d.report
        );
    }

    #[test]
    fn output_parses_with_the_reader() {
        let d = derive_small();
        let data = typelang_codegen::docs::DocsData::parse(&d.tsv).unwrap();
        let c = data.counts();
        assert_eq!(
            [
                c.constructors,
                c.functions,
                c.params,
                c.types,
                c.errors,
                c.method_errors
            ],
            [0, 1, 2, 1, 4, 1]
        );
        assert_eq!(
            data.method_error_text("messages.requestEncryption", "DH_G_A_INVALID"),
            Some("g_a invalid.")
        );
    }

    #[test]
    fn field_escapes() {
        assert_eq!(field("a\\b\nc\td\r"), "a\\\\b\\nc\\td");
        assert_eq!(most_common(&[3, 1, 3, 1]), Some(1));
        assert_eq!(most_common(&[3, 1, 3]), Some(3));
        assert_eq!(most_common::<i32>(&[]), None);
        assert_eq!(lower_first("InputPeerSelf"), "inputPeerSelf");
    }

    /// Undoes `field`.
    fn unfield(text: &str) -> String {
        text.replace("\\\\", "\u{0}")
            .replace("\\n", "\n")
            .replace("\\t", "\t")
            .replace('\u{0}', "\\")
    }

    #[test]
    fn unfield_undoes_field() {
        for t in ["a\\nb", "x\ny\tz", "\\\\n", ""] {
            assert_eq!(unfield(&field(t)), t);
        }
    }

    /// Every text of the bundled table, as `///` comments, passes
    /// `rustdoc -D warnings` (no broken intra-doc links, no unclosed HTML
    /// tags, no bare urls, no unescaped backticks).
    #[test]
    fn bundled_table_passes_rustdoc() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let table = std::fs::read_to_string(root.join("schema/docs.tsv")).unwrap();
        let mut src = String::from("//! Every text of schema/docs.tsv.\n");
        let texts: Vec<String> = table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| unfield(l.rsplit('\t').next().unwrap()))
            .filter(|t| !t.is_empty())
            .collect();
        assert!(texts.len() > 10_000, "{}", texts.len());
        // A few hundred texts an item: rustdoc renders a page per item.
        for (i, chunk) in texts.chunks(200).enumerate() {
            for t in chunk {
                for line in t.lines() {
                    src.push_str("/// ");
                    src.push_str(line);
                    src.push('\n');
                }
                src.push_str("///\n");
            }
            src.push_str(&format!("pub struct Texts{i};\n"));
        }
        let dir = std::env::temp_dir().join(format!("xtask-rustdoc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("lib.rs");
        std::fs::write(&file, &src).unwrap();
        let rustdoc = std::env::var("RUSTDOC").unwrap_or_else(|_| "rustdoc".to_owned());
        let out = std::process::Command::new(rustdoc)
            .args([
                "--edition",
                "2024",
                "--crate-name",
                "docs_check",
                "-D",
                "warnings",
            ])
            .args(["-D", "rustdoc::unescaped_backticks"])
            .args(["-D", "rustdoc::redundant_explicit_links"])
            .arg("-o")
            .arg(dir.join("doc"))
            .arg(&file)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "rustdoc failed on {}:\n{stderr}",
            file.display()
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
