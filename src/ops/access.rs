//! Web roles and permissions: save and remove roles, website access, pages, page rules and table
//! permissions (a nil id means "new"), effective access and posture. Every write goes through
//! `Store::apply_access_changes` (one transaction, audited).

use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::domain::access::model::{optional_text, required_text};
use crate::domain::access::*;
use crate::domain::{FieldErrorCode, Portal, ValidationErrors};
use crate::error::{Error, Result};
use crate::ops::Core;
use crate::store::{AccessChange, AccessRecord};

/// A portal's access records and what is risky about them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AccessOverview {
    pub model: AccessModel,
    pub posture: Vec<PostureWarning>,
}

pub async fn model(core: &Core, portal: &Portal) -> Result<AccessModel> {
    core.store().access_model(portal.id).await
}

pub async fn overview(core: &Core, portal: &Portal) -> Result<AccessOverview> {
    let model = model(core, portal).await?;
    Ok(AccessOverview { posture: posture(&model), model })
}

async fn write(core: &Core, portal: &Portal, changes: Vec<AccessChange>) -> Result<()> {
    core.store().apply_access_changes(portal.id, &changes, core.actor(), core.clock().now()).await?;
    core.announce().await;
    Ok(())
}

fn fresh(id: Uuid) -> Uuid {
    if id.is_nil() {
        Uuid::new_v4()
    } else {
        id
    }
}

fn check_roles(model: &AccessModel, roles: &[Uuid], errors: &mut ValidationErrors) {
    for role in roles {
        if !model.roles.iter().any(|r| r.id == *role) {
            errors.push(
                "role_ids",
                FieldErrorCode::InvalidValue,
                format!("There is no web role {role} in this portal."),
            );
        }
    }
}

/// The record a person means: its id, or its name ignoring case (an ambiguous name needs the id).
fn find_named<'a, T>(items: &'a [T], query: &str, id: impl Fn(&T) -> Uuid, name: impl Fn(&T) -> &str) -> Result<&'a T> {
    let q = query.trim();
    if let Some(x) = q.parse::<Uuid>().ok().and_then(|wanted| items.iter().find(|x| id(x) == wanted)) {
        return Ok(x);
    }
    let named: Vec<&T> = items.iter().filter(|x| name(x).eq_ignore_ascii_case(q)).collect();
    match named.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::AccessRecordNotFound(q.to_owned())),
        many => Err(Error::PortalAmbiguous {
            query: q.to_owned(),
            candidates: many.iter().map(|x| id(x).to_string()).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// A role by id or name.
pub fn find_role<'a>(model: &'a AccessModel, query: &str) -> Result<&'a WebRole> {
    find_named(&model.roles, query, |r| r.id, |r| &r.name)
}

/// A table permission by id or name.
pub fn find_permission<'a>(model: &'a AccessModel, query: &str) -> Result<&'a TablePermission> {
    find_named(&model.table_permissions, query, |p| p.id, |p| &p.name)
}

/// A web page by id or name.
pub fn find_page<'a>(model: &'a AccessModel, query: &str) -> Result<&'a WebPage> {
    find_named(&model.pages, query, |p| p.id, |p| &p.name)
}

/// A page access rule by id or name.
pub fn find_page_rule<'a>(model: &'a AccessModel, query: &str) -> Result<&'a PageRule> {
    find_named(&model.page_rules, query, |r| r.id, |r| &r.name)
}

/// A website access record by id or name.
pub fn find_website_access<'a>(model: &'a AccessModel, query: &str) -> Result<&'a WebsiteAccess> {
    find_named(&model.website_access, query, |a| a.id, |a| &a.name)
}

/// Adds or changes a web role (nil id: new).
pub async fn save_role(core: &Core, portal: &Portal, mut role: WebRole) -> Result<WebRole> {
    let model = model(core, portal).await?;
    role.id = fresh(role.id);
    role.name = role.name.trim().to_owned();
    role.description = role.description.map(|d| d.trim().to_owned()).filter(|d| !d.is_empty());
    role.validate(&model.roles)?;
    let before = model.roles.iter().find(|r| r.id == role.id).cloned();
    if before.as_ref() == Some(&role) {
        return Ok(role);
    }
    write(
        core,
        portal,
        vec![AccessChange::Save { before: before.map(AccessRecord::Role), after: AccessRecord::Role(role.clone()) }],
    )
    .await?;
    Ok(role)
}

/// What removing a role unlinks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RoleRemoval {
    pub role: WebRole,
    pub table_permissions: Vec<String>,
    pub page_rules: Vec<String>,
    pub website_access: Vec<String>,
    /// Contacts that have the role (they lose it).
    pub members: u32,
    /// Whether it was removed (false: a preview that needs confirmation).
    pub removed: bool,
}

