//! Reading certificates and private keys from PEM, DER/.cer and PKCS#12 (.pfx) files.

use base64::Engine;
use chrono::{DateTime, Utc};
use sha1::{Digest, Sha1};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;

use super::{KeyError, KeyMaterial};
use crate::domain::key::CertificateFacts;

/// Reads a certificate (and its private key when the file has one). `password` is for PKCS#12.
pub fn read(bytes: &[u8], password: Option<&str>) -> Result<KeyMaterial, KeyError> {
    let text_start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
    if bytes[text_start..].starts_with(b"-----BEGIN") {
        return read_pem(bytes);
    }
    if let Ok((rest, _)) = X509Certificate::from_der(bytes) {
        if rest.is_empty() {
            return Ok(KeyMaterial { facts: facts(bytes)?, certificate_der: bytes.to_vec(), private_key_pem: None });
        }
    }
    read_pkcs12(bytes, password)
}

fn read_pem(bytes: &[u8]) -> Result<KeyMaterial, KeyError> {
    let mut certificate = None;
    let mut private_key = None;
    for block in x509_parser::pem::Pem::iter_from_buffer(bytes) {
        let block = block.map_err(|e| KeyError::Unreadable(format!("bad PEM: {e}")))?;
        match block.label.as_str() {
            "CERTIFICATE" if certificate.is_none() => certificate = Some(block.contents),
            "CERTIFICATE" => {} // chain certificates after the first are not the key's
            "PRIVATE KEY" => private_key = Some(block.contents),
            "RSA PRIVATE KEY" => {
                return Err(KeyError::BadPrivateKey(
                    "PKCS#1 (\"RSA PRIVATE KEY\") is not supported; convert it with `openssl pkcs8 -topk8 -nocrypt`"
                        .into(),
                ))
            }
            "ENCRYPTED PRIVATE KEY" => {
                return Err(KeyError::BadPrivateKey(
                    "encrypted PEM keys are not supported; import a PKCS#12 (.pfx) file with its password instead"
                        .into(),
                ))
            }
            _ => {}
        }
    }
    let der = certificate.ok_or(KeyError::NoCertificate)?;
    with_private_key(der, private_key)
}

fn read_pkcs12(bytes: &[u8], password: Option<&str>) -> Result<KeyMaterial, KeyError> {
    use p12_keystore::error::Error as P12Error;
    use p12_keystore::{KeyStore, KeyStoreEntry, Pkcs12ImportPolicy};
    let store =
        KeyStore::from_pkcs12(bytes, password.unwrap_or(""), Pkcs12ImportPolicy::Strict).map_err(|e| match e {
            P12Error::MacError(_) if password.is_none() => KeyError::PasswordRequired,
            P12Error::MacError(_) => KeyError::WrongPassword,
            P12Error::DerError(_) | P12Error::InvalidVersion | P12Error::UnsupportedContentType => {
                KeyError::Unreadable("not PEM, not a DER certificate, not PKCS#12".into())
            }
            other => KeyError::Pkcs12(other.to_string()),
        })?;
    if let Some((_, chain)) = store.private_key_chain() {
        let certificate = chain.certs().first().ok_or(KeyError::NoCertificate)?;
        return with_private_key(certificate.as_der().to_vec(), Some(chain.key().as_der().to_vec()));
    }
    let certificate = store
        .entries()
        .find_map(|(_, entry)| match entry {
            KeyStoreEntry::Certificate(c) => Some(c.as_der().to_vec()),
            _ => None,
        })
        .ok_or(KeyError::NoCertificate)?;
    with_private_key(certificate, None)
}

/// Pairs a certificate with its PKCS#8 private key after checking they belong together.
fn with_private_key(certificate_der: Vec<u8>, pkcs8: Option<Vec<u8>>) -> Result<KeyMaterial, KeyError> {
    let facts = facts(&certificate_der)?;
    let private_key_pem = match pkcs8 {
        None => None,
        Some(der) => {
            let key = rcgen::KeyPair::try_from(der.as_slice()).map_err(|e| KeyError::BadPrivateKey(e.to_string()))?;
            let (_, cert) = X509Certificate::from_der(&certificate_der)
                .map_err(|e| KeyError::Unreadable(format!("bad certificate: {e}")))?;
            if rcgen::PublicKeyData::subject_public_key_info(&key) != cert.public_key().raw {
                return Err(KeyError::KeyMismatch);
            }
            Some(key.serialize_pem())
        }
    };
    Ok(KeyMaterial { certificate_der, facts, private_key_pem })
}

/// The facts of a DER certificate: thumbprint, x5t, names, validity, key type and size.
pub fn facts(der: &[u8]) -> Result<CertificateFacts, KeyError> {
    let (_, cert) =
        X509Certificate::from_der(der).map_err(|e| KeyError::Unreadable(format!("bad certificate: {e}")))?;
    let sha1 = Sha1::digest(der);
    let thumbprint: String = sha1.iter().map(|b| format!("{b:02X}")).collect();
    let x5t = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha1);
    let (key_algorithm, key_bits) = match cert.public_key().parsed() {
        Ok(PublicKey::RSA(rsa)) => ("RSA".to_owned(), rsa.key_size() as u32),
        Ok(PublicKey::EC(ec)) => ("EC".to_owned(), ec.key_size() as u32),
        Ok(PublicKey::DSA(_)) => ("DSA".to_owned(), 0),
        Ok(PublicKey::GostR3410(_) | PublicKey::GostR3410_2012(_)) => ("GOST".to_owned(), 0),
        Ok(PublicKey::Unknown(_)) | Err(_) => (cert.public_key().algorithm.algorithm.to_id_string(), 0),
    };
    let instant = |t: x509_parser::time::ASN1Time| -> Result<DateTime<Utc>, KeyError> {
        DateTime::from_timestamp(t.timestamp(), 0)
            .ok_or_else(|| KeyError::Unreadable("validity date out of range".into()))
    };
    Ok(CertificateFacts {
        thumbprint,
        x5t,
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        serial: cert.raw_serial().iter().map(|b| format!("{b:02X}")).collect(),
        not_before: instant(cert.validity().not_before)?,
        not_after: instant(cert.validity().not_after)?,
        key_algorithm,
        key_bits,
    })
}
