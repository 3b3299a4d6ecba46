//! Portals found in a tenant: what the workspace records of each portal's site (its connection,
//! environment, data model, type, and when its keys were read), and the discovery preview — which
//! portals a discovery would add and which it would update, field by field.
//!
//! Pure: [`plan`] is a function of what the services listed and what the workspace holds. A
//! portal is the same portal when its website record id is (the portal id); local-only portals
//! are never touched.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::connection::ConnectionId;
/// One field a discovery would change: the same shape as a portal-folder diff's field.
pub use super::pac::diff::FieldChange;
use super::portal::{Portal, PortalDraft, PortalId, PortalState};

/// What the workspace knows of a portal's site in the cloud.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PortalSite {
    pub portal_id: PortalId,
    pub connection_id: ConnectionId,
    /// The Power Pages admin API's website id (not the website record id).
    pub site_id: Option<String>,
    pub environment_id: Option<String>,
    pub environment_name: Option<String>,
    /// `standard` or `enhanced`.
    pub data_model: Option<String>,
    /// `Production`, `Trial`, …
    pub site_type: Option<String>,
    /// The admin API's last operation status.
    pub site_status: Option<String>,
    pub discovered_at: Option<DateTime<Utc>>,
    /// The last successful read of the application's key credentials.
    pub keys_read_at: Option<DateTime<Utc>>,
    /// Why the last read failed; the dates shown are then as of `keys_read_at`.
    pub keys_error: Option<String>,
    /// How many certificate credentials the application had (0: no key to renew).
    pub key_credentials: Option<u32>,
}

/// A website as the services listed it, already joined with its environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteSite {
    pub website_record_id: Option<String>,
    pub site_id: String,
    pub name: String,
    pub url: Option<String>,
    pub environment_id: String,
    pub environment_name: Option<String>,
    pub environment_url: Option<String>,
    pub app_id: Option<String>,
    pub data_model: Option<String>,
    pub site_type: Option<String>,
    pub status: Option<String>,
}

/// A portal a discovery would add or update, as it would then be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DiscoveredPortal {
    pub portal: Portal,
    pub site: PortalSite,
    /// Empty for an added portal.
    pub changes: Vec<FieldChange>,
}

/// A site that cannot become a portal, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SkippedSite {
    pub name: String,
    pub environment: String,
    pub reason: String,
}

/// What a discovery would do; applying it writes exactly this.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DiscoveryPreview {
    pub connection_id: ConnectionId,
    pub connection_name: String,
    pub environments: u32,
    pub sites: u32,
    pub added: Vec<DiscoveredPortal>,
    pub updated: Vec<DiscoveredPortal>,
    pub unchanged: u32,
    pub skipped: Vec<SkippedSite>,
}

impl DiscoveryPreview {
    pub fn changes_anything(&self) -> bool {
        !self.added.is_empty() || !self.updated.is_empty()
    }
}

/// `Enhanced` / `Standard` (or the numbers some replies use) as the workspace spells them.
pub fn data_model(raw: Option<&str>) -> Option<String> {
    match raw.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("enhanced" | "1") => Some("enhanced".into()),
        Some("standard" | "0") => Some("standard".into()),
        Some("") | None => None,
        Some(other) => Some(other.to_owned()),
    }
}

/// The portal state a site's operation status implies: an operation in progress is a restart,
/// otherwise the state the workspace had (running for a new portal). The admin API lists no
/// started/stopped field (reference §4), so stopped is only ever known from a stop the app ran.
pub fn state_from_status(status: Option<&str>, current: Option<PortalState>) -> PortalState {
    match status {
        Some(s) if s.eq_ignore_ascii_case("OperationInProgress") => PortalState::Restarting,
        _ => match current {
            Some(PortalState::Restarting) | None => PortalState::Running,
            Some(other) => other,
        },
    }
}

fn change(changes: &mut Vec<FieldChange>, field: &str, before: Option<&str>, after: Option<&str>) {
    if before != after {
        changes.push(FieldChange {
            field: field.into(),
            before: before.map(str::to_owned),
            after: after.map(str::to_owned),
        });
    }
}

/// A name no other portal has: the site's own, else with its environment, else numbered.
fn free_name(wanted: &str, environment: Option<&str>, taken: &HashSet<String>) -> String {
    let is_free = |n: &str| !taken.contains(&n.to_lowercase());
    let wanted: String = wanted.trim().chars().take(super::portal::NAME_MAX_CHARS).collect();
    if is_free(&wanted) {
        return wanted;
    }
    if let Some(env) = environment {
        let with_env: String = format!("{wanted} ({env})").chars().take(super::portal::NAME_MAX_CHARS).collect();
        if is_free(&with_env) {
            return with_env;
        }
    }
    (2..).map(|n| format!("{wanted} ({n})")).find(|n| is_free(n)).unwrap_or(wanted)
}

