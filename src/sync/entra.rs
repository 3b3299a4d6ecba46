//! Signing in to Entra ID (reference §1), through `openidconnect` over [`Http`]: authorization
//! code + PKCE with a loopback redirect, the device code flow, client credentials with a secret
//! or a certificate (`private_key_jwt`, built here because openidconnect has none), and refresh
//! per resource scope.
//!
//! Tokens come back as [`TokenSet`]s; storing them (refresh tokens to the keyring, access tokens
//! in memory) is `ops::connection`'s job.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use chrono::{DateTime, Utc};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreErrorResponseType, CoreProviderMetadata};
use openidconnect::{
    AuthType, AuthorizationCode, ClientId, ClientSecret, CsrfToken, DeviceAuthorizationUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, RedirectUrl, RefreshToken, RequestTokenError, Scope,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Notify;

use super::http::{check, fail, json, Http, OauthHttpError};
use crate::domain::connection::Connection;
use crate::error::{DiscoveryFailure, Error, RemoteFailure, Result, SignInFailure};

/// What a token request gave.
#[derive(Clone)]
pub struct TokenSet {
    pub access_token: String,
    pub expires_at: DateTime<Utc>,
    pub refresh_token: Option<String>,
    /// `preferred_username` of the ID token, when there was one.
    pub account: Option<String>,
    /// `tid` of the ID token, when there was one.
    pub tenant_id: Option<String>,
}

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("expires_at", &self.expires_at)
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "<redacted>"))
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

/// How the application proves itself in a client-credentials request.
pub enum AppCredential {
    Secret(String),
    /// PKCS#8 PEM private key and the DER certificate it belongs to.
    Certificate {
        private_key_pem: String,
        certificate_der: Vec<u8>,
    },
}

/// What a sign-in shows the person: the browser to open, the device code to enter.
pub trait SignInPrompt: Send + Sync {
    /// Opens the system browser at `url` (the person completes the sign-in there).
    fn open_browser(&self, url: &str) -> std::result::Result<(), String>;
    /// Shows the device code and where to enter it.
    fn show_device_code(&self, user_code: &str, verification_uri: &str, expires_in: Duration);
}

/// The authority's discovery document, and the tenant GUID when it can be told from it.
pub struct Provider {
    pub metadata: CoreProviderMetadata,
    pub device_authorization_endpoint: Option<String>,
    pub tenant_id: Option<String>,
}

fn is_guid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok() && s.len() == 36
}

/// Whether the discovered `issuer` is the authority's, allowing for Entra's traps (reference
/// §1.6): the `/organizations`-style template `{tenantid}`, and a domain authority whose document
/// names the tenant by GUID. Returns the tenant GUID when one is known.
fn issuer_matches(authority: &str, issuer: &str) -> std::result::Result<Option<String>, ()> {
    let (a, i) = (authority.trim_end_matches('/'), issuer.trim_end_matches('/'));
    let segments = |u: &str| u.split('/').map(str::to_owned).collect::<Vec<_>>();
    let (sa, si) = (segments(a), segments(i));
    if a == i {
        return Ok(sa.iter().find(|s| is_guid(s)).cloned());
    }
    if sa.len() != si.len() {
        return Err(());
    }
    let differing: Vec<usize> = (0..sa.len()).filter(|&k| sa[k] != si[k]).collect();
    match differing.as_slice() {
        [k] if si[*k] == "{tenantid}" => Ok(None),
        [k] if is_guid(&si[*k]) && *k >= 3 => Ok(Some(si[*k].clone())),
        _ => Err(()),
    }
}

/// Reads `<authority>/.well-known/openid-configuration`.
pub async fn discover(http: &Http, authority: &str) -> Result<Provider> {
    let url = format!("{}/.well-known/openid-configuration", authority.trim_end_matches('/'));
    let reply = check(http.send("the Entra ID authority", |c| c.get(&url)).await?, "the Entra ID authority")?;
    let raw: serde_json::Value = json(&reply, "the Entra ID authority's discovery document")?;
    let metadata: CoreProviderMetadata = serde_json::from_value(raw.clone()).map_err(|e| Error::Discovery {
        kind: DiscoveryFailure::InvalidDocument,
        message: format!("the discovery document at {url} is invalid: {e}"),
    })?;
    let issuer = metadata.issuer().as_str().to_owned();
    let tenant_id = issuer_matches(authority, &issuer).map_err(|()| Error::Discovery {
        kind: DiscoveryFailure::IssuerMismatch,
        message: format!("the authority {authority} says its issuer is \"{issuer}\"; tokens would not be its own"),
    })?;
    if metadata.token_endpoint().is_none() {
        return Err(Error::Discovery {
            kind: DiscoveryFailure::MissingEndpoints,
            message: format!("the discovery document at {url} has no token_endpoint"),
        });
    }
    let device_authorization_endpoint =
        raw.get("device_authorization_endpoint").and_then(|v| v.as_str()).map(str::to_owned);
    Ok(Provider { metadata, device_authorization_endpoint, tenant_id })
}

