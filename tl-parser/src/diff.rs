//! What changed between two schemas (two layers), as data.
//!
//! Definitions are matched by full name; builtin declarations (`int ? =
//! Int;`) are left out, and a name defined twice in one schema keeps its
//! first definition. A name that moved between `---types---` and
//! `---functions---` is matched across the sections, so it shows as
//! changed rather than removed and added. A definition is *changed* when
//! its wire id, its category, its type parameters, its parameters or its
//! result type differ; whether the id is written explicitly or computed
//! does not matter, nor do docs or spans.
//!
//! Every list is sorted: constructors, then functions, each by full name,
//! so two runs over the same inputs give the same data. Rendering is left
//! to the caller.
//!
//! ```
//! use typelang_parser::diff::{Change, Diff};
//! use typelang_parser::{parse, IdCheck, ParseOptions};
//! let opts = ParseOptions { id_check: IdCheck::Warn, ..Default::default() };
//! let old = parse("user#1 id:long = User;\ngone#3 = Gone;", &opts).unwrap().schema;
//! let new = parse("user#11 id:long = User;\nchat#2 = Chat;", &opts).unwrap().schema;
//! let diff = Diff::between(&old, &new);
//! assert_eq!(diff.added[0].name.to_string(), "chat");
//! assert_eq!(diff.removed[0].name.to_string(), "gone");
//! assert_eq!(diff.changed[0].changes, [Change::Id { old: 0x1, new: 0x11 }]);
//! ```

use std::collections::BTreeMap;

use crate::ast::{Category, Definition, Param, ParamKind, Schema, TypeExpr, TypeParam};

/// The differences between two schemas; see the [module docs](self).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diff<'a> {
    /// Definitions only the new schema has, sorted.
    pub added: Vec<&'a Definition>,
    /// Definitions only the old schema has, sorted.
    pub removed: Vec<&'a Definition>,
    /// Definitions both have, with their differences, sorted by the old
    /// definition.
    pub changed: Vec<Changed<'a>>,
}

/// One definition present in both schemas that differs between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed<'a> {
    /// The definition in the old schema.
    pub old: &'a Definition,
    /// The definition in the new schema.
    pub new: &'a Definition,
    /// What differs, never empty, in this order: category, id, type
    /// parameters, parameters, result.
    pub changes: Vec<Change<'a>>,
}

/// One difference between two versions of a definition.
#[derive(Debug, Clone, PartialEq)]
pub enum Change<'a> {
    /// Moved between `---types---` and `---functions---`.
    Category {
        /// The old section.
        old: Category,
        /// The new section.
        new: Category,
    },
    /// Another wire id.
    Id {
        /// The old id.
        old: u32,
        /// The new id.
        new: u32,
    },
    /// The `{X:Type}` parameters differ.
    TypeParams {
        /// The old ones.
        old: &'a [TypeParam],
        /// The new ones.
        new: &'a [TypeParam],
    },
    /// Parameters were added, removed or changed, matched by name
    /// (anonymous parameters by position, as `#0`, `#1`, ...).
    Params(Vec<ParamChange<'a>>),
    /// The parameters differ, but every one of them, matched by name, has
    /// the same text: they were reordered.
    ParamsReordered,
    /// Another result type.
    Result {
        /// The old result.
        old: &'a TypeExpr,
        /// The new result.
        new: &'a TypeExpr,
    },
}