/// Plans a discovery: each listed site becomes a new portal, updates the portal with its website
/// record id, or is skipped with a reason (no record id, an address that is not https, …).
pub fn plan(
    connection_id: ConnectionId,
    connection_name: &str,
    environments: u32,
    remote: &[RemoteSite],
    existing: &[Portal],
    sites: &HashMap<PortalId, PortalSite>,
    now: DateTime<Utc>,
) -> DiscoveryPreview {
    let mut taken: HashSet<String> = existing.iter().map(|p| p.name.to_lowercase()).collect();
    let by_id: HashMap<PortalId, &Portal> = existing.iter().map(|p| (p.id, p)).collect();
    let mut preview = DiscoveryPreview {
        connection_id,
        connection_name: connection_name.to_owned(),
        environments,
        sites: remote.len() as u32,
        added: Vec::new(),
        updated: Vec::new(),
        unchanged: 0,
        skipped: Vec::new(),
    };
    let mut seen = HashSet::new();
    for site in remote {
        let skip = |reason: String| SkippedSite {
            name: site.name.clone(),
            environment: site.environment_name.clone().unwrap_or_else(|| site.environment_id.clone()),
            reason,
        };
        let Some(record_id) = site.website_record_id.as_deref().and_then(|r| r.parse::<PortalId>().ok()) else {
            preview.skipped.push(skip("the admin API gives it no website record id (websiteRecordId)".into()));
            continue;
        };
        if !seen.insert(record_id) {
            preview.skipped.push(skip(format!("its website record {record_id} is listed twice")));
            continue;
        }
        let current = by_id.get(&record_id).copied();
        let draft = PortalDraft {
            id: Some(record_id.to_string()),
            name: current
                .map(|p| p.name.clone())
                .unwrap_or_else(|| free_name(&site.name, site.environment_name.as_deref(), &taken)),
            url: site.url.clone().unwrap_or_default(),
            environment_url: site.environment_url.clone().unwrap_or_default(),
            app_id: site.app_id.clone().unwrap_or_default(),
            owner: current.and_then(|p| p.owner.clone()),
            state: Some(state_from_status(site.status.as_deref(), current.map(|p| p.state))),
            key_lifetime_days: current.map(|p| p.key_lifetime_days),
        };
        let valid = match draft.validate(record_id) {
            Ok(v) => v,
            Err(errors) => {
                preview.skipped.push(skip(errors.to_string()));
                continue;
            }
        };
        let portal = valid.into_portal(current.map_or(now, |p| p.created_at), now);
        let before_site = sites.get(&record_id);
        let site_row = PortalSite {
            portal_id: record_id,
            connection_id,
            site_id: Some(site.site_id.clone()),
            environment_id: Some(site.environment_id.clone()),
            environment_name: site.environment_name.clone(),
            data_model: data_model(site.data_model.as_deref()),
            site_type: site.site_type.clone(),
            site_status: site.status.clone(),
            discovered_at: Some(now),
            keys_read_at: before_site.and_then(|s| s.keys_read_at),
            keys_error: before_site.and_then(|s| s.keys_error.clone()),
            key_credentials: before_site.and_then(|s| s.key_credentials),
        };
        match current {
            None => {
                taken.insert(portal.name.to_lowercase());
                preview.added.push(DiscoveredPortal { portal, site: site_row, changes: Vec::new() });
            }
            Some(before) => {
                let mut changes = Vec::new();
                change(&mut changes, "url", Some(&before.url), Some(&portal.url));
                change(&mut changes, "state", Some(before.state.as_str()), Some(portal.state.as_str()));
                change(&mut changes, "app_id", Some(&before.app_id), Some(&portal.app_id));
                change(&mut changes, "environment_url", Some(&before.environment_url), Some(&portal.environment_url));
                let old = |f: fn(&PortalSite) -> Option<&String>| before_site.and_then(f).map(String::as_str);
                change(
                    &mut changes,
                    "connection",
                    before_site.map(|s| s.connection_id.to_string()).as_deref(),
                    Some(&connection_id.to_string()),
                );
                change(
                    &mut changes,
                    "environment",
                    old(|s| s.environment_id.as_ref()),
                    site_row.environment_id.as_deref(),
                );
                change(&mut changes, "data_model", old(|s| s.data_model.as_ref()), site_row.data_model.as_deref());
                change(&mut changes, "site_type", old(|s| s.site_type.as_ref()), site_row.site_type.as_deref());
                change(&mut changes, "site_id", old(|s| s.site_id.as_ref()), site_row.site_id.as_deref());
                if changes.is_empty() {
                    preview.unchanged += 1;
                } else {
                    let portal = if changes
                        .iter()
                        .any(|c| ["url", "state", "app_id", "environment_url"].contains(&c.field.as_str()))
                    {
                        portal
                    } else {
                        before.clone()
                    };
                    preview.updated.push(DiscoveredPortal { portal, site: site_row, changes });
                }
            }
        }
    }
    preview
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::portal::PortalDraft;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z").unwrap().to_utc()
    }

    fn site(record: &str, name: &str) -> RemoteSite {
        RemoteSite {
            website_record_id: Some(record.into()),
            site_id: format!("site-{record}"),
            name: name.into(),
            url: Some(format!("https://{}.powerappsportals.com", name.to_lowercase().replace(' ', "-"))),
            environment_id: "env-1".into(),
            environment_name: Some("Contoso (default)".into()),
            environment_url: Some("https://contoso.crm.dynamics.com".into()),
            app_id: Some("9e7a1b52-6f0e-4d4b-8d0e-3c3a1f2b7d10".into()),
            data_model: Some("Enhanced".into()),
            site_type: Some("Production".into()),
            status: Some("OperationComplete".into()),
        }
    }

    const A: &str = "11111111-1111-4111-8111-111111111111";
    const B: &str = "22222222-2222-4222-8222-222222222222";

    #[test]
    fn new_sites_are_added_and_known_ones_updated_field_by_field_never_duplicated() {
        let conn = ConnectionId::new_random();
        let first = plan(conn, "Contoso", 1, &[site(A, "Partners"), site(B, "Support")], &[], &HashMap::new(), now());
        assert_eq!(first.added.len(), 2);
        assert_eq!(first.added[0].site.data_model.as_deref(), Some("enhanced"));
        let existing: Vec<Portal> = first.added.iter().map(|d| d.portal.clone()).collect();
        let sites: HashMap<PortalId, PortalSite> = first.added.iter().map(|d| (d.portal.id, d.site.clone())).collect();

        let again = plan(conn, "Contoso", 1, &[site(A, "Partners"), site(B, "Support")], &existing, &sites, now());
        assert!(again.added.is_empty() && again.updated.is_empty(), "{again:?}");
        assert_eq!(again.unchanged, 2);

        let mut moved = site(A, "Partners renamed in the service");
        moved.url = Some("https://partners.contoso.com".into());
        moved.site_type = Some("Trial".into());
        let third = plan(conn, "Contoso", 1, &[moved], &existing, &sites, now());
        assert_eq!(third.updated.len(), 1);
        let fields: Vec<&str> = third.updated[0].changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["url", "site_type"]);
        assert_eq!(third.updated[0].portal.name, "Partners", "a discovery keeps the workspace's name");
    }

    #[test]
    fn a_site_named_like_a_local_portal_gets_a_name_of_its_own_and_the_local_one_is_untouched() {
        let now = now();
        let local = PortalDraft {
            name: "Partners".into(),
            url: "https://old.example.com".into(),
            environment_url: "https://e.example.com".into(),
            app_id: "9e7a1b52-6f0e-4d4b-8d0e-3c3a1f2b7d10".into(),
            ..Default::default()
        }
        .validate(PortalId::new_random())
        .unwrap()
        .into_portal(now, now);
        let preview = plan(
            ConnectionId::new_random(),
            "C",
            1,
            &[site(A, "partners")],
            std::slice::from_ref(&local),
            &HashMap::new(),
            now,
        );
        assert_eq!(preview.added[0].portal.name, "partners (Contoso (default))");
        assert!(preview.updated.is_empty());
    }

    #[test]
    fn sites_without_a_record_id_or_with_a_plain_http_address_are_skipped_with_the_reason() {
        let mut no_record = site(A, "NoRecord");
        no_record.website_record_id = None;
        let mut plain = site(B, "Plain");
        plain.url = Some("http://plain.example.com".into());
        let preview = plan(
            ConnectionId::new_random(),
            "C",
            1,
            &[no_record, plain, site(A, "Dup"), site(A, "Dup2")],
            &[],
            &HashMap::new(),
            now(),
        );
        let reasons: Vec<&str> = preview.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(preview.added.len(), 1);
        assert!(reasons[0].contains("websiteRecordId"), "{reasons:?}");
        assert!(reasons[1].contains("https"), "{reasons:?}");
        assert!(reasons[2].contains("listed twice"), "{reasons:?}");
    }

    #[test]
    fn an_operation_in_progress_reads_as_restarting_and_a_stop_is_remembered() {
        assert_eq!(state_from_status(Some("OperationInProgress"), None), PortalState::Restarting);
        assert_eq!(state_from_status(Some("OperationComplete"), Some(PortalState::Restarting)), PortalState::Running);
        assert_eq!(state_from_status(Some("OperationComplete"), Some(PortalState::Stopped)), PortalState::Stopped);
        assert_eq!(state_from_status(None, None), PortalState::Running);
    }
}
