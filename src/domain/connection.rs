//! Connections to Microsoft's services: one Entra ID tenant and one way to sign in, with the
//! endpoints of the services a portal depends on (Entra ID, Microsoft Graph, the Power Platform
//! API, the Dataverse global discovery service), and the scopes asked of each.
//!
//! Pure: validation of a draft, the default endpoints, the scope strings. Tokens and secrets are
//! never here (they live in the keyring and in memory, see `sync::entra`).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use url::Url;
use uuid::Uuid;

use super::portal::parse_guid;
use super::validation::{FieldErrorCode, ValidationErrors};

/// The public client used when a connection names none: the Dataverse sample application, which
/// Microsoft documents for native tools with a `http://localhost` redirect (reference §1.5).
/// Organisations that publish their own registration pass `--client-id`.
pub const DEFAULT_CLIENT_ID: &str = "51f81489-12ee-4a9e-aaae-a2591f45987d";
pub const DEFAULT_GRAPH_URL: &str = "https://graph.microsoft.com";
pub const DEFAULT_POWERPLATFORM_URL: &str = "https://api.powerplatform.com";
pub const DEFAULT_DISCOVERY_URL: &str = "https://globaldisco.crm.dynamics.com";
/// Longest connection name accepted.
pub const NAME_MAX_CHARS: usize = 100;

/// A connection's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(transparent)]
pub struct ConnectionId(#[specta(type = String)] pub Uuid);

impl ConnectionId {
    pub fn new_random() -> Self {
        Self(Uuid::new_v4())
    }
}

impl fmt::Display for ConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.hyphenated())
    }
}

impl FromStr for ConnectionId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_guid(s).map(Self)
    }
}

/// How a connection signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SignInMethod {
    /// A person signs in (browser with PKCE, or a device code); a refresh token is kept.
    Delegated,
    /// The application itself, with a client secret kept in the keyring.
    ClientSecret,
    /// The application itself, with a certificate whose private key is in the keyring
    /// (`private_key_jwt`).
    Certificate,
}

impl SignInMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Delegated => "delegated",
            Self::ClientSecret => "client_secret",
            Self::Certificate => "certificate",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Delegated, Self::ClientSecret, Self::Certificate].into_iter().find(|m| m.as_str() == s)
    }

    /// Whether tokens are the application's own (no person, no refresh token).
    pub fn is_app_only(self) -> bool {
        !matches!(self, Self::Delegated)
    }
}

/// What the connection's tokens allow right now, as far as the workspace knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TokenState {
    /// Nobody has signed in (delegated), or the application's credential is missing.
    SignedOut,
    /// A refresh token (delegated) or the application's credential is in the keyring.
    SignedIn,
    /// The refresh token expired or was revoked: someone must sign in again.
    SigninRequired,
}

impl TokenState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignedOut => "signed_out",
            Self::SignedIn => "signed_in",
            Self::SigninRequired => "signin_required",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::SignedOut, Self::SignedIn, Self::SigninRequired].into_iter().find(|m| m.as_str() == s)
    }
}

/// A connection as the workspace holds it (no secret, no token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Connection {
    pub id: ConnectionId,
    pub name: String,
    /// As typed: a tenant GUID or one of its domains.
    pub tenant: String,
    pub client_id: String,
    pub authority: String,
    pub graph_url: String,
    pub powerplatform_url: String,
    pub discovery_url: String,
    pub method: SignInMethod,
    /// The certificate a `certificate` connection signs its assertions with.
    pub certificate_thumbprint: Option<String>,
    /// The tenant GUID, learned from the authority's discovery document or a token.
    pub tenant_id: Option<String>,
    /// Who signed in (delegated connections): the token's `preferred_username`.
    pub account: Option<String>,
    pub token_state: TokenState,
    pub signed_in_at: Option<DateTime<Utc>>,
    /// The last failure to get a token, in words (cleared by a success).
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Connection {
    /// The scope to ask for a resource's token.
    pub fn scope(&self, resource: Resource) -> String {
        resource.scope(self, self.method)
    }
}