type Client = openidconnect::Client<
    openidconnect::EmptyAdditionalClaims,
    openidconnect::core::CoreAuthDisplay,
    openidconnect::core::CoreGenderClaim,
    openidconnect::core::CoreJweContentEncryptionAlgorithm,
    openidconnect::core::CoreJsonWebKey,
    openidconnect::core::CoreAuthPrompt,
    openidconnect::StandardErrorResponse<CoreErrorResponseType>,
    openidconnect::core::CoreTokenResponse,
    openidconnect::core::CoreTokenIntrospectionResponse,
    openidconnect::core::CoreRevocableToken,
    openidconnect::core::CoreRevocationErrorResponse,
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

fn client(provider: &Provider, connection: &Connection, secret: Option<&str>) -> Client {
    CoreClient::from_provider_metadata(
        provider.metadata.clone(),
        ClientId::new(connection.client_id.clone()),
        secret.map(|s| ClientSecret::new(s.to_owned())),
    )
    .set_auth_type(AuthType::RequestBody)
}

/// The claims of an ID token the app reads for display (who signed in, which tenant). The token
/// came straight from the token endpoint over TLS, which OpenID Connect Core §3.1.3.7 accepts in
/// place of checking its signature; nothing is authorized on these claims.
fn id_token_claims(id_token: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(payload) = id_token.and_then(|t| t.split('.').nth(1)) else { return (None, None) };
    let Ok(bytes) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')) else {
        return (None, None);
    };
    let Ok(claims) = serde_json::from_slice::<serde_json::Value>(&bytes) else { return (None, None) };
    let text = |k: &str| claims.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    (text("preferred_username").or_else(|| text("email")).or_else(|| text("sub")), text("tid"))
}

fn token_set(response: &openidconnect::core::CoreTokenResponse, now: DateTime<Utc>) -> TokenSet {
    use openidconnect::TokenResponse;
    let lifetime = response.expires_in().unwrap_or(Duration::from_secs(3600));
    let id_token = response.id_token().map(|t| t.to_string());
    let (account, tenant_id) = id_token_claims(id_token.as_deref());
    TokenSet {
        access_token: response.access_token().secret().clone(),
        expires_at: now + chrono::Duration::from_std(lifetime).unwrap_or(chrono::Duration::hours(1)),
        refresh_token: response.refresh_token().map(|t| t.secret().clone()),
        account,
        tenant_id,
    }
}

/// Sorts a token-endpoint failure. A refused refresh (`invalid_grant`) means sign in again.
fn token_error<RE: openidconnect::ErrorResponse + 'static>(
    connection: &Connection,
    e: RequestTokenError<OauthHttpError, RE>,
    error_code: impl Fn(&RE) -> (String, Option<String>),
) -> Error {
    match e {
        RequestTokenError::ServerResponse(r) => {
            let (code, description) = error_code(&r);
            let detail = match description {
                Some(d) => format!("{code}: {d}"),
                None => code.clone(),
            };
            match code.as_str() {
                "invalid_grant" | "interaction_required" | "login_required" | "consent_required" => {
                    Error::SigninRequired {
                        connection: connection.name.clone(),
                        reason: format!("Entra ID refused the refresh token: {detail}"),
                    }
                }
                "invalid_client" | "unauthorized_client" => Error::SignIn {
                    kind: SignInFailure::InvalidClient,
                    message: format!(
                        "Entra ID refused the application's credential for \"{}\": {detail}",
                        connection.name
                    ),
                },
                "access_denied" | "authorization_declined" => Error::SignIn {
                    kind: SignInFailure::AccessDenied,
                    message: format!("the sign-in to \"{}\" was declined ({detail})", connection.name),
                },
                "expired_token" => Error::SignIn {
                    kind: SignInFailure::Expired,
                    message: format!(
                        "the device code for \"{}\" expired before it was entered; start again",
                        connection.name
                    ),
                },
                _ => Error::SignIn {
                    kind: SignInFailure::Refused,
                    message: format!("Entra ID refused the token request: {detail}"),
                },
            }
        }
        RequestTokenError::Request(e) => fail(e.kind, e.message),
        RequestTokenError::Parse(e, _) => {
            fail(RemoteFailure::BadResponse, format!("Entra ID's token reply cannot be read: {e}"))
        }
        RequestTokenError::Other(m) if m.to_ascii_lowercase().contains("expired") => Error::SignIn {
            kind: SignInFailure::Expired,
            message: format!("the device code for \"{}\" expired before it was entered; start again", connection.name),
        },
        RequestTokenError::Other(m) => fail(RemoteFailure::BadResponse, m),
    }
}

