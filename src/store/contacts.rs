//! Contacts with their roles and external identities, invitations, and bulk batches: loading,
//! searching a million rows (index range scans for prefixes, FTS5 for words, keyset paging),
//! duplicate e-mail groups, and writing changes with audit entries in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use sqlx::{QueryBuilder, Sqlite, Transaction};
use uuid::Uuid;

use super::audit::{record_in_batch, NewAudit};
use super::{corrupt, Store};
use crate::domain::contacts::model::{display_name, email_key};
use crate::domain::contacts::*;
use crate::domain::{AuditAction, Entity, PortalId};
use crate::error::{Error, Result};

fn millis(t: Option<DateTime<Utc>>) -> Option<i64> {
    t.map(|t| t.timestamp_millis())
}

fn instant(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(|ms| Utc.timestamp_millis_opt(ms).single())
}

fn uuid(s: &str, what: &str) -> Result<Uuid> {
    s.parse().map_err(|e| corrupt(what, e))
}

/// Lower-cased search keys of a contact.
struct Keys {
    name: String,
    first: String,
    email: Option<String>,
    username: Option<String>,
}

impl Keys {
    fn of(c: &Contact) -> Self {
        let first = c.first_name.as_deref().unwrap_or_default();
        let last = c.last_name.as_deref().unwrap_or_default();
        Keys {
            name: format!("{last} {first}").trim().to_lowercase(),
            first: format!("{first} {last}").trim().to_lowercase(),
            email: c.email.as_deref().map(email_key),
            username: c.username.as_deref().map(|u| u.trim().to_lowercase()),
        }
    }
}

/// One line of the contacts list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ContactRow {
    pub id: Uuid,
    pub name: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub email_confirmed: bool,
    pub username: Option<String>,
    pub mobile_phone: Option<String>,
    pub active: bool,
    /// Whether another contact of the portal (deactivated ones included) has the same e-mail,
    /// compared case-insensitively: the runtime then refuses sign-in to all of them.
    pub email_shared: bool,
    pub has_password: bool,
    pub two_factor_enabled: bool,
    pub lockout_enabled: bool,
    pub lockout_end: Option<DateTime<Utc>>,
    /// Until when the account is locked out as of reading the list (`IsLockedOut`: lockout
    /// enabled and the end not passed); `None` when it is not locked out.
    pub locked_until: Option<DateTime<Utc>>,
    pub access_failed_count: i32,
    pub login_enabled: bool,
    pub last_successful_login: Option<DateTime<Utc>>,
    pub modified_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct RowRecord {
    id: String,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    email_confirmed: bool,
    mobile_phone: Option<String>,
    active: bool,
    username: Option<String>,
    password_hash: Option<String>,
    security_stamp: Option<String>,
    two_factor_enabled: bool,
    lockout_enabled: bool,
    lockout_end: Option<i64>,
    access_failed_count: i64,
    login_enabled: bool,
    local_login_disabled: bool,
    last_login: Option<i64>,
    modified_at: i64,
    name_key: String,
    email_key: Option<String>,
    username_key: Option<String>,
    email_shared: bool,
}

const ROW_COLUMNS: &str = "c.id, c.first_name, c.last_name, c.email, c.email_confirmed, c.mobile_phone, c.active, \
     c.username, c.password_hash, c.security_stamp, c.two_factor_enabled, c.lockout_enabled, c.lockout_end, \
     c.access_failed_count, c.login_enabled, c.local_login_disabled, c.last_login, c.modified_at, c.name_key, \
     c.email_key, c.username_key, c.email_shared";

impl RowRecord {
    fn row(&self, now: DateTime<Utc>) -> Result<ContactRow> {
        let lockout = LockoutState {
            lockout_enabled: self.lockout_enabled,
            lockout_end: instant(self.lockout_end),
            access_failed_count: self.access_failed_count as i32,
        };
        Ok(ContactRow {
            id: uuid(&self.id, "contact id")?,
            name: display_name(
                self.first_name.as_deref(),
                self.last_name.as_deref(),
                self.email.as_deref(),
                self.username.as_deref(),
            ),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            email_confirmed: self.email_confirmed,
            username: self.username.clone(),
            mobile_phone: self.mobile_phone.clone(),
            active: self.active,
            email_shared: self.email_shared,
            has_password: self.password_hash.is_some(),
            two_factor_enabled: self.two_factor_enabled,
            lockout_enabled: self.lockout_enabled,
            lockout_end: lockout.lockout_end,
            locked_until: lockout.locked_until(now),
            access_failed_count: lockout.access_failed_count,
            login_enabled: self.login_enabled,
            last_successful_login: instant(self.last_login),
            modified_at: instant(Some(self.modified_at)).unwrap_or_default(),
        })
    }

