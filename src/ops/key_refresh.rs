//! Key dates from Microsoft Graph: each connected portal's application credentials, read and
//! recorded so the watch, banners, tray and notifications cover portals nobody imported. A read
//! that fails keeps the last known dates and records why (and how old they are is shown).

use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::domain::connection::Connection;
use crate::domain::key::CertificateFacts;
use crate::domain::key_credentials::{self, AppCredential};
use crate::domain::{Portal, PortalId};
use crate::error::{Error, RemoteFailure, Result};
use crate::ops::connection::ConnectionTokens;
use crate::ops::{portal, Core};
use crate::store::GraphKey;
use crate::sync::graph;

/// Graph dates older than this are read again by the watch.
pub const MAX_AGE: chrono::Duration = chrono::Duration::hours(24);

/// What one portal's read found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct KeyRefresh {
    pub portal_id: PortalId,
    pub portal_name: String,
    /// The thumbprint of the key the portal uses (`None`: no certificate, nothing to renew).
    pub thumbprint: Option<String>,
    pub not_after: Option<DateTime<Utc>>,
    /// Certificate credentials on the application.
    pub credentials: u32,
    pub read_at: Option<DateTime<Utc>>,
    /// Credentials Graph listed that cannot be read, in words.
    pub problems: Vec<String>,
    pub error_code: Option<String>,
    pub error: Option<String>,
}

fn facts_without_certificate(c: &AppCredential) -> CertificateFacts {
    let bytes: Vec<u8> = (0..c.thumbprint.len() / 2)
        .filter_map(|i| u8::from_str_radix(&c.thumbprint[2 * i..2 * i + 2], 16).ok())
        .collect();
    CertificateFacts {
        thumbprint: c.thumbprint.clone(),
        x5t: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
        subject: c.display_name.clone().unwrap_or_default(),
        issuer: String::new(),
        serial: String::new(),
        not_before: c.start.unwrap_or(c.end),
        not_after: c.end,
        key_algorithm: String::new(),
        key_bits: 0,
    }
}

/// Reads one portal's application credentials now.
pub async fn refresh_portal(core: &Core, portal: &Portal) -> Result<KeyRefresh> {
    let site = core.store().portal_site(portal.id).await?.ok_or_else(|| Error::NotConnected(portal.name.clone()))?;
    let connection =
        core.store().connection(site.connection_id).await?.ok_or_else(|| Error::NotConnected(portal.name.clone()))?;
    let result = read_and_record(core, portal, &site, &connection).await;
    match result {
        Ok(report) => Ok(report),
        Err(e) => {
            let mut failed = site.clone();
            failed.keys_error = Some(e.to_string());
            core.store().save_portal_site(&failed, core.actor(), core.clock().now()).await?;
            core.announce().await;
            Err(e)
        }
    }
}

async fn read_and_record(
    core: &Core,
    portal: &Portal,
    site: &crate::domain::sites::PortalSite,
    connection: &Connection,
) -> Result<KeyRefresh> {
    let tokens = ConnectionTokens { core, connection: connection.clone() };
    let cloud = core.cloud();
    let app = graph::application(&cloud.http, &tokens, &cloud.graph_limit, connection, &portal.app_id)
        .await?
        .ok_or_else(|| Error::Remote {
            kind: RemoteFailure::NotFound,
            message: format!(
                "Microsoft Graph has no application with appId {} in the tenant of \"{}\"",
                portal.app_id, connection.name
            ),
        })?;
    let now = core.clock().now();
    let mut problems = Vec::new();
    let mut decoded = Vec::new();
    for raw in &app.key_credentials {
        match key_credentials::decode(raw) {
            Ok(d) => decoded.push(d),
            Err(p) => problems.push(p.to_string()),
        }
    }
    let credentials: Vec<AppCredential> = decoded.iter().map(|d| d.credential.clone()).collect();
    let chosen = key_credentials::portal_key(&credentials, now).map(|i| &decoded[i]);
    let key = match chosen {
        None => None,
        Some(d) => {
            let mut facts = match &d.certificate_der {
                Some(der) => crate::keys::facts(der).unwrap_or_else(|e| {
                    problems
                        .push(format!("the certificate of key credential {} cannot be read: {e}", d.credential.key_id));
                    facts_without_certificate(&d.credential)
                }),
                None => facts_without_certificate(&d.credential),
            };
            // Graph's dates are what Entra ID enforces.
            facts.not_after = d.credential.end;
            if let Some(start) = d.credential.start {
                facts.not_before = start;
            }
            Some(GraphKey { credential: &d.credential, facts, certificate_der: d.certificate_der.as_deref() })
        }
    };
    let thumbprint = key.as_ref().map(|k| k.facts.thumbprint.clone());
    let not_after = key.as_ref().map(|k| k.facts.not_after);
    core.store().apply_graph_keys(site, &credentials, key, now, core.actor()).await?;
    core.announce().await;
    Ok(KeyRefresh {
        portal_id: portal.id,
        portal_name: portal.name.clone(),
        thumbprint,
        not_after,
        credentials: credentials.iter().filter(|c| c.kind.eq_ignore_ascii_case("AsymmetricX509Cert")).count() as u32,
        read_at: Some(now),
        problems,
        error_code: None,
        error: None,
    })
}

fn failed(portal: &Portal, e: &Error) -> KeyRefresh {
    KeyRefresh {
        portal_id: portal.id,
        portal_name: portal.name.clone(),
        thumbprint: None,
        not_after: None,
        credentials: 0,
        read_at: None,
        problems: Vec::new(),
        error_code: Some(e.code().as_str().to_owned()),
        error: Some(e.to_string()),
    }
}

/// Reads the key dates of one portal (`Some`) or of every connected portal (`None`). One
/// portal's failure does not stop the others; each report says how it went.
pub async fn refresh(core: &Core, portal: Option<PortalId>) -> Result<Vec<KeyRefresh>> {
    if let Some(id) = portal {
        let p = portal::get(core, id).await?;
        return Ok(vec![refresh_portal(core, &p).await?]);
    }
    refresh_where(core, |_| true).await
}

async fn refresh_where(
    core: &Core,
    due: impl Fn(&crate::domain::sites::PortalSite) -> bool,
) -> Result<Vec<KeyRefresh>> {
    let sites = core.store().portal_sites().await?;
    let mut reports = Vec::new();
    for p in core.store().portals().await? {
        let Some(site) = sites.get(&p.id) else { continue };
        if !due(site) {
            continue;
        }
        reports.push(match refresh_portal(core, &p).await {
            Ok(r) => r,
            Err(e) => failed(&p, &e),
        });
    }
    Ok(reports)
}

/// Every portal bound to the connection.
pub async fn refresh_connection(core: &Core, connection: &Connection) -> Result<Vec<KeyRefresh>> {
    let id = connection.id;
    refresh_where(core, |s| s.connection_id == id).await
}

/// What the watch runs each round: portals whose Graph dates are older than a day (or all, when
/// `force`: "Check now"). Offline, each keeps its last dates and records why.
pub async fn refresh_due(core: &Core, force: bool) -> Result<Vec<KeyRefresh>> {
    let now = core.clock().now();
    refresh_where(core, |s| force || s.keys_read_at.is_none_or(|t| now - t >= MAX_AGE)).await
}
