//! A portal application's key credentials as Microsoft Graph lists them (`keyCredentials`), and
//! which of them is the portal's authentication key.
//!
//! Pure: decoding a credential's certificate and thumbprint, choosing the key the portal uses
//! (the newest valid certificate; the most recently expired when none is valid). Reading Graph is
//! `sync::graph`'s job.

use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// One `keyCredential` of an application, as the workspace keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AppCredential {
    /// Graph's `keyId`.
    pub key_id: String,
    pub display_name: Option<String>,
    /// Uppercase hex SHA-1 of the certificate, as Azure shows it.
    pub thumbprint: String,
    pub start: Option<DateTime<Utc>>,
    pub end: DateTime<Utc>,
    /// `AsymmetricX509Cert`, `Symmetric`, …
    pub kind: String,
    /// `Verify` or `Sign`.
    pub usage: String,
    /// Whether Graph returned the certificate itself (`key`), so its facts are known.
    pub has_certificate: bool,
}

/// A `keyCredential` exactly as Graph sends it (reference §3, G-KC).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphKeyCredential {
    pub key_id: Option<String>,
    pub custom_key_identifier: Option<String>,
    pub display_name: Option<String>,
    pub start_date_time: Option<String>,
    pub end_date_time: Option<String>,
    pub key: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub usage: Option<String>,
}

/// Why a credential in a Graph reply cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialProblem {
    #[error("a key credential has no keyId")]
    NoKeyId,
    #[error("key credential {0} has no endDateTime")]
    NoEnd(String),
    #[error("key credential {key_id} has an unreadable {field} \"{value}\"")]
    BadDate { key_id: String, field: &'static str, value: String },
    #[error("key credential {0}'s key is not base64")]
    BadKey(String),
    #[error("key credential {0} has neither a certificate nor a thumbprint (customKeyIdentifier)")]
    NoThumbprint(String),
}

/// A credential read from Graph: what is kept, and the certificate when Graph sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedCredential {
    pub credential: AppCredential,
    pub certificate_der: Option<Vec<u8>>,
}

fn parse_instant(key_id: &str, field: &'static str, value: &str) -> Result<DateTime<Utc>, CredentialProblem> {
    DateTime::parse_from_rfc3339(value).map(|t| t.to_utc()).map_err(|_| CredentialProblem::BadDate {
        key_id: key_id.to_owned(),
        field,
        value: value.to_owned(),
    })
}

/// The uppercase hex thumbprint that `customKeyIdentifier` carries: 40 hex digits, or the base64
/// of the 20-byte SHA-1 (both are seen in real replies, reference §3).
pub fn thumbprint_from_identifier(identifier: &str) -> Option<String> {
    let id = identifier.trim();
    if id.len() == 40 && id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Some(id.to_ascii_uppercase());
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(id)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(id))
        .ok()?;
    (bytes.len() == 20).then(|| hex_upper(&bytes))
}

/// Uppercase hex of some bytes.
pub fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Decodes one Graph credential. The thumbprint is computed from the certificate when Graph sent
/// it, else taken from `customKeyIdentifier`.
pub fn decode(raw: &GraphKeyCredential) -> Result<DecodedCredential, CredentialProblem> {
    use sha1::{Digest, Sha1};
    let key_id = raw.key_id.clone().filter(|k| !k.trim().is_empty()).ok_or(CredentialProblem::NoKeyId)?;
    let end = raw.end_date_time.as_deref().ok_or_else(|| CredentialProblem::NoEnd(key_id.clone()))?;
    let end = parse_instant(&key_id, "endDateTime", end)?;
    let start = raw.start_date_time.as_deref().map(|s| parse_instant(&key_id, "startDateTime", s)).transpose()?;
    let certificate_der = match raw.key.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(
            base64::engine::general_purpose::STANDARD
                .decode(k.trim())
                .map_err(|_| CredentialProblem::BadKey(key_id.clone()))?,
        ),
        None => None,
    };
    let thumbprint = match &certificate_der {
        Some(der) => hex_upper(&Sha1::digest(der)),
        None => raw
            .custom_key_identifier
            .as_deref()
            .and_then(thumbprint_from_identifier)
            .ok_or_else(|| CredentialProblem::NoThumbprint(key_id.clone()))?,
    };
    Ok(DecodedCredential {
        credential: AppCredential {
            key_id,
            display_name: raw.display_name.clone(),
            thumbprint,
            start,
            end,
            kind: raw.kind.clone().unwrap_or_else(|| "AsymmetricX509Cert".into()),
            usage: raw.usage.clone().unwrap_or_else(|| "Verify".into()),
            has_certificate: certificate_der.is_some(),
        },
        certificate_der,
    })
}

