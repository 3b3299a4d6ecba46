//! Contacts: list and search, details, create and edit with the runtime's user rules, the admin
//! actions, passwords (policy enforced, v2 hashes), sign-in diagnosis, duplicate e-mails, bulk
//! actions with preview, cancel and undo, and CSV export and import. Every write is one audited
//! transaction.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::domain::access::WebRole;
use crate::domain::contacts::model::{self as rules_mod, Collisions};
use crate::domain::contacts::*;
use crate::domain::settings::password::{self, PasswordPolicy};
use crate::domain::{AuditEntry, Entity, FieldErrorCode, Portal, ValidationErrors};
use crate::error::{Error, Result};
use crate::ops::{settings, Core};
use crate::store::{BulkBatch, ContactChange, ContactFilter, ContactPage, ContactQuery, ContactRow, DuplicateGroup};

/// The portal's user rules and password policy under its current settings.
pub async fn rules(core: &Core, portal: &Portal) -> Result<(UserRules, PasswordPolicy)> {
    let s = settings::load(core, portal).await?;
    Ok((UserRules::from_settings(&s), PasswordPolicy::from_settings(&s)))
}

pub async fn page(core: &Core, portal: &Portal, query: &ContactQuery) -> Result<ContactPage> {
    core.store().contact_page(portal.id, query, core.clock().now()).await
}

pub async fn count(core: &Core, portal: &Portal, filter: &ContactFilter) -> Result<i64> {
    core.store().contact_count(portal.id, filter, core.clock().now()).await
}

/// A contact by id, e-mail, user name or full name (an ambiguous answer names the candidates).
pub async fn find(core: &Core, portal: &Portal, query: &str) -> Result<Contact> {
    let q = query.trim();
    if let Ok(id) = q.parse::<Uuid>() {
        if let Some(c) = core.store().contacts(portal.id, &[id]).await?.pop() {
            return Ok(c);
        }
    }
    let mut rows = core.store().contacts_matching(portal.id, Some(q), Some(q), core.clock().now()).await?;
    if rows.is_empty() {
        let filter = ContactFilter { search: Some(q.to_owned()), ..Default::default() };
        let page = core
            .store()
            .contact_page(portal.id, &ContactQuery { filter, limit: 50, ..Default::default() }, core.clock().now())
            .await?;
        rows = page.rows.into_iter().filter(|r| r.name.eq_ignore_ascii_case(q)).collect();
    }
    match rows.as_slice() {
        [one] => Ok(core
            .store()
            .contacts(portal.id, &[one.id])
            .await?
            .pop()
            .ok_or_else(|| Error::ContactNotFound(q.into()))?),
        [] => Err(Error::ContactNotFound(q.to_owned())),
        many => Err(Error::PortalAmbiguous {
            query: q.to_owned(),
            candidates: many.iter().map(|r| format!("{} ({})", r.name, r.id)).collect::<Vec<_>>().join(", "),
        }),
    }
}

pub async fn get(core: &Core, portal: &Portal, id: Uuid) -> Result<Contact> {
    core.store().contacts(portal.id, &[id]).await?.pop().ok_or_else(|| Error::ContactNotFound(id.to_string()))
}

/// A contact as lists name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ContactName {
    pub id: Uuid,
    pub name: String,
}

/// The names of the given contacts of the portal, in the order given; ids the portal does not
/// have are left out.
pub async fn names(core: &Core, portal: &Portal, ids: &[Uuid]) -> Result<Vec<ContactName>> {
    let found = core.store().contacts(portal.id, ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| found.iter().find(|c| c.id == *id))
        .map(|c| ContactName { id: c.id, name: c.display_name() })
        .collect())
}