/// A service a token is asked for; tokens are per resource.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Resource {
    Graph,
    PowerPlatform,
    GlobalDiscovery,
    /// A Dataverse environment, by its URL.
    Dataverse(String),
}

impl Resource {
    /// The resource's base URL for this connection, without a trailing slash.
    pub fn base(&self, connection: &Connection) -> String {
        let url = match self {
            Self::Graph => &connection.graph_url,
            Self::PowerPlatform => &connection.powerplatform_url,
            Self::GlobalDiscovery => &connection.discovery_url,
            Self::Dataverse(url) => url,
        };
        url.trim_end_matches('/').to_owned()
    }

    /// The scope string: a person asks for the delegated permission the app needs (reference
    /// §1.5: `user_impersonation` for Dataverse and the discovery service, `Application.Read.All`
    /// for Graph, `.default` for the Power Platform API); an application asks for `.default`.
    pub fn scope(&self, connection: &Connection, method: SignInMethod) -> String {
        let base = self.base(connection);
        if method.is_app_only() {
            return format!("{base}/.default");
        }
        match self {
            Self::Graph => format!("{base}/Application.Read.All"),
            Self::PowerPlatform => format!("{base}/.default"),
            Self::GlobalDiscovery | Self::Dataverse(_) => format!("{base}/user_impersonation"),
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Graph => "Microsoft Graph",
            Self::PowerPlatform => "the Power Platform API",
            Self::GlobalDiscovery => "the Dataverse global discovery service",
            Self::Dataverse(_) => "Dataverse",
        }
    }
}

/// A connection as typed into a form or CLI flags, before validation. Empty endpoints take their
/// defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ConnectionDraft {
    pub name: String,
    pub tenant: String,
    pub client_id: Option<String>,
    pub authority: Option<String>,
    pub graph_url: Option<String>,
    pub powerplatform_url: Option<String>,
    pub discovery_url: Option<String>,
    /// `None` means delegated.
    pub method: Option<SignInMethod>,
}

/// Changes to a connection; `None` keeps the current value, `Some("")` restores an endpoint's
/// default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ConnectionPatch {
    pub name: Option<String>,
    pub tenant: Option<String>,
    pub client_id: Option<String>,
    pub authority: Option<String>,
    pub graph_url: Option<String>,
    pub powerplatform_url: Option<String>,
    pub discovery_url: Option<String>,
}

/// A draft that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidConnection {
    pub name: String,
    pub tenant: String,
    pub client_id: String,
    pub authority: String,
    pub graph_url: String,
    pub powerplatform_url: String,
    pub discovery_url: String,
    pub method: SignInMethod,
}

/// The authority Entra ID serves a tenant from.
pub fn default_authority(tenant: &str) -> String {
    format!("https://login.microsoftonline.com/{tenant}/v2.0")
}

