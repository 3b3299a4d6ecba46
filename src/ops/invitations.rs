//! Invitations: list, create and edit (code generated or chosen, unique per portal), find, redeem
//! with the runtime's validity rules (the contact is linked and given the invitation's roles), and
//! the status an administrator sets: New, Sent, revoked (Inactive) or back.

use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::domain::contacts::invitation;
use crate::domain::contacts::*;
use crate::domain::{FieldErrorCode, Portal, ValidationErrors};
use crate::error::{Error, Result};
use crate::ops::{contacts, Core};
use crate::store::{ContactChange, InvitationChange};

pub async fn list(core: &Core, portal: &Portal) -> Result<Vec<Invitation>> {
    core.store().invitations(portal.id).await
}

/// An invitation by id, code or name.
pub async fn find(core: &Core, portal: &Portal, query: &str) -> Result<Invitation> {
    let q = query.trim();
    let all = list(core, portal).await?;
    if let Some(i) = all.iter().find(|i| i.id.to_string() == q.to_lowercase() || i.code == q) {
        return Ok(i.clone());
    }
    let named: Vec<&Invitation> = all.iter().filter(|i| i.name.eq_ignore_ascii_case(q)).collect();
    match named.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::InvitationNotFound(q.to_owned())),
        many => Err(Error::PortalAmbiguous {
            query: q.to_owned(),
            candidates: many.iter().map(|i| format!("{} ({})", i.name, i.code)).collect::<Vec<_>>().join(", "),
        }),
    }
}

async fn check_links(core: &Core, portal: &Portal, inv: &Invitation, others: &[Invitation]) -> Result<()> {
    let mut errors = ValidationErrors::default();
    if others.iter().any(|o| o.id != inv.id && o.code == inv.code) {
        errors.push(
            "code",
            FieldErrorCode::Taken,
            format!("Another invitation already has the code \"{}\".", inv.code),
        );
    }
    let roles = core.store().access_model(portal.id).await?.roles;
    for r in &inv.role_ids {
        if !roles.iter().any(|x| x.id == *r) {
            errors.push("role_ids", FieldErrorCode::InvalidValue, format!("There is no web role {r} in this portal."));
        }
    }
    let mut wanted: Vec<Uuid> = inv.invited_contact_ids.clone();
    wanted.extend(inv.inviter_contact_id);
    let found = core.store().contacts(portal.id, &wanted).await?;
    for id in wanted {
        if !found.iter().any(|c| c.id == id) {
            errors.push(
                "invited_contact_ids",
                FieldErrorCode::InvalidValue,
                format!("There is no contact {id} in this portal."),
            );
        }
    }
    errors.into_result(()).map_err(Error::from)
}

pub async fn create(core: &Core, portal: &Portal, draft: &InvitationDraft) -> Result<Invitation> {
    let inv = invitation::build(draft, Uuid::new_v4(), core.clock().now())?;
    let others = list(core, portal).await?;
    check_links(core, portal, &inv, &others).await?;
    core.store()
        .apply_invitation_changes(
            portal.id,
            &[InvitationChange::Save { before: None, after: inv.clone() }],
            &[],
            core.actor(),
            core.clock().now(),
            None,
            &|_| true,
        )
        .await?;
    core.announce().await;
    Ok(inv)
}

/// Creates many invitations as one bulk batch (undone together); returns the batch id.
pub(crate) async fn create_many(
    core: &Core,
    portal: &Portal,
    invitations: Vec<Invitation>,
    description: &str,
    progress: &(dyn Fn(usize) -> bool + Sync),
) -> Result<i64> {
    let changes: Vec<InvitationChange> =
        invitations.into_iter().map(|after| InvitationChange::Save { before: None, after }).collect();
    let (actor, now) = (core.actor(), core.clock().now());
    let batch = core
        .store()
        .apply_invitation_changes(portal.id, &changes, &[], actor, now, Some(description), progress)
        .await?
        .expect("a described write makes a batch");
    core.announce().await;
    Ok(batch)
}

