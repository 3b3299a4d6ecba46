//! Authentication keys: what the workspace knows of a portal's key, how close it is to expiry,
//! and the portal's expiry-notification schedule.
//!
//! The schedule is a pure function of (expiry instant, now, what was already recorded): the
//! milestones are 90, 60, 30, 15, 7, 6, 5, 4, 3, 2 and 1 days and 12, 6 and 3 hours before the
//! expiry instant, then the expiry instant itself and once a day for a week after it (all UTC).

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::portal::PortalId;

/// A key is valid for two years unless the portal says otherwise (newer sites issue one-year keys).
pub const DEFAULT_KEY_LIFETIME_DAYS: u32 = 730;
pub const MIN_KEY_LIFETIME_DAYS: u32 = 1;
pub const MAX_KEY_LIFETIME_DAYS: u32 = 3650;

/// How urgent a key is, used everywhere (banner, tray, CLI, lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// More than 90 days left.
    Ok,
    /// 90 days or less.
    Notice,
    /// 30 days or less.
    Warning,
    /// 7 days or less.
    Critical,
    /// At or past the expiry instant.
    Expired,
}

impl Severity {
    pub fn of(not_after: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        let left = not_after - now;
        if left <= Duration::zero() {
            Severity::Expired
        } else if left <= Duration::days(7) {
            Severity::Critical
        } else if left <= Duration::days(30) {
            Severity::Warning
        } else if left <= Duration::days(90) {
            Severity::Notice
        } else {
            Severity::Ok
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Ok => "ok",
            Severity::Notice => "notice",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
            Severity::Expired => "expired",
        }
    }
}

/// Where a key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    Generated,
    Imported,
    Renewed,
}

/// A key's place in its portal's life: one `active` key at a time; a renewal's new key is
/// `pending` until verified; replaced keys are `retired`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    Active,
    Pending,
    Retired,
}

/// The facts read from an X.509 certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CertificateFacts {
    /// Uppercase hex SHA-1 of the DER certificate, as Azure shows it.
    pub thumbprint: String,
    /// base64url SHA-1 of the DER certificate (the JOSE `x5t`).
    pub x5t: String,
    pub subject: String,
    pub issuer: String,
    /// Hex serial number.
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// e.g. "RSA".
    pub key_algorithm: String,
    pub key_bits: u32,
}

/// A portal's authentication key as the workspace tracks it. The private key is never here: it
/// lives in the OS keyring, and `has_private_key` says whether it was stored there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AuthKey {
    pub id: i64,
    pub portal_id: PortalId,
    #[serde(flatten)]
    pub certificate: CertificateFacts,
    pub has_private_key: bool,
    pub source: KeySource,
    pub status: KeyStatus,
    pub added_at: DateTime<Utc>,
    /// Who owns the renewal, as acknowledged by an administrator.
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// The banner and in-app reminders for this key are hidden until then (never past the next
    /// milestone, so no scheduled reminder is ever suppressed).
    pub snoozed_until: Option<DateTime<Utc>>,
    /// Set when the key was read from Microsoft Graph: the application's `keyId` for it.
    pub graph_key_id: Option<String>,
    /// When Microsoft Graph last confirmed this key's dates ("from Microsoft Graph, as of T").
    pub graph_read_at: Option<DateTime<Utc>>,
}

/// Longest acknowledgement name accepted.
pub const OWNER_MAX_CHARS: usize = 200;

/// Whether the banner shows this key at `now`: within 90 days of expiry (or expired) and not
/// snoozed.
pub fn wants_banner(key: &AuthKey, now: DateTime<Utc>) -> bool {
    Severity::of(key.certificate.not_after, now) >= Severity::Notice
        && key.snoozed_until.is_none_or(|until| until <= now)
}

/// Until when a snooze at `now` lasts: the next milestone. `None` when no milestone is left.
pub fn snooze_until(expiry: DateTime<Utc>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    next_milestone(expiry, now).map(|(_, at)| at)
}

/// One point of the notification schedule, relative to the expiry instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Milestone {
    DaysBefore(u8),
    HoursBefore(u8),
    /// 0 is the expiry instant itself.
    DaysAfter(u8),
}

