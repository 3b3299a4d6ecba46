//! Site operations through the Power Pages admin API: restart, start, stop (followed until they
//! end, with progress) and status; the outcome is brought into the portal's state.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::domain::{Portal, PortalId, PortalState};
use crate::error::{Error, RemoteFailure, Result};
use crate::ops::connection::ConnectionTokens;
use crate::ops::{portal, Core};
use crate::sync::powerpages::{self, OperationStatus, SiteAction};

/// A site's state as the admin API reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SiteStatus {
    pub portal: Portal,
    /// The admin API's operation status (`OperationComplete`, `OperationInProgress`, …).
    pub status: Option<String>,
    pub url: Option<String>,
}

/// Which operation, for the shells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SiteOperation {
    Restart,
    Start,
    Stop,
}

struct Bound {
    portal: Portal,
    site: crate::domain::sites::PortalSite,
    environment_id: String,
    site_id: String,
    connection: crate::domain::connection::Connection,
}

async fn bound(core: &Core, id: PortalId) -> Result<Bound> {
    let portal = portal::get(core, id).await?;
    let site = core.store().portal_site(id).await?.ok_or_else(|| Error::NotConnected(portal.name.clone()))?;
    let (Some(environment_id), Some(site_id)) = (site.environment_id.clone(), site.site_id.clone()) else {
        return Err(Error::NotConnected(format!(
            "{} (it was not found by discovery, so its site in the admin API is unknown)",
            portal.name
        )));
    };
    let connection =
        core.store().connection(site.connection_id).await?.ok_or_else(|| Error::NotConnected(portal.name.clone()))?;
    Ok(Bound { portal, site, environment_id, site_id, connection })
}

async fn set_state(core: &Core, b: &Bound, state: PortalState, status: Option<String>) -> Result<Portal> {
    let now = core.clock().now();
    let mut site = b.site.clone();
    site.site_status = status;
    core.store().save_portal_site(&site, core.actor(), now).await?;
    let current = portal::get(core, b.portal.id).await?;
    if current.state == state {
        core.announce().await;
        return Ok(current);
    }
    let mut after = current.clone();
    after.state = state;
    after.updated_at = now;
    core.store().update_portal(&current, &after, core.actor()).await?;
    core.announce().await;
    Ok(after)
}

/// The site's current status, brought into the portal.
pub async fn status(core: &Core, id: PortalId) -> Result<SiteStatus> {
    let b = bound(core, id).await?;
    let tokens = ConnectionTokens { core, connection: b.connection.clone() };
    let site = powerpages::website(&core.cloud().http, &tokens, &b.connection, &b.environment_id, &b.site_id).await?;
    let state = crate::domain::sites::state_from_status(site.status.as_deref(), Some(b.portal.state));
    let portal = set_state(core, &b, state, site.status.clone()).await?;
    Ok(SiteStatus { portal, status: site.status, url: site.website_url })
}

/// Restarts, starts or stops the site and follows the operation to its end. The portal reads
/// `restarting` meanwhile; a failed operation leaves the state it had and says so.
pub async fn run(
    core: &Core,
    id: PortalId,
    operation: SiteOperation,
    progress: &(dyn Fn(&OperationStatus) + Send + Sync),
) -> Result<SiteStatus> {
    let b = bound(core, id).await?;
    let before = b.portal.state;
    let action = match operation {
        SiteOperation::Restart => SiteAction::Restart,
        SiteOperation::Start => SiteAction::Start,
        SiteOperation::Stop => SiteAction::Stop,
    };
    let tokens = ConnectionTokens { core, connection: b.connection.clone() };
    let during = if operation == SiteOperation::Stop { before } else { PortalState::Restarting };
    set_state(core, &b, during, Some("OperationInProgress".into())).await?;
    let outcome = powerpages::run_action(
        &core.cloud().http,
        &tokens,
        &b.connection,
        &b.environment_id,
        &b.site_id,
        action,
        progress,
    )
    .await;
    match outcome {
        Ok(state) if !state.failed => {
            let end = if operation == SiteOperation::Stop { PortalState::Stopped } else { PortalState::Running };
            let portal = set_state(core, &b, end, Some(state.status.clone())).await?;
            Ok(SiteStatus { portal, status: Some(state.status), url: None })
        }
        Ok(state) => {
            set_state(core, &b, before, Some(state.status.clone())).await?;
            Err(Error::Remote {
                kind: RemoteFailure::ServiceError,
                message: format!(
                    "the site's {} ended \"{}\"; the portal keeps its previous state",
                    action.path(),
                    state.status
                ),
            })
        }
        Err(e) => {
            set_state(core, &b, before, b.site.site_status.clone()).await?;
            Err(e)
        }
    }
}
