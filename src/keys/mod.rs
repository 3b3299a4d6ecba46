//! Key material: generating a portal's authentication key, reading certificates and key files
//! (PEM, DER/.cer, PKCS#12), and exporting the public certificate.
//!
//! Pure computation (crypto, parsing); no I/O and no clock reads: `now` is a parameter. Private
//! keys leave this module only as PKCS#8 PEM text bound for the OS keyring.

mod generate;
mod read;

pub use generate::generate;
pub use read::{facts, read};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::domain::key::CertificateFacts;

/// Shortest RSA modulus accepted (Entra ID requires 2048 bits for key credentials).
pub const MIN_RSA_BITS: u32 = 2048;

/// A certificate with, when known, its private key.
#[derive(Clone)]
pub struct KeyMaterial {
    pub certificate_der: Vec<u8>,
    pub facts: CertificateFacts,
    /// PKCS#8 PEM; never logged, never stored outside the keyring.
    pub private_key_pem: Option<String>,
}

impl std::fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyMaterial")
            .field("facts", &self.facts)
            .field("private_key_pem", &self.private_key_pem.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Why key material was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the file is not a certificate in PEM, DER or PKCS#12 form ({0})")]
    Unreadable(String),
    #[error("the file holds no certificate")]
    NoCertificate,
    #[error("the PKCS#12 file is protected by a password; pass it with --password-file (or type it)")]
    PasswordRequired,
    #[error("wrong password for the PKCS#12 file (its integrity check failed)")]
    WrongPassword,
    #[error("the PKCS#12 file cannot be read: {0}")]
    Pkcs12(String),
    #[error("the certificate's key is {0}, not RSA; portal authentication keys are RSA")]
    NotRsa(String),
    #[error("the certificate's RSA key has {0} bits; at least {MIN_RSA_BITS} are required")]
    WeakKey(u32),
    #[error("the certificate expired on {}", .0.format("%Y-%m-%d %H:%M:%S UTC"))]
    Expired(DateTime<Utc>),
    #[error("the certificate is not valid before {}", .0.format("%Y-%m-%d %H:%M:%S UTC"))]
    NotYetValid(DateTime<Utc>),
    #[error("the private key does not belong to the certificate")]
    KeyMismatch,
    #[error("the private key cannot be read: {0}")]
    BadPrivateKey(String),
    #[error("cannot generate the key: {0}")]
    Generate(String),
}

/// How to write a certificate out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CertificateFormat {
    /// Base64 text between `-----BEGIN CERTIFICATE-----` lines.
    Pem,
    /// Binary DER (what Azure calls a .cer file).
    Der,
}

impl std::str::FromStr for CertificateFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "pem" => Ok(Self::Pem),
            "der" | "cer" => Ok(Self::Der),
            other => Err(format!("unknown certificate format \"{other}\" (expected pem or der)")),
        }
    }
}

/// The public certificate in the chosen format.
pub fn export(certificate_der: &[u8], format: CertificateFormat) -> Vec<u8> {
    match format {
        CertificateFormat::Der => certificate_der.to_vec(),
        CertificateFormat::Pem => {
            use base64::Engine;
            let b64 = base64::engine::general_purpose::STANDARD.encode(certificate_der);
            let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
            for line in b64.as_bytes().chunks(64) {
                pem.push_str(std::str::from_utf8(line).unwrap_or_default());
                pem.push('\n');
            }
            pem.push_str("-----END CERTIFICATE-----\n");
            pem.into_bytes()
        }
    }
}

/// Clock skew tolerated on a certificate's start: one made a moment ago on a machine whose clock
/// runs a little ahead is still accepted.
pub const NOT_BEFORE_SKEW: chrono::Duration = chrono::Duration::minutes(5);

/// Checks what an authentication key must be at `now`: RSA of at least 2048 bits, inside its
/// validity period (allowing [`NOT_BEFORE_SKEW`] on its start).
pub fn check_usable(facts: &CertificateFacts, now: DateTime<Utc>) -> Result<(), KeyError> {
    if facts.key_algorithm != "RSA" {
        return Err(KeyError::NotRsa(facts.key_algorithm.clone()));
    }
    if facts.key_bits < MIN_RSA_BITS {
        return Err(KeyError::WeakKey(facts.key_bits));
    }
    if facts.not_after <= now {
        return Err(KeyError::Expired(facts.not_after));
    }
    if facts.not_before > now + NOT_BEFORE_SKEW {
        return Err(KeyError::NotYetValid(facts.not_before));
    }
    Ok(())
}
