//! ASP.NET Identity password hashes (reference §4), the `adx_identity_passwordhash` column.
//!
//! New hashes are written in the **v2 format** the portal runtime (Identity 2.x) verifies:
//! `base64(0x00 | salt[16] | PBKDF2-HMAC-SHA1(UTF-8 password, salt, 1000, 32 bytes))`.
//! Verification also accepts ASP.NET Core's **v3 format**
//! (`0x01 | prf u32 BE | iterations u32 BE | salt length u32 BE | salt | subkey`), comparing
//! subkeys in constant time.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use specta::Type;
use subtle::ConstantTimeEq;

const V2_MARKER: u8 = 0x00;
const V3_MARKER: u8 = 0x01;
const V2_ITERATIONS: u32 = 1000;
const V2_SALT_LEN: usize = 16;
const V2_SUBKEY_LEN: usize = 32;
/// 1 marker + 16 salt + 32 subkey bytes.
const V2_LEN: usize = 1 + V2_SALT_LEN + V2_SUBKEY_LEN;
/// The smallest salt and subkey ASP.NET Core's verifier accepts.
const V3_MIN_LEN: usize = 16;
/// The column's length (`String(128)`).
pub const MAX_HASH_CHARS: usize = 128;

/// The pseudo-random function of a v3 hash (`KeyDerivationPrf`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Prf {
    HmacSha1,
    HmacSha256,
    HmacSha512,
}

impl Prf {
    fn from_code(code: u32) -> Option<Self> {
        match code {
            0 => Some(Prf::HmacSha1),
            1 => Some(Prf::HmacSha256),
            2 => Some(Prf::HmacSha512),
            _ => None,
        }
    }

    fn code(self) -> u32 {
        match self {
            Prf::HmacSha1 => 0,
            Prf::HmacSha256 => 1,
            Prf::HmacSha512 => 2,
        }
    }

    fn derive(self, password: &[u8], salt: &[u8], iterations: u32, out: &mut [u8]) {
        match self {
            Prf::HmacSha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, out),
            Prf::HmacSha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, out),
            Prf::HmacSha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, out),
        }
    }
}

/// What a stored hash is, without the secret parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "format", rename_all = "snake_case")]
pub enum HashFormat {
    /// Identity 2.x: PBKDF2-HMAC-SHA1, 1000 iterations. What the portal writes and verifies.
    V2,
    /// ASP.NET Core Identity 3+: verifiable here; the portal's Identity 2.x runtime may reject it.
    V3 { prf: Prf, iterations: u32, salt_length: u32, subkey_length: u32 },
}

/// Why a stored hash cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    #[error("the password hash is not base64")]
    NotBase64,
    #[error("the password hash is empty")]
    Empty,
    #[error("the password hash has {0} bytes; a v2 (0x00) hash has exactly 49")]
    BadV2Length(usize),
    #[error("the password hash starts with 0x{0:02x}; only 0x00 (v2) and 0x01 (v3) hashes exist")]
    UnknownMarker(u8),
    #[error(
        "the v3 password hash names pseudo-random function {0}; only 0 (SHA-1), 1 (SHA-256) and 2 (SHA-512) exist"
    )]
    UnknownPrf(u32),
    #[error("the v3 password hash is malformed: {0}")]
    BadV3(&'static str),
    #[error("the password hash is {0} characters; the column holds at most 128")]
    TooLong(usize),
}

