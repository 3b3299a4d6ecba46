//! `portal-admin key …` and `portal-admin notify run`: adapters to `ops::key` and `ops::notify`.

use std::path::PathBuf;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::Subcommand;
use portal_admin::connector::LocalConnector;
use portal_admin::domain::key::Severity;
use portal_admin::domain::renewal::{RenewalJob, RenewalState};
use portal_admin::keys::CertificateFormat;
use portal_admin::notify::{DesktopNotifier, Notice, Notifier};
use portal_admin::ops::{self, Core};

use crate::output::Output;

#[derive(Subcommand)]
pub enum KeyCommand {
    /// The portal's active authentication key: expiry, thumbprint, severity, days left
    Show {
        #[arg(long)]
        portal: String,
    },
    /// Generate a new key (RSA-2048, self-signed SHA-256) and make it the active one
    Generate {
        #[arg(long)]
        portal: String,
        /// Validity in days (default: the portal's key lifetime, two years unless set)
        #[arg(long, value_name = "DAYS")]
        lifetime_days: Option<u32>,
        /// Replace an existing active key (renewal is the safe way to replace a key in use)
        #[arg(long)]
        replace: bool,
    },
    /// Track an existing key: a PEM, DER/.cer or PKCS#12 (.pfx) file
    Import {
        #[arg(long)]
        portal: String,
        file: PathBuf,
        /// File holding the PKCS#12 password (first line)
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
    /// Write the active key's public certificate for upload to Entra ID
    Export {
        #[arg(long)]
        portal: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, default_value = "pem", value_parser = parse_format)]
        format: CertificateFormat,
    },
    /// Every notification milestone of the active key with its instant and state
    Schedule {
        #[arg(long)]
        portal: String,
        /// Evaluate at this instant (RFC 3339) instead of now
        #[arg(long, value_parser = parse_instant)]
        at: Option<DateTime<Utc>>,
    },
    /// One line per portal; exit 0 when all are ok or notice, 1 at warning, 2 at critical or expired
    Check {
        #[arg(long, value_parser = parse_instant)]
        at: Option<DateTime<Utc>>,
    },
    /// Read key dates from Microsoft Graph now (every connected portal, or one)
    Refresh {
        #[arg(long)]
        portal: Option<String>,
    },
    /// Every key the portal has had, newest first
    History {
        #[arg(long)]
        portal: String,
    },
    /// Every portal's key expiry as a calendar (.ics, reminders 30 and 7 days before) or CSV
    Expiries {
        #[arg(long, default_value = "ics", value_parser = parse_expiries_format)]
        format: ops::key::ExpiriesFormat,
        /// Write to this file instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Hide the key's banner and in-app reminders until the next reminder milestone
    Snooze {
        #[arg(long)]
        portal: String,
    },
    /// Record who owns the renewal of the key ("" clears it)
    Acknowledge {
        #[arg(long)]
        portal: String,
        #[arg(long)]
        owner: String,
    },
    /// Renew the key: generate → register → restart the portal once → verify → retire the old key.
    /// Runs to the end (or the failing step); running it again retries a failed renewal where it stopped
    Renew {
        #[arg(long)]
        portal: String,
        /// Confirm: the portal restarts during renewal
        #[arg(long)]
        yes: bool,
        /// Print each step as it happens
        #[arg(long)]
        wait: bool,
    },
}

#[derive(Subcommand)]
pub enum NotifyCommand {
    /// Whether the expiry watch ran within the last day; exit 1 when it has stalled
    Status,
    /// Deliver the expiry notices that are due (desktop notification, else printed) and record them
    Run {
        #[arg(long, value_parser = parse_instant)]
        at: Option<DateTime<Utc>>,
        /// Show what would be delivered without delivering or recording anything
        #[arg(long)]
        dry_run: bool,
    },
}

fn parse_format(s: &str) -> Result<CertificateFormat, String> {
    s.parse()
}

fn parse_expiries_format(s: &str) -> Result<ops::key::ExpiriesFormat, String> {
    s.parse()
}

fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.to_utc())
        .map_err(|e| format!("\"{s}\" is not an RFC 3339 instant like 2027-01-31T09:00:00Z ({e})"))
}

