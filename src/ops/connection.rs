//! Connection operations: add, list, show, edit, remove, sign in (browser or device code), sign
//! out, test — and the access tokens every connector asks for.
//!
//! Refresh tokens, client secrets and certificate keys live only in the keyring; access tokens
//! only in this process's memory ([`Cloud`]). A refused refresh marks the connection
//! `signin_required`, and every caller gets that code naming the connection.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use tokio::sync::Notify;

use crate::domain::connection::{
    Connection, ConnectionDraft, ConnectionId, ConnectionPatch, Resource, SignInMethod, TokenState,
};
use crate::domain::{FieldErrorCode, ValidationErrors};
use crate::error::{Error, Result};
use crate::ops::key::blocking_secret;
use crate::ops::Core;
use crate::sync::entra::{self, AppCredential, Provider, SignInPrompt, TokenSet};
use crate::sync::graph::KeyReadLimit;
use crate::sync::http::{Http, HttpLimits};
use crate::sync::{TokenFuture, Tokens};

/// A token is renewed this long before it expires.
const TOKEN_MARGIN: chrono::Duration = chrono::Duration::minutes(2);

/// Access tokens by (connection, scope): the token and when it expires. Memory only.
type TokenCache = HashMap<(ConnectionId, String), (String, DateTime<Utc>)>;

/// What the core keeps in memory for the connectors.
pub struct Cloud {
    pub(crate) http: Http,
    tokens: Mutex<TokenCache>,
    providers: Mutex<HashMap<ConnectionId, Arc<Provider>>>,
    pub(crate) graph_limit: KeyReadLimit,
    /// Notified to cancel a sign-in that waits for a browser or a device code.
    pub(crate) cancel_signin: Arc<Notify>,
}

impl Cloud {
    pub(crate) fn new(limits: HttpLimits) -> Result<Self> {
        Ok(Self {
            http: Http::new(limits)?,
            tokens: Mutex::default(),
            providers: Mutex::default(),
            graph_limit: KeyReadLimit::default(),
            cancel_signin: Arc::new(Notify::new()),
        })
    }

    fn forget(&self, id: ConnectionId) {
        self.tokens.lock().unwrap_or_else(|e| e.into_inner()).retain(|(c, _), _| *c != id);
        self.providers.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
    }
}

fn refresh_token_name(id: ConnectionId) -> String {
    format!("connection/{id}/refresh-token")
}

fn client_secret_name(id: ConnectionId) -> String {
    format!("connection/{id}/client-secret")
}

fn certificate_key_name(id: ConnectionId) -> String {
    format!("connection/{id}/certificate-key")
}

/// The application credential a connection is added with. Never from a command-line argument.
pub enum NewCredential {
    None,
    ClientSecret(String),
    /// A PEM or PKCS#12 file holding the certificate and its private key.
    Certificate {
        file: Vec<u8>,
        password: Option<String>,
    },
}

/// A connection as the screens show it: the row plus whether its secret is in the keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ConnectionView {
    #[serde(flatten)]
    pub connection: Connection,
    /// How many portals are bound to it.
    pub portals: u32,
}

async fn views(core: &Core, connections: Vec<Connection>) -> Result<Vec<ConnectionView>> {
    let sites = core.store().portal_sites().await?;
    Ok(connections
        .into_iter()
        .map(|c| {
            let portals = sites.values().filter(|s| s.connection_id == c.id).count() as u32;
            ConnectionView { connection: c, portals }
        })
        .collect())
}

pub async fn list(core: &Core) -> Result<Vec<ConnectionView>> {
    let all = core.store().connections().await?;
    views(core, all).await
}

/// Finds a connection by id or name (any case).
pub async fn get(core: &Core, query: &str) -> Result<Connection> {
    if let Ok(id) = query.parse::<ConnectionId>() {
        if let Some(c) = core.store().connection(id).await? {
            return Ok(c);
        }
    }
    let all = core.store().connections().await?;
    all.into_iter()
        .find(|c| c.name.eq_ignore_ascii_case(query.trim()))
        .ok_or_else(|| Error::ConnectionNotFound(query.to_owned()))
}

