//! Builds the generated code in throwaway crates, the way a user would: the
//! feature fixture and the full layer-230 output (api.tl + mtproto.tl) must
//! compile under `#![deny(warnings)]` and pass clippy with `-D warnings`,
//! and the fixture's behaviour tests (flags sharing a bit, bare vectors,
//! `Object`, generic functions, defaults, error paths) must pass.
//!
//! The crate lives under the cargo target directory
//! (`$CARGO_TARGET_DIR/tl-codegen-compile-test`) so that reruns are
//! incremental. The fixture crate builds in seconds; the layer-230 one takes
//! one to three minutes on two cores, so it is `#[ignore]`d by default:
//! `cargo test -p typelang-codegen --test compile -- --ignored`. (The `tl-tests`
//! crate also builds the generated layer-230 code, and CI runs clippy over
//! it.)

use std::process::Command;

mod common;

use common::{cargo, manifest_dir, scratch_crate, scratch_dir, write};
use typelang_codegen::{Config, IdCheck};

const FIXTURE_LIB: &str = r#"#![deny(warnings)]
#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]
//! Generated code under test.

/// The feature fixture with every option that needs no extra crate.
pub mod features {
    include!("features.rs");
}

/// The runtime under another path, as `runtime_path` allows.
pub mod rt {
    pub use typelang_runtime::*;
}

/// The feature fixture generated against `crate::rt`, formatted by prettyplease.
pub mod renamed {
    include!("renamed.rs");
}

/// The feature fixture without `Debug` and without `From`/`TryFrom`.
pub mod lean {
    include!("lean.rs");
}

/// The feature fixture with the default settings (functions not
/// decodable).
pub mod plain {
    include!("plain.rs");
}

/// The feature fixture again, included where every std name the generated
/// code could use unqualified means something else: it compiles only if the
/// code at the include site uses absolute paths and every generated module
/// imports what it uses.
#[allow(dead_code, non_upper_case_globals)]
pub mod shadowed {
    struct Option;
    struct Result;
    struct Box;
    struct Vec;
    struct String;
    trait Debug {}
    trait Clone {}
    trait PartialEq {}
    trait Default {}
    trait From {}
    trait TryFrom {}
    const Some: () = ();
    const None: () = ();
    const Ok: () = ();
    const Err: () = ();
    include!("features.rs");
}

#[cfg(test)]
mod behaviour;
"#;

const LAYER_LIB: &str = r#"#![deny(warnings)]
#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]
//! Generated code under test.

/// api.tl + mtproto.tl, functions decodable, methods table.
pub mod telegram {
    include!("telegram.rs");
}
"#;

const BEHAVIOUR: &str = include_str!("scratch/behaviour.rs");

/// The feature fixture compiles warning- and clippy-clean, and behaves:
/// flags sharing a bit, bare vectors, `Object`, generic functions,
/// defaults, conversions, error paths (see `scratch/behaviour.rs`).
#[test]
fn fixture_builds_clean_and_behaves() {
    let dir = scratch_crate("fixture", &[], "");
    let fixture = manifest_dir().join("tests/schemas/features.tl");
    let mut f = Config::new();
    f.id_check(IdCheck::Warn)
        .decodable_functions(true)
        .rerun_if_changed(false)
        .methods_table(manifest_dir().join("tests/schemas/methods.tsv"))
        .eq_hash(true)
        .type_attribute("peerUser", "#[derive(PartialOrd, Ord)]")
        .type_attribute("help.", "#[derive(PartialOrd)]")
        .type_attribute(".", "#[must_use]")
        .field_attribute(
            "messages.sendMessage.message",
            "/// The text.\n#[doc(alias = \"text\")]",
        )
        .field_attribute(".value", "#[doc(alias = \"v\")]");
    write(
        &dir.join("src/features.rs"),
        &f.generate(&[&fixture]).unwrap(),
    );
    let mut lean = Config::new();
    lean.id_check(IdCheck::Warn)
        .decodable_functions(true)
        .rerun_if_changed(false)
        .debug(false)
        .conversions(false);
    write(
        &dir.join("src/lean.rs"),
        &lean.generate(&[&fixture]).unwrap(),
    );
    write(
        &dir.join("src/plain.rs"),
        &Config::new()
            .id_check(IdCheck::Warn)
            .rerun_if_changed(false)
            .generate(&[&fixture])
            .unwrap(),
    );
    f.runtime_path("crate::rt").pretty(true);
    write(
        &dir.join("src/renamed.rs"),
        &f.generate(&[&fixture]).unwrap(),
    );
    write(&dir.join("src/lib.rs"), FIXTURE_LIB);
    write(&dir.join("src/behaviour.rs"), BEHAVIOUR);
    cargo(
        &dir,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
    );
    cargo(&dir, &["test", "--quiet"]);
}

const GENERIC_LIB: &str = r#"#![deny(warnings)]
#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]
//! Generated code under test.

