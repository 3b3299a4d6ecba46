//! Identity providers as typed views over their site settings: local sign-in, the built-in
//! Microsoft Entra ID provider, and every `Authentication/<Protocol>/<provider>/…` group, with
//! whether the runtime will load it and why not.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::catalogue::{self, Protocol, SettingDef, BUILT_IN_AZURE_AD, EXTERNAL_LOGIN_ENABLED};
use super::effective::{EffectiveSetting, Settings};

/// The kinds of provider the app knows, by protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    Local,
    EntraBuiltIn,
    OidcEntraId,
    OidcAzureAdB2c,
    OidcOther,
    Microsoft,
    Google,
    Facebook,
    Twitter,
    LinkedIn,
    Yahoo,
    OAuthOther,
    SamlEntraId,
    SamlAdfs,
    SamlOther,
    WsFedEntraId,
    WsFedAdfs,
    WsFedOther,
}

impl ProviderKind {
    pub fn title(self) -> &'static str {
        match self {
            Self::Local => "Local sign-in",
            Self::EntraBuiltIn => "Microsoft Entra ID (built-in)",
            Self::OidcEntraId => "Microsoft Entra ID (OpenID Connect)",
            Self::OidcAzureAdB2c => "Azure AD B2C (OpenID Connect)",
            Self::OidcOther => "OpenID Connect",
            Self::Microsoft => "Microsoft account",
            Self::Google => "Google",
            Self::Facebook => "Facebook",
            Self::Twitter => "Twitter",
            Self::LinkedIn => "LinkedIn",
            Self::Yahoo => "Yahoo",
            Self::OAuthOther => "OAuth 2.0",
            Self::SamlEntraId => "Microsoft Entra ID (SAML 2.0)",
            Self::SamlAdfs => "AD FS (SAML 2.0)",
            Self::SamlOther => "SAML 2.0",
            Self::WsFedEntraId => "Microsoft Entra ID (WS-Federation)",
            Self::WsFedAdfs => "AD FS (WS-Federation)",
            Self::WsFedOther => "WS-Federation",
        }
    }
}

/// The OAuth 2.0 providers' id and secret setting names (the runtime also falls back to
/// ClientId/ClientSecret for every one).
pub fn oauth_credential_keys(provider: &str) -> (&'static str, &'static str) {
    match provider.to_ascii_lowercase().as_str() {
        "facebook" => ("AppId", "AppSecret"),
        "twitter" | "linkedin" => ("ConsumerKey", "ConsumerSecret"),
        _ => ("ClientId", "ClientSecret"),
    }
}

/// The setting that holds a provider's secret, by protocol and name (none for SAML 2.0 and
/// WS-Federation, which trust certificates instead).
pub fn secret_key(protocol: Protocol, provider: &str) -> Option<&'static str> {
    match protocol {
        Protocol::OpenIdConnect => Some("ClientSecret"),
        Protocol::OAuth2 => Some(oauth_credential_keys(provider).1),
        Protocol::Saml2 | Protocol::WsFederation => None,
    }
}

/// What kind of reason keeps the runtime from loading a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The administrator switched it off: its switch is false, or its settings are deactivated.
    SwitchedOff,
    /// External providers are off for the whole portal.
    ExternalLoginOff,
    /// A setting the runtime needs before it loads the provider is not set.
    MissingSetting,
    /// A setting holds a value the runtime rejects.
    RejectedValue,
}

/// Why the runtime does not load a provider, in a person's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ProviderProblem {
    pub kind: ProblemKind,
    pub message: String,
}

impl ProviderProblem {
    fn new(kind: ProblemKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }
}

/// What an administrator can do with a provider; the views offer exactly these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ProviderAction {
    /// Change the settings named in [`IdentityProvider::editable`].
    Edit,
    /// Run OpenID Connect discovery against its authority.
    TestConnection,
    /// Read SAML 2.0 / WS-Federation metadata into it.
    ImportMetadata,
    /// Make the Sign in button go straight to it.
    MakeDefault,
    /// Delete its settings (and its tracked certificates).
    Remove,
}

