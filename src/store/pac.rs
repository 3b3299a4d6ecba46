//! What a portal folder import keeps beyond the modelled records: unmodelled fields per record,
//! unmodelled files, and where the portal was last imported from or exported to. An import
//! writes all of it, the portal (when new) and the record changes in one transaction.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Sqlite, Transaction};
use uuid::Uuid;

use super::access::{
    push_page_rule, push_permission, push_role, push_website_access, write_access_changes, PAGE_RULE_INSERT,
    PERMISSION_INSERT, ROLE_INSERT, WEBSITE_ACCESS_INSERT,
};
use super::audit::{record_many, NewAudit};
use super::portal::write_portals;
use super::settings::{snapshot as setting_snapshot, write_setting_changes};
use super::{corrupt, AccessChange, AccessRecord, SettingChange, Store};
use crate::domain::access::{PageRule, TablePermission, WebRole, WebsiteAccess};
use crate::domain::pac::{FolderFiles, Layout, RecordKind};
use crate::domain::settings::SiteSetting;
use crate::domain::{AuditAction, Entity, Portal, PortalId};
use crate::error::Result;

/// Where a portal was last imported from or exported to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacSource {
    /// The layout root (the folder holding `website.yml`).
    pub folder: String,
    pub layout: Layout,
    /// sha256 over the folder's paths and bytes when it was last read or written.
    pub fingerprint: String,
    pub synced_at: DateTime<Utc>,
}

/// The unmodelled part of one record.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordExtra {
    pub kind: RecordKind,
    pub id: Uuid,
    pub file: Option<String>,
    pub fields: BTreeMap<String, serde_json::Value>,
}

/// Everything one folder import writes.
#[derive(Debug, Clone, Copy)]
pub struct PacImportWrite<'a> {
    pub new_portal: Option<&'a Portal>,
    pub setting_changes: &'a [SettingChange],
    pub access_changes: &'a [AccessChange],
    pub extras: &'a [RecordExtra],
    pub files: &'a FolderFiles,
    pub source: &'a PacSource,
}

const CHUNK: usize = 500;