impl ConnectionDraft {
    pub fn validate(&self) -> Result<ValidConnection, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push("name", FieldErrorCode::Required, "Name is required.");
        } else if name.chars().count() > NAME_MAX_CHARS {
            errors.push(
                "name",
                FieldErrorCode::TooLong,
                format!("Name is {} characters long; at most {NAME_MAX_CHARS} are allowed.", name.chars().count()),
            );
        } else if name.chars().any(|c| c.is_control() || is_bidi_control(c)) {
            errors.push("name", FieldErrorCode::InvalidValue, "Name must not contain control characters.");
        }
        let tenant = validate_tenant(&mut errors, &self.tenant);
        let client_id = match self.client_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(DEFAULT_CLIENT_ID.to_owned()),
            Some(raw) => {
                match parse_guid(raw) {
                    Ok(id) => Some(id.hyphenated().to_string()),
                    Err(_) => {
                        errors.push(
                        "client_id",
                        FieldErrorCode::InvalidGuid,
                        format!("Client id \"{raw}\" is not a GUID (the application id of an Entra ID app registration)."),
                    );
                        None
                    }
                }
            }
        };
        let authority = match (&tenant, self.authority.as_deref().map(str::trim).filter(|s| !s.is_empty())) {
            (_, Some(raw)) => validate_endpoint(&mut errors, "authority", "Authority", raw),
            (Some(t), None) => Some(default_authority(t)),
            (None, None) => None,
        };
        let mut endpoint = |field: &str, label: &str, value: &Option<String>, default: &str| match value
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(raw) => validate_endpoint(&mut errors, field, label, raw),
            None => Some(default.to_owned()),
        };
        let graph_url = endpoint("graph_url", "Microsoft Graph URL", &self.graph_url, DEFAULT_GRAPH_URL);
        let powerplatform_url =
            endpoint("powerplatform_url", "Power Platform API URL", &self.powerplatform_url, DEFAULT_POWERPLATFORM_URL);
        let discovery_url =
            endpoint("discovery_url", "Global discovery service URL", &self.discovery_url, DEFAULT_DISCOVERY_URL);
        match (tenant, client_id, authority, graph_url, powerplatform_url, discovery_url) {
            (
                Some(tenant),
                Some(client_id),
                Some(authority),
                Some(graph_url),
                Some(powerplatform_url),
                Some(discovery_url),
            ) if errors.is_empty() => Ok(ValidConnection {
                name: name.to_owned(),
                tenant,
                client_id,
                authority,
                graph_url,
                powerplatform_url,
                discovery_url,
                method: self.method.unwrap_or(SignInMethod::Delegated),
            }),
            _ => Err(errors),
        }
    }
}

impl ConnectionPatch {
    /// The draft that results from applying this patch to `connection`. An authority that was the
    /// tenant's default follows a change of tenant.
    pub fn apply_to(&self, connection: &Connection) -> ConnectionDraft {
        let keep = |patch: &Option<String>, current: &str| match patch {
            Some(v) => Some(v.clone()),
            None => Some(current.to_owned()),
        };
        let authority = match (&self.authority, &self.tenant) {
            (Some(a), _) => Some(a.clone()),
            (None, Some(_)) if connection.authority == default_authority(&connection.tenant) => None,
            (None, _) => Some(connection.authority.clone()),
        };
        ConnectionDraft {
            name: self.name.clone().unwrap_or_else(|| connection.name.clone()),
            tenant: self.tenant.clone().unwrap_or_else(|| connection.tenant.clone()),
            client_id: keep(&self.client_id, &connection.client_id),
            authority,
            graph_url: keep(&self.graph_url, &connection.graph_url),
            powerplatform_url: keep(&self.powerplatform_url, &connection.powerplatform_url),
            discovery_url: keep(&self.discovery_url, &connection.discovery_url),
            method: Some(connection.method),
        }
    }

    pub fn is_empty(&self) -> bool {
        self == &ConnectionPatch::default()
    }
}

/// Right-to-left and other invisible direction marks, which make a name read differently than it
/// sorts and matches.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A tenant GUID (normalised to lowercase) or a domain name such as `contoso.onmicrosoft.com`.
fn validate_tenant(errors: &mut ValidationErrors, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        errors.push(
            "tenant",
            FieldErrorCode::Required,
            "Tenant is required (its GUID or a domain such as contoso.onmicrosoft.com).",
        );
        return None;
    }
    if let Ok(id) = parse_guid(raw) {
        return Some(id.hyphenated().to_string());
    }
    let lower = raw.to_ascii_lowercase();
    if ["common", "organizations", "consumers"].contains(&lower.as_str()) {
        errors.push(
            "tenant",
            FieldErrorCode::InvalidValue,
            format!("\"{raw}\" is not one tenant; a connection needs the tenant's GUID or one of its domains."),
        );
        return None;
    }
    let labels: Vec<&str> = lower.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if labels.len() < 2 || lower.len() > 253 || !labels.iter().all(label_ok) {
        errors.push(
            "tenant",
            FieldErrorCode::InvalidValue,
            format!("Tenant \"{raw}\" is neither a GUID nor a domain name (such as contoso.onmicrosoft.com)."),
        );
        return None;
    }
    Some(lower)
}

