//! Web roles, website access, web pages, page rules and table permissions with their role links:
//! loading a portal's whole access model, and writing changes with audit entries in one
//! transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Sqlite, Transaction};
use uuid::Uuid;

use super::audit::{record, NewAudit};
use super::{corrupt, Store};
use crate::domain::access::*;
use crate::domain::{AuditAction, Entity, PortalId};
use crate::error::Result;

/// One access record of any kind.
#[derive(Debug, Clone, PartialEq)]
pub enum AccessRecord {
    Role(WebRole),
    WebsiteAccess(WebsiteAccess),
    Page(WebPage),
    PageRule(PageRule),
    Permission(TablePermission),
}

impl AccessRecord {
    pub(super) fn entity(&self) -> Entity {
        match self {
            AccessRecord::Role(_) => Entity::WebRole,
            AccessRecord::WebsiteAccess(_) => Entity::WebsiteAccess,
            AccessRecord::Page(_) => Entity::WebPage,
            AccessRecord::PageRule(_) => Entity::PageRule,
            AccessRecord::Permission(_) => Entity::TablePermission,
        }
    }

    pub(super) fn id(&self) -> Uuid {
        match self {
            AccessRecord::Role(r) => r.id,
            AccessRecord::WebsiteAccess(r) => r.id,
            AccessRecord::Page(r) => r.id,
            AccessRecord::PageRule(r) => r.id,
            AccessRecord::Permission(r) => r.id,
        }
    }

    pub(super) fn json(&self) -> serde_json::Value {
        match self {
            AccessRecord::Role(r) => serde_json::to_value(r),
            AccessRecord::WebsiteAccess(r) => serde_json::to_value(r),
            AccessRecord::Page(r) => serde_json::to_value(r),
            AccessRecord::PageRule(r) => serde_json::to_value(r),
            AccessRecord::Permission(r) => serde_json::to_value(r),
        }
        .unwrap_or(serde_json::Value::Null)
    }
}

/// A change to one access record.
#[derive(Debug, Clone, PartialEq)]
pub enum AccessChange {
    /// Inserts (`before` is `None`) or replaces a record, with its role links.
    Save {
        before: Option<AccessRecord>,
        after: AccessRecord,
    },
    Delete(AccessRecord),
}

async fn links(store: &Store, sql: &str, portal: &str) -> Result<HashMap<Uuid, Vec<Uuid>>> {
    let rows: Vec<(String, String)> = sqlx::query_as(sql).bind(portal).fetch_all(&store.pool).await?;
    let mut out: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (owner, role) in rows {
        let owner = owner.parse().map_err(|e| corrupt("access link", e))?;
        out.entry(owner).or_default().push(role.parse().map_err(|e| corrupt("access link role", e))?);
    }
    Ok(out)
}

fn uuid(s: &str, what: &str) -> Result<Uuid> {
    s.parse().map_err(|e| corrupt(what, e))
}

fn opt_uuid(s: Option<String>, what: &str) -> Result<Option<Uuid>> {
    s.map(|s| uuid(&s, what)).transpose()
}

type RoleRow = (String, String, Option<String>, bool, bool, bool);
type AccessRow = (String, String, bool, bool, bool, bool, bool);
type PageRow = (String, String, String, Option<String>);
type RuleRow = (String, String, Option<String>, i32, i32, Option<String>, bool);
type PermRow = (
    String,
    String,
    String,
    i32,
    bool,
    bool,
    bool,
    bool,
    bool,
    bool,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
);

