//! `tl-codegen diff`: what changed between two schemas (two layers).
//!
//! Definitions are matched by full name. A definition is *changed* when its
//! wire id, its category, its type parameters, its parameters or its result
//! type differ; whether the id is written explicitly or computed does not
//! matter, nor do docs. Output is sorted (constructors, then functions, each
//! by name), so two runs over the same inputs print the same text.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use tl_parser::ast::{Category, Definition, Param, ParamKind};
use tl_parser::{IdCheck, ParseOptions, print_definition};

use super::source::{self, Loaded, Show};
use super::{CliError, DialectArg, Status, output};

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The older schema.
    #[arg(value_name = "OLD")]
    old: PathBuf,

    /// The newer schema.
    #[arg(value_name = "NEW")]
    new: PathBuf,

    /// Exit with 1 when the schemas differ (like `git diff --exit-code`).
    #[arg(long)]
    exit_code: bool,

    /// The id rule for definitions without an explicit `#id`.
    #[arg(long, value_enum, default_value_t)]
    dialect: DialectArg,
}

/// Runs `diff`.
pub(crate) fn run(args: &DiffArgs) -> Result<Status, CliError> {
    let options = ParseOptions {
        dialect: args.dialect.into(),
        id_check: IdCheck::Warn,
    };
    let mut loaded = source::load_all_or_fail(
        &[args.old.clone(), args.new.clone()],
        &options,
        Show::NoIdWarnings,
    )?;
    let (Some(new), Some(old)) = (loaded.pop(), loaded.pop()) else {
        return Err(CliError::new("expected two schemas"));
    };
    let diff = Diff::between(&old, &new);
    output::stdout(&diff.render(&old, &new));
    Ok(if args.exit_code && !diff.is_empty() {
        Status::Failure
    } else {
        Status::Success
    })
}

type Key = (u8, String);

/// The differences between two schemas.
#[derive(Debug, Default)]
struct Diff<'a> {
    added: Vec<&'a Definition>,
    removed: Vec<&'a Definition>,
    changed: Vec<(&'a Definition, &'a Definition)>,
}

impl<'a> Diff<'a> {
    fn between(old: &'a Loaded, new: &'a Loaded) -> Self {
        let old_defs = by_name(old);
        let new_defs = by_name(new);
        let mut diff = Diff::default();
        for (key, &o) in &old_defs {
            match new_defs
                .get(key)
                .or_else(|| new_defs.get(&other_category(key)))
            {
                None => diff.removed.push(o),
                Some(&n) if differs(o, n) => diff.changed.push((o, n)),
                Some(_) => {}
            }
        }
        for (key, &n) in &new_defs {
            if !old_defs.contains_key(key) && !old_defs.contains_key(&other_category(key)) {
                diff.added.push(n);
            }
        }
        diff
    }

    fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    fn render(&self, old: &Loaded, new: &Loaded) -> String {
        let mut out = String::new();
        header(&mut out, "---", old);
        header(&mut out, "+++", new);
        if !self.added.is_empty() {
            let _ = writeln!(out, "\nadded ({}):", self.added.len());
            for d in &self.added {
                let _ = writeln!(out, "  + {} {}", category(d), print_definition(d));
            }
        }
        if !self.removed.is_empty() {
            let _ = writeln!(out, "\nremoved ({}):", self.removed.len());
            for d in &self.removed {
                let _ = writeln!(out, "  - {} {}", category(d), print_definition(d));
            }
        }
        if !self.changed.is_empty() {
            let _ = writeln!(out, "\nchanged ({}):", self.changed.len());
            for (o, n) in &self.changed {
                let _ = writeln!(
                    out,
                    "  ~ {} {}: {}",
                    category(n),
                    n.name,
                    changes(o, n).join("; ")
                );
                let _ = writeln!(out, "      - {}", print_definition(o));
                let _ = writeln!(out, "      + {}", print_definition(n));
            }
        }
        let _ = writeln!(
            out,
            "\n{} added, {} removed, {} changed",
            self.added.len(),
            self.removed.len(),
            self.changed.len()
        );
        out
    }
}

