//! [`RpcError`]: Telegram's `rpc_error` with its numeric parameter split out.

use std::fmt;
use std::time::Duration;

use bytes::BufMut;

use crate::primitives::{bytes_len, write_bytes};
use crate::{DecodeError, Deserializable, Identifiable, Reader, Serializable};

/// Constructor id of `rpc_error#2144ca19 error_code:int error_message:string = RpcError`.
pub const RPC_ERROR_ID: u32 = 0x2144_ca19;

/// An error answer to a remote call (`rpc_error`), with the numeric
/// parameter that Telegram embeds in some messages split out.
///
/// Telegram documents such errors with an `X` where the number goes
/// (`FLOOD_WAIT_X`, `PHONE_MIGRATE_X`, `FILE_PART_X_MISSING`,
/// `2FA_CONFIRM_WAIT_X`). [`RpcError::new`] finds the last `_`-separated
/// segment that is made only of ASCII digits (and is not the first segment),
/// stores its value and removes it from the name:
///
/// ```
/// use typelang_runtime::RpcError;
///
/// let e = RpcError::new(420, "FLOOD_WAIT_30");
/// assert_eq!((e.code, e.name.as_str(), e.value), (420, "FLOOD_WAIT", Some(30)));
/// assert!(e.is("FLOOD_WAIT") && e.is("FLOOD_WAIT_X"));
/// assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(30)));
///
/// let e = RpcError::new(400, "FILE_PART_3_MISSING");
/// assert_eq!((e.name.as_str(), e.value), ("FILE_PART_MISSING", Some(3)));
/// assert!(e.is("FILE_PART_X_MISSING"));
/// assert_eq!(e.message, "FILE_PART_3_MISSING"); // kept as sent, and re-sent as is
///
/// let e = RpcError::new(303, "PHONE_MIGRATE_2");
/// assert_eq!(e.migrate_dc(), Some(2));
///
/// let e = RpcError::new(400, "PEER_ID_INVALID");
/// assert_eq!(e.value, None);
/// assert_eq!(e.to_string(), "rpc error 400: PEER_ID_INVALID");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RpcError {
    /// The error code (`error_code`), similar to HTTP status codes: 303 see
    /// other DC, 400 bad request, 401 unauthorized, 403 forbidden, 420 flood,
    /// 500 internal; negative codes are used for transport-level problems.
    pub code: i32,
    /// The message with the numeric parameter removed, e.g. `FLOOD_WAIT`.
    pub name: String,
    /// The numeric parameter, if the message had one (`30` for
    /// `FLOOD_WAIT_30`).
    pub value: Option<u32>,
    /// The `error_message` exactly as sent (`FILE_PART_3_MISSING`), which
    /// [`name`](Self::name) and [`value`](Self::value) are derived from by
    /// [`RpcError::new`]. This is what serializing writes, so an error
    /// passes through a decode and an encode unchanged even where the
    /// split loses information (where the number was, leading zeros).
    pub message: String,
}

impl RpcError {
    /// Builds an error from `error_code` and `error_message`, splitting out
    /// the numeric parameter if there is one.
    pub fn new(code: i32, message: &str) -> Self {
        let (name, value) = match split_value(message) {
            Some((name, value)) => (name, Some(value)),
            None => (message.to_owned(), None),
        };
        Self {
            code,
            name,
            value,
            message: message.to_owned(),
        }
    }

    /// Whether this error is `pattern`, which may be
    ///
    /// - the bare name: `"FLOOD_WAIT"`, `"PEER_ID_INVALID"`;
    /// - the documented form with `X` (or `%d`) where the number goes:
    ///   `"FLOOD_WAIT_X"`, `"FILE_PART_X_MISSING"` (matches only if there is
    ///   a value);
    /// - a prefix ending in `*`: `"PHONE_MIGRATE*"`, `"FLOOD_*"`.
    pub fn is(&self, pattern: &str) -> bool {
        if let Some(prefix) = pattern.strip_suffix('*') {
            return self.name.starts_with(prefix);
        }
        if self.name == pattern {
            return true;
        }
        if self.value.is_none() {
            return false;
        }
        // Remove the first placeholder segment and compare the rest.
        let mut segments = pattern.split('_');
        let mut name = self.name.split('_');
        loop {
            match (segments.next(), name.next()) {
                (Some("X" | "%d"), n) => {
                    return segments.eq(n.into_iter().chain(name));
                }
                (Some(p), Some(n)) if p == n => {}
                _ => return false,
            }
        }
    }

    /// For errors asking to wait (names ending in `_WAIT` or `_DELAY`, such
    /// as `FLOOD_WAIT`, `FLOOD_PREMIUM_WAIT`, `SLOWMODE_WAIT`,
    /// `TAKEOUT_INIT_DELAY`), the time to wait, in seconds as sent.
    pub fn retry_after(&self) -> Option<Duration> {
        let waits = self.name.ends_with("_WAIT") || self.name.ends_with("_DELAY");
        match self.value {
            Some(secs) if waits => Some(Duration::from_secs(u64::from(secs))),
            _ => None,
        }
    }

    /// For `*_MIGRATE_X` errors (`PHONE_MIGRATE`, `FILE_MIGRATE`,
    /// `USER_MIGRATE`, `NETWORK_MIGRATE`, `STATS_MIGRATE`), the data center
    /// to repeat the request in.
    pub fn migrate_dc(&self) -> Option<u32> {
        self.value.filter(|_| self.name.ends_with("_MIGRATE"))
    }
}

