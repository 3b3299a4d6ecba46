//! The one HTTP client every connector uses, hardened because network replies are input: a
//! timeout on every call, a cap on every body, no redirect from `https` to `http`, `429`/`503`
//! waited out per `Retry-After` within a bound, and failures sorted into [`RemoteFailure`]s.
//!
//! It also serves `openidconnect` (through [`Http::oauth`]), so one reqwest carries everything.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{Error, RemoteFailure, Result};

/// How patient and how trusting a client is.
#[derive(Debug, Clone)]
pub struct HttpLimits {
    /// The whole call, body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Largest body read; a longer one is refused (not truncated).
    pub max_body: usize,
    /// How many times a `429`/`503` is waited out before giving up.
    pub max_retries: u32,
    /// Longest single wait a `Retry-After` may ask for; a longer one gives up at once.
    pub max_wait: Duration,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_body: 32 * 1024 * 1024,
            max_retries: 4,
            max_wait: Duration::from_secs(120),
        }
    }
}

/// A reply read in full (within the cap).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The hardened client.
#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    /// For `openidconnect`, which must see redirects itself (it follows none).
    no_redirects: reqwest::Client,
    limits: HttpLimits,
}

#[derive(Debug, thiserror::Error)]
#[error("refused a redirect from https to {0}")]
struct InsecureRedirect(String);

pub(crate) fn fail(kind: RemoteFailure, message: impl Into<String>) -> Error {
    Error::Remote { kind, message: message.into() }
}

impl Http {
    pub fn new(limits: HttpLimits) -> Result<Self> {
        let build = |policy: reqwest::redirect::Policy| {
            reqwest::Client::builder()
                .timeout(limits.timeout)
                .connect_timeout(limits.connect_timeout)
                .user_agent(concat!("PortalAdminCenter/", env!("CARGO_PKG_VERSION")))
                .redirect(policy)
                .build()
                .map_err(|e| fail(RemoteFailure::Unreachable, format!("cannot start an HTTP client: {e}")))
        };
        let policy = reqwest::redirect::Policy::custom(|attempt| {
            let from_https = attempt.previous().iter().any(|u| u.scheme() == "https");
            if attempt.url().scheme() != "https" && (from_https || attempt.url().scheme() != "http") {
                let to = attempt.url().to_string();
                attempt.error(InsecureRedirect(to))
            } else if attempt.previous().len() >= 5 {
                attempt.stop()
            } else {
                attempt.follow()
            }
        });
        Ok(Self { client: build(policy)?, no_redirects: build(reqwest::redirect::Policy::none())?, limits })
    }

