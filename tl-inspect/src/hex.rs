//! Hex text to bytes, as users paste values: `0x01 ff\n0a`.

use std::fmt;

/// Bytes as lowercase hex digits, no separators.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Hex digits to bytes. ASCII whitespace anywhere and one leading `0x` (or
/// `0X`) are ignored.
///
/// ```
/// use typelang_inspect::{HexError, parse_hex};
/// assert_eq!(parse_hex("0x15c4b51c 00000000").unwrap(), [0x15, 0xc4, 0xb5, 0x1c, 0, 0, 0, 0]);
/// assert_eq!(parse_hex("abc"), Err(HexError::OddDigits { digits: 3 }));
/// ```
pub fn parse_hex(text: &str) -> Result<Vec<u8>, HexError> {
    let trimmed = text.trim_start();
    let body = trimmed
        .strip_prefix("0x")
        .or_else(|| trimmed.strip_prefix("0X"))
        .unwrap_or(trimmed);
    let mut out = Vec::with_capacity(body.len() / 2);
    let mut high: Option<u8> = None;
    for (i, c) in body.char_indices() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let Some(digit) = c.to_digit(16) else {
            let column = text.len() - body.len() + i + 1;
            return Err(HexError::NotADigit { found: c, column });
        };
        // `to_digit(16)` is below 16, so this never truncates.
        let digit = digit as u8;
        match high.take() {
            None => high = Some(digit),
            Some(h) => out.push(h << 4 | digit),
        }
    }
    if high.is_some() {
        return Err(HexError::OddDigits {
            digits: out.len() * 2 + 1,
        });
    }
    Ok(out)
}

/// Why a text is not hex.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HexError {
    /// A character that is neither a hex digit nor whitespace.
    NotADigit {
        /// The character.
        found: char,
        /// Its 1-based byte column in the text.
        column: usize,
    },
    /// An odd number of digits: the last byte is incomplete.
    OddDigits {
        /// How many digits there are.
        digits: usize,
    },
}

impl fmt::Display for HexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HexError::NotADigit { found, column } => {
                write!(f, "`{found}` at column {column} is not a hex digit")
            }
            HexError::OddDigits { digits } => {
                write!(
                    f,
                    "odd number of hex digits ({digits}): every byte needs two"
                )
            }
        }
    }
}

impl std::error::Error for HexError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_parsing() {
        assert_eq!(parse_hex("0x01 ff\n0A").unwrap(), vec![1, 0xff, 0x0a]);
        assert_eq!(parse_hex("").unwrap(), Vec::<u8>::new());
        assert_eq!(
            parse_hex("01f").unwrap_err().to_string(),
            "odd number of hex digits (3): every byte needs two"
        );
        assert_eq!(
            parse_hex("  0x0g").unwrap_err().to_string(),
            "`g` at column 6 is not a hex digit"
        );
        assert_eq!(
            parse_hex("é").unwrap_err().to_string(),
            "`é` at column 1 is not a hex digit"
        );
    }
}