/// Runs a key command; the returned byte is the process exit code.
pub async fn run(core: &Core, command: KeyCommand, out: &Output) -> anyhow::Result<u8> {
    match command {
        KeyCommand::Show { portal } => {
            let p = ops::portal::resolve(core, &portal).await?;
            out.key_view(&ops::key::show(core, p.id).await?)?;
        }
        KeyCommand::Generate { portal, lifetime_days, replace } => {
            let p = ops::portal::resolve(core, &portal).await?;
            let key = ops::key::generate(core, p.id, lifetime_days, replace).await?;
            out.key_added("Generated", &p.name, &key)?;
        }
        KeyCommand::Import { portal, file, password_file } => {
            let p = ops::portal::resolve(core, &portal).await?;
            let password = match password_file {
                Some(f) => Some(
                    std::fs::read_to_string(&f)
                        .with_context(|| format!("cannot read {}", f.display()))?
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                ),
                None => None,
            };
            let key = ops::key::import_file(core, p.id, &file, password.as_deref())
                .await
                .with_context(|| format!("cannot import {}", file.display()))?;
            out.key_added("Imported", &p.name, &key)?;
        }
        KeyCommand::Export { portal, out: path, format } => {
            let p = ops::portal::resolve(core, &portal).await?;
            ops::key::export_to_file(core, p.id, &path, format).await?;
            out.exported(&path, format)?;
        }
        KeyCommand::Schedule { portal, at } => {
            let p = ops::portal::resolve(core, &portal).await?;
            out.schedule(&ops::key::schedule(core, p.id, at).await?)?;
        }
        KeyCommand::Check { at } => {
            let checks = ops::key::check(core, at).await?;
            out.checks(&checks)?;
            let worst = checks.iter().filter_map(|c| c.severity).max();
            return Ok(match worst {
                Some(Severity::Critical | Severity::Expired) => 2,
                Some(Severity::Warning) => 1,
                _ => 0,
            });
        }
        KeyCommand::Refresh { portal } => return crate::connection::key_refresh(core, portal, out).await,
        KeyCommand::History { portal } => {
            let p = ops::portal::resolve(core, &portal).await?;
            out.key_history(&ops::key::history(core, p.id).await?)?;
        }
        KeyCommand::Expiries { format, out: path } => match path {
            Some(path) => {
                ops::key::expiries_to_file(core, format, &path).await?;
                if !out.is_json() {
                    println!("Wrote {}.", path.display());
                }
            }
            None => print!("{}", ops::key::expiries(core, format).await?),
        },
        KeyCommand::Snooze { portal } => {
            let p = ops::portal::resolve(core, &portal).await?;
            out.key_view(&ops::key::snooze(core, p.id).await?)?;
        }
        KeyCommand::Acknowledge { portal, owner } => {
            let p = ops::portal::resolve(core, &portal).await?;
            out.key_view(&ops::key::acknowledge(core, p.id, &owner).await?)?;
        }
        KeyCommand::Renew { portal, yes, wait } => {
            let p = ops::portal::resolve(core, &portal).await?;
            if !yes {
                anyhow::bail!("renewing the key of \"{}\" restarts the portal once; pass --yes to confirm", p.name);
            }
            let connector = LocalConnector::new(core.store().clone(), core.clock_handle());
            let show = wait && !out.is_json();
            let progress = move |job: &RenewalJob| {
                if show {
                    match (job.state, job.step) {
                        (RenewalState::Running, Some(step)) => eprintln!("… {}", step.describe()),
                        (RenewalState::Failed, Some(step)) => {
                            eprintln!("✗ {}: {}", step.describe(), job.error.as_deref().unwrap_or_default())
                        }
                        _ => {}
                    }
                }
            };
            let job = ops::renewal::start(core, p.id).await?;
            let job = if job.state == RenewalState::Failed {
                ops::renewal::retry(core, job.id, &connector, &progress).await?
            } else {
                ops::renewal::drive(core, job.id, &connector, &progress).await?
            };
            out.renewal(&p.name, &job)?;
            if job.state != RenewalState::Succeeded {
                anyhow::bail!(
                    "renewal stopped at \"{}\": {}; the old key is still active. Run the command again to retry",
                    job.step.map(|s| s.describe()).unwrap_or("?"),
                    job.error.as_deref().unwrap_or("unknown error")
                );
            }
        }
    }
    Ok(0)
}

/// Prints a notice on stdout: the channel of last resort, for cron mail and terminals.
struct PrintNotifier;

impl Notifier for PrintNotifier {
    fn deliver<'a>(&'a self, notice: &'a Notice) -> portal_admin::notify::DeliveryFuture<'a> {
        Box::pin(async move {
            println!("[{}] {}: {}", notice.severity.as_str(), notice.title, notice.body);
            Ok("stdout".to_owned())
        })
    }
}

pub async fn notify(core: &Core, command: NotifyCommand, out: &Output) -> anyhow::Result<u8> {
    let (at, dry_run) = match command {
        NotifyCommand::Status => {
            let health = ops::notify::watch_health(core).await?;
            if out.is_json() {
                println!("{}", serde_json::to_string_pretty(&health)?);
            } else {
                match (&health.message, health.last_run) {
                    (Some(message), _) => println!("STALLED: {message}"),
                    (None, Some(t)) => println!("OK: the expiry watch last ran {}", t.format("%Y-%m-%d %H:%M UTC")),
                    (None, None) => println!("OK: no keys to watch"),
                }
            }
            return Ok(if health.stale { 1 } else { 0 });
        }
        NotifyCommand::Run { at, dry_run } => (at, dry_run),
    };
    let desktop = DesktopNotifier::default();
    // With --json, stdout is for the report: no printed fallback there.
    let printer = PrintNotifier;
    let notifiers: Vec<&dyn Notifier> = if out.is_json() { vec![&desktop] } else { vec![&desktop, &printer] };
    let reports = ops::notify::run(core, at, dry_run, &notifiers).await?;
    out.notices(&reports, dry_run)?;
    Ok(0)
}
