//! Identity-provider operations: list, add, edit, enable/disable, remove, choose the default,
//! test an OpenID Connect provider, and import SAML 2.0 / WS-Federation metadata. Providers are
//! views over site settings, so every write is a settings write (one audited path).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::discovery::{self, OidcExpectations, OidcReport};
use crate::domain::federation::{self, FederationMetadata};
use crate::domain::settings::catalogue::{self, Protocol, BUILT_IN_AZURE_AD};
use crate::domain::settings::providers::{
    self as views, oauth_credential_keys, provider_key, IdentityProvider, ProviderAction, BUILT_IN_EDITABLE,
};
use crate::domain::settings::{Settings, SiteSetting};
use crate::domain::{FieldErrorCode, Portal, ValidationErrors};
use crate::error::{Error, Result};
use crate::ops::settings::{change_for, check_value, forget_orphaned, load, secret_value, write};
use crate::ops::Core;
use crate::store::{ProviderMetadataWrite, SettingChange};

/// Longest provider name (the segment between the protocol and the setting name).
pub const PROVIDER_NAME_MAX_CHARS: usize = 50;

/// Every provider of the portal with the signing certificates tracked for it.
pub async fn list(core: &Core, portal: &Portal) -> Result<Vec<IdentityProvider>> {
    let settings = load(core, portal).await?;
    let certificates = core.store().provider_certificates(portal.id).await?;
    let mut all = views::providers(&settings, &portal.app_id);
    for p in &mut all {
        p.certificates = certificates.iter().filter(|c| c.provider_key.eq_ignore_ascii_case(&p.key)).cloned().collect();
    }
    Ok(all)
}

