//! The Dataverse global discovery service: the environments the signed-in account can reach
//! (`GET /api/discovery/v2.0/Instances`). Delegated tokens only.

use serde::Deserialize;

use super::http::{check, fail, json, Http};
use super::{authorized, Tokens};
use crate::domain::connection::{Connection, Resource};
use crate::error::{RemoteFailure, Result};

/// One environment (an "instance"), with the fields the app uses.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Instance {
    pub id: String,
    pub unique_name: Option<String>,
    pub friendly_name: Option<String>,
    /// The environment's Web API address, e.g. `https://contoso.crm.dynamics.com`.
    pub url: String,
    pub environment_id: Option<String>,
    /// 0 enabled, 1 disabled.
    #[serde(default)]
    pub state: i64,
}

#[derive(Deserialize)]
struct Page {
    value: Vec<Instance>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
}

/// Every enabled environment the account can reach, following `@odata.nextLink` as given.
pub async fn instances(http: &Http, tokens: &dyn Tokens, connection: &Connection) -> Result<Vec<Instance>> {
    let resource = Resource::GlobalDiscovery;
    let mut url = format!("{}/api/discovery/v2.0/Instances", resource.base(connection));
    let what = "the Dataverse global discovery service";
    let mut all = Vec::new();
    for _ in 0..100 {
        let reply = authorized(http, tokens, &resource, what, |c, token| {
            c.get(&url).bearer_auth(token).header("Accept", "application/json")
        })
        .await?;
        let page: Page = json(&check(reply, what)?, what)?;
        all.extend(page.value.into_iter().filter(|i| i.state == 0));
        match page.next_link {
            Some(next) => url = next,
            None => return Ok(all),
        }
    }
    Err(fail(RemoteFailure::BadResponse, format!("{what} kept sending more pages (over 100); stopped")))
}
