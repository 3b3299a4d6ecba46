//! Renewal as a persisted job: every failure step, retry, and a kill mid-job, through a
//! fault-injecting connector over the local one.

use std::sync::{Arc, Mutex};

use portal_admin::connector::{ConnectorError, ConnectorFuture, LocalConnector, PortalConnector};
use portal_admin::domain::key::KeyStatus;
use portal_admin::domain::renewal::{RenewalJob, RenewalState, RenewalStep};
use portal_admin::domain::{Portal, PortalDraft, PortalId};
use portal_admin::ops::{self, Core, CoreOptions};
use portal_admin::secrets::MemorySecrets;

/// The local connector, except that the named operation fails (or never returns) while armed.
struct Faulty {
    inner: LocalConnector,
    fail: Mutex<Option<&'static str>>,
    hang: Mutex<Option<&'static str>>,
    /// Signalled when a call reaches the operation armed to hang.
    hanging: tokio::sync::Notify,
    calls: Mutex<Vec<&'static str>>,
}

impl Faulty {
    fn new(core: &Core) -> Self {
        Self {
            inner: LocalConnector::new(core.store().clone(), core.clock_handle()),
            fail: Mutex::new(None),
            hang: Mutex::new(None),
            hanging: tokio::sync::Notify::new(),
            calls: Mutex::new(Vec::new()),
        }
    }

    fn fail_at(&self, op: Option<&'static str>) {
        *self.fail.lock().unwrap() = op;
    }

    fn gate<'a>(&'a self, op: &'static str, then: ConnectorFuture<'a>) -> ConnectorFuture<'a> {
        Box::pin(async move {
            self.calls.lock().unwrap().push(op);
            let hang = *self.hang.lock().unwrap() == Some(op);
            if hang {
                self.hanging.notify_one();
                std::future::pending::<()>().await;
            }
            if *self.fail.lock().unwrap() == Some(op) {
                return Err(ConnectorError::transient(format!("injected {op} failure")));
            }
            then.await
        })
    }

    fn count(&self, op: &str) -> usize {
        self.calls.lock().unwrap().iter().filter(|c| **c == op).count()
    }
}

impl PortalConnector for Faulty {
    fn register_key<'a>(&'a self, p: &'a Portal, t: &'a str, der: &'a [u8]) -> ConnectorFuture<'a> {
        self.gate("register", self.inner.register_key(p, t, der))
    }
    fn restart<'a>(&'a self, p: &'a Portal) -> ConnectorFuture<'a> {
        self.gate("restart", self.inner.restart(p))
    }
    fn verify<'a>(&'a self, p: &'a Portal, t: &'a str) -> ConnectorFuture<'a> {
        self.gate("verify", self.inner.verify(p, t))
    }
    fn remove_key<'a>(&'a self, p: &'a Portal, t: &'a str) -> ConnectorFuture<'a> {
        self.gate("remove", self.inner.remove_key(p, t))
    }
}

struct Ws {
    dir: tempfile::TempDir,
    secrets: Arc<MemorySecrets>,
    core: Core,
    portal: PortalId,
}

async fn open(dir: &std::path::Path, secrets: Arc<MemorySecrets>) -> Core {
    Core::open(CoreOptions { data_dir: Some(dir.to_path_buf()), secrets: Some(secrets), ..Default::default() })
        .await
        .unwrap()
}

async fn workspace() -> Ws {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let core = open(dir.path(), secrets.clone()).await;
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
    ops::key::generate(&core, portal, Some(20), false).await.unwrap();
    Ws { dir, secrets, core, portal }
}

fn no_progress() -> impl Fn(&RenewalJob) + Send + Sync {
    |_| {}
}

async fn statuses(core: &Core, portal: PortalId) -> Vec<KeyStatus> {
    ops::key::history(core, portal).await.unwrap().into_iter().map(|k| k.status).collect()
}

#[tokio::test]
async fn a_renewal_runs_every_step_once_and_leaves_only_the_new_key_active() {
    let ws = workspace().await;
    let old = ops::key::show(&ws.core, ws.portal).await.unwrap().key.unwrap();
    let connector = Faulty::new(&ws.core);
    let seen = Mutex::new(Vec::new());
    let job = ops::renewal::start(&ws.core, ws.portal).await.unwrap();
    let done = ops::renewal::drive(&ws.core, job.id, &connector, &|j: &RenewalJob| seen.lock().unwrap().push(j.step))
        .await
        .unwrap();
    assert_eq!(done.state, RenewalState::Succeeded);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            Some(RenewalStep::Generate),
            Some(RenewalStep::Register),
            Some(RenewalStep::Restart),
            Some(RenewalStep::Verify),
            Some(RenewalStep::Retire),
            None
        ]
    );
    assert_eq!(connector.calls.lock().unwrap().clone(), vec!["register", "restart", "verify", "remove"]);
    let now = ops::key::show(&ws.core, ws.portal).await.unwrap();
    let new = now.key.unwrap();
    assert_ne!(new.certificate.thumbprint, old.certificate.thumbprint);
    assert_eq!(new.certificate.not_after - new.certificate.not_before, chrono::Duration::days(730));
    assert_eq!(statuses(&ws.core, ws.portal).await, vec![KeyStatus::Active, KeyStatus::Retired]);
    // Nothing else about the portal changed.
    let portal = ops::portal::get(&ws.core, ws.portal).await.unwrap();
    assert_eq!(portal.state, portal_admin::domain::PortalState::Running);
    let actions = ws.core.store().connector_actions(ws.portal).await.unwrap();
    assert_eq!(actions.iter().filter(|(a, _)| a == "restart").count(), 1);
    assert!(actions.contains(&("remove_key".to_owned(), old.certificate.thumbprint.clone())));
}

