//! `portal-admin connection …`, `discover`, `site …` and `key refresh`: adapters to
//! `ops::connection`, `ops::discover`, `ops::site` and `ops::key_refresh`. Secrets come from
//! standard input or files, never from arguments.

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Subcommand;
use portal_admin::domain::connection::{ConnectionDraft, ConnectionPatch};
use portal_admin::ops::connection::{ConnectionView, NewCredential, SignInMode};
use portal_admin::ops::key_refresh::KeyRefresh;
use portal_admin::ops::site::{SiteOperation, SiteStatus};
use portal_admin::ops::{self, Core};
use portal_admin::sync::entra::SignInPrompt;

use crate::output::Output;

#[derive(Subcommand)]
pub enum ConnectionCommand {
    /// Add a connection: one tenant and one way to sign in (a person by default)
    Add {
        #[arg(long)]
        name: String,
        /// The tenant's GUID or one of its domains (contoso.onmicrosoft.com)
        #[arg(long)]
        tenant: String,
        /// The Entra ID application to sign in with (default: the Dataverse sample public client)
        #[arg(long)]
        client_id: Option<String>,
        #[arg(long, value_name = "URL")]
        authority: Option<String>,
        #[arg(long, value_name = "URL")]
        graph_url: Option<String>,
        #[arg(long, value_name = "URL")]
        powerplatform_url: Option<String>,
        #[arg(long, value_name = "URL")]
        discovery_url: Option<String>,
        /// Sign in as the application with a client secret read from standard input
        #[arg(long, conflicts_with = "certificate")]
        client_secret_stdin: bool,
        /// Sign in as the application with this certificate and its private key (PEM or .pfx)
        #[arg(long, value_name = "FILE")]
        certificate: Option<PathBuf>,
        /// File holding the .pfx password (first line)
        #[arg(long, value_name = "FILE", requires = "certificate")]
        password_file: Option<PathBuf>,
    },
    /// Every connection with its sign-in state
    List,
    /// One connection
    Show { connection: String },
    /// Change a connection's name, tenant, client id or endpoints (an empty URL restores the default)
    Edit {
        connection: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        tenant: Option<String>,
        #[arg(long)]
        client_id: Option<String>,
        #[arg(long, value_name = "URL")]
        authority: Option<String>,
        #[arg(long, value_name = "URL")]
        graph_url: Option<String>,
        #[arg(long, value_name = "URL")]
        powerplatform_url: Option<String>,
        #[arg(long, value_name = "URL")]
        discovery_url: Option<String>,
    },
    /// Remove a connection and its keyring entries (its portals stay, unbound)
    Remove { connection: String },
    /// Read the authority and ask for a token of each service
    Test { connection: String },
    /// Sign in: the system browser, or --device-code on a headless machine
    Signin {
        connection: String,
        #[arg(long)]
        device_code: bool,
        /// How long to wait for the browser, in seconds
        #[arg(long, default_value_t = 300)]
        timeout: u64,
    },
    /// Forget the signed-in person's tokens
    Signout { connection: String },
}

#[derive(Subcommand)]
pub enum SiteCommand {
    /// Restart the site and wait until it is back
    Restart {
        #[arg(long)]
        portal: String,
    },
    /// Start a stopped site
    Start {
        #[arg(long)]
        portal: String,
    },
    /// Stop the site
    Stop {
        #[arg(long)]
        portal: String,
    },
    /// The site's status in the Power Pages admin API
    Status {
        #[arg(long)]
        portal: String,
    },
}

/// Shows sign-in steps on stderr (stdout stays for results) and opens the browser (honours
/// `$BROWSER`).
struct TerminalPrompt;

impl SignInPrompt for TerminalPrompt {
    fn open_browser(&self, url: &str) -> Result<(), String> {
        eprintln!("Opening the browser to sign in. If it does not open, visit:\n  {url}");
        webbrowser::open(url).map_err(|e| e.to_string())
    }

    fn show_device_code(&self, user_code: &str, verification_uri: &str, expires_in: Duration) {
        eprintln!(
            "To sign in, open {verification_uri} on any device and enter the code {user_code} (valid {} minutes).",
            expires_in.as_secs() / 60
        );
    }
}

fn read_first_line(path: &PathBuf) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(text.lines().next().unwrap_or_default().to_owned())
}