/// Everything the contact page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ContactDetails {
    pub contact: Contact,
    /// Until when the account is locked out now (`IsLockedOut`), or `None`.
    pub locked_until: Option<DateTime<Utc>>,
    /// The contact's roles (the authenticated users role applies implicitly).
    pub roles: Vec<WebRole>,
    /// Other contacts with the same e-mail address, deactivated ones included.
    pub same_email: Vec<ContactRow>,
    pub invitations: Vec<Invitation>,
    /// The sign-in walk without a password.
    pub diagnosis: SignInDiagnosis,
    pub rules: UserRules,
    pub history: Vec<AuditEntry>,
}

pub async fn details(core: &Core, portal: &Portal, id: Uuid) -> Result<ContactDetails> {
    let contact = get(core, portal, id).await?;
    let (rules, _) = rules(core, portal).await?;
    let same_email = same_email(core, portal, &contact).await?;
    let model = core.store().access_model(portal.id).await?;
    let roles = model.roles.into_iter().filter(|r| contact.role_ids.contains(&r.id)).collect();
    let invitations = core
        .store()
        .invitations(portal.id)
        .await?
        .into_iter()
        .filter(|i| i.invited_contact_ids.contains(&id) || i.redeemed_contact_ids.contains(&id))
        .collect();
    let diagnosis = diagnose(
        &contact,
        SignInContext { rules: &rules, same_email_contacts: same_email.len(), password: None, now: core.clock().now() },
    );
    let history = core.store().audit_of_entity(Entity::Contact, &id.to_string(), 50).await?;
    let locked_until = LockoutState::of(&contact).locked_until(core.clock().now());
    Ok(ContactDetails { contact, locked_until, roles, same_email, invitations, diagnosis, rules, history })
}

async fn same_email(core: &Core, portal: &Portal, contact: &Contact) -> Result<Vec<ContactRow>> {
    let Some(email) = contact.email.as_deref() else { return Ok(Vec::new()) };
    Ok(core
        .store()
        .contacts_matching(portal.id, Some(email), None, core.clock().now())
        .await?
        .into_iter()
        .filter(|r| r.id != contact.id)
        .collect())
}

async fn collisions(core: &Core, portal: &Portal, id: Uuid, draft: &ContactDraft) -> Result<Collisions> {
    let email = draft.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
    let username = draft.username.as_deref().map(str::trim).filter(|u| !u.is_empty());
    let mut out = Collisions::default();
    if email.is_none() && username.is_none() {
        return Ok(out);
    }
    for row in core.store().contacts_matching(portal.id, email, username, core.clock().now()).await? {
        if row.id == id {
            continue;
        }
        let label = if row.active { row.name.clone() } else { format!("{} (deactivated)", row.name) };
        if let (Some(e), Some(re)) = (email, row.email.as_deref()) {
            if rules_mod::email_key(e) == rules_mod::email_key(re) {
                out.email.push(label.clone());
            }
        }
        if let (Some(u), Some(ru)) = (username, row.username.as_deref()) {
            if u.eq_ignore_ascii_case(ru.trim()) {
                out.username.push(label);
            }
        }
    }
    Ok(out)
}

async fn save(core: &Core, portal: &Portal, before: Option<Contact>, mut after: Contact) -> Result<Contact> {
    after.modified_at = core.clock().now();
    core.store()
        .apply_contact_changes(
            portal.id,
            &[ContactChange::Save { before, after: after.clone() }],
            core.actor(),
            after.modified_at,
            None,
            &|_| true,
        )
        .await?;
    core.announce().await;
    Ok(after)
}

/// Creates a contact as the runtime would (login enabled, lockout per the portal's default),
/// optionally with a first password (policy enforced).
pub async fn create(core: &Core, portal: &Portal, draft: &ContactDraft, password: Option<&str>) -> Result<Contact> {
    let (rules, policy) = rules(core, portal).await?;
    let mut contact = Contact::new(Uuid::new_v4(), &rules, core.clock().now());
    let collisions = collisions(core, portal, contact.id, draft).await?;
    rules_mod::apply_draft(&mut contact, draft, &rules, &collisions)?;
    if let Some(pw) = password {
        check_password(&policy, &contact, pw)?;
        contact.set_password_hash(Some(hash::hash_v2(pw)));
    }
    save(core, portal, None, contact).await
}

