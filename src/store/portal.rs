//! Portal rows: reading them back as domain [`Portal`]s and writing them with their audit entry.

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::audit::{record, NewAudit};
use super::{corrupt, Store};
use crate::domain::{AuditAction, Entity, FieldErrorCode, Portal, PortalId, ValidationErrors};
use crate::error::{Error, Result};

#[derive(sqlx::FromRow)]
struct PortalRow {
    id: String,
    name: String,
    url: String,
    environment_url: String,
    app_id: String,
    owner: Option<String>,
    state: String,
    key_lifetime_days: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<PortalRow> for Portal {
    type Error = Error;
    fn try_from(row: PortalRow) -> Result<Self> {
        Ok(Portal {
            id: row.id.parse().map_err(|e| corrupt("portal id", e))?,
            name: row.name,
            url: row.url,
            environment_url: row.environment_url,
            app_id: row.app_id,
            owner: row.owner,
            state: row.state.parse().map_err(|e| corrupt("portal state", e))?,
            key_lifetime_days: u32::try_from(row.key_lifetime_days).map_err(|e| corrupt("key lifetime", e))?,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// Rows per multi-row INSERT (SQLite allows 32,766 bound parameters; 10 per portal).
const INSERT_CHUNK: usize = 1_000;

fn snapshot(portal: &Portal) -> serde_json::Value {
    serde_json::to_value(portal).unwrap_or(serde_json::Value::Null)
}

/// Turns the UNIQUE constraint on names into the same field error the pre-check gives, so a
/// race between two writers still reads as "name taken".
fn name_conflict(err: sqlx::Error, name: &str) -> Error {
    if let sqlx::Error::Database(db) = &err {
        if db.is_unique_violation() && db.message().contains("portal.name") {
            return Error::Validation(ValidationErrors::single(
                "name",
                FieldErrorCode::Taken,
                format!("A portal named \"{name}\" already exists in this workspace."),
            ));
        }
        if db.is_unique_violation() && db.message().contains("portal.id") {
            return Error::Validation(ValidationErrors::single(
                "id",
                FieldErrorCode::Taken,
                "A portal with this id already exists in this workspace.",
            ));
        }
    }
    Error::Database(err)
}

impl Store {
    /// Every portal, by name (case-insensitive).
    pub async fn portals(&self) -> Result<Vec<Portal>> {
        let rows: Vec<PortalRow> =
            sqlx::query_as("SELECT * FROM portal ORDER BY name, id").fetch_all(&self.pool).await?;
        rows.into_iter().map(Portal::try_from).collect()
    }

    pub async fn portal_count(&self) -> Result<usize> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM portal").fetch_one(&self.pool).await?;
        Ok(n as usize)
    }

    pub async fn portal(&self, id: PortalId) -> Result<Option<Portal>> {
        let row: Option<PortalRow> =
            sqlx::query_as("SELECT * FROM portal WHERE id = ?").bind(id.to_string()).fetch_optional(&self.pool).await?;
        row.map(Portal::try_from).transpose()
    }

    /// Portals whose name equals `name`, ignoring case.
    pub async fn portals_named(&self, name: &str) -> Result<Vec<Portal>> {
        let rows: Vec<PortalRow> =
            sqlx::query_as("SELECT * FROM portal WHERE name = ? ORDER BY id").bind(name).fetch_all(&self.pool).await?;
        rows.into_iter().map(Portal::try_from).collect()
    }

    /// Inserts a new portal and its audit entry in one transaction.
    pub async fn insert_portal(&self, portal: &Portal, actor: &str) -> Result<()> {
        self.insert_portals(std::slice::from_ref(portal), actor, portal.created_at).await
    }

    /// Inserts many portals with multi-row statements, all in one transaction.
    pub async fn insert_portals(&self, portals: &[Portal], actor: &str, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        write_portals(&mut tx, portals, actor, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces `before` with `after` (same id) and audits old → new, in one transaction.
    /// Fails with `not_found` when the row vanished meanwhile.
    pub async fn update_portal(&self, before: &Portal, after: &Portal, actor: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        rewrite_portal(&mut tx, before, after, actor).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a portal and audits what it was, in one transaction.
    pub async fn delete_portal(&self, portal: &Portal, actor: &str, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let deleted =
            sqlx::query("DELETE FROM portal WHERE id = ?").bind(portal.id.to_string()).execute(&mut *tx).await?;
        if deleted.rows_affected() == 0 {
            return Err(Error::PortalNotFound(portal.id.to_string()));
        }
        record(
            &mut tx,
            NewAudit {
                at,
                actor,
                portal_id: Some(portal.id.to_string()),
                entity: Entity::Portal,
                entity_id: portal.id.to_string(),
                action: AuditAction::Deleted,
                before: Some(snapshot(portal)),
                after: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// One portal, read inside `tx`.
pub(super) async fn portal_in(tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>, id: PortalId) -> Result<Option<Portal>> {
    let row: Option<PortalRow> =
        sqlx::query_as("SELECT * FROM portal WHERE id = ?").bind(id.to_string()).fetch_optional(&mut **tx).await?;
    row.map(Portal::try_from).transpose()
}

/// Writes `after` over `before` (same id) and audits old → new inside `tx`.
pub(super) async fn rewrite_portal(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    before: &Portal,
    after: &Portal,
    actor: &str,
) -> Result<()> {
    let changed = sqlx::query(
        "UPDATE portal SET name = ?, url = ?, environment_url = ?, app_id = ?, owner = ?, state = ?,
                key_lifetime_days = ?, updated_at = ?
         WHERE id = ?",
    )
    .bind(&after.name)
    .bind(&after.url)
    .bind(&after.environment_url)
    .bind(&after.app_id)
    .bind(&after.owner)
    .bind(after.state.as_str())
    .bind(after.key_lifetime_days)
    .bind(after.updated_at)
    .bind(after.id.to_string())
    .execute(&mut **tx)
    .await
    .map_err(|e| name_conflict(e, &after.name))?;
    if changed.rows_affected() == 0 {
        return Err(Error::PortalNotFound(after.id.to_string()));
    }
    record(
        tx,
        NewAudit {
            at: after.updated_at,
            actor,
            portal_id: Some(after.id.to_string()),
            entity: Entity::Portal,
            entity_id: after.id.to_string(),
            action: AuditAction::Updated,
            before: Some(snapshot(before)),
            after: Some(snapshot(after)),
        },
    )
    .await
}

/// Inserts portals (multi-row statements) and their audit entries inside `tx`.
pub(super) async fn write_portals(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    portals: &[Portal],
    actor: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    for chunk in portals.chunks(INSERT_CHUNK) {
        let mut insert = QueryBuilder::new(
            "INSERT INTO portal (id, name, url, environment_url, app_id, owner, state, key_lifetime_days, created_at, updated_at) ",
        );
        insert.push_values(chunk, |mut row, p| {
            row.push_bind(p.id.to_string())
                .push_bind(&p.name)
                .push_bind(&p.url)
                .push_bind(&p.environment_url)
                .push_bind(&p.app_id)
                .push_bind(&p.owner)
                .push_bind(p.state.as_str())
                .push_bind(p.key_lifetime_days)
                .push_bind(p.created_at)
                .push_bind(p.updated_at);
        });
        let name = if chunk.len() == 1 { chunk[0].name.as_str() } else { "(one of these)" };
        insert.build().execute(&mut **tx).await.map_err(|e| name_conflict(e, name))?;
    }
    for p in portals {
        record(
            tx,
            NewAudit {
                at,
                actor,
                portal_id: Some(p.id.to_string()),
                entity: Entity::Portal,
                entity_id: p.id.to_string(),
                action: AuditAction::Created,
                before: None,
                after: Some(snapshot(p)),
            },
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{PortalDraft, PortalState};

    fn portal(name: &str, at: DateTime<Utc>) -> Portal {
        PortalDraft {
            name: name.into(),
            url: format!("https://{}.powerappsportals.com", name.to_lowercase()),
            environment_url: "https://org.crm.dynamics.com".into(),
            app_id: "9e7a1b52-6f0e-4d4b-8d0e-3c3a1f2b7d10".into(),
            ..Default::default()
        }
        .validate(PortalId::new_random())
        .unwrap()
        .into_portal(at, at)
    }

    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("workspace.db")).await.unwrap();
        (dir, store)
    }

    #[tokio::test]
    async fn a_portal_reads_back_exactly_as_written() {
        let (_dir, store) = store().await;
        let at = DateTime::parse_from_rfc3339("2026-11-22T10:00:00.123456Z").unwrap().to_utc();
        let mut p = portal("Contoso", at);
        p.owner = Some("Megan Bowen".into());
        p.state = PortalState::Stopped;
        store.insert_portal(&p, "tester").await.unwrap();
        assert_eq!(store.portal(p.id).await.unwrap(), Some(p.clone()));
        assert_eq!(store.portals().await.unwrap(), vec![p]);
    }

    #[tokio::test]
    async fn names_are_unique_ignoring_case_even_without_the_precheck() {
        let (_dir, store) = store().await;
        let at = Utc::now();
        store.insert_portal(&portal("Contoso", at), "t").await.unwrap();
        let err = store.insert_portal(&portal("CONTOSO", at), "t").await.unwrap_err();
        assert_eq!(err.field_errors()[0].code, FieldErrorCode::Taken);
        assert_eq!(store.portal_count().await.unwrap(), 1);
    }

    #[tokio::test]
    async fn a_failed_batch_insert_writes_nothing_not_even_audit() {
        let (_dir, store) = store().await;
        let at = Utc::now();
        let batch = vec![portal("A", at), portal("B", at), portal("a", at)];
        assert!(store.insert_portals(&batch, "t", at).await.is_err());
        assert_eq!(store.portal_count().await.unwrap(), 0);
        assert_eq!(store.audit_high_water().await.unwrap(), 0);
    }

    #[tokio::test]
    async fn every_change_is_audited_with_old_and_new_values() {
        let (_dir, store) = store().await;
        let at = Utc::now();
        let before = portal("Contoso", at);
        store.insert_portal(&before, "alice").await.unwrap();
        let mut after = before.clone();
        after.name = "Fabrikam".into();
        store.update_portal(&before, &after, "bob").await.unwrap();
        store.delete_portal(&after, "carol", at).await.unwrap();

        let trail = store.audit_since(0, 100).await.unwrap();
        let actions: Vec<_> = trail.iter().map(|e| (e.action, e.actor.as_str())).collect();
        assert_eq!(
            actions,
            vec![(AuditAction::Created, "alice"), (AuditAction::Updated, "bob"), (AuditAction::Deleted, "carol")]
        );
        assert_eq!(trail[1].before.as_ref().unwrap()["name"], "Contoso");
        assert_eq!(trail[1].after.as_ref().unwrap()["name"], "Fabrikam");
        assert!(trail[2].after.is_none());
        assert_eq!(store.audit_of_portal(&before.id.to_string(), 10).await.unwrap().len(), 3);
    }

    #[tokio::test]
    async fn updating_or_deleting_a_vanished_portal_is_not_found() {
        let (_dir, store) = store().await;
        let p = portal("Ghost", Utc::now());
        assert_eq!(store.update_portal(&p, &p, "t").await.unwrap_err().code(), crate::ErrorCode::NotFound);
        assert_eq!(store.delete_portal(&p, "t", Utc::now()).await.unwrap_err().code(), crate::ErrorCode::NotFound);
        assert_eq!(store.audit_high_water().await.unwrap(), 0);
    }
}
