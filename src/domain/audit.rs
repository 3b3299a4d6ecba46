//! The audit trail's vocabulary: which kind of record changed, how, and the entry itself.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A kind of record in the workspace. Change events name these so the UI refreshes what changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Portal,
    AuthKey,
    SiteSetting,
    ProviderCertificate,
    WebRole,
    WebsiteAccess,
    WebPage,
    PageRule,
    TablePermission,
    Contact,
    Invitation,
    Connection,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Portal => "portal",
            Entity::AuthKey => "auth_key",
            Entity::SiteSetting => "site_setting",
            Entity::ProviderCertificate => "provider_certificate",
            Entity::WebRole => "web_role",
            Entity::WebsiteAccess => "website_access",
            Entity::WebPage => "web_page",
            Entity::PageRule => "page_rule",
            Entity::TablePermission => "table_permission",
            Entity::Contact => "contact",
            Entity::Invitation => "invitation",
            Entity::Connection => "connection",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "portal" => Some(Entity::Portal),
            "auth_key" => Some(Entity::AuthKey),
            "site_setting" => Some(Entity::SiteSetting),
            "provider_certificate" => Some(Entity::ProviderCertificate),
            "web_role" => Some(Entity::WebRole),
            "website_access" => Some(Entity::WebsiteAccess),
            "web_page" => Some(Entity::WebPage),
            "page_rule" => Some(Entity::PageRule),
            "table_permission" => Some(Entity::TablePermission),
            "contact" => Some(Entity::Contact),
            "invitation" => Some(Entity::Invitation),
            "connection" => Some(Entity::Connection),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Created,
    Updated,
    Deleted,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Created => "created",
            AuditAction::Updated => "updated",
            AuditAction::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "created" => Some(AuditAction::Created),
            "updated" => Some(AuditAction::Updated),
            "deleted" => Some(AuditAction::Deleted),
            _ => None,
        }
    }
}

/// One recorded change: who, when, what, and the record before and after (as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub portal_id: Option<String>,
    pub entity: Entity,
    pub entity_id: String,
    pub action: AuditAction,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}