impl Store {
    /// Everything about access of one portal.
    pub async fn access_model(&self, portal: PortalId) -> Result<AccessModel> {
        let pid = portal.to_string();
        let role_rows: Vec<RoleRow> = sqlx::query_as(
            "SELECT id, name, description, anonymous_users_role, authenticated_users_role, active FROM web_role
             WHERE portal_id = ? ORDER BY name COLLATE NOCASE, id",
        )
        .bind(&pid)
        .fetch_all(&self.pool)
        .await?;
        let mut roles = Vec::with_capacity(role_rows.len());
        for (id, name, description, anonymous, authenticated, active) in role_rows {
            roles.push(WebRole {
                id: uuid(&id, "web role id")?,
                name,
                description,
                anonymous_users_role: anonymous,
                authenticated_users_role: authenticated,
                active,
            });
        }

        let access_links = links(self, "SELECT l.access_id, l.role_id FROM website_access_role l JOIN website_access a ON a.id = l.access_id WHERE a.portal_id = ? ORDER BY l.role_id", &pid).await?;
        let access_rows: Vec<AccessRow> = sqlx::query_as(
            "SELECT id, name, manage_content_snippets, manage_site_markers, manage_web_link_sets, preview_unpublished_entities, active
             FROM website_access WHERE portal_id = ? ORDER BY name COLLATE NOCASE, id",
        )
        .bind(&pid)
        .fetch_all(&self.pool)
        .await?;
        let mut website_access = Vec::new();
        for (id, name, snippets, markers, links_, preview, active) in access_rows {
            let id = uuid(&id, "website access id")?;
            website_access.push(WebsiteAccess {
                id,
                name,
                manage_content_snippets: snippets,
                manage_site_markers: markers,
                manage_web_link_sets: links_,
                preview_unpublished_entities: preview,
                active,
                role_ids: access_links.get(&id).cloned().unwrap_or_default(),
            });
        }

        let page_rows: Vec<PageRow> = sqlx::query_as("SELECT id, name, partial_url, parent_id FROM web_page WHERE portal_id = ? ORDER BY name COLLATE NOCASE, id")
            .bind(&pid)
            .fetch_all(&self.pool)
            .await?;
        let mut pages = Vec::new();
        for (id, name, partial_url, parent) in page_rows {
            pages.push(WebPage {
                id: uuid(&id, "web page id")?,
                name,
                partial_url,
                parent_id: opt_uuid(parent, "web page parent")?,
            });
        }

        let rule_links = links(self, "SELECT l.rule_id, l.role_id FROM page_rule_role l JOIN page_rule r ON r.id = l.rule_id WHERE r.portal_id = ? ORDER BY l.role_id", &pid).await?;
        let rule_rows: Vec<RuleRow> = sqlx::query_as(
            "SELECT id, name, description, right_code, scope_code, page_id, active FROM page_rule WHERE portal_id = ? ORDER BY name COLLATE NOCASE, id",
        )
        .bind(&pid)
        .fetch_all(&self.pool)
        .await?;
        let mut page_rules = Vec::new();
        for (id, name, description, right, scope, page, active) in rule_rows {
            let id = uuid(&id, "page rule id")?;
            page_rules.push(PageRule {
                id,
                name,
                description,
                right: PageRight::from_code(right),
                scope: PageRuleScope::from_code(scope),
                page_id: opt_uuid(page, "page rule page")?,
                active,
                role_ids: rule_links.get(&id).cloned().unwrap_or_default(),
            });
        }

        let perm_links = links(self, "SELECT l.permission_id, l.role_id FROM table_permission_role l JOIN table_permission p ON p.id = l.permission_id WHERE p.portal_id = ? ORDER BY l.role_id", &pid).await?;
        let perm_rows: Vec<PermRow> = sqlx::query_as(
            "SELECT id, name, table_name, scope_code, can_read, can_write, can_create, can_delete, can_append, can_append_to,
                    contact_relationship, account_relationship, parent_id, parent_relationship, active
             FROM table_permission WHERE portal_id = ? ORDER BY name COLLATE NOCASE, id",
        )
        .bind(&pid)
        .fetch_all(&self.pool)
        .await?;
        let mut table_permissions = Vec::with_capacity(perm_rows.len());
        for (
            id,
            name,
            table,
            scope,
            read,
            write,
            create,
            delete,
            append,
            append_to,
            contact_rel,
            account_rel,
            parent,
            parent_rel,
            active,
        ) in perm_rows
        {
            let id = uuid(&id, "table permission id")?;
            table_permissions.push(TablePermission {
                id,
                name,
                table,
                scope: Scope::from_code(scope),
                privileges: Privileges { read, write, create, delete, append, append_to },
                contact_relationship: contact_rel,
                account_relationship: account_rel,
                parent_id: opt_uuid(parent, "table permission parent")?,
                parent_relationship: parent_rel,
                active,
                role_ids: perm_links.get(&id).cloned().unwrap_or_default(),
            });
        }
        Ok(AccessModel { roles, website_access, pages, page_rules, table_permissions })
    }

