//! Web roles, website access permissions, web pages, page access rules and table permissions:
//! the records (real column semantics and option-set codes, reference §1.3–1.6) and their
//! validation.

use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::domain::{FieldErrorCode, ValidationErrors};

/// `adx_webrole` / `mspp_webrole`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct WebRole {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    /// Every anonymous visitor has this role (`adx_anonymoususersrole`).
    pub anonymous_users_role: bool,
    /// Every signed-in contact implicitly has this role (`adx_authenticatedusersrole`).
    pub authenticated_users_role: bool,
    pub active: bool,
}

/// `adx_scope` of a table permission: the integer codes of the global choice
/// `adx_entitypermission_adx_scope`. Codes the app does not know are kept as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "scope", content = "code")]
pub enum Scope {
    Global,
    Contact,
    Account,
    Parent,
    #[serde(rename = "self")]
    Self_,
    Unknown(i32),
}

impl Scope {
    pub fn from_code(code: i32) -> Self {
        match code {
            756_150_000 => Scope::Global,
            756_150_001 => Scope::Contact,
            756_150_002 => Scope::Account,
            756_150_003 => Scope::Parent,
            756_150_004 => Scope::Self_,
            other => Scope::Unknown(other),
        }
    }

    pub fn code(self) -> i32 {
        match self {
            Scope::Global => 756_150_000,
            Scope::Contact => 756_150_001,
            Scope::Account => 756_150_002,
            Scope::Parent => 756_150_003,
            Scope::Self_ => 756_150_004,
            Scope::Unknown(c) => c,
        }
    }

    pub fn name(self) -> String {
        match self {
            Scope::Global => "Global".into(),
            Scope::Contact => "Contact".into(),
            Scope::Account => "Account".into(),
            Scope::Parent => "Parent".into(),
            Scope::Self_ => "Self".into(),
            Scope::Unknown(c) => format!("Unknown ({c})"),
        }
    }

    /// Parses a name ("global", "Self") or a code ("756150000").
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim();
        if let Ok(code) = t.parse::<i32>() {
            return Some(Scope::from_code(code));
        }
        match t.to_ascii_lowercase().as_str() {
            "global" => Some(Scope::Global),
            "contact" => Some(Scope::Contact),
            "account" => Some(Scope::Account),
            "parent" => Some(Scope::Parent),
            "self" => Some(Scope::Self_),
            _ => None,
        }
    }

    /// What the scope needs, for people.
    pub fn explain(self) -> &'static str {
        match self {
            Scope::Global => "Global: every record of the table, whoever owns it. Needs nothing else.",
            Scope::Contact => "Contact: records related to the signed-in contact. Needs the contact relationship (schema name of the contact → table relationship).",
            Scope::Account => "Account: records related to the contact's parent account. Needs the account relationship (schema name of the account → table relationship).",
            Scope::Parent => "Parent: records reachable from records another permission grants. Needs the parent permission and the parent relationship (schema name of the parent table → this table relationship).",
            Scope::Self_ => "Self: only the signed-in contact's own record. Only for the contact table.",
            Scope::Unknown(_) => "A scope code this app does not know (for example the preview Custom access type); kept as it is.",
        }
    }
}

/// The six table privileges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Privilege {
    Read,
    Write,
    Create,
    Delete,
    Append,
    AppendTo,
}