pub async fn show(core: &Core, query: &str) -> Result<ConnectionView> {
    let c = get(core, query).await?;
    Ok(views(core, vec![c]).await?.remove(0))
}

/// Names are unique in the workspace, ignoring case (`except`: the connection being renamed).
async fn refuse_taken_name(core: &Core, name: &str, except: Option<ConnectionId>) -> Result<()> {
    let all = core.store().connections().await?;
    if all.iter().any(|c| Some(c.id) != except && c.name.eq_ignore_ascii_case(name)) {
        return Err(ValidationErrors::single(
            "name",
            FieldErrorCode::Taken,
            format!("A connection named \"{name}\" already exists in this workspace."),
        )
        .into());
    }
    Ok(())
}

/// Adds a connection. Its secret or certificate key goes to the keyring first; if the row cannot
/// be written the keyring entry is removed again.
pub async fn add(core: &Core, draft: ConnectionDraft, credential: NewCredential) -> Result<ConnectionView> {
    let method = match &credential {
        NewCredential::None => SignInMethod::Delegated,
        NewCredential::ClientSecret(_) => SignInMethod::ClientSecret,
        NewCredential::Certificate { .. } => SignInMethod::Certificate,
    };
    let valid = ConnectionDraft { method: Some(method), ..draft }.validate()?;
    refuse_taken_name(core, &valid.name, None).await?;
    let id = ConnectionId::new_random();
    let (secret_name, secret, certificate) = match credential {
        NewCredential::None => (None, None, None),
        NewCredential::ClientSecret(s) => {
            let s = s.trim_end_matches(['\r', '\n']).to_owned();
            if s.is_empty() {
                return Err(ValidationErrors::single(
                    "client_secret",
                    FieldErrorCode::Required,
                    "The client secret is empty.",
                )
                .into());
            }
            (Some(client_secret_name(id)), Some(s), None)
        }
        NewCredential::Certificate { file, password } => {
            let material = crate::keys::read(&file, password.as_deref())?;
            crate::keys::check_usable(&material.facts, core.clock().now())?;
            let Some(pem) = material.private_key_pem.clone() else {
                return Err(ValidationErrors::single(
                    "certificate",
                    FieldErrorCode::InvalidValue,
                    "The certificate file holds no private key; the connection signs its sign-ins with it (PEM with its key, or a .pfx).",
                )
                .into());
            };
            (Some(certificate_key_name(id)), Some(pem), Some(material))
        }
    };
    let now = core.clock().now();
    let connection = Connection {
        id,
        name: valid.name,
        tenant: valid.tenant,
        client_id: valid.client_id,
        authority: valid.authority,
        graph_url: valid.graph_url,
        powerplatform_url: valid.powerplatform_url,
        discovery_url: valid.discovery_url,
        method,
        certificate_thumbprint: certificate.as_ref().map(|m| m.facts.thumbprint.clone()),
        tenant_id: None,
        account: None,
        token_state: if method.is_app_only() { TokenState::SignedIn } else { TokenState::SignedOut },
        signed_in_at: None,
        last_error: None,
        created_at: now,
        updated_at: now,
    };
    if let (Some(name), Some(secret)) = (secret_name.clone(), secret) {
        let secrets = core.secrets();
        blocking_secret(move || secrets.put(&name, &secret)).await?;
    }
    let der = certificate.as_ref().map(|m| m.certificate_der.as_slice());
    if let Err(e) = core.store().insert_connection(&connection, der, core.actor()).await {
        if let Some(name) = secret_name {
            let secrets = core.secrets();
            let _ = blocking_secret(move || secrets.delete(&name)).await;
        }
        return Err(e);
    }
    core.announce().await;
    show(core, &id.to_string()).await
}