/// The provider a person means: its key (`OpenIdConnect/B2C`, `local`, `azure_ad_built_in`) or
/// its name when that is unambiguous.
pub async fn resolve(core: &Core, portal: &Portal, query: &str) -> Result<IdentityProvider> {
    let q = query.trim();
    let all = list(core, portal).await?;
    let mut found: Vec<IdentityProvider> = all.iter().filter(|p| p.key.eq_ignore_ascii_case(q)).cloned().collect();
    if found.is_empty() {
        found = all.into_iter().filter(|p| p.name.eq_ignore_ascii_case(q)).collect();
    }
    match found.len() {
        0 => Err(Error::ProviderNotFound { portal: portal.name.clone(), provider: q.to_owned() }),
        1 => Ok(found.remove(0)),
        _ => Err(Error::PortalAmbiguous {
            query: q.to_owned(),
            candidates: found.iter().map(|p| p.key.clone()).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// A new provider: protocol, name and its settings by last name segment (`ClientId` → value).
/// Secret settings (`ClientSecret`, `AppSecret`, `ConsumerSecret`) go to the OS keyring.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct ProviderDraft {
    pub protocol: Option<Protocol>,
    pub name: String,
    pub values: BTreeMap<String, String>,
}

fn check_provider_name(name: &str, errors: &mut ValidationErrors) {
    if name.is_empty() {
        errors.push(
            "name",
            FieldErrorCode::Required,
            "A provider needs a name (e.g. AzureADB2C, OpenIdConnect_1, ADFS).",
        );
    } else if name.chars().count() > PROVIDER_NAME_MAX_CHARS {
        errors.push(
            "name",
            FieldErrorCode::TooLong,
            format!("Provider names are at most {PROVIDER_NAME_MAX_CHARS} characters."),
        );
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
        errors.push(
            "name",
            FieldErrorCode::InvalidValue,
            format!("\"{name}\" cannot be a provider name: use letters, digits, _ - and . only (it becomes part of setting names)."),
        );
    }
}

/// Checks each value against its template; returns canonical values by canonical key.
fn check_values(
    protocol: Protocol,
    name: &str,
    values: &BTreeMap<String, Option<String>>,
    portal: &Portal,
    errors: &mut ValidationErrors,
) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for (key, value) in values {
        let Some(template) =
            catalogue::provider_settings_for(protocol).find(|t| t.key.eq_ignore_ascii_case(key.trim()))
        else {
            errors.push(
                key,
                FieldErrorCode::InvalidValue,
                format!("{} providers have no setting {key}.", protocol.title()),
            );
            continue;
        };
        let full = format!("{}{name}/{}", protocol.prefix(), template.key);
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => out.push((template.key.to_owned(), None)),
            Some(v) => match check_value(&full, v) {
                Ok(canonical) => {
                    if matches!(template.key, "ClientId" | "AppId" | "ConsumerKey")
                        && canonical.trim().eq_ignore_ascii_case(portal.app_id.trim())
                    {
                        errors.push(
                            template.key,
                            FieldErrorCode::InvalidValue,
                            "This is the portal's own application id, which the runtime rejects for a provider: register a separate application.",
                        );
                    }
                    out.push((template.key.to_owned(), Some(canonical)));
                }
                Err(e) => {
                    for f in e.field_errors() {
                        errors.push(template.key, f.code, f.message.clone());
                    }
                }
            },
        }
    }
    out
}

/// What a protocol needs for the runtime to load the provider.
fn check_required(protocol: Protocol, name: &str, values: &BTreeMap<&str, bool>, errors: &mut ValidationErrors) {
    let has = |k: &str| values.get(k).copied().unwrap_or(false);
    let need =
        |errors: &mut ValidationErrors, k: &str, why: &str| errors.push(k, FieldErrorCode::Required, why.to_owned());
    match protocol {
        Protocol::OpenIdConnect => {
            if !has("ClientId") {
                need(errors, "ClientId", "OpenID Connect providers need the ClientId of their app registration.");
            }
            let discoverable = has("Authority") || (has("MetadataAddress") && has("AuthenticationType"));
            if !discoverable {
                need(
                    errors,
                    "Authority",
                    "OpenID Connect providers need an Authority (or a MetadataAddress with an AuthenticationType).",
                );
            }
            if name.eq_ignore_ascii_case(BUILT_IN_AZURE_AD) {
                errors.push(
                    "name",
                    FieldErrorCode::Taken,
                    "AzureAD is the built-in Microsoft Entra ID provider's name; choose another.",
                );
            }
        }
        Protocol::OAuth2 => {
            let (id, secret) = oauth_credential_keys(name);
            if !has(id) && !has("ClientId") {
                need(errors, id, &format!("{name} needs its {id}."));
            }
            if !has(secret) && !has("ClientSecret") {
                need(errors, secret, &format!("{name} needs its {secret} (kept in the OS keyring)."));
            }
        }
        Protocol::Saml2 => {
            if !has("MetadataAddress") {
                need(errors, "MetadataAddress", "SAML 2.0 providers need the URL of their federation metadata.");
            }
            if !has("ServiceProviderRealm") && !has("Wtrealm") {
                need(
                    errors,
                    "ServiceProviderRealm",
                    "SAML 2.0 providers need the portal's relying-party identifier (ServiceProviderRealm).",
                );
            }
            if !has("AssertionConsumerServiceUrl") && !has("Wreply") {
                need(
                    errors,
                    "AssertionConsumerServiceUrl",
                    "SAML 2.0 providers need the reply URL (e.g. https://<site>/signin-saml_1).",
                );
            }
        }
        Protocol::WsFederation => {
            if !has("MetadataAddress") {
                need(errors, "MetadataAddress", "WS-Federation providers need the URL of their federation metadata.");
            }
            if !has("Wtrealm") && !has("Wreply") {
                need(errors, "Wtrealm", "WS-Federation providers need the portal's realm (Wtrealm).");
            }
        }
    }
}

fn changes_for(
    settings: &Settings,
    prefix: &str,
    values: &[(String, Option<String>)],
) -> (Vec<SettingChange>, Vec<(SiteSetting, String)>) {
    let mut changes = Vec::new();
    let mut secrets = Vec::new();
    for (key, value) in values {
        let full = format!("{prefix}{key}");
        match value {
            Some(v) => {
                if let Some((c, s)) = change_for(settings, &full, v) {
                    changes.push(c);
                    secrets.extend(s);
                }
            }
            None => changes.extend(settings.records_named(&full).into_iter().cloned().map(SettingChange::Delete)),
        }
    }
    (changes, secrets)
}

/// Adds an external provider after checking that its name is free and it has what its protocol
/// needs.
pub async fn add(core: &Core, portal: &Portal, draft: ProviderDraft) -> Result<IdentityProvider> {
    let mut errors = ValidationErrors::default();
    let name = draft.name.trim().to_owned();
    check_provider_name(&name, &mut errors);
    let Some(protocol) = draft.protocol else {
        errors.push(
            "protocol",
            FieldErrorCode::Required,
            "Choose the protocol: OpenID Connect, OAuth 2.0, SAML 2.0 or WS-Federation.",
        );
        return Err(errors.into());
    };
    let settings = load(core, portal).await?;
    if errors.is_empty()
        && views::providers(&settings, &portal.app_id)
            .iter()
            .any(|p| p.protocol == Some(protocol) && p.name.eq_ignore_ascii_case(&name))
    {
        errors.push(
            "name",
            FieldErrorCode::Taken,
            format!("Portal \"{}\" already has a {} provider named {name}.", portal.name, protocol.title()),
        );
    }
    let values: BTreeMap<String, Option<String>> = draft.values.into_iter().map(|(k, v)| (k, Some(v))).collect();
    let checked = check_values(protocol, &name, &values, portal, &mut errors);
    let present: BTreeMap<&str, bool> = checked.iter().map(|(k, v)| (k.as_str(), v.is_some())).collect();
    check_required(protocol, &name, &present, &mut errors);
    errors.into_result(())?;
    let (changes, secrets) = changes_for(&settings, &format!("{}{name}/", protocol.prefix()), &checked);
    write(core, portal, changes, secrets).await?;
    resolve(core, portal, &provider_key(protocol, &name)).await
}

/// Changes some of a provider's settings: `Some(value)` sets, `None` removes.
pub async fn edit(
    core: &Core,
    portal: &Portal,
    key: &str,
    values: BTreeMap<String, Option<String>>,
) -> Result<IdentityProvider> {
    let provider = resolve(core, portal, key).await?;
    let protocol = if provider.key == "azure_ad_built_in" {
        // The built-in Entra ID provider's client, tenant and reply URL come from the portal's app
        // registration; only its presentation and claims settings live in site settings.
        let mut errors = ValidationErrors::default();
        for k in values.keys().filter(|k| !BUILT_IN_EDITABLE.iter().any(|e| e.eq_ignore_ascii_case(k.trim()))) {
            errors.push(k, FieldErrorCode::InvalidValue, format!("The built-in Microsoft Entra ID provider has no setting {k} (its client id, tenant and reply URL come from the portal's app registration)."));
        }
        errors.into_result(())?;
        Protocol::OpenIdConnect
    } else {
        external(&provider)?
    };
    let mut errors = ValidationErrors::default();
    let checked = check_values(protocol, &provider.name, &values, portal, &mut errors);
    errors.into_result(())?;
    let settings = load(core, portal).await?;
    let (changes, secrets) = changes_for(&settings, &format!("{}{}/", protocol.prefix(), provider.name), &checked);
    write(core, portal, changes, secrets).await?;
    resolve(core, portal, &provider.key).await
}

/// Refuses an action the provider's view does not offer (`IdentityProvider::actions`, decided
/// once, with the view the app shows).
fn require(provider: &IdentityProvider, action: ProviderAction, why_not: &str) -> Result<()> {
    if provider.actions.contains(&action) {
        return Ok(());
    }
    Err(Error::from(ValidationErrors::single(
        "provider",
        FieldErrorCode::InvalidValue,
        format!("{} {why_not}", provider.caption),
    )))
}

fn external(provider: &IdentityProvider) -> Result<Protocol> {
    match provider.protocol {
        Some(p) if provider.key != "local" && provider.key != "azure_ad_built_in" => Ok(p),
        _ => Err(Error::from(ValidationErrors::single(
            "provider",
            FieldErrorCode::InvalidValue,
            format!("{} is built in: it can only be enabled or disabled.", provider.caption),
        ))),
    }
}

/// Turns a provider on or off. Local sign-in and the built-in Entra ID provider have switches;
/// other providers are disabled by deactivating their settings (the runtime ignores inactive
/// records) and enabled by reactivating them.
pub async fn set_enabled(core: &Core, portal: &Portal, key: &str, enabled: bool) -> Result<IdentityProvider> {
    let provider = resolve(core, portal, key).await?;
    let settings = load(core, portal).await?;
    let switch = match provider.key.as_str() {
        "local" => Some(catalogue::LOCAL_LOGIN_ENABLED),
        "azure_ad_built_in" => Some(catalogue::AZURE_AD_LOGIN_ENABLED),
        _ => None,
    };
    let changes: Vec<SettingChange> = match switch {
        Some(name) => {
            change_for(&settings, name, if enabled { "true" } else { "false" }).map(|(c, _)| c).into_iter().collect()
        }
        None => {
            let protocol = external(&provider)?;
            settings
                .records()
                .iter()
                .filter(|r| r.active != enabled)
                .filter(|r| {
                    catalogue::split_provider_setting(&r.name)
                        .is_some_and(|p| p.protocol == protocol && p.provider.eq_ignore_ascii_case(&provider.name))
                })
                .map(|r| SettingChange::Update {
                    before: r.clone(),
                    after: SiteSetting { active: enabled, ..r.clone() },
                })
                .collect()
        }
    };
    write(core, portal, changes, Vec::new()).await?;
    resolve(core, portal, &provider.key).await
}

/// Removes an external provider: every one of its settings (and keyring secrets), its tracked
/// certificates, and the default-provider choice when it pointed at it.
pub async fn remove(core: &Core, portal: &Portal, key: &str) -> Result<IdentityProvider> {
    let provider = resolve(core, portal, key).await?;
    require(&provider, ProviderAction::Remove, "is built in: it can only be enabled or disabled.")?;
    let protocol = external(&provider)?;
    let settings = load(core, portal).await?;
    let mut changes: Vec<SettingChange> = settings
        .records()
        .iter()
        .filter(|r| {
            catalogue::split_provider_setting(&r.name)
                .is_some_and(|p| p.protocol == protocol && p.provider.eq_ignore_ascii_case(&provider.name))
        })
        .cloned()
        .map(SettingChange::Delete)
        .collect();
    if provider.is_default {
        changes.extend(
            settings
                .records_named(catalogue::LOGIN_BUTTON_AUTHENTICATION_TYPE)
                .into_iter()
                .cloned()
                .map(SettingChange::Delete),
        );
    }
    // The settings and the certificates go together, or neither does.
    core.store().remove_provider(portal.id, &provider.key, &changes, core.actor(), core.clock().now()).await?;
    forget_orphaned(core, portal, &changes, &[]).await;
    core.announce().await;
    Ok(provider)
}

/// Makes the Sign in button go straight to this provider (`None`: show every provider).
pub async fn set_default(core: &Core, portal: &Portal, key: Option<&str>) -> Result<Option<IdentityProvider>> {
    let settings = load(core, portal).await?;
    let Some(key) = key else {
        let doomed = settings
            .records_named(catalogue::LOGIN_BUTTON_AUTHENTICATION_TYPE)
            .into_iter()
            .cloned()
            .map(SettingChange::Delete)
            .collect();
        write(core, portal, doomed, Vec::new()).await?;
        return Ok(None);
    };
    let provider = resolve(core, portal, key).await?;
    let Some(auth_type) = provider.authentication_type.clone().filter(|_| provider.key != "local") else {
        return Err(Error::from(ValidationErrors::single(
            "provider",
            FieldErrorCode::InvalidValue,
            format!(
                "{} cannot be the Sign in button's provider: only external providers with an authentication type can.",
                provider.caption
            ),
        )));
    };
    if !provider.enabled {
        return Err(Error::from(ValidationErrors::single(
            "provider",
            FieldErrorCode::InvalidValue,
            format!(
                "{} is not loaded by the portal ({}), so the Sign in button would lead nowhere.",
                provider.caption,
                provider.problems_text()
            ),
        )));
    }
    if let Some((c, _)) = change_for(&settings, catalogue::LOGIN_BUTTON_AUTHENTICATION_TYPE, &auth_type) {
        write(core, portal, vec![c], Vec::new()).await?;
    }
    resolve(core, portal, &provider.key).await.map(Some)
}

/// Runs OpenID Connect discovery for a provider and checks the result against its settings.
pub async fn test(core: &Core, portal: &Portal, key: &str) -> Result<OidcReport> {
    let provider = resolve(core, portal, key).await?;
    require(
        &provider,
        ProviderAction::TestConnection,
        "is not a configured OpenID Connect provider; Test connection runs OpenID Connect discovery.",
    )?;
    let settings = load(core, portal).await?;
    let prefix = format!("{}{}/", Protocol::OpenIdConnect.prefix(), provider.name);
    let text = |k: &str| settings.text(&format!("{prefix}{k}")).map(str::to_owned);
    discovery::test_openid_provider(&OidcExpectations {
        authority: text("Authority"),
        metadata_address: text("MetadataAddress"),
        response_type: text("ResponseType"),
        scope: text("Scope"),
    })
    .await
}

/// Where federation metadata comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "from", content = "location")]
pub enum MetadataSource {
    File(String),
    Url(String),
}

/// What a metadata import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MetadataImport {
    pub provider: IdentityProvider,
    pub metadata: FederationMetadata,
    /// Settings written, by name.
    pub updated_settings: Vec<String>,
    pub warnings: Vec<String>,
}