/// Every milestone, earliest first.
pub const MILESTONES: [Milestone; 22] = [
    Milestone::DaysBefore(90),
    Milestone::DaysBefore(60),
    Milestone::DaysBefore(30),
    Milestone::DaysBefore(15),
    Milestone::DaysBefore(7),
    Milestone::DaysBefore(6),
    Milestone::DaysBefore(5),
    Milestone::DaysBefore(4),
    Milestone::DaysBefore(3),
    Milestone::DaysBefore(2),
    Milestone::DaysBefore(1),
    Milestone::HoursBefore(12),
    Milestone::HoursBefore(6),
    Milestone::HoursBefore(3),
    Milestone::DaysAfter(0),
    Milestone::DaysAfter(1),
    Milestone::DaysAfter(2),
    Milestone::DaysAfter(3),
    Milestone::DaysAfter(4),
    Milestone::DaysAfter(5),
    Milestone::DaysAfter(6),
    Milestone::DaysAfter(7),
];

impl Milestone {
    /// Signed offset from the expiry instant.
    pub fn offset(self) -> Duration {
        match self {
            Milestone::DaysBefore(d) => -Duration::days(d.into()),
            Milestone::HoursBefore(h) => -Duration::hours(h.into()),
            Milestone::DaysAfter(d) => Duration::days(d.into()),
        }
    }

    pub fn at(self, expiry: DateTime<Utc>) -> DateTime<Utc> {
        expiry + self.offset()
    }

    /// Stable code stored in SQLite and shown in JSON: `90d-before`, `12h-before`, `expired`,
    /// `3d-after`.
    pub fn code(self) -> String {
        match self {
            Milestone::DaysBefore(d) => format!("{d}d-before"),
            Milestone::HoursBefore(h) => format!("{h}h-before"),
            Milestone::DaysAfter(0) => "expired".to_owned(),
            Milestone::DaysAfter(d) => format!("{d}d-after"),
        }
    }

    /// For people: "90 days before expiry", "at expiry", "3 days after expiry".
    pub fn label(self) -> String {
        match self {
            Milestone::DaysBefore(1) => "1 day before expiry".to_owned(),
            Milestone::DaysBefore(d) => format!("{d} days before expiry"),
            Milestone::HoursBefore(h) => format!("{h} hours before expiry"),
            Milestone::DaysAfter(0) => "at expiry".to_owned(),
            Milestone::DaysAfter(1) => "1 day after expiry".to_owned(),
            Milestone::DaysAfter(d) => format!("{d} days after expiry"),
        }
    }
}

impl fmt::Display for Milestone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl FromStr for Milestone {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MILESTONES.into_iter().find(|m| m.code() == s).ok_or_else(|| format!("unknown milestone \"{s}\""))
    }
}

/// What happened to a milestone of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum NoticeOutcome {
    Sent,
    /// Passed while the watch was not running and superseded by a later milestone.
    Skipped,
}

/// A milestone's state in the schedule view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    /// Still in the future.
    Pending,
    /// Reached and not yet delivered.
    Due,
    Sent,
    Skipped,
}

/// One row of a key's schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ScheduleEntry {
    pub milestone: String,
    pub label: String,
    pub at: DateTime<Utc>,
    pub state: MilestoneState,
}

/// The whole schedule of a key with expiry `expiry`, as of `now`.
pub fn schedule(
    expiry: DateTime<Utc>,
    now: DateTime<Utc>,
    recorded: &[(Milestone, NoticeOutcome)],
) -> Vec<ScheduleEntry> {
    let recorded: HashMap<Milestone, NoticeOutcome> = recorded.iter().copied().collect();
    MILESTONES
        .into_iter()
        .map(|m| {
            let at = m.at(expiry);
            let state = match recorded.get(&m) {
                Some(NoticeOutcome::Sent) => MilestoneState::Sent,
                Some(NoticeOutcome::Skipped) => MilestoneState::Skipped,
                None if at <= now => MilestoneState::Due,
                None => MilestoneState::Pending,
            };
            ScheduleEntry { milestone: m.code(), label: m.label(), at, state }
        })
        .collect()
}

/// What to do now: deliver at most one milestone (the latest that is due) and record the other
/// due ones as skipped, so a restart never repeats them and a long sleep does not flood.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoticePlan {
    pub deliver: Option<Milestone>,
    pub skip: Vec<Milestone>,
}

