//! Renewal jobs and the local connector's record of what it did to a portal.

use chrono::{DateTime, Utc};

use super::{corrupt, Store};
use crate::domain::key::KeyStatus;
use crate::domain::renewal::{RenewalJob, RenewalState, RenewalStep};
use crate::domain::PortalId;
use crate::error::Result;

#[derive(sqlx::FromRow)]
struct JobRow {
    id: i64,
    portal_id: String,
    state: String,
    step: Option<String>,
    old_key_id: Option<i64>,
    new_key_id: Option<i64>,
    restarted: bool,
    error: Option<String>,
    attempts: i64,
    started_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<JobRow> for RenewalJob {
    type Error = crate::Error;
    fn try_from(row: JobRow) -> Result<Self> {
        Ok(RenewalJob {
            id: row.id,
            portal_id: row.portal_id.parse().map_err(|e| corrupt("renewal portal id", e))?,
            state: RenewalState::parse(&row.state).ok_or_else(|| corrupt("renewal state", &row.state))?,
            step: row.step.map(|s| RenewalStep::parse(&s).ok_or_else(|| corrupt("renewal step", &s))).transpose()?,
            old_key_id: row.old_key_id,
            new_key_id: row.new_key_id,
            restarted: row.restarted,
            error: row.error,
            attempts: u32::try_from(row.attempts).map_err(|e| corrupt("renewal attempts", e))?,
            started_at: row.started_at,
            updated_at: row.updated_at,
        })
    }
}

impl Store {
    /// Creates a running job at its first step. Fails with a unique violation when the portal
    /// already has an unfinished renewal.
    pub async fn create_renewal(
        &self,
        portal: PortalId,
        old_key_id: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<RenewalJob> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO renewal_job (portal_id, state, step, old_key_id, started_at, updated_at)
             VALUES (?, 'running', 'generate', ?, ?, ?) RETURNING id",
        )
        .bind(portal.to_string())
        .bind(old_key_id)
        .bind(at)
        .bind(at)
        .fetch_one(&self.pool)
        .await?;
        self.renewal(id).await?.ok_or_else(|| corrupt("renewal job", id))
    }

    pub async fn renewal(&self, id: i64) -> Result<Option<RenewalJob>> {
        let row: Option<JobRow> =
            sqlx::query_as("SELECT * FROM renewal_job WHERE id = ?").bind(id).fetch_optional(&self.pool).await?;
        row.map(RenewalJob::try_from).transpose()
    }

    /// The portal's unfinished renewal, if any.
    pub async fn open_renewal(&self, portal: PortalId) -> Result<Option<RenewalJob>> {
        let row: Option<JobRow> =
            sqlx::query_as("SELECT * FROM renewal_job WHERE portal_id = ? AND state != 'succeeded'")
                .bind(portal.to_string())
                .fetch_optional(&self.pool)
                .await?;
        row.map(RenewalJob::try_from).transpose()
    }

    /// Every renewal of a portal, newest first.
    pub async fn renewals_of_portal(&self, portal: PortalId) -> Result<Vec<RenewalJob>> {
        let rows: Vec<JobRow> = sqlx::query_as("SELECT * FROM renewal_job WHERE portal_id = ? ORDER BY id DESC")
            .bind(portal.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(RenewalJob::try_from).collect()
    }

    /// Jobs left running by a process that stopped (crash, kill, closed app).
    pub async fn running_renewals(&self) -> Result<Vec<RenewalJob>> {
        let rows: Vec<JobRow> = sqlx::query_as("SELECT * FROM renewal_job WHERE state = 'running' ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(RenewalJob::try_from).collect()
    }

    /// Saves a job's progress.
    pub async fn save_renewal(&self, job: &RenewalJob) -> Result<()> {
        sqlx::query(
            "UPDATE renewal_job SET state = ?, step = ?, new_key_id = ?, restarted = ?, error = ?, attempts = ?,
                    updated_at = ?
             WHERE id = ?",
        )
        .bind(job.state.as_str())
        .bind(job.step.map(RenewalStep::as_str))
        .bind(job.new_key_id)
        .bind(job.restarted)
        .bind(&job.error)
        .bind(job.attempts)
        .bind(job.updated_at)
        .bind(job.id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The renewal's last step in one transaction: the new key becomes active, the old one
    /// retired (both audited), and the job succeeded.
    pub async fn finish_renewal(&self, job: &RenewalJob, actor: &str, at: DateTime<Utc>) -> Result<()> {
        let new_key = job.new_key_id.ok_or_else(|| corrupt("renewal without a new key", job.id))?;
        let mut tx = self.pool.begin().await?;
        let previous: Option<i64> =
            sqlx::query_scalar("SELECT id FROM auth_key WHERE portal_id = ? AND status = 'active'")
                .bind(job.portal_id.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(previous) = previous.filter(|p| *p != new_key) {
            super::key::set_status(&mut tx, previous, KeyStatus::Retired, actor, at).await?;
        }
        super::key::set_status(&mut tx, new_key, KeyStatus::Active, actor, at).await?;
        sqlx::query(
            "UPDATE renewal_job SET state = 'succeeded', step = NULL, error = NULL, updated_at = ? WHERE id = ?",
        )
        .bind(at)
        .bind(job.id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn record_connector_action(
        &self,
        portal: PortalId,
        action: &str,
        detail: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query("INSERT INTO connector_action (portal_id, action, detail, at) VALUES (?, ?, ?, ?)")
            .bind(portal.to_string())
            .bind(action)
            .bind(detail)
            .bind(at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// What the local connector did to a portal, oldest first, as (action, detail).
    pub async fn connector_actions(&self, portal: PortalId) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as("SELECT action, detail FROM connector_action WHERE portal_id = ? ORDER BY id")
            .bind(portal.to_string())
            .fetch_all(&self.pool)
            .await?)
    }
}
