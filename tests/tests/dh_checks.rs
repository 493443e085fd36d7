//! The client-side Diffie-Hellman checks that guard `messages.requestEncryption`.

use num_bigint::BigUint;
use num_traits::One;
use tl_tests::dh::{DhError, DhParams, PRIME_BITS, TELEGRAM_PRIME_HEX, to_fixed_be};

fn p() -> BigUint {
    BigUint::parse_bytes(TELEGRAM_PRIME_HEX.as_bytes(), 16).unwrap()
}

fn margin() -> BigUint {
    BigUint::one() << (PRIME_BITS - 64)
}

fn rejected(value: &BigUint) -> bool {
    matches!(
        DhParams::telegram().check_public(value),
        Err(DhError::PublicValueOutOfRange { .. })
    )
}

#[test]
fn generated_g_a_passes_every_check_and_is_256_bytes() {
    let params = DhParams::telegram();
    let pair = params.generate(None).unwrap();
    params.check_public(pair.public()).unwrap();
    assert_eq!(pair.public_bytes().len(), 256);
    assert!(pair.public() < &p());
}

#[test]
fn g_a_is_g_to_the_a_mod_p() {
    let params = DhParams::telegram();
    // a = 2: g^a = 9, far below the safety margin, so it must be rejected.
    let tiny = params.key_pair_from_secret(&[2]).unwrap();
    assert_eq!(tiny.public(), &BigUint::from(9u32));
    assert!(rejected(tiny.public()));
    // A full-size secret lands in range.
    let pair = params.key_pair_from_secret(&[0x5a; 256]).unwrap();
    assert_eq!(
        pair.public(),
        &BigUint::from(3u32).modpow(&BigUint::from_bytes_be(&[0x5a; 256]), &p())
    );
    params.check_public(pair.public()).unwrap();
}

#[test]
fn rejects_one_and_p_minus_one() {
    assert!(rejected(&BigUint::one()));
    assert!(rejected(&BigUint::from(0u32)));
    assert!(rejected(&(p() - 1u32)));
    assert!(rejected(&p()));
}

#[test]
fn rejects_values_within_the_margin_of_either_end() {
    let m = margin();
    assert!(rejected(&(m.clone() - 1u32)));
    assert!(rejected(&BigUint::from(2u32)));
    assert!(rejected(&(p() - &m + 1u32)));
    assert!(rejected(&(p() - 2u32)));
    // The bounds themselves are allowed.
    let params = DhParams::telegram();
    params.check_public(&m).unwrap();
    params.check_public(&(p() - &m)).unwrap();
}

#[test]
fn server_parameters_are_checked() {
    let bytes = to_fixed_be(&p());
    assert_eq!(
        DhParams::from_server(3, &bytes, 8).unwrap(),
        DhParams::telegram()
    );
    // p mod 8 != 7, so 2 is not a generator of the right subgroup for this p.
    assert_eq!(
        DhParams::from_server(2, &bytes, 8),
        Err(DhError::BadGenerator { g: 2 })
    );
    assert_eq!(
        DhParams::from_server(9, &bytes, 8),
        Err(DhError::BadGenerator { g: 9 })
    );
    assert_eq!(
        DhParams::from_server(3, &bytes[1..], 8),
        Err(DhError::PrimeSize { bits: 2037 }) // 0x1c... leads the rest
    );
    // p + 6 keeps p's residues mod 2 and 3 (so g = 3 passes the generator
    // rule), has no prime factor below 40 (trial division cannot catch it)
    // and is composite: only Miller-Rabin can reject it.
    let composite = p() + 6u32;
    assert_eq!(
        DhParams::from_server(3, &to_fixed_be(&composite), 8),
        Err(DhError::NotSafePrime)
    );
}

#[test]
fn shared_keys_agree() {
    let params = DhParams::telegram();
    let alice = params.generate(None).unwrap();
    let bob = params.generate(Some(&[0xff; 256])).unwrap();
    let k1 = alice.shared_key(&params, bob.public()).unwrap();
    let k2 = bob.shared_key(&params, alice.public()).unwrap();
    assert_eq!(k1, k2);
    assert_eq!(k1.len(), 256);
}
