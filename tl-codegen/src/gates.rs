//! Cargo feature gates on the costly parts of the output
//! ([`Config::cfg_feature`](crate::Config::cfg_feature)): the generated
//! code carries `#[cfg(feature = "...")]` / `#[cfg_attr(feature = "...",
//! derive(..))]`, so the crate that includes it lets its own users switch
//! those parts off.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Ir, Ty};

/// A part of the generated code that a Cargo feature of the including crate
/// can switch off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gated {
    /// `pub enum Object` and its impls.
    Object,
    /// `pub mod functions` (and the function variants of `Object`).
    Functions,
    /// The `Debug` derives.
    Debug,
    /// The serde derives ([`Config::serde`](crate::Config::serde)).
    Serde,
    /// The `PartialEq` derives, with the `Eq` and `Hash` ones
    /// ([`Config::eq_hash`](crate::Config::eq_hash)).
    Eq,
    /// The `Default` derives and impls.
    Default,
    /// `TryFrom<enums::Y> for types::X` (and `TryFrom<Object>`); the `From`
    /// impls the other way stay, as building a value needs them.
    TryFrom,
}

impl Gated {
    /// Every part, in the order the CLI lists them.
    pub const ALL: [Gated; 7] = [
        Gated::Object,
        Gated::Functions,
        Gated::Debug,
        Gated::Serde,
        Gated::Eq,
        Gated::Default,
        Gated::TryFrom,
    ];

    /// The part's name on the command line (`tl-codegen rust --cfg-feature
    /// PART=FEATURE`): `object`, `functions`, `debug`, `serde`, `eq`,
    /// `default`, `try-from`.
    pub fn name(self) -> &'static str {
        match self {
            Gated::Object => "object",
            Gated::Functions => "functions",
            Gated::Debug => "debug",
            Gated::Serde => "serde",
            Gated::Eq => "eq",
            Gated::Default => "default",
            Gated::TryFrom => "try-from",
        }
    }
}

impl std::str::FromStr for Gated {
    type Err = String;

    /// The part [`Gated::name`] names.
    fn from_str(s: &str) -> Result<Self, String> {
        Gated::ALL
            .into_iter()
            .find(|g| g.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Gated::ALL.iter().map(|g| g.name()).collect();
                format!("`{s}` is not a gated part: use one of {}", names.join(", "))
            })
    }
}

/// The feature named for each [`Gated`] part, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeatureGates {
    object: Option<String>,
    functions: Option<String>,
    debug: Option<String>,
    serde: Option<String>,
    eq: Option<String>,
    default: Option<String>,
    try_from: Option<String>,
}

impl FeatureGates {
    /// Gates `part` behind `feature` (the last call for a part wins).
    pub fn set(&mut self, part: Gated, feature: String) {
        *self.slot(part) = Some(feature);
    }

    fn slot(&mut self, part: Gated) -> &mut Option<String> {
        match part {
            Gated::Object => &mut self.object,
            Gated::Functions => &mut self.functions,
            Gated::Debug => &mut self.debug,
            Gated::Serde => &mut self.serde,
            Gated::Eq => &mut self.eq,
            Gated::Default => &mut self.default,
            Gated::TryFrom => &mut self.try_from,
        }
    }

    /// The feature `part` is gated behind.
    pub fn feature(&self, part: Gated) -> Option<&str> {
        match part {
            Gated::Object => self.object.as_deref(),
            Gated::Functions => self.functions.as_deref(),
            Gated::Debug => self.debug.as_deref(),
            Gated::Serde => self.serde.as_deref(),
            Gated::Eq => self.eq.as_deref(),
            Gated::Default => self.default.as_deref(),
            Gated::TryFrom => self.try_from.as_deref(),
        }
    }