    /// Applies access changes in one transaction, each with its audit entry.
    pub async fn apply_access_changes(
        &self,
        portal: PortalId,
        changes: &[AccessChange],
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        write_access_changes(&mut tx, portal, changes, actor, at).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Writes access changes and their audit entries inside `tx`.
pub(super) async fn write_access_changes(
    tx: &mut Transaction<'_, Sqlite>,
    portal: PortalId,
    changes: &[AccessChange],
    actor: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let pid = portal.to_string();
    for change in changes {
        let (record, action, before, after) = match change {
            AccessChange::Save { before, after } => {
                save(tx, &pid, after).await?;
                let action = if before.is_some() { AuditAction::Updated } else { AuditAction::Created };
                (after, action, before.as_ref().map(AccessRecord::json), Some(after.json()))
            }
            AccessChange::Delete(r) => {
                delete(tx, &pid, r).await?;
                (r, AuditAction::Deleted, Some(r.json()), None)
            }
        };
        record_audit(tx, at, actor, &pid, record, action, before, after).await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn record_audit(
    tx: &mut Transaction<'_, Sqlite>,
    at: DateTime<Utc>,
    actor: &str,
    pid: &str,
    r: &AccessRecord,
    action: AuditAction,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<()> {
    record(
        tx,
        NewAudit {
            at,
            actor,
            portal_id: Some(pid.to_owned()),
            entity: r.entity(),
            entity_id: r.id().to_string(),
            action,
            before,
            after,
        },
    )
    .await
}

async fn replace_links(
    tx: &mut Transaction<'_, Sqlite>,
    table: &str,
    owner_col: &str,
    owner: Uuid,
    roles: &[Uuid],
) -> Result<()> {
    sqlx::query(&format!("DELETE FROM {table} WHERE {owner_col} = ?"))
        .bind(owner.to_string())
        .execute(&mut **tx)
        .await?;
    for role in roles {
        sqlx::query(&format!("INSERT OR IGNORE INTO {table} ({owner_col}, role_id) VALUES (?, ?)"))
            .bind(owner.to_string())
            .bind(role.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

type Row<'q, 'args> = Separated<'q, 'args, Sqlite, &'static str>;

// Insert statements and row binders shared by single saves (upserts) and bulk imports
// (multi-row inserts).
pub(super) const ROLE_INSERT: &str =
    "INSERT INTO web_role (id, portal_id, name, description, anonymous_users_role, authenticated_users_role, active) ";
pub(super) fn push_role<'args>(row: &mut Row<'_, 'args>, pid: &'args str, x: &'args WebRole) {
    row.push_bind(x.id.to_string())
        .push_bind(pid)
        .push_bind(&x.name)
        .push_bind(&x.description)
        .push_bind(x.anonymous_users_role)
        .push_bind(x.authenticated_users_role)
        .push_bind(x.active);
}

pub(super) const WEBSITE_ACCESS_INSERT: &str =
    "INSERT INTO website_access (id, portal_id, name, manage_content_snippets, \
     manage_site_markers, manage_web_link_sets, preview_unpublished_entities, active) ";
pub(super) fn push_website_access<'args>(row: &mut Row<'_, 'args>, pid: &'args str, x: &'args WebsiteAccess) {
    row.push_bind(x.id.to_string())
        .push_bind(pid)
        .push_bind(&x.name)
        .push_bind(x.manage_content_snippets)
        .push_bind(x.manage_site_markers)
        .push_bind(x.manage_web_link_sets)
        .push_bind(x.preview_unpublished_entities)
        .push_bind(x.active);
}

pub(super) const PAGE_RULE_INSERT: &str =
    "INSERT INTO page_rule (id, portal_id, name, description, right_code, scope_code, page_id, active) ";
pub(super) fn push_page_rule<'args>(row: &mut Row<'_, 'args>, pid: &'args str, x: &'args PageRule) {
    row.push_bind(x.id.to_string())
        .push_bind(pid)
        .push_bind(&x.name)
        .push_bind(&x.description)
        .push_bind(x.right.code())
        .push_bind(x.scope.code())
        .push_bind(x.page_id.map(|p| p.to_string()))
        .push_bind(x.active);
}

pub(super) const PERMISSION_INSERT: &str = "INSERT INTO table_permission (id, portal_id, name, table_name, scope_code, \
     can_read, can_write, can_create, can_delete, can_append, can_append_to, contact_relationship, account_relationship, \
     parent_id, parent_relationship, active) ";
pub(super) fn push_permission<'args>(row: &mut Row<'_, 'args>, pid: &'args str, x: &'args TablePermission) {
    row.push_bind(x.id.to_string())
        .push_bind(pid)
        .push_bind(&x.name)
        .push_bind(&x.table)
        .push_bind(x.scope.code())
        .push_bind(x.privileges.read)
        .push_bind(x.privileges.write)
        .push_bind(x.privileges.create)
        .push_bind(x.privileges.delete)
        .push_bind(x.privileges.append)
        .push_bind(x.privileges.append_to)
        .push_bind(&x.contact_relationship)
        .push_bind(&x.account_relationship)
        .push_bind(x.parent_id.map(|p| p.to_string()))
        .push_bind(&x.parent_relationship)
        .push_bind(x.active);
}

/// One row inserted, or updated when the id exists (`update` is the SET list).
async fn upsert<'args, T: 'args>(
    tx: &mut Transaction<'_, Sqlite>,
    insert: &'static str,
    push: impl Fn(&mut Row<'_, 'args>, &'args str, &'args T),
    pid: &'args str,
    x: &'args T,
    update: &str,
) -> Result<()> {
    let mut q = QueryBuilder::<Sqlite>::new(insert);
    q.push_values(std::iter::once(x), |mut row, x| push(&mut row, pid, x));
    q.push(format!(" ON CONFLICT (id) DO UPDATE SET {update}"));
    q.build().execute(&mut **tx).await?;
    Ok(())
}

async fn save(tx: &mut Transaction<'_, Sqlite>, pid: &str, r: &AccessRecord) -> Result<()> {
    match r {
        AccessRecord::Role(x) => {
            let update = "name = excluded.name, description = excluded.description, \
                anonymous_users_role = excluded.anonymous_users_role, \
                authenticated_users_role = excluded.authenticated_users_role, active = excluded.active";
            upsert(tx, ROLE_INSERT, push_role, pid, x, update).await?;
        }
        AccessRecord::WebsiteAccess(x) => {
            let update = "name = excluded.name, manage_content_snippets = excluded.manage_content_snippets, \
                manage_site_markers = excluded.manage_site_markers, manage_web_link_sets = excluded.manage_web_link_sets, \
                preview_unpublished_entities = excluded.preview_unpublished_entities, active = excluded.active";
            upsert(tx, WEBSITE_ACCESS_INSERT, push_website_access, pid, x, update).await?;
            replace_links(tx, "website_access_role", "access_id", x.id, &x.role_ids).await?;
        }
        AccessRecord::Page(x) => {
            sqlx::query(
                "INSERT INTO web_page (id, portal_id, name, partial_url, parent_id) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, partial_url = excluded.partial_url, parent_id = excluded.parent_id",
            )
            .bind(x.id.to_string())
            .bind(pid)
            .bind(&x.name)
            .bind(&x.partial_url)
            .bind(x.parent_id.map(|p| p.to_string()))
            .execute(&mut **tx)
            .await?;
        }
        AccessRecord::PageRule(x) => {
            let update = "name = excluded.name, description = excluded.description, right_code = excluded.right_code, \
                scope_code = excluded.scope_code, page_id = excluded.page_id, active = excluded.active";
            upsert(tx, PAGE_RULE_INSERT, push_page_rule, pid, x, update).await?;
            replace_links(tx, "page_rule_role", "rule_id", x.id, &x.role_ids).await?;
        }
        AccessRecord::Permission(x) => {
            let update = "name = excluded.name, table_name = excluded.table_name, scope_code = excluded.scope_code, \
                can_read = excluded.can_read, can_write = excluded.can_write, can_create = excluded.can_create, \
                can_delete = excluded.can_delete, can_append = excluded.can_append, can_append_to = excluded.can_append_to, \
                contact_relationship = excluded.contact_relationship, account_relationship = excluded.account_relationship, \
                parent_id = excluded.parent_id, parent_relationship = excluded.parent_relationship, active = excluded.active";
            upsert(tx, PERMISSION_INSERT, push_permission, pid, x, update).await?;
            replace_links(tx, "table_permission_role", "permission_id", x.id, &x.role_ids).await?;
        }
    }
    Ok(())
}

async fn delete(tx: &mut Transaction<'_, Sqlite>, pid: &str, r: &AccessRecord) -> Result<()> {
    let table = match r {
        AccessRecord::Role(_) => "web_role",
        AccessRecord::WebsiteAccess(_) => "website_access",
        AccessRecord::Page(_) => "web_page",
        AccessRecord::PageRule(_) => "page_rule",
        AccessRecord::Permission(_) => "table_permission",
    };
    let done = sqlx::query(&format!("DELETE FROM {table} WHERE id = ? AND portal_id = ?"))
        .bind(r.id().to_string())
        .bind(pid)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(crate::Error::AccessRecordNotFound(r.id().to_string()));
    }
    Ok(())
}
