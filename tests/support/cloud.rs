//! A loopback stand-in for Microsoft Graph (application key credentials), the Dataverse global
//! discovery service and the Power Pages admin API, written from the shapes in
//! `shared/reference/microsoft-cloud.md` §3–§4. Each service listens on its own port, so tokens
//! are per resource as with Microsoft; every request's bearer token is checked by introspection
//! at the test OpenID provider (active, and carrying this service's scope).
//!
//! Faults are scripted per path (401, 429 with `Retry-After`, 500, slow, truncated, malformed
//! JSON); every request is logged so tests can count them. Shared by the core's and the CLI's
//! tests through `#[path]`.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine;
use serde_json::{json, Value};

pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
pub const APP_SEVERAL: &str = "0b8f7c1e-2a3d-4e5f-8a9b-1c2d3e4f5a6b";
pub const APP_NONE: &str = "1c9a8d2f-3b4e-4f60-9b0c-2d3e4f5a6b7c";
pub const APP_NO_KEY_FIELD: &str = "2dab9e30-4c5f-4071-8c1d-3e4f5a6b7c8d";
/// The public client's id: a GUID, as Entra's are.
pub const PUBLIC_ID: &str = "0a0a0a0a-0000-4000-8000-00000000a990";
pub const APP_SECRET_ID: &str = "0b0b0b0b-0000-4000-8000-00000000a991";
pub const APP_CERT_ID: &str = "0c0c0c0c-0000-4000-8000-00000000a992";

/// One key credential of an application.
#[derive(Clone, Debug)]
pub struct Credential {
    pub key_id: String,
    pub display_name: String,
    /// base64 DER, or `None` to model Graph omitting `key`.
    pub key: Option<String>,
    pub custom_key_identifier: String,
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug)]
pub struct Application {
    pub object_id: String,
    pub app_id: String,
    pub display_name: String,
    pub credentials: Vec<Credential>,
}

#[derive(Clone, Debug)]
pub struct Environment {
    pub id: String,
    pub name: String,
    pub url: String,
}

#[derive(Clone, Debug)]
pub struct Website {
    pub id: String,
    pub record_id: String,
    pub name: String,
    pub url: String,
    pub environment_id: String,
    pub app_id: String,
    pub data_model: &'static str,
    pub site_type: &'static str,
    pub status: String,
}

/// A scripted misbehaviour, consumed by the next request whose path contains `path`.
#[derive(Clone, Debug)]
pub enum Fault {
    Status(u16, Option<&'static str>),
    Slow(Duration),
    Truncated,
    Malformed,
}

#[derive(Default)]
pub struct World {
    pub applications: Vec<Application>,
    pub environments: Vec<Environment>,
    pub websites: Vec<Website>,
    pub faults: Vec<(String, Fault)>,
    /// (service, method, path and query) of every request.
    pub log: Vec<(String, String, String)>,
    /// Websites per page of the admin API's list.
    pub page_size: usize,
    /// Operations: id → (website id, polls left before it ends, final status, action).
    operations: HashMap<String, (String, u32, String, String)>,
    graph_reads: VecDeque<Instant>,
    /// Tokens already introspected: token → scope.
    tokens: HashMap<String, (bool, String)>,
}

pub struct StandIn {
    pub world: Arc<Mutex<World>>,
    pub graph: String,
    pub powerplatform: String,
    pub discovery: String,
}

#[derive(Clone)]
struct Service {
    name: &'static str,
    base: String,
    world: Arc<Mutex<World>>,
    introspection: Arc<Mutex<Option<Introspection>>>,
    http: reqwest::Client,
}

/// Where and how the stand-in checks tokens.
#[derive(Clone, Debug)]
pub struct Introspection {
    pub url: String,
    pub client_id: String,
    pub client_secret: String,
}

impl StandIn {
    /// Starts the three services on loopback (on the caller's tokio runtime).
    pub async fn start() -> (StandIn, Arc<Mutex<Option<Introspection>>>) {
        let world = Arc::new(Mutex::new(World { page_size: 50, ..Default::default() }));
        let introspection = Arc::new(Mutex::new(None));
        let mut bases = Vec::new();
        for name in ["graph", "powerplatform", "discovery"] {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
            let service = Service {
                name,
                base: base.clone(),
                world: world.clone(),
                introspection: introspection.clone(),
                http: reqwest::Client::new(),
            };
            let app = Router::new().fallback(handle).with_state(service);
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            bases.push(base);
        }
        (
            StandIn { world, graph: bases[0].clone(), powerplatform: bases[1].clone(), discovery: bases[2].clone() },
            introspection,
        )
    }

