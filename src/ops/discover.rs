//! Discovering a tenant's portals: the environments the signed-in account reaches (global
//! discovery service), the websites of each (Power Pages admin API), as a preview of what would
//! be added and updated; applied in one transaction, then their key dates read from Graph.

use crate::domain::sites::{self, DiscoveryPreview, RemoteSite};
use crate::domain::{FieldErrorCode, ValidationErrors};
use crate::error::Result;
use crate::ops::connection::{self, ConnectionTokens};
use crate::ops::key_refresh::{self, KeyRefresh};
use crate::ops::Core;
use crate::sync::{globaldisco, powerpages};

/// What `discover` did: the preview, and (when applied) the key dates it read.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct Discovery {
    pub preview: DiscoveryPreview,
    pub applied: bool,
    pub keys: Vec<KeyRefresh>,
}

/// Lists the tenant's sites and plans what would change; with `apply`, writes exactly that in one
/// transaction and reads the key dates of every portal of the connection.
pub async fn discover(core: &Core, connection_query: &str, apply: bool) -> Result<Discovery> {
    let connection = connection::get(core, connection_query).await?;
    if connection.method.is_app_only() {
        return Err(ValidationErrors::single(
            "connection",
            FieldErrorCode::InvalidValue,
            format!(
                "\"{}\" signs in as an application; the discovery service and the Power Pages admin API accept only a person's sign-in (use a delegated connection)",
                connection.name
            ),
        )
        .into());
    }
    let tokens = ConnectionTokens { core, connection: connection.clone() };
    let http = &core.cloud().http;
    let instances = globaldisco::instances(http, &tokens, &connection).await?;
    let mut remote = Vec::new();
    let mut environments = 0;
    for instance in &instances {
        let Some(env_id) = instance.environment_id.as_deref().filter(|e| !e.is_empty()) else { continue };
        environments += 1;
        for site in powerpages::websites(http, &tokens, &connection, env_id).await? {
            remote.push(RemoteSite {
                website_record_id: site.website_record_id.clone(),
                site_id: site.id.clone(),
                name: site.name.clone().unwrap_or_else(|| site.id.clone()),
                url: site.website_url.clone(),
                environment_id: env_id.to_owned(),
                environment_name: site.environment_name.clone().or_else(|| instance.friendly_name.clone()),
                environment_url: site.dataverse_instance_url.clone().or_else(|| Some(instance.url.clone())),
                app_id: site.application_user_aad_app_id.clone(),
                data_model: site.data_model.clone(),
                site_type: site.site_type.clone(),
                status: site.status.clone(),
            });
        }
    }
    let existing = core.store().portals().await?;
    let sites_now = core.store().portal_sites().await?;
    let now = core.clock().now();
    let preview = sites::plan(connection.id, &connection.name, environments, &remote, &existing, &sites_now, now);
    if !apply {
        return Ok(Discovery { preview, applied: false, keys: Vec::new() });
    }
    if preview.changes_anything() {
        core.store().apply_discovery(&preview, core.actor(), now).await?;
        core.announce().await;
    }
    let keys = key_refresh::refresh_connection(core, &connection).await?;
    Ok(Discovery { preview, applied: true, keys })
}