/// One parameter that differs, matched by name. In a [`Change::Params`]
/// list, additions and changes come first, in the new definition's order,
/// then removals, in the old one's.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamChange<'a> {
    /// Only the new definition has it.
    Added(&'a Param),
    /// Both have it, written differently (their printed forms differ).
    Changed {
        /// The old parameter.
        old: &'a Param,
        /// The new parameter.
        new: &'a Param,
    },
    /// Only the old definition has it.
    Removed(&'a Param),
}

/// A definition's place in the sorted lists: constructors first.
type Key = (u8, String);

impl<'a> Diff<'a> {
    /// The differences from `old` to `new`.
    pub fn between(old: &'a Schema, new: &'a Schema) -> Self {
        let old_defs = by_name(old);
        let new_defs = by_name(new);
        let mut diff = Diff::default();
        for (key, &o) in &old_defs {
            match new_defs
                .get(key)
                .or_else(|| new_defs.get(&other_category(key)))
            {
                None => diff.removed.push(o),
                Some(&n) if differs(o, n) => diff.changed.push(Changed {
                    old: o,
                    new: n,
                    changes: changes(o, n),
                }),
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

    /// Whether the two schemas define the same things.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// The non-builtin definitions by key; a name defined twice keeps its
/// first definition.
fn by_name(schema: &Schema) -> BTreeMap<Key, &Definition> {
    let mut map = BTreeMap::new();
    for d in schema.definitions.iter().filter(|d| !d.builtin) {
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

/// The same name in the other section.
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

fn changes<'a>(o: &'a Definition, n: &'a Definition) -> Vec<Change<'a>> {
    let mut out = Vec::new();
    if o.category != n.category {
        out.push(Change::Category {
            old: o.category,
            new: n.category,
        });
    }
    if o.id != n.id {
        out.push(Change::Id {
            old: o.id,
            new: n.id,
        });
    }
    if o.type_params != n.type_params {
        out.push(Change::TypeParams {
            old: &o.type_params,
            new: &n.type_params,
        });
    }
    let old_params: Vec<Entry<'_>> = o.params.iter().enumerate().map(entry).collect();
    let new_params: Vec<Entry<'_>> = n.params.iter().enumerate().map(entry).collect();
    let mut param_changes = Vec::new();
    for new in &new_params {
        match old_params.iter().find(|old| old.name == new.name) {
            None => param_changes.push(ParamChange::Added(new.param)),
            Some(old) if old.text != new.text => param_changes.push(ParamChange::Changed {
                old: old.param,
                new: new.param,
            }),
            Some(_) => {}
        }
    }
    for old in &old_params {
        if !new_params.iter().any(|new| new.name == old.name) {
            param_changes.push(ParamChange::Removed(old.param));
        }
    }
    if !param_changes.is_empty() {
        out.push(Change::Params(param_changes));
    } else if !same_params(&o.params, &n.params) {
        out.push(Change::ParamsReordered);
    }
    if o.result != n.result {
        out.push(Change::Result {
            old: &o.result,
            new: &n.result,
        });
    }
    out
}

/// A parameter with the name it is matched by and its printed form.
struct Entry<'a> {
    name: String,
    text: String,
    param: &'a Param,
}

/// Anonymous parameters are named by position.
fn entry((i, param): (usize, &Param)) -> Entry<'_> {
    Entry {
        name: param.name.clone().unwrap_or_else(|| format!("#{i}")),
        text: param.to_string(),
        param,
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::{Change, Diff, ParamChange};
    use crate::ast::{Category, Definition, Schema};
    use crate::{IdCheck, ParseOptions, parse, print_definition};

    fn schema(src: &str) -> Schema {
        let options = ParseOptions {
            id_check: IdCheck::Warn,
            ..Default::default()
        };
        parse(src, &options).expect("valid").schema
    }

    fn category(d: &Definition) -> &'static str {
        match d.category {
            Category::Type => "constructor",
            Category::Function => "function",
        }
    }

    /// The CLI's rendering (`tl-cli/src/diff.rs`), rebuilt from the data
    /// alone: the proof that the data carries everything it prints.
    fn render(diff: &Diff<'_>) -> String {
        let mut out = String::new();
        if !diff.added.is_empty() {
            let _ = writeln!(out, "\nadded ({}):", diff.added.len());
            for d in &diff.added {
                let _ = writeln!(out, "  + {} {}", category(d), print_definition(d));
            }
        }
        if !diff.removed.is_empty() {
            let _ = writeln!(out, "\nremoved ({}):", diff.removed.len());
            for d in &diff.removed {
                let _ = writeln!(out, "  - {} {}", category(d), print_definition(d));
            }
        }
        if !diff.changed.is_empty() {
            let _ = writeln!(out, "\nchanged ({}):", diff.changed.len());
            for c in &diff.changed {
                let what: Vec<String> = c.changes.iter().map(describe).collect();
                let _ = writeln!(
                    out,
                    "  ~ {} {}: {}",
                    category(c.new),
                    c.new.name,
                    what.join("; ")
                );
                let _ = writeln!(out, "      - {}", print_definition(c.old));
                let _ = writeln!(out, "      + {}", print_definition(c.new));
            }
        }
        let _ = writeln!(
            out,
            "\n{} added, {} removed, {} changed",
            diff.added.len(),
            diff.removed.len(),
            diff.changed.len()
        );
        out
    }

    fn describe(change: &Change<'_>) -> String {
        let word = |c: &Category| match c {
            Category::Type => "constructor",
            Category::Function => "function",
        };
        match change {
            Change::Category { old, new } => format!("{} -> {}", word(old), word(new)),
            Change::Id { old, new } => format!("id {old:#010x} -> {new:#010x}"),
            Change::TypeParams { .. } => "type parameters".to_owned(),
            Change::Params(list) => {
                let items: Vec<String> = list
                    .iter()
                    .map(|p| match p {
                        ParamChange::Added(p) => format!("+{p}"),
                        ParamChange::Changed { old, new } => format!("{old} => {new}"),
                        ParamChange::Removed(p) => format!("-{p}"),
                    })
                    .collect();
                format!("params {}", items.join(", "))
            }
            Change::ParamsReordered => "params reordered".to_owned(),
            Change::Result { old, new } => format!("result {old} -> {new}"),
        }
    }

    const OLD: &str = "// LAYER 1\n\
        user#00000001 id:long name:string = User;\n\
        chat#00000002 id:long = Chat;\n\
        gone#00000003 = Gone;\n\
        ---functions---\n\
        users.get#00000004 id:long = User;\n";
    const NEW: &str = "// LAYER 2\n\
        user#00000011 flags:# id:long name:string bot:flags.0?true = User;\n\
        chat#00000002 id:long = Chat;\n\
        channel#00000005 id:long title:string = Chat;\n\
        ---functions---\n\
        users.get#00000004 id:long = User;\n\
        chats.get#00000006 id:long = Chat;\n";

    #[test]
    fn the_cli_fixture_renders_as_the_cli_does() {
        let (old, new) = (schema(OLD), schema(NEW));
        let diff = Diff::between(&old, &new);
        assert_eq!(
            render(&diff),
            "
added (2):
  + constructor channel#00000005 id:long title:string = Chat;
  + function chats.get#00000006 id:long = Chat;

removed (1):
  - constructor gone#00000003 = Gone;

changed (1):
  ~ constructor user: id 0x00000001 -> 0x00000011; params +flags:#, +bot:flags.0?true
      - user#00000001 id:long name:string = User;
      + user#00000011 flags:# id:long name:string bot:flags.0?true = User;

2 added, 1 removed, 1 changed
"
        );
        let back = Diff::between(&new, &old);
        assert_eq!((back.added.len(), back.removed.len()), (1, 2));
        assert!(Diff::between(&old, &old).is_empty());
    }

    #[test]
    fn moving_between_sections_is_a_change() {
        let old = schema("x#1 = X;\n");
        let new = schema("---functions---\nx#1 = X;\n");
        let diff = Diff::between(&old, &new);
        assert!(diff.added.is_empty() && diff.removed.is_empty());
        assert_eq!(
            diff.changed[0].changes,
            [Change::Category {
                old: Category::Type,
                new: Category::Function
            }]
        );
    }

    #[test]
    fn what_counts_as_changed() {
        // Explicit vs computed id, docs, spacing and builtins do not count.
        let old = schema("int ? = Int;\na x:int = A;\n");
        let id = crate::id_of_line("a x:int = A;", Default::default()).expect("one line");
        let new = schema(&format!(
            "//@description A thing @x X\na#{id:08x}   x:int\n = A;\n"
        ));
        assert!(Diff::between(&old, &new).is_empty());

        let old = schema("p#1 {X:Type} a:int b:long c:X #  = P;\n");
        let new = schema("p#1 b:long a:int d:string # = Q;\n");
        let diff = Diff::between(&old, &new);
        let what: Vec<String> = diff.changed[0].changes.iter().map(describe).collect();
        assert_eq!(
            what,
            ["type parameters", "params +d:string, -c:X", "result P -> Q",]
        );
        let old = schema("p#1 a:int b:long = P;\n");
        let new = schema("p#1 b:long a:int = P;\n");
        let diff = Diff::between(&old, &new);
        assert_eq!(diff.changed[0].changes, [Change::ParamsReordered]);
        // A changed parameter and an anonymous one matched by position.
        let old = schema("p#1 a:int # = P;\n");
        let new = schema("p#1 a:long int = P;\n");
        let what: Vec<String> = Diff::between(&old, &new).changed[0]
            .changes
            .iter()
            .map(describe)
            .collect();
        assert_eq!(what, ["params a:int => a:long, # => int"]);
    }

    #[test]
    fn sorted_constructors_then_functions_first_definition_wins() {
        let old = schema("z#1 = Z;\n");
        let new = schema("---functions---\nb#2 = B;\n---types---\nz#1 = Z;\nc#3 = C;\nc#4 = C;\n");
        let diff = Diff::between(&old, &new);
        let names: Vec<String> = diff.added.iter().map(|d| d.name.to_string()).collect();
        assert_eq!(names, ["c", "b"]);
        assert_eq!(diff.added[0].id, 3);
    }
}
