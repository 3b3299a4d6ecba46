//! Authentication keys through `ops::key` on a real workspace, checked with `openssl`.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use portal_admin::domain::key::{KeySource, KeyStatus, MilestoneState, Severity};
use portal_admin::domain::{PortalDraft, PortalId};
use portal_admin::keys::{self, CertificateFormat};
use portal_admin::ops::{self, Core, CoreOptions};
use portal_admin::secrets::MemorySecrets;
use portal_admin::{ErrorCode, FixedClock};

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

struct Ws {
    dir: tempfile::TempDir,
    core: Core,
    secrets: Arc<MemorySecrets>,
    portal: PortalId,
}

/// A workspace on a fixed clock at `now`, or on the system clock (for files made by openssl,
/// whose validity starts at the real current second).
async fn workspace_with(secrets: MemorySecrets, now: Option<DateTime<Utc>>) -> Ws {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(secrets);
    let core = Core::open(CoreOptions {
        data_dir: Some(dir.path().to_path_buf()),
        actor: Some("tester".into()),
        clock: now.map(|now| Arc::new(FixedClock::new(now)) as Arc<dyn portal_admin::Clock>),
        secrets: Some(secrets.clone()),
        http: None,
    })
    .await
    .unwrap();
    let portal = ops::portal::create(
        &core,
        PortalDraft {
            name: "Contoso".into(),
            url: "https://contoso.powerappsportals.com".into(),
            environment_url: "https://contoso.crm.dynamics.com".into(),
            app_id: "6f3c2b8e-1d4a-4e5b-9a7c-2b1e8d9f0a31".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .id;
    Ws { dir, core, secrets, portal }
}

async fn workspace() -> Ws {
    workspace_with(MemorySecrets::default(), None).await
}

fn openssl(args: &[&str], dir: &Path) -> String {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl is installed");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn db_bytes(ws: &Ws) -> Vec<u8> {
    let mut bytes = std::fs::read(ws.dir.path().join("workspace.db")).unwrap();
    bytes.extend(std::fs::read(ws.dir.path().join("workspace.db-wal")).unwrap_or_default());
    bytes
}

#[tokio::test]
async fn a_generated_key_is_an_rsa_2048_self_signed_certificate_that_openssl_verifies_with_our_thumbprint() {
    let ws = workspace().await;
    let key = ops::key::generate(&ws.core, ws.portal, None, false).await.unwrap();
    assert_eq!(key.source, KeySource::Generated);
    assert_eq!(key.status, KeyStatus::Active);
    assert!(key.has_private_key);
    assert_eq!(key.certificate.not_after - key.certificate.not_before, Duration::days(730));
    assert_eq!(key.certificate.subject, format!("CN={}", ws.portal));

    let pem = ops::key::export(&ws.core, ws.portal, CertificateFormat::Pem).await.unwrap();
    let der = ops::key::export(&ws.core, ws.portal, CertificateFormat::Der).await.unwrap();
    std::fs::write(ws.dir.path().join("c.pem"), &pem).unwrap();
    std::fs::write(ws.dir.path().join("c.cer"), &der).unwrap();

    let verify = openssl(&["verify", "-CAfile", "c.pem", "-check_ss_sig", "-partial_chain", "c.pem"], ws.dir.path());
    assert!(verify.contains("c.pem: OK"), "{verify}");
    let fingerprint =
        openssl(&["x509", "-in", "c.cer", "-inform", "DER", "-noout", "-fingerprint", "-sha1"], ws.dir.path());
    let fingerprint = fingerprint.trim().rsplit('=').next().unwrap().replace(':', "");
    assert_eq!(fingerprint, key.certificate.thumbprint);
    let text = openssl(&["x509", "-in", "c.pem", "-noout", "-text"], ws.dir.path());
    assert!(text.contains("Public-Key: (2048 bit)"), "{text}");
    assert!(text.contains("sha256WithRSAEncryption"), "{text}");
    assert!(text.contains("TLS Web Client Authentication"), "{text}");

    // The private key is in the keyring and nowhere in the workspace file.
    assert_eq!(ws.secrets.len(), 1);
    assert!(ops::key::private_key_present(&ws.core, &key).await.unwrap());
    let db = db_bytes(&ws);
    assert!(!db.windows(11).any(|w| w == b"PRIVATE KEY"));
}

#[tokio::test]
async fn the_key_lifetime_follows_the_portal_setting_or_the_argument() {
    let ws = workspace().await;
    ops::portal::update(
        &ws.core,
        ws.portal,
        portal_admin::domain::PortalPatch { key_lifetime_days: Some(365), ..Default::default() },
    )
    .await
    .unwrap();
    let one_year = ops::key::generate(&ws.core, ws.portal, None, false).await.unwrap();
    assert_eq!(one_year.certificate.not_after - one_year.certificate.not_before, Duration::days(365));
    let err = ops::key::generate(&ws.core, ws.portal, Some(0), true).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
}

#[tokio::test]
async fn generating_over_an_active_key_needs_replace_and_retires_the_old_one() {
    let ws = workspace().await;
    let first = ops::key::generate(&ws.core, ws.portal, None, false).await.unwrap();
    let err = ops::key::generate(&ws.core, ws.portal, None, false).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let second = ops::key::generate(&ws.core, ws.portal, None, true).await.unwrap();
    let history = ops::key::history(&ws.core, ws.portal).await.unwrap();
    let statuses: Vec<_> = history.iter().map(|k| (k.id, k.status)).collect();
    assert_eq!(statuses, vec![(second.id, KeyStatus::Active), (first.id, KeyStatus::Retired)]);
}

#[tokio::test]
async fn a_pfx_made_by_openssl_imports_with_its_password_in_both_encodings() {
    let ws = workspace().await;
    let dir = ws.dir.path();
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "k.pem",
            "-out",
            "c.pem",
            "-days",
            "365",
            "-subj",
            "/CN=imported",
        ],
        dir,
    );
    openssl(
        &["pkcs12", "-export", "-in", "c.pem", "-inkey", "k.pem", "-out", "new.pfx", "-passout", "pass:s3cret"],
        dir,
    );
    openssl(
        &[
            "pkcs12",
            "-export",
            "-legacy",
            "-in",
            "c.pem",
            "-inkey",
            "k.pem",
            "-out",
            "old.pfx",
            "-passout",
            "pass:s3cret",
        ],
        dir,
    );
    let expected = openssl(&["x509", "-in", "c.pem", "-noout", "-fingerprint", "-sha1"], dir);
    let expected = expected.trim().rsplit('=').next().unwrap().replace(':', "");

    for file in ["new.pfx", "old.pfx"] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let material = keys::read(&bytes, Some("s3cret")).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(material.facts.thumbprint, expected, "{file}");
        assert!(material.private_key_pem.is_some(), "{file} carries its private key");
        assert_eq!(keys::read(&bytes, Some("wrong")).unwrap_err(), keys::KeyError::WrongPassword, "{file}");
        assert_eq!(keys::read(&bytes, None).unwrap_err(), keys::KeyError::PasswordRequired, "{file}");
    }

    let key = ops::key::import(&ws.core, ws.portal, &std::fs::read(dir.join("new.pfx")).unwrap(), Some("s3cret"))
        .await
        .unwrap();
    assert_eq!(key.certificate.thumbprint, expected);
    assert!(key.has_private_key);
    assert_eq!(key.source, KeySource::Imported);
    let again = ops::key::import(&ws.core, ws.portal, &std::fs::read(dir.join("c.pem")).unwrap(), None).await;
    assert_eq!(again.unwrap_err().code(), ErrorCode::Conflict);
}

