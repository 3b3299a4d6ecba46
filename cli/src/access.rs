//! `role`, `permission`, `page-rule`, `page`, `website-access` and `access` subcommands: thin
//! adapters over `ops::access`.

use anyhow::Context;
use clap::{Args, Subcommand};
use portal_admin::domain::access::*;
use portal_admin::ops::{self, Core};
use uuid::Uuid;

use crate::output::Output;
use crate::settings::PortalArg;

#[derive(Args)]
pub struct RoleFields {
    /// Role name
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    description: Option<String>,
    /// Make it (true) or stop it being (false) the anonymous users role
    #[arg(long, value_name = "BOOL")]
    anonymous: Option<bool>,
    /// Make it (true) or stop it being (false) the authenticated users role
    #[arg(long, value_name = "BOOL")]
    authenticated: Option<bool>,
    #[arg(long, value_name = "BOOL")]
    active: Option<bool>,
}

#[derive(Subcommand)]
pub enum RoleCommand {
    /// Every web role with what it grants
    List {
        #[command(flatten)]
        portal: PortalArg,
    },
    Add {
        #[command(flatten)]
        portal: PortalArg,
        #[command(flatten)]
        fields: RoleFields,
    },
    Edit {
        #[command(flatten)]
        portal: PortalArg,
        /// The role: name or id
        role: String,
        #[command(flatten)]
        fields: RoleFields,
    },
    /// Remove a role; --yes is needed when permissions, rules or website access use it
    Remove {
        #[command(flatten)]
        portal: PortalArg,
        role: String,
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args)]
pub struct PermissionFields {
    #[arg(long)]
    name: Option<String>,
    /// Table logical name (e.g. incident)
    #[arg(long)]
    table: Option<String>,
    /// global, contact, account, parent, self, or a numeric code
    #[arg(long)]
    scope: Option<String>,
    /// Privileges, comma-separated: read,write,create,delete,append,appendto (replaces the set)
    #[arg(long, value_delimiter = ',')]
    privileges: Option<Vec<String>>,
    #[arg(long)]
    contact_relationship: Option<String>,
    #[arg(long)]
    account_relationship: Option<String>,
    /// Parent permission (name or id), for Parent scope
    #[arg(long)]
    parent: Option<String>,
    #[arg(long)]
    parent_relationship: Option<String>,
    /// Web roles (names or ids), comma-separated (replaces the set)
    #[arg(long, value_delimiter = ',')]
    roles: Option<Vec<String>>,
    #[arg(long, value_name = "BOOL")]
    active: Option<bool>,
}

#[derive(Subcommand)]
pub enum PermissionCommand {
    List {
        #[command(flatten)]
        portal: PortalArg,
    },
    Add {
        #[command(flatten)]
        portal: PortalArg,
        #[command(flatten)]
        fields: PermissionFields,
    },
    Edit {
        #[command(flatten)]
        portal: PortalArg,
        /// The permission: name or id
        permission: String,
        #[command(flatten)]
        fields: PermissionFields,
    },
    /// Remove a permission (and, as in Dataverse, its child permissions)
    Remove {
        #[command(flatten)]
        portal: PortalArg,
        permission: String,
    },
}

