//! The expiry watch: deliver what the schedule says is due now, record it, and say when to wake.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::domain::key::{self, NoticeOutcome, Severity};
use crate::error::Result;
use crate::notify::{Notice, NoticeSubject, Notifier};
use crate::ops::Core;

/// What one watch run did (or, dry, would do) for one portal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct NoticeReport {
    pub notice: Notice,
    /// Where it went ("desktop", "stdout", …); `None` on a dry run or when every channel failed.
    pub channel: Option<String>,
    /// Why delivery failed, when it did.
    pub error: Option<String>,
    /// Milestones passed while the watch was not running, recorded as skipped.
    pub skipped: Vec<String>,
}

/// A certificate the watch follows: a portal's active authentication key or an identity
/// provider's signing certificate.
struct Watched {
    portal_id: crate::domain::PortalId,
    portal_name: String,
    subject: NoticeSubject,
    thumbprint: String,
    not_after: DateTime<Utc>,
    record: Recorder,
}

enum Recorder {
    Key(i64),
    ProviderCertificate(i64),
}

async fn watched(core: &Core) -> Result<Vec<Watched>> {
    let mut out = Vec::new();
    for (portal, active) in core.store().portals_with_active_keys().await? {
        let Some(active) = active else { continue };
        out.push(Watched {
            portal_id: portal.id,
            portal_name: portal.name,
            subject: NoticeSubject::AuthKey,
            thumbprint: active.certificate.thumbprint.clone(),
            not_after: active.certificate.not_after,
            record: Recorder::Key(active.id),
        });
    }
    for (portal_name, cert) in core.store().all_provider_certificates().await? {
        let Ok(portal_id) = cert.portal_id.parse() else { continue };
        out.push(Watched {
            portal_id,
            portal_name,
            subject: NoticeSubject::SigningCertificate { provider_key: cert.provider_key.clone() },
            thumbprint: cert.thumbprint.clone(),
            not_after: cert.not_after,
            record: Recorder::ProviderCertificate(cert.id),
        });
    }
    Ok(out)
}

impl Watched {
    async fn recorded(&self, core: &Core) -> Result<Vec<(key::Milestone, NoticeOutcome)>> {
        match self.record {
            Recorder::Key(id) => core.store().key_notices(id).await,
            Recorder::ProviderCertificate(id) => core.store().provider_certificate_notices(id).await,
        }
    }

    async fn save(
        &self,
        core: &Core,
        records: &[(key::Milestone, NoticeOutcome)],
        channel: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        match self.record {
            Recorder::Key(id) => core.store().record_notices(id, records, channel, now).await,
            Recorder::ProviderCertificate(id) => {
                core.store().record_provider_certificate_notices(id, records, channel, now).await
            }
        }
    }

    fn text(&self, now: DateTime<Utc>) -> (String, String) {
        match &self.subject {
            NoticeSubject::AuthKey => key::notice_text(&self.portal_name, self.not_after, now),
            NoticeSubject::SigningCertificate { provider_key } => {
                let provider = provider_key.split_once('/').map_or(provider_key.as_str(), |(_, n)| n);
                if self.not_after <= now {
                    (
                        format!("{}: {provider} signing certificate has expired", self.portal_name),
                        format!(
                            "The identity provider's signing certificate {} ({}); sign-in with {provider} fails until the portal trusts its new certificate. Re-import the provider's metadata in Portal Admin Center.",
                            self.thumbprint,
                            key::describe_time_left(self.not_after, now)
                        ),
                    )
                } else {
                    (
                        format!("{}: {provider} signing certificate expires in {}", self.portal_name, key::describe_time_left(self.not_after, now)),
                        format!(
                            "The identity provider's signing certificate {} expires on {}. Make sure the provider rolls over to a new one and re-import its metadata.",
                            self.thumbprint,
                            self.not_after.format("%Y-%m-%d %H:%M UTC")
                        ),
                    )
                }
            }
        }
    }
}