/// The settings of the built-in Microsoft Entra ID provider that live in site settings; its
/// client id, tenant and reply URL come from the portal's app registration.
pub const BUILT_IN_EDITABLE: [&str; 8] = [
    "Caption",
    "RegistrationClaimsMapping",
    "LoginClaimsMapping",
    "ObjectIdentifierAsNameIdentifierClaimEnabled",
    "ExternalLogoutEnabled",
    "RegistrationEnabled",
    "AllowContactMappingWithEmail",
    "RebrandDisclaimerEnabled",
];

fn missing(message: impl Into<String>) -> ProviderProblem {
    ProviderProblem::new(ProblemKind::MissingSetting, message)
}

fn external_login_off() -> ProviderProblem {
    ProviderProblem::new(
        ProblemKind::ExternalLoginOff,
        format!("{EXTERNAL_LOGIN_ENABLED} is false: no external provider is loaded."),
    )
}

/// One identity provider of a portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct IdentityProvider {
    /// `local`, `azure_ad_built_in`, or `<Protocol segment>/<provider>` (e.g. `OpenIdConnect/B2C`).
    pub key: String,
    pub protocol: Option<Protocol>,
    /// The provider segment of its setting names.
    pub name: String,
    pub kind: ProviderKind,
    pub caption: String,
    /// What `LoginButtonAuthenticationType` must hold to make this the default provider.
    pub authentication_type: Option<String>,
    /// The runtime loads it and shows it on the sign-in page.
    pub enabled: bool,
    /// The administrator turned it off (switch off, or its settings deactivated).
    pub disabled: bool,
    /// Why it is not enabled.
    pub problems: Vec<ProviderProblem>,
    pub is_default: bool,
    /// What can be done with it.
    pub actions: Vec<ProviderAction>,
    /// The last name segments of the settings [`ProviderAction::Edit`] changes (`ClientId`);
    /// empty when it cannot be edited (local sign-in lives on the settings page).
    pub editable: Vec<String>,
    /// The provider's settings (every applicable template, stored or not).
    pub settings: Vec<EffectiveSetting>,
    /// Signing certificates read from its federation metadata (filled in by the caller that
    /// has the workspace; empty here).
    pub certificates: Vec<crate::domain::federation::ProviderCertificate>,
}

impl IdentityProvider {
    /// Every reason the runtime does not load it, as one sentence list.
    pub fn problems_text(&self) -> String {
        self.problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join(" ")
    }
}

fn kind_of(protocol: Protocol, name: &str, settings: &Settings, prefix: &str) -> ProviderKind {
    let get = |key: &str| settings.text(&format!("{prefix}{key}")).unwrap_or("").to_ascii_lowercase();
    let address = format!("{} {} {}", get("Authority"), get("MetadataAddress"), get("AuthenticationType"));
    let entra = address.contains("login.microsoftonline.com")
        || address.contains("sts.windows.net")
        || address.contains("login.windows.net");
    let adfs = address.contains("/adfs/");
    match protocol {
        Protocol::OpenIdConnect => {
            if address.contains("b2clogin.com")
                || !get("DefaultPolicyId").is_empty()
                || name.to_ascii_lowercase().contains("b2c")
            {
                ProviderKind::OidcAzureAdB2c
            } else if entra {
                ProviderKind::OidcEntraId
            } else {
                ProviderKind::OidcOther
            }
        }
        Protocol::OAuth2 => match name.to_ascii_lowercase().as_str() {
            "microsoft" => ProviderKind::Microsoft,
            "google" => ProviderKind::Google,
            "facebook" => ProviderKind::Facebook,
            "twitter" => ProviderKind::Twitter,
            "linkedin" => ProviderKind::LinkedIn,
            "yahoo" => ProviderKind::Yahoo,
            _ => ProviderKind::OAuthOther,
        },
        Protocol::Saml2 if entra => ProviderKind::SamlEntraId,
        Protocol::Saml2 if adfs => ProviderKind::SamlAdfs,
        Protocol::Saml2 => ProviderKind::SamlOther,
        Protocol::WsFederation if entra => ProviderKind::WsFedEntraId,
        Protocol::WsFederation if adfs => ProviderKind::WsFedAdfs,
        Protocol::WsFederation => ProviderKind::WsFedOther,
    }
}