    /// The scopes the services accept (delegated and application forms).
    pub fn scopes(&self) -> Vec<String> {
        vec![
            format!("{}/Application.Read.All", self.graph),
            format!("{}/.default", self.graph),
            format!("{}/.default", self.powerplatform),
            format!("{}/user_impersonation", self.discovery),
        ]
    }

    pub fn fault(&self, path: &str, fault: Fault) {
        self.world.lock().unwrap().faults.push((path.to_owned(), fault));
    }

    /// Requests so far whose service is `service` (or all with `None`).
    pub fn requests(&self, service: Option<&str>) -> Vec<(String, String, String)> {
        self.world.lock().unwrap().log.iter().filter(|(s, _, _)| service.is_none_or(|w| w == s)).cloned().collect()
    }

    pub fn clear_log(&self) {
        self.world.lock().unwrap().log.clear();
    }
}

fn json_reply(status: StatusCode, body: Value) -> Response {
    (status, [("content-type", "application/json")], body.to_string()).into_response()
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    json_reply(status, json!({"error": {"code": code, "message": message}}))
}

async fn authorized(s: &Service, headers: &HeaderMap) -> bool {
    let Some(token) = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned)
    else {
        return false;
    };
    let cached = s.world.lock().unwrap().tokens.get(&token).cloned();
    let (active, scope) = match cached {
        Some(c) => c,
        None => {
            let Some(i) = s.introspection.lock().unwrap().clone() else { return false };
            let form = url::form_urlencoded::Serializer::new(String::new()).append_pair("token", &token).finish();
            let reply = s
                .http
                .post(&i.url)
                .basic_auth(&i.client_id, Some(&i.client_secret))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form)
                .send()
                .await;
            let Ok(reply) = reply else { return false };
            let body: Value =
                reply.bytes().await.ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or(Value::Null);
            let active = body["active"].as_bool().unwrap_or(false);
            let scope = body["scope"].as_str().unwrap_or_default().to_owned();
            s.world.lock().unwrap().tokens.insert(token.clone(), (active, scope.clone()));
            (active, scope)
        }
    };
    active && scope.split(' ').any(|sc| sc.starts_with(&format!("{}/", s.base)))
}

async fn handle(State(s): State<Service>, request: Request) -> Response {
    let method = request.method().clone();
    let uri = request.uri().clone();
    let path = uri.path().to_owned();
    let target = uri.path_and_query().map(|p| p.to_string()).unwrap_or_else(|| path.clone());
    let headers = request.headers().clone();
    let fault = {
        let mut w = s.world.lock().unwrap();
        w.log.push((s.name.to_owned(), method.to_string(), target.clone()));
        let at = w.faults.iter().position(|(p, _)| target.contains(p.as_str()));
        at.map(|i| w.faults.remove(i).1)
    };
    match fault {
        Some(Fault::Status(code, retry_after)) => {
            let status = StatusCode::from_u16(code).unwrap();
            let mut r = error(status, "Injected", "a scripted fault");
            if let Some(ra) = retry_after {
                r.headers_mut().insert("retry-after", ra.parse().unwrap());
            }
            return r;
        }
        Some(Fault::Slow(d)) => tokio::time::sleep(d).await,
        Some(Fault::Malformed) => {
            return (StatusCode::OK, [("content-type", "application/json")], "{\"value\": [ {\"broken\": ")
                .into_response()
        }
        Some(Fault::Truncated) => {
            let stream = futures_stream_truncated();
            let mut r = Response::new(Body::from_stream(stream));
            r.headers_mut().insert("content-type", "application/json".parse().unwrap());
            return r;
        }
        None => {}
    }
    if !authorized(&s, &headers).await {
        return error(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            "Access token is missing, invalid or not for this resource.",
        );
    }
    match s.name {
        "graph" => graph(&s, &method, &path),
        "discovery" => discovery(&s, &method, &path),
        _ => powerplatform(&s, &method, &path, uri.query().unwrap_or_default()),
    }
}

