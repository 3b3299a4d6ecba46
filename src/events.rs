//! Change events: "the workspace changed", pushed to whoever listens (the desktop shell).
//!
//! The audit trail doubles as the change log. After each of its own writes the core reads the
//! audit entries it has not announced yet and broadcasts them as one [`WorkspaceChange`]; a file
//! watcher does the same when another process (the CLI, a second core) writes the workspace.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use specta::Type;
use tokio::sync::{broadcast, mpsc, Mutex};

use crate::domain::Entity;
use crate::error::{Error, Result};
use crate::store::Store;

/// What changed in the workspace: which kinds of record, of which portals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct WorkspaceChange {
    pub entities: Vec<Entity>,
    pub portal_ids: Vec<String>,
    /// The newest audit entry this event covers.
    pub through_audit_id: i64,
}

/// Announces each audit entry exactly once, in order.
#[derive(Debug)]
pub struct ChangeFeed {
    sender: broadcast::Sender<WorkspaceChange>,
    announced: Mutex<i64>,
}

impl ChangeFeed {
    pub(crate) fn new(already_seen: i64) -> Self {
        let (sender, _) = broadcast::channel(64);
        Self { sender, announced: Mutex::new(already_seen) }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<WorkspaceChange> {
        self.sender.subscribe()
    }

    /// Broadcasts every audit entry written since the last announcement (by anyone) and returns
    /// the event, or `None` when nothing is new.
    pub async fn catch_up(&self, store: &Store) -> Result<Option<WorkspaceChange>> {
        let mut announced = self.announced.lock().await;
        let Some((through, entities, portal_ids)) = store.audit_changes_since(*announced).await? else {
            return Ok(None);
        };
        *announced = through;
        let event = WorkspaceChange {
            entities: entities.into_iter().collect::<BTreeSet<_>>().into_iter().collect(),
            portal_ids: portal_ids.into_iter().collect::<BTreeSet<_>>().into_iter().collect(),
            through_audit_id: through,
        };
        // No receiver is fine: nobody is listening (the CLI).
        let _ = self.sender.send(event.clone());
        Ok(Some(event))
    }
}

/// How often the watch catches up even without a file event.
const SAFETY_NET: Duration = Duration::from_secs(3);

/// Keeps a file watcher on the workspace folder alive; dropping it stops watching.
pub struct WorkspaceWatch {
    _watcher: notify::RecommendedWatcher,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for WorkspaceWatch {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Watches the folder holding `database` and catches up whenever the database or its WAL is
/// written, so changes made by other processes are announced too. Must run inside a tokio
/// runtime.
pub(crate) fn watch(database: &Path, feed: Arc<ChangeFeed>, store: Store) -> Result<WorkspaceWatch> {
    use notify::{RecursiveMode, Watcher};

    let folder = database.parent().unwrap_or(Path::new(".")).to_path_buf();
    let file_name = database.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Capacity 1: a pending wake-up already covers any number of writes.
    let (wake, mut woken) = mpsc::channel::<()>(1);
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if !matches!(event.kind, notify::EventKind::Modify(_) | notify::EventKind::Create(_)) {
            return;
        }
        let ours = event.paths.iter().any(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| n == file_name || n == format!("{file_name}-wal"))
        });
        if ours {
            let _ = wake.try_send(());
        }
    })
    .map_err(Error::Watch)?;
    watcher.watch(&folder, RecursiveMode::NonRecursive).map_err(Error::Watch)?;
    let task = tokio::spawn(async move {
        // File events can be coalesced or lost (a busy system, a WAL reset between a write and
        // its commit); a slow periodic catch-up (one indexed query) makes sure nothing is missed.
        let mut safety_net = tokio::time::interval(SAFETY_NET);
        safety_net.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                woke = woken.recv() => if woke.is_none() { break },
                _ = safety_net.tick() => {}
            }
            if let Err(e) = feed.catch_up(&store).await {
                tracing::warn!(error = %e, "could not read workspace changes");
            }
        }
    });
    Ok(WorkspaceWatch { _watcher: watcher, task })
}
