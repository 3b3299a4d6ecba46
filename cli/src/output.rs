//! Printing: human tables or stable JSON (see docs/cli.md), and the one-line error report.

use std::io::Write;
use std::process::ExitCode;

use portal_admin::domain::{AuditEntry, Portal};
use portal_admin::ops::workspace::InitReport;
use serde::Serialize;

pub struct Output {
    json: bool,
}

impl Output {
    pub fn new(json: bool) -> Self {
        Self { json }
    }

    fn print_json<T: Serialize + ?Sized>(&self, value: &T) -> anyhow::Result<()> {
        let mut stdout = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut stdout, value)?;
        writeln!(stdout)?;
        Ok(())
    }

    pub fn init(&self, report: &InitReport) -> anyhow::Result<()> {
        if self.json {
            return self.print_json(report);
        }
        println!("Workspace: {}", report.workspace.database.display());
        if let Some(demo) = &report.seeded_demo {
            println!("Added the demo portal \"{}\" ({}).", demo.name, demo.id);
        } else if report.demo_already_present {
            println!("The demo portal is already in this workspace.");
        }
        println!("Portals: {}", report.workspace.portal_count);
        Ok(())
    }

    pub fn portals(&self, portals: &[Portal]) -> anyhow::Result<()> {
        if self.json {
            return self.print_json(portals);
        }
        if portals.is_empty() {
            println!("No portals yet. Add one with `portal-admin portal add` or seed the demo with `portal-admin init --demo`.");
            return Ok(());
        }
        let name_width = portals.iter().map(|p| p.name.chars().count()).max().unwrap_or(4).max(4);
        println!("{:<name_width$}  {:<10}  {:<36}  URL", "NAME", "STATE", "ID");
        for p in portals {
            println!("{:<name_width$}  {:<10}  {:<36}  {}", p.name, p.state.as_str(), p.id, p.url);
        }
        Ok(())
    }

    pub fn portal(&self, portal: &Portal, history: Option<&[AuditEntry]>) -> anyhow::Result<()> {
        if self.json {
            #[derive(Serialize)]
            struct WithHistory<'a> {
                #[serde(flatten)]
                portal: &'a Portal,
                #[serde(skip_serializing_if = "Option::is_none")]
                history: Option<&'a [AuditEntry]>,
            }
            return self.print_json(&WithHistory { portal, history });
        }
        println!("Name:             {}", portal.name);
        println!("Id:               {}", portal.id);
        println!("URL:              {}", portal.url);
        println!("Environment URL:  {}", portal.environment_url);
        println!("Application id:   {}", portal.app_id);
        println!("Owner:            {}", portal.owner.as_deref().unwrap_or("—"));
        println!("State:            {}", portal.state.as_str());
        println!("Added:            {}", portal.created_at.to_rfc3339());
        println!("Updated:          {}", portal.updated_at.to_rfc3339());
        if let Some(history) = history {
            println!("History:");
            for entry in history {
                println!("  {}  {:<8} by {}", entry.at.to_rfc3339(), entry.action.as_str(), entry.actor);
            }
        }
        Ok(())
    }

    pub fn changed(&self, verb: &str, portal: &Portal) -> anyhow::Result<()> {
        if self.json {
            return self.print_json(portal);
        }
        println!("{verb} portal \"{}\" ({}).", portal.name, portal.id);
        Ok(())
    }

    /// Reports an error on one line of stderr (JSON with `--json`) and gives exit code 1.
    pub fn fail(&self, error: &anyhow::Error) -> ExitCode {
        let core = error.chain().find_map(|e| e.downcast_ref::<portal_admin::Error>());
        // The innermost core error is the specific one; the context above it only says where.
        let message = match core {
            Some(e) => e.to_string(),
            None => error.chain().map(|e| e.to_string()).collect::<Vec<_>>().join(": "),
        };
        let message = message.replace('\n', " ");
        if self.json {
            let body = serde_json::json!({
                "error": {
                    "code": core.map(|e| e.code().as_str()).unwrap_or("invalid_input"),
                    "message": message,
                    "fields": core.map(|e| e.field_errors()).unwrap_or(&[]),
                }
            });
            eprintln!("{body}");
        } else {
            eprintln!("portal-admin: error: {message}");
        }
        ExitCode::from(1)
    }
}