    pub fn limits(&self) -> &HttpLimits {
        &self.limits
    }

    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Sends the request `build` makes, waiting out `429`/`503` per `Retry-After` (a fresh request
    /// each time), and reads the body within the cap. Any status comes back as a [`Reply`];
    /// [`Reply`] errors are the caller's to sort (see [`check`]).
    pub async fn send(&self, what: &str, build: impl Fn(&reqwest::Client) -> RequestBuilder) -> Result<Reply> {
        let mut attempt = 0;
        loop {
            let request = build(&self.client)
                .build()
                .map_err(|e| fail(RemoteFailure::BadResponse, format!("cannot build the request for {what}: {e}")))?;
            let url = request.url().clone();
            let response = self.client.execute(request).await.map_err(|e| classify(what, &url, &e, &self.limits))?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = read_capped(response, what, &url, &self.limits).await?;
            if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE {
                let wait = retry_after(&headers).unwrap_or(Duration::from_secs(2u64.pow(attempt.min(5))));
                if attempt >= self.limits.max_retries || wait > self.limits.max_wait {
                    return Err(fail(
                        RemoteFailure::Throttled,
                        format!(
                            "{what} is throttling requests (HTTP {}, asked to wait {} s after {} tries); try again later",
                            status.as_u16(),
                            wait.as_secs_f64().ceil(),
                            attempt + 1
                        ),
                    ));
                }
                tracing::info!(%url, status = status.as_u16(), wait_ms = wait.as_millis() as u64, "waiting out a throttle");
                tokio::time::sleep(wait).await;
                attempt += 1;
                continue;
            }
            return Ok(Reply { status, headers, body });
        }
    }

    /// `openidconnect`'s HTTP client over this one: the same timeouts and body cap, redirects not
    /// followed (as openidconnect requires).
    pub fn oauth(
        &self,
    ) -> impl Fn(
        openidconnect::HttpRequest,
    )
        -> Pin<Box<dyn Future<Output = std::result::Result<openidconnect::HttpResponse, OauthHttpError>> + Send>>
           + Clone
           + Send
           + Sync {
        let client = self.no_redirects.clone();
        let limits = self.limits.clone();
        move |request: openidconnect::HttpRequest| {
            let client = client.clone();
            let limits = limits.clone();
            Box::pin(async move {
                let request = reqwest::Request::try_from(request).map_err(bad)?;
                let url = request.url().clone();
                let response = client
                    .execute(request)
                    .await
                    .map_err(|e| OauthHttpError::from(classify("the identity provider", &url, &e, &limits)))?;
                let mut builder = openidconnect::http::Response::builder().status(response.status().as_u16());
                for (name, value) in response.headers() {
                    builder = builder.header(name.as_str(), value.as_bytes());
                }
                let body = read_capped(response, "the identity provider", &url, &limits).await?;
                builder.body(body).map_err(bad)
            })
        }
    }
}

/// A transport failure under `openidconnect`, already sorted.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct OauthHttpError {
    pub kind: RemoteFailure,
    pub message: String,
}

impl From<Error> for OauthHttpError {
    fn from(e: Error) -> Self {
        match e {
            Error::Remote { kind, message } => Self { kind, message },
            other => Self { kind: RemoteFailure::BadResponse, message: other.to_string() },
        }
    }
}

fn bad(e: impl std::fmt::Display) -> OauthHttpError {
    OauthHttpError { kind: RemoteFailure::BadResponse, message: e.to_string() }
}

/// Reads a body chunk by chunk and refuses it once it passes the cap.
async fn read_capped(
    mut response: reqwest::Response,
    what: &str,
    url: &url::Url,
    limits: &HttpLimits,
) -> Result<Vec<u8>> {
    let too_large = || {
        fail(
            RemoteFailure::TooLarge,
            format!("{what} answered {url} with more than {} MB; refused", limits.max_body / (1024 * 1024)),
        )
    };
    if response.content_length().is_some_and(|n| n > limits.max_body as u64) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| classify(what, url, &e, limits))? {
        if body.len() + chunk.len() > limits.max_body {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `Retry-After` as seconds (Graph sends fractions, e.g. `2.128`) or an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(86_400.0)));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?.to_utc();
    Some((at - chrono::Utc::now()).to_std().unwrap_or(Duration::ZERO))
}

/// Every message in an error's chain.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.dedup();
    parts.join(": ")
}

fn classify(what: &str, url: &url::Url, e: &reqwest::Error, limits: &HttpLimits) -> Error {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(redirect) = s.downcast_ref::<InsecureRedirect>() {
            return fail(RemoteFailure::InsecureRedirect, format!("{what} ({url}) {redirect}; nothing was sent there"));
        }
        source = s.source();
    }
    let detail = chain(e);
    let lower = detail.to_ascii_lowercase();
    let host = url.host_str().unwrap_or("?");
    if e.is_timeout() {
        fail(
            RemoteFailure::Timeout,
            format!("{what} ({host}) did not answer within {} seconds", limits.timeout.as_secs()),
        )
    } else if ["certificate", "tls", "handshake", "unknownissuer"].iter().any(|k| lower.contains(k)) {
        fail(RemoteFailure::Tls, format!("the TLS connection to {host} failed: {detail}"))
    } else if e.is_body() || e.is_decode() || lower.contains("closed before message completed") {
        fail(RemoteFailure::BadResponse, format!("{what} ({host}) broke off its answer: {detail}"))
    } else {
        fail(RemoteFailure::Unreachable, format!("cannot reach {what} at {host}: {detail}"))
    }
}