/// A body that sends the start of a JSON document, then fails the connection.
fn futures_stream_truncated() -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send {
    struct Truncated(u8);
    impl futures_core::Stream for Truncated {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            self.0 += 1;
            std::task::Poll::Ready(match self.0 {
                1 => Some(Ok(b"{\"value\": [".to_vec())),
                _ => Some(Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cut off"))),
            })
        }
    }
    Truncated(0)
}

fn graph(s: &Service, method: &Method, path: &str) -> Response {
    let mut w = s.world.lock().unwrap();
    let now = Instant::now();
    while w.graph_reads.front().is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60)) {
        w.graph_reads.pop_front();
    }
    if w.graph_reads.len() >= 150 {
        let mut r = error(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests", "Too many requests.");
        r.headers_mut().insert("retry-after", "2.5".parse().unwrap());
        return r;
    }
    w.graph_reads.push_back(now);
    let app_id = path
        .strip_prefix("/v1.0/applications(appId='")
        .and_then(|rest| rest.strip_suffix("')"))
        .map(|s| s.replace("%27", ""));
    if method != Method::GET || app_id.is_none() {
        return error(StatusCode::BAD_REQUEST, "BadRequest", "Unsupported request.");
    }
    let app_id = app_id.unwrap();
    let Some(app) = w.applications.iter().find(|a| a.app_id == app_id) else {
        return error(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &format!(
                "Resource '{app_id}' does not exist or one of its queried reference-property objects are not present."
            ),
        );
    };
    let creds: Vec<Value> = app
        .credentials
        .iter()
        .map(|c| {
            json!({
                "customKeyIdentifier": c.custom_key_identifier,
                "displayName": c.display_name,
                "endDateTime": c.end,
                "key": c.key,
                "keyId": c.key_id,
                "startDateTime": c.start,
                "type": "AsymmetricX509Cert",
                "usage": "Verify",
            })
        })
        .collect();
    json_reply(
        StatusCode::OK,
        json!({
            "@odata.context": format!("{}/v1.0/$metadata#applications(id,appId,displayName,keyCredentials)/$entity", s.base),
            "id": app.object_id,
            "appId": app.app_id,
            "displayName": app.display_name,
            "keyCredentials": creds,
        }),
    )
}

fn discovery(s: &Service, method: &Method, path: &str) -> Response {
    if method != Method::GET || path != "/api/discovery/v2.0/Instances" {
        return error(StatusCode::NOT_FOUND, "NotFound", "No such resource.");
    }
    let w = s.world.lock().unwrap();
    let value: Vec<Value> = w
        .environments
        .iter()
        .map(|e| {
            json!({
                "Id": format!("{}0", &e.id[..35]),
                "UniqueName": format!("org{}", &e.id[..8]),
                "UrlName": "contoso",
                "FriendlyName": e.name,
                "State": 0,
                "Version": "9.2.26044.165",
                "Url": e.url,
                "ApiUrl": format!("{}/api/data/v9.2", e.url),
                "LastUpdated": "2026-11-30T10:00:00Z",
                "EnvironmentId": e.id,
                "Region": "EMEA",
                "TenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
                "OrganizationType": 0,
                "Purpose": "",
                "IsUserSysAdmin": true,
                "TrialExpirationDate": null,
                "DatacenterId": "00000000-0000-0000-0000-000000000000",
            })
        })
        .collect();
    json_reply(
        StatusCode::OK,
        json!({"@odata.context": format!("{}/api/discovery/v2.0/$metadata#Instances", s.base), "value": value}),
    )
}