pub fn plan(expiry: DateTime<Utc>, now: DateTime<Utc>, recorded: &[(Milestone, NoticeOutcome)]) -> NoticePlan {
    let mut due: Vec<Milestone> =
        MILESTONES.into_iter().filter(|m| m.at(expiry) <= now && !recorded.iter().any(|(r, _)| r == m)).collect();
    let deliver = due.pop();
    NoticePlan { deliver, skip: due }
}

/// The first milestone strictly after `now`, with its instant: when the watch must wake next.
pub fn next_milestone(expiry: DateTime<Utc>, now: DateTime<Utc>) -> Option<(Milestone, DateTime<Utc>)> {
    MILESTONES.into_iter().map(|m| (m, m.at(expiry))).find(|(_, at)| *at > now)
}

/// "20 days", "5 hours", "40 minutes"; "expired 3 days ago" after expiry.
pub fn describe_time_left(not_after: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let left = not_after - now;
    let (span, past) = if left > Duration::zero() { (left, false) } else { (-left, true) };
    let text = if span >= Duration::days(2) {
        format!("{} days", if past { span.num_days() } else { ceil_days(span) })
    } else if span >= Duration::hours(2) {
        format!("{} hours", span.num_hours())
    } else if span >= Duration::minutes(2) {
        format!("{} minutes", span.num_minutes())
    } else {
        "moments".to_owned()
    };
    if past {
        if text == "moments" {
            "expired just now".to_owned()
        } else {
            format!("expired {text} ago")
        }
    } else {
        text
    }
}

/// Days left, counting a started day as a day (19 days and 23 hours is 20 days); after expiry,
/// minus the whole days since it.
pub fn days_left(not_after: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let left = not_after - now;
    if left > Duration::zero() {
        ceil_days(left)
    } else {
        left.num_days()
    }
}

fn ceil_days(span: Duration) -> i64 {
    let whole = span.num_days();
    if span > Duration::days(whole) {
        whole + 1
    } else {
        whole
    }
}