/// Reads and parses metadata without saving anything (for previews).
pub async fn read_metadata(source: &MetadataSource) -> Result<FederationMetadata> {
    let bytes = match source {
        MetadataSource::File(path) => {
            tokio::fs::read(path).await.map_err(|source| Error::File { path: path.into(), source })?
        }
        MetadataSource::Url(url) => {
            let parsed = discovery::check_fetchable(url, "metadata address")?;
            discovery::fetch(&parsed, "federation metadata").await?
        }
    };
    let text = String::from_utf8(bytes).map_err(|_| federation::MetadataError::Malformed {
        message: "the document is not UTF-8 text".into(),
        line: 1,
        column: 1,
    })?;
    Ok(federation::parse_metadata(&text)?)
}

/// Imports a SAML 2.0 / WS-Federation provider's metadata: its entity id becomes the provider's
/// AuthenticationType (when unset), a URL source becomes its MetadataAddress, and its signing
/// certificates join the expiry watch. Creates the provider (named by `key`,
/// `SAML2/<name>` or `WsFederation/<name>`) when it does not exist yet.
pub async fn import_metadata(
    core: &Core,
    portal: &Portal,
    key: &str,
    source: MetadataSource,
) -> Result<MetadataImport> {
    let (protocol, name) = match resolve(core, portal, key).await {
        Ok(p) => (external(&p)?, p.name),
        Err(Error::ProviderNotFound { .. }) => {
            let parts = key
                .split_once('/')
                .and_then(|(proto, name)| Protocol::parse(proto).map(|p| (p, name.trim().to_owned())));
            let Some((protocol, name)) = parts else {
                return Err(Error::from(ValidationErrors::single(
                    "provider",
                    FieldErrorCode::InvalidValue,
                    format!("No provider {key}: to create one, name it SAML2/<name> or WsFederation/<name>."),
                )));
            };
            let mut errors = ValidationErrors::default();
            check_provider_name(&name, &mut errors);
            errors.into_result(())?;
            (protocol, name)
        }
        Err(e) => return Err(e),
    };
    if !matches!(protocol, Protocol::Saml2 | Protocol::WsFederation) {
        return Err(Error::from(ValidationErrors::single(
            "provider",
            FieldErrorCode::InvalidValue,
            format!("Federation metadata is for SAML 2.0 and WS-Federation providers, not {}.", protocol.title()),
        )));
    }
    let metadata = read_metadata(&source).await?;
    let settings = load(core, portal).await?;
    let prefix = format!("{}{name}/", protocol.prefix());
    let mut values: Vec<(String, Option<String>)> = Vec::new();
    let mut warnings = Vec::new();
    match &source {
        MetadataSource::Url(url) => values.push(("MetadataAddress".into(), Some(url.trim().to_owned()))),
        MetadataSource::File(_) if settings.text(&format!("{prefix}MetadataAddress")).is_none() => warnings.push(
            "The portal reads metadata from a URL: set MetadataAddress to where this document is published.".into(),
        ),
        MetadataSource::File(_) => {}
    }
    if settings.text(&format!("{prefix}AuthenticationType")).is_none() && !metadata.entity_id.is_empty() {
        values.push(("AuthenticationType".into(), Some(metadata.entity_id.clone())));
    }
    let now = core.clock().now();
    for cert in &metadata.signing_certificates {
        if cert.facts.not_after <= now {
            warnings.push(format!(
                "The signing certificate {} ({}) has expired.",
                cert.facts.thumbprint, cert.facts.subject
            ));
        }
    }
    let (changes, _) = changes_for(&settings, &prefix, &values);
    let key = provider_key(protocol, &name);
    let certs: Vec<_> = metadata.signing_certificates.iter().map(|c| (c.facts.clone(), c.der.clone())).collect();
    let write = ProviderMetadataWrite {
        provider_key: &key,
        entity_id: &metadata.entity_id,
        certificates: &certs,
        setting_changes: &changes,
    };
    core.store().save_provider_metadata(portal.id, write, core.actor(), now).await?;
    core.announce().await;
    let provider = resolve(core, portal, &key).await?;
    Ok(MetadataImport {
        provider,
        metadata,
        updated_settings: values.iter().map(|(k, _)| format!("{prefix}{k}")).collect(),
        warnings,
    })
}

/// A provider's secret (client/app/consumer secret) from the keyring, for connecting to it.
pub async fn secret(core: &Core, portal: &Portal, key: &str) -> Result<Option<String>> {
    let provider = resolve(core, portal, key).await?;
    let protocol = external(&provider)?;
    let (_, secret_key) = oauth_credential_keys(&provider.name);
    let settings = load(core, portal).await?;
    for k in [secret_key, "ClientSecret"] {
        if let Some(r) = settings.winner(&format!("{}{}/{k}", protocol.prefix(), provider.name)) {
            return secret_value(core, portal, r).await;
        }
    }
    Ok(None)
}