/// Changes a connection's name, tenant, client id or endpoints. Tokens already handed out were
/// for the old endpoints: they are forgotten.
pub async fn edit(core: &Core, query: &str, patch: ConnectionPatch) -> Result<ConnectionView> {
    let current = get(core, query).await?;
    if patch.is_empty() {
        return show(core, &current.id.to_string()).await;
    }
    let valid = patch.apply_to(&current).validate()?;
    refuse_taken_name(core, &valid.name, Some(current.id)).await?;
    let mut after = current.clone();
    let tenant_changed = valid.tenant != current.tenant || valid.authority != current.authority;
    after.name = valid.name;
    after.tenant = valid.tenant;
    after.client_id = valid.client_id;
    after.authority = valid.authority;
    after.graph_url = valid.graph_url;
    after.powerplatform_url = valid.powerplatform_url;
    after.discovery_url = valid.discovery_url;
    if tenant_changed {
        after.tenant_id = None;
    }
    after.updated_at = core.clock().now();
    core.store().update_connection(&after, core.actor()).await?;
    core.cloud().forget(after.id);
    core.announce().await;
    show(core, &after.id.to_string()).await
}

/// Removes a connection and its keyring entries; portals bound to it stay, unbound.
pub async fn remove(core: &Core, query: &str) -> Result<Connection> {
    let current = get(core, query).await?;
    let removed = core.store().delete_connection(current.id, core.actor(), core.clock().now()).await?;
    for name in [refresh_token_name(current.id), client_secret_name(current.id), certificate_key_name(current.id)] {
        let secrets = core.secrets();
        blocking_secret(move || secrets.delete(&name)).await?;
    }
    core.cloud().forget(current.id);
    core.announce().await;
    Ok(removed)
}

/// How a person signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SignInMode {
    /// The system browser, with a loopback redirect.
    Browser,
    /// A code entered on another device (for headless machines).
    DeviceCode,
}

/// How long an interactive sign-in waits for the browser.
pub const BROWSER_PATIENCE: Duration = Duration::from_secs(300);

/// The resource scopes a person consents to at sign-in (one refresh token then serves each).
fn consent_scopes(c: &Connection) -> Vec<String> {
    vec![c.scope(Resource::Graph), c.scope(Resource::PowerPlatform), c.scope(Resource::GlobalDiscovery)]
}

/// Signs a person in to a delegated connection; an application connection proves its credential
/// instead. The refresh token goes to the keyring; who signed in and the tenant are recorded.
pub async fn sign_in(
    core: &Core,
    query: &str,
    mode: SignInMode,
    prompt: &dyn SignInPrompt,
    patience: Duration,
) -> Result<ConnectionView> {
    let connection = get(core, query).await?;
    if connection.method.is_app_only() {
        token(core, &connection, &Resource::Graph, true).await?;
        return show(core, &connection.id.to_string()).await;
    }
    let cloud = core.cloud();
    let provider = provider(core, &connection).await?;
    let scopes = consent_scopes(&connection);
    let clock = core.clock_handle();
    let now = move || clock.now();
    let tokens = match mode {
        SignInMode::Browser => {
            entra::sign_in_interactive(
                &cloud.http,
                &provider,
                &connection,
                &scopes,
                prompt,
                patience,
                cloud.cancel_signin.clone(),
                now,
            )
            .await
        }
        SignInMode::DeviceCode => {
            entra::sign_in_device_code(
                &cloud.http,
                &provider,
                &connection,
                &scopes,
                prompt,
                cloud.cancel_signin.clone(),
                now,
            )
            .await
        }
    }?;
    let Some(refresh) = tokens.refresh_token.clone() else {
        return Err(Error::SignIn {
            kind: crate::error::SignInFailure::Refused,
            message: "Entra ID signed in but gave no refresh token (offline_access was not granted)".into(),
        });
    };
    let name = refresh_token_name(connection.id);
    let secrets = core.secrets();
    blocking_secret(move || secrets.put(&name, &refresh)).await?;
    // The sign-in's own access token is for whichever resource Entra chose; each resource's
    // token comes from refreshing with its scope.
    cloud.forget(connection.id);
    let mut after = connection.clone();
    after.account = tokens.account.clone().or(after.account);
    after.tenant_id = tokens.tenant_id.clone().or(provider.tenant_id.clone()).or(after.tenant_id);
    after.token_state = TokenState::SignedIn;
    after.signed_in_at = Some(core.clock().now());
    after.last_error = None;
    after.updated_at = core.clock().now();
    core.store().update_connection(&after, core.actor()).await?;
    core.announce().await;
    show(core, &after.id.to_string()).await
}