/// Changes a contact's profile (the user name cannot change once set; a new e-mail is unconfirmed).
pub async fn edit(core: &Core, portal: &Portal, id: Uuid, draft: &ContactDraft) -> Result<Contact> {
    let before = get(core, portal, id).await?;
    let (rules, _) = rules(core, portal).await?;
    let collisions = collisions(core, portal, id, draft).await?;
    let mut after = before.clone();
    rules_mod::apply_draft(&mut after, draft, &rules, &collisions)?;
    if after == before {
        return Ok(before);
    }
    save(core, portal, Some(before), after).await
}

fn check_password(policy: &PasswordPolicy, contact: &Contact, pw: &str) -> Result<()> {
    if contact.username.is_none() {
        return Err(ValidationErrors::single(
            "password",
            FieldErrorCode::InvalidValue,
            "A local password needs a user name to sign in with; give the contact a user name first.",
        )
        .into());
    }
    let report = password::evaluate(policy, pw);
    if let Some(error) = report.error {
        return Err(ValidationErrors::single("password", FieldErrorCode::InvalidValue, error).into());
    }
    Ok(())
}

/// Sets a new password under the portal's policy, as a v2 hash; rotates the security stamp (other
/// sessions end) and clears the failed count.
pub async fn set_password(core: &Core, portal: &Portal, id: Uuid, pw: &str) -> Result<Contact> {
    let before = get(core, portal, id).await?;
    let (_, policy) = rules(core, portal).await?;
    check_password(&policy, &before, pw)?;
    let mut after = before.clone();
    after.set_password_hash(Some(hash::hash_v2(pw)));
    after.security_stamp = Some(rules_mod::new_security_stamp());
    after.access_failed_count = 0;
    save(core, portal, Some(before), after).await
}

/// One admin action on a contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ContactAction {
    Deactivate,
    Reactivate,
    /// Clears the lockout end and the failed count.
    Unlock,
    ConfirmEmail,
    UnconfirmEmail,
    EnableTwoFactor,
    DisableTwoFactor,
    EnableLogin,
    DisableLogin,
    EnableLockout,
    DisableLockout,
    /// Rotates the security stamp: every session ends at its next validation.
    SignOutEverywhere,
    /// Removes the local password (another identity must remain).
    RemovePassword,
    AssignRole {
        role_id: Uuid,
    },
    UnassignRole {
        role_id: Uuid,
    },
    LinkIdentity {
        provider: String,
        user_key: String,
    },
    UnlinkIdentity {
        identity_id: Uuid,
    },
}

