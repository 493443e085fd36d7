//! `SCHEMA` arguments of `rust` and `check`: plain paths are read together
//! as one schema set; `NAME=PATH` puts a schema into `pub mod NAME` of its
//! own (for schemas whose names clash, such as api.tl and secret.tl).

use std::path::{Path, PathBuf};

use super::CliError;

/// Schemas read and generated together: the root set (`module: None`) or
/// the set nested in `pub mod NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    pub(crate) module: Option<String>,
    pub(crate) schemas: Vec<PathBuf>,
}

/// Splits the `SCHEMA` arguments into the root group and named modules,
/// the root first, then the modules in the order each first appears.
pub(crate) fn parse(args: &[String]) -> Result<Vec<Group>, CliError> {
    let mut groups: Vec<Group> = Vec::new();
    for arg in args {
        let (module, path) = match arg.split_once('=') {
            Some((name, path)) if is_module_name(name) => (Some(name.to_owned()), path),
            Some((name, _)) if !Path::new(arg).exists() => {
                return Err(CliError::usage(format!(
                    "`{name}` in `{arg}` is not a module name: use a lowercase Rust \
                     identifier such as `secret=schema/secret.tl`"
                )));
            }
            _ => (None, arg.as_str()),
        };
        match groups.iter_mut().find(|g| g.module == module) {
            Some(g) => g.schemas.push(PathBuf::from(path)),
            None => groups.push(Group {
                module,
                schemas: vec![PathBuf::from(path)],
            }),
        }
    }
    groups.sort_by_key(|g| g.module.is_some());
    Ok(groups)
}

/// A snake_case identifier that is not a keyword (`secret`, `e2e_v2`).
fn is_module_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && typelang_codegen::names::is_ident(name)
}

#[cfg(test)]
mod tests {
    use super::{Group, parse};

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn root_first_then_modules_in_order() {
        let groups = parse(&args(&[
            "secret=s.tl",
            "a.tl",
            "e2e=e.tl",
            "b.tl",
            "secret=t.tl",
        ]))
        .expect("valid");
        let shape: Vec<(Option<&str>, usize)> = groups
            .iter()
            .map(|g: &Group| (g.module.as_deref(), g.schemas.len()))
            .collect();
        assert_eq!(shape, [(None, 2), (Some("secret"), 2), (Some("e2e"), 1)]);
    }

    #[test]
    fn rejects_names_that_are_not_modules() {
        assert!(parse(&args(&["Secret=s.tl"])).is_err());
        assert!(parse(&args(&["type=s.tl"])).is_err());
        assert!(parse(&args(&["a-b=s.tl"])).is_err());
    }
}
