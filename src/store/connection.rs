//! Connections, portals' sites, and key credentials read from Microsoft Graph: their rows and
//! their audited, transactional writes. No secret is ever here (the keyring holds them).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{Sqlite, Transaction};

use super::audit::{record, NewAudit};
use super::key::set_status;
use super::{corrupt, Store};
use crate::domain::connection::{Connection, ConnectionId, SignInMethod, TokenState};
use crate::domain::key::{CertificateFacts, KeySource, KeyStatus};
use crate::domain::key_credentials::AppCredential;
use crate::domain::sites::{DiscoveryPreview, PortalSite};
use crate::domain::{AuditAction, Entity, FieldErrorCode, PortalId, ValidationErrors};
use crate::error::{Error, Result};

#[derive(sqlx::FromRow)]
struct ConnectionRow {
    id: String,
    name: String,
    tenant: String,
    client_id: String,
    authority: String,
    graph_url: String,
    powerplatform_url: String,
    discovery_url: String,
    method: String,
    certificate_thumbprint: Option<String>,
    tenant_id: Option<String>,
    account: Option<String>,
    token_state: String,
    signed_in_at: Option<DateTime<Utc>>,
    last_error: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const CONNECTION_COLUMNS: &str =
    "id, name, tenant, client_id, authority, graph_url, powerplatform_url, discovery_url, \
     method, certificate_thumbprint, tenant_id, account, token_state, signed_in_at, last_error, created_at, updated_at";

impl TryFrom<ConnectionRow> for Connection {
    type Error = Error;
    fn try_from(r: ConnectionRow) -> Result<Self> {
        Ok(Connection {
            id: r.id.parse().map_err(|e| corrupt("connection id", e))?,
            name: r.name,
            tenant: r.tenant,
            client_id: r.client_id,
            authority: r.authority,
            graph_url: r.graph_url,
            powerplatform_url: r.powerplatform_url,
            discovery_url: r.discovery_url,
            method: SignInMethod::parse(&r.method).ok_or_else(|| corrupt("connection method", &r.method))?,
            certificate_thumbprint: r.certificate_thumbprint,
            tenant_id: r.tenant_id,
            account: r.account,
            token_state: TokenState::parse(&r.token_state).ok_or_else(|| corrupt("token state", &r.token_state))?,
            signed_in_at: r.signed_in_at,
            last_error: r.last_error,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct SiteRow {
    portal_id: String,
    connection_id: String,
    site_id: Option<String>,
    environment_id: Option<String>,
    environment_name: Option<String>,
    data_model: Option<String>,
    site_type: Option<String>,
    site_status: Option<String>,
    discovered_at: Option<DateTime<Utc>>,
    keys_read_at: Option<DateTime<Utc>>,
    keys_error: Option<String>,
    key_credentials: Option<i64>,
}

impl TryFrom<SiteRow> for PortalSite {
    type Error = Error;
    fn try_from(r: SiteRow) -> Result<Self> {
        Ok(PortalSite {
            portal_id: r.portal_id.parse().map_err(|e| corrupt("site portal id", e))?,
            connection_id: r.connection_id.parse().map_err(|e| corrupt("site connection id", e))?,
            site_id: r.site_id,
            environment_id: r.environment_id,
            environment_name: r.environment_name,
            data_model: r.data_model,
            site_type: r.site_type,
            site_status: r.site_status,
            discovered_at: r.discovered_at,
            keys_read_at: r.keys_read_at,
            keys_error: r.keys_error,
            key_credentials: r.key_credentials.map(|n| n.max(0) as u32),
        })
    }
}

fn snapshot<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn name_taken(err: sqlx::Error, name: &str) -> Error {
    if let sqlx::Error::Database(db) = &err {
        if db.is_unique_violation() && db.message().contains("connection.name") {
            return Error::Validation(ValidationErrors::single(
                "name",
                FieldErrorCode::Taken,
                format!("A connection named \"{name}\" already exists in this workspace."),
            ));
        }
    }
    Error::Database(err)
}

async fn connection_in(tx: &mut Transaction<'_, Sqlite>, id: ConnectionId) -> Result<Connection> {
    let row: Option<ConnectionRow> =
        sqlx::query_as(&format!("SELECT {CONNECTION_COLUMNS} FROM connection WHERE id = ?"))
            .bind(id.to_string())
            .fetch_optional(&mut **tx)
            .await?;
    row.ok_or_else(|| Error::ConnectionNotFound(id.to_string()))?.try_into()
}

async fn audit_connection(
    tx: &mut Transaction<'_, Sqlite>,
    action: AuditAction,
    before: Option<&Connection>,
    after: Option<&Connection>,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let id = after.or(before).map(|c| c.id.to_string()).unwrap_or_default();
    record(
        tx,
        NewAudit {
            at,
            actor,
            portal_id: None,
            entity: Entity::Connection,
            entity_id: id,
            action,
            before: before.map(snapshot),
            after: after.map(snapshot),
        },
    )
    .await
}

async fn site_in(tx: &mut Transaction<'_, Sqlite>, portal: PortalId) -> Result<Option<PortalSite>> {
    let row: Option<SiteRow> = sqlx::query_as("SELECT * FROM portal_site WHERE portal_id = ?")
        .bind(portal.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    row.map(PortalSite::try_from).transpose()
}

async fn write_site(tx: &mut Transaction<'_, Sqlite>, site: &PortalSite, actor: &str, at: DateTime<Utc>) -> Result<()> {
    let before = site_in(tx, site.portal_id).await?;
    if before.as_ref() == Some(site) {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO portal_site (portal_id, connection_id, site_id, environment_id, environment_name, data_model,
                                  site_type, site_status, discovered_at, keys_read_at, keys_error, key_credentials)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (portal_id) DO UPDATE SET connection_id = excluded.connection_id, site_id = excluded.site_id,
             environment_id = excluded.environment_id, environment_name = excluded.environment_name,
             data_model = excluded.data_model, site_type = excluded.site_type, site_status = excluded.site_status,
             discovered_at = excluded.discovered_at, keys_read_at = excluded.keys_read_at,
             keys_error = excluded.keys_error, key_credentials = excluded.key_credentials",
    )
    .bind(site.portal_id.to_string())
    .bind(site.connection_id.to_string())
    .bind(&site.site_id)
    .bind(&site.environment_id)
    .bind(&site.environment_name)
    .bind(&site.data_model)
    .bind(&site.site_type)
    .bind(&site.site_status)
    .bind(site.discovered_at)
    .bind(site.keys_read_at)
    .bind(&site.keys_error)
    .bind(site.key_credentials.map(i64::from))
    .execute(&mut **tx)
    .await?;
    // Sites are part of their portal's record in the trail.
    record(
        tx,
        NewAudit {
            at,
            actor,
            portal_id: Some(site.portal_id.to_string()),
            entity: Entity::Portal,
            entity_id: site.portal_id.to_string(),
            action: AuditAction::Updated,
            before: before.as_ref().map(|s| serde_json::json!({ "site": snapshot(s) })),
            after: Some(serde_json::json!({ "site": snapshot(site) })),
        },
    )
    .await
}

/// The key the portal uses, as Graph listed it, with what is known of its certificate.
pub struct GraphKey<'a> {
    pub credential: &'a AppCredential,
    pub facts: CertificateFacts,
    pub certificate_der: Option<&'a [u8]>,
}

impl Store {
    pub async fn connections(&self) -> Result<Vec<Connection>> {
        let rows: Vec<ConnectionRow> =
            sqlx::query_as(&format!("SELECT {CONNECTION_COLUMNS} FROM connection ORDER BY name, id"))
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(Connection::try_from).collect()
    }

    pub async fn connection(&self, id: ConnectionId) -> Result<Option<Connection>> {
        let row: Option<ConnectionRow> =
            sqlx::query_as(&format!("SELECT {CONNECTION_COLUMNS} FROM connection WHERE id = ?"))
                .bind(id.to_string())
                .fetch_optional(&self.pool)
                .await?;
        row.map(Connection::try_from).transpose()
    }

    /// The public certificate of a certificate connection.
    pub async fn connection_certificate(&self, id: ConnectionId) -> Result<Option<Vec<u8>>> {
        Ok(sqlx::query_scalar("SELECT certificate_der FROM connection WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .flatten())
    }

    pub async fn insert_connection(&self, c: &Connection, certificate_der: Option<&[u8]>, actor: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO connection (id, name, tenant, client_id, authority, graph_url, powerplatform_url, discovery_url,
                 method, certificate_thumbprint, certificate_der, tenant_id, account, token_state, signed_in_at,
                 last_error, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(c.id.to_string())
        .bind(&c.name)
        .bind(&c.tenant)
        .bind(&c.client_id)
        .bind(&c.authority)
        .bind(&c.graph_url)
        .bind(&c.powerplatform_url)
        .bind(&c.discovery_url)
        .bind(c.method.as_str())
        .bind(&c.certificate_thumbprint)
        .bind(certificate_der)
        .bind(&c.tenant_id)
        .bind(&c.account)
        .bind(c.token_state.as_str())
        .bind(c.signed_in_at)
        .bind(&c.last_error)
        .bind(c.created_at)
        .bind(c.updated_at)
        .execute(&mut *tx)
        .await
        .map_err(|e| name_taken(e, &c.name))?;
        audit_connection(&mut tx, AuditAction::Created, None, Some(c), actor, c.created_at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes every field of `after` (same id) and audits old → new. A token-state change that
    /// changes nothing writes nothing.
    pub async fn update_connection(&self, after: &Connection, actor: &str) -> Result<Connection> {
        let mut tx = self.pool.begin().await?;
        let before = connection_in(&mut tx, after.id).await?;
        let mut same = before.clone();
        same.updated_at = after.updated_at;
        if &same == after {
            return Ok(before);
        }
        sqlx::query(
            "UPDATE connection SET name = ?, tenant = ?, client_id = ?, authority = ?, graph_url = ?,
                 powerplatform_url = ?, discovery_url = ?, tenant_id = ?, account = ?, token_state = ?,
                 signed_in_at = ?, last_error = ?, updated_at = ?
             WHERE id = ?",
        )
        .bind(&after.name)
        .bind(&after.tenant)
        .bind(&after.client_id)
        .bind(&after.authority)
        .bind(&after.graph_url)
        .bind(&after.powerplatform_url)
        .bind(&after.discovery_url)
        .bind(&after.tenant_id)
        .bind(&after.account)
        .bind(after.token_state.as_str())
        .bind(after.signed_in_at)
        .bind(&after.last_error)
        .bind(after.updated_at)
        .bind(after.id.to_string())
        .execute(&mut *tx)
        .await
        .map_err(|e| name_taken(e, &after.name))?;
        audit_connection(&mut tx, AuditAction::Updated, Some(&before), Some(after), actor, after.updated_at).await?;
        tx.commit().await?;
        Ok(after.clone())
    }

    /// Removes a connection; its portals stay in the workspace, no longer bound to it.
    pub async fn delete_connection(&self, id: ConnectionId, actor: &str, at: DateTime<Utc>) -> Result<Connection> {
        let mut tx = self.pool.begin().await?;
        let before = connection_in(&mut tx, id).await?;
        sqlx::query("DELETE FROM connection WHERE id = ?").bind(id.to_string()).execute(&mut *tx).await?;
        audit_connection(&mut tx, AuditAction::Deleted, Some(&before), None, actor, at).await?;
        tx.commit().await?;
        Ok(before)
    }

    pub async fn portal_site(&self, portal: PortalId) -> Result<Option<PortalSite>> {
        let row: Option<SiteRow> = sqlx::query_as("SELECT * FROM portal_site WHERE portal_id = ?")
            .bind(portal.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.map(PortalSite::try_from).transpose()
    }

    /// Every portal's site, by portal.
    pub async fn portal_sites(&self) -> Result<HashMap<PortalId, PortalSite>> {
        let rows: Vec<SiteRow> = sqlx::query_as("SELECT * FROM portal_site").fetch_all(&self.pool).await?;
        rows.into_iter().map(|r| PortalSite::try_from(r).map(|s| (s.portal_id, s))).collect()
    }

    /// Binds a portal to a connection (or updates what is known of its site), audited.
    pub async fn save_portal_site(&self, site: &PortalSite, actor: &str, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        write_site(&mut tx, site, actor, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Applies a discovery preview exactly: new portals, updated portals and every site row, in
    /// one transaction (each change audited).
    pub async fn apply_discovery(&self, preview: &DiscoveryPreview, actor: &str, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let added: Vec<_> = preview.added.iter().map(|d| d.portal.clone()).collect();
        super::portal::write_portals(&mut tx, &added, actor, at).await?;
        for d in &preview.updated {
            let Some(before) = super::portal::portal_in(&mut tx, d.portal.id).await? else {
                return Err(Error::PortalNotFound(d.portal.id.to_string()));
            };
            if before != d.portal {
                super::portal::rewrite_portal(&mut tx, &before, &d.portal, actor).await?;
            }
        }
        for d in preview.added.iter().chain(&preview.updated) {
            write_site(&mut tx, &d.site, actor, at).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The credentials of a portal's application as Graph listed them last.
    pub async fn app_credentials(&self, portal: PortalId) -> Result<Vec<AppCredential>> {
        type Row = (String, Option<String>, String, Option<DateTime<Utc>>, DateTime<Utc>, String, String, bool);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT key_id, display_name, thumbprint, start_at, end_at, kind, usage, has_certificate
                 FROM app_credential WHERE portal_id = ? ORDER BY end_at DESC, key_id",
        )
        .bind(portal.to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(key_id, display_name, thumbprint, start, end, kind, usage, has_certificate)| AppCredential {
                key_id,
                display_name,
                thumbprint,
                start,
                end,
                kind,
                usage,
                has_certificate,
            })
            .collect())
    }

    /// Records what Graph said of a portal's application at `read_at`, in one transaction: the
    /// credential list, the site's read stamp, and the key the portal uses — made the active key
    /// (an existing key with that thumbprint is stamped; a new one is added and the old retired).
    /// `None` (no certificate: a managed identity) retires the active key.
    pub async fn apply_graph_keys(
        &self,
        site: &PortalSite,
        credentials: &[AppCredential],
        portal_key: Option<GraphKey<'_>>,
        read_at: DateTime<Utc>,
        actor: &str,
    ) -> Result<()> {
        let portal = site.portal_id;
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM app_credential WHERE portal_id = ?")
            .bind(portal.to_string())
            .execute(&mut *tx)
            .await?;
        for c in credentials {
            sqlx::query(
                "INSERT INTO app_credential (portal_id, key_id, display_name, thumbprint, start_at, end_at, kind, usage, has_certificate)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(portal.to_string())
            .bind(&c.key_id)
            .bind(&c.display_name)
            .bind(&c.thumbprint)
            .bind(c.start)
            .bind(c.end)
            .bind(&c.kind)
            .bind(&c.usage)
            .bind(c.has_certificate)
            .execute(&mut *tx)
            .await?;
        }
        let active: Option<(i64, String)> =
            sqlx::query_as("SELECT id, thumbprint FROM auth_key WHERE portal_id = ? AND status = 'active'")
                .bind(portal.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        match portal_key {
            None => {
                if let Some((id, _)) = active {
                    set_status(&mut tx, id, KeyStatus::Retired, actor, read_at).await?;
                }
            }
            Some(key) => {
                let existing: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM auth_key WHERE portal_id = ? AND thumbprint = ?")
                        .bind(portal.to_string())
                        .bind(&key.facts.thumbprint)
                        .fetch_optional(&mut *tx)
                        .await?;
                if let Some((id, thumbprint)) = &active {
                    if *thumbprint != key.facts.thumbprint {
                        set_status(&mut tx, *id, KeyStatus::Retired, actor, read_at).await?;
                    }
                }
                let id = match existing {
                    Some(id) => id,
                    None => {
                        super::key::insert_key(
                            &mut tx,
                            super::NewKey {
                                portal_id: portal,
                                facts: &key.facts,
                                certificate_der: key.certificate_der.unwrap_or_default(),
                                has_private_key: false,
                                source: KeySource::Imported,
                                status: KeyStatus::Retired,
                                added_at: read_at,
                            },
                            actor,
                        )
                        .await?
                    }
                };
                sqlx::query("UPDATE auth_key SET graph_key_id = ?, graph_read_at = ?, not_before = ?, not_after = ? WHERE id = ?")
                    .bind(&key.credential.key_id)
                    .bind(read_at)
                    .bind(key.facts.not_before)
                    .bind(key.facts.not_after)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                let status: String =
                    sqlx::query_scalar("SELECT status FROM auth_key WHERE id = ?").bind(id).fetch_one(&mut *tx).await?;
                if status != "active" {
                    set_status(&mut tx, id, KeyStatus::Active, actor, read_at).await?;
                }
            }
        }
        let mut site = site.clone();
        site.keys_read_at = Some(read_at);
        site.keys_error = None;
        site.key_credentials =
            Some(credentials.iter().filter(|c| c.kind.eq_ignore_ascii_case("AsymmetricX509Cert")).count() as u32);
        write_site(&mut tx, &site, actor, read_at).await?;
        tx.commit().await?;
        Ok(())
    }
}