/// `generic.tl`: decodable functions, JSON.
pub mod generic {
    include!("generic.rs");
}

/// `generic.tl` laid out by prettyplease, without `Debug` and conversions.
pub mod lean {
    include!("lean.rs");
}

#[cfg(test)]
mod behaviour;
"#;

/// Polymorphic constructors (`tests/schemas/generic.tl`) as generic Rust
/// types compile warning- and clippy-clean, with the JSON impls, and encode
/// exactly the bytes written by hand in `scratch/generic.rs`.
#[test]
fn generic_types_build_clean_and_round_trip() {
    let dir = scratch_crate("generic", &["serde"], "");
    let schema = manifest_dir().join("tests/schemas/generic.tl");
    let mut c = Config::new();
    c.id_check(IdCheck::Warn)
        .decodable_functions(true)
        .serde(true)
        .rerun_if_changed(false);
    write(
        &dir.join("src/generic.rs"),
        &c.generate(&[&schema]).unwrap(),
    );
    c.pretty(true).debug(false).conversions(false).serde(false);
    write(&dir.join("src/lean.rs"), &c.generate(&[&schema]).unwrap());
    write(&dir.join("src/lib.rs"), GENERIC_LIB);
    write(
        &dir.join("src/behaviour.rs"),
        include_str!("scratch/generic.rs"),
    );
    cargo(
        &dir,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
    );
    cargo(&dir, &["test", "--quiet"]);
}

/// The whole layer-230 output (api.tl + mtproto.tl, functions decodable,
/// methods table) builds under `deny(warnings)` and passes clippy.
#[test]
#[ignore = "builds ~8 MB of generated code in a scratch crate (1-3 minutes); run with `--ignored`"]
fn layer_230_builds_clean() {
    let dir = scratch_crate("layer230", &[], "");
    let schema = manifest_dir().join("../schema");
    let mut full = Config::new();
    full.decodable_functions(true)
        .methods_table(schema.join("methods.tsv"));
    let telegram = full
        .generate(&[schema.join("api.tl"), schema.join("mtproto.tl")])
        .expect("generate api+mtproto");
    write(&dir.join("src/telegram.rs"), &telegram);
    write(&dir.join("src/lib.rs"), LAYER_LIB);
    cargo(&dir, &["build", "--quiet"]);
    cargo(
        &dir,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
    );
}

/// A build script that `.unwrap()`s the result of `compile` on a schema
/// with a syntax error shows the user the rustc-style diagnostic, file,
/// line, column and caret line, unescaped, in cargo's output.
#[test]
fn build_script_unwrap_shows_the_diagnostic() {
    let dir = scratch_dir("build-unwrap");
    let codegen = manifest_dir().canonicalize().expect("tl-codegen exists");
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"build-unwrap\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[build-dependencies]\ntypelang-codegen = {{ path = {:?} }}\n\n[workspace]\n",
            codegen.display().to_string()
        ),
    );
    write(
        &dir.join("build.rs"),
        "fn main() {\n    typelang_codegen::compile(&[\"broken.tl\"]).unwrap();\n}\n",
    );
    write(&dir.join("broken.tl"), "ok = Ok;\nfoo x: = Foo;\n");
    write(&dir.join("src/lib.rs"), "//! Never built.\n");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["build", "--quiet"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(!out.status.success(), "the broken schema built");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken.tl:2:8: error: "),
        "no located error in\n{stderr}"
    );
    // cargo indents a build script's output; the snippet is intact under it.
    let lines: Vec<&str> = stderr.lines().map(str::trim_start).collect();
    let snippet = lines.iter().position(|l| *l == "2 | foo x: = Foo;");
    assert!(
        snippet.is_some_and(|i| lines.get(i + 1) == Some(&"|        ^")),
        "no caret line in\n{stderr}"
    );
    assert!(!stderr.contains("\\n"), "escaped text in\n{stderr}");
}