    fn contact(self, role_ids: Vec<Uuid>, identities: Vec<ExternalIdentity>) -> Result<Contact> {
        let mut c = Contact {
            id: uuid(&self.id, "contact id")?,
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email,
            email_confirmed: self.email_confirmed,
            mobile_phone: self.mobile_phone,
            active: self.active,
            username: self.username,
            password_hash: None,
            password: PasswordState::None,
            security_stamp: self.security_stamp,
            two_factor_enabled: self.two_factor_enabled,
            lockout_enabled: self.lockout_enabled,
            lockout_end: instant(self.lockout_end),
            access_failed_count: self.access_failed_count as i32,
            login_enabled: self.login_enabled,
            local_login_disabled: self.local_login_disabled,
            last_successful_login: instant(self.last_login),
            role_ids,
            identities,
            modified_at: instant(Some(self.modified_at)).unwrap_or_default(),
        };
        c.set_password_hash(self.password_hash);
        Ok(c)
    }
}

/// How the list is sorted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ContactSort {
    /// Last name, then first name.
    #[default]
    Name,
    Email,
    Username,
    /// Most recent sign-in first.
    LastSignIn,
}

/// Which contacts a list, count, export or bulk action covers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ContactFilter {
    /// Prefix of the name (first or last first), e-mail or user name; case-insensitive.
    pub search: Option<String>,
    /// Words anywhere in name, e-mail or user name (FTS5; each word matches as a prefix).
    pub full_text: Option<String>,
    pub locked_out: bool,
    pub unconfirmed_email: bool,
    pub two_factor: bool,
    pub duplicate_email: bool,
    pub role_id: Option<Uuid>,
    /// `Some(true)`: only active; `Some(false)`: only deactivated.
    pub active: Option<bool>,
}

/// A page request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ContactQuery {
    pub filter: ContactFilter,
    pub sort: ContactSort,
    /// Keyset cursor from the previous page's `next`.
    pub after: Option<String>,
    /// Rows to skip instead of a cursor (for jumping in a scrolled list).
    pub offset: Option<u32>,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ContactPage {
    pub rows: Vec<ContactRow>,
    /// The cursor of the next page, when there is one.
    pub next: Option<String>,
}

/// The upper bound of a prefix range: every string starting with `p` sorts below it.
fn prefix_upper(p: &str) -> String {
    format!("{p}\u{10FFFF}")
}

/// FTS5 query text: every word quoted (no operators from user input), matching as a prefix.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The column a sort orders by (then by id). The raw columns, not `coalesce`d ones, so that the
/// portal's index on each serves the order: a contact without one (NULL) comes first in ascending
/// order and last in descending, and cursors say so with a JSON null.
fn sort_column(sort: ContactSort) -> &'static str {
    match sort {
        ContactSort::Name => "c.name_key",
        ContactSort::Email => "c.email_key",
        ContactSort::Username => "c.username_key",
        ContactSort::LastSignIn => "c.last_login",
    }
}

fn cursor_of(sort: ContactSort, r: &RowRecord) -> String {
    let key = match sort {
        ContactSort::Name => serde_json::Value::from(r.name_key.clone()),
        ContactSort::Email => r.email_key.clone().map_or(serde_json::Value::Null, serde_json::Value::from),
        ContactSort::Username => r.username_key.clone().map_or(serde_json::Value::Null, serde_json::Value::from),
        ContactSort::LastSignIn => r.last_login.map_or(serde_json::Value::Null, serde_json::Value::from),
    };
    serde_json::json!([key, r.id]).to_string()
}

fn bad_cursor() -> Error {
    Error::Validation(crate::domain::ValidationErrors::single(
        "after",
        crate::domain::FieldErrorCode::InvalidValue,
        "The page cursor is not one this list gave out.",
    ))
}

/// The rows after a cursor's `(key, id)` in the sort's order, NULL keys included where they fall.
fn push_after(q: &mut QueryBuilder<'_, Sqlite>, sort: ContactSort, key: serde_json::Value, id: String) -> Result<()> {
    let col = sort_column(sort);
    let desc = sort == ContactSort::LastSignIn;
    match (key, desc) {
        // NULLs sort first ascending: after a NULL key come the later NULLs, then every other key.
        (serde_json::Value::Null, false) => {
            q.push(format!(" AND (({col} IS NULL AND c.id > ")).push_bind(id).push(format!(") OR {col} IS NOT NULL)"));
        }
        // And last descending: after a NULL key come only the later NULLs.
        (serde_json::Value::Null, true) => {
            q.push(format!(" AND {col} IS NULL AND c.id < ")).push_bind(id);
        }
        (serde_json::Value::Number(n), true) if sort == ContactSort::LastSignIn => {
            let n = n.as_i64().ok_or_else(bad_cursor)?;
            q.push(format!(" AND (({col}, c.id) < (")).push_bind(n).push(", ").push_bind(id);
            q.push(format!(") OR {col} IS NULL)"));
        }
        (serde_json::Value::String(s), false) if sort != ContactSort::LastSignIn => {
            q.push(format!(" AND ({col}, c.id) > (")).push_bind(s).push(", ").push_bind(id).push(")");
        }
        _ => return Err(bad_cursor()),
    }
    Ok(())
}