impl Privilege {
    pub const ALL: [Privilege; 6] = [
        Privilege::Read,
        Privilege::Write,
        Privilege::Create,
        Privilege::Delete,
        Privilege::Append,
        Privilege::AppendTo,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
            "read" => Some(Self::Read),
            "write" => Some(Self::Write),
            "create" => Some(Self::Create),
            "delete" => Some(Self::Delete),
            "append" => Some(Self::Append),
            "appendto" => Some(Self::AppendTo),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
pub struct Privileges {
    pub read: bool,
    pub write: bool,
    pub create: bool,
    pub delete: bool,
    pub append: bool,
    pub append_to: bool,
}

impl Privileges {
    pub fn has(self, p: Privilege) -> bool {
        match p {
            Privilege::Read => self.read,
            Privilege::Write => self.write,
            Privilege::Create => self.create,
            Privilege::Delete => self.delete,
            Privilege::Append => self.append,
            Privilege::AppendTo => self.append_to,
        }
    }

    pub fn set(&mut self, p: Privilege, on: bool) {
        match p {
            Privilege::Read => self.read = on,
            Privilege::Write => self.write = on,
            Privilege::Create => self.create = on,
            Privilege::Delete => self.delete = on,
            Privilege::Append => self.append = on,
            Privilege::AppendTo => self.append_to = on,
        }
    }

    pub fn any(self) -> bool {
        Privilege::ALL.iter().any(|p| self.has(*p))
    }

    pub fn list(self) -> Vec<Privilege> {
        Privilege::ALL.into_iter().filter(|p| self.has(*p)).collect()
    }
}

/// `adx_entitypermission` / `mspp_entitypermission`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TablePermission {
    pub id: Uuid,
    /// `adx_entityname`: the permission's display name.
    pub name: String,
    /// `adx_entitylogicalname`: the table.
    pub table: String,
    pub scope: Scope,
    pub privileges: Privileges,
    pub contact_relationship: Option<String>,
    pub account_relationship: Option<String>,
    pub parent_id: Option<Uuid>,
    pub parent_relationship: Option<String>,
    pub active: bool,
    pub role_ids: Vec<Uuid>,
}

/// `adx_right` of a page access rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "right", content = "code")]
pub enum PageRight {
    /// 1: members of the rule's roles may change the page and its children.
    GrantChange,
    /// 2: only members of the rule's roles may read the page and its children.
    RestrictRead,
    Unknown(i32),
}

impl PageRight {
    pub fn from_code(code: i32) -> Self {
        match code {
            1 => Self::GrantChange,
            2 => Self::RestrictRead,
            c => Self::Unknown(c),
        }
    }
    pub fn code(self) -> i32 {
        match self {
            Self::GrantChange => 1,
            Self::RestrictRead => 2,
            Self::Unknown(c) => c,
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim();
        if let Ok(c) = t.parse::<i32>() {
            return Some(Self::from_code(c));
        }
        match t.to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
            "grantchange" => Some(Self::GrantChange),
            "restrictread" => Some(Self::RestrictRead),
            _ => None,
        }
    }
}

/// `adx_scope` of a page access rule: 1 all content, 2 exclude direct child web files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "scope", content = "code")]
pub enum PageRuleScope {
    AllContent,
    ExcludeDirectChildWebFiles,
    Unknown(i32),
}

impl PageRuleScope {
    pub fn from_code(code: i32) -> Self {
        match code {
            1 => Self::AllContent,
            2 => Self::ExcludeDirectChildWebFiles,
            c => Self::Unknown(c),
        }
    }
    pub fn code(self) -> i32 {
        match self {
            Self::AllContent => 1,
            Self::ExcludeDirectChildWebFiles => 2,
            Self::Unknown(c) => c,
        }
    }
}

/// A web page, as far as access rules need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct WebPage {
    pub id: Uuid,
    pub name: String,
    pub partial_url: String,
    pub parent_id: Option<Uuid>,
}

/// `adx_webpageaccesscontrolrule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PageRule {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub right: PageRight,
    pub scope: PageRuleScope,
    /// The page it applies to (and its children); none for rules like the out-of-box
    /// "Grant Change to Content".
    pub page_id: Option<Uuid>,
    pub active: bool,
    pub role_ids: Vec<Uuid>,
}

/// `adx_websiteaccess`: front-side editing rights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct WebsiteAccess {
    pub id: Uuid,
    pub name: String,
    pub manage_content_snippets: bool,
    pub manage_site_markers: bool,
    pub manage_web_link_sets: bool,
    pub preview_unpublished_entities: bool,
    pub active: bool,
    pub role_ids: Vec<Uuid>,
}

/// Everything about access of one portal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AccessModel {
    pub roles: Vec<WebRole>,
    pub website_access: Vec<WebsiteAccess>,
    pub pages: Vec<WebPage>,
    pub page_rules: Vec<PageRule>,
    pub table_permissions: Vec<TablePermission>,
}

pub const ROLE_NAME_MAX: usize = 100;
pub const ROLE_DESCRIPTION_MAX: usize = 2000;
pub const PERMISSION_NAME_MAX: usize = 400;
pub const TABLE_NAME_MAX: usize = 250;
pub const RELATIONSHIP_MAX: usize = 1000;
pub const PARENT_RELATIONSHIP_MAX: usize = 200;

pub(crate) fn required_text(errors: &mut ValidationErrors, field: &str, value: &str, max: usize, what: &str) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.push(field, FieldErrorCode::Required, format!("{what} is required."));
    } else if v.chars().count() > max {
        errors.push(
            field,
            FieldErrorCode::TooLong,
            format!("{what} is at most {max} characters ({} given).", v.chars().count()),
        );
    }
    v.to_owned()
}

pub(crate) fn optional_text(
    errors: &mut ValidationErrors,
    field: &str,
    value: Option<&str>,
    max: usize,
    what: &str,
) -> Option<String> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    if v.chars().count() > max {
        errors.push(
            field,
            FieldErrorCode::TooLong,
            format!("{what} is at most {max} characters ({} given).", v.chars().count()),
        );
    }
    Some(v.to_owned())
}

impl WebRole {
    /// Field checks of one role; the one-anonymous/one-authenticated rule needs the others.
    pub fn validate(&self, others: &[WebRole]) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        required_text(&mut e, "name", &self.name, ROLE_NAME_MAX, "A web role name");
        optional_text(&mut e, "description", self.description.as_deref(), ROLE_DESCRIPTION_MAX, "The description");
        let other_active = others.iter().filter(|r| r.id != self.id && r.active);
        if self.active && self.anonymous_users_role {
            if let Some(r) = other_active.clone().find(|r| r.anonymous_users_role) {
                e.push(
                    "anonymous_users_role",
                    FieldErrorCode::Taken,
                    format!("\"{}\" is already the anonymous users role; a portal has at most one.", r.name),
                );
            }
        }
        if self.active && self.authenticated_users_role {
            if let Some(r) = other_active.clone().find(|r| r.authenticated_users_role) {
                e.push(
                    "authenticated_users_role",
                    FieldErrorCode::Taken,
                    format!("\"{}\" is already the authenticated users role; a portal has at most one.", r.name),
                );
            }
        }
        if others.iter().any(|r| r.id != self.id && r.name.trim().eq_ignore_ascii_case(self.name.trim())) {
            e.push("name", FieldErrorCode::Taken, format!("A web role named \"{}\" already exists.", self.name.trim()));
        }
        e.into_result(())
    }
}