/// What an action does to a contact (pure; `Err` when the rules forbid it).
pub fn apply_action(contact: &Contact, action: &ContactAction, roles: &[WebRole]) -> Result<Contact> {
    let mut c = contact.clone();
    match action {
        ContactAction::Deactivate => c.active = false,
        ContactAction::Reactivate => c.active = true,
        ContactAction::Unlock => {
            c.lockout_end = None;
            c.access_failed_count = 0;
        }
        ContactAction::ConfirmEmail => {
            if c.email.is_none() {
                return Err(ValidationErrors::single(
                    "email",
                    FieldErrorCode::Required,
                    "The contact has no e-mail address to confirm.",
                )
                .into());
            }
            c.email_confirmed = true;
        }
        ContactAction::UnconfirmEmail => {
            c.email_confirmed = false;
            c.two_factor_enabled = false;
        }
        ContactAction::EnableTwoFactor => {
            rules_mod::check_two_factor(&c, true)?;
            c.two_factor_enabled = true;
        }
        ContactAction::DisableTwoFactor => c.two_factor_enabled = false,
        ContactAction::EnableLogin => c.login_enabled = true,
        ContactAction::DisableLogin => c.login_enabled = false,
        ContactAction::EnableLockout => c.lockout_enabled = true,
        ContactAction::DisableLockout => c.lockout_enabled = false,
        ContactAction::SignOutEverywhere => c.security_stamp = Some(rules_mod::new_security_stamp()),
        ContactAction::RemovePassword => {
            if c.identities.is_empty() {
                return Err(ValidationErrors::single(
                    "password",
                    FieldErrorCode::InvalidValue,
                    "The local password is the contact's only way to sign in; link an external identity first.",
                )
                .into());
            }
            c.set_password_hash(None);
            c.security_stamp = Some(rules_mod::new_security_stamp());
        }
        ContactAction::AssignRole { role_id } => {
            if !roles.iter().any(|r| r.id == *role_id) {
                return Err(Error::AccessRecordNotFound(role_id.to_string()));
            }
            if !c.role_ids.contains(role_id) {
                c.role_ids.push(*role_id);
                c.role_ids.sort();
            }
        }
        ContactAction::UnassignRole { role_id } => c.role_ids.retain(|r| r != role_id),
        ContactAction::LinkIdentity { provider, user_key } => {
            let (provider, user_key) = rules_mod::check_new_identity(&c, provider, user_key)?;
            c.identities.push(ExternalIdentity { id: Uuid::new_v4(), provider, user_key });
        }
        ContactAction::UnlinkIdentity { identity_id } => {
            if !c.identities.iter().any(|i| i.id == *identity_id) {
                return Err(Error::ContactNotFound(format!("external identity {identity_id}")));
            }
            rules_mod::check_identity_removal(&c, *identity_id)?;
            c.identities.retain(|i| i.id != *identity_id);
        }
    }
    Ok(c)
}

pub async fn act(core: &Core, portal: &Portal, id: Uuid, action: &ContactAction) -> Result<Contact> {
    act_all(core, portal, id, std::slice::from_ref(action)).await
}

/// Applies several actions to one contact in order, as one audited change: when any of them is
/// refused, none is written.
pub async fn act_all(core: &Core, portal: &Portal, id: Uuid, actions: &[ContactAction]) -> Result<Contact> {
    let before = get(core, portal, id).await?;
    let roles = core.store().access_model(portal.id).await?.roles;
    let mut after = before.clone();
    for action in actions {
        after = apply_action(&after, action, &roles)?;
    }
    if after == before {
        return Ok(before);
    }
    save(core, portal, Some(before), after).await
}

/// Walks the runtime's sign-in for a contact, optionally with a candidate password. No side effects.
pub async fn diagnose_sign_in(
    core: &Core,
    portal: &Portal,
    id: Uuid,
    candidate: Option<&str>,
) -> Result<SignInDiagnosis> {
    let contact = get(core, portal, id).await?;
    let (rules, _) = rules(core, portal).await?;
    let same = same_email(core, portal, &contact).await?;
    Ok(diagnose(
        &contact,
        SignInContext { rules: &rules, same_email_contacts: same.len(), password: candidate, now: core.clock().now() },
    ))
}

/// Duplicate e-mail groups with what an administrator can do about each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DuplicateReport {
    pub require_unique_email: bool,
    pub groups: Vec<DuplicateGroup>,
    /// The fix options, the same for every group.
    pub advice: Vec<String>,
}

pub async fn duplicates(core: &Core, portal: &Portal, limit: u32) -> Result<DuplicateReport> {
    let (rules, _) = rules(core, portal).await?;
    Ok(DuplicateReport {
        require_unique_email: rules.require_unique_email,
        groups: core.store().duplicate_email_groups(portal.id, limit, core.clock().now()).await?,
        advice: vec![
            "Give every contact but one a different e-mail address (edit the others).".into(),
            "Delete the extra contacts in Dataverse after merging them into the one to keep.".into(),
            "Deactivating the extra contacts is not enough: deactivated contacts still count, and nobody with the address can sign in.".into(),
            "Or turn RequireUniqueEmail off (then e-mail cannot be used to sign in or to recover passwords reliably).".into(),
        ],
    })
}

// ---------------------------------------------------------------------------------------------
// Bulk actions

