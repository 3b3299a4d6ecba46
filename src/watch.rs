//! The expiry watch as a long-running task (the desktop app runs it in the background).
//!
//! Each round delivers what is due (`ops::notify::run`), then sleeps until the next milestone of
//! any key. Tokio's timers run on the monotonic clock, which stops while the machine is suspended,
//! so a sleep is capped at [`MAX_SLEEP`]: after a suspend or a wall-clock jump the watch notices
//! within that time and re-plans from the wall clock. A workspace change to a key (new key,
//! import, renewal) or an explicit "check now" re-plans at once.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

use crate::domain::Entity;
use crate::notify::Notifier;
use crate::ops::{self, notify::NoticeReport, Core};

/// Longest single sleep: one wake-up per hour while idle.
pub const MAX_SLEEP: Duration = Duration::from_secs(3600);

/// What one round did.
#[derive(Debug, Clone)]
pub struct WatchRound {
    pub at: DateTime<Utc>,
    pub reports: Vec<NoticeReport>,
    pub next_milestone: Option<DateTime<Utc>>,
    pub error: Option<String>,
}

/// How long to sleep after a round at `now` when the next milestone is `next`.
pub fn sleep_for(now: DateTime<Utc>, next: Option<DateTime<Utc>>) -> Duration {
    match next {
        None => MAX_SLEEP,
        Some(next) => (next - now).to_std().unwrap_or(Duration::ZERO).min(MAX_SLEEP).max(Duration::from_millis(10)),
    }
}

/// Runs rounds until `check_now`'s sender is dropped. `on_round` sees every round (the shell
/// updates the tray and shows in-app alerts from it).
pub async fn run(
    core: Arc<Core>,
    notifiers: Vec<Arc<dyn Notifier>>,
    mut check_now: mpsc::Receiver<()>,
    on_round: impl Fn(&WatchRound) + Send,
) {
    let mut changes = core.subscribe();
    let mut force_graph = false;
    loop {
        // Key dates of connected portals from Microsoft Graph: once a day, and on "check now".
        // Offline, each portal keeps its last dates and records why (never a failed round).
        if let Err(e) = ops::key_refresh::refresh_due(&core, force_graph).await {
            tracing::warn!(error = %e, "could not read key dates from Microsoft Graph");
        }
        force_graph = false;
        let now = core.clock().now();
        let refs: Vec<&dyn Notifier> = notifiers.iter().map(|n| n.as_ref()).collect();
        let (reports, error) = match ops::notify::run(&core, None, false, &refs).await {
            Ok(reports) => (reports, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        let next_milestone = ops::notify::next_wake(&core).await.ok().flatten();
        on_round(&WatchRound { at: now, reports, next_milestone, error });
        let nap = tokio::time::sleep(sleep_for(core.clock().now(), next_milestone));
        tokio::pin!(nap);
        loop {
            tokio::select! {
                _ = &mut nap => break,
                asked = check_now.recv() => match asked {
                    Some(()) => {
                        force_graph = true;
                        break;
                    }
                    None => return,
                },
                change = changes.recv() => match change {
                    Ok(change) if change.entities.iter().any(|e| matches!(e, Entity::AuthKey | Entity::ProviderCertificate)) => break,
                    Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn the_watch_sleeps_until_the_next_milestone_but_never_longer_than_an_hour() {
        let now = t("2027-01-01T00:00:00Z");
        assert_eq!(sleep_for(now, Some(now + chrono::Duration::minutes(20))), Duration::from_secs(1200));
        assert_eq!(sleep_for(now, Some(now + chrono::Duration::days(30))), MAX_SLEEP);
        assert_eq!(sleep_for(now, None), MAX_SLEEP);
        assert_eq!(sleep_for(now, Some(now - chrono::Duration::minutes(1))), Duration::from_millis(10));
    }
}