/// The notification text for a milestone of a portal's key: (title, body).
pub fn notice_text(portal_name: &str, not_after: DateTime<Utc>, now: DateTime<Utc>) -> (String, String) {
    let when = not_after.format("%Y-%m-%d %H:%M UTC");
    if not_after <= now {
        (
            format!("{portal_name}: authentication key has expired"),
            format!(
                "The key {}; the portal cannot connect to Dataverse until it is renewed. Renew it in Portal Admin Center.",
                describe_time_left(not_after, now)
            ),
        )
    } else {
        (
            format!("{portal_name}: authentication key expires in {}", describe_time_left(not_after, now)),
            format!("It expires on {when}; the portal stops working then. Renew it in Portal Admin Center."),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    const EXPIRY: &str = "2027-03-15T10:00:00Z";

    #[test]
    fn every_milestone_falls_exactly_at_its_offset_from_the_expiry_instant() {
        let expiry = t(EXPIRY);
        let cases = [
            (Milestone::DaysBefore(90), "2026-12-15T10:00:00Z"),
            (Milestone::DaysBefore(60), "2027-01-14T10:00:00Z"),
            (Milestone::DaysBefore(30), "2027-02-13T10:00:00Z"),
            (Milestone::DaysBefore(15), "2027-02-28T10:00:00Z"),
            (Milestone::DaysBefore(7), "2027-03-08T10:00:00Z"),
            (Milestone::DaysBefore(6), "2027-03-09T10:00:00Z"),
            (Milestone::DaysBefore(5), "2027-03-10T10:00:00Z"),
            (Milestone::DaysBefore(4), "2027-03-11T10:00:00Z"),
            (Milestone::DaysBefore(3), "2027-03-12T10:00:00Z"),
            (Milestone::DaysBefore(2), "2027-03-13T10:00:00Z"),
            (Milestone::DaysBefore(1), "2027-03-14T10:00:00Z"),
            (Milestone::HoursBefore(12), "2027-03-14T22:00:00Z"),
            (Milestone::HoursBefore(6), "2027-03-15T04:00:00Z"),
            (Milestone::HoursBefore(3), "2027-03-15T07:00:00Z"),
            (Milestone::DaysAfter(0), "2027-03-15T10:00:00Z"),
            (Milestone::DaysAfter(1), "2027-03-16T10:00:00Z"),
            (Milestone::DaysAfter(7), "2027-03-22T10:00:00Z"),
        ];
        for (m, at) in cases {
            assert_eq!(m.at(expiry), t(at), "{m}");
        }
        let entries = schedule(expiry, t("2026-01-01T00:00:00Z"), &[]);
        assert_eq!(entries.len(), 22);
        assert!(entries.windows(2).all(|w| w[0].at < w[1].at), "milestones are in order");
        assert!(entries.iter().all(|e| e.state == MilestoneState::Pending));
    }

    #[test]
    fn a_leap_day_expiry_counts_whole_utc_days_back_across_february() {
        let expiry = t("2028-02-29T00:00:00Z");
        assert_eq!(Milestone::DaysBefore(1).at(expiry), t("2028-02-28T00:00:00Z"));
        assert_eq!(Milestone::DaysBefore(30).at(expiry), t("2028-01-30T00:00:00Z"));
        assert_eq!(Milestone::DaysAfter(1).at(expiry), t("2028-03-01T00:00:00Z"));
    }

    #[test]
    fn an_expiry_at_midnight_utc_puts_hour_milestones_on_the_previous_day() {
        let expiry = t("2027-01-01T00:00:00Z");
        assert_eq!(Milestone::HoursBefore(12).at(expiry), t("2026-12-31T12:00:00Z"));
        assert_eq!(Milestone::HoursBefore(3).at(expiry), t("2026-12-31T21:00:00Z"));
        assert_eq!(Milestone::DaysBefore(90).at(expiry), t("2026-10-03T00:00:00Z"));
    }

    #[test]
    fn a_milestone_is_due_from_its_exact_instant() {
        let expiry = t(EXPIRY);
        let at = Milestone::DaysBefore(30).at(expiry);
        assert_eq!(
            plan(
                expiry,
                at - Duration::seconds(1),
                &[(Milestone::DaysBefore(90), NoticeOutcome::Sent), (Milestone::DaysBefore(60), NoticeOutcome::Sent)]
            )
            .deliver,
            None
        );
        assert_eq!(
            plan(
                expiry,
                at,
                &[(Milestone::DaysBefore(90), NoticeOutcome::Sent), (Milestone::DaysBefore(60), NoticeOutcome::Sent)]
            )
            .deliver,
            Some(Milestone::DaysBefore(30))
        );
    }

    #[test]
    fn after_downtime_only_the_latest_due_milestone_is_delivered_and_the_rest_skipped() {
        let expiry = t(EXPIRY);
        let recorded = [(Milestone::DaysBefore(90), NoticeOutcome::Sent)];
        // Asleep from 85 days before until 4.5 days before expiry.
        let now = expiry - Duration::hours(4 * 24 + 12);
        let p = plan(expiry, now, &recorded);
        assert_eq!(p.deliver, Some(Milestone::DaysBefore(5)));
        assert_eq!(
            p.skip,
            vec![
                Milestone::DaysBefore(60),
                Milestone::DaysBefore(30),
                Milestone::DaysBefore(15),
                Milestone::DaysBefore(7),
                Milestone::DaysBefore(6)
            ]
        );
    }

    #[test]
    fn recorded_milestones_are_never_planned_again() {
        let expiry = t(EXPIRY);
        let now = Milestone::DaysBefore(7).at(expiry) + Duration::minutes(1);
        let first = plan(expiry, now, &[]);
        let mut recorded: Vec<_> = first.skip.iter().map(|m| (*m, NoticeOutcome::Skipped)).collect();
        recorded.push((first.deliver.unwrap(), NoticeOutcome::Sent));
        // A restart a minute later finds nothing to do.
        assert_eq!(plan(expiry, now + Duration::minutes(1), &recorded), NoticePlan::default());
        let entries = schedule(expiry, now, &recorded);
        assert_eq!(entries.iter().filter(|e| e.state == MilestoneState::Sent).count(), 1);
        assert_eq!(entries.iter().filter(|e| e.state == MilestoneState::Skipped).count(), 4);
        assert_eq!(entries.iter().filter(|e| e.state == MilestoneState::Due).count(), 0);
    }

    #[test]
    fn the_week_after_expiry_has_a_notice_a_day_and_then_nothing() {
        let expiry = t(EXPIRY);
        let mut recorded: Vec<(Milestone, NoticeOutcome)> = MILESTONES
            .into_iter()
            .filter(|m| m.at(expiry) <= expiry - Duration::seconds(1))
            .map(|m| (m, NoticeOutcome::Sent))
            .collect();
        for day in 0..=7u8 {
            let now = expiry + Duration::days(day.into()) + Duration::minutes(5);
            let p = plan(expiry, now, &recorded);
            assert_eq!(p.deliver, Some(Milestone::DaysAfter(day)), "day {day}");
            assert!(p.skip.is_empty());
            recorded.push((Milestone::DaysAfter(day), NoticeOutcome::Sent));
        }
        assert_eq!(plan(expiry, expiry + Duration::days(30), &recorded), NoticePlan::default());
        assert_eq!(next_milestone(expiry, expiry + Duration::days(7)), None);
    }

    #[test]
    fn the_next_wake_up_is_the_first_milestone_strictly_after_now() {
        let expiry = t(EXPIRY);
        let at_30 = Milestone::DaysBefore(30).at(expiry);
        assert_eq!(
            next_milestone(expiry, at_30),
            Some((Milestone::DaysBefore(15), Milestone::DaysBefore(15).at(expiry)))
        );
        assert_eq!(next_milestone(expiry, t("2020-01-01T00:00:00Z")).unwrap().0, Milestone::DaysBefore(90));
    }

    #[test]
    fn severity_rises_at_90_30_and_7_days_and_at_the_expiry_instant() {
        let expiry = t(EXPIRY);
        let cases = [
            (Duration::days(91), Severity::Ok),
            (Duration::days(90), Severity::Notice),
            (Duration::days(31), Severity::Notice),
            (Duration::days(30), Severity::Warning),
            (Duration::days(8), Severity::Warning),
            (Duration::days(7), Severity::Critical),
            (Duration::seconds(1), Severity::Critical),
            (Duration::zero(), Severity::Expired),
            (-Duration::days(3), Severity::Expired),
        ];
        for (left, severity) in cases {
            assert_eq!(Severity::of(expiry, expiry - left), severity, "{left}");
        }
        assert!(Severity::Expired > Severity::Critical && Severity::Notice > Severity::Ok);
    }

    #[test]
    fn time_left_reads_in_days_then_hours() {
        let expiry = t(EXPIRY);
        assert_eq!(describe_time_left(expiry, expiry - Duration::days(20) + Duration::seconds(1)), "20 days");
        assert_eq!(describe_time_left(expiry, expiry - Duration::days(20)), "20 days");
        assert_eq!(describe_time_left(expiry, expiry - Duration::hours(30)), "30 hours");
        assert_eq!(describe_time_left(expiry, expiry - Duration::minutes(45)), "45 minutes");
        assert_eq!(describe_time_left(expiry, expiry + Duration::days(3)), "expired 3 days ago");
        assert_eq!(days_left(expiry, expiry - Duration::hours(47)), 2);
        assert_eq!(days_left(expiry, expiry - Duration::hours(48)), 2);
        assert_eq!(days_left(expiry, expiry + Duration::hours(49)), -2);
    }

    #[test]
    fn a_snooze_lasts_until_the_next_milestone_and_never_past_it() {
        let expiry = t(EXPIRY);
        let now = Milestone::DaysBefore(30).at(expiry) + Duration::hours(1);
        assert_eq!(snooze_until(expiry, now), Some(Milestone::DaysBefore(15).at(expiry)));
        let now = Milestone::HoursBefore(3).at(expiry) + Duration::minutes(1);
        assert_eq!(snooze_until(expiry, now), Some(expiry));
        assert_eq!(snooze_until(expiry, expiry + Duration::days(8)), None);
    }

    #[test]
    fn milestone_codes_round_trip() {
        for m in MILESTONES {
            assert_eq!(m.code().parse::<Milestone>().unwrap(), m);
        }
        assert!("13d-before".parse::<Milestone>().is_err());
    }
}