/// Cancels a sign-in waiting for its browser or device code.
pub fn cancel_sign_in(core: &Core) {
    core.cloud().cancel_signin.notify_waiters();
}

/// Forgets the person's refresh token (keyring) and every access token of the connection.
pub async fn sign_out(core: &Core, query: &str) -> Result<ConnectionView> {
    let connection = get(core, query).await?;
    let name = refresh_token_name(connection.id);
    let secrets = core.secrets();
    blocking_secret(move || secrets.delete(&name)).await?;
    core.cloud().forget(connection.id);
    if !connection.method.is_app_only() {
        let mut after = connection.clone();
        after.token_state = TokenState::SignedOut;
        after.updated_at = core.clock().now();
        core.store().update_connection(&after, core.actor()).await?;
        core.announce().await;
    }
    show(core, &connection.id.to_string()).await
}

/// What a connection test found, per service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ConnectionTest {
    pub connection: ConnectionView,
    pub authority_ok: bool,
    pub services: Vec<ServiceCheck>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ServiceCheck {
    pub service: String,
    pub scope: String,
    /// The error code when no token could be had.
    pub error_code: Option<String>,
    pub error: Option<String>,
}

/// Reads the authority's discovery document and asks for a token of each service.
pub async fn test(core: &Core, query: &str) -> Result<ConnectionTest> {
    let connection = get(core, query).await?;
    core.cloud().forget(connection.id);
    provider(core, &connection).await?;
    let mut services = Vec::new();
    let mut resources = vec![Resource::Graph, Resource::PowerPlatform];
    if !connection.method.is_app_only() {
        resources.push(Resource::GlobalDiscovery);
    }
    for resource in resources {
        let result = token(core, &connection, &resource, true).await;
        services.push(ServiceCheck {
            service: resource.label().to_owned(),
            scope: connection.scope(resource.clone()),
            error_code: result.as_ref().err().map(|e| e.code().as_str().to_owned()),
            error: result.err().map(|e| e.to_string()),
        });
    }
    Ok(ConnectionTest { connection: show(core, &connection.id.to_string()).await?, authority_ok: true, services })
}

/// The authority's discovery document, read once per process and connection.
async fn provider(core: &Core, connection: &Connection) -> Result<Arc<Provider>> {
    let cloud = core.cloud();
    if let Some(p) = cloud.providers.lock().unwrap_or_else(|e| e.into_inner()).get(&connection.id) {
        return Ok(p.clone());
    }
    let provider = Arc::new(entra::discover(&cloud.http, &connection.authority).await?);
    cloud.providers.lock().unwrap_or_else(|e| e.into_inner()).insert(connection.id, provider.clone());
    Ok(provider)
}

fn remember(core: &Core, connection: &Connection, resource: &Resource, tokens: &TokenSet) {
    core.cloud()
        .tokens
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert((connection.id, connection.scope(resource.clone())), (tokens.access_token.clone(), tokens.expires_at));
}

/// Records why a connection cannot get tokens (and `signin_required` when that is why).
async fn record_failure(core: &Core, connection: &Connection, e: &Error) {
    let mut after = match core.store().connection(connection.id).await {
        Ok(Some(c)) => c,
        _ => return,
    };
    if matches!(e, Error::SigninRequired { .. }) {
        after.token_state = TokenState::SigninRequired;
    }
    after.last_error = Some(e.to_string());
    after.updated_at = core.clock().now();
    if core.store().update_connection(&after, core.actor()).await.is_ok() {
        core.announce().await;
    }
}

