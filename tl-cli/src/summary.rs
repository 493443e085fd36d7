//! The counts `check` prints on success: definitions and how each explicit
//! id was checked, per file and in total.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use typelang_parser::ast::{Category, Schema};
use typelang_parser::{Dialect, compute_id, versioned_id};

/// Counts for one file or for all of them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Counts {
    constructors: usize,
    functions: usize,
    builtins: usize,
    /// Boxed types with at least one constructor.
    pub(crate) types: usize,
    /// Explicit ids equal to the id computed from the text.
    verified: usize,
    /// Explicit ids equal to the id of the text with a trailing layer
    /// number dropped from the name (`decryptedMessage8`).
    versioned: usize,
    /// Explicit ids accepted although they match nothing.
    exceptions: Vec<String>,
    /// Definitions whose id was computed (no `#id` written).
    computed: usize,
}

impl Counts {
    pub(crate) fn of(schema: &Schema, dialect: Dialect) -> Self {
        let mut c = Counts::default();
        let mut types = BTreeSet::new();
        for def in &schema.definitions {
            if def.builtin {
                c.builtins += 1;
                continue;
            }
            match def.category {
                Category::Type => {
                    c.constructors += 1;
                    types.insert(def.result.name.to_string());
                }
                Category::Function => c.functions += 1,
            }
            match def.explicit_id {
                None => c.computed += 1,
                Some(explicit) if explicit == compute_id(def, dialect) => c.verified += 1,
                Some(explicit) if versioned_id(def, dialect) == Some(explicit) => {
                    c.versioned += 1;
                }
                Some(_) => c.exceptions.push(def.name.to_string()),
            }
        }
        c.types = types.len();
        c
    }

    /// Adds `other` in; `types` is left for the caller, since a type that
    /// several files define (`Bool`) counts once.
    pub(crate) fn add(&mut self, other: &Counts) {
        self.constructors += other.constructors;
        self.functions += other.functions;
        self.builtins += other.builtins;
        self.verified += other.verified;
        self.versioned += other.versioned;
        self.exceptions.extend(other.exceptions.iter().cloned());
        self.computed += other.computed;
    }

    fn explicit(&self) -> usize {
        self.verified + self.versioned + self.exceptions.len()
    }

    pub(crate) fn render(&self, out: &mut String) {
        let _ = write!(
            out,
            "{}, {}, {}",
            plural(self.constructors, "constructor"),
            plural(self.functions, "function"),
            plural(self.types, "type"),
        );
        if self.builtins > 0 {
            let _ = write!(out, ", {}", plural(self.builtins, "builtin"));
        }
        let _ = write!(
            out,
            "\n    ids: {} checked ({} match the text",
            plural(self.explicit(), "explicit id"),
            self.verified
        );
        if self.versioned > 0 {
            let _ = write!(
                out,
                ", {} match with the layer suffix dropped",
                self.versioned
            );
        }
        let _ = write!(
            out,
            "), {} computed, {} allowed",
            self.computed,
            plural(self.exceptions.len(), "exception")
        );
        if !self.exceptions.is_empty() {
            let _ = write!(out, " ({})", self.exceptions.join(", "));
        }
        out.push('\n');
    }
}

/// The number of distinct boxed types the schemas define together.
pub(crate) fn distinct_types<'s>(schemas: impl IntoIterator<Item = &'s Schema>) -> usize {
    schemas
        .into_iter()
        .flat_map(|s| &s.definitions)
        .filter(|d| !d.builtin && d.category == Category::Type)
        .map(|d| d.result.name.to_string())
        .collect::<BTreeSet<_>>()
        .len()
}

/// `1 file`, `2 files`.
pub(crate) fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("{n} {what}")
    } else {
        format!("{n} {what}s")
    }
}