fn print_connection(out: &Output, view: &ConnectionView) -> anyhow::Result<()> {
    out.print_value(view, |v| {
        let c = &v.connection;
        let mut lines = vec![
            format!("{} ({})", c.name, c.id),
            format!(
                "  tenant:        {}{}",
                c.tenant,
                c.tenant_id.as_deref().map(|t| format!(" ({t})")).unwrap_or_default()
            ),
            format!("  sign-in:       {} as client {}", c.method.as_str(), c.client_id),
            format!("  token state:   {}", c.token_state.as_str()),
        ];
        if let Some(a) = &c.account {
            lines.push(format!("  account:       {a}"));
        }
        if let Some(t) = c.signed_in_at {
            lines.push(format!("  signed in at:  {}", t.format("%Y-%m-%d %H:%M:%S UTC")));
        }
        lines.push(format!("  authority:     {}", c.authority));
        lines.push(format!("  graph:         {}", c.graph_url));
        lines.push(format!("  power platform:{}", c.powerplatform_url));
        lines.push(format!("  discovery:     {}", c.discovery_url));
        lines.push(format!("  portals:       {}", v.portals));
        if let Some(e) = &c.last_error {
            lines.push(format!("  last error:    {e}"));
        }
        lines.join("\n")
    })
}

pub async fn connection(core: &Core, command: ConnectionCommand, out: &Output) -> anyhow::Result<u8> {
    match command {
        ConnectionCommand::Add {
            name,
            tenant,
            client_id,
            authority,
            graph_url,
            powerplatform_url,
            discovery_url,
            client_secret_stdin,
            certificate,
            password_file,
        } => {
            let credential = if client_secret_stdin {
                let mut secret = String::new();
                std::io::stdin()
                    .read_to_string(&mut secret)
                    .context("cannot read the client secret from standard input")?;
                NewCredential::ClientSecret(secret)
            } else if let Some(path) = certificate {
                let file = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
                let password = password_file.as_ref().map(read_first_line).transpose()?;
                NewCredential::Certificate { file, password }
            } else {
                NewCredential::None
            };
            let draft = ConnectionDraft {
                name,
                tenant,
                client_id,
                authority,
                graph_url,
                powerplatform_url,
                discovery_url,
                method: None,
            };
            let view = ops::connection::add(core, draft, credential).await?;
            print_connection(out, &view)?;
        }
        ConnectionCommand::List => {
            let all = ops::connection::list(core).await?;
            if out.is_json() {
                out.print_json(&all)?;
            } else if all.is_empty() {
                println!("No connections. Add one with `portal-admin connection add --name N --tenant T`.");
            } else {
                let width = all.iter().map(|v| v.connection.name.chars().count()).max().unwrap_or(4).max(4);
                println!("{:width$}  {:16}  {:15}  {:7}  ID", "NAME", "STATE", "SIGN-IN", "PORTALS");
                for v in &all {
                    let c = &v.connection;
                    println!(
                        "{:width$}  {:16}  {:15}  {:7}  {}",
                        c.name,
                        c.token_state.as_str(),
                        c.method.as_str(),
                        v.portals,
                        c.id
                    );
                }
            }
        }
        ConnectionCommand::Show { connection } => {
            print_connection(out, &ops::connection::show(core, &connection).await?)?
        }
        ConnectionCommand::Edit {
            connection,
            name,
            tenant,
            client_id,
            authority,
            graph_url,
            powerplatform_url,
            discovery_url,
        } => {
            let patch =
                ConnectionPatch { name, tenant, client_id, authority, graph_url, powerplatform_url, discovery_url };
            print_connection(out, &ops::connection::edit(core, &connection, patch).await?)?;
        }
        ConnectionCommand::Remove { connection } => {
            let removed = ops::connection::remove(core, &connection).await?;
            out.print_value(&removed, |c| format!("Removed the connection \"{}\" and its keyring entries.", c.name))?;
        }
        ConnectionCommand::Test { connection } => {
            let report = ops::connection::test(core, &connection).await?;
            let ok = report.services.iter().all(|s| s.error.is_none());
            out.print_value(&report, |r| {
                let mut lines = vec![format!("{}: the authority answered", r.connection.connection.name)];
                for s in &r.services {
                    match &s.error {
                        None => lines.push(format!("  ok      {} ({})", s.service, s.scope)),
                        Some(e) => lines.push(format!("  FAILED  {} ({}): {e}", s.service, s.scope)),
                    }
                }
                lines.join("\n")
            })?;
            return Ok(if ok { 0 } else { 1 });
        }
        ConnectionCommand::Signin { connection, device_code, timeout } => {
            let mode = if device_code { SignInMode::DeviceCode } else { SignInMode::Browser };
            let view = ops::connection::sign_in(core, &connection, mode, &TerminalPrompt, Duration::from_secs(timeout))
                .await?;
            print_connection(out, &view)?;
        }
        ConnectionCommand::Signout { connection } => {
            print_connection(out, &ops::connection::sign_out(core, &connection).await?)?
        }
    }
    Ok(0)
}