#[tokio::test]
async fn bad_key_files_get_specific_errors_and_store_nothing() {
    let ws = workspace().await;
    let dir = ws.dir.path();
    openssl(
        &[
            "req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout", "weak.key", "-out", "weak.pem", "-days", "30",
            "-subj", "/CN=weak",
        ],
        dir,
    );
    openssl(&["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key"], dir);
    openssl(&["req", "-x509", "-new", "-key", "ec.key", "-out", "ec.pem", "-days", "30", "-subj", "/CN=ec"], dir);
    openssl(
        &[
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "a.key", "-out", "a.pem", "-days", "30",
            "-subj", "/CN=a",
        ],
        dir,
    );
    openssl(&["genrsa", "-out", "b.key", "2048"], dir);
    openssl(&["pkcs8", "-topk8", "-nocrypt", "-in", "b.key", "-out", "b8.key"], dir);
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    let mismatched = [read("a.pem"), read("b8.key")].concat();
    let now = Utc::now();
    let expired = keys::generate(ws.portal, 30, now - Duration::days(60)).unwrap();
    let future = keys::generate(ws.portal, 30, now + Duration::days(10)).unwrap();

    let cases: Vec<(&str, Vec<u8>, ErrorCode)> = vec![
        ("text", b"hello, this is not a certificate".to_vec(), ErrorCode::InvalidCertificate),
        ("rsa-1024", read("weak.pem"), ErrorCode::WeakKey),
        ("ec", read("ec.pem"), ErrorCode::WeakKey),
        ("mismatched key", mismatched, ErrorCode::KeyMismatch),
        ("expired", keys::export(&expired.certificate_der, CertificateFormat::Pem), ErrorCode::CertificateExpired),
        ("not yet valid", future.certificate_der.clone(), ErrorCode::CertificateNotYetValid),
    ];
    for (what, bytes, code) in cases {
        let err = ops::key::import(&ws.core, ws.portal, &bytes, None).await.unwrap_err();
        assert_eq!(err.code(), code, "{what}: {err}");
    }
    let err = ops::key::import(&ws.core, ws.portal, &read("weak.pem"), None).await.unwrap_err();
    assert!(err.to_string().contains("1024 bits"), "{err}");
    assert!(ops::key::history(&ws.core, ws.portal).await.unwrap().is_empty());
    assert!(ws.secrets.is_empty());
}