    /// `#[cfg(feature = "...")]` for an item of `part`, or nothing.
    pub fn cfg(&self, part: Gated) -> TokenStream {
        match self.feature(part) {
            Some(f) => quote!(#[cfg(feature = #f)]),
            None => TokenStream::new(),
        }
    }

    /// `#[derive(X)]` for a derive of `part`, wrapped in
    /// `#[cfg_attr(feature = "...", ..)]` when gated.
    pub fn derive(&self, part: Gated, derives: TokenStream) -> TokenStream {
        self.attr(part, quote!(derive(#derives)))
    }

    /// `#[attr]`, wrapped in `#[cfg_attr(feature = "...", attr)]` when
    /// `part` is gated (an enum's `#[default]` variant).
    pub fn attr(&self, part: Gated, attr: TokenStream) -> TokenStream {
        match self.feature(part) {
            Some(f) => quote!(#[cfg_attr(feature = #f, #attr)]),
            None => quote!(#[#attr]),
        }
    }

    /// Derives of `part` for a derive list: `(", X", nothing)` when `part`
    /// is not gated, so ungated output keeps one list; `(nothing,
    /// #[cfg_attr(..)])` when it is.
    pub fn list_or_gated(&self, part: Gated, derives: TokenStream) -> (TokenStream, TokenStream) {
        match self.feature(part) {
            Some(_) => (TokenStream::new(), self.derive(part, derives)),
            None => (quote!(, #derives), TokenStream::new()),
        }
    }
}

/// Refuses to gate `Object` when a generated item holds an `Object` (a
/// field or the answer of a function typed `Object`): with the feature off,
/// that item would not compile.
pub(crate) fn check(gates: &FeatureGates, ir: &Ir) -> Result<(), String> {
    let Some(feature) = gates.feature(Gated::Object) else {
        return Ok(());
    };
    fn holds_object(t: &Ty) -> bool {
        match t {
            Ty::Object => true,
            Ty::Vector { elem, .. } | Ty::Array { elem, .. } => holds_object(elem),
            Ty::EnumOf(_, args) | Ty::BareOf(_, args) => args.iter().any(holds_object),
            _ => false,
        }
    }
    for s in ir.structs.iter().chain(&ir.functions) {
        if let Some(f) = s.fields.iter().find(|f| holds_object(&f.ty)) {
            return Err(format!(
                "`Object` cannot be gated behind the feature `{feature}`: `{}.{}` holds an `Object`, so `{}` would not compile without it",
                s.tl_name, f.tl_name, s.tl_name
            ));
        }
    }
    Ok(())
}

/// Whether `name` can be a Cargo feature name (ASCII letters, digits, `_`,
/// `-`, `+`, `.`; starting with a letter, digit or `_`).
pub(crate) fn is_feature_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || "_-+.".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names() {
        assert!(is_feature_name("debug"));
        assert!(is_feature_name("functions-messages"));
        assert!(!is_feature_name(""));
        assert!(!is_feature_name("-x"));
        assert!(!is_feature_name("a\"b"));
    }

    #[test]
    fn part_names_round_trip() {
        for g in Gated::ALL {
            assert_eq!(g.name().parse::<Gated>(), Ok(g));
        }
        let err = "Debug".parse::<Gated>().unwrap_err();
        assert!(
            err.contains("object, functions, debug, serde, eq, default, try-from"),
            "{err}"
        );
    }

    #[test]
    fn cfg_and_derive() {
        let mut g = FeatureGates::default();
        assert!(g.cfg(Gated::Object).is_empty());
        g.set(Gated::Object, "object".into());
        assert_eq!(
            g.cfg(Gated::Object).to_string(),
            "# [cfg (feature = \"object\")]"
        );
        g.set(Gated::Debug, "debug".into());
        assert_eq!(
            g.derive(Gated::Debug, quote!(Debug)).to_string(),
            "# [cfg_attr (feature = \"debug\" , derive (Debug))]"
        );
        assert_eq!(
            g.derive(Gated::Serde, quote!(X)).to_string(),
            "# [derive (X)]"
        );
    }
}
