//! Every constructor of the eight upstream schemas round-trips through its
//! module's generated `Object`. The bytes come from `cases/<module>.bin`,
//! written by `tests/tests/reference.rs` from the parsed schema alone (the
//! value generator of `tests/tests/common/values.rs`), so a disagreement
//! between the generator and the wire rules fails here. Compiled inside the
//! scratch crate; not a test target of its own.

use std::fmt::Debug;

use typelang_runtime::{Deserializable, Serializable};

/// Failures shown in full before the rest are counted.
const SHOWN: usize = 20;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Splits `len:u32 (LE), bytes` off the front of `rest`.
fn take<'a>(rest: &mut &'a [u8]) -> &'a [u8] {
    let (len, tail) = rest.split_at(4);
    let len = u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize;
    let (item, tail) = tail.split_at(len);
    *rest = tail;
    item
}

/// Decode, length, re-encode byte for byte, decode again to an equal value.
fn round_trip<T>(bytes: &[u8]) -> Result<(), String>
where
    T: Deserializable + Serializable + PartialEq + Debug,
{
    let value = T::from_bytes(bytes).map_err(|e| format!("decode failed: {e}"))?;
    if value.serialized_len() != bytes.len() {
        return Err(format!(
            "serialized_len {} for {} bytes",
            value.serialized_len(),
            bytes.len()
        ));
    }
    let again = value.to_bytes();
    if again != bytes {
        return Err(format!("re-encoded as {}", hex(&again)));
    }
    let twice = T::from_bytes(&again).map_err(|e| format!("second decode failed: {e}"))?;
    if twice != value {
        return Err(format!("second decode differs: {twice:?}"));
    }
    Ok(())
}

fn check<T>(module: &str)
where
    T: Deserializable + Serializable + PartialEq + Debug,
{
    let path = format!("{}/cases/{module}.bin", env!("CARGO_MANIFEST_DIR"));
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut rest = data.as_slice();
    let (mut count, mut failures) = (0, Vec::new());
    while !rest.is_empty() {
        let label = String::from_utf8_lossy(take(&mut rest)).into_owned();
        let bytes = take(&mut rest);
        count += 1;
        if let Err(e) = round_trip::<T>(bytes) {
            failures.push(format!("{label}: {e}\n    input {}", hex(bytes)));
        }
    }
    assert!(count > 0, "{path} holds no cases");
    let shown: Vec<&str> = failures.iter().take(SHOWN).map(String::as_str).collect();
    assert!(
        failures.is_empty(),
        "{module}: {} of {count} values failed to round-trip:\n{}",
        failures.len(),
        shown.join("\n")
    );
    eprintln!("{module}: {count} values round-tripped");
}

macro_rules! modules {
    ($($module:ident)*) => {
        $(
            #[test]
            fn $module() {
                check::<crate::$module::Object>(stringify!($module));
            }
        )*
    };
}

modules!(td_api e2e_api telegram_api secret_api mtproto_api ton_api lite_api tonlib_api);
