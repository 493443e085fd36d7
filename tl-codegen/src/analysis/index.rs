//! Pass 1: the schema index. Which definitions produce Rust items, and how
//! the later passes find them by TL name.
//!
//! The builtin definitions (`int ? = Int`, `vector {t:Type} # [ t ] =
//! Vector t`, `boolTrue = Bool`, `true = True`, ...) produce no items: the
//! runtime has their types. Their ids still go into `name_for_id`. Names
//! and ids are unique here: `load` ran the parser's lints.

use std::collections::{BTreeMap, HashMap};

use typelang_parser::ast::{Category, Definition};
use typelang_parser::builtins::Builtin;

use crate::load::LoadedSchema;

/// Definitions by name. Indices are into [`LoadedSchema::definitions`].
pub(super) struct Index<'a> {
    pub(super) schema: &'a LoadedSchema,
    /// Constructors by full TL name.
    pub(super) ctor_by_name: HashMap<String, usize>,
    /// Boxed type full name -> its constructors, in schema order.
    pub(super) ctors_of_type: BTreeMap<String, Vec<usize>>,
    /// Functions by full TL name.
    pub(super) fn_by_name: HashMap<String, usize>,
    /// Ids of the builtin definitions (and, after naming, of every item).
    pub(super) builtin_ids: BTreeMap<u32, String>,
    /// `boolTrue`/`boolFalse` exist (`Object::Bool`).
    pub(super) has_bool: bool,
    /// Constructor and type names of the [`PRIMITIVE_ALIASES`] the schema
    /// declares, with the primitive each stands for.
    pub(super) aliases: HashMap<String, &'static str>,
}

/// TDLib's and TON's fieldless declarations of primitives their own
/// generators map to wire primitives (`int53 = Int53;` is a `long`,
/// `secureString = SecureString;` a `string`): constructor name, type name
/// and the primitive's TL name.
pub(super) const PRIMITIVE_ALIASES: &[(&str, &str, &str)] = &[
    ("int32", "Int32", "int"),
    ("int53", "Int53", "long"),
    ("int64", "Int64", "long"),
    ("secureString", "SecureString", "string"),
    ("secureBytes", "SecureBytes", "bytes"),
];

/// The primitive a fieldless alias declaration stands for.
pub(super) fn primitive_alias(def: &Definition) -> Option<&'static str> {
    if def.category != Category::Type || !def.params.is_empty() || !def.type_params.is_empty() {
        return None;
    }
    let (name, result) = (def.name.to_string(), def.result.name.to_string());
    PRIMITIVE_ALIASES
        .iter()
        .find(|(c, t, _)| *c == name && *t == result)
        .map(|(_, _, p)| *p)
}

/// Whether the definition produces no item (builtins, `Bool`, `true`,
/// `vector`, the [`PRIMITIVE_ALIASES`]): its result is a boxed builtin other
/// than `Object`.
pub(super) fn is_builtin_def(def: &Definition) -> bool {
    primitive_alias(def).is_some()
        || def.builtin
        || (def.category == Category::Type
            && def.result.name.namespace.is_empty()
            && matches!(
                Builtin::lookup(&def.result.name.name),
                Some((b, false)) if b != Builtin::Object && b != Builtin::Type
            ))
}

impl<'a> Index<'a> {
    pub(super) fn build(schema: &'a LoadedSchema) -> Self {
        let mut index = Index {
            schema,
            ctor_by_name: HashMap::new(),
            ctors_of_type: BTreeMap::new(),
            fn_by_name: HashMap::new(),
            builtin_ids: BTreeMap::new(),
            has_bool: false,
            aliases: HashMap::new(),
        };
        for (i, ld) in schema.definitions.iter().enumerate() {
            let def = &ld.def;
            let full = def.name.to_string();
            if def.builtin {
                continue;
            }
            if def.category == Category::Type && def.result.name.to_string() == "Bool" {
                index.has_bool = true;
            }
            if !def.type_params.is_empty() && def.category == Category::Type && is_builtin_def(def)
            {
                // `vector {t:Type} # [ t ] = Vector t`: id known, nothing else.
                index.builtin_ids.entry(def.id).or_insert(full);
                continue;
            }
            if let Some(p) = primitive_alias(def) {
                index.aliases.insert(def.result.name.to_string(), p);
                index.aliases.insert(full.clone(), p);
            }
            if is_builtin_def(def) {
                index.builtin_ids.insert(def.id, full);
                continue;
            }
            match def.category {
                Category::Type => {
                    index.ctor_by_name.insert(full, i);
                    let ty = def.result.name.to_string();
                    if ty != "Object" {
                        index.ctors_of_type.entry(ty).or_default().push(i);
                    }
                }
                Category::Function => {
                    index.fn_by_name.insert(full, i);
                }
            }
        }
        index
    }

    /// The definition at `i`.
    pub(super) fn def(&self, i: usize) -> &'a Definition {
        &self.schema.definitions[i].def
    }

    /// Whether `i` produces an item (not a builtin).
    pub(super) fn is_item(&self, i: usize) -> bool {
        let def = self.def(i);
        let name = def.name.to_string();
        !def.builtin
            && !is_builtin_def(def)
            && match def.category {
                Category::Type => self.ctor_by_name.get(&name) == Some(&i),
                Category::Function => self.fn_by_name.get(&name) == Some(&i),
            }
    }

    /// Every name a type position may use: constructors, boxed types and
    /// the builtins' spellings (for "did you mean").
    pub(super) fn type_names(&self) -> impl Iterator<Item = &str> {
        self.ctor_by_name
            .keys()
            .chain(self.ctors_of_type.keys())
            .map(String::as_str)
            .chain(
                typelang_parser::builtins::TABLE
                    .iter()
                    .flat_map(|(_, bare, boxed)| [*bare, *boxed])
                    .filter(|n| !n.is_empty()),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::Index;
    use crate::analysis::testing::loaded;

    #[test]
    fn builtins_produce_no_items_but_keep_their_ids() {
        let schema = loaded(
            "boolTrue#997275b5 = Bool;\nvector#1cb5c415 {t:Type} # [ t ] = Vector t;\nuser#1 id:int = User;\n",
        );
        let index = Index::build(&schema);
        assert!(index.has_bool);
        assert_eq!(index.ctor_by_name.len(), 1);
        assert!(index.builtin_ids.contains_key(&0x1cb5c415));
        assert!(index.builtin_ids.contains_key(&0x997275b5));
    }
}
