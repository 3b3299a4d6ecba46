//! Printing: human tables or stable JSON (see docs/cli.md), and the one-line error report.

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Local, Utc};
use portal_admin::domain::key::{AuthKey, ScheduleEntry};
use portal_admin::domain::{AuditEntry, Portal};
use portal_admin::keys::CertificateFormat;
use portal_admin::ops::key::{KeyCheck, KeyView};
use portal_admin::ops::notify::NoticeReport;
use portal_admin::ops::workspace::InitReport;
use serde::Serialize;

/// An instant as "2027-01-31 09:00:00 UTC (Sun 31 Jan 2027 10:00 local)".
fn both_times(at: DateTime<Utc>) -> String {
    format!("{} ({} local)", at.format("%Y-%m-%d %H:%M:%S UTC"), at.with_timezone(&Local).format("%a %d %b %Y %H:%M"))
}

pub struct Output {
    json: bool,
}

impl Output {
    pub fn new(json: bool) -> Self {
        Self { json }
    }

    pub fn is_json(&self) -> bool {
        self.json
    }

    pub fn print_json<T: Serialize + ?Sized>(&self, value: &T) -> anyhow::Result<()> {
        let mut stdout = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut stdout, value)?;
        writeln!(stdout)?;
        Ok(())
    }

    /// JSON of `value`, or one line of text about it.
    pub fn print_value<T: Serialize + ?Sized>(&self, value: &T, text: impl FnOnce(&T) -> String) -> anyhow::Result<()> {
        if self.json {
            return self.print_json(value);
        }
        println!("{}", text(value));
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
        println!("Key lifetime:     {} days", portal.key_lifetime_days);
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

    pub fn key_view(&self, view: &KeyView) -> anyhow::Result<()> {
        if self.json {
            // Flat, stable shape for scripts (docs/cli.md).
            let key = view.key.as_ref();
            let body = serde_json::json!({
                "portal_id": view.portal_id,
                "portal_name": view.portal_name,
                "has_key": key.is_some(),
                "not_after": key.map(|k| k.certificate.not_after),
                "not_before": key.map(|k| k.certificate.not_before),
                "thumbprint": key.map(|k| &k.certificate.thumbprint),
                "x5t": key.map(|k| &k.certificate.x5t),
                "subject": key.map(|k| &k.certificate.subject),
                "issuer": key.map(|k| &k.certificate.issuer),
                "serial": key.map(|k| &k.certificate.serial),
                "key_algorithm": key.map(|k| &k.certificate.key_algorithm),
                "key_bits": key.map(|k| k.certificate.key_bits),
                "has_private_key": key.map(|k| k.has_private_key),
                "source": key.map(|k| k.source),
                "graph_key_id": key.and_then(|k| k.graph_key_id.as_ref()),
                "graph_read_at": key.and_then(|k| k.graph_read_at),
                "severity": view.severity,
                "days_left": view.days_left,
                "time_left": view.time_left,
                "key_lifetime_days": view.key_lifetime_days,
                "next_milestone": view.next_milestone,
                "acknowledged_by": key.and_then(|k| k.acknowledged_by.as_ref()),
                "acknowledged_at": key.and_then(|k| k.acknowledged_at),
                "snoozed_until": key.and_then(|k| k.snoozed_until),
                "banner": view.banner,
            });
            return self.print_json(&body);
        }
        println!("Portal:           {}", view.portal_name);
        let Some(key) = &view.key else {
            println!(
                "Key:              none (no key to renew: generate one or import the certificate the portal uses)"
            );
            return Ok(());
        };
        let c = &key.certificate;
        println!("Expires:          {}", both_times(c.not_after));
        println!(
            "Time left:        {} ({})",
            view.time_left.as_deref().unwrap_or("-"),
            view.severity.map(|s| s.as_str()).unwrap_or("-")
        );
        println!("Thumbprint:       {}", c.thumbprint);
        println!("Subject:          {}", c.subject);
        println!("Issued:           {}", both_times(c.not_before));
        println!(
            "Key:              {} {} bits, private key {}",
            c.key_algorithm,
            c.key_bits,
            if key.has_private_key { "in the OS keyring" } else { "not held here" }
        );
        println!("Key lifetime:     {} days", view.key_lifetime_days);
        if let Some(read) = key.graph_read_at {
            let age = chrono::Utc::now() - read;
            let age = if age.num_hours() >= 48 {
                format!("{} days ago", age.num_days())
            } else if age.num_minutes() >= 120 {
                format!("{} hours ago", age.num_hours())
            } else {
                format!("{} minutes ago", age.num_minutes().max(0))
            };
            println!("Dates:            from Microsoft Graph, as of {} ({age})", both_times(read));
        }
        if let Some(next) = &view.next_milestone {
            println!("Next notice:      {} ({})", both_times(next.at), next.label);
        }
        if let Some(owner) = &key.acknowledged_by {
            println!("Renewal owner:    {owner}");
        }
        if let Some(until) = key.snoozed_until {
            println!("Snoozed until:    {}", both_times(until));
        }
        Ok(())
    }

    pub fn key_added(&self, verb: &str, portal: &str, key: &AuthKey) -> anyhow::Result<()> {
        if self.json {
            return self.print_json(key);
        }
        println!(
            "{verb} the authentication key of \"{portal}\": thumbprint {}, valid until {}.",
            key.certificate.thumbprint,
            key.certificate.not_after.format("%Y-%m-%d %H:%M:%S UTC")
        );
        Ok(())
    }

    pub fn exported(&self, path: &std::path::Path, format: CertificateFormat) -> anyhow::Result<()> {
        if self.json {
            return self.print_json(&serde_json::json!({ "path": path, "format": format }));
        }
        println!("Wrote the public certificate to {}.", path.display());
        Ok(())
    }

    pub fn schedule(&self, entries: &[ScheduleEntry]) -> anyhow::Result<()> {
        if self.json {
            return self.print_json(entries);
        }
        println!("{:<12}  {:<24}  {:<8}  WHEN", "MILESTONE", "AT (UTC)", "STATE");
        for e in entries {
            let state = serde_json::to_value(e.state)?;
            println!(
                "{:<12}  {:<24}  {:<8}  {}",
                e.milestone,
                e.at.format("%Y-%m-%d %H:%M:%S"),
                state.as_str().unwrap_or_default(),
                e.label
            );
        }
        Ok(())
    }

    pub fn checks(&self, checks: &[KeyCheck]) -> anyhow::Result<()> {
        if self.json {
            return self.print_json(checks);
        }
        for c in checks {
            match (c.severity, &c.not_after) {
                (Some(s), Some(at)) => println!(
                    "{}: {} - {} key expires {} ({})",
                    s.as_str().to_uppercase(),
                    c.portal_name,
                    if s == portal_admin::domain::key::Severity::Expired { "the" } else { "its" },
                    at.format("%Y-%m-%d %H:%M UTC"),
                    c.time_left.as_deref().unwrap_or_default()
                ),
                _ => println!("NO KEY: {} - no authentication key to watch", c.portal_name),
            }
        }
        Ok(())
    }

    pub fn key_history(&self, keys: &[AuthKey]) -> anyhow::Result<()> {
        if self.json {
            return self.print_json(keys);
        }
        for k in keys {
            let status = serde_json::to_value(k.status)?;
            println!(
                "{:<8}  {}  {} → {}",
                status.as_str().unwrap_or_default(),
                k.certificate.thumbprint,
                k.certificate.not_before.format("%Y-%m-%d"),
                k.certificate.not_after.format("%Y-%m-%d")
            );
        }
        Ok(())
    }

    pub fn renewal(&self, portal: &str, job: &portal_admin::domain::renewal::RenewalJob) -> anyhow::Result<()> {
        if self.json {
            return self.print_json(job);
        }
        if job.state == portal_admin::domain::renewal::RenewalState::Succeeded {
            println!("Renewed the authentication key of \"{portal}\" (job {}).", job.id);
        }
        Ok(())
    }

    pub fn notices(&self, reports: &[NoticeReport], dry_run: bool) -> anyhow::Result<()> {
        if self.json {
            return self.print_json(reports);
        }
        if reports.is_empty() {
            println!("Nothing is due.");
        }
        for r in reports {
            let what = if dry_run { "would notify" } else { "notified" };
            match (&r.channel, &r.error) {
                (Some(channel), _) => {
                    println!("{}: {what} via {channel} ({})", r.notice.portal_name, r.notice.milestone)
                }
                (None, Some(e)) => println!("{}: could not notify ({}): {e}", r.notice.portal_name, r.notice.milestone),
                (None, None) => println!("{}: {what}: {} — {}", r.notice.portal_name, r.notice.title, r.notice.body),
            }
            if !r.skipped.is_empty() {
                println!("  skipped while the watch was not running: {}", r.skipped.join(", "));
            }
        }
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