/// Whether the filter leaves out any contact: whether [`push_filter`] adds a condition.
fn narrows(f: &ContactFilter) -> bool {
    search_prefix(f).is_some()
        || f.full_text.as_deref().and_then(fts_query).is_some()
        || f.locked_out
        || f.unconfirmed_email
        || f.two_factor
        || f.duplicate_email
        || f.role_id.is_some()
        || f.active.is_some()
}

/// The partial index a page should read when the filter asks for a state few contacts are in and
/// nothing narrower: without statistics SQLite prefers walking the sort's index and skipping
/// nearly every row (seconds for a million), where the partial index holds just the few, sorted
/// after. Contacts sharing an e-mail are the fewest of all, so their index comes first. Not for
/// unconfirmed e-mails, which are commonly a large share (and found quickly in any order).
fn rare_state_index(f: &ContactFilter) -> Option<&'static str> {
    let narrower = search_prefix(f).is_some()
        || f.full_text.as_deref().and_then(fts_query).is_some()
        || f.locked_out
        || f.role_id.is_some();
    if f.duplicate_email {
        Some("contact_email_shared")
    } else if narrower {
        None
    } else if f.active == Some(false) {
        Some("contact_inactive")
    } else if f.two_factor {
        Some("contact_two_factor")
    } else {
        None
    }
}

/// The prefix searched for, lower-cased, when there is one.
fn search_prefix(f: &ContactFilter) -> Option<String> {
    f.search.as_deref().map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty())
}

/// Adds the filter's conditions (after a `WHERE c.portal_id = ?`).
fn push_filter<'a>(q: &mut QueryBuilder<'a, Sqlite>, portal: &'a str, f: &'a ContactFilter, now: DateTime<Utc>) {
    if let Some(s) = search_prefix(f) {
        let hi = prefix_upper(&s);
        q.push(" AND c.rowid IN (");
        for (i, col) in ["name_key", "first_key", "email_key", "username_key"].iter().enumerate() {
            if i > 0 {
                q.push(" UNION ALL ");
            }
            q.push("SELECT rowid FROM contact WHERE portal_id = ")
                .push_bind(portal)
                .push(format!(" AND {col} >= "))
                .push_bind(s.clone())
                .push(format!(" AND {col} < "))
                .push_bind(hi.clone());
        }
        q.push(")");
    }
    if let Some(m) = f.full_text.as_deref().and_then(fts_query) {
        q.push(" AND c.rowid IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ").push_bind(m).push(")");
    }
    if f.locked_out {
        q.push(" AND c.lockout_enabled = 1 AND c.lockout_end >= ").push_bind(now.timestamp_millis());
    }
    if f.unconfirmed_email {
        q.push(" AND c.email IS NOT NULL AND c.email_confirmed = 0");
    }
    if f.two_factor {
        q.push(" AND c.two_factor_enabled = 1");
    }
    if f.duplicate_email {
        // A literal, so that the partial index of contacts sharing an e-mail applies.
        q.push(" AND c.email_shared = 1");
    }
    if let Some(role) = f.role_id {
        q.push(" AND c.id IN (SELECT contact_id FROM contact_role WHERE role_id = ")
            .push_bind(role.to_string())
            .push(")");
    }
    if let Some(active) = f.active {
        // A literal, so that the partial index of deactivated contacts applies.
        q.push(if active { " AND c.active = 1" } else { " AND c.active = 0" });
    }
}

/// One group of contacts sharing an e-mail address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DuplicateGroup {
    /// The shared address, lower-cased.
    pub email: String,
    pub contacts: Vec<ContactRow>,
}

type BatchRow = (i64, DateTime<Utc>, String, String, i64, Option<i64>);
type InvitationRow =
    (String, String, String, i32, i32, i32, Option<String>, Option<String>, Option<String>, i32, DateTime<Utc>);

/// A change to one contact: `before` `None` inserts; roles and identities are replaced.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // built and consumed in place, never stored in bulk
pub enum ContactChange {
    Save { before: Option<Contact>, after: Contact },
    Delete(Contact),
}

/// A change to one invitation.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // built and consumed in place, never stored in bulk
pub enum InvitationChange {
    Save { before: Option<Invitation>, after: Invitation },
    Delete(Invitation),
}

/// A bulk action's batch, as the audit log lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct BulkBatch {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub description: String,
    pub contacts: i64,
    /// The batch that undid this one.
    pub undone_by: Option<i64>,
}

const CONTACT_INSERT: &str = "INSERT INTO contact (id, portal_id, first_name, last_name, email, email_confirmed,
     mobile_phone, active, username, password_hash, security_stamp, two_factor_enabled, lockout_enabled, lockout_end,
     access_failed_count, login_enabled, local_login_disabled, last_login, modified_at, name_key, first_key, email_key,
     username_key) ";

