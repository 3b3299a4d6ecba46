//! Settings, identity providers, OpenID Connect discovery against a real provider (npm
//! `oidc-provider` on loopback) and federation-metadata import, on a real workspace file.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use portal_admin::domain::demo;
use portal_admin::domain::settings::catalogue::*;
use portal_admin::domain::settings::{FindingRule, ProviderKind, ValueSource};
use portal_admin::domain::{AuditAction, Entity, Portal};
use portal_admin::notify::NoticeSubject;
use portal_admin::ops::providers::{MetadataSource, ProviderDraft};
use portal_admin::ops::{self, Core, CoreOptions};
use portal_admin::secrets::MemorySecrets;
use portal_admin::{Clock, ErrorCode, FixedClock};

#[path = "support/loopback.rs"]
mod loopback;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

struct Workspace {
    _dir: tempfile::TempDir,
    core: Core,
    portal: Portal,
    secrets: Arc<MemorySecrets>,
    clock: Arc<FixedClock>,
}

async fn demo_workspace() -> Workspace {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let clock = Arc::new(FixedClock::new(t("2026-11-22T09:00:00Z")));
    let core = Core::open(CoreOptions {
        data_dir: Some(dir.path().to_path_buf()),
        actor: Some("alice".into()),
        clock: Some(clock.clone()),
        secrets: Some(secrets.clone()),
        http: None,
    })
    .await
    .unwrap();
    ops::workspace::init(&core, true).await.unwrap();
    let portal = ops::portal::get(&core, demo::demo_portal_id()).await.unwrap();
    Workspace { _dir: dir, core, portal, secrets, clock }
}