fn website_json(site: &Website, env: Option<&Environment>) -> Value {
    json!({
        "id": site.id,
        "name": site.name,
        "createdOn": "2025-01-15T08:00:00Z",
        "templateName": "DefaultPortalTemplate",
        "websiteUrl": site.url,
        "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "dataverseInstanceUrl": env.map(|e| e.url.clone()),
        "dataverseOrganizationId": "8b2f1c3d-0000-4000-8000-000000000001",
        "environmentId": site.environment_id,
        "environmentName": env.map(|e| e.name.clone()),
        "websiteRecordId": site.record_id,
        "subdomain": site.url.trim_start_matches("https://").split('.').next(),
        "customHostNames": [],
        "packageInstallStatus": "Installed",
        "packageVersion": "9.7.1.1",
        "type": site.site_type,
        "trialExpiringInDays": null,
        "suspendedWebsiteDeletingInDays": null,
        "isEarlyUpgradeEnabled": false,
        "isCustomErrorEnabled": false,
        "ownerId": "5b7e0000-0000-4000-8000-000000000002",
        "selectedBaseLanguage": 1033,
        "siteVisibility": "public",
        "status": site.status,
        "applicationUserAadAppId": site.app_id,
        "dataModel": site.data_model,
    })
}

fn powerplatform(s: &Service, method: &Method, path: &str, query: &str) -> Response {
    let mut w = s.world.lock().unwrap();
    if let Some(op) = path.strip_prefix("/operations/") {
        let Some((site_id, left, final_status, action)) = w.operations.get(op).cloned() else {
            return error(StatusCode::NOT_FOUND, "NotFound", "No such operation.");
        };
        let status = if left == 0 {
            if let Some(site) = w.websites.iter_mut().find(|x| x.id == site_id) {
                site.status =
                    if final_status == "Succeeded" { "OperationComplete".into() } else { "OperationFailed".into() };
            }
            final_status
        } else {
            w.operations.insert(op.to_owned(), (site_id, left - 1, final_status, action));
            "Running".into()
        };
        let mut r = json_reply(StatusCode::OK, json!({"id": op, "status": status}));
        r.headers_mut().insert("retry-after", "0.05".parse().unwrap());
        return r;
    }
    if !query.contains("api-version=2024-10-01") {
        return error(StatusCode::BAD_REQUEST, "InvalidApiVersion", "The api-version query parameter is required.");
    }
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method.clone(), parts.as_slice()) {
        (Method::GET, ["powerpages", "environments", env, "websites"]) => {
            let skip: usize =
                query.split('&').find_map(|kv| kv.strip_prefix("skip=")).and_then(|v| v.parse().ok()).unwrap_or(0);
            let environment = w.environments.iter().find(|e| e.id == *env).cloned();
            if environment.is_none() {
                return error(StatusCode::NOT_FOUND, "EnvironmentNotFound", "No such environment.");
            }
            let all: Vec<&Website> = w.websites.iter().filter(|x| x.environment_id == *env).collect();
            let page: Vec<Value> =
                all.iter().skip(skip).take(w.page_size).map(|x| website_json(x, environment.as_ref())).collect();
            let mut body = json!({"@odata.metadata": "https://api.powerplatform.com/powerpages/$metadata#websites", "value": page});
            if skip + w.page_size < all.len() {
                body["@odata.nextLink"] = json!(format!(
                    "{}/powerpages/environments/{env}/websites?api-version=2024-10-01&skip={}",
                    s.base,
                    skip + w.page_size
                ));
            }
            json_reply(StatusCode::OK, body)
        }
        (Method::GET, ["powerpages", "environments", env, "websites", id]) => {
            let environment = w.environments.iter().find(|e| e.id == *env).cloned();
            match w.websites.iter().find(|x| x.id == *id && x.environment_id == *env) {
                Some(site) => json_reply(StatusCode::OK, website_json(site, environment.as_ref())),
                None => error(StatusCode::NOT_FOUND, "WebsiteNotFound", "No such website."),
            }
        }
        (
            Method::POST,
            ["powerpages", "environments", env, "websites", id, action @ ("restart" | "start" | "stop")],
        ) => {
            let Some(site) = w.websites.iter_mut().find(|x| x.id == *id && x.environment_id == *env) else {
                return error(StatusCode::NOT_FOUND, "WebsiteNotFound", "No such website.");
            };
            site.status = "OperationInProgress".into();
            let op = format!("op-{}", uuid::Uuid::new_v4());
            w.operations.insert(op.clone(), (id.to_string(), 2, "Succeeded".into(), action.to_string()));
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::ACCEPTED;
            r.headers_mut().insert("operation-location", format!("{}/operations/{op}", s.base).parse().unwrap());
            r.headers_mut().insert("retry-after", "0.05".parse().unwrap());
            r
        }
        _ => error(StatusCode::NOT_FOUND, "NotFound", "No such resource."),
    }
}

