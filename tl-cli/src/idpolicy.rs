//! The id-check flags `check` and `rust` share: how an explicit `#id` that
//! differs from the id computed from its text is treated.

use clap::{Args, ValueEnum};
use typelang_parser::IdCheck;

/// What a mismatching explicit id is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum IdCheckArg {
    /// An error, except the known exceptions and the `--allow`ed names.
    #[default]
    Error,
    /// A warning (the code is generated with the explicit id).
    Warn,
}

/// `--id-check`, `--allow` and `--strict`.
#[derive(Debug, Clone, Args)]
pub(crate) struct IdPolicyArgs {
    /// What an explicit id that differs from its text is: `error`, or
    /// `warn` for schemas whose ids upstream pins by hand (TON, TDLib).
    #[arg(long, value_enum, default_value_t, value_name = "POLICY")]
    id_check: IdCheckArg,

    /// Also accept an explicit id that does not match its text for the
    /// definition NAME (repeatable; under `--id-check warn` every mismatch
    /// is accepted already).
    #[arg(long, value_name = "NAME", conflicts_with = "strict")]
    allow: Vec<String>,

    /// Accept no id exceptions: the definitions of the bundled schemas
    /// known not to match their text become errors too.
    #[arg(long, conflicts_with = "id_check")]
    strict: bool,
}

impl IdPolicyArgs {
    /// The parser's policy these flags stand for.
    pub(crate) fn policy(&self) -> IdCheck {
        match (self.id_check, self.strict) {
            (IdCheckArg::Warn, _) => IdCheck::Warn,
            (IdCheckArg::Error, true) => IdCheck::Allow(Vec::new()),
            (IdCheckArg::Error, false) => {
                let mut names: Vec<String> = IdCheck::KNOWN_EXCEPTIONS
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect();
                names.extend(self.allow.iter().cloned());
                IdCheck::Allow(names)
            }
        }
    }
}