fn db_bytes(w: &Workspace) -> Vec<u8> {
    let mut all = Vec::new();
    for f in ["workspace.db", "workspace.db-wal"] {
        if let Ok(b) = std::fs::read(w.core.data_dir().join(f)) {
            all.extend(b);
        }
    }
    all
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn setting_a_value_updates_the_record_the_runtime_reads_and_audits_old_and_new() {
    let w = demo_workspace().await;
    let before = ops::settings::get(&w.core, &w.portal, MAX_FAILED_ATTEMPTS).await.unwrap();
    assert_eq!(before.stored.as_deref(), Some("5"));
    let after =
        ops::settings::set(&w.core, &w.portal, "authentication/usermanager/maxfailedaccessattemptsbeforelockout", "3")
            .await
            .unwrap();
    assert_eq!(after.effective.as_deref(), Some("3"));
    assert_eq!(after.record_id, before.record_id, "the existing record is updated, not shadowed by a new one");
    let history = ops::portal::history(&w.core, w.portal.id, 1).await.unwrap();
    assert_eq!(history[0].entity, Entity::SiteSetting);
    assert_eq!(history[0].before.as_ref().unwrap()["value"], "5");
    assert_eq!(history[0].after.as_ref().unwrap()["value"], "3");
    assert_eq!(history[0].actor, "alice");
}

#[tokio::test]
async fn an_invalid_value_is_refused_with_a_field_error_and_nothing_is_written() {
    let w = demo_workspace().await;
    let trail = ops::portal::history(&w.core, w.portal.id, 1000).await.unwrap().len();
    let err = ops::settings::set(&w.core, &w.portal, LOCKOUT_TIMESPAN, "24:00:00").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(err.field_errors()[0].field, "value");
    assert!(err.to_string().contains("24 days"), "{err}");
    let err = ops::settings::set(&w.core, &w.portal, PASSWORD_REQUIRED_LENGTH, "-1").await.unwrap_err();
    assert_eq!(err.to_string(), "-1 is out of range: use a number from 1 to 128.");
    assert_eq!(ops::portal::history(&w.core, w.portal.id, 1000).await.unwrap().len(), trail);
}

#[tokio::test]
async fn unknown_settings_are_kept_and_unset_brings_the_default_back() {
    let w = demo_workspace().await;
    let list = ops::settings::list(&w.core, &w.portal).await.unwrap();
    let header = list.iter().find(|e| e.name == "HTTP/X-Frame-Options").unwrap();
    assert!(!header.in_catalogue);
    assert_eq!(header.effective.as_deref(), Some("SAMEORIGIN"));
    assert_eq!(ops::settings::unset(&w.core, &w.portal, IS_DEMO_MODE).await.unwrap(), 1);
    let demo_mode = ops::settings::get(&w.core, &w.portal, IS_DEMO_MODE).await.unwrap();
    assert_eq!((demo_mode.source, demo_mode.effective.as_deref()), (ValueSource::Default, Some("false")));
    let reset = ops::settings::reset(&w.core, &w.portal, LOCKOUT_TIMESPAN).await.unwrap();
    assert_eq!(reset.stored.as_deref(), Some("1.00:00:00"), "reset writes the default explicitly");
    let missing = ops::settings::get(&w.core, &w.portal, "No/Such/Setting").await.unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn the_checker_finds_the_demo_mistakes_and_each_fix_removes_its_finding() {
    let w = demo_workspace().await;
    let findings = ops::settings::check(&w.core, &w.portal).await.unwrap();
    let rules: Vec<FindingRule> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, vec![FindingRule::TimespanTrap, FindingRule::DemoMode, FindingRule::DuplicateName]);
    let mut remaining = findings.len();
    for f in findings {
        let left = ops::settings::fix(&w.core, &w.portal, &f.id).await.unwrap();
        assert!(left.iter().all(|x| x.id != f.id), "fixing {} removes it", f.id);
        assert_eq!(left.len(), remaining - 1);
        remaining -= 1;
    }
    assert_eq!(
        ops::settings::get(&w.core, &w.portal, LOCKOUT_TIMESPAN).await.unwrap().stored.as_deref(),
        Some("1.00:00:00")
    );
    let search = ops::settings::get(&w.core, &w.portal, "Search/Enabled").await.unwrap();
    assert!(
        search.shadowed.is_empty() && search.effective.as_deref() == Some("true"),
        "the ignored duplicate went, the first stayed"
    );
    let stale =
        ops::settings::fix(&w.core, &w.portal, "demo_mode:authentication/registration/isdemomode").await.unwrap_err();
    assert_eq!(stale.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn secrets_go_to_the_keyring_never_to_the_workspace_file_or_the_trail() {
    let w = demo_workspace().await;
    let secret = "pa55-Very-Secret-Value";
    let set =
        ops::settings::set(&w.core, &w.portal, "Authentication/OpenAuth/Google/ClientSecret", secret).await.unwrap();
    assert_eq!(set.source, ValueSource::Keyring);
    assert_eq!(w.secrets.len(), 1);
    w.core.close().await;
    assert!(!contains(&db_bytes(&w), secret), "the secret is not in the SQLite file");
    let core = Core::open(CoreOptions {
        data_dir: Some(w.core.data_dir().to_path_buf()),
        secrets: Some(w.secrets.clone()),
        ..Default::default()
    })
    .await
    .unwrap();
    let history = ops::portal::history(&core, w.portal.id, 5).await.unwrap();
    assert!(!serde_json::to_string(&history).unwrap().contains(secret));
    ops::providers::edit(
        &core,
        &w.portal,
        "OpenAuth/Google",
        [("ClientId".to_owned(), Some("google-app".to_owned()))].into(),
    )
    .await
    .unwrap();
    assert_eq!(ops::providers::secret(&core, &w.portal, "OpenAuth/Google").await.unwrap().as_deref(), Some(secret));
    assert_eq!(ops::settings::unset(&core, &w.portal, "Authentication/OpenAuth/Google/ClientSecret").await.unwrap(), 1);
    assert!(w.secrets.is_empty(), "unsetting a secret removes its keyring entry");
}

#[tokio::test]
async fn a_sign_in_button_naming_no_provider_is_cleared_by_its_fix() {
    let w = demo_workspace().await;
    ops::settings::set(&w.core, &w.portal, LOGIN_BUTTON_AUTHENTICATION_TYPE, "https://gone.example/").await.unwrap();
    let finding = ops::settings::check(&w.core, &w.portal)
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.rule == FindingRule::UnknownLoginButtonProvider)
        .expect("the dangling button is found");
    let remaining = ops::settings::fix(&w.core, &w.portal, &finding.id).await.unwrap();
    assert!(!remaining.iter().any(|f| f.rule == FindingRule::UnknownLoginButtonProvider));
    let button = ops::settings::get(&w.core, &w.portal, LOGIN_BUTTON_AUTHENTICATION_TYPE).await.unwrap();
    assert_eq!((button.record_id, button.source), (None, ValueSource::Default), "the setting is gone");
}

#[tokio::test]
async fn a_plain_text_secret_moves_to_the_keyring_with_one_fix() {
    let w = demo_workspace().await;
    // As an import from a portal folder would leave it: the value in a plain record.
    let plain = portal_admin::domain::settings::SiteSetting::new(
        "Authentication/OpenAuth/Facebook/AppSecret",
        Some("fb-plain-secret".into()),
    );
    w.core
        .store()
        .apply_setting_changes(
            w.portal.id,
            &[portal_admin::store::SettingChange::Insert(plain)],
            "import",
            w.clock.now(),
        )
        .await
        .unwrap();
    let finding = ops::settings::check(&w.core, &w.portal)
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.rule == FindingRule::PlainTextSecret)
        .unwrap();
    ops::settings::fix(&w.core, &w.portal, &finding.id).await.unwrap();
    let e = ops::settings::get(&w.core, &w.portal, "Authentication/OpenAuth/Facebook/AppSecret").await.unwrap();
    assert_eq!(e.source, ValueSource::Keyring);
    assert_eq!(w.secrets.len(), 1);
    assert!(contains(&db_bytes(&w), "Authentication/OpenAuth/Facebook/AppSecret"), "the record stays");
    assert!(!contains(&db_bytes(&w), "fb-plain-secret"), "the plain value is gone from the file and its log");
}

#[tokio::test]
async fn with_no_keyring_a_secret_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(CoreOptions {
        data_dir: Some(dir.path().to_path_buf()),
        secrets: Some(Arc::new(MemorySecrets::unavailable())),
        ..Default::default()
    })
    .await
    .unwrap();
    ops::workspace::init(&core, true).await.unwrap();
    let portal = ops::portal::get(&core, demo::demo_portal_id()).await.unwrap();
    let err = ops::settings::set(&core, &portal, "Authentication/OpenIdConnect/AzureADB2C/ClientSecret", "x")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeyringUnavailable);
    assert!(ops::settings::get(&core, &portal, "Authentication/OpenIdConnect/AzureADB2C/ClientSecret")
        .await
        .unwrap()
        .record_id
        .is_none());
}