#[derive(Subcommand)]
pub enum PageCommand {
    /// The page tree
    List {
        #[command(flatten)]
        portal: PortalArg,
    },
    Add {
        #[command(flatten)]
        portal: PortalArg,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        partial_url: String,
        /// Parent page: name or id
        #[arg(long)]
        parent: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum PageRuleCommand {
    List {
        #[command(flatten)]
        portal: PortalArg,
    },
    Add {
        #[command(flatten)]
        portal: PortalArg,
        #[arg(long)]
        name: String,
        /// grant-change or restrict-read
        #[arg(long)]
        right: String,
        /// The page: name or id (omit for a rule without a page)
        #[arg(long)]
        page: Option<String>,
        /// Exclude direct child web files (scope 2) instead of all content (1)
        #[arg(long)]
        exclude_direct_child_web_files: bool,
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
    },
    Remove {
        #[command(flatten)]
        portal: PortalArg,
        /// Rule name or id
        rule: String,
    },
}

#[derive(Subcommand)]
pub enum WebsiteAccessCommand {
    List {
        #[command(flatten)]
        portal: PortalArg,
    },
    Add {
        #[command(flatten)]
        portal: PortalArg,
        #[arg(long)]
        name: String,
        #[arg(long)]
        manage_content_snippets: bool,
        #[arg(long)]
        manage_site_markers: bool,
        #[arg(long)]
        manage_web_link_sets: bool,
        #[arg(long)]
        preview_unpublished_entities: bool,
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
    },
    Remove {
        #[command(flatten)]
        portal: PortalArg,
        /// Name or id
        access: String,
    },
}

#[derive(Subcommand)]
pub enum AccessCommand {
    /// Effective permissions of a role, an anonymous visitor, or a set of roles as a contact has them
    Effective {
        #[command(flatten)]
        portal: PortalArg,
        #[arg(long, conflicts_with_all = ["anonymous", "contact_roles", "contact"])]
        role: Option<String>,
        #[arg(long, conflicts_with = "contact")]
        anonymous: bool,
        /// A contact (id, e-mail, user name or full name): its roles plus the authenticated users role
        #[arg(long, conflicts_with = "contact_roles")]
        contact: Option<String>,
        /// A signed-in contact with these roles (names or ids, comma-separated; the authenticated users role is added)
        #[arg(long, value_delimiter = ',', num_args = 0.., conflicts_with = "anonymous")]
        contact_roles: Option<Vec<String>>,
    },
    /// Posture warnings: risky anonymous access, orphan permissions, idle roles
    Check {
        #[command(flatten)]
        portal: PortalArg,
    },
}

fn role_ids(model: &AccessModel, names: &[String]) -> anyhow::Result<Vec<Uuid>> {
    names.iter().filter(|n| !n.trim().is_empty()).map(|n| Ok(ops::access::find_role(model, n)?.id)).collect()
}

fn page_id(model: &AccessModel, query: &str) -> anyhow::Result<Uuid> {
    Ok(ops::access::find_page(model, query)?.id)
}

fn privileges(list: &[String]) -> anyhow::Result<Privileges> {
    let mut p = Privileges::default();
    for name in list.iter().filter(|n| !n.trim().is_empty()) {
        let privilege = Privilege::parse(name).with_context(|| {
            format!("\"{name}\" is not a privilege (read, write, create, delete, append, appendto)")
        })?;
        p.set(privilege, true);
    }
    Ok(p)
}

pub async fn role(core: &Core, command: RoleCommand, out: &Output) -> anyhow::Result<u8> {
    match command {
        RoleCommand::List { portal } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            if out.is_json() {
                out.print_json(&model.roles)?;
            } else {
                for r in &model.roles {
                    let mut tags = Vec::new();
                    if r.anonymous_users_role {
                        tags.push("anonymous users role");
                    }
                    if r.authenticated_users_role {
                        tags.push("authenticated users role");
                    }
                    if !r.active {
                        tags.push("inactive");
                    }
                    let perms = model.table_permissions.iter().filter(|x| x.role_ids.contains(&r.id)).count();
                    println!(
                        "{}  {}{}  ({perms} table permissions)",
                        r.id,
                        r.name,
                        if tags.is_empty() { String::new() } else { format!(" [{}]", tags.join(", ")) }
                    );
                }
            }
            Ok(0)
        }
        RoleCommand::Add { portal, fields } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let role = WebRole {
                id: Uuid::nil(),
                name: fields.name.unwrap_or_default(),
                description: fields.description,
                anonymous_users_role: fields.anonymous.unwrap_or(false),
                authenticated_users_role: fields.authenticated.unwrap_or(false),
                active: fields.active.unwrap_or(true),
            };
            out.print_value(&ops::access::save_role(core, &p, role).await?, |r| {
                format!("Added web role {} ({}).", r.name, r.id)
            })?;
            Ok(0)
        }
        RoleCommand::Edit { portal, role, fields } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            let mut r = ops::access::find_role(&model, &role)?.clone();
            if let Some(v) = fields.name {
                r.name = v;
            }
            if let Some(v) = fields.description {
                r.description = Some(v);
            }
            if let Some(v) = fields.anonymous {
                r.anonymous_users_role = v;
            }
            if let Some(v) = fields.authenticated {
                r.authenticated_users_role = v;
            }
            if let Some(v) = fields.active {
                r.active = v;
            }
            out.print_value(&ops::access::save_role(core, &p, r).await?, |r| format!("Saved web role {}.", r.name))?;
            Ok(0)
        }
        RoleCommand::Remove { portal, role, yes } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let removal = ops::access::remove_role(core, &p, &role, yes).await?;
            out.print_value(&removal, |r| {
                format!(
                    "Removed web role {}; unlinked {} table permission(s), {} page rule(s), {} website access record(s).",
                    r.role.name,
                    r.table_permissions.len(),
                    r.page_rules.len(),
                    r.website_access.len()
                )
            })?;
            Ok(0)
        }
    }
}

