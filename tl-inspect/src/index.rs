//! [`Index`]: the definitions of one or more parsed schemas, by id, by name
//! and by the type they build.

use std::collections::HashMap;

use typelang_parser::ast::{Category, Definition, Schema};

/// Lookup tables over the definitions of one or more schemas, borrowed
/// from them.
///
/// ```
/// use typelang_parser::{ParseOptions, parse};
/// use typelang_inspect::Index;
///
/// let schema = parse("point#e3fe70f4 x:int y:int = Point;", &ParseOptions::default())
///     .unwrap()
///     .schema;
/// let index = Index::new([&schema]);
/// assert_eq!(index.by_id(0xe3fe70f4).unwrap().name.to_string(), "point");
/// assert_eq!(index.constructors("Point").len(), 1);
/// assert_eq!(index.similar_name("POINT"), Some("Point"));
/// ```
#[derive(Debug, Default, Clone)]
pub struct Index<'s> {
    by_id: HashMap<u32, &'s Definition>,
    by_name: HashMap<String, &'s Definition>,
    /// Constructors of each boxed type, keyed by the type's dotted name, in
    /// schema order.
    by_type: HashMap<String, Vec<&'s Definition>>,
}

impl<'s> Index<'s> {
    /// Indexes every definition of `schemas` except builtin declarations
    /// (`int ? = Int;`).
    ///
    /// A definition whose id is already indexed is skipped (api.tl and
    /// secret.tl both define `boolTrue`). One name with several ids
    /// (secret.tl's `sendMessageUploadVideoAction#92042ff7` beside api.tl's
    /// `#e9763aec`) keeps every version for decoding by id; the name alone
    /// means the first one indexed.
    pub fn new(schemas: impl IntoIterator<Item = &'s Schema>) -> Self {
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

    /// The constructor or function with wire id `id`.
    pub fn by_id(&self, id: u32) -> Option<&'s Definition> {
        self.by_id.get(&id).copied()
    }

    /// The constructor or function called `name` (dotted:
    /// `messages.requestEncryption`).
    pub fn definition(&self, name: &str) -> Option<&'s Definition> {
        self.by_name.get(name).copied()
    }

    /// The constructors of the boxed type `name` (`EncryptedChat`), in
    /// schema order; empty when no constructor builds it.
    pub fn constructors(&self, name: &str) -> &[&'s Definition] {
        self.by_type.get(name).map_or(&[], Vec::as_slice)
    }

    /// Whether some constructor builds the boxed type `name`.
    pub fn has_type(&self, name: &str) -> bool {
        self.by_type.contains_key(name)
    }

    /// The number of indexed definitions.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Every indexed definition, in no particular order.
    pub fn definitions(&self) -> impl Iterator<Item = &'s Definition> + '_ {
        self.by_id.values().copied()
    }

    /// The defined constructor, function or type name closest to `name`,
    /// for "did you mean" hints ([`typelang_parser::suggest::closest`]: letter
    /// case, then a few edits).
    pub fn similar_name(&self, name: &str) -> Option<&str> {
        let names = self.by_name.keys().chain(self.by_type.keys());
        typelang_parser::suggest::closest(name, names.map(String::as_str))
    }

    /// What the schemas say `id` is, if they know it.
    pub(crate) fn known(&self, id: u32) -> Option<crate::Known> {
        self.by_id(id).map(|def| match def.category {
            Category::Function => crate::Known::Function {
                name: def.name.to_string(),
            },
            Category::Type => crate::Known::Constructor {
                name: def.name.to_string(),
                type_name: def.result.name.to_string(),
            },
        })
    }
}
