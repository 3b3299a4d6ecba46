//! Shared set-up of the core's integration tests: the demo workspace in a temporary folder with a
//! fixed clock and in-memory secrets.
#![allow(dead_code)] // each test binary uses its own part

use std::sync::Arc;

use chrono::{DateTime, Utc};
use portal_admin::domain::{demo, Portal};
use portal_admin::ops::{self, Core, CoreOptions};
use portal_admin::secrets::MemorySecrets;
use portal_admin::FixedClock;

pub fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// The demo workspace at 2026-11-22 09:00 UTC, acting as "alice".
pub async fn demo_workspace() -> (tempfile::TempDir, Core, Portal) {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(CoreOptions {
        data_dir: Some(dir.path().to_path_buf()),
        actor: Some("alice".into()),
        clock: Some(Arc::new(FixedClock::new(t("2026-11-22T09:00:00Z")))),
        secrets: Some(Arc::new(MemorySecrets::default())),
        http: None,
    })
    .await
    .unwrap();
    ops::workspace::init(&core, true).await.unwrap();
    let portal = ops::portal::get(&core, demo::demo_portal_id()).await.unwrap();
    (dir, core, portal)
}
