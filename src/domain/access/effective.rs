//! Effective access of a contact, a role or an anonymous visitor: per table the union of
//! privileges with the permissions that grant them (there is no deny), and per page read and
//! change with the rule that decides it (restrict-read rules are inherited by child pages).
//! Also the posture warnings about risky or useless access records.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use super::model::*;

/// Whose access to compute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Principal {
    /// A visitor who is not signed in: the anonymous users role.
    Anonymous,
    /// Exactly one role's own grants.
    Role { role_id: Uuid },
    /// A signed-in contact: its roles plus the authenticated users role.
    Contact { contact: String, role_ids: Vec<Uuid> },
}

/// A permission that applies to the principal on a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Grant {
    pub permission_id: Uuid,
    pub permission_name: String,
    pub scope: Scope,
    pub scope_name: String,
    pub privileges: Privileges,
    /// The principal's roles through which it applies.
    pub via_roles: Vec<String>,
    /// For Parent scope: the parent permissions' names, nearest first.
    pub parent_chain: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PrivilegeAccess {
    pub privilege: Privilege,
    pub granted: bool,
    /// The permissions (in `TableAccess::grants`) that grant it.
    pub granted_by: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TableAccess {
    pub table: String,
    /// All six privileges, in order.
    pub privileges: Vec<PrivilegeAccess>,
    /// Every permission of the principal on this table (the union of their privileges counts).
    pub grants: Vec<Grant>,
}

/// A read or change decision on a page and the rule that decides it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PageDecision {
    pub allowed: bool,
    pub rule_id: Option<Uuid>,
    pub rule_name: Option<String>,
    /// The rule sits on an ancestor page.
    pub inherited_from: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PageAccess {
    pub page_id: Uuid,
    pub page_name: String,
    pub partial_url: String,
    pub depth: u32,
    pub read: PageDecision,
    pub change: PageDecision,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct WebsiteAccessGrant {
    pub manage_content_snippets: bool,
    pub manage_site_markers: bool,
    pub manage_web_link_sets: bool,
    pub preview_unpublished_entities: bool,
    /// The website access records that apply.
    pub from: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EffectiveAccess {
    pub principal: Principal,
    /// The roles that count, by name.
    pub roles: Vec<String>,
    pub tables: Vec<TableAccess>,
    pub pages: Vec<PageAccess>,
    pub website_access: WebsiteAccessGrant,
}

/// The active roles that apply to a principal.
pub fn roles_of(model: &AccessModel, principal: &Principal) -> Vec<Uuid> {
    let active: HashMap<Uuid, &WebRole> = model.roles.iter().filter(|r| r.active).map(|r| (r.id, r)).collect();
    let mut ids: Vec<Uuid> = match principal {
        Principal::Anonymous => {
            model.roles.iter().filter(|r| r.active && r.anonymous_users_role).map(|r| r.id).collect()
        }
        Principal::Role { role_id } => vec![*role_id],
        Principal::Contact { role_ids, .. } => {
            let mut ids: Vec<Uuid> = role_ids.iter().copied().filter(|id| active.contains_key(id)).collect();
            ids.extend(model.roles.iter().filter(|r| r.active && r.authenticated_users_role).map(|r| r.id));
            ids
        }
    };
    let mut seen = HashSet::new();
    ids.retain(|id| seen.insert(*id));
    ids
}

/// Computes the effective access of `principal`.
pub fn effective(model: &AccessModel, principal: &Principal) -> EffectiveAccess {
    let role_ids = roles_of(model, principal);
    let role_set: HashSet<Uuid> = role_ids.iter().copied().collect();
    let role_name: HashMap<Uuid, &str> = model.roles.iter().map(|r| (r.id, r.name.as_str())).collect();
    let names = |ids: &[Uuid]| -> Vec<String> {
        ids.iter()
            .filter(|id| role_set.contains(id))
            .map(|id| role_name.get(id).copied().unwrap_or("?").to_owned())
            .collect()
    };

    // Tables: the union of privileges over every active permission of the principal's roles.
    let by_id: HashMap<Uuid, &TablePermission> = model.table_permissions.iter().map(|p| (p.id, p)).collect();
    let mut by_table: BTreeMap<&str, Vec<Grant>> = BTreeMap::new();
    for p in model.table_permissions.iter().filter(|p| p.active && p.privileges.any()) {
        if !p.role_ids.iter().any(|r| role_set.contains(r)) {
            continue;
        }
        let parent_chain: Vec<String> = if p.scope == Scope::Parent {
            chain_of(&by_id, p.id).iter().map(|id| by_id.get(id).map_or("?", |x| x.name.as_str()).to_owned()).collect()
        } else {
            Vec::new()
        };
        by_table.entry(p.table.as_str()).or_default().push(Grant {
            permission_id: p.id,
            permission_name: p.name.clone(),
            scope: p.scope,
            scope_name: p.scope.name(),
            privileges: p.privileges,
            via_roles: names(&p.role_ids),
            parent_chain,
        });
    }
    let tables = by_table
        .into_iter()
        .map(|(table, grants)| TableAccess {
            table: table.to_owned(),
            privileges: Privilege::ALL
                .iter()
                .map(|privilege| {
                    let granted_by: Vec<Uuid> =
                        grants.iter().filter(|g| g.privileges.has(*privilege)).map(|g| g.permission_id).collect();
                    PrivilegeAccess { privilege: *privilege, granted: !granted_by.is_empty(), granted_by }
                })
                .collect(),
            grants,
        })
        .collect();

    let pages = page_access(model, &role_set);

    let mut wa = WebsiteAccessGrant {
        manage_content_snippets: false,
        manage_site_markers: false,
        manage_web_link_sets: false,
        preview_unpublished_entities: false,
        from: Vec::new(),
    };
    for a in model.website_access.iter().filter(|a| a.active && a.role_ids.iter().any(|r| role_set.contains(r))) {
        wa.manage_content_snippets |= a.manage_content_snippets;
        wa.manage_site_markers |= a.manage_site_markers;
        wa.manage_web_link_sets |= a.manage_web_link_sets;
        wa.preview_unpublished_entities |= a.preview_unpublished_entities;
        wa.from.push(a.name.clone());
    }

    EffectiveAccess { principal: principal.clone(), roles: names(&role_ids), tables, pages, website_access: wa }
}

/// The parents of a permission, nearest first, through an id index (stops at loops).
fn chain_of(by_id: &HashMap<Uuid, &TablePermission>, id: Uuid) -> Vec<Uuid> {
    let mut chain = Vec::new();
    let mut current = id;
    while let Some(parent) = by_id.get(&current).and_then(|p| p.parent_id) {
        if parent == id || chain.contains(&parent) || !by_id.contains_key(&parent) {
            break;
        }
        chain.push(parent);
        current = parent;
    }
    chain
}

/// Read and change of every page, in tree order.
fn page_access(model: &AccessModel, roles: &HashSet<Uuid>) -> Vec<PageAccess> {
    let by_id: HashMap<Uuid, &WebPage> = model.pages.iter().map(|p| (p.id, p)).collect();
    let mut rules_on: HashMap<Uuid, Vec<&PageRule>> = HashMap::new();
    for r in model.page_rules.iter().filter(|r| r.active) {
        if let Some(page) = r.page_id {
            rules_on.entry(page).or_default().push(r);
        }
    }
    fn ancestry<'a>(by_id: &HashMap<Uuid, &'a WebPage>, page: &'a WebPage) -> Vec<&'a WebPage> {
        let mut chain = vec![page];
        let mut current = page;
        while let Some(parent) = current.parent_id.and_then(|id| by_id.get(&id).copied()) {
            if chain.iter().any(|p| p.id == parent.id) {
                break;
            }
            chain.push(parent);
            current = parent;
        }
        chain
    }
    let mut out = Vec::new();
    for page in tree_order(model) {
        let chain = ancestry(&by_id, page);
        let inherited = |p: &WebPage| (p.id != page.id).then(|| p.name.clone());
        // Read: every level's restrict-read rules must let one of the roles in.
        let mut read = PageDecision {
            allowed: true,
            rule_id: None,
            rule_name: None,
            inherited_from: None,
            reason: "No Restrict Read rule applies: everyone can read it.".into(),
        };
        let mut granted_by: Option<(&PageRule, &WebPage)> = None;
        for level in &chain {
            let restricts: Vec<&&PageRule> = rules_on
                .get(&level.id)
                .map(|v| v.iter().filter(|r| r.right == PageRight::RestrictRead).collect())
                .unwrap_or_default();
            if restricts.is_empty() {
                continue;
            }
            match restricts.iter().find(|r| r.role_ids.iter().any(|id| roles.contains(id))) {
                Some(r) => {
                    if granted_by.is_none() {
                        granted_by = Some((r, level));
                    }
                }
                None => {
                    let r = restricts[0];
                    read = PageDecision {
                        allowed: false,
                        rule_id: Some(r.id),
                        rule_name: Some(r.name.clone()),
                        inherited_from: inherited(level),
                        reason: format!(
                            "Restrict Read rule \"{}\" on {} lets only its roles read, and none of them applies.",
                            r.name, level.name
                        ),
                    };
                    granted_by = None;
                    break;
                }
            }
        }
        if let (true, Some((r, level))) = (read.allowed, granted_by) {
            read = PageDecision {
                allowed: true,
                rule_id: Some(r.id),
                rule_name: Some(r.name.clone()),
                inherited_from: inherited(level),
                reason: format!("Restrict Read rule \"{}\" on {} includes one of the roles.", r.name, level.name),
            };
        }
        // Change: a grant-change rule on the page or an ancestor with one of the roles.
        let mut change = PageDecision {
            allowed: false,
            rule_id: None,
            rule_name: None,
            inherited_from: None,
            reason: "No Grant Change rule on this page or its parents includes one of the roles.".into(),
        };
        'levels: for level in &chain {
            for r in rules_on.get(&level.id).into_iter().flatten().filter(|r| r.right == PageRight::GrantChange) {
                if r.role_ids.iter().any(|id| roles.contains(id)) {
                    change = PageDecision {
                        allowed: true,
                        rule_id: Some(r.id),
                        rule_name: Some(r.name.clone()),
                        inherited_from: inherited(level),
                        reason: format!(
                            "Grant Change rule \"{}\" on {} includes one of the roles.",
                            r.name, level.name
                        ),
                    };
                    break 'levels;
                }
            }
        }
        out.push(PageAccess {
            page_id: page.id,
            page_name: page.name.clone(),
            partial_url: page.partial_url.clone(),
            depth: (chain.len() - 1) as u32,
            read,
            change,
        });
    }
    out
}

/// Pages depth-first from the roots, children by name.
pub fn tree_order(model: &AccessModel) -> Vec<&WebPage> {
    let ids: HashSet<Uuid> = model.pages.iter().map(|p| p.id).collect();
    let mut children: HashMap<Option<Uuid>, Vec<&WebPage>> = HashMap::new();
    for p in &model.pages {
        let parent = p.parent_id.filter(|id| ids.contains(id) && *id != p.id);
        children.entry(parent).or_default().push(p);
    }
    for list in children.values_mut() {
        list.sort_by_key(|p| p.name.to_lowercase());
    }
    let mut out = Vec::new();
    let mut stack: Vec<&WebPage> = children.get(&None).cloned().unwrap_or_default().into_iter().rev().collect();
    let mut seen = HashSet::new();
    while let Some(p) = stack.pop() {
        if !seen.insert(p.id) {
            continue;
        }
        out.push(p);
        if let Some(kids) = children.get(&Some(p.id)) {
            stack.extend(kids.iter().rev());
        }
    }
    // Pages caught in a parent loop are still listed.
    out.extend(model.pages.iter().filter(|p| !seen.contains(&p.id)));
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PostureSeverity {
    Info,
    Warning,
    Error,
}

/// Something risky or useless in the access records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PostureWarning {
    pub severity: PostureSeverity,
    pub code: String,
    pub subject: String,
    pub message: String,
}

/// The posture warnings of a portal's access records, most severe first.
pub fn posture(model: &AccessModel) -> Vec<PostureWarning> {
    let mut out = Vec::new();
    let mut warn = |severity, code: &str, subject: &str, message: String| {
        out.push(PostureWarning { severity, code: code.into(), subject: subject.into(), message })
    };
    let anonymous: HashSet<Uuid> =
        model.roles.iter().filter(|r| r.active && r.anonymous_users_role).map(|r| r.id).collect();
    for p in model.table_permissions.iter().filter(|p| p.active) {
        if p.role_ids.iter().any(|r| anonymous.contains(r)) {
            let risky: Vec<&str> =
                [(p.privileges.write, "write"), (p.privileges.create, "create"), (p.privileges.delete, "delete")]
                    .iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, n)| *n)
                    .collect();
            if !risky.is_empty() {
                warn(
                    PostureSeverity::Error,
                    "anonymous_can_change",
                    &p.name,
                    format!("Anonymous visitors can {} {} records through \"{}\".", risky.join(", "), p.table, p.name),
                );
            }
            if p.scope == Scope::Global && p.privileges.read {
                warn(
                    PostureSeverity::Warning,
                    "anonymous_global_read",
                    &p.name,
                    format!(
                        "Anonymous visitors can read every {} record (Global read through \"{}\").",
                        p.table, p.name
                    ),
                );
            }
        }
        if p.role_ids.is_empty() {
            warn(
                PostureSeverity::Info,
                "permission_without_role",
                &p.name,
                format!("\"{}\" has no web role, so it grants nothing.", p.name),
            );
        }
    }
    for p in model.table_permissions.iter().filter(|p| !p.active && !p.role_ids.is_empty()) {
        warn(
            PostureSeverity::Info,
            "inactive_permission_with_roles",
            &p.name,
            format!(
                "\"{}\" is inactive but still linked to {} role(s); reactivating it grants access again.",
                p.name,
                p.role_ids.len()
            ),
        );
    }
    for p in &model.table_permissions {
        if p.parent_id.is_some() && parent_chain(model, p.id).contains(&p.id) || p.parent_id == Some(p.id) {
            warn(
                PostureSeverity::Error,
                "parent_cycle",
                &p.name,
                format!("\"{}\" is part of a parent-permission cycle.", p.name),
            );
        }
    }
    for (flag, code, what) in [
        (true, "several_anonymous_roles", "anonymous users"),
        (false, "several_authenticated_roles", "authenticated users"),
    ] {
        let marked: Vec<&str> = model
            .roles
            .iter()
            .filter(|r| r.active && if flag { r.anonymous_users_role } else { r.authenticated_users_role })
            .map(|r| r.name.as_str())
            .collect();
        if marked.len() > 1 {
            warn(PostureSeverity::Warning, code, &marked.join(", "), format!("{} roles are marked as the {what} role ({}); a portal should have one, and every one of them applies.", marked.len(), marked.join(", ")));
        }
    }
    for r in model.roles.iter().filter(|r| r.active) {
        let grants =
            model.table_permissions.iter().any(|p| p.active && p.privileges.any() && p.role_ids.contains(&r.id))
                || model.page_rules.iter().any(|x| x.active && x.role_ids.contains(&r.id))
                || model.website_access.iter().any(|a| a.active && a.role_ids.contains(&r.id));
        if !grants {
            warn(
                PostureSeverity::Info,
                "role_grants_nothing",
                &r.name,
                format!(
                    "Web role \"{}\" grants nothing: no active table permission, page rule or website access uses it.",
                    r.name
                ),
            );
        }
    }
    out.sort_by_key(|w| std::cmp::Reverse(w.severity));
    out
}