/// The credential the portal authenticates with: among its application's certificate
/// credentials used for verification, the newest one valid at `now`; when none is valid, the one
/// that expired last (so an expired key is shown as expired, not as "no key"). `None` when the
/// application has no certificate at all (a managed identity).
pub fn portal_key(credentials: &[AppCredential], now: DateTime<Utc>) -> Option<usize> {
    let certificates = || {
        credentials.iter().enumerate().filter(|(_, c)| {
            c.kind.eq_ignore_ascii_case("AsymmetricX509Cert") && c.usage.eq_ignore_ascii_case("Verify")
        })
    };
    let valid = certificates()
        .filter(|(_, c)| c.start.is_none_or(|s| s <= now) && c.end > now)
        .max_by_key(|(_, c)| (c.start, c.end))
        .map(|(i, _)| i);
    valid.or_else(|| certificates().filter(|(_, c)| c.end <= now).max_by_key(|(_, c)| c.end).map(|(i, _)| i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn cred(id: &str, start: &str, end: &str) -> AppCredential {
        AppCredential {
            key_id: id.into(),
            display_name: None,
            thumbprint: id.repeat(40 / id.len()),
            start: Some(t(start)),
            end: t(end),
            kind: "AsymmetricX509Cert".into(),
            usage: "Verify".into(),
            has_certificate: false,
        }
    }

    #[test]
    fn the_identifier_may_be_hex_or_base64_of_the_sha1() {
        let hex = "3A5B1C0D9E8F7A6B5C4D3E2F1A0B9C8D7E6F5A4B";
        assert_eq!(thumbprint_from_identifier(&hex.to_ascii_lowercase()).as_deref(), Some(hex));
        let bytes: Vec<u8> = (0..20).map(|i| i * 11).collect();
        let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
        assert_eq!(thumbprint_from_identifier(&b64), Some(hex_upper(&bytes)));
        assert_eq!(thumbprint_from_identifier("not a thumbprint"), None);
        assert_eq!(thumbprint_from_identifier(&base64::engine::general_purpose::STANDARD.encode([1u8; 19])), None);
    }

    #[test]
    fn the_thumbprint_comes_from_the_certificate_when_graph_sends_it() {
        use sha1::{Digest, Sha1};
        let der = b"not really a certificate, but bytes to hash".to_vec();
        let raw = GraphKeyCredential {
            key_id: Some("k1".into()),
            custom_key_identifier: Some("0000000000000000000000000000000000000000".into()),
            end_date_time: Some("2027-01-01T00:00:00Z".into()),
            key: Some(base64::engine::general_purpose::STANDARD.encode(&der)),
            ..Default::default()
        };
        let decoded = decode(&raw).unwrap();
        assert_eq!(decoded.credential.thumbprint, hex_upper(&Sha1::digest(&der)));
        assert!(decoded.credential.has_certificate);
        assert_eq!(decoded.certificate_der, Some(der));
    }

    #[test]
    fn unusable_credentials_say_what_is_wrong() {
        let base = GraphKeyCredential {
            key_id: Some("k1".into()),
            end_date_time: Some("2027-01-01T00:00:00Z".into()),
            custom_key_identifier: Some("3A5B1C0D9E8F7A6B5C4D3E2F1A0B9C8D7E6F5A4B".into()),
            ..Default::default()
        };
        assert!(decode(&base).is_ok());
        let cases = [
            (GraphKeyCredential { key_id: None, ..base.clone() }, CredentialProblem::NoKeyId),
            (GraphKeyCredential { end_date_time: None, ..base.clone() }, CredentialProblem::NoEnd("k1".into())),
            (
                GraphKeyCredential { end_date_time: Some("2027-02-30".into()), ..base.clone() },
                CredentialProblem::BadDate { key_id: "k1".into(), field: "endDateTime", value: "2027-02-30".into() },
            ),
            (GraphKeyCredential { key: Some("%%%".into()), ..base.clone() }, CredentialProblem::BadKey("k1".into())),
            (
                GraphKeyCredential { custom_key_identifier: None, ..base.clone() },
                CredentialProblem::NoThumbprint("k1".into()),
            ),
        ];
        for (raw, problem) in cases {
            assert_eq!(decode(&raw).unwrap_err(), problem);
        }
    }

    #[test]
    fn the_portal_uses_the_newest_valid_certificate() {
        let now = t("2026-12-01T00:00:00Z");
        let creds = vec![
            cred("a", "2024-12-01T00:00:00Z", "2026-12-20T00:00:00Z"),
            cred("b", "2026-11-01T00:00:00Z", "2028-11-01T00:00:00Z"),
            cred("c", "2027-01-01T00:00:00Z", "2029-01-01T00:00:00Z"), // not yet valid
            cred("d", "2020-01-01T00:00:00Z", "2022-01-01T00:00:00Z"), // expired
        ];
        assert_eq!(portal_key(&creds, now), Some(1));
    }

    #[test]
    fn when_every_certificate_expired_the_last_to_expire_is_shown() {
        let now = t("2026-12-01T00:00:00Z");
        let creds = vec![
            cred("a", "2020-01-01T00:00:00Z", "2022-01-01T00:00:00Z"),
            cred("b", "2021-01-01T00:00:00Z", "2026-11-30T00:00:00Z"),
        ];
        assert_eq!(portal_key(&creds, now), Some(1));
    }

    #[test]
    fn secrets_and_signing_keys_are_not_the_portal_key_and_none_means_no_key() {
        let now = t("2026-12-01T00:00:00Z");
        let mut secret = cred("a", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
        secret.kind = "Symmetric".into();
        let mut signing = cred("b", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
        signing.usage = "Sign".into();
        assert_eq!(portal_key(&[secret, signing], now), None);
        assert_eq!(portal_key(&[], now), None);
    }
}