/// An action on many contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum BulkAction {
    Unlock,
    ConfirmEmail,
    AssignRole {
        role_id: Uuid,
    },
    UnassignRole {
        role_id: Uuid,
    },
    Deactivate,
    /// One single invitation per contact (the portal's "Send Invitation" workflow mails it).
    Invite {
        expiry_date: Option<chrono::NaiveDate>,
        role_ids: Vec<Uuid>,
    },
}

/// Which contacts: chosen ones, or everything a filter covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum BulkTarget {
    Ids { ids: Vec<Uuid> },
    Filter { filter: ContactFilter },
}

/// One field that changes for one contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BulkChangeLine {
    pub contact_id: Uuid,
    pub contact: String,
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Exactly what a bulk action would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BulkPreview {
    pub description: String,
    pub selected: u32,
    /// Contacts that would change.
    pub changing: u32,
    /// Contacts already in the wanted state.
    pub unchanged: u32,
    /// Every changing field, up to `limit` lines (`truncated` says whether more follow).
    pub lines: Vec<BulkChangeLine>,
    pub truncated: bool,
}

/// A finished bulk action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BulkResult {
    pub batch_id: Option<i64>,
    pub changed: u32,
    pub description: String,
}

async fn describe(core: &Core, portal: &Portal, action: &BulkAction) -> Result<(String, Vec<WebRole>)> {
    let roles = core.store().access_model(portal.id).await?.roles;
    let role_name = |id: &Uuid| -> Result<String> {
        roles
            .iter()
            .find(|r| r.id == *id)
            .map(|r| r.name.clone())
            .ok_or_else(|| Error::AccessRecordNotFound(id.to_string()))
    };
    let text = match action {
        BulkAction::Unlock => "Unlock".to_owned(),
        BulkAction::ConfirmEmail => "Confirm e-mail".to_owned(),
        BulkAction::AssignRole { role_id } => format!("Assign role {}", role_name(role_id)?),
        BulkAction::UnassignRole { role_id } => format!("Unassign role {}", role_name(role_id)?),
        BulkAction::Deactivate => "Deactivate".to_owned(),
        BulkAction::Invite { role_ids, .. } => {
            let names = role_ids.iter().map(role_name).collect::<Result<Vec<_>>>()?;
            if names.is_empty() {
                "Invite".to_owned()
            } else {
                format!("Invite with roles {}", names.join(", "))
            }
        }
    };
    Ok((text, roles))
}

async fn target_ids(core: &Core, portal: &Portal, target: &BulkTarget) -> Result<Vec<Uuid>> {
    match target {
        BulkTarget::Ids { ids } => {
            let mut seen = HashSet::new();
            Ok(ids.iter().copied().filter(|id| seen.insert(*id)).collect())
        }
        BulkTarget::Filter { filter } => core.store().contact_ids(portal.id, filter, core.clock().now()).await,
    }
}

fn contact_action(action: &BulkAction) -> Option<ContactAction> {
    match action {
        BulkAction::Unlock => Some(ContactAction::Unlock),
        BulkAction::ConfirmEmail => Some(ContactAction::ConfirmEmail),
        BulkAction::AssignRole { role_id } => Some(ContactAction::AssignRole { role_id: *role_id }),
        BulkAction::UnassignRole { role_id } => Some(ContactAction::UnassignRole { role_id: *role_id }),
        BulkAction::Deactivate => Some(ContactAction::Deactivate),
        BulkAction::Invite { .. } => None,
    }
}