/// Removes a role. When permissions, rules or website access use it, nothing happens unless
/// `confirmed`; the result says what it unlinks either way.
pub async fn remove_role(core: &Core, portal: &Portal, query: &str, confirmed: bool) -> Result<RoleRemoval> {
    let model = model(core, portal).await?;
    let role = find_role(&model, query)?.clone();
    let mut removal = RoleRemoval {
        table_permissions: model
            .table_permissions
            .iter()
            .filter(|p| p.role_ids.contains(&role.id))
            .map(|p| p.name.clone())
            .collect(),
        page_rules: model.page_rules.iter().filter(|p| p.role_ids.contains(&role.id)).map(|p| p.name.clone()).collect(),
        website_access: model
            .website_access
            .iter()
            .filter(|p| p.role_ids.contains(&role.id))
            .map(|p| p.name.clone())
            .collect(),
        members: core.store().role_members(role.id).await?.len() as u32,
        role,
        removed: false,
    };
    let linked = removal.table_permissions.len()
        + removal.page_rules.len()
        + removal.website_access.len()
        + removal.members as usize;
    if linked > 0 && !confirmed {
        return Err(Error::ConfirmationRequired(format!(
            "web role \"{}\" is used by {} table permission(s), {} page rule(s), {} website access record(s) and {} contact(s); removing it unlinks them. Confirm to remove it",
            removal.role.name,
            removal.table_permissions.len(),
            removal.page_rules.len(),
            removal.website_access.len(),
            removal.members
        )));
    }
    // Links go with the role (ON DELETE CASCADE); the linked records' audit shows the change.
    let mut changes = Vec::new();
    for p in model.table_permissions.iter().filter(|p| p.role_ids.contains(&removal.role.id)) {
        let mut after = p.clone();
        after.role_ids.retain(|r| *r != removal.role.id);
        changes.push(AccessChange::Save {
            before: Some(AccessRecord::Permission(p.clone())),
            after: AccessRecord::Permission(after),
        });
    }
    for p in model.page_rules.iter().filter(|p| p.role_ids.contains(&removal.role.id)) {
        let mut after = p.clone();
        after.role_ids.retain(|r| *r != removal.role.id);
        changes.push(AccessChange::Save {
            before: Some(AccessRecord::PageRule(p.clone())),
            after: AccessRecord::PageRule(after),
        });
    }
    for p in model.website_access.iter().filter(|p| p.role_ids.contains(&removal.role.id)) {
        let mut after = p.clone();
        after.role_ids.retain(|r| *r != removal.role.id);
        changes.push(AccessChange::Save {
            before: Some(AccessRecord::WebsiteAccess(p.clone())),
            after: AccessRecord::WebsiteAccess(after),
        });
    }
    changes.push(AccessChange::Delete(AccessRecord::Role(removal.role.clone())));
    write(core, portal, changes).await?;
    removal.removed = true;
    Ok(removal)
}

/// Adds or changes a table permission (nil id: new) after checking its scope's needs, its
/// roles and its parent chain.
pub async fn save_permission(core: &Core, portal: &Portal, mut permission: TablePermission) -> Result<TablePermission> {
    let model = model(core, portal).await?;
    permission.id = fresh(permission.id);
    permission.name = permission.name.trim().to_owned();
    permission.table = permission.table.trim().to_owned();
    for rel in [
        &mut permission.contact_relationship,
        &mut permission.account_relationship,
        &mut permission.parent_relationship,
    ] {
        *rel = rel.take().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    }
    permission.role_ids.dedup();
    permission.validate(&model)?;
    let before = model.table_permissions.iter().find(|p| p.id == permission.id).cloned();
    if before.as_ref() == Some(&permission) {
        return Ok(permission);
    }
    write(
        core,
        portal,
        vec![AccessChange::Save {
            before: before.map(AccessRecord::Permission),
            after: AccessRecord::Permission(permission.clone()),
        }],
    )
    .await?;
    Ok(permission)
}

/// Removes a table permission; its child permissions (Parent scope) go with it, as in Dataverse.
/// Returns the names of everything removed.
pub async fn remove_permission(core: &Core, portal: &Portal, query: &str) -> Result<Vec<String>> {
    let model = model(core, portal).await?;
    let doomed = find_permission(&model, query)?.clone();
    let mut gone = vec![doomed.clone()];
    let mut i = 0;
    while i < gone.len() {
        let id = gone[i].id;
        let children: Vec<TablePermission> = model
            .table_permissions
            .iter()
            .filter(|p| p.parent_id == Some(id) && !gone.iter().any(|g| g.id == p.id))
            .cloned()
            .collect();
        gone.extend(children);
        i += 1;
    }
    let names = gone.iter().map(|p| p.name.clone()).collect();
    let changes = gone.into_iter().rev().map(|p| AccessChange::Delete(AccessRecord::Permission(p))).collect();
    write(core, portal, changes).await?;
    Ok(names)
}