fn header(out: &mut String, marker: &str, l: &Loaded) {
    let _ = write!(out, "{marker} {}", l.source.name);
    if let Some(layer) = l.schema.layer {
        let _ = write!(out, " (layer {layer})");
    }
    out.push('\n');
}

fn category(d: &Definition) -> &'static str {
    match d.category {
        Category::Type => "constructor",
        Category::Function => "function",
    }
}

/// Constructors sort before functions; a name defined twice in one file
/// keeps its first definition.
fn by_name(l: &Loaded) -> BTreeMap<Key, &Definition> {
    let mut map = BTreeMap::new();
    for d in l.schema.definitions.iter().filter(|d| !d.builtin) {
        map.entry(key(d)).or_insert(d);
    }
    map
}

fn key(d: &Definition) -> Key {
    let rank = match d.category {
        Category::Type => 0,
        Category::Function => 1,
    };
    (rank, d.name.to_string())
}

/// The same name in the other section, so a constructor that became a
/// function shows as changed rather than removed + added.
fn other_category((rank, name): &Key) -> Key {
    (1 - rank, name.clone())
}

fn differs(o: &Definition, n: &Definition) -> bool {
    o.id != n.id
        || o.category != n.category
        || o.type_params != n.type_params
        || o.result != n.result
        || !same_params(&o.params, &n.params)
}

/// Parameters compared without their source spans.
fn same_params(a: &[Param], b: &[Param]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.name == y.name
                && match (&x.kind, &y.kind) {
                    (
                        ParamKind::Value { ty: t1, flag: f1 },
                        ParamKind::Value { ty: t2, flag: f2 },
                    ) => t1 == t2 && f1 == f2,
                    (
                        ParamKind::Repeated {
                            multiplicity: m1,
                            fields: f1,
                        },
                        ParamKind::Repeated {
                            multiplicity: m2,
                            fields: f2,
                        },
                    ) => m1 == m2 && same_params(f1, f2),
                    _ => false,
                }
        })
}

/// A short description of what differs between two versions.
fn changes(o: &Definition, n: &Definition) -> Vec<String> {
    let mut out = Vec::new();
    if o.category != n.category {
        out.push(format!("{} -> {}", category(o), category(n)));
    }
    if o.id != n.id {
        out.push(format!("id {:#010x} -> {:#010x}", o.id, n.id));
    }
    if o.type_params != n.type_params {
        out.push("type parameters".to_owned());
    }
    let old_params: Vec<(String, String)> = o.params.iter().enumerate().map(param_entry).collect();
    let new_params: Vec<(String, String)> = n.params.iter().enumerate().map(param_entry).collect();
    let mut param_changes = Vec::new();
    for (name, text) in &new_params {
        match old_params.iter().find(|(n2, _)| n2 == name) {
            None => param_changes.push(format!("+{text}")),
            Some((_, old_text)) if old_text != text => {
                param_changes.push(format!("{old_text} => {text}"));
            }
            Some(_) => {}
        }
    }
    for (name, text) in &old_params {
        if !new_params.iter().any(|(n2, _)| n2 == name) {
            param_changes.push(format!("-{text}"));
        }
    }
    if !param_changes.is_empty() {
        out.push(format!("params {}", param_changes.join(", ")));
    } else if !same_params(&o.params, &n.params) {
        out.push("params reordered".to_owned());
    }
    if o.result != n.result {
        out.push(format!("result {} -> {}", o.result, n.result));
    }
    out
}

/// `(name, text)` of a parameter; anonymous ones are named by position.
fn param_entry((i, p): (usize, &Param)) -> (String, String) {
    let name = p.name.clone().unwrap_or_else(|| format!("#{i}"));
    (name, p.to_string())
}