/// The provider names present in the settings, per protocol (first spelling seen wins; names
/// are grouped ignoring case like the lookup).
fn provider_names(settings: &Settings) -> BTreeMap<(Protocol, String), String> {
    let mut names = BTreeMap::new();
    for r in settings.records() {
        if let Some(p) = catalogue::split_provider_setting(&r.name) {
            names.entry((p.protocol, p.provider.to_ascii_lowercase())).or_insert_with(|| p.provider.to_owned());
        }
    }
    names
}

/// The provider key for a protocol and name.
pub fn provider_key(protocol: Protocol, name: &str) -> String {
    format!("{}/{name}", protocol.segment())
}

/// Every provider of the portal: local, built-in Entra ID, then the configured ones by protocol
/// and name. `login_button` is the effective `LoginButtonAuthenticationType`.
pub fn providers(settings: &Settings, portal_app_id: &str) -> Vec<IdentityProvider> {
    use ProblemKind::SwitchedOff;
    let login_button = settings.text(catalogue::LOGIN_BUTTON_AUTHENTICATION_TYPE).map(str::to_owned);
    let external = settings.bool(EXTERNAL_LOGIN_ENABLED);
    let mut out = Vec::new();

    let local_on = settings.bool(catalogue::LOCAL_LOGIN_ENABLED);
    out.push(IdentityProvider {
        key: "local".into(),
        protocol: None,
        name: "Local".into(),
        kind: ProviderKind::Local,
        caption: "Local account (user name and password)".into(),
        authentication_type: None,
        enabled: local_on,
        disabled: !local_on,
        problems: if local_on {
            vec![]
        } else {
            vec![ProviderProblem::new(SwitchedOff, format!("{} is false.", catalogue::LOCAL_LOGIN_ENABLED))]
        },
        is_default: false,
        actions: Vec::new(),
        editable: Vec::new(),
        settings: [catalogue::LOCAL_LOGIN_ENABLED, catalogue::LOCAL_LOGIN_BY_EMAIL]
            .iter()
            .map(|n| settings.effective(n))
            .collect(),
        certificates: Vec::new(),
    });

    let builtin_switch = settings.bool(catalogue::AZURE_AD_LOGIN_ENABLED);
    let builtin_prefix = format!("{}{BUILT_IN_AZURE_AD}/", Protocol::OpenIdConnect.prefix());
    let mut builtin_problems = Vec::new();
    if !builtin_switch {
        builtin_problems
            .push(ProviderProblem::new(SwitchedOff, format!("{} is false.", catalogue::AZURE_AD_LOGIN_ENABLED)));
    }
    if !external {
        builtin_problems.push(external_login_off());
    }
    let mut builtin_settings = vec![settings.effective(catalogue::AZURE_AD_LOGIN_ENABLED)];
    builtin_settings.extend(BUILT_IN_EDITABLE.iter().map(|k| settings.effective(&format!("{builtin_prefix}{k}"))));
    out.push(IdentityProvider {
        key: "azure_ad_built_in".into(),
        protocol: Some(Protocol::OpenIdConnect),
        name: BUILT_IN_AZURE_AD.into(),
        kind: ProviderKind::EntraBuiltIn,
        caption: settings.text(&format!("{builtin_prefix}Caption")).unwrap_or("Microsoft Entra ID").to_owned(),
        authentication_type: None,
        enabled: builtin_problems.is_empty(),
        disabled: !builtin_switch,
        problems: builtin_problems,
        is_default: false,
        actions: vec![ProviderAction::Edit],
        editable: BUILT_IN_EDITABLE.iter().map(|k| (*k).to_owned()).collect(),
        settings: builtin_settings,
        certificates: Vec::new(),
    });

    for ((protocol, lower), name) in provider_names(settings) {
        if protocol == Protocol::OpenIdConnect && lower == BUILT_IN_AZURE_AD.to_ascii_lowercase() {
            continue;
        }
        out.push(provider_view(settings, protocol, &name, external, login_button.as_deref(), portal_app_id));
    }
    out
}

