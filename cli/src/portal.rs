//! `portal-admin portal …`: adapters from arguments to `ops::portal`.

use clap::{Args, Subcommand};
use portal_admin::domain::{PortalDraft, PortalPatch, PortalState};
use portal_admin::ops::{self, Core};

use crate::output::Output;

#[derive(Subcommand)]
pub enum PortalCommand {
    /// List every portal of the workspace
    List,
    /// Show one portal (by name or id)
    Show {
        portal: String,
        /// Also list its recent changes from the audit trail
        #[arg(long)]
        history: bool,
    },
    /// Add a portal to the workspace
    Add(AddArgs),
    /// Change fields of a portal (by name or id)
    Edit(EditArgs),
    /// Remove a portal from the workspace (its audit history is kept)
    Remove { portal: String },
}

#[derive(Args)]
pub struct AddArgs {
    #[arg(long)]
    name: String,
    /// The portal's https:// address
    #[arg(long)]
    url: String,
    /// The Dataverse environment's https:// address
    #[arg(long, default_value = "")]
    environment_url: String,
    /// The Entra ID application id (GUID)
    #[arg(long, default_value = "")]
    app_id: String,
    /// The website record's GUID, when tracking an existing portal (default: a new one)
    #[arg(long)]
    id: Option<String>,
    #[arg(long)]
    owner: Option<String>,
    #[arg(long, value_parser = parse_state)]
    state: Option<PortalState>,
    /// Validity of generated authentication keys, in days (default 730 = two years)
    #[arg(long, value_name = "DAYS")]
    key_lifetime_days: Option<u32>,
}

#[derive(Args)]
pub struct EditArgs {
    /// The portal to change (name or id)
    portal: String,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    url: Option<String>,
    #[arg(long)]
    environment_url: Option<String>,
    #[arg(long)]
    app_id: Option<String>,
    /// New owner ("" clears it)
    #[arg(long)]
    owner: Option<String>,
    #[arg(long, value_parser = parse_state)]
    state: Option<PortalState>,
    /// Validity of generated authentication keys, in days
    #[arg(long, value_name = "DAYS")]
    key_lifetime_days: Option<u32>,
}

fn parse_state(s: &str) -> Result<PortalState, String> {
    s.parse()
}

pub async fn run(core: &Core, command: PortalCommand, out: &Output) -> anyhow::Result<()> {
    match command {
        PortalCommand::List => out.portals(&ops::portal::list(core).await?),
        PortalCommand::Show { portal, history } => {
            let portal = ops::portal::resolve(core, &portal).await?;
            let history = if history { Some(ops::portal::history(core, portal.id, 50).await?) } else { None };
            out.portal(&portal, history.as_deref())
        }
        PortalCommand::Add(args) => {
            let draft = PortalDraft {
                id: args.id,
                name: args.name,
                url: args.url,
                environment_url: args.environment_url,
                app_id: args.app_id,
                owner: args.owner,
                state: args.state,
                key_lifetime_days: args.key_lifetime_days,
            };
            let portal = ops::portal::create(core, draft).await?;
            out.changed("Added", &portal)
        }
        PortalCommand::Edit(args) => {
            let target = ops::portal::resolve(core, &args.portal).await?;
            let patch = PortalPatch {
                name: args.name,
                url: args.url,
                environment_url: args.environment_url,
                app_id: args.app_id,
                owner: args.owner,
                state: args.state,
                key_lifetime_days: args.key_lifetime_days,
            };
            if patch.is_empty() {
                anyhow::bail!(
                    "nothing to change: give at least one of --name, --url, --environment-url, --app-id, --owner, --state, --key-lifetime-days"
                );
            }
            let portal = ops::portal::update(core, target.id, patch).await?;
            out.changed("Updated", &portal)
        }
        PortalCommand::Remove { portal } => {
            let target = ops::portal::resolve(core, &portal).await?;
            let removed = ops::portal::remove(core, target.id).await?;
            out.changed("Removed", &removed)
        }
    }
}
