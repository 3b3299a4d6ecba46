//! Microsoft Graph: an application's key credentials (reference §3). Reading `keyCredentials` is
//! limited to 150 requests a minute per tenant, so every read takes a slot from [`KeyReadLimit`]
//! first.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::http::{check, json, Http};
use super::{authorized, Tokens};
use crate::domain::connection::{Connection, Resource};
use crate::domain::key_credentials::GraphKeyCredential;
use crate::error::Result;

/// Graph's documented limit on `$select=keyCredentials` reads of applications (G-GET).
pub const KEY_READS_PER_MINUTE: usize = 150;

/// The window is a little longer than Graph's minute: a read freed at exactly 60 s by this clock
/// can reach Graph a moment before its own count of the first read expires.
const WINDOW: Duration = Duration::from_secs(61);

/// A sliding one-minute window of key-credential reads per tenant.
#[derive(Default)]
pub struct KeyReadLimit {
    reads: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl KeyReadLimit {
    /// Waits until a read is allowed for `tenant`, then counts it.
    pub async fn acquire(&self, tenant: &str) {
        loop {
            let wait = {
                let mut reads = self.reads.lock().unwrap_or_else(|e| e.into_inner());
                let window = reads.entry(tenant.to_owned()).or_default();
                let now = Instant::now();
                while window.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
                    window.pop_front();
                }
                if window.len() < KEY_READS_PER_MINUTE {
                    window.push_back(now);
                    return;
                }
                WINDOW.saturating_sub(now.duration_since(window[0]))
            };
            tokio::time::sleep(wait.max(Duration::from_millis(5))).await;
        }
    }
}

/// The application object, as `$select`ed.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    /// The object id (what proofs of possession name as `iss`).
    pub id: String,
    pub app_id: String,
    pub display_name: Option<String>,
    #[serde(default)]
    pub key_credentials: Vec<GraphKeyCredential>,
}

/// `GET /v1.0/applications(appId='…')?$select=id,appId,displayName,keyCredentials`: on a single
/// object, so Graph includes each certificate (`key`). `None` when there is no such application.
pub async fn application(
    http: &Http,
    tokens: &dyn Tokens,
    limit: &KeyReadLimit,
    connection: &Connection,
    app_id: &str,
) -> Result<Option<Application>> {
    let tenant = connection.tenant_id.clone().unwrap_or_else(|| connection.tenant.clone());
    limit.acquire(&tenant).await;
    let base = Resource::Graph.base(connection);
    let url = format!("{base}/v1.0/applications(appId='{app_id}')?$select=id,appId,displayName,keyCredentials");
    let what = "Microsoft Graph";
    let reply = authorized(http, tokens, &Resource::Graph, what, |c, token| {
        c.get(&url).bearer_auth(token).header("Accept", "application/json")
    })
    .await?;
    if reply.status == reqwest::StatusCode::NOT_FOUND {
        return Ok(None);
    }
    let reply = check(reply, what)?;
    let app: Application = json(&reply, "Microsoft Graph's application")?;
    Ok(Some(app))
}
