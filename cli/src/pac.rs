//! `import pac`, `export pac` and `diff pac`: thin adapters over `ops::pac` for portal folders
//! written by `pac pages download` (either layout). Without `--yes`, an import over an existing
//! portal or an export over a folder that changed prints the diff and exits 3 without writing.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use portal_admin::domain::pac::{DiffChange, Layout, PacDiff};
use portal_admin::ops::pac::{FolderSummary, ImportRequest, PacProgress};
use portal_admin::ops::{self, Core};

use crate::output::Output;
use crate::settings::PortalArg;

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import a `pac pages download` folder (aggregate layout or code site) into a portal
    Pac(ImportPac),
}

#[derive(Args)]
pub struct ImportPac {
    /// The folder: the download folder, or a code site's folder holding .powerpages-site
    folder: PathBuf,
    /// The portal to import into (name or id); by default the one with the folder's website id,
    /// or a new portal named after the website
    #[arg(long, short = 'p')]
    portal: Option<String>,
    /// Apply the changes to an existing portal (without it, the diff is printed and nothing written)
    #[arg(long)]
    yes: bool,
    /// For a new portal: its public address (https://…)
    #[arg(long)]
    url: Option<String>,
    /// For a new portal: its Dataverse environment (default: from the folder's manifest)
    #[arg(long)]
    environment_url: Option<String>,
    /// For a new portal: its Entra ID application (client) id
    #[arg(long)]
    app_id: Option<String>,
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Export a portal to a folder `pac pages upload` accepts
    Pac(ExportPac),
}

#[derive(Clone, Copy, ValueEnum)]
enum LayoutArg {
    /// One YAML per table with adx_ keys (pac pages download)
    Aggregate,
    /// .powerpages-site with one file per record (code sites)
    CodeSite,
}

#[derive(Args)]
pub struct ExportPac {
    #[command(flatten)]
    portal: PortalArg,
    /// The folder to write (created when missing)
    folder: PathBuf,
    /// The layout; by default the one the portal was imported from (aggregate otherwise)
    #[arg(long, value_enum)]
    layout: Option<LayoutArg>,
    /// Overwrite a folder that changed since the portal was imported from or exported to it
    #[arg(long)]
    yes: bool,
}

#[derive(Subcommand)]
pub enum DiffCommand {
    /// What importing a folder would change in a portal
    Pac(DiffPac),
}

#[derive(Args)]
pub struct DiffPac {
    #[command(flatten)]
    portal: PortalArg,
    folder: PathBuf,
}

fn progress(p: PacProgress) {
    if p.total >= 2_000 && p.done == 0 {
        eprintln!("{} {} files…", p.phase, p.total);
    }
}

fn layout(arg: Option<LayoutArg>) -> Option<Layout> {
    arg.map(|l| match l {
        LayoutArg::Aggregate => Layout::Aggregate,
        LayoutArg::CodeSite => Layout::CodeSite,
    })
}

pub async fn import(core: &Core, command: ImportCommand, out: &Output) -> anyhow::Result<u8> {
    let ImportCommand::Pac(args) = command;
    let preview = ops::pac::preview_import(core, &args.folder, args.portal.as_deref(), &progress).await?;
    if preview.needs_confirmation && !args.yes {
        if out.is_json() {
            out.print_json(&preview)?;
        } else {
            print_summary(&preview.summary);
            let name = preview.portal.as_ref().map(|p| p.name.as_str()).unwrap_or_default();
            println!("Importing changes the portal \"{name}\":");
            print_diff(&preview.diff);
            println!("Nothing was changed; run again with --yes to apply.");
        }
        return Ok(3);
    }
    let request = ImportRequest {
        folder: args.folder.display().to_string(),
        portal: args.portal,
        url: args.url,
        environment_url: args.environment_url,
        app_id: args.app_id,
        confirm: args.yes,
    };
    let outcome = ops::pac::import(core, &request, &progress).await?;
    out.print_value(&outcome, |o| {
        let verb = if o.created { "Created the portal" } else { "Updated the portal" };
        let mut text = format!("{verb} \"{}\" ({}) from {}\n", o.portal.name, o.portal.id, o.summary.folder);
        text += &counts_line(&o.summary);
        if !o.created {
            text += &format!(
                "\n{} added, {} removed, {} changed, {} unchanged",
                o.diff.added, o.diff.removed, o.diff.changed, o.diff.unchanged
            );
        }
        for w in &o.summary.warnings {
            text += &format!("\nwarning: {w}");
        }
        text
    })?;
    Ok(0)
}

