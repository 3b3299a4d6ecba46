//! Core journeys through `ops` on a real workspace file with a fixed clock.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use portal_admin::domain::{demo, AuditAction, Entity, FieldErrorCode, PortalDraft, PortalPatch, PortalState};
use portal_admin::ops::{self, Core, CoreOptions};
use portal_admin::{ErrorCode, FixedClock};

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

async fn core_at(dir: &std::path::Path, clock: Arc<FixedClock>, actor: &str) -> Core {
    Core::open(CoreOptions {
        data_dir: Some(dir.to_path_buf()),
        actor: Some(actor.into()),
        clock: Some(clock),
        ..Default::default()
    })
    .await
    .unwrap()
}

fn draft(name: &str) -> PortalDraft {
    PortalDraft {
        name: name.into(),
        url: format!("https://{}.powerappsportals.com", name.to_lowercase().replace(' ', "-")),
        environment_url: "https://org.crm.dynamics.com".into(),
        app_id: "2d0f4a3e-7b1c-4f5e-9a8d-6c2b1e0f3a4d".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_portal_is_added_edited_and_removed_with_each_step_audited() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(t("2026-11-22T09:00:00Z")));
    let core = core_at(dir.path(), clock.clone(), "alice").await;

    let added = ops::portal::create(&core, draft("Partner Portal")).await.unwrap();
    assert_eq!(added.created_at, t("2026-11-22T09:00:00Z"));
    assert_eq!(ops::portal::resolve(&core, "partner PORTAL").await.unwrap().id, added.id);
    assert_eq!(ops::portal::resolve(&core, &added.id.to_string()).await.unwrap().id, added.id);

    clock.set(t("2026-11-22T10:30:00Z"));
    let edited = ops::portal::update(
        &core,
        added.id,
        PortalPatch { state: Some(PortalState::Stopped), owner: Some("Adele Vance".into()), ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(edited.state, PortalState::Stopped);
    assert_eq!(edited.updated_at, t("2026-11-22T10:30:00Z"));
    assert_eq!(edited.created_at, added.created_at);

    ops::portal::remove(&core, added.id).await.unwrap();
    assert!(ops::portal::list(&core).await.unwrap().is_empty());

    let history = ops::portal::history(&core, added.id, 10).await.unwrap();
    let steps: Vec<_> = history.iter().map(|e| (e.action, e.at, e.actor.as_str())).collect();
    assert_eq!(
        steps,
        vec![
            (AuditAction::Deleted, t("2026-11-22T10:30:00Z"), "alice"),
            (AuditAction::Updated, t("2026-11-22T10:30:00Z"), "alice"),
            (AuditAction::Created, t("2026-11-22T09:00:00Z"), "alice"),
        ]
    );
    assert_eq!(history[1].before.as_ref().unwrap()["state"], "running");
    assert_eq!(history[1].after.as_ref().unwrap()["state"], "stopped");
}

#[tokio::test]
async fn a_second_portal_with_the_same_name_in_other_case_is_rejected_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let core = core_at(dir.path(), Arc::new(FixedClock::new(t("2026-01-01T00:00:00Z"))), "a").await;
    ops::portal::create(&core, draft("Contoso")).await.unwrap();
    let before = core.store().audit_high_water().await.unwrap();
    let err = ops::portal::create(&core, draft("CONTOSO")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(err.field_errors()[0].field, "name");
    assert_eq!(err.field_errors()[0].code, FieldErrorCode::Taken);
    assert_eq!(ops::portal::list(&core).await.unwrap().len(), 1);
    assert_eq!(core.store().audit_high_water().await.unwrap(), before);
}

#[tokio::test]
async fn renaming_a_portal_onto_another_ones_name_is_rejected_but_changing_its_own_case_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let core = core_at(dir.path(), Arc::new(FixedClock::new(t("2026-01-01T00:00:00Z"))), "a").await;
    let a = ops::portal::create(&core, draft("Alpha")).await.unwrap();
    ops::portal::create(&core, draft("Beta")).await.unwrap();
    let rename = |name: &str| PortalPatch { name: Some(name.into()), ..Default::default() };
    let err = ops::portal::update(&core, a.id, rename("beta")).await.unwrap_err();
    assert_eq!(err.field_errors()[0].code, FieldErrorCode::Taken);
    assert_eq!(ops::portal::update(&core, a.id, rename("ALPHA")).await.unwrap().name, "ALPHA");
}

#[tokio::test]
async fn an_edit_that_changes_nothing_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let core = core_at(dir.path(), Arc::new(FixedClock::new(t("2026-01-01T00:00:00Z"))), "a").await;
    let p = ops::portal::create(&core, draft("Alpha")).await.unwrap();
    let before = core.store().audit_high_water().await.unwrap();
    let same = ops::portal::update(&core, p.id, PortalPatch { name: Some("Alpha".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(same, p);
    assert_eq!(core.store().audit_high_water().await.unwrap(), before);
}

#[tokio::test]
async fn init_with_demo_seeds_the_demo_portal_once() {
    let dir = tempfile::tempdir().unwrap();
    let core = core_at(dir.path(), Arc::new(FixedClock::new(t("2026-01-01T00:00:00Z"))), "a").await;
    let first = ops::workspace::init(&core, true).await.unwrap();
    assert_eq!(first.seeded_demo.as_ref().unwrap().name, demo::DEMO_PORTAL_NAME);
    let second = ops::workspace::init(&core, true).await.unwrap();
    assert!(second.seeded_demo.is_none());
    assert!(second.demo_already_present);
    assert_eq!(second.workspace.portal_count, 1);
}

#[tokio::test]
async fn the_first_run_seeds_the_demo_but_an_emptied_workspace_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let core = core_at(dir.path(), Arc::new(FixedClock::new(t("2026-01-01T00:00:00Z"))), "a").await;
    let seeded = ops::workspace::seed_demo_on_first_run(&core).await.unwrap().unwrap();
    ops::portal::remove(&core, seeded.id).await.unwrap();
    assert!(ops::workspace::seed_demo_on_first_run(&core).await.unwrap().is_none());
    assert!(ops::portal::list(&core).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_workspace_holds_any_number_of_portals_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(t("2026-01-01T00:00:00Z")));
    {
        let core = core_at(dir.path(), clock.clone(), "a").await;
        for i in 0..25 {
            ops::portal::create(&core, draft(&format!("Portal {i:02}"))).await.unwrap();
        }
        core.close().await;
    }
    let core = core_at(dir.path(), clock, "a").await;
    let names: Vec<_> = ops::portal::list(&core).await.unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(names.len(), 25);
    assert_eq!(names.first().unwrap(), "Portal 00");
    assert!(dir.path().join("workspace.db").exists());
}

#[tokio::test]
async fn a_change_made_here_is_announced_with_its_entity_and_portal() {
    let dir = tempfile::tempdir().unwrap();
    let core = core_at(dir.path(), Arc::new(FixedClock::new(t("2026-01-01T00:00:00Z"))), "a").await;
    let mut changes = core.subscribe();
    let p = ops::portal::create(&core, draft("Alpha")).await.unwrap();
    let event = changes.recv().await.unwrap();
    assert_eq!(event.entities, vec![Entity::Portal]);
    assert_eq!(event.portal_ids, vec![p.id.to_string()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_by_another_process_is_announced_to_a_watching_core() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(t("2026-01-01T00:00:00Z")));
    let app = core_at(dir.path(), clock.clone(), "desktop").await;
    let _watch = app.watch().unwrap();
    let mut changes = app.subscribe();

    // A second, independent connection pool stands in for the CLI process.
    let cli = core_at(dir.path(), clock, "cli").await;
    let added = ops::portal::create(&cli, draft("From The CLI")).await.unwrap();

    let event = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            let event = changes.recv().await.unwrap();
            if event.portal_ids.contains(&added.id.to_string()) {
                return event;
            }
        }
    })
    .await
    .expect("the watching core announces the other process's write");
    assert_eq!(event.entities, vec![Entity::Portal]);
    assert_eq!(ops::portal::list(&app).await.unwrap().len(), 1);
}