#[tokio::test]
async fn without_a_keyring_private_keys_are_refused_but_certificates_are_watched() {
    let ws = workspace_with(MemorySecrets::unavailable(), None).await;
    let err = ops::key::generate(&ws.core, ws.portal, None, false).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeyringUnavailable);
    assert!(err.to_string().contains("gnome-keyring-daemon"), "{err}");
    assert!(ops::key::history(&ws.core, ws.portal).await.unwrap().is_empty());

    let material = keys::generate(ws.portal, 730, ws.core.clock().now()).unwrap();
    let cert_only = keys::export(&material.certificate_der, CertificateFormat::Pem);
    let key = ops::key::import(&ws.core, ws.portal, &cert_only, None).await.unwrap();
    assert!(!key.has_private_key);
    let view = ops::key::show(&ws.core, ws.portal).await.unwrap();
    assert_eq!(view.severity, Some(Severity::Ok));
    assert_eq!(ops::key::export(&ws.core, ws.portal, CertificateFormat::Der).await.unwrap(), material.certificate_der);
    assert_eq!(ops::key::schedule(&ws.core, ws.portal, None).await.unwrap().len(), 22);
}

#[tokio::test]
async fn a_portal_without_a_key_says_so() {
    let ws = workspace().await;
    let view = ops::key::show(&ws.core, ws.portal).await.unwrap();
    assert!(view.key.is_none() && view.severity.is_none());
    assert_eq!(
        ops::key::export(&ws.core, ws.portal, CertificateFormat::Pem).await.unwrap_err().code(),
        ErrorCode::NoKey
    );
}

/// Records every notice it is handed.
#[derive(Default)]
struct Recorder(std::sync::Mutex<Vec<portal_admin::notify::Notice>>);

impl portal_admin::notify::Notifier for Recorder {
    fn deliver<'a>(&'a self, notice: &'a portal_admin::notify::Notice) -> portal_admin::notify::DeliveryFuture<'a> {
        Box::pin(async move {
            self.0.lock().unwrap().push(notice.clone());
            Ok("recorder".to_owned())
        })
    }
}

