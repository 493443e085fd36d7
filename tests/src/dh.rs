//! The client side of the Diffie-Hellman exchange that starts a secret chat.
//!
//! Before calling `messages.requestEncryption` a client picks a secret `a`,
//! computes `g_a = g^a mod p` and checks both the server's parameters and its
//! own `g_a`, as Telegram's end-to-end documentation requires:
//!
//! - `p` is a 2048-bit safe prime (`p` and `(p - 1) / 2` both prime);
//! - `g` generates the subgroup of order `(p - 1) / 2`, which for the small
//!   generators Telegram uses is a condition on `p` modulo `4g`;
//! - `1 < g_a < p - 1`, and `2^(2048-64) <= g_a <= p - 2^(2048-64)` so that
//!   neither side can steer the key into a tiny range.

use std::fmt;

use num_bigint::BigUint;
use num_traits::One;

/// Telegram's published 2048-bit safe prime, big-endian (the `p` that
/// `messages.getDhConfig` returns), used with generator 3.
pub const TELEGRAM_PRIME_HEX: &str = concat!(
    "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f",
    "48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c37",
    "20fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64",
    "2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4",
    "a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754",
    "fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4",
    "e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f",
    "0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b",
);

/// The generator Telegram pairs with [`TELEGRAM_PRIME_HEX`].
pub const TELEGRAM_GENERATOR: u32 = 3;

/// Size of the prime and of every value exchanged, in bits.
pub const PRIME_BITS: u64 = 2048;

/// Why a parameter or a public value was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DhError {
    /// `p` does not have exactly 2048 bits.
    PrimeSize {
        /// The number of bits found.
        bits: u64,
    },
    /// `p` or `(p - 1) / 2` is not prime.
    NotSafePrime,
    /// `g` is not one of 2..=7 or does not generate the subgroup of order
    /// `(p - 1) / 2` for this `p`.
    BadGenerator {
        /// The generator received.
        g: i64,
    },
    /// A public value (`g_a` or `g_b`) is outside the range the protocol
    /// allows.
    PublicValueOutOfRange {
        /// Which bound it broke.
        reason: &'static str,
    },
    /// The operating system's random source failed.
    Random(String),
}

impl fmt::Display for DhError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PrimeSize { bits } => write!(f, "dh prime has {bits} bits, expected 2048"),
            Self::NotSafePrime => f.write_str("dh prime is not a safe prime"),
            Self::BadGenerator { g } => {
                write!(f, "g = {g} is not a valid generator for this prime")
            }
            Self::PublicValueOutOfRange { reason } => {
                write!(f, "public value out of range: {reason}")
            }
            Self::Random(e) => write!(f, "os random source failed: {e}"),
        }
    }
}

impl std::error::Error for DhError {}

/// Checked Diffie-Hellman parameters `(p, g)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DhParams {
    p: BigUint,
    g: u32,
}

impl DhParams {
    /// Telegram's published prime with generator 3 (known good, so the
    /// primality test is skipped).
    pub fn telegram() -> Self {
        let p = BigUint::parse_bytes(TELEGRAM_PRIME_HEX.as_bytes(), 16)
            .expect("the built-in prime is valid hex");
        Self {
            p,
            g: TELEGRAM_GENERATOR,
        }
    }

    /// Checks parameters received from the server (`messages.dhConfig`'s `g`
    /// and big-endian `p`). The Telegram prime is recognised without a
    /// primality test; any other prime is tested (`rounds` Miller-Rabin
    /// rounds for both `p` and `(p - 1) / 2`).
    pub fn from_server(g: i32, p_be: &[u8], rounds: u32) -> Result<Self, DhError> {
        let p = BigUint::from_bytes_be(p_be);
        if p.bits() != PRIME_BITS {
            return Err(DhError::PrimeSize { bits: p.bits() });
        }
        let g_u = u32::try_from(g).map_err(|_| DhError::BadGenerator { g: g.into() })?;
        check_generator(&p, g_u)?;
        let known = Self::telegram();
        if p != known.p {
            let q = (&p - 1u32) >> 1u32;
            if !probably_prime(&p, rounds)? || !probably_prime(&q, rounds)? {
                return Err(DhError::NotSafePrime);
            }
        }
        Ok(Self { p, g: g_u })
    }

    /// The prime `p`.
    pub fn prime(&self) -> &BigUint {
        &self.p
    }

    /// The generator `g`.
    pub fn generator(&self) -> u32 {
        self.g
    }

    /// Checks a public value (`g_a` we send, or `g_b` we receive):
    /// `1 < v < p - 1` and `2^(2048-64) <= v <= p - 2^(2048-64)`.
    pub fn check_public(&self, value: &BigUint) -> Result<(), DhError> {
        let one = BigUint::one();
        if value <= &one {
            return Err(DhError::PublicValueOutOfRange {
                reason: "must be greater than 1",
            });
        }
        if value >= &(&self.p - 1u32) {
            return Err(DhError::PublicValueOutOfRange {
                reason: "must be less than p - 1",
            });
        }
        let margin = BigUint::one() << (PRIME_BITS - 64);
        if value < &margin {
            return Err(DhError::PublicValueOutOfRange {
                reason: "must be at least 2^(2048-64)",
            });
        }
        if value > &(&self.p - &margin) {
            return Err(DhError::PublicValueOutOfRange {
                reason: "must be at most p - 2^(2048-64)",
            });
        }
        Ok(())
    }

