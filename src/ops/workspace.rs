//! Workspace operations: what the workspace is, initialising it, seeding the demo portal.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::domain::demo;
use crate::domain::settings::SiteSetting;
use crate::domain::Portal;
use crate::error::Result;
use crate::ops::{key, portal, Core};
use crate::store::{AccessChange, AccessRecord, InvitationChange, SettingChange};

/// Where the workspace is and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct WorkspaceInfo {
    pub data_dir: PathBuf,
    pub database: PathBuf,
    pub portal_count: u32,
}

/// What `init` did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct InitReport {
    pub workspace: WorkspaceInfo,
    /// The demo portal, when `init` seeded it now.
    pub seeded_demo: Option<Portal>,
    /// Whether the demo portal was already there.
    pub demo_already_present: bool,
}

pub async fn info(core: &Core) -> Result<WorkspaceInfo> {
    Ok(WorkspaceInfo {
        data_dir: core.data_dir().to_path_buf(),
        database: core.store().path().to_path_buf(),
        portal_count: core.store().portal_count().await? as u32,
    })
}

/// Makes sure the workspace exists (opening the core already created and migrated it) and,
/// with `demo`, that the demo portal is in it. Running it twice changes nothing.
pub async fn init(core: &Core, demo: bool) -> Result<InitReport> {
    let mut seeded_demo = None;
    let mut demo_already_present = false;
    if demo {
        if core.store().portal(demo::demo_portal_id()).await?.is_some() {
            demo_already_present = true;
        } else {
            seeded_demo = Some(seed_demo(core).await?);
        }
    }
    Ok(InitReport { workspace: info(core).await?, seeded_demo, demo_already_present })
}

/// The desktop's first start: seeds the demo portal only into a workspace that has never held
/// anything (an empty audit trail), so removing every portal later does not bring it back.
pub async fn seed_demo_on_first_run(core: &Core) -> Result<Option<Portal>> {
    if core.store().audit_high_water().await? > 0 {
        return Ok(None);
    }
    Ok(Some(seed_demo(core).await?))
}

/// The demo portal with an authentication key that expires in about 20 days, so the watch,
/// the banner and renewal have something real to show.
async fn seed_demo(core: &Core) -> Result<Portal> {
    let portal = portal::create(core, demo::demo_portal()).await?;
    key::seed_demo_key(core, &portal, demo::DEMO_KEY_DAYS_LEFT).await?;
    let records = demo::DEMO_SETTINGS
        .iter()
        .map(|(name, value)| {
            SettingChange::Insert(SiteSetting::new(*name, Some((*value).to_owned()).filter(|v| !v.is_empty())))
        })
        .collect::<Vec<_>>();
    core.store().apply_setting_changes(portal.id, &records, core.actor(), core.clock().now()).await?;
    let access = demo::demo_access();
    let mut changes = Vec::new();
    changes.extend(access.roles.into_iter().map(AccessRecord::Role));
    changes.extend(access.pages.into_iter().map(AccessRecord::Page));
    changes.extend(access.page_rules.into_iter().map(AccessRecord::PageRule));
    changes.extend(access.website_access.into_iter().map(AccessRecord::WebsiteAccess));
    changes.extend(access.table_permissions.into_iter().map(AccessRecord::Permission));
    let changes: Vec<AccessChange> =
        changes.into_iter().map(|after| AccessChange::Save { before: None, after }).collect();
    core.store().apply_access_changes(portal.id, &changes, core.actor(), core.clock().now()).await?;
    let (contacts, invitations) = demo::demo_contacts(core.clock().now());
    core.store().insert_contacts(portal.id, &contacts, core.actor(), core.clock().now(), "demo contacts").await?;
    let invitations: Vec<InvitationChange> =
        invitations.into_iter().map(|after| InvitationChange::Save { before: None, after }).collect();
    core.store()
        .apply_invitation_changes(portal.id, &invitations, &[], core.actor(), core.clock().now(), None, &|_| true)
        .await?;
    core.announce().await;
    Ok(portal)
}