#[tokio::test]
async fn the_password_tester_uses_the_portal_settings() {
    let w = demo_workspace().await;
    let report = ops::settings::test_password(&w.core, &w.portal, "Short1!").await.unwrap();
    assert_eq!(report.error.as_deref(), Some("Passwords must be at least 10 characters."), "the demo requires 10");
    ops::settings::set(&w.core, &w.portal, PASSWORD_REQUIRE_DIGIT, "true").await.unwrap();
    let report = ops::settings::test_password(&w.core, &w.portal, "LongEnough!x").await.unwrap();
    assert_eq!(report.error.as_deref(), Some("Passwords must have at least one digit ('0'-'9')."));
}

#[tokio::test]
async fn providers_are_added_disabled_made_default_and_removed_through_their_settings() {
    let w = demo_workspace().await;
    let draft = ProviderDraft {
        protocol: Some(Protocol::OpenIdConnect),
        name: "Okta".into(),
        values: [
            ("ClientId", "0oa1b2c3d4"),
            ("Authority", "https://contoso.okta.com/oauth2/default"),
            ("ClientSecret", "okta-secret"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect(),
    };
    let okta = ops::providers::add(&w.core, &w.portal, draft.clone()).await.unwrap();
    assert!(okta.enabled && okta.kind == ProviderKind::OidcOther, "{:?}", okta.problems);
    assert_eq!(w.secrets.len(), 1, "the client secret is in the keyring");
    let again = ops::providers::add(&w.core, &w.portal, draft).await.unwrap_err();
    assert_eq!(again.field_errors()[0].field, "name");

    let chosen = ops::providers::set_default(&w.core, &w.portal, Some("OpenIdConnect/Okta")).await.unwrap().unwrap();
    assert!(chosen.is_default);
    assert_eq!(
        ops::settings::get(&w.core, &w.portal, LOGIN_BUTTON_AUTHENTICATION_TYPE).await.unwrap().stored.as_deref(),
        Some("https://contoso.okta.com/oauth2/default")
    );

    let off = ops::providers::set_enabled(&w.core, &w.portal, "Okta", false).await.unwrap();
    assert!(off.disabled && !off.enabled);
    let findings = ops::settings::check(&w.core, &w.portal).await.unwrap();
    assert!(
        findings.iter().any(|f| f.rule == FindingRule::UnknownLoginButtonProvider),
        "the button now points at a disabled provider"
    );
    let on = ops::providers::set_enabled(&w.core, &w.portal, "Okta", true).await.unwrap();
    assert!(on.enabled && on.is_default);

    ops::providers::remove(&w.core, &w.portal, "OpenIdConnect/Okta").await.unwrap();
    assert!(w.secrets.is_empty(), "its secret left the keyring");
    assert!(ops::settings::get(&w.core, &w.portal, LOGIN_BUTTON_AUTHENTICATION_TYPE)
        .await
        .unwrap()
        .record_id
        .is_none());
    let gone = ops::providers::resolve(&w.core, &w.portal, "Okta").await.unwrap_err();
    assert_eq!(gone.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn the_built_in_entra_provider_edits_only_its_presentation_and_claims_settings() {
    let w = demo_workspace().await;
    let edited = ops::providers::edit(
        &w.core,
        &w.portal,
        "azure_ad_built_in",
        [("Caption".to_owned(), Some("Contoso staff".to_owned()))].into(),
    )
    .await
    .unwrap();
    assert_eq!(edited.caption, "Contoso staff");
    let err = ops::providers::edit(
        &w.core,
        &w.portal,
        "azure_ad_built_in",
        [("ClientId".to_owned(), Some("x".to_owned()))].into(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field_errors()[0].field, "ClientId");
}

#[tokio::test]
async fn an_incomplete_provider_is_refused_per_field() {
    let w = demo_workspace().await;
    let err = ops::providers::add(
        &w.core,
        &w.portal,
        ProviderDraft {
            protocol: Some(Protocol::OAuth2),
            name: "Twitter".into(),
            values: [("ConsumerKey".to_owned(), w.portal.app_id.clone())].into(),
        },
    )
    .await
    .unwrap_err();
    let fields: Vec<&str> = err.field_errors().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, vec!["ConsumerKey", "ConsumerSecret"], "{err}");
    assert!(err.field_errors()[0].message.contains("portal's own application id"));
    let err = ops::providers::add(
        &w.core,
        &w.portal,
        ProviderDraft {
            protocol: Some(Protocol::OpenIdConnect),
            name: "Contoso Login".into(),
            values: Default::default(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.field_errors()[0].field, "name");
    assert!(err.field_errors()[0].message.contains("letters, digits"), "{err}");
    let err = ops::providers::add(
        &w.core,
        &w.portal,
        ProviderDraft { protocol: Some(Protocol::Saml2), name: "ADFS".into(), values: Default::default() },
    )
    .await
    .unwrap_err();
    let fields: Vec<&str> = err.field_errors().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, vec!["MetadataAddress", "ServiceProviderRealm", "AssertionConsumerServiceUrl"]);
}

// ---- federation metadata ----

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metadata").join(name)
}

#[tokio::test]
async fn entra_metadata_fills_the_provider_and_its_certificate_joins_the_expiry_watch() {
    let w = demo_workspace().await;
    let import = ops::providers::import_metadata(
        &w.core,
        &w.portal,
        "SAML2/EntraSaml",
        MetadataSource::File(fixture("entra-federationmetadata.xml").to_string_lossy().into()),
    )
    .await
    .unwrap();
    assert_eq!(import.metadata.entity_id, "https://sts.windows.net/8f3c2a4e-1b5d-4c7e-9a2f-6d8e0b1c3a5f/");
    assert_eq!(import.metadata.signing_certificates.len(), 1);
    assert_eq!(import.metadata.signing_certificates[0].facts.thumbprint, "2C72145D54038D6A78CF9C8756B29B074C4C04B6");
    assert_eq!(import.metadata.signing_certificates[0].facts.not_after, t("2027-03-01T00:00:00Z"));
    assert_eq!(
        import.metadata.saml_sign_in[0].location,
        "https://login.microsoftonline.com/8f3c2a4e-1b5d-4c7e-9a2f-6d8e0b1c3a5f/saml2"
    );
    let sign_out: Vec<&str> = import.metadata.saml_sign_out.iter().map(|e| e.location.as_str()).collect();
    assert_eq!(sign_out, vec!["https://login.microsoftonline.com/8f3c2a4e-1b5d-4c7e-9a2f-6d8e0b1c3a5f/saml2"]);
    assert_eq!(
        import.metadata.ws_fed_passive_endpoint.as_deref(),
        Some("https://login.microsoftonline.com/8f3c2a4e-1b5d-4c7e-9a2f-6d8e0b1c3a5f/wsfed")
    );
    assert_eq!(import.provider.authentication_type.as_deref(), Some(import.metadata.entity_id.as_str()));
    assert_eq!(import.provider.certificates.len(), 1);
    assert!(import.warnings.iter().any(|m| m.contains("MetadataAddress")), "a file import asks for the published URL");

    let expiries = ops::notify::provider_certificate_expiries(&w.core).await.unwrap();
    assert_eq!(expiries.len(), 1);
    assert_eq!(expiries[0].provider_key, "SAML2/EntraSaml");
    assert_eq!(expiries[0].severity, portal_admin::domain::key::Severity::Ok, "99 days ahead");
    assert_eq!(expiries[0].next_milestone, Some(t("2026-12-01T00:00:00Z")), "the 90-days-before reminder");

    // Seven days before the certificate expires, the watch reminds about it like about the key.
    w.clock.set(t("2027-02-22T09:00:00Z"));
    let reports = ops::notify::run(&w.core, None, true, &[]).await.unwrap();
    let cert = reports
        .iter()
        .find(|r| matches!(&r.notice.subject, NoticeSubject::SigningCertificate { provider_key } if provider_key == "SAML2/EntraSaml"))
        .expect("a notice about the signing certificate");
    assert_eq!(cert.notice.milestone, "7d-before");
    assert_eq!(cert.notice.thumbprint, "2C72145D54038D6A78CF9C8756B29B074C4C04B6");
    assert!(cert.notice.title.contains("EntraSaml signing certificate expires in 7 days"), "{}", cert.notice.title);
}

#[tokio::test]
async fn removing_a_provider_takes_its_settings_and_certificates_together_or_neither() {
    let w = demo_workspace().await;
    let key = "SAML2/EntraSaml";
    ops::providers::import_metadata(
        &w.core,
        &w.portal,
        key,
        MetadataSource::File(fixture("entra-federationmetadata.xml").to_string_lossy().into()),
    )
    .await
    .unwrap();
    assert_eq!(ops::notify::provider_certificate_expiries(&w.core).await.unwrap().len(), 1);
    // The import is on the trail: the certificate it started tracking and the settings it wrote.
    let imported = ops::portal::history(&w.core, w.portal.id, 50).await.unwrap();
    let cert_created = imported
        .iter()
        .find(|h| h.entity == Entity::ProviderCertificate && h.action == AuditAction::Created)
        .expect("the tracked certificate is audited");
    assert_eq!(cert_created.after.as_ref().unwrap()["provider_key"], key);
    let wrote = |h: &&portal_admin::domain::AuditEntry| {
        h.entity == Entity::SiteSetting
            && h.after
                .as_ref()
                .and_then(|a| a["name"].as_str())
                .is_some_and(|n| n.starts_with("Authentication/SAML2/EntraSaml/"))
    };
    assert!(imported.iter().any(|h| wrote(&h)), "the provider's settings written by the import are audited");

    // Another program makes the workspace refuse to delete settings: the removal fails as a whole.
    let url = format!("sqlite://{}", w.core.data_dir().join("workspace.db").display());
    let mut other = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url).await.unwrap();
    sqlx::query("CREATE TRIGGER refuse BEFORE DELETE ON site_setting BEGIN SELECT RAISE(ABORT, 'refused'); END")
        .execute(&mut other)
        .await
        .unwrap();
    let err = ops::providers::remove(&w.core, &w.portal, key).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Database, "{err}");
    assert!(ops::providers::resolve(&w.core, &w.portal, key).await.is_ok(), "the settings are still there");
    assert_eq!(
        ops::notify::provider_certificate_expiries(&w.core).await.unwrap().len(),
        1,
        "the certificate stays with its provider"
    );

    let entries_before = ops::portal::history(&w.core, w.portal.id, 500).await.unwrap().len();
    let stored = ops::providers::resolve(&w.core, &w.portal, key).await.unwrap();
    let records = stored.settings.iter().filter(|s| s.record_id.is_some()).count();
    sqlx::query("DROP TRIGGER refuse").execute(&mut other).await.unwrap();
    ops::providers::remove(&w.core, &w.portal, key).await.unwrap();
    assert!(ops::providers::resolve(&w.core, &w.portal, key).await.is_err());
    assert!(ops::notify::provider_certificate_expiries(&w.core).await.unwrap().is_empty());
    // The removal is on the trail: each deleted setting and the certificate, with what they held.
    let trail = ops::portal::history(&w.core, w.portal.id, 500).await.unwrap();
    let removal = &trail[..trail.len() - entries_before];
    assert!(removal.iter().all(|h| h.action == AuditAction::Deleted && h.actor == "alice" && h.after.is_none()));
    assert_eq!(removal.iter().filter(|h| h.entity == Entity::ProviderCertificate).count(), 1);
    let settings = removal.iter().filter(|h| h.entity == Entity::SiteSetting).count();
    assert!(records > 0);
    assert_eq!(settings, records, "every setting record of the provider");
}

#[tokio::test]
async fn only_signing_keys_count_and_bad_metadata_gets_a_specific_error() {
    let w = demo_workspace().await;
    let adfs = ops::providers::read_metadata(&MetadataSource::File(
        fixture("adfs-federationmetadata.xml").to_string_lossy().into(),
    ))
    .await
    .unwrap();
    let thumbprints: Vec<&str> = adfs.signing_certificates.iter().map(|c| c.facts.thumbprint.as_str()).collect();
    assert_eq!(
        thumbprints,
        vec!["76FC32EC7AC13C9774F1870F3F264226412534E0"],
        "the encryption certificate is not a signing key"
    );
    assert_eq!(adfs.entity_id, "http://adfs.contoso.com/adfs/services/trust");

    let none = ops::providers::import_metadata(
        &w.core,
        &w.portal,
        "SAML2/X",
        MetadataSource::File(fixture("no-signing-cert.xml").to_string_lossy().into()),
    )
    .await
    .unwrap_err();
    assert_eq!(none.code(), ErrorCode::NoSigningCertificate);
    assert!(none.to_string().contains("no signing certificate"), "{none}");
    let broken = ops::providers::import_metadata(
        &w.core,
        &w.portal,
        "SAML2/X",
        MetadataSource::File(fixture("malformed.xml").to_string_lossy().into()),
    )
    .await
    .unwrap_err();
    assert_eq!(broken.code(), ErrorCode::MalformedMetadata);
    assert!(broken.to_string().contains("line 102"), "{broken}");
    assert!(ops::providers::resolve(&w.core, &w.portal, "SAML2/X").await.is_err(), "nothing was half-imported");
}

/// Serves a metadata file over HTTP on loopback; returns its URL.
fn serve_metadata(body: Vec<u8>) -> String {
    let port = loopback::serve("application/xml", body);
    format!("http://127.0.0.1:{port}/FederationMetadata/2007-06/FederationMetadata.xml")
}

#[tokio::test]
async fn metadata_from_a_url_becomes_the_metadata_address_and_reimport_replaces_certificates() {
    let w = demo_workspace().await;
    let url = serve_metadata(std::fs::read(fixture("adfs-federationmetadata.xml")).unwrap());
    let import =
        ops::providers::import_metadata(&w.core, &w.portal, "WsFederation/ADFS", MetadataSource::Url(url.clone()))
            .await
            .unwrap();
    assert_eq!(import.provider.kind, ProviderKind::WsFedAdfs);
    assert!(import.updated_settings.contains(&"Authentication/WsFederation/ADFS/MetadataAddress".to_owned()));
    assert_eq!(
        ops::settings::get(&w.core, &w.portal, "Authentication/WsFederation/ADFS/MetadataAddress")
            .await
            .unwrap()
            .stored,
        Some(url)
    );
    assert_eq!(import.provider.certificates[0].thumbprint, "76FC32EC7AC13C9774F1870F3F264226412534E0");
    // The provider rolled its certificate over: a re-import tracks the new one only.
    let again = ops::providers::import_metadata(
        &w.core,
        &w.portal,
        "WsFederation/ADFS",
        MetadataSource::File(fixture("entra-federationmetadata.xml").to_string_lossy().into()),
    )
    .await
    .unwrap();
    let thumbprints: Vec<&str> = again.provider.certificates.iter().map(|c| c.thumbprint.as_str()).collect();
    assert_eq!(thumbprints, vec!["2C72145D54038D6A78CF9C8756B29B074C4C04B6"]);
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let err = ops::providers::read_metadata(&MetadataSource::Url(format!("http://127.0.0.1:{closed}/metadata.xml")))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unreachable);
    let err = ops::providers::read_metadata(&MetadataSource::Url("http://adfs.contoso.com/metadata.xml".into()))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation, "plain http is only for loopback");
}