/// The OpenID provider of tests/oidc/server.mjs; stops when dropped.
pub struct Oidc {
    child: std::process::Child,
    pub port: u16,
}

impl Oidc {
    pub fn start(env: &[(&str, String)]) -> Self {
        // The root crate's tests and the CLI's (one folder down) both use this.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let script = [root.join("tests/oidc/server.mjs"), root.join("../tests/oidc/server.mjs")]
            .into_iter()
            .find(|p| p.exists())
            .expect("tests/oidc/server.mjs");
        let mut child = std::process::Command::new("node")
            .arg(&script)
            .args(["--issuer-suffix", &format!("/{TENANT}/v2.0")])
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .expect("node runs tests/oidc/server.mjs (scripts/setup installs its packages)");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).unwrap();
        let port =
            line.trim().strip_prefix("LISTENING ").unwrap_or_else(|| panic!("unexpected {line:?}")).parse().unwrap();
        Self { child, port }
    }

    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}/{TENANT}/v2.0", self.port)
    }
}

impl Drop for Oidc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn certificate(days: i64) -> (String, Vec<u8>, String) {
    let now = chrono::Utc::now();
    let m = portal_admin::keys::generate(
        portal_admin::domain::PortalId::new_random(),
        days as u32,
        now - chrono::Duration::days(1),
    )
    .unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&m.certificate_der);
    (m.private_key_pem.unwrap(), m.certificate_der, b64)
}

/// The public JWK of a certificate, for the provider's `private_key_jwt` client.
pub fn jwk(der: &[u8]) -> serde_json::Value {
    use x509_parser::prelude::{FromDer, X509Certificate};
    let (_, cert) = X509Certificate::from_der(der).unwrap();
    let x509_parser::public_key::PublicKey::RSA(rsa) = cert.public_key().parsed().unwrap() else { panic!("not RSA") };
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let trim = |b: &[u8]| b.iter().skip_while(|x| **x == 0).copied().collect::<Vec<u8>>();
    serde_json::json!({"kty": "RSA", "n": b64.encode(trim(rsa.modulus)), "e": b64.encode(trim(rsa.exponent)), "use": "sig"})
}

pub fn credential(id: &str, start: &str, end: &str, key: Option<String>, identifier: &str) -> Credential {
    Credential {
        key_id: id.into(),
        display_name: format!("CN={id}"),
        key,
        custom_key_identifier: identifier.into(),
        start: start.into(),
        end: end.into(),
    }
}