fn provider_view(
    settings: &Settings,
    protocol: Protocol,
    name: &str,
    external: bool,
    login_button: Option<&str>,
    portal_app_id: &str,
) -> IdentityProvider {
    use ProblemKind::{RejectedValue, SwitchedOff};
    let prefix = format!("{}{name}/", protocol.prefix());
    let has = |key: &str| settings.text(&format!("{prefix}{key}")).is_some();
    let text = |key: &str| settings.text(&format!("{prefix}{key}")).map(str::to_owned);
    let records: Vec<_> = settings
        .records()
        .iter()
        .filter(|r| {
            catalogue::split_provider_setting(&r.name)
                .is_some_and(|p| p.protocol == protocol && p.provider.eq_ignore_ascii_case(name))
        })
        .collect();
    let disabled = !records.is_empty() && records.iter().all(|r| !r.active);

    let mut problems = Vec::new();
    if disabled {
        problems.push(ProviderProblem::new(SwitchedOff, "Disabled: its settings are deactivated."));
    }
    if !external {
        problems.push(external_login_off());
    }
    let authentication_type = match protocol {
        Protocol::OpenIdConnect => {
            if !has("ClientId") {
                problems.push(missing("ClientId is missing: the runtime does not load the provider."));
            }
            let discoverable = has("Authority") || (has("MetadataAddress") && has("AuthenticationType"));
            if !discoverable {
                problems.push(missing(if has("MetadataAddress") {
                    "AuthenticationType is needed with MetadataAddress when there is no Authority."
                } else {
                    "Authority (or MetadataAddress with AuthenticationType) is missing: the runtime does not load the provider."
                }));
            }
            if text("ClientId").is_some_and(|id| id.trim().eq_ignore_ascii_case(portal_app_id.trim())) {
                problems.push(ProviderProblem::new(RejectedValue, "ClientId is the portal's own application id, which the runtime rejects: register a separate app for this provider."));
            }
            text("AuthenticationType").or_else(|| text("Authority"))
        }
        Protocol::OAuth2 => {
            let (id_key, secret_key) = oauth_credential_keys(name);
            let id = has(id_key) || has("ClientId");
            let secret = settings.has_secret(&format!("{prefix}{secret_key}"))
                || settings.has_secret(&format!("{prefix}ClientSecret"));
            if !id {
                problems.push(missing(format!(
                    "{id_key} is missing: the runtime loads the provider only with both id and secret."
                )));
            }
            if !secret {
                problems.push(missing(format!(
                    "{secret_key} is missing: the runtime loads the provider only with both id and secret."
                )));
            }
            Some(text("AuthenticationType").unwrap_or_else(|| name.to_owned()))
        }
        Protocol::Saml2 => {
            if !has("MetadataAddress") {
                problems.push(missing("MetadataAddress is missing."));
            }
            if !has("ServiceProviderRealm") && !has("Wtrealm") {
                problems.push(missing("ServiceProviderRealm is missing."));
            }
            if !has("AssertionConsumerServiceUrl") && !has("Wreply") {
                problems.push(missing("AssertionConsumerServiceUrl is missing."));
            }
            Some(text("AuthenticationType").unwrap_or_else(|| name.to_owned()))
        }
        Protocol::WsFederation => {
            if !has("MetadataAddress") {
                problems.push(missing("MetadataAddress is missing."));
            }
            if !has("Wtrealm") && !has("Wreply") {
                problems.push(missing("Wtrealm (or Wreply) is missing."));
            }
            Some(text("AuthenticationType").unwrap_or_else(|| name.to_owned()))
        }
    };
    let caption = text("Caption").unwrap_or_else(|| name.to_owned());
    let is_default = matches!((login_button, &authentication_type), (Some(b), Some(t)) if b == t);
    let provider_settings = catalogue::provider_settings_for(protocol)
        .map(|template| catalogue::provider_def(protocol, name, template))
        .map(|def: SettingDef| settings.effective_of(&def))
        .collect();
    let actions = [
        Some(ProviderAction::Edit),
        (protocol == Protocol::OpenIdConnect).then_some(ProviderAction::TestConnection),
        matches!(protocol, Protocol::Saml2 | Protocol::WsFederation).then_some(ProviderAction::ImportMetadata),
        // Only a loaded provider can become the Sign in button's; the default one can be cleared.
        (authentication_type.is_some() && (problems.is_empty() || is_default)).then_some(ProviderAction::MakeDefault),
        Some(ProviderAction::Remove),
    ]
    .into_iter()
    .flatten()
    .collect();
    IdentityProvider {
        key: provider_key(protocol, name),
        protocol: Some(protocol),
        name: name.to_owned(),
        kind: kind_of(protocol, name, settings, &prefix),
        caption,
        authentication_type,
        enabled: problems.is_empty(),
        disabled,
        problems,
        is_default,
        actions,
        editable: catalogue::provider_settings_for(protocol).map(|t| t.key.to_owned()).collect(),
        settings: provider_settings,
        certificates: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::settings::effective::SiteSetting;

    const APP: &str = "5f2d8c1e-3a4b-4c6d-8e9f-0a1b2c3d4e5f";

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        Settings::new(pairs.iter().map(|(n, v)| SiteSetting::new(*n, Some((*v).to_owned()))).collect())
    }

    #[test]
    fn an_openid_provider_loads_only_with_client_id_and_authority() {
        let s = settings(&[
            ("Authentication/OpenIdConnect/AzureADB2C/ClientId", "11111111-2222-3333-4444-555555555555"),
            (
                "Authentication/OpenIdConnect/AzureADB2C/Authority",
                "https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0/",
            ),
            ("Authentication/OpenIdConnect/Okta/ClientId", "okta-client"),
        ]);
        let all = providers(&s, APP);
        let b2c = all.iter().find(|p| p.name == "AzureADB2C").unwrap();
        assert!(b2c.enabled, "{:?}", b2c.problems);
        assert_eq!(b2c.kind, ProviderKind::OidcAzureAdB2c);
        assert_eq!(
            b2c.authentication_type.as_deref(),
            Some("https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0/")
        );
        let okta = all.iter().find(|p| p.name == "Okta").unwrap();
        assert!(!okta.enabled);
        assert!(okta.problems[0].message.starts_with("Authority (or MetadataAddress"), "{:?}", okta.problems);
        assert_eq!(okta.problems[0].kind, ProblemKind::MissingSetting);
    }

    #[test]
    fn an_oauth_provider_needs_its_own_id_and_secret_names() {
        let mut records = vec![SiteSetting::new("Authentication/OpenAuth/Facebook/AppId", Some("123".into()))];
        let all = providers(&Settings::new(records.clone()), APP);
        let fb = all.iter().find(|p| p.name == "Facebook").unwrap();
        assert_eq!(
            fb.problems,
            vec![missing("AppSecret is missing: the runtime loads the provider only with both id and secret.")]
        );
        let mut secret = SiteSetting::new("Authentication/OpenAuth/Facebook/AppSecret", None);
        secret.secret_in_keyring = true;
        records.push(secret);
        let all = providers(&Settings::new(records), APP);
        let fb = all.iter().find(|p| p.name == "Facebook").unwrap();
        assert!(fb.enabled && fb.kind == ProviderKind::Facebook, "{:?}", fb.problems);
        assert_eq!(fb.authentication_type.as_deref(), Some("Facebook"));
    }

    #[test]
    fn local_and_built_in_providers_follow_their_switches_and_external_login() {
        let s = settings(&[
            ("Authentication/Registration/LocalLoginEnabled", "true"),
            ("Authentication/Registration/ExternalLoginEnabled", "false"),
        ]);
        let all = providers(&s, APP);
        assert!(all[0].enabled && all[0].kind == ProviderKind::Local);
        assert!(!all[1].enabled && !all[1].disabled, "the built-in provider is on but external login is off");
    }

    #[test]
    fn a_provider_whose_settings_are_all_inactive_is_disabled_and_the_default_is_marked() {
        let mut records = vec![
            SiteSetting::new(
                "Authentication/WsFederation/ADFS/MetadataAddress",
                Some("https://adfs.contoso.com/FederationMetadata/2007-06/FederationMetadata.xml".into()),
            ),
            SiteSetting::new("Authentication/WsFederation/ADFS/Wtrealm", Some("https://portal.contoso.com/".into())),
            SiteSetting::new(
                "Authentication/WsFederation/ADFS/AuthenticationType",
                Some("http://adfs.contoso.com/adfs/services/trust".into()),
            ),
            SiteSetting::new(
                "Authentication/Registration/LoginButtonAuthenticationType",
                Some("http://adfs.contoso.com/adfs/services/trust".into()),
            ),
        ];
        let adfs = providers(&Settings::new(records.clone()), APP).pop().unwrap();
        assert!(adfs.enabled && adfs.is_default, "{:?}", adfs.problems);
        for r in records.iter_mut().take(3) {
            r.active = false;
        }
        let adfs = providers(&Settings::new(records), APP).pop().unwrap();
        assert!(adfs.disabled && !adfs.enabled && !adfs.is_default);
        assert_eq!(adfs.problems[0].message, "Disabled: its settings are deactivated.");
        assert_eq!(adfs.problems[0].kind, ProblemKind::SwitchedOff);
    }

    #[test]
    fn a_client_id_equal_to_the_portal_app_id_is_a_problem() {
        let s = settings(&[
            ("Authentication/OpenIdConnect/Entra/ClientId", APP),
            ("Authentication/OpenIdConnect/Entra/Authority", "https://login.microsoftonline.com/t/v2.0"),
        ]);
        let p = providers(&s, APP).pop().unwrap();
        assert_eq!(p.kind, ProviderKind::OidcEntraId);
        assert!(p
            .problems
            .iter()
            .any(|m| m.kind == ProblemKind::RejectedValue && m.message.contains("portal's own application id")));
    }

    #[test]
    fn each_provider_offers_only_the_actions_the_core_accepts_for_it() {
        use ProviderAction::*;
        let s = settings(&[
            ("Authentication/OpenIdConnect/Okta/ClientId", "okta-client"),
            ("Authentication/OpenIdConnect/Okta/Authority", "https://contoso.okta.com/"),
            ("Authentication/SAML2/Shibboleth/MetadataAddress", "https://idp.contoso.com/metadata"),
            ("Authentication/OpenAuth/Facebook/AppId", "123"),
        ]);
        let all = providers(&s, APP);
        let of = |key: &str| all.iter().find(|p| p.key == key).unwrap();
        assert!(of("local").actions.is_empty() && of("local").editable.is_empty());
        let builtin = of("azure_ad_built_in");
        assert_eq!(builtin.actions, vec![Edit]);
        assert_eq!(builtin.editable, BUILT_IN_EDITABLE.to_vec());
        let okta = of("OpenIdConnect/Okta");
        assert_eq!(okta.actions, vec![Edit, TestConnection, MakeDefault, Remove]);
        assert!(okta.editable.iter().any(|k| k == "ClientSecret") && okta.editable.iter().any(|k| k == "Authority"));
        // Not loaded (no realm or reply URL; no app secret): not offered as the Sign in button's.
        assert_eq!(of("SAML2/Shibboleth").actions, vec![Edit, ImportMetadata, Remove]);
        assert_eq!(of("OpenAuth/Facebook").actions, vec![Edit, Remove]);
        assert!(!of("OpenAuth/Facebook").editable.iter().any(|k| k == "Authority"), "OAuth has no authority");
    }

    #[test]
    fn the_kind_follows_the_provider_name_or_its_addresses() {
        use ProviderKind::*;
        let s = settings(&[
            ("Authentication/OpenAuth/Twitter/ConsumerKey", "k"),
            ("Authentication/OpenAuth/LinkedIn/ConsumerKey", "k"),
            ("Authentication/OpenAuth/Yahoo/ClientId", "k"),
            ("Authentication/OpenAuth/microsoft/ClientId", "k"),
            ("Authentication/OpenAuth/Strava/ClientId", "k"),
            ("Authentication/OpenIdConnect/Staff/Authority", "https://login.microsoftonline.com/t/v2.0"),
            ("Authentication/OpenIdConnect/Okta/Authority", "https://contoso.okta.com/"),
            (
                "Authentication/SAML2/Entra/MetadataAddress",
                "https://login.microsoftonline.com/t/federationmetadata/2007-06/federationmetadata.xml",
            ),
            ("Authentication/SAML2/Corp/MetadataAddress", "https://sts.contoso.com/adfs/ls/"),
            ("Authentication/SAML2/Shib/MetadataAddress", "https://idp.example.edu/metadata"),
            (
                "Authentication/WsFederation/Entra/MetadataAddress",
                "https://login.windows.net/t/federationmetadata/2007-06/federationmetadata.xml",
            ),
            ("Authentication/WsFederation/Corp/MetadataAddress", "https://sts.contoso.com/adfs/fs/"),
            ("Authentication/WsFederation/Other/MetadataAddress", "https://sts.example.com/metadata"),
        ]);
        let kinds: Vec<(String, ProviderKind)> = providers(&s, APP)
            .into_iter()
            .filter(|p| p.protocol.is_some() && p.key != "azure_ad_built_in")
            .map(|p| (p.key, p.kind))
            .collect();
        let kind = |key: &str| kinds.iter().find(|(k, _)| k == key).map(|(_, kind)| *kind);
        assert_eq!(kind("OpenAuth/Twitter"), Some(Twitter));
        assert_eq!(kind("OpenAuth/LinkedIn"), Some(LinkedIn));
        assert_eq!(kind("OpenAuth/Yahoo"), Some(Yahoo));
        assert_eq!(kind("OpenAuth/microsoft"), Some(Microsoft), "names match ignoring case");
        assert_eq!(kind("OpenAuth/Strava"), Some(OAuthOther));
        assert_eq!(kind("OpenIdConnect/Staff"), Some(OidcEntraId));
        assert_eq!(kind("OpenIdConnect/Okta"), Some(OidcOther));
        assert_eq!(kind("SAML2/Entra"), Some(SamlEntraId));
        assert_eq!(kind("SAML2/Corp"), Some(SamlAdfs));
        assert_eq!(kind("SAML2/Shib"), Some(SamlOther));
        assert_eq!(kind("WsFederation/Entra"), Some(WsFedEntraId));
        assert_eq!(kind("WsFederation/Corp"), Some(WsFedAdfs));
        assert_eq!(kind("WsFederation/Other"), Some(WsFedOther));
    }
}