// ---- OpenID Connect against a real provider ----

/// The npm `oidc-provider` started by tests/oidc/server.mjs; stops when dropped.
struct OidcProvider {
    child: Child,
    port: u16,
}

impl OidcProvider {
    /// Starts the provider and waits for its `LISTENING <port>` line. A start that has not
    /// announced itself within 30 s is killed and tried again (twice at most): once, under load,
    /// a node process stalled before listening.
    fn start(env: &[(&str, &str)]) -> Self {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc/server.mjs");
        for attempt in 1..=3 {
            let mut child = Command::new("node")
                .arg(&script)
                .envs(env.iter().copied())
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("node runs tests/oidc/server.mjs (scripts/setup installs its packages)");
            let stdout = child.stdout.take().unwrap();
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut line = String::new();
                let _ = BufReader::new(stdout).read_line(&mut line);
                let _ = tx.send(line);
            });
            match rx.recv_timeout(std::time::Duration::from_secs(30)) {
                Ok(line) => {
                    let port = line
                        .trim()
                        .strip_prefix("LISTENING ")
                        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
                        .parse()
                        .unwrap();
                    return Self { child, port };
                }
                Err(_) => {
                    eprintln!("the OpenID provider did not start within 30 s (attempt {attempt}); starting it again");
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
        }
        panic!("the OpenID provider did not start in three attempts");
    }

    fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn add_oidc(w: &Workspace, name: &str, values: &[(&str, &str)]) {
    let mut all: std::collections::BTreeMap<String, String> =
        values.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    all.entry("ClientId".into()).or_insert_with(|| "portal-client".into());
    ops::providers::add(
        &w.core,
        &w.portal,
        ProviderDraft { protocol: Some(Protocol::OpenIdConnect), name: name.into(), values: all },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn test_connection_reports_what_a_real_openid_provider_publishes() {
    let provider = OidcProvider::start(&[("OIDC_ISSUER_SUFFIX", "/tenant-a/v2.0")]);
    let w = demo_workspace().await;
    let authority = format!("{}/tenant-a/v2.0", provider.issuer());
    add_oidc(
        &w,
        "Local",
        &[("Authority", &authority), ("ResponseType", "code"), ("Scope", "openid email unknown_scope")],
    )
    .await;
    let report = ops::providers::test(&w.core, &w.portal, "OpenIdConnect/Local").await.unwrap();
    assert_eq!(report.issuer, authority);
    assert_eq!(report.discovery_url, format!("{authority}/.well-known/openid-configuration"));
    assert_eq!(report.authorization_endpoint, format!("{authority}/auth"));
    assert_eq!(report.token_endpoint.as_deref(), Some(format!("{authority}/token").as_str()));
    assert_eq!(report.userinfo_endpoint.as_deref(), Some(format!("{authority}/me").as_str()));
    assert_eq!(report.end_session_endpoint.as_deref(), Some(format!("{authority}/session/end").as_str()));
    assert_eq!(report.signing_keys.len(), 1);
    assert_eq!(report.signing_keys[0].kid.as_deref(), Some("test-rsa-1"));
    assert_eq!(report.signing_keys[0].kty, "RSA");
    assert!(
        report.response_types_supported.contains(&"code id_token".to_owned()),
        "{:?}",
        report.response_types_supported
    );
    assert!(report.scopes_supported.contains(&"email".to_owned()));
    assert_eq!(report.warnings, vec!["The provider does not list the scope(s) unknown_scope.".to_owned()]);
}

#[tokio::test]
async fn a_metadata_address_alone_is_discovered_too() {
    let provider = OidcProvider::start(&[]);
    let w = demo_workspace().await;
    let metadata = format!("{}/.well-known/openid-configuration", provider.issuer());
    add_oidc(&w, "ByMetadata", &[("MetadataAddress", &metadata), ("AuthenticationType", "local-idp")]).await;
    let report = ops::providers::test(&w.core, &w.portal, "ByMetadata").await.unwrap();
    assert_eq!(report.issuer, provider.issuer());
}

#[tokio::test]
async fn an_issuer_that_differs_from_the_authority_is_a_mismatch() {
    let provider = OidcProvider::start(&[("OIDC_ISSUER_OVERRIDE", "http://example.invalid/other")]);
    let w = demo_workspace().await;
    add_oidc(&w, "Mismatch", &[("Authority", &provider.issuer())]).await;
    let err = ops::providers::test(&w.core, &w.portal, "Mismatch").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::IssuerMismatch, "{err}");
    assert!(err.to_string().contains("http://example.invalid/other"), "{err}");
}

#[tokio::test]
async fn unreachable_hosts_tls_failures_and_wrong_documents_are_told_apart() {
    let provider = OidcProvider::start(&[]);
    let w = demo_workspace().await;
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    add_oidc(&w, "Down", &[("Authority", &format!("http://127.0.0.1:{closed}"))]).await;
    add_oidc(&w, "Tls", &[("Authority", &format!("https://127.0.0.1:{}", provider.port))]).await;
    add_oidc(
        &w,
        "NotJson",
        &[("MetadataAddress", &format!("{}/.well-known/nothing-here", provider.issuer())), ("AuthenticationType", "x")],
    )
    .await;
    add_oidc(&w, "Keys", &[("MetadataAddress", &format!("{}/jwks", provider.issuer())), ("AuthenticationType", "y")])
        .await;
    let code = |e: portal_admin::Error| (e.code(), e.to_string());
    let (down, why) = code(ops::providers::test(&w.core, &w.portal, "Down").await.unwrap_err());
    assert_eq!(down, ErrorCode::Unreachable, "{why}");
    let (tls, why) = code(ops::providers::test(&w.core, &w.portal, "Tls").await.unwrap_err());
    assert_eq!(tls, ErrorCode::Tls, "{why}");
    let (not_json, why) = code(ops::providers::test(&w.core, &w.portal, "NotJson").await.unwrap_err());
    assert_eq!(not_json, ErrorCode::InvalidDocument, "{why}");
    assert!(why.contains("HTTP 404"), "{why}");
    let (keys, why) = code(ops::providers::test(&w.core, &w.portal, "Keys").await.unwrap_err());
    assert_eq!(keys, ErrorCode::MissingEndpoints, "{why}");
    assert!(why.contains("issuer, authorization_endpoint, jwks_uri"), "{why}");
    // A sign-in page answered with 200 where the discovery document should be (a wrong address).
    let html = loopback::serve("text/html", "<!DOCTYPE html><html><body>Sign in</body></html>");
    add_oidc(&w, "Html", &[("Authority", &format!("http://127.0.0.1:{html}"))]).await;
    let (page, why) = code(ops::providers::test(&w.core, &w.portal, "Html").await.unwrap_err());
    assert_eq!(page, ErrorCode::InvalidDocument, "{why}");
    assert!(why.contains("is not a JSON discovery document"), "{why}");
    let array = loopback::serve("application/json", "[]");
    add_oidc(&w, "Array", &[("Authority", &format!("http://127.0.0.1:{array}"))]).await;
    let (list, why) = code(ops::providers::test(&w.core, &w.portal, "Array").await.unwrap_err());
    assert_eq!(list, ErrorCode::InvalidDocument, "{why}");
    assert!(why.contains("not an object"), "{why}");
    // A real TLS server whose certificate no one vouches for (self-signed).
    let untrusted = serve_untrusted_tls();
    add_oidc(&w, "SelfSigned", &[("Authority", &format!("https://127.0.0.1:{untrusted}"))]).await;
    let (cert, why) = code(ops::providers::test(&w.core, &w.portal, "SelfSigned").await.unwrap_err());
    assert_eq!(cert, ErrorCode::Tls, "{why}");
    assert!(why.contains("certificate"), "the message says it is the certificate: {why}");
}

/// A loopback TLS server with a freshly made self-signed certificate for 127.0.0.1; it completes
/// handshakes for clients that accept the certificate and answers nothing. Returns its port.
fn serve_untrusted_tls() -> u16 {
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![certified.cert.der().clone()], key)
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(tcp) = stream else { continue };
            let connection = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(connection, tcp);
            // The client aborts the handshake with an alert; reading drives it to that end.
            let _ = std::io::Read::read(&mut tls, &mut [0u8; 1024]);
        }
    });
    port
}
