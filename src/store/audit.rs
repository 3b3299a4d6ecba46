//! The audit table: one row per change, written in the same transaction as the change.

use chrono::{DateTime, Utc};
use sqlx::{Sqlite, Transaction};

use super::{corrupt, Store};
use crate::domain::{AuditAction, AuditEntry, Entity};
use crate::error::Result;

/// An audit entry about to be written.
#[derive(Debug, Clone)]
pub struct NewAudit<'a> {
    pub at: DateTime<Utc>,
    pub actor: &'a str,
    pub portal_id: Option<String>,
    pub entity: Entity,
    pub entity_id: String,
    pub action: AuditAction,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: DateTime<Utc>,
    actor: String,
    portal_id: Option<String>,
    entity: String,
    entity_id: String,
    action: String,
    before_json: Option<String>,
    after_json: Option<String>,
}

impl TryFrom<AuditRow> for AuditEntry {
    type Error = crate::Error;
    fn try_from(row: AuditRow) -> Result<Self> {
        let json = |text: Option<String>| -> Result<Option<serde_json::Value>> {
            text.map(|t| serde_json::from_str(&t).map_err(|e| corrupt("audit entry JSON", e))).transpose()
        };
        Ok(AuditEntry {
            id: row.id,
            at: row.at,
            actor: row.actor,
            portal_id: row.portal_id,
            entity: Entity::parse(&row.entity).ok_or_else(|| corrupt("audit entity", &row.entity))?,
            entity_id: row.entity_id,
            action: AuditAction::parse(&row.action).ok_or_else(|| corrupt("audit action", &row.action))?,
            before: json(row.before_json)?,
            after: json(row.after_json)?,
        })
    }
}

pub(crate) async fn record(tx: &mut Transaction<'_, Sqlite>, entry: NewAudit<'_>) -> Result<()> {
    record_in_batch(tx, entry, None).await
}

/// Records an entry that belongs to a bulk action's batch (undone together).
pub(crate) async fn record_in_batch(
    tx: &mut Transaction<'_, Sqlite>,
    entry: NewAudit<'_>,
    batch: Option<i64>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit (at, actor, portal_id, entity, entity_id, action, before_json, after_json, batch_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(entry.at)
    .bind(entry.actor)
    .bind(entry.portal_id)
    .bind(entry.entity.as_str())
    .bind(entry.entity_id)
    .bind(entry.action.as_str())
    .bind(entry.before.map(|v| v.to_string()))
    .bind(entry.after.map(|v| v.to_string()))
    .bind(batch)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records many entries with multi-row statements (bulk imports).
pub(crate) async fn record_many(tx: &mut Transaction<'_, Sqlite>, entries: &[NewAudit<'_>]) -> Result<()> {
    for chunk in entries.chunks(500) {
        let mut insert = sqlx::QueryBuilder::new(
            "INSERT INTO audit (at, actor, portal_id, entity, entity_id, action, before_json, after_json) ",
        );
        insert.push_values(chunk, |mut row, e| {
            row.push_bind(e.at)
                .push_bind(e.actor)
                .push_bind(e.portal_id.clone())
                .push_bind(e.entity.as_str())
                .push_bind(e.entity_id.clone())
                .push_bind(e.action.as_str())
                .push_bind(e.before.as_ref().map(|v| v.to_string()))
                .push_bind(e.after.as_ref().map(|v| v.to_string()));
        });
        insert.build().execute(&mut **tx).await?;
    }
    Ok(())
}

impl Store {
    /// What changed after `after_id`: the newest audit id, and the distinct entities and portals
    /// of the entries since (without reading the entries themselves). `None` when nothing did.
    pub async fn audit_changes_since(&self, after_id: i64) -> Result<Option<(i64, Vec<Entity>, Vec<String>)>> {
        let Some(through): Option<i64> =
            sqlx::query_scalar("SELECT max(id) FROM audit WHERE id > ?").bind(after_id).fetch_one(&self.pool).await?
        else {
            return Ok(None);
        };
        let rows: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT DISTINCT entity, portal_id FROM audit WHERE id > ? AND id <= ?")
                .bind(after_id)
                .bind(through)
                .fetch_all(&self.pool)
                .await?;
        let mut entities = Vec::new();
        let mut portals = Vec::new();
        for (entity, portal) in rows {
            let entity = Entity::parse(&entity).ok_or_else(|| corrupt("audit entity", &entity))?;
            if !entities.contains(&entity) {
                entities.push(entity);
            }
            if let Some(p) = portal.filter(|p| !portals.contains(p)) {
                portals.push(p);
            }
        }
        Ok(Some((through, entities, portals)))
    }

    /// Audit entries with an id above `after_id`, oldest first, at most `limit`.
    pub async fn audit_since(&self, after_id: i64, limit: u32) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = sqlx::query_as("SELECT * FROM audit WHERE id > ? ORDER BY id LIMIT ?")
            .bind(after_id)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }

    /// The newest audit entries about one portal, newest first.
    pub async fn audit_of_portal(&self, portal_id: &str, limit: u32) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = sqlx::query_as("SELECT * FROM audit WHERE portal_id = ? ORDER BY id DESC LIMIT ?")
            .bind(portal_id)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }

    /// The newest audit entries about one record, newest first.
    pub async fn audit_of_entity(&self, entity: Entity, id: &str, limit: u32) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> =
            sqlx::query_as("SELECT * FROM audit WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT ?")
                .bind(entity.as_str())
                .bind(id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }

    /// The id of the newest audit entry (0 for an empty trail): the workspace's change counter.
    pub async fn audit_high_water(&self) -> Result<i64> {
        let id: Option<i64> = sqlx::query_scalar("SELECT max(id) FROM audit").fetch_one(&self.pool).await?;
        Ok(id.unwrap_or(0))
    }
}