/// A permission as `permission list --json` prints it: scope as name and code, role names.
#[derive(serde::Serialize)]
struct PermissionOut<'a> {
    id: Uuid,
    name: &'a str,
    table: &'a str,
    scope: String,
    scope_code: i32,
    privileges: Vec<Privilege>,
    roles: Vec<String>,
    parent: Option<String>,
    parent_relationship: Option<&'a str>,
    contact_relationship: Option<&'a str>,
    account_relationship: Option<&'a str>,
    active: bool,
}

fn permission_out<'a>(model: &'a AccessModel, p: &'a TablePermission) -> PermissionOut<'a> {
    PermissionOut {
        id: p.id,
        name: &p.name,
        table: &p.table,
        scope: p.scope.name(),
        scope_code: p.scope.code(),
        privileges: p.privileges.list(),
        roles: p
            .role_ids
            .iter()
            .map(|id| model.roles.iter().find(|r| r.id == *id).map_or_else(|| id.to_string(), |r| r.name.clone()))
            .collect(),
        parent: p.parent_id.map(|id| {
            model.table_permissions.iter().find(|x| x.id == id).map_or_else(|| id.to_string(), |x| x.name.clone())
        }),
        parent_relationship: p.parent_relationship.as_deref(),
        contact_relationship: p.contact_relationship.as_deref(),
        account_relationship: p.account_relationship.as_deref(),
        active: p.active,
    }
}

fn apply_permission_fields(model: &AccessModel, p: &mut TablePermission, f: PermissionFields) -> anyhow::Result<()> {
    if let Some(v) = f.name {
        p.name = v;
    }
    if let Some(v) = f.table {
        p.table = v;
    }
    if let Some(v) = f.scope {
        p.scope = Scope::parse(&v).with_context(|| {
            format!("\"{v}\" is not a scope (global, contact, account, parent, self or a numeric code)")
        })?;
    }
    if let Some(v) = f.privileges {
        p.privileges = privileges(&v)?;
    }
    if let Some(v) = f.contact_relationship {
        p.contact_relationship = Some(v);
    }
    if let Some(v) = f.account_relationship {
        p.account_relationship = Some(v);
    }
    if let Some(v) = f.parent {
        p.parent_id = if v.trim().is_empty() { None } else { Some(ops::access::find_permission(model, &v)?.id) };
    }
    if let Some(v) = f.parent_relationship {
        p.parent_relationship = Some(v);
    }
    if let Some(v) = f.roles {
        p.role_ids = role_ids(model, &v)?;
    }
    if let Some(v) = f.active {
        p.active = v;
    }
    Ok(())
}

