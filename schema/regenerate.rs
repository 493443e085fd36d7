// The one description of how src/generated.rs is made, included by the
// staleness test (tests/generated.rs) and by `cargo run -p xtask -- telegram`.
// Paths are relative to the workspace root: the caller runs there.

/// The configuration that generates `schema/src/generated.rs`: api.tl and
/// mtproto.tl at the root, secret.tl in `pub mod secret`.
fn telegram_config() -> typelang_codegen::Config {
    use typelang_codegen::Gated;
    let mut config = typelang_codegen::Config::new();
    config
        .methods_table("schema/methods.tsv")
        .cfg_feature(Gated::Object, "object")
        .cfg_feature(Gated::Functions, "functions")
        .cfg_feature(Gated::Debug, "debug")
        .cfg_feature(Gated::Eq, "eq")
        .cfg_feature(Gated::Default, "defaults")
        .cfg_feature(Gated::TryFrom, "try-from")
        .serde(true)
        .cfg_feature(Gated::Serde, "serde")
        .nest("secret", &["schema/secret.tl"]);
    config
}

/// The schemas at the root of the generated file.
const TELEGRAM_SCHEMAS: [&str; 2] = ["schema/api.tl", "schema/mtproto.tl"];

/// Where the generated file lives, from the workspace root.
const TELEGRAM_OUTPUT: &str = "schema/src/generated.rs";
