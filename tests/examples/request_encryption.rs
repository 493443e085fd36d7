//! Starting a secret chat, end to end, without a network:
//!
//! 1. decode the server's `messages.dhConfig` and check `p` and `g`;
//! 2. draw a secret `a` from the OS, compute `g_a = g^a mod p`, check it;
//! 3. build `messages.requestEncryption` and serialize it;
//! 4. decode every kind of `EncryptedChat` answer and both documented errors;
//! 5. show what bad input looks like (a g_a out of range, a truncated reply).
//!
//! Run with `cargo run -p tl-tests --example request_encryption`.

use std::error::Error;

use tl_tests::dh::{self, DhParams};
use tl_tests::telegram::{enums, functions, types};
use typelang_runtime::{Deserializable, RemoteCall, RpcError, Serializable};

type RequestEncryption = functions::messages::RequestEncryption;

fn main() -> Result<(), Box<dyn Error>> {
    println!("== messages.requestEncryption#{:08x}", 0xf64d_af43u32);
    println!(
        "   users may call it: {}; bots may call it: {}",
        yes_no(RequestEncryption::USABLE_BY_USERS),
        yes_no(RequestEncryption::USABLE_BY_BOTS)
    );
    for (code, name) in RequestEncryption::ERRORS {
        println!("   may fail with {code} {name}");
    }

    // 1. The server's DH parameters, as `messages.getDhConfig` returns them.
    let config_bytes = sample_dh_config();
    let params = match enums::messages::DhConfig::from_bytes(&config_bytes)? {
        enums::messages::DhConfig::DhConfig(c) => {
            println!(
                "\n== messages.dhConfig: g = {}, p = {} bytes, version {}",
                c.g,
                c.p.len(),
                c.version
            );
            let params = DhParams::from_server(c.g, &c.p, 16)?;
            println!(
                "   p is a 2048-bit safe prime and g = {} generates its subgroup",
                params.generator()
            );
            (params, c.random)
        }
        enums::messages::DhConfig::NotModified(_) => {
            return Err("the server said our cached config is current, but we have none".into());
        }
    };
    let (params, server_random) = params;

    // 2. Our secret and public value.
    let pair = params.generate(Some(&server_random))?;
    params.check_public(pair.public())?;
    let g_a = pair.public_bytes();
    println!("   g_a = g^a mod p passes 1 < g_a < p-1 and the 2^(2048-64) margins");

    // 3. The call itself.
    let call = RequestEncryption {
        user_id: types::InputUser {
            user_id: 1_234_567_890,
            access_hash: 0x1122_3344_5566_7788,
        }
        .into(),
        random_id: random_i32()?,
        g_a: g_a.into(),
    };
    println!("\n== the call");
    show(&format!("{call:#?}"));
    let bytes = call.to_bytes();
    println!("\n== {} bytes on the wire", bytes.len());
    print_hex(&bytes);

    // 4. Every answer the server can give.
    println!("\n== answers (EncryptedChat)");
    for (what, reply) in sample_replies() {
        let chat: <RequestEncryption as RemoteCall>::Return =
            enums::EncryptedChat::from_bytes(&reply)?;
        println!("{what}:");
        show(&format!("{chat:#?}"));
        assert_eq!(chat.to_bytes(), reply, "re-encodes byte for byte");
    }

    println!("\n== documented errors (rpc_error)");
    for message in ["DH_G_A_INVALID", "USER_ID_INVALID"] {
        let reply = types::RpcError {
            error_code: 400,
            error_message: message.into(),
        }
        .to_bytes();
        let error = RpcError::from_bytes(&reply)?;
        let documented = RequestEncryption::ERRORS
            .iter()
            .any(|(code, name)| *code == error.code && error.is(name));
        println!(
            "{error} ({} for messages.requestEncryption)",
            if documented {
                "documented"
            } else {
                "undocumented"
            }
        );
    }

    // 5. Bad input is an error value, never a panic.
    println!("\n== bad input");
    let one = num_bigint::BigUint::from(1u32);
    match params.check_public(&one) {
        Ok(()) => println!("g_a = 1 accepted?!"),
        Err(e) => println!("g_a = 1: {e}"),
    }
    let tiny = params.key_pair_from_secret(&[5])?;
    if let Err(e) = params.check_public(tiny.public()) {
        println!("g_a = 3^5: {e}");
    }
    let (_, waiting) = &sample_replies()[1];
    match enums::EncryptedChat::from_bytes(&waiting[..waiting.len() - 3]) {
        Ok(v) => println!("truncated reply decoded?! {v:?}"),
        Err(e) => println!("truncated reply: {e}"),
    }
    match enums::EncryptedChat::from_bytes(&[0x78, 0x56, 0x34, 0x12]) {
        Ok(v) => println!("unknown constructor decoded?! {v:?}"),
        Err(e) => println!("unknown reply: {e}"),
    }
    Ok(())
}

/// A `messages.dhConfig#2c221edd g:int p:bytes version:int random:bytes`
/// as the server sends it: Telegram's prime, g = 3, and 256 random bytes.
fn sample_dh_config() -> Vec<u8> {
    let p = dh::to_fixed_be(DhParams::telegram().prime());
    let mut random = vec![0u8; 256];
    getrandom::fill(&mut random).expect("os random source");
    types::messages::DhConfig {
        g: 3,
        p: p.into(),
        version: 3,
        random: random.into(),
    }
    .to_bytes()
}

/// One hand-written reply per `EncryptedChat` constructor.
fn sample_replies() -> Vec<(&'static str, Vec<u8>)> {
    let mut requested = hex(concat!(
        "4cd9f148",
        "01000000",
        "01000000",
        "2a000000",
        "8877665544332211",
        "00e1f505",
        "0a00000000000000",
        "d202964900000000",
        "fe000100",
    ));
    requested.extend(std::iter::repeat_n(0x5a, 256));
    vec![
        ("encryptedChatEmpty", hex("a0c07eab2a000000")),
        (
            "encryptedChatWaiting",
            hex("5359b2662a000000887766554433221100e1f5050a00000000000000d202964900000000"),
        ),
        ("encryptedChatRequested (as the peer sees it)", requested),
        (
            "encryptedChat",
            hex(concat!(
                "c7d4f0612a000000887766554433221100e1f5050a00000000000000",
                "d202964900000000",
                "0401020304000000",
                "efcdab8967452301",
            )),
        ),
        ("encryptedChatDiscarded", hex("457c1c1e010000002a000000")),
    ]
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("valid hex literal"))
        .collect()
}

fn print_hex(bytes: &[u8]) {
    for (row, chunk) in bytes.chunks(32).enumerate() {
        let line: Vec<String> = chunk
            .chunks(4)
            .map(|w| w.iter().map(|b| format!("{b:02x}")).collect())
            .collect();
        println!("   {:04x}: {}", row * 32, line.join(" "));
    }
}

/// Prints text, cutting lines that a 256-byte `g_a` would make a screen
/// wide.
fn show(text: &str) {
    const WIDTH: usize = 110;
    for line in text.lines() {
        match line.char_indices().nth(WIDTH) {
            Some((cut, _)) => println!("{}...", &line[..cut]),
            None => println!("{line}"),
        }
    }
}

fn random_i32() -> Result<i32, getrandom::Error> {
    let mut b = [0u8; 4];
    getrandom::fill(&mut b)?;
    Ok(i32::from_le_bytes(b))
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