/// A tenant on loopback: the OpenID provider with the app's clients, the services' stand-in
/// with one environment of `sites` websites over three applications (several credentials; none;
/// one without its certificate), and the certificate of the `private_key_jwt` client.
pub async fn tenant(sites: usize) -> (StandIn, Oidc, (String, Vec<u8>)) {
    let (standin, introspection) = StandIn::start().await;
    let (pem, der, _) = certificate(365);
    let clients = serde_json::json!([
        {"client_id": PUBLIC_ID, "application_type": "native", "token_endpoint_auth_method": "none",
         "redirect_uris": ["http://localhost/"], "response_types": ["code"],
         "grant_types": ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"]},
        {"client_id": "0b0b0b0b-0000-4000-8000-00000000a991", "client_secret": "app-secret", "token_endpoint_auth_method": "client_secret_post",
         "grant_types": ["client_credentials"], "redirect_uris": [], "response_types": []},
        {"client_id": "0c0c0c0c-0000-4000-8000-00000000a992", "token_endpoint_auth_method": "private_key_jwt",
         "token_endpoint_auth_signing_alg": "PS256", "jwks": {"keys": [jwk(&der)]},
         "grant_types": ["client_credentials"], "redirect_uris": [], "response_types": []},
        {"client_id": "standin", "client_secret": "standin-secret", "token_endpoint_auth_method": "client_secret_basic",
         "grant_types": [], "redirect_uris": [], "response_types": []}
    ]);
    let oidc = Oidc::start(&[
        ("OIDC_CLIENTS", clients.to_string()),
        ("OIDC_EXTRA_SCOPES", standin.scopes().join(" ")),
        ("OIDC_ENTRA_COMPAT", "1".into()),
    ]);
    *introspection.lock().unwrap() = Some(Introspection {
        url: format!("{}/token/introspection", oidc.issuer()),
        client_id: "standin".into(),
        client_secret: "standin-secret".into(),
    });
    {
        let (_, _, b64) = certificate(730);
        let (_, _, old) = certificate(30);
        // Dates relative to the real clock: the CLI runs on it, and its severities must not
        // change with the day the tests run.
        let at =
            |days: i64| (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut w = standin.world.lock().unwrap();
        w.environments.push(Environment {
            id: "3f5b2a10-7c1d-4e2f-9a8b-0c1d2e3f4a5b".into(),
            name: "Contoso (default)".into(),
            url: "https://contoso.crm.dynamics.com".into(),
        });
        w.applications.push(Application {
            object_id: "aa000000-0000-4000-8000-000000000001".into(),
            app_id: APP_SEVERAL.into(),
            display_name: "Microsoft CRM Portals".into(),
            credentials: vec![
                credential("k-old", &at(-700), &at(30), Some(old), ""),
                credential("k-new", &at(-30), &at(700), Some(b64), ""),
            ],
        });
        w.applications.push(Application {
            object_id: "aa000000-0000-4000-8000-000000000002".into(),
            app_id: APP_NONE.into(),
            display_name: "Managed identity site".into(),
            credentials: vec![],
        });
        w.applications.push(Application {
            object_id: "aa000000-0000-4000-8000-000000000003".into(),
            app_id: APP_NO_KEY_FIELD.into(),
            display_name: "No key field".into(),
            credentials: vec![credential(
                "k-hex",
                &at(-345),
                &at(20),
                None,
                "3a5b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b",
            )],
        });
        for i in 0..sites {
            let app = [APP_SEVERAL, APP_NONE, APP_NO_KEY_FIELD][i.min(2)];
            w.websites.push(Website {
                id: format!("site-{i}"),
                record_id: format!("{:08x}-0000-4000-8000-{:012x}", i + 1, i + 1),
                name: format!("Site {i}"),
                url: format!("https://site-{i}.powerappsportals.com"),
                environment_id: "3f5b2a10-7c1d-4e2f-9a8b-0c1d2e3f4a5b".into(),
                app_id: app.into(),
                data_model: if i % 2 == 0 { "Enhanced" } else { "Standard" },
                site_type: "Production",
                status: "OperationComplete".into(),
            });
        }
    }
    (standin, oidc, (pem, der))
}
