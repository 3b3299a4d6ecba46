//! What a renewal needs from the outside world: register a certificate with the portal's Entra ID
//! application, restart the portal, verify it connects with a key, remove an old certificate.
//!
//! [`LocalConnector`] performs these against the workspace (recording each action, so an offline
//! workspace can rehearse a renewal and tests can see exactly what happened); the Entra ID and
//! Power Pages connector comes with live sync.

use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Serialize};
use specta::Type;

use std::sync::Arc;

use crate::clock::Clock;
use crate::domain::Portal;
use crate::store::Store;

pub type ConnectorFuture<'a> = Pin<Box<dyn Future<Output = Result<(), ConnectorError>> + Send + 'a>>;

/// A connector step that failed, with whether retrying may help.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize, Type)]
#[error("{message}")]
pub struct ConnectorError {
    pub message: String,
    pub transient: bool,
}

impl ConnectorError {
    pub fn transient(message: impl Into<String>) -> Self {
        Self { message: message.into(), transient: true }
    }

    pub fn permanent(message: impl Into<String>) -> Self {
        Self { message: message.into(), transient: false }
    }
}

/// The portal-side operations of a renewal. Every call must be idempotent: a retry repeats it.
pub trait PortalConnector: Send + Sync {
    fn register_key<'a>(
        &'a self,
        portal: &'a Portal,
        thumbprint: &'a str,
        certificate_der: &'a [u8],
    ) -> ConnectorFuture<'a>;
    fn restart<'a>(&'a self, portal: &'a Portal) -> ConnectorFuture<'a>;
    fn verify<'a>(&'a self, portal: &'a Portal, thumbprint: &'a str) -> ConnectorFuture<'a>;
    fn remove_key<'a>(&'a self, portal: &'a Portal, thumbprint: &'a str) -> ConnectorFuture<'a>;
}

/// Performs the portal-side operations on the workspace itself and records them.
#[derive(Clone)]
pub struct LocalConnector {
    store: Store,
    clock: Arc<dyn Clock>,
}

impl LocalConnector {
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }

    async fn record(&self, portal: &Portal, action: &str, detail: &str) -> Result<(), ConnectorError> {
        self.store.record_connector_action(portal.id, action, detail, self.clock.now()).await.map_err(db)
    }
}

fn db(e: crate::Error) -> ConnectorError {
    ConnectorError::transient(e.to_string())
}

impl PortalConnector for LocalConnector {
    fn register_key<'a>(&'a self, portal: &'a Portal, thumbprint: &'a str, _der: &'a [u8]) -> ConnectorFuture<'a> {
        Box::pin(async move { self.record(portal, "register_key", thumbprint).await })
    }

    fn restart<'a>(&'a self, portal: &'a Portal) -> ConnectorFuture<'a> {
        Box::pin(async move { self.record(portal, "restart", "").await })
    }

    fn verify<'a>(&'a self, portal: &'a Portal, thumbprint: &'a str) -> ConnectorFuture<'a> {
        Box::pin(async move {
            let actions = self.store.connector_actions(portal.id).await.map_err(db)?;
            let registered = actions.iter().rposition(|(a, d)| a == "register_key" && d == thumbprint);
            let restarted = actions.iter().rposition(|(a, _)| a == "restart");
            match (registered, restarted) {
                (Some(r), Some(s)) if s > r => Ok(()),
                (None, _) => Err(ConnectorError::permanent(format!("the certificate {thumbprint} is not registered"))),
                _ => Err(ConnectorError::transient("the portal has not restarted since the key was registered")),
            }
        })
    }

    fn remove_key<'a>(&'a self, portal: &'a Portal, thumbprint: &'a str) -> ConnectorFuture<'a> {
        Box::pin(async move { self.record(portal, "remove_key", thumbprint).await })
    }
}