#[tokio::test]
async fn a_failure_at_any_step_keeps_the_old_key_active_and_retry_finishes_without_repeating_the_restart() {
    for op in ["register", "restart", "verify", "remove"] {
        let ws = workspace().await;
        let old = ops::key::show(&ws.core, ws.portal).await.unwrap().key.unwrap();
        let connector = Faulty::new(&ws.core);
        connector.fail_at(Some(op));
        let job = ops::renewal::start(&ws.core, ws.portal).await.unwrap();
        let failed = ops::renewal::drive(&ws.core, job.id, &connector, &no_progress()).await.unwrap();
        assert_eq!(failed.state, RenewalState::Failed, "{op}");
        assert!(failed.error.as_deref().unwrap().contains(&format!("injected {op} failure")), "{op}: {failed:?}");
        // The old key is still the active one.
        let active = ops::key::show(&ws.core, ws.portal).await.unwrap().key.unwrap();
        assert_eq!(active.id, old.id, "{op}");
        // Starting again returns the same unfinished job rather than a second renewal.
        assert_eq!(ops::renewal::start(&ws.core, ws.portal).await.unwrap().id, job.id);

        connector.fail_at(None);
        let done = ops::renewal::retry(&ws.core, job.id, &connector, &no_progress()).await.unwrap();
        assert_eq!(done.state, RenewalState::Succeeded, "{op}");
        assert_eq!(done.attempts, 2);
        assert_eq!(connector.count("restart"), if op == "restart" { 2 } else { 1 }, "{op}: restart once per success");
        let actions = ws.core.store().connector_actions(ws.portal).await.unwrap();
        assert_eq!(actions.iter().filter(|(a, _)| a == "restart").count(), 1, "{op}");
        assert_eq!(statuses(&ws.core, ws.portal).await, vec![KeyStatus::Active, KeyStatus::Retired], "{op}");
        // Exactly one new private key was made, however many attempts.
        assert_eq!(ws.secrets.len(), 2, "{op}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_killed_mid_way_resumes_on_the_next_start_and_completes_once() {
    let ws = workspace().await;
    let old = ops::key::show(&ws.core, ws.portal).await.unwrap().key.unwrap();
    let connector = Faulty::new(&ws.core);
    *connector.hang.lock().unwrap() = Some("verify");
    let job = ops::renewal::start(&ws.core, ws.portal).await.unwrap();
    // The process "dies" while the portal is being verified: the job's future is dropped there.
    let progress = no_progress();
    tokio::select! {
        _ = ops::renewal::drive(&ws.core, job.id, &connector, &progress) => panic!("verify was armed to hang"),
        _ = connector.hanging.notified() => {}
    }
    ws.core.close().await;

    let core = open(ws.dir.path(), ws.secrets.clone()).await;
    let stored = ops::renewal::get(&core, job.id).await.unwrap();
    assert_eq!(stored.state, RenewalState::Running);
    assert_eq!(stored.step, Some(RenewalStep::Verify));
    assert!(stored.restarted);
    assert_eq!(ops::key::show(&core, ws.portal).await.unwrap().key.unwrap().id, old.id, "old key still active");

    let connector = Faulty::new(&core);
    let resumed = ops::renewal::resume_interrupted(&core, &connector, &no_progress()).await.unwrap();
    assert_eq!(resumed.len(), 1);
    assert_eq!(resumed[0].state, RenewalState::Succeeded);
    assert_eq!(connector.calls.lock().unwrap().clone(), vec!["verify", "remove"], "no second restart, no second key");
    assert_eq!(statuses(&core, ws.portal).await, vec![KeyStatus::Active, KeyStatus::Retired]);
}

#[tokio::test]
async fn a_portal_without_a_key_has_nothing_to_renew() {
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), Arc::new(MemorySecrets::default())).await;
    ops::workspace::init(&core, false).await.unwrap();
    let p = ops::portal::create(
        &core,
        PortalDraft {
            name: "Managed identity".into(),
            url: "https://mi.powerappsportals.com".into(),
            environment_url: "https://mi.crm.dynamics.com".into(),
            app_id: "6f3c2b8e-1d4a-4e5b-9a7c-2b1e8d9f0a31".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let err = ops::renewal::start(&core, p.id).await.unwrap_err();
    assert_eq!(err.code(), portal_admin::ErrorCode::NoKey);
}