fn standard_error(r: &openidconnect::StandardErrorResponse<CoreErrorResponseType>) -> (String, Option<String>) {
    (r.error().as_ref().to_owned(), r.error_description().cloned())
}

/// Swaps a refresh token for an access token of one resource scope (and, often, a new refresh
/// token: Entra rotates them).
pub async fn refresh(
    http: &Http,
    provider: &Provider,
    connection: &Connection,
    refresh_token: &str,
    scope: &str,
    now: DateTime<Utc>,
) -> Result<TokenSet> {
    let client = client(provider, connection, None);
    let token = RefreshToken::new(refresh_token.to_owned());
    let request = client
        .exchange_refresh_token(&token)
        .map_err(|e| fail(RemoteFailure::BadResponse, e.to_string()))?
        .add_scope(Scope::new(scope.to_owned()))
        .add_scope(Scope::new("offline_access".into()));
    let response =
        request.request_async(&http.oauth()).await.map_err(|e| token_error(connection, e, standard_error))?;
    let mut tokens = token_set(&response, now);
    if tokens.refresh_token.is_none() {
        tokens.refresh_token = Some(refresh_token.to_owned());
    }
    Ok(tokens)
}

/// The `private_key_jwt` client assertion (reference §1.4, E-CERT): PS256, `x5t#S256` and `x5t`
/// of the certificate, `aud` the token endpoint, `iss` = `sub` = the client id, ten minutes.
pub fn client_assertion(
    client_id: &str,
    token_endpoint: &str,
    private_key_pem: &str,
    certificate_der: &[u8],
    now: DateTime<Utc>,
) -> Result<String> {
    use sha1::Digest as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::PS256);
    header.typ = Some("JWT".into());
    header.x5t = Some(b64.encode(sha1::Sha1::digest(certificate_der)));
    header.x5t_s256 = Some(b64.encode(sha2::Sha256::digest(certificate_der)));
    let iat = now.timestamp();
    let claims = serde_json::json!({
        "aud": token_endpoint,
        "iss": client_id,
        "sub": client_id,
        "jti": uuid::Uuid::new_v4().to_string(),
        "iat": iat,
        "nbf": iat,
        "exp": iat + 600,
    });
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(private_key_pem.as_bytes())
        .map_err(|e| Error::Keyring(format!("the connection's private key cannot sign: {e}")))?;
    jsonwebtoken::encode(&header, &claims, &key)
        .map_err(|e| Error::Keyring(format!("cannot sign the client assertion: {e}")))
}