/// Output gated by `Config::cfg_feature` builds warning- and clippy-clean
/// (clippy pedantic and nursery and `missing_copy_implementations`
/// included) with every feature off and with every feature on, and the gates
/// do what they say (the test module only compiles with the matching
/// features).
#[test]
fn feature_gated_output_builds_with_features_on_and_off() {
    let dir = scratch_crate(
        "gated",
        &[],
        "[features]\nobject = []\nfunctions = []\ndebug = []\neq = []\ndefaults = []\ntry-from = []\n\n",
    );
    // No field holds an `Object` (that refuses the gate).
    let schema = "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\ntrue#3fedd339 = True;\n\
        vector#1cb5c415 {t:Type} # [ t ] = Vector t;\n\
        peerUser#1 user_id:long = Peer;\npeerChat#2 chat_id:long = Peer;\n\
        pong#3 ids:vector<long> peers:Vector<Peer> = Pong;\n\
        ---functions---\nping#4 ping_id:long = Pong;\ngetPong#5 = Pong;\n";
    let methods = dir.join("methods.tsv");
    write(&methods, "ping\tbot\t400:PING_ID_INVALID\n");
    let mut gated = Config::new();
    gated
        .id_check(IdCheck::Warn)
        .decodable_functions(true)
        .rerun_if_changed(false)
        .cfg_feature(typelang_codegen::Gated::Object, "object")
        .cfg_feature(typelang_codegen::Gated::Functions, "functions")
        .cfg_feature(typelang_codegen::Gated::Debug, "debug")
        .cfg_feature(typelang_codegen::Gated::Eq, "eq")
        .cfg_feature(typelang_codegen::Gated::Default, "defaults")
        .cfg_feature(typelang_codegen::Gated::TryFrom, "try-from")
        .eq_hash(true)
        .methods_table(&methods);
    write(
        &dir.join("src/gated.rs"),
        &gated
            .generate_from_sources(&[("gated.tl", schema)])
            .unwrap(),
    );
    write(
        &dir.join("src/lib.rs"),
        r#"#![deny(warnings)]
#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]
// Stricter lints than the generator's own: the generated modules allow them.
#![warn(clippy::pedantic, clippy::nursery, missing_copy_implementations)]
//! Feature-gated generated code under test.

/// The feature fixture, its costly parts behind features.
pub mod gated {
    include!("gated.rs");
}

#[cfg(test)]
mod tests {
    use super::gated::types;

    #[test]
    fn types_are_always_there() {
        let _ = types::PeerUser { user_id: 1 };
    }

    #[cfg(feature = "debug")]
    #[test]
    fn debug_with_the_feature() {
        assert_eq!(format!("{:?}", types::PeerUser { user_id: 1 }), "PeerUser { user_id: 1 }");
    }

    #[cfg(feature = "eq")]
    #[test]
    fn eq_and_hash_with_the_feature() {
        use std::collections::HashSet;
        let peer = super::gated::enums::Peer::from(types::PeerUser { user_id: 1 });
        assert!(peer == peer.clone());
        assert!(HashSet::from([peer.clone()]).contains(&peer));
    }

    #[cfg(all(feature = "eq", feature = "defaults"))]
    #[test]
    fn default_with_the_feature() {
        assert!(types::Pong::default() == types::Pong { ids: Vec::new(), peers: Vec::new() });
        assert!(super::gated::enums::Peer::default() == types::PeerUser::default().into());
    }

    #[cfg(feature = "try-from")]
    #[test]
    fn try_from_with_the_feature() {
        let peer = super::gated::enums::Peer::from(types::PeerChat { chat_id: 2 });
        assert!(types::PeerUser::try_from(peer.clone()).is_err());
        assert!(types::PeerChat::try_from(peer).is_ok_and(|c| c.chat_id == 2));
    }

    #[cfg(all(feature = "object", feature = "functions"))]
    #[test]
    fn object_decodes_functions_with_both() {
        use typelang_runtime::{Deserializable, Serializable};
        let call = super::gated::functions::Ping { ping_id: 1 };
        let object = super::gated::Object::from_bytes(&call.to_bytes()).unwrap();
        assert_eq!(object.constructor_id(), 4);
    }

    #[cfg(all(feature = "object", not(feature = "functions")))]
    #[test]
    fn function_ids_are_not_decodable_without_the_feature() {
        use typelang_runtime::{DecodeErrorKind, Deserializable};
        // `ping#4 ping_id:long`, built by hand: no `functions` here.
        let ping = [4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
        // (`unwrap_err` would need `Debug`, off here.)
        let Err(err) = super::gated::Object::from_bytes(&ping) else {
            panic!("a function decoded without the feature");
        };
        assert_eq!(err.kind(), &DecodeErrorKind::FunctionNotDecodable { id: 4 });
    }

    #[cfg(feature = "functions")]
    #[test]
    fn method_info_says_what_the_table_says() {
        use super::gated::functions::{GetPong, Ping};
        use typelang_runtime::MethodInfo;
        assert_eq!(<Ping as MethodInfo>::USABLE_BY_BOTS, Some(true));
        assert_eq!(<Ping as MethodInfo>::USABLE_BY_USERS, Some(false));
        assert_eq!(<Ping as MethodInfo>::ERRORS, Some(&[(400, "PING_ID_INVALID")][..]));
        // Not in the table: nothing known.
        assert_eq!(<GetPong as MethodInfo>::USABLE_BY_BOTS, None);
        assert_eq!(<GetPong as MethodInfo>::ERRORS, None);
    }
}
"#,
    );
    cargo(
        &dir,
        &[
            "clippy",
            "--quiet",
            "--all-targets",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(&dir, &["test", "--quiet", "--no-default-features"]);
    // `Object` without the functions it would hold.
    cargo(
        &dir,
        &[
            "test",
            "--quiet",
            "--no-default-features",
            "--features",
            "object",
        ],
    );
    cargo(
        &dir,
        &[
            "clippy",
            "--quiet",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(&dir, &["test", "--quiet", "--all-features"]);
}