fn diff_lines(before: &Contact, after: &Contact, roles: &[WebRole], out: &mut Vec<BulkChangeLine>) {
    let name = before.display_name();
    let mut push = |field: &str, b: String, a: String| {
        if b != a {
            out.push(BulkChangeLine {
                contact_id: before.id,
                contact: name.clone(),
                field: field.into(),
                before: b,
                after: a,
            });
        }
    };
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_else(|| "—".into());
    push("active", before.active.to_string(), after.active.to_string());
    push("lockout_end", when(before.lockout_end), when(after.lockout_end));
    push("access_failed_count", before.access_failed_count.to_string(), after.access_failed_count.to_string());
    push("email_confirmed", before.email_confirmed.to_string(), after.email_confirmed.to_string());
    let role_names = |ids: &[Uuid]| {
        ids.iter()
            .map(|id| roles.iter().find(|r| r.id == *id).map(|r| r.name.clone()).unwrap_or_else(|| id.to_string()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    push("roles", role_names(&before.role_ids), role_names(&after.role_ids));
}

/// What each selected contact would become (contacts the action cannot apply to are reported).
async fn plan(
    core: &Core,
    portal: &Portal,
    ids: &[Uuid],
    action: &BulkAction,
    roles: &[WebRole],
) -> Result<Vec<(Contact, Contact)>> {
    let Some(single) = contact_action(action) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for chunk in ids.chunks(2000) {
        for c in core.store().contacts(portal.id, chunk).await? {
            let after = match apply_action(&c, &single, roles) {
                Ok(a) => a,
                // A contact without an e-mail cannot be confirmed: it is left as it is.
                Err(Error::Validation(_)) => c.clone(),
                Err(e) => return Err(e),
            };
            out.push((c, after));
        }
    }
    Ok(out)
}

/// A dry run: exactly which fields change for which contacts; nothing is written.
pub async fn bulk_preview(
    core: &Core,
    portal: &Portal,
    target: &BulkTarget,
    action: &BulkAction,
    limit: u32,
) -> Result<BulkPreview> {
    let (description, roles) = describe(core, portal, action).await?;
    let ids = target_ids(core, portal, target).await?;
    if let BulkAction::Invite { .. } = action {
        let contacts = core.store().contacts(portal.id, &ids).await?;
        let lines: Vec<BulkChangeLine> = contacts
            .iter()
            .take(limit as usize)
            .map(|c| BulkChangeLine {
                contact_id: c.id,
                contact: c.display_name(),
                field: "invitation".into(),
                before: "—".into(),
                after: "new single invitation".into(),
            })
            .collect();
        return Ok(BulkPreview {
            description,
            selected: ids.len() as u32,
            changing: contacts.len() as u32,
            unchanged: (ids.len() - contacts.len()) as u32,
            truncated: contacts.len() > lines.len(),
            lines,
        });
    }
    let planned = plan(core, portal, &ids, action, &roles).await?;
    let mut lines = Vec::new();
    let mut changing = 0u32;
    for (before, after) in &planned {
        if before != after {
            changing += 1;
            if lines.len() < limit as usize {
                diff_lines(before, after, &roles, &mut lines);
            }
        }
    }
    Ok(BulkPreview {
        description,
        selected: ids.len() as u32,
        changing,
        unchanged: ids.len() as u32 - changing,
        truncated: (changing as usize) > lines.len(),
        lines,
    })
}

/// Applies a bulk action in one transaction. `progress(done, total)` is called as it goes and
/// returning `false` cancels: nothing is written.
pub async fn bulk_apply(
    core: &Core,
    portal: &Portal,
    target: &BulkTarget,
    action: &BulkAction,
    progress: &(dyn Fn(u32, u32) -> bool + Sync),
) -> Result<BulkResult> {
    let (description, roles) = describe(core, portal, action).await?;
    let ids = target_ids(core, portal, target).await?;
    let now = core.clock().now();
    if let BulkAction::Invite { expiry_date, role_ids } = action {
        let contacts = core.store().contacts(portal.id, &ids).await?;
        let invitations = contacts
            .iter()
            .map(|c| {
                invitation::build(
                    &InvitationDraft {
                        name: format!("Invitation for {}", c.display_name()),
                        code: None,
                        kind: InvitationKind::Single,
                        max_redemptions: Some(1),
                        expiry_date: *expiry_date,
                        invited_contact_ids: vec![c.id],
                        inviter_contact_id: None,
                        assign_to_account: None,
                        role_ids: role_ids.clone(),
                    },
                    Uuid::new_v4(),
                    now,
                )
                .map_err(Error::from)
            })
            .collect::<Result<Vec<_>>>()?;
        let total = invitations.len() as u32;
        let batch = crate::ops::invitations::create_many(core, portal, invitations, &description, &|done| {
            progress(done as u32, total)
        })
        .await?;
        return Ok(BulkResult { batch_id: Some(batch), changed: total, description });
    }
    let planned = plan(core, portal, &ids, action, &roles).await?;
    let changes: Vec<ContactChange> = planned
        .into_iter()
        .filter(|(b, a)| b != a)
        .map(|(before, mut after)| {
            after.modified_at = now;
            ContactChange::Save { before: Some(before), after }
        })
        .collect();
    let total = changes.len() as u32;
    if total == 0 {
        return Ok(BulkResult { batch_id: None, changed: 0, description });
    }
    let batch = core
        .store()
        .apply_contact_changes(portal.id, &changes, core.actor(), now, Some(&description), &|done| {
            progress(done as u32, total)
        })
        .await?;
    core.announce().await;
    Ok(BulkResult { batch_id: batch, changed: total, description })
}

pub async fn bulk_batches(core: &Core, portal: &Portal) -> Result<Vec<BulkBatch>> {
    core.store().bulk_batches(portal.id, 100).await
}

/// Undoes a bulk batch: every contact it changed gets back the fields the action set, unless
/// someone changed them since (those are left and counted); invitations it created are removed
/// unless redeemed. The undo is itself a batch.
pub async fn bulk_undo(core: &Core, portal: &Portal, batch_id: i64) -> Result<BulkResult> {
    let batch = core
        .store()
        .bulk_batches(portal.id, u32::MAX)
        .await?
        .into_iter()
        .find(|b| b.id == batch_id)
        .ok_or_else(|| Error::ContactNotFound(format!("bulk action {batch_id}")))?;
    if let Some(by) = batch.undone_by {
        return Err(Error::ConfirmationRequired(format!(
            "bulk action {batch_id} was already undone by bulk action {by}"
        )));
    }
    let description = format!("Undo: {}", batch.description);
    let created = core.store().batch_invitations(portal.id, batch_id).await?;
    if !created.is_empty() {
        let undo = crate::ops::invitations::remove_many(core, portal, &created, &description).await?;
        core.store().mark_batch_undone(batch_id, undo.0).await?;
        return Ok(BulkResult { batch_id: Some(undo.0), changed: undo.1, description });
    }
    let entries = core.store().batch_entries(portal.id, batch_id).await?;
    let ids: Vec<Uuid> = entries.iter().map(|(b, _)| b.id).collect();
    let current = core.store().contacts(portal.id, &ids).await?;
    let now = core.clock().now();
    let mut changes = Vec::new();
    for (before, after) in &entries {
        let Some(now_c) = current.iter().find(|c| c.id == before.id) else { continue };
        let bulk_fields =
            |c: &Contact| (c.active, c.lockout_end, c.access_failed_count, c.email_confirmed, c.role_ids.clone());
        if bulk_fields(now_c) != bulk_fields(after) {
            continue;
        }
        let mut restored = now_c.clone();
        restored.active = before.active;
        restored.lockout_end = before.lockout_end;
        restored.access_failed_count = before.access_failed_count;
        restored.email_confirmed = before.email_confirmed;
        restored.role_ids = before.role_ids.clone();
        restored.modified_at = now;
        changes.push(ContactChange::Save { before: Some(now_c.clone()), after: restored });
    }
    let changed = changes.len() as u32;
    let undo = core
        .store()
        .apply_contact_changes(portal.id, &changes, core.actor(), now, Some(&description), &|_| true)
        .await?;
    if let Some(undo) = undo {
        core.store().mark_batch_undone(batch_id, undo).await?;
    }
    core.announce().await;
    Ok(BulkResult { batch_id: undo, changed, description })
}