/// Client credentials for one resource (`<resource>/.default`), with a secret or a certificate.
pub async fn app_token(
    http: &Http,
    provider: &Provider,
    connection: &Connection,
    credential: &AppCredential,
    scope: &str,
    now: DateTime<Utc>,
) -> Result<TokenSet> {
    let secret = match credential {
        AppCredential::Secret(s) => Some(s.as_str()),
        AppCredential::Certificate { .. } => None,
    };
    let client = client(provider, connection, secret);
    let mut request = client
        .exchange_client_credentials()
        .map_err(|e| fail(RemoteFailure::BadResponse, e.to_string()))?
        .add_scope(Scope::new(scope.to_owned()));
    if let AppCredential::Certificate { private_key_pem, certificate_der } = credential {
        let endpoint = provider.metadata.token_endpoint().map(|u| u.as_str().to_owned()).unwrap_or_default();
        let assertion = client_assertion(&connection.client_id, &endpoint, private_key_pem, certificate_der, now)?;
        request = request
            .add_extra_param("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            .add_extra_param("client_assertion", assertion);
    }
    let response =
        request.request_async(&http.oauth()).await.map_err(|e| token_error(connection, e, standard_error))?;
    Ok(token_set(&response, now))
}

/// What a delegated sign-in asks for: an ID token, a refresh token, and consent for every
/// resource at once (the token request itself gets the first resource's token; the others come
/// by refreshing, one resource per request as Entra requires).
fn delegated_scopes(resource_scopes: &[String]) -> Vec<Scope> {
    ["openid", "profile", "offline_access"]
        .into_iter()
        .map(str::to_owned)
        .chain(resource_scopes.iter().cloned())
        .map(Scope::new)
        .collect()
}

/// Authorization code + PKCE with the system browser and a loopback redirect on a random port
/// (`http://localhost:<port>/`; Entra ignores the port of localhost redirects, reference §1.2).
/// Waits up to `timeout` for the browser to come back, or until `cancel` is notified.
#[allow(clippy::too_many_arguments)] // one call site; each argument is a different thing
pub async fn sign_in_interactive(
    http: &Http,
    provider: &Provider,
    connection: &Connection,
    resource_scopes: &[String],
    prompt: &dyn SignInPrompt,
    timeout: Duration,
    cancel: Arc<Notify>,
    now: impl Fn() -> DateTime<Utc>,
) -> Result<TokenSet> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.map_err(|e| {
        fail(RemoteFailure::Unreachable, format!("cannot listen on a loopback port for the sign-in reply: {e}"))
    })?;
    let port = listener.local_addr().map_err(|e| fail(RemoteFailure::Unreachable, e.to_string()))?.port();
    let redirect = format!("http://localhost:{port}/");
    let client = client(provider, connection, None)
        .set_redirect_uri(RedirectUrl::new(redirect).map_err(|e| fail(RemoteFailure::BadResponse, e.to_string()))?);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut authorize = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .set_pkce_challenge(challenge)
        .add_extra_param("response_mode", "query");
    for scope in delegated_scopes(resource_scopes) {
        authorize = authorize.add_scope(scope);
    }
    let (url, state, _nonce) = authorize.url();
    prompt.open_browser(url.as_str()).map_err(|e| Error::SignIn {
        kind: SignInFailure::Refused,
        message: format!("cannot open the browser for the sign-in ({e}); open this address yourself: {url}"),
    })?;
    let reply = tokio::select! {
        reply = wait_for_redirect(&listener, state.secret()) => reply?,
        _ = tokio::time::sleep(timeout) => return Err(Error::SignIn {
            kind: SignInFailure::Timeout,
            message: format!("the browser did not come back with a sign-in to \"{}\" within {} seconds", connection.name, timeout.as_secs()),
        }),
        _ = cancel.notified() => return Err(Error::Cancelled),
    };
    let code = match reply {
        Redirect::Code(code) => code,
        Redirect::Error { error, description } => {
            let kind = if error == "access_denied" { SignInFailure::AccessDenied } else { SignInFailure::Refused };
            let detail = description.map(|d| format!(": {d}")).unwrap_or_default();
            return Err(Error::SignIn {
                kind,
                message: format!("the sign-in to \"{}\" was refused ({error}{detail})", connection.name),
            });
        }
    };
    let response = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| fail(RemoteFailure::BadResponse, e.to_string()))?
        .set_pkce_verifier(verifier)
        .request_async(&http.oauth())
        .await
        .map_err(|e| token_error(connection, e, standard_error))?;
    Ok(token_set(&response, now()))
}

/// Answers the browser with a short page and closes the connection.
async fn answer(stream: &mut tokio::net::TcpStream, status: &str, text: &str) {
    let body = format!(
        "<!doctype html><meta charset=utf-8><title>Portal Admin Center</title><p style=\"font-family:sans-serif\">{text}</p>"
    );
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}

enum Redirect {
    Code(String),
    Error { error: String, description: Option<String> },
}

/// Serves the loopback redirect until a request carries our `state` with a code or an error.
/// Other requests (a favicon, a reply with someone else's state) are answered and ignored.
async fn wait_for_redirect(listener: &tokio::net::TcpListener, state: &str) -> Result<Redirect> {
    loop {
        let Ok((mut stream, _)) = listener.accept().await else { continue };
        let mut head = Vec::new();
        let mut buf = [0u8; 2048];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
            match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf)).await {
                Ok(Ok(n)) if n > 0 => head.extend_from_slice(&buf[..n]),
                _ => break,
            }
        }
        let line = String::from_utf8_lossy(&head).lines().next().unwrap_or_default().to_owned();
        let target = line.split_whitespace().nth(1).unwrap_or("/");
        let query = url::Url::parse(&format!("http://localhost{target}")).ok();
        let params: std::collections::HashMap<String, String> =
            query.map(|u| u.query_pairs().into_owned().collect()).unwrap_or_default();
        if params.get("state").map(String::as_str) != Some(state) {
            answer(&mut stream, "404 Not Found", "This is not the sign-in this app is waiting for.").await;
            continue;
        }
        if let Some(error) = params.get("error") {
            answer(&mut stream, "200 OK", "The sign-in was not completed. You can close this window.").await;
            return Ok(Redirect::Error { error: error.clone(), description: params.get("error_description").cloned() });
        }
        if let Some(code) = params.get("code") {
            answer(&mut stream, "200 OK", "Signed in. You can close this window and return to Portal Admin Center.")
                .await;
            return Ok(Redirect::Code(code.clone()));
        }
        answer(&mut stream, "400 Bad Request", "The reply carries neither a code nor an error.").await;
    }
}