/// The `{"error": {"code", "message"}}` body that Graph, Dataverse and the Power Platform API
/// send, in one line (or the start of whatever else was sent).
pub fn error_text(body: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct Outer {
        error: serde_json::Value,
        error_description: Option<String>,
    }
    if let Ok(outer) = serde_json::from_slice::<Outer>(body) {
        match outer.error {
            serde_json::Value::Object(inner) => {
                let code = inner.get("code").and_then(|c| c.as_str()).unwrap_or_default();
                let message = inner.get("message").and_then(|c| c.as_str()).unwrap_or_default();
                return match (code.is_empty(), message.is_empty()) {
                    (false, false) => format!("{code}: {message}"),
                    (true, false) => message.to_owned(),
                    (false, true) => code.to_owned(),
                    (true, true) => "no details".to_owned(),
                };
            }
            serde_json::Value::String(code) => {
                return match outer.error_description {
                    Some(d) => format!("{code}: {d}"),
                    None => code,
                }
            }
            _ => {}
        }
    }
    let text = String::from_utf8_lossy(body);
    let text: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
    if text.trim().is_empty() {
        "no details".to_owned()
    } else {
        text
    }
}

/// Turns an error status into a specific failure; success comes back untouched. `401` is the
/// caller's (it refreshes the token first), so it is reported as a plain service error here.
pub fn check(reply: Reply, what: &str) -> Result<Reply> {
    let status = reply.status;
    if status.is_success() {
        return Ok(reply);
    }
    let detail = error_text(&reply.body);
    let kind = match status {
        StatusCode::FORBIDDEN => RemoteFailure::Forbidden,
        StatusCode::NOT_FOUND => RemoteFailure::NotFound,
        _ => RemoteFailure::ServiceError,
    };
    Err(fail(kind, format!("{what} answered HTTP {}: {detail}", status.as_u16())))
}

/// Parses a JSON body into `T`; malformed JSON and unexpected shapes say where.
pub fn json<T: DeserializeOwned>(reply: &Reply, what: &str) -> Result<T> {
    serde_json::from_slice(&reply.body)
        .map_err(|e| fail(RemoteFailure::BadResponse, format!("{what} sent a reply that cannot be read: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_fractional_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert(reqwest::header::RETRY_AFTER, "2.128".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_millis(2128)));
        h.insert(reqwest::header::RETRY_AFTER, "-1".parse().unwrap());
        assert_eq!(retry_after(&h), None);
        let later = (chrono::Utc::now() + chrono::Duration::seconds(30)).to_rfc2822();
        h.insert(reqwest::header::RETRY_AFTER, later.parse().unwrap());
        assert!(retry_after(&h).unwrap() > Duration::from_secs(25));
    }

    #[test]
    fn error_bodies_of_every_service_shape_read_as_one_line() {
        assert_eq!(
            error_text(br#"{"error":{"code":"Request_ResourceNotFound","message":"Resource 'x' does not exist"}}"#),
            "Request_ResourceNotFound: Resource 'x' does not exist"
        );
        assert_eq!(
            error_text(br#"{"error":{"code":"","message":"The version doesn't match"}}"#),
            "The version doesn't match"
        );
        assert_eq!(
            error_text(br#"{"error":"invalid_grant","error_description":"grant expired"}"#),
            "invalid_grant: grant expired"
        );
        assert_eq!(error_text(b"<html>\n<b>Bad gateway</b>"), "<html><b>Bad gateway</b>");
        assert_eq!(error_text(b""), "no details");
    }
}
