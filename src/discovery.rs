//! Talking to identity providers: OpenID Connect discovery (documents and keys parsed with the
//! `openidconnect` crate's types) and downloading federation metadata. Every failure is sorted
//! into a specific [`DiscoveryFailure`].

use std::time::{Duration, Instant};

use openidconnect::core::{CoreJsonWebKeySet, CoreProviderMetadata};
use openidconnect::JsonWebKey;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{DiscoveryFailure, Error, Result};

const TIMEOUT: Duration = Duration::from_secs(15);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(8);
/// Discovery documents, key sets and metadata are small; refuse anything huge.
const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

fn fail(kind: DiscoveryFailure, message: impl Into<String>) -> Error {
    Error::Discovery { kind, message: message.into() }
}

/// A URL we may fetch: https anywhere, plain http only on this machine (local test providers).
pub fn check_fetchable(url: &str, what: &str) -> Result<url::Url> {
    let parsed = url::Url::parse(url.trim()).map_err(|e| {
        Error::from(crate::domain::ValidationErrors::single(
            "url",
            crate::domain::FieldErrorCode::InvalidUrl,
            format!("The {what} \"{url}\" is not an absolute URL ({e})."),
        ))
    })?;
    let loopback = match parsed.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if loopback => Ok(parsed),
        _ => Err(Error::from(crate::domain::ValidationErrors::single(
            "url",
            crate::domain::FieldErrorCode::NotHttps,
            format!("The {what} must use https:// (got {url})."),
        ))),
    }
}

fn client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(concat!("PortalAdminCenter/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| fail(DiscoveryFailure::Unreachable, format!("cannot start an HTTP client: {e}")))
}

/// Every message in an error's chain, including the payload of I/O errors.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                parts.push(inner.to_string());
            }
        }
        parts.push(s.to_string());
        source = s.source();
    }
    parts.dedup();
    parts.join(": ")
}

fn classify(url: &url::Url, e: &reqwest::Error) -> Error {
    let detail = chain(e);
    let lower = detail.to_ascii_lowercase();
    let host = url.host_str().unwrap_or("?");
    if ["certificate", "tls", "handshake", "invalidcontenttype", "corrupt message", "alert", "unknownissuer"]
        .iter()
        .any(|k| lower.contains(k))
    {
        fail(DiscoveryFailure::Tls, format!("the TLS connection to {host} failed: {detail}"))
    } else if e.is_timeout() {
        fail(
            DiscoveryFailure::Unreachable,
            format!("{host} did not answer within {} seconds ({url})", TIMEOUT.as_secs()),
        )
    } else {
        fail(DiscoveryFailure::Unreachable, format!("cannot reach {host} ({url}): {detail}"))
    }
}

/// GETs a document, with the failure sorted: unreachable, TLS, or an HTTP error status.
pub async fn fetch(url: &url::Url, what: &str) -> Result<Vec<u8>> {
    let response = client()?.get(url.clone()).send().await.map_err(|e| classify(url, &e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(fail(
            DiscoveryFailure::InvalidDocument,
            format!("{url} answered HTTP {status} instead of the {what}"),
        ));
    }
    if response.content_length().is_some_and(|n| n as usize > MAX_DOCUMENT_BYTES) {
        return Err(fail(DiscoveryFailure::InvalidDocument, format!("the {what} at {url} is larger than 4 MB")));
    }
    let bytes = response.bytes().await.map_err(|e| classify(url, &e))?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(fail(DiscoveryFailure::InvalidDocument, format!("the {what} at {url} is larger than 4 MB")));
    }
    Ok(bytes.to_vec())
}

/// A signing key the provider publishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SigningKey {
    pub kid: Option<String>,
    /// `RSA`, `EC`, …
    pub kty: String,
    pub alg: Option<String>,
    /// `sig`, `enc`, or unset.
    pub key_use: Option<String>,
}

/// What a successful OpenID Connect test found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OidcReport {
    pub discovery_url: String,
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: Option<String>,
    pub userinfo_endpoint: Option<String>,
    pub end_session_endpoint: Option<String>,
    pub jwks_uri: String,
    pub signing_keys: Vec<SigningKey>,
    pub response_types_supported: Vec<String>,
    pub scopes_supported: Vec<String>,
    /// Things that work but deserve a look (trailing-slash differences, unsupported scopes…).
    pub warnings: Vec<String>,
    pub elapsed_ms: u32,
}

/// What the portal is configured with, for the checks after discovery.
#[derive(Debug, Clone, Default)]
pub struct OidcExpectations {
    pub authority: Option<String>,
    pub metadata_address: Option<String>,
    pub response_type: Option<String>,
    pub scope: Option<String>,
}

/// `<authority>/.well-known/openid-configuration`, the way the runtime builds it.
pub fn discovery_url(authority: &str) -> String {
    format!("{}/.well-known/openid-configuration", authority.trim().trim_end_matches('/'))
}

