//! Site-setting records and identity-provider signing certificates, each change written with its
//! audit entry in one transaction.

use chrono::{DateTime, Utc};
use sqlx::{Sqlite, Transaction};

use super::audit::{record, NewAudit};
use super::key::NoticeTable;
use super::{corrupt, Store};
use crate::domain::federation::ProviderCertificate;
use crate::domain::key::{Milestone, NoticeOutcome};
use crate::domain::settings::{catalogue, SiteSetting};
use crate::domain::{AuditAction, Entity, PortalId};
use crate::error::Result;

/// One change to a portal's site settings.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingChange {
    /// Adds a record after the existing ones (it is looked up last).
    Insert(SiteSetting),
    Update {
        before: SiteSetting,
        after: SiteSetting,
    },
    Delete(SiteSetting),
}

/// What a metadata import writes for one provider.
#[derive(Debug, Clone)]
pub struct ProviderMetadataWrite<'a> {
    pub provider_key: &'a str,
    pub entity_id: &'a str,
    /// The signing certificates now in the metadata (facts and DER).
    pub certificates: &'a [(crate::domain::key::CertificateFacts, Vec<u8>)],
    /// The provider's settings to change with them.
    pub setting_changes: &'a [SettingChange],
}

#[derive(sqlx::FromRow)]
struct SettingRow {
    id: String,
    name: String,
    value: Option<String>,
    description: Option<String>,
    active: bool,
    secret_in_keyring: bool,
}

impl TryFrom<SettingRow> for SiteSetting {
    type Error = crate::Error;
    fn try_from(row: SettingRow) -> Result<Self> {
        Ok(SiteSetting {
            id: row.id.parse().map_err(|e| corrupt("site setting id", e))?,
            name: row.name,
            value: row.value,
            description: row.description,
            active: row.active,
            secret_in_keyring: row.secret_in_keyring,
        })
    }
}

/// The audit snapshot of a record: secret values never reach the trail.
pub(super) fn snapshot(setting: &SiteSetting) -> serde_json::Value {
    let mut shown = setting.clone();
    if catalogue::is_secret_name(&shown.name) && shown.value.is_some() {
        shown.value = Some("(redacted)".into());
    }
    serde_json::to_value(shown).unwrap_or(serde_json::Value::Null)
}

