//! Portal operations: list, find, add, edit, remove, history.

use crate::domain::{AuditEntry, FieldErrorCode, Portal, PortalDraft, PortalId, PortalPatch, ValidationErrors};
use crate::error::{Error, Result};
use crate::ops::Core;

/// Every portal of the workspace, by name.
pub async fn list(core: &Core) -> Result<Vec<Portal>> {
    core.store().portals().await
}

/// The portal a person means by `query`: its id (GUID) or its name, ignoring case.
pub async fn resolve(core: &Core, query: &str) -> Result<Portal> {
    let query = query.trim();
    if let Ok(id) = query.parse::<PortalId>() {
        if let Some(portal) = core.store().portal(id).await? {
            return Ok(portal);
        }
    }
    let mut named = core.store().portals_named(query).await?;
    match named.len() {
        0 => Err(Error::PortalNotFound(query.to_owned())),
        1 => Ok(named.remove(0)),
        _ => Err(Error::PortalAmbiguous {
            query: query.to_owned(),
            candidates: named.iter().map(|p| p.id.to_string()).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// The portal with this id.
pub async fn get(core: &Core, id: PortalId) -> Result<Portal> {
    core.store().portal(id).await?.ok_or_else(|| Error::PortalNotFound(id.to_string()))
}

/// Adds a portal after checking every field and that its name and id are free.
pub async fn create(core: &Core, draft: PortalDraft) -> Result<Portal> {
    let valid = draft.validate(PortalId::new_random())?;
    let mut errors = ValidationErrors::default();
    if core.store().portal(valid.id).await?.is_some() {
        errors.push(
            "id",
            FieldErrorCode::Taken,
            format!("A portal with id {} is already in this workspace.", valid.id),
        );
    }
    check_name_free(core, &valid.name, None, &mut errors).await?;
    errors.into_result(())?;
    let now = core.clock().now();
    let portal = valid.into_portal(now, now);
    core.store().insert_portal(&portal, core.actor()).await?;
    core.announce().await;
    Ok(portal)
}

/// Applies `patch` to the portal `id`. The id itself never changes. An empty or no-op patch
/// writes nothing.
pub async fn update(core: &Core, id: PortalId, patch: PortalPatch) -> Result<Portal> {
    let before = get(core, id).await?;
    let mut draft = patch.apply_to(&before);
    draft.id = Some(before.id.to_string());
    let valid = draft.validate(before.id)?;
    let mut errors = ValidationErrors::default();
    check_name_free(core, &valid.name, Some(before.id), &mut errors).await?;
    errors.into_result(())?;
    let mut after = valid.into_portal(before.created_at, before.updated_at);
    if after == before {
        return Ok(before);
    }
    after.updated_at = core.clock().now();
    core.store().update_portal(&before, &after, core.actor()).await?;
    core.announce().await;
    Ok(after)
}

/// Removes the portal `id` from the workspace and returns what it was. Its audit history stays.
pub async fn remove(core: &Core, id: PortalId) -> Result<Portal> {
    let portal = get(core, id).await?;
    core.store().delete_portal(&portal, core.actor(), core.clock().now()).await?;
    core.announce().await;
    Ok(portal)
}

/// The newest changes made to a portal, newest first.
pub async fn history(core: &Core, id: PortalId, limit: u32) -> Result<Vec<AuditEntry>> {
    core.store().audit_of_portal(&id.to_string(), limit).await
}

pub(crate) async fn check_name_free(
    core: &Core,
    name: &str,
    except: Option<PortalId>,
    errors: &mut ValidationErrors,
) -> Result<()> {
    let clash = core.store().portals_named(name).await?.into_iter().any(|p| Some(p.id) != except);
    if clash {
        errors.push(
            "name",
            FieldErrorCode::Taken,
            format!("A portal named \"{name}\" already exists in this workspace."),
        );
    }
    Ok(())
}