const CONTACT_UPSERT: &str = " ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name,
     last_name = excluded.last_name, email = excluded.email, email_confirmed = excluded.email_confirmed,
     mobile_phone = excluded.mobile_phone, active = excluded.active, username = excluded.username,
     password_hash = excluded.password_hash, security_stamp = excluded.security_stamp,
     two_factor_enabled = excluded.two_factor_enabled, lockout_enabled = excluded.lockout_enabled,
     lockout_end = excluded.lockout_end, access_failed_count = excluded.access_failed_count,
     login_enabled = excluded.login_enabled, local_login_disabled = excluded.local_login_disabled,
     last_login = excluded.last_login, modified_at = excluded.modified_at, name_key = excluded.name_key,
     first_key = excluded.first_key, email_key = excluded.email_key, username_key = excluded.username_key
     WHERE contact.portal_id = excluded.portal_id";

/// One multi-row `INSERT INTO contact …` of `contacts` (the caller may append `CONTACT_UPSERT`).
fn contact_rows<'a>(portal: &'a str, contacts: &'a [Contact]) -> QueryBuilder<'a, Sqlite> {
    let mut q = QueryBuilder::<Sqlite>::new(CONTACT_INSERT);
    q.push_values(contacts, |mut b, c| {
        let k = Keys::of(c);
        b.push_bind(c.id.to_string())
            .push_bind(portal)
            .push_bind(&c.first_name)
            .push_bind(&c.last_name)
            .push_bind(&c.email)
            .push_bind(c.email_confirmed)
            .push_bind(&c.mobile_phone)
            .push_bind(c.active)
            .push_bind(&c.username)
            .push_bind(&c.password_hash)
            .push_bind(&c.security_stamp)
            .push_bind(c.two_factor_enabled)
            .push_bind(c.lockout_enabled)
            .push_bind(millis(c.lockout_end))
            .push_bind(c.access_failed_count)
            .push_bind(c.login_enabled)
            .push_bind(c.local_login_disabled)
            .push_bind(millis(c.last_successful_login))
            .push_bind(c.modified_at.timestamp_millis())
            .push_bind(k.name)
            .push_bind(k.first)
            .push_bind(k.email)
            .push_bind(k.username);
    });
    q
}