/// Adds or changes a page access rule (nil id: new). A rule may have no page.
pub async fn save_page_rule(core: &Core, portal: &Portal, mut rule: PageRule) -> Result<PageRule> {
    let model = model(core, portal).await?;
    rule.id = fresh(rule.id);
    let mut e = ValidationErrors::default();
    rule.name = required_text(&mut e, "name", &rule.name, 200, "A rule name");
    rule.description = optional_text(&mut e, "description", rule.description.as_deref(), 2000, "The description");
    if let PageRight::Unknown(c) = rule.right {
        e.push(
            "right",
            FieldErrorCode::InvalidValue,
            format!("Right {c} is not Grant Change (1) or Restrict Read (2)."),
        );
    }
    if let PageRuleScope::Unknown(c) = rule.scope {
        e.push(
            "scope",
            FieldErrorCode::InvalidValue,
            format!("Scope {c} is not All content (1) or Exclude direct child web files (2)."),
        );
    }
    if let Some(page) = rule.page_id {
        let known = model.pages.iter().any(|p| p.id == page);
        let unchanged = model.page_rules.iter().any(|r| r.id == rule.id && r.page_id == Some(page));
        if !known && !unchanged {
            e.push("page_id", FieldErrorCode::InvalidValue, format!("There is no web page {page} in this portal."));
        }
    }
    check_roles(&model, &rule.role_ids, &mut e);
    e.into_result(())?;
    let before = model.page_rules.iter().find(|r| r.id == rule.id).cloned();
    write(
        core,
        portal,
        vec![AccessChange::Save {
            before: before.map(AccessRecord::PageRule),
            after: AccessRecord::PageRule(rule.clone()),
        }],
    )
    .await?;
    Ok(rule)
}

pub async fn remove_page_rule(core: &Core, portal: &Portal, id: Uuid) -> Result<PageRule> {
    let model = model(core, portal).await?;
    let rule = model
        .page_rules
        .iter()
        .find(|r| r.id == id)
        .cloned()
        .ok_or_else(|| Error::AccessRecordNotFound(id.to_string()))?;
    write(core, portal, vec![AccessChange::Delete(AccessRecord::PageRule(rule.clone()))]).await?;
    Ok(rule)
}

/// Adds or changes a web page (nil id: new); parents must exist and not make a loop.
pub async fn save_page(core: &Core, portal: &Portal, mut page: WebPage) -> Result<WebPage> {
    let model = model(core, portal).await?;
    page.id = fresh(page.id);
    let mut e = ValidationErrors::default();
    page.name = required_text(&mut e, "name", &page.name, 200, "A page name");
    page.partial_url = page.partial_url.trim().to_owned();
    if let Some(parent) = page.parent_id {
        if !model.pages.iter().any(|p| p.id == parent) {
            e.push("parent_id", FieldErrorCode::InvalidValue, format!("There is no web page {parent} in this portal."));
        } else {
            let mut current = Some(parent);
            while let Some(id) = current {
                if id == page.id {
                    e.push(
                        "parent_id",
                        FieldErrorCode::InvalidValue,
                        "That parent is the page itself or one of its children.",
                    );
                    break;
                }
                current = model.pages.iter().find(|p| p.id == id).and_then(|p| p.parent_id);
            }
        }
    }
    e.into_result(())?;
    let before = model.pages.iter().find(|p| p.id == page.id).cloned();
    write(
        core,
        portal,
        vec![AccessChange::Save { before: before.map(AccessRecord::Page), after: AccessRecord::Page(page.clone()) }],
    )
    .await?;
    Ok(page)
}

/// Adds or changes a website access record (nil id: new).
pub async fn save_website_access(core: &Core, portal: &Portal, mut access: WebsiteAccess) -> Result<WebsiteAccess> {
    let model = model(core, portal).await?;
    access.id = fresh(access.id);
    let mut e = ValidationErrors::default();
    access.name = required_text(&mut e, "name", &access.name, 100, "A name");
    check_roles(&model, &access.role_ids, &mut e);
    e.into_result(())?;
    let before = model.website_access.iter().find(|a| a.id == access.id).cloned();
    write(
        core,
        portal,
        vec![AccessChange::Save {
            before: before.map(AccessRecord::WebsiteAccess),
            after: AccessRecord::WebsiteAccess(access.clone()),
        }],
    )
    .await?;
    Ok(access)
}

pub async fn remove_website_access(core: &Core, portal: &Portal, id: Uuid) -> Result<WebsiteAccess> {
    let model = model(core, portal).await?;
    let access = model
        .website_access
        .iter()
        .find(|a| a.id == id)
        .cloned()
        .ok_or_else(|| Error::AccessRecordNotFound(id.to_string()))?;
    write(core, portal, vec![AccessChange::Delete(AccessRecord::WebsiteAccess(access.clone()))]).await?;
    Ok(access)
}

/// The effective access of a principal.
/// A contact as the effective-access principal: its own roles (the authenticated users role is
/// added by the rule itself).
pub fn principal_of(contact: &crate::domain::contacts::Contact) -> Principal {
    Principal::Contact { contact: contact.display_name(), role_ids: contact.role_ids.clone() }
}

pub async fn effective_access(core: &Core, portal: &Portal, principal: &Principal) -> Result<EffectiveAccess> {
    let model = model(core, portal).await?;
    if let Principal::Role { role_id } = principal {
        if !model.roles.iter().any(|r| r.id == *role_id) {
            return Err(Error::AccessRecordNotFound(role_id.to_string()));
        }
    }
    Ok(effective(&model, principal))
}