/// The device code flow (reference §1.3): shows the code and the address, then polls at the
/// server's interval (`authorization_pending` and `slow_down` handled by openidconnect) until the
/// person completes it, declines, the code expires, or `cancel` is notified.
pub async fn sign_in_device_code(
    http: &Http,
    provider: &Provider,
    connection: &Connection,
    resource_scopes: &[String],
    prompt: &dyn SignInPrompt,
    cancel: Arc<Notify>,
    now: impl Fn() -> DateTime<Utc>,
) -> Result<TokenSet> {
    let endpoint = provider.device_authorization_endpoint.clone().unwrap_or_else(|| {
        // Entra's documented path beside the token endpoint (…/oauth2/v2.0/devicecode).
        let token = provider.metadata.token_endpoint().map(|u| u.as_str().to_owned()).unwrap_or_default();
        format!("{}/devicecode", token.trim_end_matches("/token"))
    });
    let client = client(provider, connection, None).set_device_authorization_url(
        DeviceAuthorizationUrl::new(endpoint).map_err(|e| fail(RemoteFailure::BadResponse, e.to_string()))?,
    );
    let mut request = client.exchange_device_code();
    for scope in delegated_scopes(resource_scopes) {
        request = request.add_scope(scope);
    }
    let details: openidconnect::core::CoreDeviceAuthorizationResponse =
        request.request_async(&http.oauth()).await.map_err(|e| token_error(connection, e, standard_error))?;
    prompt.show_device_code(details.user_code().secret(), details.verification_uri().as_str(), details.expires_in());
    let oauth = http.oauth();
    let poll = client
        .exchange_device_access_token(&details)
        .map_err(|e| fail(RemoteFailure::BadResponse, e.to_string()))?
        .request_async(&oauth, tokio::time::sleep, None);
    let response = tokio::select! {
        response = poll => response.map_err(|e| token_error(connection, e, |r: &openidconnect::DeviceCodeErrorResponse| {
            (serde_json::to_value(r.error()).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_else(|| r.error().to_string()), r.error_description().cloned())
        }))?,
        _ = cancel.notified() => return Err(Error::Cancelled),
    };
    Ok(token_set(&response, now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUID: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    #[test]
    fn the_issuer_may_name_the_tenant_by_guid_or_template_but_not_another_host_or_path() {
        let domain = "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0";
        let by_guid = format!("https://login.microsoftonline.com/{GUID}/v2.0");
        assert_eq!(issuer_matches(&by_guid, &by_guid), Ok(Some(GUID.to_owned())));
        assert_eq!(issuer_matches(domain, &by_guid), Ok(Some(GUID.to_owned())), "a domain authority names its GUID");
        assert_eq!(
            issuer_matches(
                "https://login.microsoftonline.com/organizations/v2.0",
                "https://login.microsoftonline.com/{tenantid}/v2.0"
            ),
            Ok(None),
            "the /organizations template"
        );
        assert_eq!(issuer_matches(domain, &format!("https://evil.example.com/{GUID}/v2.0")), Err(()));
        assert_eq!(issuer_matches(domain, "https://login.microsoftonline.com/fabrikam.com/v2.0"), Err(()));
        assert_eq!(issuer_matches(domain, &format!("https://login.microsoftonline.com/{GUID}/v1.0")), Err(()));
    }

    #[test]
    fn the_id_token_gives_who_signed_in_and_the_tenant_without_trusting_it_for_more() {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let payload =
            b64.encode(serde_json::json!({"preferred_username": "alice@contoso.com", "tid": GUID}).to_string());
        let token = format!("e30.{payload}.sig");
        assert_eq!(id_token_claims(Some(&token)), (Some("alice@contoso.com".into()), Some(GUID.into())));
        assert_eq!(id_token_claims(Some("not a jwt")), (None, None));
        assert_eq!(id_token_claims(None), (None, None));
    }
}