pub async fn export(core: &Core, command: ExportCommand, out: &Output) -> anyhow::Result<u8> {
    let ExportCommand::Pac(args) = command;
    let portal = ops::portal::resolve(core, &args.portal.portal).await?;
    let layout = layout(args.layout);
    let preview = ops::pac::preview_export(core, &portal, &args.folder, layout).await?;
    if preview.needs_confirmation && !args.yes {
        if out.is_json() {
            out.print_json(&preview)?;
        } else {
            println!("{}: {}", preview.folder, preview.reason.as_deref().unwrap_or("the folder would change"));
            print_diff(&preview.diff);
            println!("Nothing was written; run again with --yes to overwrite.");
        }
        return Ok(3);
    }
    let outcome = ops::pac::export(core, &portal, &args.folder, layout, args.yes, &progress).await?;
    out.print_value(&outcome, |o| {
        let mut text = format!(
            "Exported \"{}\" to {} ({} layout): {} file(s) written, {} unchanged, {} removed",
            portal.name,
            o.folder,
            o.layout.as_str(),
            o.written,
            o.unchanged,
            o.removed
        );
        for w in &o.warnings {
            text += &format!("\nwarning: {w}");
        }
        text
    })?;
    Ok(0)
}

pub async fn diff(core: &Core, command: DiffCommand, out: &Output) -> anyhow::Result<u8> {
    let DiffCommand::Pac(args) = command;
    let portal = ops::portal::resolve(core, &args.portal.portal).await?;
    let (summary, diff) = ops::pac::diff(core, &portal, &args.folder).await?;
    if out.is_json() {
        out.print_json(&serde_json::json!({ "summary": summary, "diff": diff }))?;
    } else if diff.is_empty() {
        println!("No differences between \"{}\" and {}.", portal.name, summary.folder);
    } else {
        println!("Importing {} would change \"{}\":", summary.folder, portal.name);
        print_diff(&diff);
    }
    Ok(0)
}

fn counts_line(s: &FolderSummary) -> String {
    let c = &s.counts;
    format!(
        "{} layout: {} site settings, {} web roles, {} website access, {} page rules, {} table permissions; {} file(s) kept as they are",
        s.layout.as_str(),
        c.site_settings,
        c.web_roles,
        c.website_access,
        c.page_rules,
        c.table_permissions,
        s.kept_files
    )
}

fn print_summary(s: &FolderSummary) {
    println!("{} ({}) in {}", s.website_name, s.website_id, s.folder);
    println!("{}", counts_line(s));
    for w in &s.warnings {
        println!("warning: {w}");
    }
}

fn print_diff(diff: &PacDiff) {
    for r in &diff.records {
        let sign = match r.change {
            DiffChange::Added => '+',
            DiffChange::Removed => '-',
            DiffChange::Changed => '~',
        };
        println!("{sign} {} \"{}\" ({})", r.kind.title(), r.name, r.id);
        if r.change == DiffChange::Changed {
            for f in &r.fields {
                println!(
                    "    {}: {} -> {}",
                    f.field,
                    f.before.as_deref().unwrap_or("(none)"),
                    f.after.as_deref().unwrap_or("(none)")
                );
            }
        }
    }
    for f in &diff.files {
        println!("{} file {}", f.change.as_str(), f.path);
    }
    println!(
        "{} added, {} removed, {} changed, {} unchanged; {} kept file(s) differ",
        diff.added,
        diff.removed,
        diff.changed,
        diff.unchanged,
        diff.files.len()
    );
}