/// Finds the last all-digit `_` segment (not the first segment) and returns
/// the name without it and its value.
fn split_value(message: &str) -> Option<(String, u32)> {
    let mut start = 0;
    let mut found = None;
    for (i, segment) in message.split('_').enumerate() {
        let is_number = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
        if i > 0
            && is_number
            && let Ok(value) = segment.parse::<u32>()
        {
            found = Some((start, segment.len(), value));
        }
        start += segment.len() + 1;
    }
    let (at, len, value) = found?;
    // `at` points at the digits; drop them together with the `_` before them.
    let mut name = String::with_capacity(message.len() - len - 1);
    name.push_str(&message[..at - 1]);
    name.push_str(&message[at + len..]);
    Some((name, value))
}

impl fmt::Display for RpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rpc error {}: {}", self.code, self.name)?;
        if let Some(value) = self.value {
            write!(f, " (value {value})")?;
        }
        Ok(())
    }
}

impl std::error::Error for RpcError {}

impl Identifiable for RpcError {
    const CONSTRUCTOR_ID: u32 = RPC_ERROR_ID;
}

/// Writes a boxed `rpc_error#2144ca19` with [`RpcError::message`] as the
/// `error_message` (so a test server can send one).
///
/// # Panics
///
/// If `message` is longer than [`MAX_BYTES_LEN`](crate::primitives::MAX_BYTES_LEN).
impl Serializable for RpcError {
    fn serialized_len(&self) -> usize {
        8 + bytes_len(self.message.len())
    }
    fn serialize(&self, buf: &mut impl BufMut) {
        buf.put_u32_le(RPC_ERROR_ID);
        buf.put_i32_le(self.code);
        write_bytes(buf, self.message.as_bytes());
    }
}

/// Reads a boxed `rpc_error#2144ca19`.
impl Deserializable for RpcError {
    const MIN_WIRE_SIZE: usize = 12;
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        reader.expect_id(RPC_ERROR_ID, "RpcError")?;
        let code = reader
            .read_i32()
            .map_err(|e| e.in_field("rpc_error.error_code"))?;
        let message = reader
            .read_string()
            .map_err(|e| e.in_field("rpc_error.error_message"))?;
        Ok(Self::new(code, &message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(message: &str) -> (String, Option<u32>) {
        let e = RpcError::new(400, message);
        (e.name, e.value)
    }

    #[test]
    fn splits_numbers() {
        assert_eq!(parts("FLOOD_WAIT_30"), ("FLOOD_WAIT".into(), Some(30)));
        assert_eq!(
            parts("2FA_CONFIRM_WAIT_604800"),
            ("2FA_CONFIRM_WAIT".into(), Some(604_800))
        );
        assert_eq!(parts("PHONE_MIGRATE_2"), ("PHONE_MIGRATE".into(), Some(2)));
        assert_eq!(
            parts("FILE_PART_12_MISSING"),
            ("FILE_PART_MISSING".into(), Some(12))
        );
        assert_eq!(parts("PEER_ID_INVALID"), ("PEER_ID_INVALID".into(), None));
        assert_eq!(parts("2FA_RECENT"), ("2FA_RECENT".into(), None));
        assert_eq!(parts("123"), ("123".into(), None));
        assert_eq!(parts("A__B"), ("A__B".into(), None));
        assert_eq!(parts("X_99999999999"), ("X_99999999999".into(), None));
        assert_eq!(parts(""), ("".into(), None));
        assert_eq!(parts("Timeout"), ("Timeout".into(), None));
    }

    #[test]
    fn is_patterns() {
        let e = RpcError::new(400, "FILE_PART_3_MISSING");
        assert!(e.is("FILE_PART_MISSING"));
        assert!(e.is("FILE_PART_X_MISSING"));
        assert!(e.is("FILE_PART_%d_MISSING"));
        assert!(e.is("FILE_*"));
        assert!(!e.is("FILE_PART_X"));
        assert!(!e.is("FILE_PART_MISSING_X_Y"));
        let e = RpcError::new(420, "FLOOD_WAIT_7");
        assert!(e.is("FLOOD_WAIT_X"));
        assert!(!e.is("FLOOD_X"));
        assert!(!e.is("FLOOD"));
        assert_eq!(e.migrate_dc(), None);
        let e = RpcError::new(400, "FLOOD_WAIT");
        assert!(!e.is("FLOOD_WAIT_X"));
        assert_eq!(e.retry_after(), None);
    }

    #[test]
    fn deserializes() {
        let mut wire = RPC_ERROR_ID.to_le_bytes().to_vec();
        wire.extend_from_slice(&420i32.to_le_bytes());
        wire.push(13);
        wire.extend_from_slice(b"FLOOD_WAIT_30");
        wire.extend_from_slice(&[0, 0]);
        let e = RpcError::from_bytes(&wire).unwrap();
        assert_eq!(e, RpcError::new(420, "FLOOD_WAIT_30"));
        assert_eq!(e.to_string(), "rpc error 420: FLOOD_WAIT (value 30)");
        assert_eq!(e.to_bytes(), wire);
        assert_eq!(e.serialized_len(), wire.len());
    }

    #[test]
    fn keeps_the_message_as_sent() {
        // The split alone could not tell these apart, nor restore the zeros.
        for message in ["FILE_PART_3_MISSING", "FILE_PART_MISSING_3", "WAIT_007"] {
            let e = RpcError::new(400, message);
            assert_eq!(e.message, message);
            let back = RpcError::from_bytes(&e.to_bytes()).unwrap();
            assert_eq!(back, e);
            assert_eq!(back.message, message);
        }
        assert_ne!(
            RpcError::new(400, "FILE_PART_3_MISSING"),
            RpcError::new(400, "FILE_PART_MISSING_3")
        );
    }
}
