//! The Power Pages admin API (reference §4): the websites of an environment, one website, and
//! its restart / start / stop operations polled until they end. Delegated tokens only.

use std::time::{Duration, Instant};

use serde::Deserialize;

use super::http::{check, fail, json, retry_after, Http};
use super::{authorized, Tokens};
use crate::domain::connection::{Connection, Resource};
use crate::error::{RemoteFailure, Result};

pub const API_VERSION: &str = "2024-10-01";
/// The longest a site operation is followed before giving up (it goes on server-side).
const OPERATION_PATIENCE: Duration = Duration::from_secs(15 * 60);

/// A website, with the `WebsiteDto` fields the app uses (PPAPI 2024-10-01; `dataModel` is not in
/// that table but real replies carry it).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Website {
    pub id: String,
    pub name: Option<String>,
    pub website_url: Option<String>,
    pub website_record_id: Option<String>,
    pub environment_id: Option<String>,
    pub environment_name: Option<String>,
    pub dataverse_instance_url: Option<String>,
    pub application_user_aad_app_id: Option<String>,
    #[serde(rename = "type")]
    pub site_type: Option<String>,
    /// `OperationComplete`, `OperationFailed`, `OperationInProgress`, `OperationNotStarted`.
    pub status: Option<String>,
    pub data_model: Option<String>,
}

#[derive(Deserialize)]
struct Page {
    value: Vec<Website>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
}

fn base(connection: &Connection, environment_id: &str) -> String {
    format!("{}/powerpages/environments/{environment_id}/websites", Resource::PowerPlatform.base(connection))
}

const WHAT: &str = "the Power Pages admin API";

/// Every website of an environment, following `@odata.nextLink` unmodified.
pub async fn websites(
    http: &Http,
    tokens: &dyn Tokens,
    connection: &Connection,
    environment_id: &str,
) -> Result<Vec<Website>> {
    let mut url = format!("{}?api-version={API_VERSION}", base(connection, environment_id));
    let mut all = Vec::new();
    for _ in 0..1000 {
        let reply = authorized(http, tokens, &Resource::PowerPlatform, WHAT, |c, t| c.get(&url).bearer_auth(t)).await?;
        let page: Page = json(&check(reply, WHAT)?, "the Power Pages admin API's website list")?;
        all.extend(page.value);
        match page.next_link {
            Some(next) => url = next,
            None => return Ok(all),
        }
    }
    Err(fail(RemoteFailure::BadResponse, format!("{WHAT} kept sending more pages (over 1000); stopped")))
}

/// One website.
pub async fn website(
    http: &Http,
    tokens: &dyn Tokens,
    connection: &Connection,
    environment_id: &str,
    id: &str,
) -> Result<Website> {
    let url = format!("{}/{id}?api-version={API_VERSION}", base(connection, environment_id));
    let reply = authorized(http, tokens, &Resource::PowerPlatform, WHAT, |c, t| c.get(&url).bearer_auth(t)).await?;
    json(&check(reply, WHAT)?, "the Power Pages admin API's website")
}

/// A site operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteAction {
    Restart,
    Start,
    Stop,
}

impl SiteAction {
    pub fn path(self) -> &'static str {
        match self {
            Self::Restart => "restart",
            Self::Start => "start",
            Self::Stop => "stop",
        }
    }
}

/// Where an operation stands, for progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationStatus {
    pub status: String,
    pub done: bool,
    pub failed: bool,
}

fn classify(status: &str) -> OperationStatus {
    let lower = status.to_ascii_lowercase();
    let failed = ["failed", "operationfailed", "canceled", "cancelled"].contains(&lower.as_str());
    let done = failed || ["succeeded", "operationcomplete", "completed"].contains(&lower.as_str());
    OperationStatus { status: status.to_owned(), done, failed }
}

/// Starts an operation and follows it until it ends: the `Operation-Location` it names when
/// there is one, else the website's own `status` (reference §4: restart/start/stop codes are
/// unverified, so 200, 202 and 204 are all accepted). `progress` sees every status read.
pub async fn run_action(
    http: &Http,
    tokens: &dyn Tokens,
    connection: &Connection,
    environment_id: &str,
    id: &str,
    action: SiteAction,
    progress: &(dyn Fn(&OperationStatus) + Send + Sync),
) -> Result<OperationStatus> {
    let url = format!("{}/{id}/{}?api-version={API_VERSION}", base(connection, environment_id), action.path());
    let reply = authorized(http, tokens, &Resource::PowerPlatform, WHAT, |c, t| {
        c.post(&url).bearer_auth(t).header("Content-Type", "application/json").body("{}")
    })
    .await?;
    let reply = check(reply, WHAT)?;
    let operation = reply.header("Operation-Location").map(str::to_owned);
    let mut pause = retry_after(&reply.headers).unwrap_or(Duration::from_secs(2));
    let started = Instant::now();
    loop {
        tokio::time::sleep(pause.min(Duration::from_secs(30))).await;
        let (status, headers) = match &operation {
            Some(op) => {
                #[derive(Deserialize)]
                struct Op {
                    status: String,
                }
                let reply = check(
                    authorized(http, tokens, &Resource::PowerPlatform, WHAT, |c, t| c.get(op).bearer_auth(t)).await?,
                    WHAT,
                )?;
                let op: Op = json(&reply, "the Power Pages admin API's operation")?;
                (op.status, reply.headers)
            }
            None => {
                let site = website(http, tokens, connection, environment_id, id).await?;
                (site.status.unwrap_or_else(|| "OperationComplete".into()), reqwest::header::HeaderMap::new())
            }
        };
        let state = classify(&status);
        progress(&state);
        if state.done {
            return Ok(state);
        }
        if started.elapsed() > OPERATION_PATIENCE {
            return Err(fail(
                RemoteFailure::Timeout,
                format!(
                    "the site's {} is still \"{status}\" after {} minutes; it goes on in the service",
                    action.path(),
                    OPERATION_PATIENCE.as_secs() / 60
                ),
            ));
        }
        pause = retry_after(&headers).unwrap_or(Duration::from_secs(2));
    }
}
