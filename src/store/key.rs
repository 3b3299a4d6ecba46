//! Authentication keys and their notice history. Certificates only: private keys are in the OS
//! keyring, never here.

use chrono::{DateTime, Utc};
use sqlx::{Sqlite, Transaction};

use super::audit::{record, NewAudit};
use super::{corrupt, Store};
use crate::domain::key::{AuthKey, CertificateFacts, KeySource, KeyStatus, Milestone, NoticeOutcome};
use crate::domain::{AuditAction, Entity, Portal, PortalId};
use crate::error::Result;

#[derive(sqlx::FromRow)]
struct KeyRow {
    id: i64,
    portal_id: String,
    thumbprint: String,
    x5t: String,
    subject: String,
    issuer: String,
    serial: String,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
    key_algorithm: String,
    key_bits: i64,
    has_private_key: bool,
    source: String,
    status: String,
    added_at: DateTime<Utc>,
    acknowledged_by: Option<String>,
    acknowledged_at: Option<DateTime<Utc>>,
    snoozed_until: Option<DateTime<Utc>>,
    graph_key_id: Option<String>,
    graph_read_at: Option<DateTime<Utc>>,
}

const KEY_COLUMNS: &str = "id, portal_id, thumbprint, x5t, subject, issuer, serial, not_before, not_after, \
                           key_algorithm, key_bits, has_private_key, source, status, added_at, \
                           acknowledged_by, acknowledged_at, snoozed_until, graph_key_id, graph_read_at";

fn source_str(s: KeySource) -> &'static str {
    match s {
        KeySource::Generated => "generated",
        KeySource::Imported => "imported",
        KeySource::Renewed => "renewed",
    }
}

fn status_str(s: KeyStatus) -> &'static str {
    match s {
        KeyStatus::Active => "active",
        KeyStatus::Pending => "pending",
        KeyStatus::Retired => "retired",
    }
}

impl TryFrom<KeyRow> for AuthKey {
    type Error = crate::Error;
    fn try_from(row: KeyRow) -> Result<Self> {
        Ok(AuthKey {
            id: row.id,
            portal_id: row.portal_id.parse().map_err(|e| corrupt("key portal id", e))?,
            certificate: CertificateFacts {
                thumbprint: row.thumbprint,
                x5t: row.x5t,
                subject: row.subject,
                issuer: row.issuer,
                serial: row.serial,
                not_before: row.not_before,
                not_after: row.not_after,
                key_algorithm: row.key_algorithm,
                key_bits: u32::try_from(row.key_bits).map_err(|e| corrupt("key bits", e))?,
            },
            has_private_key: row.has_private_key,
            source: match row.source.as_str() {
                "generated" => KeySource::Generated,
                "imported" => KeySource::Imported,
                "renewed" => KeySource::Renewed,
                other => return Err(corrupt("key source", other)),
            },
            status: match row.status.as_str() {
                "active" => KeyStatus::Active,
                "pending" => KeyStatus::Pending,
                "retired" => KeyStatus::Retired,
                other => return Err(corrupt("key status", other)),
            },
            added_at: row.added_at,
            acknowledged_by: row.acknowledged_by,
            acknowledged_at: row.acknowledged_at,
            snoozed_until: row.snoozed_until,
            graph_key_id: row.graph_key_id,
            graph_read_at: row.graph_read_at,
        })
    }
}

/// A key about to be stored.
pub struct NewKey<'a> {
    pub portal_id: PortalId,
    pub facts: &'a CertificateFacts,
    pub certificate_der: &'a [u8],
    pub has_private_key: bool,
    pub source: KeySource,
    pub status: KeyStatus,
    pub added_at: DateTime<Utc>,
}

fn audit_value(key: &AuthKey) -> serde_json::Value {
    serde_json::to_value(key).unwrap_or(serde_json::Value::Null)
}

async fn key_by_id(tx: &mut Transaction<'_, Sqlite>, id: i64) -> Result<AuthKey> {
    let row: KeyRow = sqlx::query_as(&format!("SELECT {KEY_COLUMNS} FROM auth_key WHERE id = ?"))
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    AuthKey::try_from(row)
}

impl Store {
    /// Every key of a portal, newest first.
    pub async fn keys_of_portal(&self, portal: PortalId) -> Result<Vec<AuthKey>> {
        let rows: Vec<KeyRow> =
            sqlx::query_as(&format!("SELECT {KEY_COLUMNS} FROM auth_key WHERE portal_id = ? ORDER BY id DESC"))
                .bind(portal.to_string())
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(AuthKey::try_from).collect()
    }