pub async fn permission(core: &Core, command: PermissionCommand, out: &Output) -> anyhow::Result<u8> {
    match command {
        PermissionCommand::List { portal } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            let list: Vec<PermissionOut> = model.table_permissions.iter().map(|x| permission_out(&model, x)).collect();
            if out.is_json() {
                out.print_json(&list)?;
            } else {
                for x in &list {
                    let privileges: Vec<String> =
                        x.privileges.iter().map(|p| format!("{p:?}").to_lowercase()).collect();
                    println!(
                        "{}  {} on {} [{}] {} — roles: {}{}",
                        x.id,
                        x.name,
                        x.table,
                        x.scope,
                        privileges.join(","),
                        x.roles.join(", "),
                        x.parent.as_ref().map(|p| format!(" — parent: {p}")).unwrap_or_default()
                    );
                }
            }
            Ok(0)
        }
        PermissionCommand::Add { portal, fields } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            let mut perm = TablePermission {
                id: Uuid::nil(),
                name: String::new(),
                table: String::new(),
                scope: Scope::Global,
                privileges: Privileges::default(),
                contact_relationship: None,
                account_relationship: None,
                parent_id: None,
                parent_relationship: None,
                active: true,
                role_ids: Vec::new(),
            };
            apply_permission_fields(&model, &mut perm, fields)?;
            let saved = ops::access::save_permission(core, &p, perm).await?;
            let model = ops::access::model(core, &p).await?;
            out.print_value(&permission_out(&model, &saved), |x| {
                format!("Added table permission {} ({}).", x.name, x.id)
            })?;
            Ok(0)
        }
        PermissionCommand::Edit { portal, permission, fields } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            let mut perm = ops::access::find_permission(&model, &permission)?.clone();
            apply_permission_fields(&model, &mut perm, fields)?;
            let saved = ops::access::save_permission(core, &p, perm).await?;
            let model = ops::access::model(core, &p).await?;
            out.print_value(&permission_out(&model, &saved), |x| format!("Saved table permission {}.", x.name))?;
            Ok(0)
        }
        PermissionCommand::Remove { portal, permission } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let removed = ops::access::remove_permission(core, &p, &permission).await?;
            out.print_value(&removed, |r| format!("Removed {}.", r.join(", ")))?;
            Ok(0)
        }
    }
}

pub async fn page(core: &Core, command: PageCommand, out: &Output) -> anyhow::Result<u8> {
    match command {
        PageCommand::List { portal } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            if out.is_json() {
                out.print_json(&model.pages)?;
            } else {
                let effective = effective(&model, &Principal::Anonymous);
                for page in &effective.pages {
                    println!(
                        "{}{}  /{}  {}",
                        "  ".repeat(page.depth as usize),
                        page.page_name,
                        page.partial_url.trim_start_matches('/'),
                        page.page_id
                    );
                }
            }
            Ok(0)
        }
        PageCommand::Add { portal, name, partial_url, parent } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            let parent_id = parent.map(|q| page_id(&model, &q)).transpose()?;
            let page =
                ops::access::save_page(core, &p, WebPage { id: Uuid::nil(), name, partial_url, parent_id }).await?;
            out.print_value(&page, |x| format!("Added web page {} ({}).", x.name, x.id))?;
            Ok(0)
        }
    }
}

pub async fn page_rule(core: &Core, command: PageRuleCommand, out: &Output) -> anyhow::Result<u8> {
    match command {
        PageRuleCommand::List { portal } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            if out.is_json() {
                out.print_json(&model.page_rules)?;
            } else {
                for r in &model.page_rules {
                    let page = r
                        .page_id
                        .and_then(|id| model.pages.iter().find(|p| p.id == id))
                        .map_or("(no page)", |p| p.name.as_str());
                    println!("{}  {} — {:?} on {page}", r.id, r.name, r.right);
                }
            }
            Ok(0)
        }
        PageRuleCommand::Add { portal, name, right, page, exclude_direct_child_web_files, roles } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            let right = PageRight::parse(&right)
                .with_context(|| format!("\"{right}\" is not a right (grant-change or restrict-read)"))?;
            let rule = PageRule {
                id: Uuid::nil(),
                name,
                description: None,
                right,
                scope: if exclude_direct_child_web_files {
                    PageRuleScope::ExcludeDirectChildWebFiles
                } else {
                    PageRuleScope::AllContent
                },
                page_id: page.map(|q| page_id(&model, &q)).transpose()?,
                active: true,
                role_ids: role_ids(&model, &roles)?,
            };
            out.print_value(&ops::access::save_page_rule(core, &p, rule).await?, |x| {
                format!("Added page rule {} ({}).", x.name, x.id)
            })?;
            Ok(0)
        }
        PageRuleCommand::Remove { portal, rule } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            let id = ops::access::find_page_rule(&model, &rule)?.id;
            out.print_value(&ops::access::remove_page_rule(core, &p, id).await?, |x| {
                format!("Removed page rule {}.", x.name)
            })?;
            Ok(0)
        }
    }
}