/// Whether a URL's host is this machine.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// An endpoint: absolute, `https://` (plain `http://` only on a loopback address, for local
/// proxies and tests), a host, no user name, query or fragment. Returned without a trailing slash.
fn validate_endpoint(errors: &mut ValidationErrors, field: &str, label: &str, raw: &str) -> Option<String> {
    let url = match Url::parse(raw) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            errors.push(
                field,
                FieldErrorCode::InvalidUrl,
                format!("{label} \"{raw}\" is not an absolute URL; write it as https://host/…"),
            );
            return None;
        }
        Err(e) => {
            errors.push(field, FieldErrorCode::InvalidUrl, format!("{label} \"{raw}\" is not a valid URL: {e}."));
            return None;
        }
    };
    if url.host_str().is_none_or(str::is_empty) {
        errors.push(field, FieldErrorCode::InvalidUrl, format!("{label} \"{raw}\" has no host name."));
        return None;
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        other => {
            errors.push(
                field,
                FieldErrorCode::NotHttps,
                format!(
                    "{label} must use https:// (got {other}://); plain http is allowed only on 127.0.0.1 or localhost."
                ),
            );
            return None;
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        errors.push(field, FieldErrorCode::InvalidUrl, format!("{label} must not contain a user name or password."));
        return None;
    }
    if url.query().is_some() || url.fragment().is_some() {
        errors.push(
            field,
            FieldErrorCode::InvalidUrl,
            format!("{label} must not carry a query or fragment (got \"{raw}\")."),
        );
        return None;
    }
    Some(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ConnectionDraft {
        ConnectionDraft { name: "Contoso".into(), tenant: "contoso.onmicrosoft.com".into(), ..Default::default() }
    }

    fn connection() -> Connection {
        let valid = draft().validate().unwrap();
        let now = Utc::now();
        Connection {
            id: ConnectionId::new_random(),
            name: valid.name,
            tenant: valid.tenant,
            client_id: valid.client_id,
            authority: valid.authority,
            graph_url: valid.graph_url,
            powerplatform_url: valid.powerplatform_url,
            discovery_url: valid.discovery_url,
            method: SignInMethod::Delegated,
            certificate_thumbprint: None,
            tenant_id: None,
            account: None,
            token_state: TokenState::SignedOut,
            signed_in_at: None,
            last_error: None,
            created_at: now,
            updated_at: now,
        }
    }

    fn codes(errors: &ValidationErrors) -> Vec<(&str, FieldErrorCode)> {
        errors.fields.iter().map(|e| (e.field.as_str(), e.code)).collect()
    }

    #[test]
    fn a_draft_with_only_a_name_and_tenant_gets_microsofts_endpoints_and_the_default_client() {
        let valid = draft().validate().unwrap();
        assert_eq!(valid.authority, "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0");
        assert_eq!(valid.graph_url, "https://graph.microsoft.com");
        assert_eq!(valid.powerplatform_url, "https://api.powerplatform.com");
        assert_eq!(valid.discovery_url, "https://globaldisco.crm.dynamics.com");
        assert_eq!(valid.client_id, DEFAULT_CLIENT_ID);
        assert_eq!(valid.method, SignInMethod::Delegated);
    }

    #[test]
    fn tenants_are_guids_or_domains_and_never_a_multi_tenant_alias() {
        let cases = [
            ("{72F988BF-86F1-41AF-91AB-2D7CD011DB47}", Ok("72f988bf-86f1-41af-91ab-2d7cd011db47")),
            ("Contoso.OnMicrosoft.com", Ok("contoso.onmicrosoft.com")),
            ("common", Err(FieldErrorCode::InvalidValue)),
            ("organizations", Err(FieldErrorCode::InvalidValue)),
            ("contoso", Err(FieldErrorCode::InvalidValue)),
            ("con toso.com", Err(FieldErrorCode::InvalidValue)),
            ("-contoso.com", Err(FieldErrorCode::InvalidValue)),
            ("", Err(FieldErrorCode::Required)),
        ];
        for (raw, expected) in cases {
            let mut d = draft();
            d.tenant = raw.into();
            match (d.validate(), expected) {
                (Ok(v), Ok(tenant)) => assert_eq!(v.tenant, tenant, "{raw}"),
                (Err(e), Err(code)) => assert_eq!(codes(&e), vec![("tenant", code)], "{raw}"),
                (got, want) => panic!("{raw}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn endpoints_must_be_https_except_on_loopback() {
        let cases = [
            ("https://graph.microsoft.us/", Ok("https://graph.microsoft.us")),
            ("http://127.0.0.1:8080", Ok("http://127.0.0.1:8080")),
            ("http://localhost:3000/tenant/v2.0/", Ok("http://localhost:3000/tenant/v2.0")),
            ("http://graph.microsoft.com", Err(FieldErrorCode::NotHttps)),
            ("ftp://127.0.0.1", Err(FieldErrorCode::NotHttps)),
            ("graph.microsoft.com", Err(FieldErrorCode::InvalidUrl)),
            ("https://user:pw@graph.microsoft.com", Err(FieldErrorCode::InvalidUrl)),
            ("https://graph.microsoft.com/?x=1", Err(FieldErrorCode::InvalidUrl)),
        ];
        for (raw, expected) in cases {
            let mut d = draft();
            d.graph_url = Some(raw.into());
            match (d.validate(), expected) {
                (Ok(v), Ok(url)) => assert_eq!(v.graph_url, url, "{raw}"),
                (Err(e), Err(code)) => assert_eq!(codes(&e), vec![("graph_url", code)], "{raw}"),
                (got, want) => panic!("{raw}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let d = ConnectionDraft {
            name: "a\u{202E}b".into(),
            tenant: "common".into(),
            client_id: Some("not-a-guid".into()),
            authority: Some("http://login.example.com".into()),
            graph_url: Some("nope".into()),
            powerplatform_url: None,
            discovery_url: Some("https://".into()),
            method: None,
        };
        let errors = d.validate().unwrap_err();
        assert_eq!(
            codes(&errors),
            vec![
                ("name", FieldErrorCode::InvalidValue),
                ("tenant", FieldErrorCode::InvalidValue),
                ("client_id", FieldErrorCode::InvalidGuid),
                ("authority", FieldErrorCode::NotHttps),
                ("graph_url", FieldErrorCode::InvalidUrl),
                ("discovery_url", FieldErrorCode::InvalidUrl),
            ]
        );
    }

    #[test]
    fn a_person_asks_for_delegated_permissions_and_an_application_for_dot_default() {
        let mut c = connection();
        let env = Resource::Dataverse("https://contoso.crm.dynamics.com/".into());
        assert_eq!(c.scope(Resource::Graph), "https://graph.microsoft.com/Application.Read.All");
        assert_eq!(c.scope(Resource::PowerPlatform), "https://api.powerplatform.com/.default");
        assert_eq!(c.scope(Resource::GlobalDiscovery), "https://globaldisco.crm.dynamics.com/user_impersonation");
        assert_eq!(c.scope(env.clone()), "https://contoso.crm.dynamics.com/user_impersonation");
        c.method = SignInMethod::Certificate;
        assert_eq!(c.scope(Resource::Graph), "https://graph.microsoft.com/.default");
        assert_eq!(c.scope(env), "https://contoso.crm.dynamics.com/.default");
    }

    #[test]
    fn a_default_authority_follows_a_new_tenant_but_a_custom_one_stays() {
        let c = connection();
        let patch = ConnectionPatch { tenant: Some("fabrikam.com".into()), ..Default::default() };
        assert_eq!(
            patch.apply_to(&c).validate().unwrap().authority,
            "https://login.microsoftonline.com/fabrikam.com/v2.0"
        );
        let mut custom = c.clone();
        custom.authority = "http://127.0.0.1:3000/t/v2.0".into();
        assert_eq!(patch.apply_to(&custom).validate().unwrap().authority, "http://127.0.0.1:3000/t/v2.0");
    }
}
