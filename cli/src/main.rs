//! `portal-admin`: the command-line twin of Portal Admin Center.
//!
//! A thin clap front over `portal_admin::ops`: each subcommand parses its arguments, calls one
//! operation and prints the result (a table, or stable JSON with `--json`). No rules live here.
//! Exit codes: 0 success, 1 error (one line on stderr), 2 usage error, 3 a preview that wrote
//! nothing (run again with --yes).

mod access;
mod connection;
mod contacts;
mod key;
mod output;
mod pac;
mod portal;
mod settings;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use portal_admin::ops::{self, Core, CoreOptions};

use crate::output::Output;

#[derive(Parser)]
#[command(name = "portal-admin", version, about = "Administer Power Pages portals from the command line")]
struct Cli {
    /// Workspace folder (default: $PORTAL_ADMIN_HOME, else the platform's application-data folder)
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Print machine-readable JSON (documented in docs/cli.md)
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the workspace if needed; with --demo, add the demo portal
    Init {
        /// Seed the realistic demo portal
        #[arg(long)]
        demo: bool,
    },
    /// List, show, add, edit and remove portals
    #[command(subcommand)]
    Portal(portal::PortalCommand),
    /// Authentication keys: show, generate, import, export, schedule, check
    #[command(subcommand)]
    Key(key::KeyCommand),
    /// The expiry watch: deliver due notices
    #[command(subcommand)]
    Notify(key::NotifyCommand),
    /// Site settings: list, get, set, unset, reset, check
    #[command(subcommand)]
    Settings(settings::SettingsCommand),
    /// Test passwords against a portal's password policy
    #[command(subcommand)]
    Password(settings::PasswordCommand),
    /// Identity providers: list, add, edit, remove, default, test, import-metadata
    #[command(subcommand)]
    Provider(settings::ProviderCommand),
    /// Web roles: list, add, edit, remove
    #[command(subcommand)]
    Role(access::RoleCommand),
    /// Table permissions: list, add, edit, remove
    #[command(subcommand)]
    Permission(access::PermissionCommand),
    /// Web pages (the tree page rules attach to): list, add
    #[command(subcommand)]
    Page(access::PageCommand),
    /// Page access rules: list, add, remove
    #[command(subcommand)]
    PageRule(access::PageRuleCommand),
    /// Website access permissions: list, add, remove
    #[command(subcommand)]
    WebsiteAccess(access::WebsiteAccessCommand),
    /// Effective access and posture warnings
    #[command(subcommand)]
    Access(access::AccessCommand),
    /// Contacts (portal users): list, search, show, add, edit, unlock, passwords, roles, diagnose, CSV, bulk
    #[command(subcommand)]
    Contact(contacts::ContactCommand),
    /// Invitations: list, create, show, redeem, revoke
    #[command(subcommand)]
    Invitation(contacts::InvitationCommand),
    /// Import a portal folder (pac pages download)
    #[command(subcommand)]
    Import(pac::ImportCommand),
    /// Export a portal to a folder (pac pages upload accepts it)
    #[command(subcommand)]
    Export(pac::ExportCommand),
    /// What importing a portal folder would change
    #[command(subcommand)]
    Diff(pac::DiffCommand),
    /// Connections to Microsoft's services: add, list, show, edit, remove, test, signin, signout
    #[command(subcommand)]
    Connection(connection::ConnectionCommand),
    /// Find a tenant's portals (preview; exit 3 when something would change, --yes applies)
    Discover {
        #[arg(long)]
        connection: String,
        #[arg(long)]
        yes: bool,
    },
    /// A connected portal's site: restart, start, stop, status (Power Pages admin API)
    #[command(subcommand)]
    Site(connection::SiteCommand),
}

fn main() -> ExitCode {
    // `portal-admin … | head` should end quietly like other Unix tools, not panic on a closed pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let out = Output::new(cli.json);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return out.fail(&anyhow::Error::new(e).context("cannot start the async runtime")),
    };
    match runtime.block_on(run(cli, &out)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => out.fail(&e),
    }
}

/// Runs the command; the result is the exit code (0 unless a command defines others).
async fn run(cli: Cli, out: &Output) -> anyhow::Result<u8> {
    let core = Core::open(CoreOptions {
        data_dir: cli.data_dir,
        actor: Some(format!("{} (cli)", whoami())),
        ..Default::default()
    })
    .await
    .context("cannot open the workspace")?;
    let result = match cli.command {
        Command::Init { demo } => {
            let report = ops::workspace::init(&core, demo).await?;
            out.init(&report).map(|()| 0)
        }
        Command::Portal(command) => portal::run(&core, command, out).await.map(|()| 0),
        Command::Key(command) => key::run(&core, command, out).await,
        Command::Notify(command) => key::notify(&core, command, out).await,
        Command::Settings(command) => settings::settings(&core, command, out).await,
        Command::Password(command) => settings::password(&core, command, out).await,
        Command::Provider(command) => settings::provider(&core, command, out).await,
        Command::Role(command) => access::role(&core, command, out).await,
        Command::Permission(command) => access::permission(&core, command, out).await,
        Command::Page(command) => access::page(&core, command, out).await,
        Command::PageRule(command) => access::page_rule(&core, command, out).await,
        Command::WebsiteAccess(command) => access::website_access(&core, command, out).await,
        Command::Access(command) => access::access(&core, command, out).await,
        Command::Contact(command) => contacts::contact(&core, command, out).await,
        Command::Invitation(command) => contacts::invitation(&core, command, out).await,
        Command::Import(command) => pac::import(&core, command, out).await,
        Command::Export(command) => pac::export(&core, command, out).await,
        Command::Diff(command) => pac::diff(&core, command, out).await,
        Command::Connection(command) => connection::connection(&core, command, out).await,
        Command::Discover { connection: c, yes } => connection::discover(&core, &c, yes, out).await,
        Command::Site(command) => connection::site(&core, command, out).await,
    };
    core.close().await;
    result
}

fn whoami() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into())
}