/// An access token for one resource: from memory while it lasts, else by refreshing (a person's
/// connection) or by client credentials (an application's).
pub(crate) async fn token(core: &Core, connection: &Connection, resource: &Resource, fresh: bool) -> Result<String> {
    let scope = connection.scope(resource.clone());
    let now = core.clock().now();
    if !fresh {
        let cache = core.cloud().tokens.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((token, expires)) = cache.get(&(connection.id, scope.clone())) {
            if *expires - TOKEN_MARGIN > now {
                return Ok(token.clone());
            }
        }
    }
    let result = fetch_token(core, connection, &scope, now).await;
    match result {
        Ok(tokens) => {
            remember(core, connection, resource, &tokens);
            if connection.last_error.is_some() || connection.token_state == TokenState::SigninRequired {
                if let Ok(Some(mut after)) = core.store().connection(connection.id).await {
                    after.last_error = None;
                    after.token_state = TokenState::SignedIn;
                    after.updated_at = now;
                    if core.store().update_connection(&after, core.actor()).await.is_ok() {
                        core.announce().await;
                    }
                }
            }
            Ok(tokens.access_token)
        }
        Err(e) => {
            if matches!(e, Error::SigninRequired { .. } | Error::SignIn { .. }) {
                record_failure(core, connection, &e).await;
            }
            Err(e)
        }
    }
}

async fn fetch_token(core: &Core, connection: &Connection, scope: &str, now: DateTime<Utc>) -> Result<TokenSet> {
    let cloud = core.cloud();
    let provider = provider(core, connection).await?;
    let read = |name: String| {
        let secrets = core.secrets();
        async move { blocking_secret(move || secrets.get(&name)).await }
    };
    match connection.method {
        SignInMethod::Delegated => {
            let Some(refresh) = read(refresh_token_name(connection.id)).await? else {
                return Err(Error::SigninRequired {
                    connection: connection.name.clone(),
                    reason: "nobody has signed in on this machine".into(),
                });
            };
            let tokens = entra::refresh(&cloud.http, &provider, connection, &refresh, scope, now).await?;
            if let Some(rotated) = tokens.refresh_token.clone().filter(|r| *r != refresh) {
                let name = refresh_token_name(connection.id);
                let secrets = core.secrets();
                blocking_secret(move || secrets.put(&name, &rotated)).await?;
            }
            Ok(tokens)
        }
        SignInMethod::ClientSecret => {
            let secret = read(client_secret_name(connection.id)).await?.ok_or_else(|| Error::SigninRequired {
                connection: connection.name.clone(),
                reason: "its client secret is not in this machine's keyring; add the connection again with --client-secret-stdin".into(),
            })?;
            entra::app_token(&cloud.http, &provider, connection, &AppCredential::Secret(secret), scope, now).await
        }
        SignInMethod::Certificate => {
            let key = read(certificate_key_name(connection.id)).await?.ok_or_else(|| Error::SigninRequired {
                connection: connection.name.clone(),
                reason: "its certificate's private key is not in this machine's keyring".into(),
            })?;
            let der = core.store().connection_certificate(connection.id).await?.unwrap_or_default();
            let credential = AppCredential::Certificate { private_key_pem: key, certificate_der: der };
            entra::app_token(&cloud.http, &provider, connection, &credential, scope, now).await
        }
    }
}

/// A connection's tokens for the connectors.
pub(crate) struct ConnectionTokens<'c> {
    pub core: &'c Core,
    pub connection: Connection,
}

impl Tokens for ConnectionTokens<'_> {
    fn token<'a>(&'a self, resource: &'a Resource, fresh: bool) -> TokenFuture<'a> {
        Box::pin(token(self.core, &self.connection, resource, fresh))
    }

    fn connection_name(&self) -> &str {
        &self.connection.name
    }
}
