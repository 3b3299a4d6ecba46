//! Connections against real components on loopback: the npm `oidc-provider` standing in for
//! Entra ID (device code, authorization code + PKCE driven by a scripted browser, client
//! credentials with a secret and with `private_key_jwt`, refresh, revocation), and the Rust
//! stand-in for Microsoft Graph, the global discovery service and the Power Pages admin API.

#[path = "support/cloud.rs"]
mod cloud;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use cloud::{Fault, Oidc, StandIn, APP_NONE, APP_NO_KEY_FIELD, APP_SEVERAL, PUBLIC_ID, TENANT};
use portal_admin::domain::connection::{ConnectionDraft, TokenState};
use portal_admin::domain::key::KeyStatus;
use portal_admin::domain::PortalState;
use portal_admin::ops::connection::{NewCredential, SignInMode};
use portal_admin::ops::site::SiteOperation;
use portal_admin::ops::{self, Core, CoreOptions};
use portal_admin::secrets::MemorySecrets;
use portal_admin::sync::entra::SignInPrompt;
use portal_admin::sync::http::HttpLimits;
use portal_admin::ErrorCode;

/// A person at a browser: tests/oidc/browser.mjs completes (or declines) the provider's forms.
struct ScriptedPerson {
    deny: bool,
}

fn browser(args: &[&str]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc/browser.mjs");
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    std::thread::spawn(move || {
        let out = Command::new("node").arg(&script).args(&args).output().expect("node runs browser.mjs");
        if !out.status.success() {
            eprintln!("browser.mjs failed: {}", String::from_utf8_lossy(&out.stderr));
        }
    });
}

impl SignInPrompt for ScriptedPerson {
    fn open_browser(&self, url: &str) -> Result<(), String> {
        let mut args = vec![url];
        if self.deny {
            args.push("--deny");
        }
        browser(&args);
        Ok(())
    }

    fn show_device_code(&self, user_code: &str, verification_uri: &str, _: Duration) {
        let mut args = vec!["--device", verification_uri, user_code];
        if self.deny {
            args.push("--deny");
        }
        browser(&args);
    }
}

struct World {
    _dir: tempfile::TempDir,
    core: Core,
    oidc: Oidc,
    standin: StandIn,
    cert: (String, Vec<u8>),
}

async fn world(sites: usize) -> World {
    let (standin, oidc, cert) = cloud::tenant(sites).await;
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(CoreOptions {
        data_dir: Some(dir.path().to_path_buf()),
        actor: Some("alice".into()),
        secrets: Some(Arc::new(MemorySecrets::default())),
        http: Some(HttpLimits { timeout: Duration::from_secs(5), ..Default::default() }),
        ..Default::default()
    })
    .await
    .unwrap();
    World { _dir: dir, core, oidc, standin, cert }
}

fn draft(w: &World, name: &str, client_id: &str) -> ConnectionDraft {
    ConnectionDraft {
        name: name.into(),
        tenant: TENANT.into(),
        client_id: Some(client_id.into()),
        authority: Some(w.oidc.issuer()),
        graph_url: Some(w.standin.graph.clone()),
        powerplatform_url: Some(w.standin.powerplatform.clone()),
        discovery_url: Some(w.standin.discovery.clone()),
        method: None,
    }
}

async fn signed_in(w: &World) {
    ops::connection::add(&w.core, draft_public(w), NewCredential::None).await.unwrap();
    let view = ops::connection::sign_in(
        &w.core,
        "Contoso",
        SignInMode::DeviceCode,
        &ScriptedPerson { deny: false },
        Duration::from_secs(60),
    )
    .await
    .unwrap();
    assert_eq!(view.connection.token_state, TokenState::SignedIn);
    assert_eq!(view.connection.account.as_deref(), Some("alice"));
}