pub async fn website_access(core: &Core, command: WebsiteAccessCommand, out: &Output) -> anyhow::Result<u8> {
    match command {
        WebsiteAccessCommand::List { portal } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            if out.is_json() {
                out.print_json(&model.website_access)?;
            } else {
                for a in &model.website_access {
                    println!(
                        "{}  {} — snippets {}, site markers {}, web link sets {}, preview {}",
                        a.id,
                        a.name,
                        a.manage_content_snippets,
                        a.manage_site_markers,
                        a.manage_web_link_sets,
                        a.preview_unpublished_entities
                    );
                }
            }
            Ok(0)
        }
        WebsiteAccessCommand::Add {
            portal,
            name,
            manage_content_snippets,
            manage_site_markers,
            manage_web_link_sets,
            preview_unpublished_entities,
            roles,
        } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            let access = WebsiteAccess {
                id: Uuid::nil(),
                name,
                manage_content_snippets,
                manage_site_markers,
                manage_web_link_sets,
                preview_unpublished_entities,
                active: true,
                role_ids: role_ids(&model, &roles)?,
            };
            out.print_value(&ops::access::save_website_access(core, &p, access).await?, |x| {
                format!("Added website access {} ({}).", x.name, x.id)
            })?;
            Ok(0)
        }
        WebsiteAccessCommand::Remove { portal, access } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            let id = ops::access::find_website_access(&model, &access)?.id;
            out.print_value(&ops::access::remove_website_access(core, &p, id).await?, |x| {
                format!("Removed website access {}.", x.name)
            })?;
            Ok(0)
        }
    }
}

pub async fn access(core: &Core, command: AccessCommand, out: &Output) -> anyhow::Result<u8> {
    match command {
        AccessCommand::Effective { portal, role, anonymous, contact, contact_roles } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let model = ops::access::model(core, &p).await?;
            let principal = match (role, anonymous, contact_roles) {
                _ if contact.is_some() => {
                    let c = ops::contacts::find(core, &p, contact.as_deref().unwrap_or_default()).await?;
                    ops::access::principal_of(&c)
                }
                (Some(r), _, _) => Principal::Role { role_id: ops::access::find_role(&model, &r)?.id },
                (None, true, _) => Principal::Anonymous,
                (None, false, Some(roles)) => {
                    Principal::Contact { contact: "(roles given)".into(), role_ids: role_ids(&model, &roles)? }
                }
                (None, false, None) => {
                    anyhow::bail!("say whose access: --contact C, --role R, --anonymous or --contact-roles R1,R2")
                }
            };
            let e = ops::access::effective_access(core, &p, &principal).await?;
            if out.is_json() {
                out.print_json(&e)?;
            } else {
                println!("Roles: {}", if e.roles.is_empty() { "(none)".into() } else { e.roles.join(", ") });
                for t in &e.tables {
                    let granted: Vec<String> = t
                        .privileges
                        .iter()
                        .filter(|x| x.granted)
                        .map(|x| format!("{:?}", x.privilege).to_lowercase())
                        .collect();
                    println!("table {}: {}", t.table, granted.join(", "));
                    for g in &t.grants {
                        let privileges: Vec<String> =
                            g.privileges.list().iter().map(|p| format!("{p:?}").to_lowercase()).collect();
                        println!(
                            "    {} ← \"{}\" ({}) via {}",
                            privileges.join(","),
                            g.permission_name,
                            g.scope_name,
                            g.via_roles.join(", ")
                        );
                    }
                }
                for pg in &e.pages {
                    println!(
                        "{}{}: read {} change {}  ({} / {})",
                        "  ".repeat(pg.depth as usize),
                        pg.page_name,
                        yes(pg.read.allowed),
                        yes(pg.change.allowed),
                        pg.read.reason,
                        pg.change.reason
                    );
                }
            }
            Ok(0)
        }
        AccessCommand::Check { portal } => {
            let p = ops::portal::resolve(core, &portal.portal).await?;
            let overview = ops::access::overview(core, &p).await?;
            if out.is_json() {
                out.print_json(&overview.posture)?;
            } else if overview.posture.is_empty() {
                println!("No posture warnings.");
            } else {
                for w in &overview.posture {
                    println!("{:?}: {}", w.severity, w.message);
                }
            }
            Ok(
                if overview
                    .posture
                    .iter()
                    .any(|w| w.severity == portal_admin::domain::access::effective::PostureSeverity::Error)
                {
                    1
                } else {
                    0
                },
            )
        }
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}