    /// Makes a key pair from 256 random bytes from the operating system,
    /// mixed (XOR) with the server's `random` from `messages.dhConfig` when
    /// given, as the end-to-end docs advise. A secret whose `g_a` fails
    /// [`check_public`](Self::check_public) is redrawn.
    pub fn generate(&self, server_random: Option<&[u8]>) -> Result<KeyPair, DhError> {
        loop {
            let mut secret = [0u8; 256];
            getrandom::fill(&mut secret).map_err(|e| DhError::Random(e.to_string()))?;
            if let Some(extra) = server_random {
                for (s, r) in secret.iter_mut().zip(extra) {
                    *s ^= r;
                }
            }
            let pair = self.key_pair_from_secret(&secret)?;
            if self.check_public(&pair.g_a).is_ok() {
                return Ok(pair);
            }
        }
    }

    /// Computes `g_a = g^a mod p` for a given big-endian secret `a` and
    /// checks it. Deterministic; used by tests and by [`generate`](Self::generate).
    pub fn key_pair_from_secret(&self, secret_be: &[u8]) -> Result<KeyPair, DhError> {
        let a = BigUint::from_bytes_be(secret_be);
        let g_a = BigUint::from(self.g).modpow(&a, &self.p);
        Ok(KeyPair { a, g_a })
    }
}

/// A secret exponent and its public value.
#[derive(Clone)]
pub struct KeyPair {
    a: BigUint,
    g_a: BigUint,
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The secret stays out of logs.
        f.debug_struct("KeyPair")
            .field("a", &"<secret>")
            .field("g_a", &self.g_a)
            .finish()
    }
}

impl KeyPair {
    /// The public value `g_a`.
    pub fn public(&self) -> &BigUint {
        &self.g_a
    }

    /// `g_a` as the 256-byte big-endian string sent in `g_a:bytes`.
    pub fn public_bytes(&self) -> Vec<u8> {
        to_fixed_be(&self.g_a)
    }

    /// The shared key `g_b^a mod p` once the peer's `g_b` is known (and
    /// checked with [`DhParams::check_public`]), as 256 big-endian bytes.
    pub fn shared_key(&self, params: &DhParams, g_b: &BigUint) -> Result<Vec<u8>, DhError> {
        params.check_public(g_b)?;
        Ok(to_fixed_be(&g_b.modpow(&self.a, &params.p)))
    }
}

/// Left-pads a value to the 256 bytes of a 2048-bit number.
pub fn to_fixed_be(value: &BigUint) -> Vec<u8> {
    let raw = value.to_bytes_be();
    let width = (PRIME_BITS / 8) as usize;
    let mut out = vec![0u8; width.saturating_sub(raw.len())];
    out.extend_from_slice(&raw);
    out
}

/// The generator conditions of the end-to-end docs: `g` must make a
/// quadratic residue condition hold so that it generates the subgroup of
/// order `(p - 1) / 2`.
fn check_generator(p: &BigUint, g: u32) -> Result<(), DhError> {
    let rem = |m: u32| -> u32 {
        let r = p % m;
        r.iter_u32_digits().next().unwrap_or(0)
    };
    let ok = match g {
        2 => rem(8) == 7,
        3 => rem(3) == 2,
        4 => true,
        5 => matches!(rem(5), 1 | 4),
        6 => matches!(rem(24), 19 | 23),
        7 => matches!(rem(7), 3 | 5 | 6),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(DhError::BadGenerator { g: g.into() })
    }
}

/// Miller-Rabin with random bases from the OS after trial division by
/// small primes. The bases are random because a server that sends a
/// composite `p` is attacking: fixed bases could be defeated by a
/// pseudoprime built against them.
fn probably_prime(n: &BigUint, rounds: u32) -> Result<bool, DhError> {
    let two = BigUint::from(2u32);
    if n < &two {
        return Ok(false);
    }
    for small in [2u32, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37] {
        if n == &BigUint::from(small) {
            return Ok(true);
        }
        if (n % small) == BigUint::from(0u32) {
            return Ok(false);
        }
    }
    let n_minus_1 = n - 1u32;
    let s = n_minus_1.trailing_zeros().unwrap_or(0);
    let d = &n_minus_1 >> s;
    let span = n - 3u32;
    for _ in 0..rounds.max(1) {
        let mut raw = vec![0u8; n.to_bytes_be().len() + 8];
        getrandom::fill(&mut raw).map_err(|e| DhError::Random(e.to_string()))?;
        let a = BigUint::from_bytes_be(&raw) % &span + 2u32;
        let mut x = a.modpow(&d, n);
        if x.is_one() || x == n_minus_1 {
            continue;
        }
        let mut witnessed_composite = true;
        for _ in 1..s {
            x = x.modpow(&two, n);
            if x == n_minus_1 {
                witnessed_composite = false;
                break;
            }
        }
        if witnessed_composite {
            return Ok(false);
        }
    }
    Ok(true)
}