impl Store {
    pub async fn pac_source(&self, portal: PortalId) -> Result<Option<PacSource>> {
        let row: Option<(String, String, String, DateTime<Utc>)> =
            sqlx::query_as("SELECT folder, layout, fingerprint, synced_at FROM pac_source WHERE portal_id = ?")
                .bind(portal.to_string())
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(folder, layout, fingerprint, synced_at)| {
            let layout = Layout::parse(&layout).ok_or_else(|| corrupt("pac_source layout", &layout))?;
            Ok(PacSource { folder, layout, fingerprint, synced_at })
        })
        .transpose()
    }

    /// The unmodelled fields of a portal's records, by kind and id.
    pub async fn pac_extras(&self, portal: PortalId) -> Result<HashMap<(RecordKind, Uuid), RecordExtra>> {
        let rows: Vec<(String, String, Option<String>, String)> =
            sqlx::query_as("SELECT kind, record_id, file, fields FROM pac_record_extra WHERE portal_id = ?")
                .bind(portal.to_string())
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(kind, id, file, fields)| {
                let kind = RecordKind::parse(&kind).ok_or_else(|| corrupt("pac extra kind", &kind))?;
                let id: Uuid = id.parse().map_err(|e| corrupt("pac extra id", e))?;
                let fields = serde_json::from_str(&fields).map_err(|e| corrupt("pac extra fields", e))?;
                Ok(((kind, id), RecordExtra { kind, id, file, fields }))
            })
            .collect()
    }

    /// The unmodelled files of a portal, by path.
    pub async fn pac_files(&self, portal: PortalId) -> Result<FolderFiles> {
        Ok(sqlx::query_as("SELECT path, content FROM pac_file WHERE portal_id = ? ORDER BY path")
            .bind(portal.to_string())
            .fetch_all(&self.pool)
            .await?)
    }

    /// Writes a folder import in one transaction: the portal when it is new, the record changes
    /// with their audit entries, and the kept fields, files and source (replacing earlier ones).
    pub async fn apply_pac_import(
        &self,
        portal: PortalId,
        write: PacImportWrite<'_>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let pid = portal.to_string();
        let mut tx = self.pool.begin().await?;
        if let Some(p) = write.new_portal {
            write_portals(&mut tx, std::slice::from_ref(p), actor, at).await?;
        }
        // New records go in with multi-row statements (a first import is all new records);
        // updates and deletes, usually few, one by one after them.
        let (new_settings, other_settings): (Vec<&SettingChange>, Vec<&SettingChange>) =
            write.setting_changes.iter().partition(|c| matches!(c, SettingChange::Insert(_)));
        let (new_access, other_access): (Vec<&AccessChange>, Vec<&AccessChange>) =
            write.access_changes.iter().partition(|c| matches!(c, AccessChange::Save { before: None, .. }));
        insert_new(&mut tx, portal, &new_settings, &new_access, actor, at).await.map_err(id_taken)?;
        let other_settings: Vec<SettingChange> = other_settings.into_iter().cloned().collect();
        let other_access: Vec<AccessChange> = other_access.into_iter().cloned().collect();
        write_setting_changes(&mut tx, portal, &other_settings, actor, at).await?;
        write_access_changes(&mut tx, portal, &other_access, actor, at).await?;
        sqlx::query("DELETE FROM pac_record_extra WHERE portal_id = ?").bind(&pid).execute(&mut *tx).await?;
        for chunk in write.extras.chunks(CHUNK) {
            let mut insert =
                QueryBuilder::new("INSERT INTO pac_record_extra (portal_id, kind, record_id, file, fields) ");
            insert.push_values(chunk, |mut row, e| {
                row.push_bind(&pid)
                    .push_bind(e.kind.as_str())
                    .push_bind(e.id.to_string())
                    .push_bind(&e.file)
                    .push_bind(serde_json::Value::Object(e.fields.clone().into_iter().collect()).to_string());
            });
            insert.build().execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM pac_file WHERE portal_id = ?").bind(&pid).execute(&mut *tx).await?;
        for chunk in write.files.chunks(CHUNK) {
            let mut insert = QueryBuilder::new("INSERT INTO pac_file (portal_id, path, content) ");
            insert.push_values(chunk, |mut row, (path, content)| {
                row.push_bind(&pid).push_bind(path).push_bind(content);
            });
            insert.build().execute(&mut *tx).await?;
        }
        upsert_source(&mut tx, &pid, write.source).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Remembers the folder a portal was exported to (and its fingerprint after writing).
    pub async fn record_pac_export(&self, portal: PortalId, source: &PacSource) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        upsert_source(&mut tx, &portal.to_string(), source).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Inserts new settings and access records (in the order given: roles before the records that
/// link them, parent permissions before children) with their links and audit entries, using
/// multi-row statements.
async fn insert_new(
    tx: &mut Transaction<'_, Sqlite>,
    portal: PortalId,
    settings: &[&SettingChange],
    access: &[&AccessChange],
    actor: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let pid = portal.to_string();
    let settings: Vec<&SiteSetting> = settings
        .iter()
        .filter_map(|c| match c {
            SettingChange::Insert(s) => Some(s),
            _ => None,
        })
        .collect();
    let records: Vec<&AccessRecord> = access
        .iter()
        .filter_map(|c| match c {
            AccessChange::Save { before: None, after } => Some(after),
            _ => None,
        })
        .collect();
    let next: i64 = sqlx::query_scalar("SELECT coalesce(max(position), 0) + 1 FROM site_setting WHERE portal_id = ?")
        .bind(&pid)
        .fetch_one(&mut **tx)
        .await?;
    for (n, chunk) in settings.chunks(CHUNK).enumerate() {
        let mut insert = QueryBuilder::new(
            "INSERT INTO site_setting (id, portal_id, position, name, value, description, active, secret_in_keyring) ",
        );
        insert.push_values(chunk.iter().enumerate(), |mut row, (i, s)| {
            row.push_bind(s.id.to_string())
                .push_bind(&pid)
                .push_bind(next + (n * CHUNK + i) as i64)
                .push_bind(&s.name)
                .push_bind(&s.value)
                .push_bind(&s.description)
                .push_bind(s.active)
                .push_bind(s.secret_in_keyring);
        });
        insert.build().execute(&mut **tx).await?;
    }
    let mut links: Vec<(&'static str, &'static str, Uuid, Uuid)> = Vec::new();
    let roles: Vec<&WebRole> =
        records.iter().filter_map(|r| if let AccessRecord::Role(x) = r { Some(x) } else { None }).collect();
    for chunk in roles.chunks(CHUNK) {
        let mut insert = QueryBuilder::new(ROLE_INSERT);
        insert.push_values(chunk, |mut row, x| push_role(&mut row, &pid, x));
        insert.build().execute(&mut **tx).await?;
    }
    let access_rows: Vec<&WebsiteAccess> =
        records.iter().filter_map(|r| if let AccessRecord::WebsiteAccess(x) = r { Some(x) } else { None }).collect();
    for chunk in access_rows.chunks(CHUNK) {
        let mut insert = QueryBuilder::new(WEBSITE_ACCESS_INSERT);
        insert.push_values(chunk, |mut row, x| push_website_access(&mut row, &pid, x));
        insert.build().execute(&mut **tx).await?;
    }
    links.extend(
        access_rows.iter().flat_map(|x| x.role_ids.iter().map(|r| ("website_access_role", "access_id", x.id, *r))),
    );
    let rules: Vec<&PageRule> =
        records.iter().filter_map(|r| if let AccessRecord::PageRule(x) = r { Some(x) } else { None }).collect();
    for chunk in rules.chunks(CHUNK) {
        let mut insert = QueryBuilder::new(PAGE_RULE_INSERT);
        insert.push_values(chunk, |mut row, x| push_page_rule(&mut row, &pid, x));
        insert.build().execute(&mut **tx).await?;
    }
    links.extend(rules.iter().flat_map(|x| x.role_ids.iter().map(|r| ("page_rule_role", "rule_id", x.id, *r))));
    let perms: Vec<&TablePermission> =
        records.iter().filter_map(|r| if let AccessRecord::Permission(x) = r { Some(x) } else { None }).collect();
    for chunk in perms.chunks(CHUNK) {
        let mut insert = QueryBuilder::new(PERMISSION_INSERT);
        insert.push_values(chunk, |mut row, x| push_permission(&mut row, &pid, x));
        insert.build().execute(&mut **tx).await?;
    }
    links.extend(
        perms.iter().flat_map(|x| x.role_ids.iter().map(|r| ("table_permission_role", "permission_id", x.id, *r))),
    );
    for table in ["website_access_role", "page_rule_role", "table_permission_role"] {
        let rows: Vec<_> = links.iter().filter(|l| l.0 == table).collect();
        for chunk in rows.chunks(CHUNK) {
            let mut insert = QueryBuilder::new(format!("INSERT OR IGNORE INTO {table} ({}, role_id) ", chunk[0].1));
            insert.push_values(chunk, |mut row, l| {
                row.push_bind(l.2.to_string()).push_bind(l.3.to_string());
            });
            insert.build().execute(&mut **tx).await?;
        }
    }
    let entry = |entity: Entity, id: Uuid, after: serde_json::Value| NewAudit {
        at,
        actor,
        portal_id: Some(pid.clone()),
        entity,
        entity_id: id.to_string(),
        action: AuditAction::Created,
        before: None,
        after: Some(after),
    };
    let mut entries: Vec<NewAudit> =
        settings.iter().map(|s| entry(Entity::SiteSetting, s.id, setting_snapshot(s))).collect();
    entries.extend(records.iter().map(|r| entry(r.entity(), r.id(), r.json())));
    record_many(tx, &entries).await
}

/// A record id another portal already uses (ids are Dataverse's, unique in the workspace).
fn id_taken(e: crate::Error) -> crate::Error {
    if let crate::Error::Database(sqlx::Error::Database(db)) = &e {
        if db.is_unique_violation() {
            return crate::Error::PortalFolderConflict(format!(
                "a record of the folder has an id another portal of this workspace already uses ({}); records keep \
                 their Dataverse ids, so one download can be imported into one portal only",
                db.message()
            ));
        }
    }
    e
}

async fn upsert_source(tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>, pid: &str, s: &PacSource) -> Result<()> {
    sqlx::query(
        "INSERT INTO pac_source (portal_id, folder, layout, fingerprint, synced_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (portal_id) DO UPDATE SET folder = excluded.folder, layout = excluded.layout,
           fingerprint = excluded.fingerprint, synced_at = excluded.synced_at",
    )
    .bind(pid)
    .bind(&s.folder)
    .bind(s.layout.as_str())
    .bind(&s.fingerprint)
    .bind(s.synced_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