/// `portal-admin discover --connection N [--yes]`: a preview (exit 3 when something would
/// change), or applied.
pub async fn discover(core: &Core, connection: &str, yes: bool, out: &Output) -> anyhow::Result<u8> {
    let result = ops::discover::discover(core, connection, yes).await?;
    let p = &result.preview;
    out.print_value(&result, |r| {
        let p = &r.preview;
        let mut lines = vec![format!(
            "{}: {} site(s) in {} environment(s): {} to add, {} to update, {} unchanged, {} skipped",
            p.connection_name,
            p.sites,
            p.environments,
            p.added.len(),
            p.updated.len(),
            p.unchanged,
            p.skipped.len()
        )];
        for d in &p.added {
            lines.push(format!("  + {}  {}  ({})", d.portal.name, d.portal.url, d.portal.id));
        }
        for d in &p.updated {
            let fields: Vec<String> = d
                .changes
                .iter()
                .map(|c| {
                    format!(
                        "{}: {} -> {}",
                        c.field,
                        c.before.as_deref().unwrap_or("-"),
                        c.after.as_deref().unwrap_or("-")
                    )
                })
                .collect();
            lines.push(format!("  ~ {}  {}", d.portal.name, fields.join("; ")));
        }
        for s in &p.skipped {
            lines.push(format!("  ! {} ({}): {}", s.name, s.environment, s.reason));
        }
        if r.applied {
            lines.push("Applied.".into());
            lines.extend(r.keys.iter().map(key_line));
        } else if p.changes_anything() {
            lines.push("Nothing was written; run again with --yes to apply.".into());
        }
        lines.join("\n")
    })?;
    Ok(if !yes && p.changes_anything() { 3 } else { 0 })
}

fn key_line(r: &KeyRefresh) -> String {
    match (&r.error, &r.thumbprint, r.not_after) {
        (Some(e), _, _) => format!("  {}: key dates not read: {e}", r.portal_name),
        (None, Some(t), Some(end)) => format!(
            "  {}: key {t} expires {} (from Microsoft Graph, {} certificate(s) on the application)",
            r.portal_name,
            end.format("%Y-%m-%d %H:%M UTC"),
            r.credentials
        ),
        _ => format!("  {}: no key to renew (the application has no certificate)", r.portal_name),
    }
}

/// `portal-admin key refresh [--portal P]`: Graph dates now. Exit 1 when a portal could not be read.
pub async fn key_refresh(core: &Core, portal: Option<String>, out: &Output) -> anyhow::Result<u8> {
    let id = match portal {
        Some(p) => Some(ops::portal::resolve(core, &p).await?.id),
        None => None,
    };
    let reports = ops::key_refresh::refresh(core, id).await?;
    out.print_value(&reports, |rs| {
        if rs.is_empty() {
            "No portal is bound to a connection.".to_owned()
        } else {
            rs.iter().map(key_line).collect::<Vec<_>>().join("\n")
        }
    })?;
    Ok(if reports.iter().any(|r| r.error.is_some()) { 1 } else { 0 })
}

pub async fn site(core: &Core, command: SiteCommand, out: &Output) -> anyhow::Result<u8> {
    let (portal, operation) = match command {
        SiteCommand::Restart { portal } => (portal, Some(SiteOperation::Restart)),
        SiteCommand::Start { portal } => (portal, Some(SiteOperation::Start)),
        SiteCommand::Stop { portal } => (portal, Some(SiteOperation::Stop)),
        SiteCommand::Status { portal } => (portal, None),
    };
    let p = ops::portal::resolve(core, &portal).await?;
    let json = out.is_json();
    let status: SiteStatus = match operation {
        None => ops::site::status(core, p.id).await?,
        Some(op) => {
            let progress = move |s: &portal_admin::sync::powerpages::OperationStatus| {
                if !json {
                    eprintln!("  … {}", s.status);
                }
            };
            ops::site::run(core, p.id, op, &progress).await?
        }
    };
    out.print_value(&status, |s| {
        format!("{}: {} ({})", s.portal.name, s.portal.state.as_str(), s.status.as_deref().unwrap_or("status unknown"))
    })?;
    Ok(0)
}