fn draft_public(w: &World) -> ConnectionDraft {
    draft(w, "Contoso", PUBLIC_ID)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_code_sign_in_discovers_the_tenants_portals_and_reads_their_key_dates_from_graph() {
    let w = world(3).await;
    signed_in(&w).await;

    let preview = ops::discover::discover(&w.core, "Contoso", false).await.unwrap();
    assert_eq!(preview.preview.added.len(), 3);
    assert!(!preview.applied);
    assert!(w.core.store().portals().await.unwrap().is_empty(), "a preview writes nothing");

    let applied = ops::discover::discover(&w.core, "Contoso", true).await.unwrap();
    assert!(applied.applied);
    assert_eq!(applied.keys.len(), 3, "{:?}", applied.keys);
    let portals = w.core.store().portals().await.unwrap();
    assert_eq!(portals.len(), 3);

    // Several credentials: the newest valid one is the portal's key; the others are listed.
    let several = portals.iter().find(|p| p.app_id == APP_SEVERAL).unwrap();
    let key = ops::key::show(&w.core, several.id).await.unwrap();
    let key = key.key.expect("a key from Graph");
    let days = (key.certificate.not_after - chrono::Utc::now()).num_days();
    assert!((698..=700).contains(&days), "the newest credential, 700 days left: {days}");
    assert_eq!(key.graph_key_id.as_deref(), Some("k-new"));
    assert!(key.graph_read_at.is_some());
    assert_eq!(w.core.store().app_credentials(several.id).await.unwrap().len(), 2);

    // A managed identity: no key to renew.
    let none = portals.iter().find(|p| p.app_id == APP_NONE).unwrap();
    assert!(ops::key::show(&w.core, none.id).await.unwrap().key.is_none());
    assert_eq!(w.core.store().portal_site(none.id).await.unwrap().unwrap().key_credentials, Some(0));

    // No certificate in the reply: the thumbprint from customKeyIdentifier, expiry from Graph.
    let hex = portals.iter().find(|p| p.app_id == APP_NO_KEY_FIELD).unwrap();
    let key = ops::key::show(&w.core, hex.id).await.unwrap().key.unwrap();
    assert_eq!(key.certificate.thumbprint, "3A5B1C0D9E8F7A6B5C4D3E2F1A0B9C8D7E6F5A4B");
    assert_eq!(key.status, KeyStatus::Active);

    // Again: nothing duplicated, nothing to update.
    let again = ops::discover::discover(&w.core, "Contoso", true).await.unwrap();
    assert!(again.preview.added.is_empty() && again.preview.updated.is_empty(), "{:?}", again.preview);
    assert_eq!(again.preview.unchanged, 3);
    assert_eq!(w.core.store().portals().await.unwrap().len(), 3);
    let checks = ops::key::check(&w.core, None).await.unwrap();
    assert_eq!(checks.iter().filter(|c| c.severity.is_some()).count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graph_faults_are_waited_out_or_recorded_and_the_last_known_dates_are_kept() {
    let w = world(1).await;
    signed_in(&w).await;
    ops::discover::discover(&w.core, "Contoso", true).await.unwrap();
    let portal = w.core.store().portals().await.unwrap().remove(0);
    let before = ops::key::show(&w.core, portal.id).await.unwrap().key.unwrap();

    // 429 with Retry-After is waited out; a 401 gets one fresh token.
    w.standin.fault("/v1.0/applications", Fault::Status(429, Some("0.2")));
    w.standin.fault("/v1.0/applications", Fault::Status(401, None));
    let ok = ops::key_refresh::refresh(&w.core, Some(portal.id)).await.unwrap();
    assert_eq!(ok[0].thumbprint.as_deref(), Some(before.certificate.thumbprint.as_str()));

    for (fault, code) in [
        (Fault::Status(500, None), ErrorCode::ServiceError),
        (Fault::Malformed, ErrorCode::BadResponse),
        (Fault::Truncated, ErrorCode::BadResponse),
        (Fault::Slow(Duration::from_secs(8)), ErrorCode::Timeout),
        (Fault::Status(403, None), ErrorCode::Forbidden),
    ] {
        w.standin.fault("/v1.0/applications", fault.clone());
        let err = ops::key_refresh::refresh(&w.core, Some(portal.id)).await.unwrap_err();
        assert_eq!(err.code(), code, "{fault:?}: {err}");
        let site = w.core.store().portal_site(portal.id).await.unwrap().unwrap();
        assert!(site.keys_error.is_some(), "{fault:?}");
        let kept = ops::key::show(&w.core, portal.id).await.unwrap().key.unwrap();
        assert_eq!(kept.certificate.not_after, before.certificate.not_after, "{fault:?}: the dates are kept");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_restart_is_followed_to_its_end_and_the_portal_state_follows() {
    let w = world(1).await;
    signed_in(&w).await;
    ops::discover::discover(&w.core, "Contoso", true).await.unwrap();
    let portal = w.core.store().portals().await.unwrap().remove(0);
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let s = seen.clone();
    let progress =
        move |st: &portal_admin::sync::powerpages::OperationStatus| s.lock().unwrap().push(st.status.clone());
    let stopped = ops::site::run(&w.core, portal.id, SiteOperation::Stop, &progress).await.unwrap();
    assert_eq!(stopped.portal.state, PortalState::Stopped);
    let started = ops::site::run(&w.core, portal.id, SiteOperation::Restart, &progress).await.unwrap();
    assert_eq!(started.portal.state, PortalState::Running);
    assert_eq!(seen.lock().unwrap().as_slice(), ["Running", "Running", "Succeeded", "Running", "Running", "Succeeded"]);
    let status = ops::site::status(&w.core, portal.id).await.unwrap();
    assert_eq!(status.status.as_deref(), Some("OperationComplete"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_refresh_token_gives_signin_required_naming_the_connection() {
    let w = world(1).await;
    signed_in(&w).await;
    ops::discover::discover(&w.core, "Contoso", true).await.unwrap();
    let connection = ops::connection::get(&w.core, "Contoso").await.unwrap();
    let refresh = w.core.secrets().get(&format!("connection/{}/refresh-token", connection.id)).unwrap().unwrap();
    let form = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("token", &refresh)
        .append_pair("client_id", PUBLIC_ID)
        .finish();
    let revoked = reqwest::Client::new()
        .post(format!("{}/token/revocation", w.oidc.issuer()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert!(revoked.status().is_success(), "{}", revoked.status());
    // A fresh process has no access token in memory.
    let core2 = Core::open(CoreOptions {
        data_dir: Some(w.core.data_dir().to_path_buf()),
        secrets: Some(w.core.secrets()),
        ..Default::default()
    })
    .await
    .unwrap();
    let err = ops::key_refresh::refresh(&core2, None).await.unwrap();
    assert_eq!(err[0].error_code.as_deref(), Some("signin_required"), "{:?}", err[0]);
    assert!(err[0].error.as_deref().unwrap().contains("\"Contoso\""));
    let c = ops::connection::get(&core2, "Contoso").await.unwrap();
    assert_eq!(c.token_state, TokenState::SigninRequired);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_sign_in_uses_pkce_on_a_loopback_port_and_a_declined_one_is_access_denied() {
    let w = world(1).await;
    ops::connection::add(&w.core, draft_public(&w), NewCredential::None).await.unwrap();
    let err = ops::connection::sign_in(
        &w.core,
        "Contoso",
        SignInMode::Browser,
        &ScriptedPerson { deny: true },
        Duration::from_secs(60),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::AccessDenied, "{err}");
    let view = ops::connection::sign_in(
        &w.core,
        "Contoso",
        SignInMode::Browser,
        &ScriptedPerson { deny: false },
        Duration::from_secs(60),
    )
    .await
    .unwrap();
    assert_eq!(view.connection.account.as_deref(), Some("alice"));
    let listed = ops::discover::discover(&w.core, "Contoso", false).await.unwrap();
    assert_eq!(listed.preview.added.len(), 1);

    struct NeverComes;
    impl SignInPrompt for NeverComes {
        fn open_browser(&self, _: &str) -> Result<(), String> {
            Ok(())
        }
        fn show_device_code(&self, _: &str, _: &str, _: Duration) {}
    }
    let err =
        ops::connection::sign_in(&w.core, "Contoso", SignInMode::Browser, &NeverComes, Duration::from_millis(300))
            .await
            .unwrap_err();
    assert_eq!(err.code(), ErrorCode::SigninTimeout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applications_sign_in_with_a_secret_or_a_certificate_and_a_wrong_secret_is_invalid_client() {
    let w = world(1).await;
    let secret = draft(&w, "Monitoring", "0b0b0b0b-0000-4000-8000-00000000a991");
    ops::connection::add(&w.core, secret, NewCredential::ClientSecret("app-secret\n".into())).await.unwrap();
    let test = ops::connection::test(&w.core, "Monitoring").await.unwrap();
    assert!(test.services.iter().all(|s| s.error.is_none()), "{:?}", test.services);

    let pem = format!(
        "{}{}",
        w.cert.0,
        String::from_utf8(portal_admin::keys::export(&w.cert.1, portal_admin::keys::CertificateFormat::Pem)).unwrap()
    );
    let cert = draft(&w, "Monitoring (certificate)", "0c0c0c0c-0000-4000-8000-00000000a992");
    ops::connection::add(&w.core, cert, NewCredential::Certificate { file: pem.into_bytes(), password: None })
        .await
        .unwrap();
    let test = ops::connection::test(&w.core, "Monitoring (certificate)").await.unwrap();
    assert!(test.services.iter().all(|s| s.error.is_none()), "{:?}", test.services);

    let wrong = draft(&w, "Wrong", "0b0b0b0b-0000-4000-8000-00000000a991");
    ops::connection::add(&w.core, wrong, NewCredential::ClientSecret("not-the-secret".into())).await.unwrap();
    let test = ops::connection::test(&w.core, "Wrong").await.unwrap();
    assert_eq!(test.services[0].error_code.as_deref(), Some("invalid_client"), "{:?}", test.services);

    // Application connections cannot discover (the admin API takes a person's sign-in only).
    let err = ops::discover::discover(&w.core, "Monitoring", false).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
}

/// Figures for the note: discovery of 200 sites and their key dates — wall time and requests
/// against the minimum the API shapes require.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovering_two_hundred_sites_sends_the_minimum_of_requests() {
    let w = world(200).await;
    signed_in(&w).await;
    w.standin.clear_log();
    let started = std::time::Instant::now();
    let result = ops::discover::discover(&w.core, "Contoso", true).await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(result.preview.added.len(), 200);
    let disco = w.standin.requests(Some("discovery")).len();
    let pp = w.standin.requests(Some("powerplatform")).len();
    let graph = w.standin.requests(Some("graph")).len();
    // 1 Instances + ceil(200 / 50) website pages + one application read per portal.
    assert_eq!((disco, pp, graph), (1, 4, 200));
    eprintln!(
        "FIGURE discovery of 200 sites with key dates: {} ms, {} requests (minimum {})",
        elapsed.as_millis(),
        disco + pp + graph,
        1 + 4 + 200
    );
}