#[tokio::test]
async fn the_watch_delivers_each_milestone_once_across_restarts_and_catches_up_with_one_notice() {
    let start = t("2026-06-01T00:00:00Z");
    let ws = workspace_with(MemorySecrets::default(), Some(start)).await;
    let key = ops::key::generate(&ws.core, ws.portal, Some(120), false).await.unwrap();
    let expiry = key.certificate.not_after; // 2026-09-29
    let recorder = Recorder::default();

    // Nothing is due 120 days out.
    assert!(ops::notify::run(&ws.core, None, false, &[&recorder]).await.unwrap().is_empty());
    assert_eq!(ops::notify::next_wake(&ws.core).await.unwrap(), Some(expiry - Duration::days(90)));

    // At the 90-day milestone: one notice.
    let at90 = expiry - Duration::days(90);
    let reports = ops::notify::run(&ws.core, Some(at90), false, &[&recorder]).await.unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].notice.milestone, "90d-before");
    assert_eq!(reports[0].notice.severity, Severity::Notice);

    // A restart (a new core on the same file) at the same instant repeats nothing.
    let reopened = Core::open(CoreOptions {
        data_dir: Some(ws.dir.path().to_path_buf()),
        clock: Some(Arc::new(FixedClock::new(at90))),
        secrets: Some(ws.secrets.clone()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert!(ops::notify::run(&reopened, Some(at90 + Duration::minutes(5)), false, &[&recorder])
        .await
        .unwrap()
        .is_empty());

    // Asleep until 4 days before expiry: one notice (4 days), the skipped ones recorded.
    let later = expiry - Duration::days(4) + Duration::hours(1);
    let reports = ops::notify::run(&reopened, Some(later), false, &[&recorder]).await.unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].notice.milestone, "4d-before");
    assert_eq!(
        reports[0].skipped,
        vec!["60d-before", "30d-before", "15d-before", "7d-before", "6d-before", "5d-before"]
    );
    assert_eq!(recorder.0.lock().unwrap().len(), 2);

    let schedule = ops::key::schedule(&reopened, ws.portal, Some(later)).await.unwrap();
    let states: Vec<_> = schedule.iter().take(8).map(|e| e.state).collect();
    use MilestoneState::*;
    assert_eq!(states, vec![Sent, Skipped, Skipped, Skipped, Skipped, Skipped, Skipped, Sent]);

    // A new key starts a new schedule.
    let renewed = ops::key::generate(&reopened, ws.portal, Some(100), true).await.unwrap();
    let fresh = ops::key::schedule(&reopened, ws.portal, Some(later)).await.unwrap();
    assert!(fresh.iter().all(|e| e.state == Pending || e.state == Due));
    assert_ne!(renewed.id, key.id);
}

#[tokio::test]
async fn a_dry_run_or_a_failed_delivery_records_nothing() {
    struct Broken;
    impl portal_admin::notify::Notifier for Broken {
        fn deliver<'a>(&'a self, _: &'a portal_admin::notify::Notice) -> portal_admin::notify::DeliveryFuture<'a> {
            Box::pin(async { Err("no service".to_owned()) })
        }
    }
    let start = t("2026-06-01T00:00:00Z");
    let ws = workspace_with(MemorySecrets::default(), Some(start)).await;
    ops::key::generate(&ws.core, ws.portal, Some(20), false).await.unwrap();
    let now = Some(start + Duration::hours(1));
    let dry = ops::notify::run(&ws.core, now, true, &[]).await.unwrap();
    assert_eq!(dry[0].notice.milestone, "30d-before");
    assert_eq!(dry[0].skipped, vec!["90d-before", "60d-before"]);
    let failed = ops::notify::run(&ws.core, now, false, &[&Broken]).await.unwrap();
    assert_eq!(failed[0].channel, None);
    assert_eq!(failed[0].error.as_deref(), Some("no service"));
    let schedule = ops::key::schedule(&ws.core, ws.portal, now).await.unwrap();
    assert!(schedule.iter().all(|e| e.state != MilestoneState::Sent && e.state != MilestoneState::Skipped));
}