    pub async fn active_key(&self, portal: PortalId) -> Result<Option<AuthKey>> {
        let row: Option<KeyRow> =
            sqlx::query_as(&format!("SELECT {KEY_COLUMNS} FROM auth_key WHERE portal_id = ? AND status = 'active'"))
                .bind(portal.to_string())
                .fetch_optional(&self.pool)
                .await?;
        row.map(AuthKey::try_from).transpose()
    }

    /// Every portal with its active key (if any), by portal name.
    pub async fn portals_with_active_keys(&self) -> Result<Vec<(Portal, Option<AuthKey>)>> {
        let portals = self.portals().await?;
        let rows: Vec<KeyRow> = sqlx::query_as(&format!("SELECT {KEY_COLUMNS} FROM auth_key WHERE status = 'active'"))
            .fetch_all(&self.pool)
            .await?;
        let mut keys: Vec<AuthKey> = rows.into_iter().map(AuthKey::try_from).collect::<Result<_>>()?;
        Ok(portals
            .into_iter()
            .map(|p| {
                let key = keys.iter().position(|k| k.portal_id == p.id).map(|i| keys.swap_remove(i));
                (p, key)
            })
            .collect())
    }

    pub async fn key_certificate(&self, key_id: i64) -> Result<Vec<u8>> {
        Ok(sqlx::query_scalar("SELECT certificate_der FROM auth_key WHERE id = ?")
            .bind(key_id)
            .fetch_one(&self.pool)
            .await?)
    }

    pub async fn key_with_thumbprint(&self, portal: PortalId, thumbprint: &str) -> Result<Option<AuthKey>> {
        let row: Option<KeyRow> =
            sqlx::query_as(&format!("SELECT {KEY_COLUMNS} FROM auth_key WHERE portal_id = ? AND thumbprint = ?"))
                .bind(portal.to_string())
                .bind(thumbprint)
                .fetch_optional(&self.pool)
                .await?;
        row.map(AuthKey::try_from).transpose()
    }

