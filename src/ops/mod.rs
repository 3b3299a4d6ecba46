//! The application API: the one layer both shells call, one file per feature.
//!
//! Each operation is a free async function taking `&Core` first. [`Core`] bundles the store, the
//! clock, who is acting (for the audit trail) and the change feed.

pub mod access;
pub mod connection;
pub mod contact_csv;
pub mod contacts;
pub mod discover;
pub mod invitations;
pub mod key;
pub mod key_refresh;
pub mod notify;
pub mod pac;
pub mod portal;
pub mod providers;
pub mod renewal;
pub mod settings;
pub mod site;
pub mod workspace;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::broadcast;

use crate::clock::{Clock, SystemClock};
use crate::error::Result;
use crate::events::{ChangeFeed, WorkspaceChange, WorkspaceWatch};
use crate::paths;
use crate::secrets::{OsKeyring, SecretStore};
use crate::store::Store;

/// How to open the core.
#[derive(Clone, Default)]
pub struct CoreOptions {
    /// The data folder; `None` means `PORTAL_ADMIN_HOME` or the platform default.
    pub data_dir: Option<PathBuf>,
    /// Who is acting, as recorded in the audit trail (e.g. "alice (cli)").
    pub actor: Option<String>,
    /// The clock; `None` means the system clock.
    pub clock: Option<Arc<dyn Clock>>,
    /// Where private keys go; `None` means the OS keyring.
    pub secrets: Option<Arc<dyn SecretStore>>,
    /// Timeouts and caps of calls to Microsoft's services; `None` means the defaults.
    pub http: Option<crate::sync::http::HttpLimits>,
}

/// An open workspace and everything operations need.
pub struct Core {
    store: Store,
    clock: Arc<dyn Clock>,
    actor: String,
    data_dir: PathBuf,
    changes: Arc<ChangeFeed>,
    secrets: Arc<dyn SecretStore>,
    cloud: connection::Cloud,
}

impl Core {
    pub async fn open(options: CoreOptions) -> Result<Self> {
        let data_dir = paths::data_dir_from_env(options.data_dir.as_deref())?;
        let store = Store::open(&data_dir.join(paths::WORKSPACE_FILE)).await?;
        let seen = store.audit_high_water().await?;
        Ok(Self {
            store,
            clock: options.clock.unwrap_or_else(|| Arc::new(SystemClock)),
            actor: options.actor.unwrap_or_else(default_actor),
            data_dir,
            changes: Arc::new(ChangeFeed::new(seen)),
            secrets: options.secrets.unwrap_or_else(|| Arc::new(OsKeyring)),
            cloud: connection::Cloud::new(options.http.unwrap_or_default())?,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// A shared handle on the clock, for long-lived helpers (connectors, the watch).
    pub fn clock_handle(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn secrets(&self) -> Arc<dyn SecretStore> {
        self.secrets.clone()
    }

    /// The connectors' HTTP client, access tokens (memory only) and Graph's read limit.
    pub(crate) fn cloud(&self) -> &connection::Cloud {
        &self.cloud
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Change events from now on (this process's writes and, while [`Core::watch`] runs, other
    /// processes' writes).
    pub fn subscribe(&self) -> broadcast::Receiver<WorkspaceChange> {
        self.changes.subscribe()
    }

    /// Starts announcing changes that other processes make to the workspace file.
    pub fn watch(&self) -> Result<WorkspaceWatch> {
        crate::events::watch(self.store.path(), self.changes.clone(), self.store.clone())
    }

    /// Announces what was just written. A failure to read the trail never fails the write
    /// that already committed; the next catch-up announces it.
    pub(crate) async fn announce(&self) {
        if let Err(e) = self.changes.catch_up(&self.store).await {
            tracing::warn!(error = %e, "could not announce a workspace change");
        }
    }

    pub async fn close(&self) {
        self.store.close().await;
    }
}

fn default_actor() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into())
}