fn json_value(v: &impl Serialize) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// Reads the provider's discovery document and keys and checks them against the portal's
/// configuration.
pub async fn test_openid_provider(expect: &OidcExpectations) -> Result<OidcReport> {
    let started = Instant::now();
    let address = match (&expect.metadata_address, &expect.authority) {
        (Some(m), _) if !m.trim().is_empty() => m.trim().to_owned(),
        (_, Some(a)) if !a.trim().is_empty() => discovery_url(a),
        _ => {
            return Err(fail(
                DiscoveryFailure::MissingEndpoints,
                "the provider has neither an Authority nor a MetadataAddress to discover",
            ))
        }
    };
    let url = check_fetchable(&address, "discovery address")?;
    let body = fetch(&url, "OpenID Connect discovery document").await?;
    let raw: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| fail(DiscoveryFailure::InvalidDocument, format!("{url} is not a JSON discovery document: {e}")))?;
    if !raw.is_object() {
        return Err(fail(
            DiscoveryFailure::InvalidDocument,
            format!("{url} is JSON but not a discovery document (not an object)"),
        ));
    }
    let required = [
        "issuer",
        "authorization_endpoint",
        "jwks_uri",
        "response_types_supported",
        "subject_types_supported",
        "id_token_signing_alg_values_supported",
    ];
    let missing: Vec<&str> = required.iter().copied().filter(|k| raw.get(k).is_none_or(|v| v.is_null())).collect();
    if !missing.is_empty() {
        return Err(fail(
            DiscoveryFailure::MissingEndpoints,
            format!("the discovery document at {url} lacks {}", missing.join(", ")),
        ));
    }
    let metadata: CoreProviderMetadata = serde_json::from_value(raw.clone()).map_err(|e| {
        fail(DiscoveryFailure::InvalidDocument, format!("the discovery document at {url} is invalid: {e}"))
    })?;
    let issuer = metadata.issuer().as_str().to_owned();
    let mut warnings = Vec::new();
    if let Some(authority) = expect.authority.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        if issuer != authority {
            if issuer.trim_end_matches('/') == authority.trim_end_matches('/') {
                warnings.push(format!(
                    "The issuer \"{issuer}\" and the Authority \"{authority}\" differ by a trailing slash."
                ));
            } else {
                return Err(fail(
                    DiscoveryFailure::IssuerMismatch,
                    format!("the provider says its issuer is \"{issuer}\" but the Authority is \"{authority}\"; tokens would be refused"),
                ));
            }
        }
    }
    let str_field = |k: &str| raw.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    let token_endpoint = metadata.token_endpoint().map(|u| u.as_str().to_owned());
    let response_types: Vec<String> = metadata
        .response_types_supported()
        .iter()
        .map(|rt| rt.iter().map(json_value).collect::<Vec<_>>().join(" "))
        .collect();
    let scopes: Vec<String> =
        metadata.scopes_supported().map(|s| s.iter().map(|s| s.as_str().to_owned()).collect()).unwrap_or_default();
    let response_type = expect.response_type.clone().unwrap_or_else(|| "code id_token".to_owned());
    let wanted: std::collections::BTreeSet<&str> = response_type.split_whitespace().collect();
    if response_type.split_whitespace().any(|t| t == "code") && token_endpoint.is_none() {
        return Err(fail(
            DiscoveryFailure::MissingEndpoints,
            format!(
                "the discovery document at {url} has no token_endpoint, which response type \"{response_type}\" needs"
            ),
        ));
    }
    if !response_types.iter().any(|rt| rt.split_whitespace().collect::<std::collections::BTreeSet<_>>() == wanted) {
        warnings.push(format!(
            "The provider does not list the response type \"{response_type}\" (it supports: {}).",
            response_types.join(", ")
        ));
    }
    if let Some(scope) = &expect.scope {
        let unknown: Vec<&str> = scope
            .split([' ', ','])
            .filter(|s| !s.is_empty() && !scopes.is_empty() && !scopes.iter().any(|x| x == s))
            .collect();
        if !unknown.is_empty() {
            warnings.push(format!("The provider does not list the scope(s) {}.", unknown.join(", ")));
        }
    }

    let jwks_url = check_fetchable(metadata.jwks_uri().as_str(), "jwks_uri")?;
    let jwks_body = fetch(&jwks_url, "signing key set").await?;
    let jwks: CoreJsonWebKeySet = serde_json::from_slice(&jwks_body).map_err(|e| {
        fail(DiscoveryFailure::InvalidDocument, format!("the key set at {jwks_url} is not a JSON Web Key Set: {e}"))
    })?;
    let signing_keys: Vec<SigningKey> = jwks
        .keys()
        .iter()
        .map(|k| SigningKey {
            kid: k.key_id().map(|id| id.as_str().to_owned()),
            kty: json_value(k.key_type()),
            alg: match k.signing_alg() {
                openidconnect::JsonWebKeyAlgorithm::Algorithm(a) => Some(json_value(a)),
                _ => None,
            },
            key_use: k.key_use().map(json_value),
        })
        .collect();
    if !signing_keys.iter().any(|k| k.key_use.as_deref() != Some("enc")) {
        return Err(fail(DiscoveryFailure::MissingEndpoints, format!("the key set at {jwks_url} has no signing key")));
    }
    Ok(OidcReport {
        discovery_url: url.to_string(),
        issuer,
        authorization_endpoint: metadata.authorization_endpoint().as_str().to_owned(),
        token_endpoint,
        userinfo_endpoint: metadata.userinfo_endpoint().map(|u| u.as_str().to_owned()),
        end_session_endpoint: str_field("end_session_endpoint"),
        jwks_uri: jwks_url.to_string(),
        signing_keys,
        response_types_supported: response_types,
        scopes_supported: scopes,
        warnings,
        elapsed_ms: started.elapsed().as_millis().min(u128::from(u32::MAX)) as u32,
    })
}