impl Store {
    /// A portal's site-setting records in lookup order.
    pub async fn site_settings(&self, portal: PortalId) -> Result<Vec<SiteSetting>> {
        let rows: Vec<SettingRow> = sqlx::query_as(
            "SELECT id, name, value, description, active, secret_in_keyring FROM site_setting
             WHERE portal_id = ? ORDER BY position",
        )
        .bind(portal.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(SiteSetting::try_from).collect()
    }

    /// Applies `changes` to a portal's settings in one transaction, each with its audit entry.
    pub async fn apply_setting_changes(
        &self,
        portal: PortalId,
        changes: &[SettingChange],
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        write_setting_changes(&mut tx, portal, changes, actor, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The signing certificates tracked for a portal's providers, soonest expiry first.
    pub async fn provider_certificates(&self, portal: PortalId) -> Result<Vec<ProviderCertificate>> {
        provider_certificates_in(&self.pool, portal).await
    }

    /// Every tracked provider certificate of the workspace with its portal's name.
    pub async fn all_provider_certificates(&self) -> Result<Vec<(String, ProviderCertificate)>> {
        let rows: Vec<CertRowWithName> = sqlx::query_as(
            "SELECT c.id, c.portal_id, c.provider_key, c.entity_id, c.thumbprint, c.subject, c.issuer, c.not_before,
                    c.not_after, c.added_at, p.name AS portal_name
             FROM provider_certificate c JOIN portal p ON p.id = c.portal_id ORDER BY c.not_after, c.id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|r| (r.portal_name.clone(), ProviderCertificate::from(r.cert))).collect())
    }

    /// Replaces the certificates tracked for one provider (after a metadata import) and applies
    /// the provider's setting changes, all in one transaction with audit entries. Certificates
    /// still present keep their notice history.
    pub async fn save_provider_metadata(
        &self,
        portal: PortalId,
        metadata: ProviderMetadataWrite<'_>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let ProviderMetadataWrite { provider_key, entity_id, certificates, setting_changes } = metadata;
        let portal_id = portal.to_string();
        let mut tx = self.pool.begin().await?;
        let existing = provider_certificates_in(&mut *tx, portal).await?;
        for old in existing.iter().filter(|c| c.provider_key.eq_ignore_ascii_case(provider_key)) {
            if !certificates.iter().any(|(f, _)| f.thumbprint == old.thumbprint) {
                sqlx::query("DELETE FROM provider_certificate WHERE id = ?").bind(old.id).execute(&mut *tx).await?;
                record(&mut tx, cert_audit(at, actor, &portal_id, old, AuditAction::Deleted)).await?;
            }
        }
        for (facts, der) in certificates {
            if existing
                .iter()
                .any(|c| c.provider_key.eq_ignore_ascii_case(provider_key) && c.thumbprint == facts.thumbprint)
            {
                continue;
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO provider_certificate (portal_id, provider_key, entity_id, thumbprint, subject, issuer,
                     not_before, not_after, certificate_der, added_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(&portal_id)
            .bind(provider_key)
            .bind(entity_id)
            .bind(&facts.thumbprint)
            .bind(&facts.subject)
            .bind(&facts.issuer)
            .bind(facts.not_before)
            .bind(facts.not_after)
            .bind(der)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            let cert = ProviderCertificate {
                id,
                portal_id: portal_id.clone(),
                provider_key: provider_key.to_owned(),
                entity_id: entity_id.to_owned(),
                thumbprint: facts.thumbprint.clone(),
                subject: facts.subject.clone(),
                issuer: facts.issuer.clone(),
                not_before: facts.not_before,
                not_after: facts.not_after,
                added_at: at,
            };
            record(&mut tx, cert_audit(at, actor, &portal_id, &cert, AuditAction::Created)).await?;
        }
        write_setting_changes(&mut tx, portal, setting_changes, actor, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a provider: deletes its setting records (`setting_changes`) and every certificate
    /// tracked for it, in one transaction with audit entries.
    pub async fn remove_provider(
        &self,
        portal: PortalId,
        provider_key: &str,
        setting_changes: &[SettingChange],
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let portal_id = portal.to_string();
        let mut tx = self.pool.begin().await?;
        // Read inside the transaction: an import committing meanwhile cannot leave a certificate
        // behind for a removed provider.
        let existing = provider_certificates_in(&mut *tx, portal).await?;
        for old in existing.iter().filter(|c| c.provider_key.eq_ignore_ascii_case(provider_key)) {
            sqlx::query("DELETE FROM provider_certificate WHERE id = ?").bind(old.id).execute(&mut *tx).await?;
            record(&mut tx, cert_audit(at, actor, &portal_id, old, AuditAction::Deleted)).await?;
        }
        write_setting_changes(&mut tx, portal, setting_changes, actor, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The milestones already recorded for a provider certificate.
    pub async fn provider_certificate_notices(&self, certificate_id: i64) -> Result<Vec<(Milestone, NoticeOutcome)>> {
        self.notices(NoticeTable::ProviderCertificate, certificate_id).await
    }

    /// Records delivered and skipped milestones of a provider certificate.
    pub async fn record_provider_certificate_notices(
        &self,
        certificate_id: i64,
        notices: &[(Milestone, NoticeOutcome)],
        channel: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.save_notices(NoticeTable::ProviderCertificate, certificate_id, notices, channel, at).await
    }
}

/// A portal's tracked certificates, read through `executor` (the pool, or a transaction that is
/// about to change them).
async fn provider_certificates_in<'e>(
    executor: impl sqlx::SqliteExecutor<'e>,
    portal: PortalId,
) -> Result<Vec<ProviderCertificate>> {
    let rows: Vec<CertRow> = sqlx::query_as(
        "SELECT id, portal_id, provider_key, entity_id, thumbprint, subject, issuer, not_before, not_after, added_at
         FROM provider_certificate WHERE portal_id = ? ORDER BY not_after, id",
    )
    .bind(portal.to_string())
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(ProviderCertificate::from).collect())
}

pub(super) async fn write_setting_changes(
    tx: &mut Transaction<'_, Sqlite>,
    portal: PortalId,
    changes: &[SettingChange],
    actor: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let portal_id = portal.to_string();
    let mut next: i64 =
        sqlx::query_scalar("SELECT coalesce(max(position), 0) + 1 FROM site_setting WHERE portal_id = ?")
            .bind(&portal_id)
            .fetch_one(&mut **tx)
            .await?;
    for change in changes {
        let (action, id, before, after) = match change {
            SettingChange::Insert(s) => {
                sqlx::query(
                    "INSERT INTO site_setting (id, portal_id, position, name, value, description, active, secret_in_keyring)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(s.id.to_string())
                .bind(&portal_id)
                .bind(next)
                .bind(&s.name)
                .bind(&s.value)
                .bind(&s.description)
                .bind(s.active)
                .bind(s.secret_in_keyring)
                .execute(&mut **tx)
                .await?;
                next += 1;
                (AuditAction::Created, s.id, None, Some(snapshot(s)))
            }
            SettingChange::Update { before, after } => {
                let done = sqlx::query(
                    "UPDATE site_setting SET name = ?, value = ?, description = ?, active = ?, secret_in_keyring = ?
                     WHERE id = ? AND portal_id = ?",
                )
                .bind(&after.name)
                .bind(&after.value)
                .bind(&after.description)
                .bind(after.active)
                .bind(after.secret_in_keyring)
                .bind(before.id.to_string())
                .bind(&portal_id)
                .execute(&mut **tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(crate::Error::SettingChanged(before.name.clone()));
                }
                (AuditAction::Updated, before.id, Some(snapshot(before)), Some(snapshot(after)))
            }
            SettingChange::Delete(s) => {
                let done = sqlx::query("DELETE FROM site_setting WHERE id = ? AND portal_id = ?")
                    .bind(s.id.to_string())
                    .bind(&portal_id)
                    .execute(&mut **tx)
                    .await?;
                if done.rows_affected() != 1 {
                    return Err(crate::Error::SettingChanged(s.name.clone()));
                }
                (AuditAction::Deleted, s.id, Some(snapshot(s)), None)
            }
        };
        record(
            tx,
            NewAudit {
                at,
                actor,
                portal_id: Some(portal_id.clone()),
                entity: Entity::SiteSetting,
                entity_id: id.to_string(),
                action,
                before,
                after,
            },
        )
        .await?;
    }
    Ok(())
}

fn cert_audit<'a>(
    at: DateTime<Utc>,
    actor: &'a str,
    portal_id: &str,
    cert: &ProviderCertificate,
    action: AuditAction,
) -> NewAudit<'a> {
    let json = serde_json::to_value(cert).unwrap_or(serde_json::Value::Null);
    let (before, after) = match action {
        AuditAction::Deleted => (Some(json), None),
        _ => (None, Some(json)),
    };
    NewAudit {
        at,
        actor,
        portal_id: Some(portal_id.to_owned()),
        entity: Entity::ProviderCertificate,
        entity_id: cert.id.to_string(),
        action,
        before,
        after,
    }
}

#[derive(sqlx::FromRow)]
struct CertRow {
    id: i64,
    portal_id: String,
    provider_key: String,
    entity_id: String,
    thumbprint: String,
    subject: String,
    issuer: String,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
    added_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct CertRowWithName {
    #[sqlx(flatten)]
    cert: CertRow,
    portal_name: String,
}

impl From<CertRow> for ProviderCertificate {
    fn from(r: CertRow) -> Self {
        ProviderCertificate {
            id: r.id,
            portal_id: r.portal_id,
            provider_key: r.provider_key,
            entity_id: r.entity_id,
            thumbprint: r.thumbprint,
            subject: r.subject,
            issuer: r.issuer,
            not_before: r.not_before,
            not_after: r.not_after,
            added_at: r.added_at,
        }
    }
}