/// Removes the listed invitations that nobody redeemed yet, as one batch: (batch id, removed).
pub(crate) async fn remove_many(core: &Core, portal: &Portal, ids: &[Uuid], description: &str) -> Result<(i64, u32)> {
    let changes: Vec<InvitationChange> = list(core, portal)
        .await?
        .into_iter()
        .filter(|i| ids.contains(&i.id) && i.redemptions == 0)
        .map(InvitationChange::Delete)
        .collect();
    let removed = changes.len() as u32;
    let batch = core
        .store()
        .apply_invitation_changes(
            portal.id,
            &changes,
            &[],
            core.actor(),
            core.clock().now(),
            Some(description),
            &|_| true,
        )
        .await?
        .expect("a described write makes a batch");
    core.announce().await;
    Ok((batch, removed))
}

/// What redeeming did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Redemption {
    pub invitation: Invitation,
    pub contact: Contact,
    /// Roles the contact gained.
    pub roles_added: Vec<Uuid>,
}

/// Redeems `code` for a contact: counts the redemption, links the contact, assigns the roles and
/// marks the invitation Redeemed at its maximum; all in one transaction.
pub async fn redeem(core: &Core, portal: &Portal, code: &str, contact_query: &str) -> Result<Redemption> {
    let all = list(core, portal).await?;
    let code = code.trim();
    let before =
        all.iter().find(|i| i.code == code).cloned().ok_or(Error::Invitation(InvitationProblem::CodeMismatch))?;
    let contact = contacts::find(core, portal, contact_query).await?;
    let after = invitation::redeem(&before, code, contact.id, core.clock().now()).map_err(Error::Invitation)?;
    let mut updated = contact.clone();
    let roles_added: Vec<Uuid> = after.role_ids.iter().copied().filter(|r| !contact.role_ids.contains(r)).collect();
    updated.role_ids.extend(roles_added.iter().copied());
    updated.role_ids.sort();
    updated.modified_at = core.clock().now();
    let contact_changes = if roles_added.is_empty() {
        Vec::new()
    } else {
        vec![ContactChange::Save { before: Some(contact.clone()), after: updated.clone() }]
    };
    core.store()
        .apply_invitation_changes(
            portal.id,
            &[InvitationChange::Save { before: Some(before), after: after.clone() }],
            &contact_changes,
            core.actor(),
            core.clock().now(),
            None,
            &|_| true,
        )
        .await?;
    core.announce().await;
    Ok(Redemption { invitation: after, contact: updated, roles_added })
}

/// Edits an invitation (found by id, code or name): the draft replaces its fields under the
/// rules of [`invitation::edit`]; a new code must be unique in the portal.
pub async fn edit(core: &Core, portal: &Portal, query: &str, draft: &InvitationDraft) -> Result<Invitation> {
    let before = find(core, portal, query).await?;
    let after = invitation::edit(&before, draft, core.clock().now())?;
    let others = list(core, portal).await?;
    check_links(core, portal, &after, &others).await?;
    save(core, portal, before, after).await
}

/// Sets an invitation's status: New or Sent (whether its code has gone out), Inactive (revoked),
/// or back from Inactive; Redeemed follows from the redemptions ([`invitation::with_status`]).
pub async fn set_status(core: &Core, portal: &Portal, query: &str, status: InvitationStatus) -> Result<Invitation> {
    let before = find(core, portal, query).await?;
    let after = invitation::with_status(&before, status)?;
    save(core, portal, before, after).await
}

/// Revokes an invitation (status Inactive); it can no longer be redeemed.
pub async fn revoke(core: &Core, portal: &Portal, query: &str) -> Result<Invitation> {
    set_status(core, portal, query, InvitationStatus::Inactive).await
}

/// Writes an edited invitation, audited; nothing when nothing changed.
async fn save(core: &Core, portal: &Portal, before: Invitation, after: Invitation) -> Result<Invitation> {
    if after == before {
        return Ok(before);
    }
    core.store()
        .apply_invitation_changes(
            portal.id,
            &[InvitationChange::Save { before: Some(before), after: after.clone() }],
            &[],
            core.actor(),
            core.clock().now(),
            None,
            &|_| true,
        )
        .await?;
    core.announce().await;
    Ok(after)
}