/// A decoded hash.
struct Decoded {
    format: HashFormat,
    prf: Prf,
    iterations: u32,
    salt: Vec<u8>,
    subkey: Vec<u8>,
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    bytes.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn decode(hash: &str) -> Result<Decoded, HashError> {
    let hash = hash.trim();
    if hash.is_empty() {
        return Err(HashError::Empty);
    }
    if hash.chars().count() > MAX_HASH_CHARS {
        return Err(HashError::TooLong(hash.chars().count()));
    }
    let bytes = STANDARD.decode(hash).map_err(|_| HashError::NotBase64)?;
    match bytes.first() {
        None => Err(HashError::Empty),
        Some(&V2_MARKER) => {
            if bytes.len() != V2_LEN {
                return Err(HashError::BadV2Length(bytes.len()));
            }
            Ok(Decoded {
                format: HashFormat::V2,
                prf: Prf::HmacSha1,
                iterations: V2_ITERATIONS,
                salt: bytes[1..1 + V2_SALT_LEN].to_vec(),
                subkey: bytes[1 + V2_SALT_LEN..].to_vec(),
            })
        }
        Some(&V3_MARKER) => {
            let prf_code = read_u32(&bytes, 1).ok_or(HashError::BadV3("the header is cut short"))?;
            let iterations = read_u32(&bytes, 5).ok_or(HashError::BadV3("the header is cut short"))?;
            let salt_len = read_u32(&bytes, 9).ok_or(HashError::BadV3("the header is cut short"))? as usize;
            let prf = Prf::from_code(prf_code).ok_or(HashError::UnknownPrf(prf_code))?;
            if salt_len < V3_MIN_LEN {
                return Err(HashError::BadV3("the salt is shorter than 16 bytes"));
            }
            if iterations == 0 {
                return Err(HashError::BadV3("the iteration count is 0"));
            }
            let salt = bytes.get(13..13 + salt_len).ok_or(HashError::BadV3("the salt is cut short"))?.to_vec();
            let subkey = bytes[13 + salt_len..].to_vec();
            if subkey.len() < V3_MIN_LEN {
                return Err(HashError::BadV3("the subkey is shorter than 16 bytes"));
            }
            Ok(Decoded {
                format: HashFormat::V3 {
                    prf,
                    iterations,
                    salt_length: salt_len as u32,
                    subkey_length: subkey.len() as u32,
                },
                prf,
                iterations,
                salt,
                subkey,
            })
        }
        Some(&other) => Err(HashError::UnknownMarker(other)),
    }
}

/// The format of a stored hash, or why it is unusable.
pub fn format_of(hash: &str) -> Result<HashFormat, HashError> {
    decode(hash).map(|d| d.format)
}

/// A v2 hash of `password` with the given salt (deterministic; for tests and vectors).
pub fn hash_v2_with_salt(password: &str, salt: &[u8; V2_SALT_LEN]) -> String {
    let mut out = [0u8; V2_LEN];
    out[0] = V2_MARKER;
    out[1..1 + V2_SALT_LEN].copy_from_slice(salt);
    Prf::HmacSha1.derive(password.as_bytes(), salt, V2_ITERATIONS, &mut out[1 + V2_SALT_LEN..]);
    STANDARD.encode(out)
}

/// A v2 hash of `password` with a fresh random salt from the operating system.
pub fn hash_v2(password: &str) -> String {
    let mut salt = [0u8; V2_SALT_LEN];
    getrandom::fill(&mut salt).expect("the operating system's random source is available");
    hash_v2_with_salt(password, &salt)
}

/// A v3 hash (for tests and for checking hashes from ASP.NET Core systems).
pub fn hash_v3_with_salt(password: &str, prf: Prf, iterations: u32, salt: &[u8], subkey_len: usize) -> String {
    let mut out = Vec::with_capacity(13 + salt.len() + subkey_len);
    out.push(V3_MARKER);
    out.extend_from_slice(&prf.code().to_be_bytes());
    out.extend_from_slice(&iterations.to_be_bytes());
    out.extend_from_slice(&(salt.len() as u32).to_be_bytes());
    out.extend_from_slice(salt);
    let start = out.len();
    out.resize(start + subkey_len, 0);
    prf.derive(password.as_bytes(), salt, iterations, &mut out[start..]);
    STANDARD.encode(out)
}

/// Whether `password` matches the stored hash (constant-time comparison of the subkeys).
pub fn verify(hash: &str, password: &str) -> Result<bool, HashError> {
    let d = decode(hash)?;
    let mut actual = vec![0u8; d.subkey.len()];
    d.prf.derive(password.as_bytes(), &d.salt, d.iterations, &mut actual);
    Ok(bool::from(actual.ct_eq(&d.subkey)))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors built from the format (reference §4) and checked with an independent PBKDF2:
    // python3 -c "import hashlib,base64; s=bytes(range(16)); print(base64.b64encode(b'\x00'+s+hashlib.pbkdf2_hmac('sha1',b'P@ssw0rd!',s,1000,32)).decode())"
    const V2_VECTOR: &str = "AAABAgMEBQYHCAkKCwwNDg+0l1Y+KGyPL1ylhQFIANN5r4ZuUcbDvtAMK6TOY4bwPQ==";
    // python3 -c "import hashlib,base64,struct; s=bytes(range(16,32)); print(base64.b64encode(b'\x01'+struct.pack('>III',1,10000,16)+s+hashlib.pbkdf2_hmac('sha256','Pässwörd'.encode(),s,10000,32)).decode())"
    const V3_VECTOR: &str = "AQAAAAEAACcQAAAAEBAREhMUFRYXGBkaGxwdHh+S3UozDZp6G2fLuA0OOlN8M6kYoauhmAKHEomP/ZQsaQ==";

    #[test]
    fn a_v2_hash_matches_an_independent_pbkdf2() {
        let salt: [u8; 16] = core::array::from_fn(|i| i as u8);
        let hash = hash_v2_with_salt("P@ssw0rd!", &salt);
        assert_eq!(hash, V2_VECTOR);
        assert_eq!(hash.len(), 68, "a v2 hash is 68 base64 characters");
    }

    #[test]
    fn verification_accepts_the_right_password_and_rejects_others_for_v2() {
        assert_eq!(verify(V2_VECTOR, "P@ssw0rd!"), Ok(true));
        assert_eq!(verify(V2_VECTOR, "P@ssw0rd"), Ok(false));
        assert_eq!(verify(V2_VECTOR, "p@ssw0rd!"), Ok(false));
    }

    #[test]
    fn verification_accepts_v3_hashes_with_their_header() {
        assert_eq!(
            format_of(V3_VECTOR),
            Ok(HashFormat::V3 { prf: Prf::HmacSha256, iterations: 10_000, salt_length: 16, subkey_length: 32 })
        );
        assert_eq!(verify(V3_VECTOR, "Pässwörd"), Ok(true), "the password is UTF-8 encoded");
        assert_eq!(verify(V3_VECTOR, "Passwort"), Ok(false));
    }

    #[test]
    fn v3_hashes_round_trip_for_every_prf() {
        let salt = [7u8; 16];
        for prf in [Prf::HmacSha1, Prf::HmacSha256, Prf::HmacSha512] {
            let hash = hash_v3_with_salt("Correct horse 1", prf, 2000, &salt, 32);
            assert_eq!(verify(&hash, "Correct horse 1"), Ok(true), "{prf:?}");
            assert_eq!(verify(&hash, "Correct horse 2"), Ok(false), "{prf:?}");
        }
    }

    #[test]
    fn fresh_hashes_use_a_new_salt_each_time() {
        let a = hash_v2("Same password 1!");
        let b = hash_v2("Same password 1!");
        assert_ne!(a, b);
        assert_eq!(verify(&a, "Same password 1!"), Ok(true));
        assert_eq!(verify(&b, "Same password 1!"), Ok(true));
        assert_eq!(format_of(&a), Ok(HashFormat::V2));
    }

    #[test]
    fn malformed_hashes_get_specific_errors() {
        assert_eq!(format_of("not base64 !!"), Err(HashError::NotBase64));
        assert_eq!(format_of(""), Err(HashError::Empty));
        assert_eq!(format_of(&STANDARD.encode([0u8; 20])), Err(HashError::BadV2Length(20)));
        assert_eq!(format_of(&STANDARD.encode([2u8; 49])), Err(HashError::UnknownMarker(2)));
        let mut bad_prf = vec![1u8, 0, 0, 0, 9, 0, 0, 3, 232, 0, 0, 0, 16];
        bad_prf.extend([0u8; 48]);
        assert_eq!(format_of(&STANDARD.encode(&bad_prf)), Err(HashError::UnknownPrf(9)));
        let short_salt = [1u8, 0, 0, 0, 1, 0, 0, 3, 232, 0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8];
        assert!(matches!(format_of(&STANDARD.encode(short_salt)), Err(HashError::BadV3(_))));
        assert_eq!(format_of(&"A".repeat(132)), Err(HashError::TooLong(132)));
    }
}