/// Inserts the role links and external identities of `contacts` with multi-row statements.
async fn insert_links(tx: &mut Transaction<'_, Sqlite>, contacts: &[Contact]) -> Result<()> {
    let links: Vec<(Uuid, Uuid)> = contacts.iter().flat_map(|c| c.role_ids.iter().map(move |r| (c.id, *r))).collect();
    for part in links.chunks(BULK_ROWS) {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO contact_role (contact_id, role_id) ");
        q.push_values(part, |mut b, (c, r)| {
            b.push_bind(c.to_string()).push_bind(r.to_string());
        });
        q.build().execute(&mut **tx).await?;
    }
    let idents: Vec<(Uuid, &ExternalIdentity)> =
        contacts.iter().flat_map(|c| c.identities.iter().map(move |i| (c.id, i))).collect();
    for part in idents.chunks(BULK_ROWS) {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO external_identity (id, contact_id, provider, user_key) ");
        q.push_values(part, |mut b, (c, i)| {
            b.push_bind(i.id.to_string()).push_bind(c.to_string()).push_bind(&i.provider).push_bind(&i.user_key);
        });
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Inserts or replaces one contact with its role links and identities.
async fn write_contact(tx: &mut Transaction<'_, Sqlite>, portal: &str, c: &Contact) -> Result<()> {
    let one = std::slice::from_ref(c);
    let mut q = contact_rows(portal, one);
    q.push(CONTACT_UPSERT);
    q.build().execute(&mut **tx).await?;
    let id = c.id.to_string();
    sqlx::query("DELETE FROM contact_role WHERE contact_id = ?").bind(&id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM external_identity WHERE contact_id = ?").bind(&id).execute(&mut **tx).await?;
    insert_links(tx, one).await
}

async fn write_invitation(tx: &mut Transaction<'_, Sqlite>, portal: &str, inv: &Invitation) -> Result<()> {
    sqlx::query(
        "INSERT INTO invitation (id, portal_id, name, code, kind, max_redemptions, redemptions, expiry_date,
             inviter_contact_id, assign_to_account, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, code = excluded.code, kind = excluded.kind,
             max_redemptions = excluded.max_redemptions, redemptions = excluded.redemptions,
             expiry_date = excluded.expiry_date, inviter_contact_id = excluded.inviter_contact_id,
             assign_to_account = excluded.assign_to_account, status = excluded.status",
    )
    .bind(inv.id.to_string())
    .bind(portal)
    .bind(&inv.name)
    .bind(&inv.code)
    .bind(inv.kind.code())
    .bind(inv.max_redemptions)
    .bind(inv.redemptions)
    .bind(inv.expiry_date.map(|d| d.to_string()))
    .bind(inv.inviter_contact_id.map(|c| c.to_string()))
    .bind(&inv.assign_to_account)
    .bind(inv.status.code())
    .bind(inv.created_at)
    .execute(&mut **tx)
    .await?;
    let id = inv.id.to_string();
    sqlx::query("DELETE FROM invitation_contact WHERE invitation_id = ?").bind(&id).execute(&mut **tx).await?;
    for (relation, list) in [("invited", &inv.invited_contact_ids), ("redeemed", &inv.redeemed_contact_ids)] {
        for (position, contact) in list.iter().enumerate() {
            sqlx::query(
                "INSERT INTO invitation_contact (invitation_id, contact_id, relation, position) VALUES (?, ?, ?, ?)",
            )
            .bind(&id)
            .bind(contact.to_string())
            .bind(relation)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
        }
    }
    sqlx::query("DELETE FROM invitation_role WHERE invitation_id = ?").bind(&id).execute(&mut **tx).await?;
    for role in &inv.role_ids {
        sqlx::query("INSERT INTO invitation_role (invitation_id, role_id) VALUES (?, ?)")
            .bind(&id)
            .bind(role.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Writes one contact change and its audit entry (in the caller's transaction).
async fn apply_contact_change(
    tx: &mut Transaction<'_, Sqlite>,
    pid: &str,
    change: &ContactChange,
    actor: &str,
    at: DateTime<Utc>,
    batch_id: Option<i64>,
) -> Result<()> {
    let (id, action, before, after) = match change {
        ContactChange::Save { before, after } => {
            write_contact(tx, pid, after).await?;
            (
                after.id,
                if before.is_some() { AuditAction::Updated } else { AuditAction::Created },
                before.as_ref().map(json),
                Some(json(after)),
            )
        }
        ContactChange::Delete(c) => {
            sqlx::query("DELETE FROM contact WHERE id = ? AND portal_id = ?")
                .bind(c.id.to_string())
                .bind(pid)
                .execute(&mut **tx)
                .await?;
            (c.id, AuditAction::Deleted, Some(json(c)), None)
        }
    };
    let entry = NewAudit {
        at,
        actor,
        portal_id: Some(pid.to_owned()),
        entity: Entity::Contact,
        entity_id: id.to_string(),
        action,
        before,
        after,
    };
    record_in_batch(tx, entry, batch_id).await
}

/// How often a long write reports progress (and may be cancelled).
const PROGRESS_EVERY: usize = 500;

async fn new_batch(
    tx: &mut Transaction<'_, Sqlite>,
    portal: &str,
    at: DateTime<Utc>,
    actor: &str,
    description: Option<&str>,
    count: usize,
) -> Result<Option<i64>> {
    let Some(description) = description else { return Ok(None) };
    Ok(Some(
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO bulk_batch (portal_id, at, actor, description, contacts) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(portal)
        .bind(at)
        .bind(actor)
        .bind(description)
        .bind(count as i64)
        .fetch_one(&mut **tx)
        .await?,
    ))
}

fn json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// Rows per multi-row INSERT (SQLite allows 32,766 bound values).
const BULK_ROWS: usize = 1000;

impl Store {
    /// One page of a portal's contacts.
    pub async fn contact_page(
        &self,
        portal: PortalId,
        query: &ContactQuery,
        now: DateTime<Utc>,
    ) -> Result<ContactPage> {
        let pid = portal.to_string();
        let limit = query.limit.clamp(1, 1000);
        let col = sort_column(query.sort);
        let from = match rare_state_index(&query.filter) {
            Some(index) => format!("contact c INDEXED BY {index}"),
            None => "contact c".to_owned(),
        };
        let mut q = QueryBuilder::<Sqlite>::new(format!("SELECT {ROW_COLUMNS} FROM {from} WHERE c.portal_id = "));
        q.push_bind(&pid);
        push_filter(&mut q, &pid, &query.filter, now);
        let desc = query.sort == ContactSort::LastSignIn;
        if let Some(cursor) = &query.after {
            let (key, id): (serde_json::Value, String) = serde_json::from_str(cursor).map_err(|_| bad_cursor())?;
            push_after(&mut q, query.sort, key, id)?;
        }
        q.push(format!(" ORDER BY {col} {dir}, c.id {dir} LIMIT ", dir = if desc { "DESC" } else { "ASC" }));
        q.push_bind(i64::from(limit) + 1);
        if let Some(offset) = query.offset.filter(|_| query.after.is_none()) {
            q.push(" OFFSET ").push_bind(i64::from(offset));
        }
        let mut records: Vec<RowRecord> = q.build_query_as().fetch_all(&self.pool).await?;
        let more = records.len() > limit as usize;
        records.truncate(limit as usize);
        let next = if more { records.last().map(|r| cursor_of(query.sort, r)) } else { None };
        let rows = records.iter().map(|r| r.row(now)).collect::<Result<Vec<_>>>()?;
        Ok(ContactPage { rows, next })
    }

    /// How many contacts the filter covers; all of a portal's come from the tally the triggers keep.
    pub async fn contact_count(&self, portal: PortalId, filter: &ContactFilter, now: DateTime<Utc>) -> Result<i64> {
        let pid = portal.to_string();
        if !narrows(filter) {
            let tally: Option<i64> = sqlx::query_scalar("SELECT contacts FROM contact_tally WHERE portal_id = ?")
                .bind(&pid)
                .fetch_optional(&self.pool)
                .await?;
            return Ok(tally.unwrap_or(0));
        }
        let mut q = QueryBuilder::<Sqlite>::new("SELECT count(*) FROM contact c WHERE c.portal_id = ");
        q.push_bind(&pid);
        push_filter(&mut q, &pid, filter, now);
        Ok(q.build_query_scalar().fetch_one(&self.pool).await?)
    }

    /// The ids a filter covers, in name order.
    pub async fn contact_ids(&self, portal: PortalId, filter: &ContactFilter, now: DateTime<Utc>) -> Result<Vec<Uuid>> {
        let pid = portal.to_string();
        let mut q = QueryBuilder::<Sqlite>::new("SELECT c.id FROM contact c WHERE c.portal_id = ");
        q.push_bind(&pid);
        push_filter(&mut q, &pid, filter, now);
        q.push(" ORDER BY c.name_key, c.id");
        let ids: Vec<String> = q.build_query_scalar().fetch_all(&self.pool).await?;
        ids.iter().map(|s| uuid(s, "contact id")).collect()
    }

    /// Full contacts by id (missing ids are left out), in the order asked.
    pub async fn contacts(&self, portal: PortalId, ids: &[Uuid]) -> Result<Vec<Contact>> {
        let pid = portal.to_string();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let mut q =
                QueryBuilder::<Sqlite>::new(format!("SELECT {ROW_COLUMNS} FROM contact c WHERE c.portal_id = "));
            q.push_bind(&pid).push(" AND c.id IN (");
            let mut sep = q.separated(", ");
            for id in chunk {
                sep.push_bind(id.to_string());
            }
            q.push(")");
            let records: Vec<RowRecord> = q.build_query_as().fetch_all(&self.pool).await?;
            let mut roles: HashMap<String, Vec<Uuid>> = HashMap::new();
            let mut identities: HashMap<String, Vec<ExternalIdentity>> = HashMap::new();
            let mut rq =
                QueryBuilder::<Sqlite>::new("SELECT contact_id, role_id FROM contact_role WHERE contact_id IN (");
            let mut sep = rq.separated(", ");
            for id in chunk {
                sep.push_bind(id.to_string());
            }
            rq.push(") ORDER BY role_id");
            for (contact, role) in rq.build_query_as::<(String, String)>().fetch_all(&self.pool).await? {
                roles.entry(contact).or_default().push(uuid(&role, "contact role")?);
            }
            let mut iq = QueryBuilder::<Sqlite>::new(
                "SELECT contact_id, id, provider, user_key FROM external_identity WHERE contact_id IN (",
            );
            let mut sep = iq.separated(", ");
            for id in chunk {
                sep.push_bind(id.to_string());
            }
            iq.push(") ORDER BY provider COLLATE NOCASE");
            for (contact, id, provider, user_key) in
                iq.build_query_as::<(String, String, String, String)>().fetch_all(&self.pool).await?
            {
                identities.entry(contact).or_default().push(ExternalIdentity {
                    id: uuid(&id, "external identity id")?,
                    provider,
                    user_key,
                });
            }
            let mut by_id: HashMap<String, Contact> = HashMap::new();
            for r in records {
                let id = r.id.clone();
                let c = r.contact(roles.remove(&id).unwrap_or_default(), identities.remove(&id).unwrap_or_default())?;
                by_id.insert(id, c);
            }
            out.extend(chunk.iter().filter_map(|id| by_id.remove(&id.to_string())));
        }
        Ok(out)
    }

    /// Contacts of a portal whose e-mail (case-insensitive) or user name equals the given one.
    pub async fn contacts_matching(
        &self,
        portal: PortalId,
        email: Option<&str>,
        username: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<ContactRow>> {
        let pid = portal.to_string();
        let mut q = QueryBuilder::<Sqlite>::new(format!("SELECT {ROW_COLUMNS} FROM contact c WHERE c.portal_id = "));
        q.push_bind(&pid).push(" AND (0");
        if let Some(e) = email {
            q.push(" OR c.email_key = ").push_bind(email_key(e));
        }
        if let Some(u) = username {
            q.push(" OR c.username_key = ").push_bind(u.trim().to_lowercase());
        }
        q.push(") ORDER BY c.name_key, c.id");
        let records: Vec<RowRecord> = q.build_query_as().fetch_all(&self.pool).await?;
        records.iter().map(|r| r.row(now)).collect()
    }

    /// Every group of two or more contacts sharing an e-mail address (deactivated ones included).
    pub async fn duplicate_email_groups(
        &self,
        portal: PortalId,
        limit: u32,
        now: DateTime<Utc>,
    ) -> Result<Vec<DuplicateGroup>> {
        let pid = portal.to_string();
        let records: Vec<RowRecord> = sqlx::query_as(&format!(
            "SELECT {ROW_COLUMNS} FROM contact c WHERE c.portal_id = ?1 AND c.email_key IN (
                 SELECT DISTINCT email_key FROM contact INDEXED BY contact_email_shared
                  WHERE portal_id = ?1 AND email_shared = 1 ORDER BY email_key LIMIT ?2)
             ORDER BY c.email_key, c.active DESC, c.name_key, c.id"
        ))
        .bind(&pid)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut groups: Vec<DuplicateGroup> = Vec::new();
        for r in &records {
            let key = r.email_key.clone().unwrap_or_default();
            if groups.last().map(|g| g.email != key).unwrap_or(true) {
                groups.push(DuplicateGroup { email: key, contacts: Vec::new() });
            }
            groups.last_mut().expect("pushed above").contacts.push(r.row(now)?);
        }
        Ok(groups)
    }

    /// Ids of contacts that have a role.
    pub async fn role_members(&self, role: Uuid) -> Result<Vec<Uuid>> {
        let ids: Vec<String> = sqlx::query_scalar("SELECT contact_id FROM contact_role WHERE role_id = ?")
            .bind(role.to_string())
            .fetch_all(&self.pool)
            .await?;
        ids.iter().map(|s| uuid(s, "contact id")).collect()
    }

    /// Writes contact changes and their audit entries in one transaction; `batch` starts a bulk
    /// batch described so (its id is returned) whose entries can be undone together.
    pub async fn apply_contact_changes(
        &self,
        portal: PortalId,
        changes: &[ContactChange],
        actor: &str,
        at: DateTime<Utc>,
        batch: Option<&str>,
        progress: &(dyn Fn(usize) -> bool + Sync),
    ) -> Result<Option<i64>> {
        if changes.is_empty() {
            return Ok(None);
        }
        let pid = portal.to_string();
        let mut tx = self.pool.begin().await?;
        let batch_id = new_batch(&mut tx, &pid, at, actor, batch, changes.len()).await?;
        for (done, change) in changes.iter().enumerate() {
            if done % PROGRESS_EVERY == 0 && !progress(done) {
                // Dropping the transaction rolls every change back.
                return Err(Error::Cancelled);
            }
            apply_contact_change(&mut tx, &pid, change, actor, at, batch_id).await?;
        }
        progress(changes.len());
        tx.commit().await?;
        Ok(batch_id)
    }

    /// Inserts many new contacts with multi-row statements in one transaction, with one audit
    /// entry for the whole set (seeding, demo data and CSV imports of new contacts).
    pub async fn insert_contacts(
        &self,
        portal: PortalId,
        contacts: &[Contact],
        actor: &str,
        at: DateTime<Utc>,
        what: &str,
    ) -> Result<()> {
        let pid = portal.to_string();
        let mut tx = self.pool.begin().await?;
        for chunk in contacts.chunks(BULK_ROWS) {
            contact_rows(&pid, chunk).build().execute(&mut *tx).await?;
            insert_links(&mut tx, chunk).await?;
        }
        record_in_batch(
            &mut tx,
            NewAudit {
                at,
                actor,
                portal_id: Some(pid.clone()),
                entity: Entity::Contact,
                entity_id: format!("{} contacts", contacts.len()),
                action: AuditAction::Created,
                before: None,
                after: Some(serde_json::json!({ "what": what, "count": contacts.len() })),
            },
            None,
        )
        .await?;
        tx.commit().await?;
        self.optimize().await?;
        Ok(())
    }

    /// A portal's bulk batches, newest first.
    pub async fn bulk_batches(&self, portal: PortalId, limit: u32) -> Result<Vec<BulkBatch>> {
        let rows: Vec<BatchRow> = sqlx::query_as(
            "SELECT id, at, actor, description, contacts, undone_by FROM bulk_batch WHERE portal_id = ? ORDER BY id DESC LIMIT ?",
        )
        .bind(portal.to_string())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, at, actor, description, contacts, undone_by)| BulkBatch {
                id,
                at,
                actor,
                description,
                contacts,
                undone_by,
            })
            .collect())
    }

    /// The before/after contact states a batch recorded, in order.
    pub async fn batch_entries(&self, portal: PortalId, batch: i64) -> Result<Vec<(Contact, Contact)>> {
        let rows: Vec<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT before_json, after_json FROM audit WHERE batch_id = ? AND portal_id = ? AND entity = 'contact' ORDER BY id",
        )
        .bind(batch)
        .bind(portal.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(b, a)| {
                let parse = |t: Option<String>| -> Result<Contact> {
                    serde_json::from_str(t.as_deref().unwrap_or("null")).map_err(|e| corrupt("bulk audit entry", e))
                };
                Ok((parse(b)?, parse(a)?))
            })
            .collect()
    }

    /// Marks a batch as undone by another.
    pub async fn mark_batch_undone(&self, batch: i64, by: i64) -> Result<()> {
        sqlx::query("UPDATE bulk_batch SET undone_by = ? WHERE id = ?")
            .bind(by)
            .bind(batch)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A portal's invitations, newest first.
    pub async fn invitations(&self, portal: PortalId) -> Result<Vec<Invitation>> {
        let pid = portal.to_string();
        let rows: Vec<InvitationRow> = sqlx::query_as(
            "SELECT id, name, code, kind, max_redemptions, redemptions, expiry_date, inviter_contact_id, assign_to_account,
                    status, created_at FROM invitation WHERE portal_id = ? ORDER BY created_at DESC, name",
        )
        .bind(&pid)
        .fetch_all(&self.pool)
        .await?;
        let links: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT l.invitation_id, l.relation, l.contact_id FROM invitation_contact l JOIN invitation i ON i.id = l.invitation_id
             WHERE i.portal_id = ? ORDER BY l.position",
        )
        .bind(&pid)
        .fetch_all(&self.pool)
        .await?;
        let roles: Vec<(String, String)> = sqlx::query_as(
            "SELECT l.invitation_id, l.role_id FROM invitation_role l JOIN invitation i ON i.id = l.invitation_id
             WHERE i.portal_id = ? ORDER BY l.role_id",
        )
        .bind(&pid)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, name, code, kind, max_redemptions, redemptions, expiry, inviter, account, status, created_at) in rows {
            let of = |relation: &str| -> Result<Vec<Uuid>> {
                links
                    .iter()
                    .filter(|(i, r, _)| *i == id && r == relation)
                    .map(|(_, _, c)| uuid(c, "invitation contact"))
                    .collect()
            };
            out.push(Invitation {
                id: uuid(&id, "invitation id")?,
                name,
                code,
                kind: InvitationKind::from_code(kind).ok_or_else(|| corrupt("invitation type", kind))?,
                max_redemptions,
                redemptions,
                expiry_date: expiry
                    .map(|d| d.parse::<NaiveDate>().map_err(|e| corrupt("invitation expiry date", e)))
                    .transpose()?,
                invited_contact_ids: of("invited")?,
                inviter_contact_id: inviter.map(|c| uuid(&c, "inviter")).transpose()?,
                redeemed_contact_ids: of("redeemed")?,
                assign_to_account: account,
                role_ids: roles
                    .iter()
                    .filter(|(i, _)| *i == id)
                    .map(|(_, r)| uuid(r, "invitation role"))
                    .collect::<Result<_>>()?,
                status: InvitationStatus::from_code(status).ok_or_else(|| corrupt("invitation status", status))?,
                created_at,
            });
        }
        Ok(out)
    }

    /// Writes invitation changes (and contact changes of a redemption) in one audited transaction,
    /// reporting how many invitations are written every `PROGRESS_EVERY`; `progress` returning
    /// false cancels, and nothing is written.
    #[allow(clippy::too_many_arguments)]
    pub async fn apply_invitation_changes(
        &self,
        portal: PortalId,
        changes: &[InvitationChange],
        contacts: &[ContactChange],
        actor: &str,
        at: DateTime<Utc>,
        batch: Option<&str>,
        progress: &(dyn Fn(usize) -> bool + Sync),
    ) -> Result<Option<i64>> {
        let pid = portal.to_string();
        let mut tx = self.pool.begin().await?;
        let batch_id = new_batch(&mut tx, &pid, at, actor, batch, changes.len()).await?;
        for (done, change) in changes.iter().enumerate() {
            if done % PROGRESS_EVERY == 0 && !progress(done) {
                // Dropping the transaction rolls every change back.
                return Err(Error::Cancelled);
            }
            let (id, action, before, after) = match change {
                InvitationChange::Save { before, after } => {
                    write_invitation(&mut tx, &pid, after).await?;
                    (
                        after.id,
                        if before.is_some() { AuditAction::Updated } else { AuditAction::Created },
                        before.as_ref().map(json),
                        Some(json(after)),
                    )
                }
                InvitationChange::Delete(inv) => {
                    sqlx::query("DELETE FROM invitation WHERE id = ? AND portal_id = ?")
                        .bind(inv.id.to_string())
                        .bind(&pid)
                        .execute(&mut *tx)
                        .await?;
                    (inv.id, AuditAction::Deleted, Some(json(inv)), None)
                }
            };
            record_in_batch(
                &mut tx,
                NewAudit {
                    at,
                    actor,
                    portal_id: Some(pid.clone()),
                    entity: Entity::Invitation,
                    entity_id: id.to_string(),
                    action,
                    before,
                    after,
                },
                batch_id,
            )
            .await?;
        }
        for change in contacts {
            apply_contact_change(&mut tx, &pid, change, actor, at, None).await?;
        }
        progress(changes.len());
        tx.commit().await?;
        Ok(batch_id)
    }

    /// Ids of the invitations a batch created.
    pub async fn batch_invitations(&self, portal: PortalId, batch: i64) -> Result<Vec<Uuid>> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT entity_id FROM audit WHERE batch_id = ? AND portal_id = ? AND entity = 'invitation' AND action = 'created' ORDER BY id",
        )
        .bind(batch)
        .bind(portal.to_string())
        .fetch_all(&self.pool)
        .await?;
        ids.iter().map(|s| uuid(s, "invitation id")).collect()
    }
}