/// Delivers, for every watched certificate (each portal's active key and each identity
/// provider's signing certificate), the latest due milestone not yet recorded, through
/// `notifiers` in order (the first that succeeds wins), and records it with the skipped ones.
/// With `dry_run`, reports without delivering or recording. A notice whose every channel failed
/// is not recorded, so the next run tries again.
pub async fn run(
    core: &Core,
    at: Option<DateTime<Utc>>,
    dry_run: bool,
    notifiers: &[&dyn Notifier],
) -> Result<Vec<NoticeReport>> {
    let now = at.unwrap_or_else(|| core.clock().now());
    let mut reports = Vec::new();
    for item in watched(core).await? {
        let expiry = item.not_after;
        let recorded = item.recorded(core).await?;
        let plan = key::plan(expiry, now, &recorded);
        let Some(milestone) = plan.deliver else {
            if !plan.skip.is_empty() && !dry_run {
                let skipped: Vec<_> = plan.skip.iter().map(|m| (*m, NoticeOutcome::Skipped)).collect();
                item.save(core, &skipped, "none", now).await?;
            }
            continue;
        };
        let (title, body) = item.text(now);
        let notice = Notice {
            portal_id: item.portal_id,
            portal_name: item.portal_name.clone(),
            subject: item.subject.clone(),
            milestone: milestone.code(),
            thumbprint: item.thumbprint.clone(),
            severity: Severity::of(expiry, now),
            title,
            body,
        };
        let skipped: Vec<String> = plan.skip.iter().map(|m| m.code()).collect();
        if dry_run {
            reports.push(NoticeReport { notice, channel: None, error: None, skipped });
            continue;
        }
        let mut channel = None;
        let mut errors = Vec::new();
        for notifier in notifiers {
            match notifier.deliver(&notice).await {
                Ok(name) => {
                    channel = Some(name);
                    break;
                }
                Err(e) => errors.push(e),
            }
        }
        if let Some(name) = &channel {
            let mut records: Vec<_> = plan.skip.iter().map(|m| (*m, NoticeOutcome::Skipped)).collect();
            records.push((milestone, NoticeOutcome::Sent));
            item.save(core, &records, name, now).await?;
        }
        reports.push(NoticeReport {
            notice,
            channel,
            error: if errors.is_empty() { None } else { Some(errors.join("; ")) },
            skipped,
        });
    }
    if !dry_run {
        core.store().mark_watch_run(now).await?;
    }
    Ok(reports)
}

/// The watch counts as stalled when it has not completed a round for this long.
pub const WATCH_STALE_AFTER: chrono::Duration = chrono::Duration::days(1);

/// Whether the expiry watch itself is running.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct WatchHealth {
    /// The end of the last completed round (`notify run` or the app's watch).
    pub last_run: Option<DateTime<Utc>>,
    /// No round for a day while keys are being watched: reminders may have been missed.
    pub stale: bool,
    /// Stale after having run before: reminders due in between were not delivered when due
    /// (a workspace whose watch never ran has missed nothing yet).
    pub missed_reminders: bool,
    /// A sentence for people when stale.
    pub message: Option<String>,
}

/// Whether the watch has run within the last day (only matters while some portal has a key).
pub async fn watch_health(core: &Core) -> Result<WatchHealth> {
    let now = core.clock().now();
    let last_run = core.store().last_watch_run().await?;
    let watching = !watched(core).await?.is_empty();
    let stale = watching && last_run.is_none_or(|t| now - t > WATCH_STALE_AFTER);
    let message = stale.then(|| match last_run {
        Some(t) => format!(
            "The expiry watch has not run since {} ({}): reminders due meanwhile were not delivered. Keep the app running in the tray, or schedule `portal-admin notify run`.",
            t.format("%Y-%m-%d %H:%M UTC"),
            key::describe_time_left(t, now).replace("expired ", "")
        ),
        None => "The expiry watch has never run on this workspace: keep the app running in the tray, or schedule `portal-admin notify run`.".to_owned(),
    });
    Ok(WatchHealth { last_run, stale, missed_reminders: stale && last_run.is_some(), message })
}

/// When the watch must run next: the earliest upcoming milestone over every watched certificate.
pub async fn next_wake(core: &Core) -> Result<Option<DateTime<Utc>>> {
    let now = core.clock().now();
    Ok(watched(core).await?.into_iter().filter_map(|w| key::next_milestone(w.not_after, now).map(|(_, at)| at)).min())
}

/// An identity provider's signing certificate as the expiry views show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CertificateExpiry {
    pub portal_id: String,
    pub portal_name: String,
    /// `SAML2/ADFS`, `WsFederation/EntraId`, …
    pub provider_key: String,
    pub subject: String,
    pub thumbprint: String,
    pub not_after: DateTime<Utc>,
    pub severity: Severity,
    pub time_left: String,
    /// The next reminder, if one is still ahead.
    pub next_milestone: Option<DateTime<Utc>>,
}

/// Every tracked provider signing certificate with the watch's severity, soonest expiry first.
pub async fn provider_certificate_expiries(core: &Core) -> Result<Vec<CertificateExpiry>> {
    let now = core.clock().now();
    Ok(core
        .store()
        .all_provider_certificates()
        .await?
        .into_iter()
        .map(|(portal_name, c)| CertificateExpiry {
            severity: Severity::of(c.not_after, now),
            time_left: key::describe_time_left(c.not_after, now),
            next_milestone: key::next_milestone(c.not_after, now).map(|(_, at)| at),
            portal_id: c.portal_id,
            portal_name,
            provider_key: c.provider_key,
            subject: c.subject,
            thumbprint: c.thumbprint,
            not_after: c.not_after,
        })
        .collect())
}