impl TablePermission {
    /// Field checks, what the scope needs, known roles, and the parent chain (no cycles).
    pub fn validate(&self, model: &AccessModel) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        required_text(&mut e, "name", &self.name, PERMISSION_NAME_MAX, "A permission name");
        let table = required_text(&mut e, "table", &self.table, TABLE_NAME_MAX, "The table (logical name)");
        if !table.is_empty() && !table.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            e.push("table", FieldErrorCode::InvalidValue, format!("\"{table}\" is not a table logical name (lowercase letters, digits and _ such as contact or adx_invitation)."));
        }
        optional_text(
            &mut e,
            "contact_relationship",
            self.contact_relationship.as_deref(),
            RELATIONSHIP_MAX,
            "The contact relationship",
        );
        optional_text(
            &mut e,
            "account_relationship",
            self.account_relationship.as_deref(),
            RELATIONSHIP_MAX,
            "The account relationship",
        );
        optional_text(
            &mut e,
            "parent_relationship",
            self.parent_relationship.as_deref(),
            PARENT_RELATIONSHIP_MAX,
            "The parent relationship",
        );
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        match self.scope {
            Scope::Contact if blank(&self.contact_relationship) => e.push("contact_relationship", FieldErrorCode::Required, "Contact scope needs the contact relationship: the schema name of the relationship from contact to this table."),
            Scope::Account if blank(&self.account_relationship) => e.push("account_relationship", FieldErrorCode::Required, "Account scope needs the account relationship: the schema name of the relationship from account to this table."),
            Scope::Parent => {
                if self.parent_id.is_none() {
                    e.push("parent_id", FieldErrorCode::Required, "Parent scope needs the parent permission whose records lead to these.");
                }
                if blank(&self.parent_relationship) {
                    e.push("parent_relationship", FieldErrorCode::Required, "Parent scope needs the parent relationship: the schema name of the relationship from the parent's table to this table.");
                }
            }
            Scope::Self_ if table != "contact" && !table.is_empty() => e.push("scope", FieldErrorCode::InvalidValue, format!("Self scope only applies to the contact table, not {table}.")),
            _ => {}
        }
        if self.scope != Scope::Parent && self.parent_id.is_some() {
            e.push(
                "parent_id",
                FieldErrorCode::InvalidValue,
                format!("Only Parent scope has a parent permission ({} scope does not).", self.scope.name()),
            );
        }
        if let Some(parent) = self.parent_id {
            if parent == self.id {
                e.push("parent_id", FieldErrorCode::InvalidValue, "A permission cannot be its own parent.");
            } else if !model.table_permissions.iter().any(|p| p.id == parent) {
                e.push("parent_id", FieldErrorCode::InvalidValue, format!("There is no table permission {parent}."));
            } else if let Some(chain) = cycle_through(model, self.id, parent) {
                e.push(
                    "parent_id",
                    FieldErrorCode::InvalidValue,
                    format!("That parent would make a cycle: {}.", chain.join(" → ")),
                );
            }
        }
        for role in &self.role_ids {
            if !model.roles.iter().any(|r| r.id == *role) {
                e.push("role_ids", FieldErrorCode::InvalidValue, format!("There is no web role {role}."));
            }
        }
        e.into_result(())
    }
}

/// If making `parent` the parent of `id` closes a loop, the names along it.
fn cycle_through(model: &AccessModel, id: Uuid, parent: Uuid) -> Option<Vec<String>> {
    let name = |x: Uuid| {
        model.table_permissions.iter().find(|p| p.id == x).map(|p| p.name.clone()).unwrap_or_else(|| x.to_string())
    };
    let mut chain = vec![name(id), name(parent)];
    let mut current = parent;
    let mut seen = std::collections::HashSet::from([parent]);
    while let Some(next) = model.table_permissions.iter().find(|p| p.id == current).and_then(|p| p.parent_id) {
        chain.push(name(next));
        if next == id {
            return Some(chain);
        }
        if !seen.insert(next) {
            return None; // an existing loop elsewhere; reported by posture warnings
        }
        current = next;
    }
    None
}

/// The chain of parents from a permission up to its root (nearest first), stopping at loops.
pub fn parent_chain(model: &AccessModel, id: Uuid) -> Vec<Uuid> {
    let mut chain = Vec::new();
    let mut current = id;
    while let Some(parent) = model.table_permissions.iter().find(|p| p.id == current).and_then(|p| p.parent_id) {
        if parent == id || chain.contains(&parent) {
            break;
        }
        chain.push(parent);
        current = parent;
    }
    chain
}
