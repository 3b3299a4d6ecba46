//! Connectors to Microsoft's services — the only place with HTTP to them: the hardened client
//! ([`http`]), Entra ID sign-in ([`entra`]), Microsoft Graph key credentials ([`graph`]), the
//! Dataverse global discovery service ([`globaldisco`]) and the Power Pages admin API
//! ([`powerpages`]). They decide nothing about the workspace; `ops` does.

pub mod entra;
pub mod globaldisco;
pub mod graph;
pub mod http;
pub mod powerpages;

use std::future::Future;
use std::pin::Pin;

use reqwest::StatusCode;

use crate::domain::connection::Resource;
use crate::error::{Error, Result};
use http::{Http, Reply};

pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String>> + Send + 'a>>;

/// Hands out access tokens per resource. `fresh` asks for a new one (the last was refused).
pub trait Tokens: Send + Sync {
    fn token<'a>(&'a self, resource: &'a Resource, fresh: bool) -> TokenFuture<'a>;
    /// The connection's name, for errors.
    fn connection_name(&self) -> &str;
}

/// Sends a request with a bearer token; a `401` gets one fresh token and one more try, then
/// `signin_required` naming the connection (never the raw HTTP error).
pub async fn authorized(
    http: &Http,
    tokens: &dyn Tokens,
    resource: &Resource,
    what: &str,
    build: impl Fn(&reqwest::Client, &str) -> reqwest::RequestBuilder,
) -> Result<Reply> {
    let mut fresh = false;
    loop {
        let token = tokens.token(resource, fresh).await?;
        let reply = http.send(what, |c| build(c, &token)).await?;
        if reply.status != StatusCode::UNAUTHORIZED {
            return Ok(reply);
        }
        if fresh {
            return Err(Error::SigninRequired {
                connection: tokens.connection_name().to_owned(),
                reason: format!("{what} refused a fresh token ({})", http::error_text(&reply.body)),
            });
        }
        fresh = true;
    }
}