    /// Stores a key. When it is `active`, the portal's previous active key is retired in the
    /// same transaction. Both changes are audited.
    pub async fn add_key(&self, key: NewKey<'_>, actor: &str) -> Result<AuthKey> {
        let mut tx = self.pool.begin().await?;
        if key.status == KeyStatus::Active {
            let previous: Option<i64> =
                sqlx::query_scalar("SELECT id FROM auth_key WHERE portal_id = ? AND status = 'active'")
                    .bind(key.portal_id.to_string())
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(previous) = previous {
                set_status(&mut tx, previous, KeyStatus::Retired, actor, key.added_at).await?;
            }
        }
        let id = insert_key(&mut tx, key, actor).await?;
        let stored = key_by_id(&mut tx, id).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Records who owns a key's renewal and/or a snooze (audited).
    pub async fn set_key_attention(
        &self,
        key_id: i64,
        acknowledged_by: Option<&str>,
        acknowledged_at: Option<DateTime<Utc>>,
        snoozed_until: Option<DateTime<Utc>>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<AuthKey> {
        let mut tx = self.pool.begin().await?;
        let before = key_by_id(&mut tx, key_id).await?;
        sqlx::query("UPDATE auth_key SET acknowledged_by = ?, acknowledged_at = ?, snoozed_until = ? WHERE id = ?")
            .bind(acknowledged_by)
            .bind(acknowledged_at)
            .bind(snoozed_until)
            .bind(key_id)
            .execute(&mut *tx)
            .await?;
        let after = key_by_id(&mut tx, key_id).await?;
        audit_key_update(&mut tx, &before, &after, actor, at).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The milestones already recorded for a key.
    pub async fn key_notices(&self, key_id: i64) -> Result<Vec<(Milestone, NoticeOutcome)>> {
        self.notices(NoticeTable::Key, key_id).await
    }

    /// Records delivered and skipped milestones of a key in one transaction. Recording a
    /// milestone twice keeps the first record.
    pub async fn record_notices(
        &self,
        key_id: i64,
        notices: &[(Milestone, NoticeOutcome)],
        channel: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.save_notices(NoticeTable::Key, key_id, notices, channel, at).await
    }

    /// The milestones recorded for one watched certificate.
    pub(super) async fn notices(&self, table: NoticeTable, id: i64) -> Result<Vec<(Milestone, NoticeOutcome)>> {
        let (name, column) = table.names();
        let rows: Vec<(String, String)> =
            sqlx::query_as(&format!("SELECT milestone, outcome FROM {name} WHERE {column} = ? ORDER BY milestone"))
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(m, o)| {
                let milestone = m.parse().map_err(|e: String| corrupt("notice milestone", e))?;
                let outcome = match o.as_str() {
                    "sent" => NoticeOutcome::Sent,
                    "skipped" => NoticeOutcome::Skipped,
                    other => return Err(corrupt("notice outcome", other)),
                };
                Ok((milestone, outcome))
            })
            .collect()
    }

    /// Records milestones of one watched certificate in one transaction (first record wins).
    pub(super) async fn save_notices(
        &self,
        table: NoticeTable,
        id: i64,
        notices: &[(Milestone, NoticeOutcome)],
        channel: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let (name, column) = table.names();
        let sql = format!(
            "INSERT OR IGNORE INTO {name} ({column}, milestone, outcome, recorded_at, channel) VALUES (?, ?, ?, ?, ?)"
        );
        let mut tx = self.pool.begin().await?;
        for (milestone, outcome) in notices {
            sqlx::query(&sql)
                .bind(id)
                .bind(milestone.code())
                .bind(match outcome {
                    NoticeOutcome::Sent => "sent",
                    NoticeOutcome::Skipped => "skipped",
                })
                .bind(at)
                .bind(channel)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Notes that the watch ran at `at`.
    pub async fn mark_watch_run(&self, at: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "INSERT INTO watch_state (id, last_run_at) VALUES (1, ?)
             ON CONFLICT (id) DO UPDATE SET last_run_at = excluded.last_run_at",
        )
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn last_watch_run(&self) -> Result<Option<DateTime<Utc>>> {
        Ok(sqlx::query_scalar("SELECT last_run_at FROM watch_state WHERE id = 1").fetch_optional(&self.pool).await?)
    }
}

/// Inserts a key and its audit entry inside `tx`; returns its id.
pub(super) async fn insert_key(tx: &mut Transaction<'_, Sqlite>, key: NewKey<'_>, actor: &str) -> Result<i64> {
    let f = key.facts;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO auth_key (portal_id, thumbprint, x5t, subject, issuer, serial, not_before, not_after,
                               key_algorithm, key_bits, certificate_der, has_private_key, source, status, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(key.portal_id.to_string())
    .bind(&f.thumbprint)
    .bind(&f.x5t)
    .bind(&f.subject)
    .bind(&f.issuer)
    .bind(&f.serial)
    .bind(f.not_before)
    .bind(f.not_after)
    .bind(&f.key_algorithm)
    .bind(f.key_bits)
    .bind(key.certificate_der)
    .bind(key.has_private_key)
    .bind(source_str(key.source))
    .bind(status_str(key.status))
    .bind(key.added_at)
    .fetch_one(&mut **tx)
    .await?;
    let stored = key_by_id(tx, id).await?;
    record(
        tx,
        NewAudit {
            at: key.added_at,
            actor,
            portal_id: Some(key.portal_id.to_string()),
            entity: Entity::AuthKey,
            entity_id: stored.certificate.thumbprint.clone(),
            action: AuditAction::Created,
            before: None,
            after: Some(audit_value(&stored)),
        },
    )
    .await?;
    Ok(id)
}

pub(super) async fn set_status(
    tx: &mut Transaction<'_, Sqlite>,
    key_id: i64,
    status: KeyStatus,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let before = key_by_id(tx, key_id).await?;
    sqlx::query("UPDATE auth_key SET status = ? WHERE id = ?")
        .bind(status_str(status))
        .bind(key_id)
        .execute(&mut **tx)
        .await?;
    let after = key_by_id(tx, key_id).await?;
    audit_key_update(tx, &before, &after, actor, at).await
}

/// Audits a change of a key, old → new, inside the change's transaction.
async fn audit_key_update(
    tx: &mut Transaction<'_, Sqlite>,
    before: &AuthKey,
    after: &AuthKey,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    record(
        tx,
        NewAudit {
            at,
            actor,
            portal_id: Some(before.portal_id.to_string()),
            entity: Entity::AuthKey,
            entity_id: before.certificate.thumbprint.clone(),
            action: AuditAction::Updated,
            before: Some(audit_value(before)),
            after: Some(audit_value(after)),
        },
    )
    .await
}

/// Where the delivered milestones of a watched certificate are recorded.
#[derive(Debug, Clone, Copy)]
pub(super) enum NoticeTable {
    Key,
    ProviderCertificate,
}

impl NoticeTable {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            NoticeTable::Key => ("key_notice", "key_id"),
            NoticeTable::ProviderCertificate => ("provider_certificate_notice", "certificate_id"),
        }
    }
}
