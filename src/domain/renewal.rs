//! Key renewal as a persisted job: its steps, in order, and its state.
//!
//! The old key stays active until the new one is verified: a new key is `pending` through
//! register → restart → verify, and becomes `active` (the old one `retired`) only at `retire`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::portal::PortalId;

/// The steps of a renewal, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RenewalStep {
    /// Make the new key pair and certificate (private key to the keyring, certificate pending).
    Generate,
    /// Add the new certificate to the portal's Entra ID application.
    Register,
    /// Restart the portal once so it picks the new key up.
    Restart,
    /// Check the portal connects to Dataverse with the new key.
    Verify,
    /// Make the new key active, the old one retired, and remove the old certificate.
    Retire,
}

impl RenewalStep {
    pub const ALL: [RenewalStep; 5] = [Self::Generate, Self::Register, Self::Restart, Self::Verify, Self::Retire];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Generate => "generate",
            Self::Register => "register",
            Self::Restart => "restart",
            Self::Verify => "verify",
            Self::Retire => "retire",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|step| step.as_str() == s)
    }

    pub fn next(self) -> Option<Self> {
        Self::ALL.into_iter().find(|step| *step > self)
    }

    /// For progress displays: "Generating the new key", …
    pub fn describe(self) -> &'static str {
        match self {
            Self::Generate => "Generate the new key",
            Self::Register => "Register its certificate with the Entra ID application",
            Self::Restart => "Restart the portal",
            Self::Verify => "Verify the portal connects with the new key",
            Self::Retire => "Retire the old key",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RenewalState {
    /// In progress (or interrupted by a crash: resumed at the next start).
    Running,
    /// Stopped at `step` with `error`; Retry resumes there.
    Failed,
    Succeeded,
}

impl RenewalState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Failed => "failed",
            Self::Succeeded => "succeeded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Running, Self::Failed, Self::Succeeded].into_iter().find(|state| state.as_str() == s)
    }
}

/// A renewal of one portal's key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RenewalJob {
    pub id: i64,
    pub portal_id: PortalId,
    pub state: RenewalState,
    /// The step to run next (for a failed job: the one that failed). `None` once done.
    pub step: Option<RenewalStep>,
    pub old_key_id: Option<i64>,
    pub new_key_id: Option<i64>,
    /// Whether the portal was restarted already (a retry never restarts it twice).
    pub restarted: bool,
    pub error: Option<String>,
    pub attempts: u32,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Where one step of a renewal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Done,
    Running,
    Failed,
    Waiting,
}

/// One line of a renewal's progress display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StepProgress {
    pub step: RenewalStep,
    pub description: String,
    pub status: StepStatus,
}

/// A renewal with the status of each of its steps, as progress displays show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RenewalView {
    pub job: RenewalJob,
    pub steps: Vec<StepProgress>,
}

impl RenewalView {
    pub fn of(job: RenewalJob) -> Self {
        let steps = RenewalStep::ALL
            .into_iter()
            .map(|step| {
                let status = match (job.state, job.step) {
                    (RenewalState::Succeeded, _) | (_, None) => StepStatus::Done,
                    (_, Some(current)) if step < current => StepStatus::Done,
                    (RenewalState::Running, Some(current)) if step == current => StepStatus::Running,
                    (RenewalState::Failed, Some(current)) if step == current => StepStatus::Failed,
                    _ => StepStatus::Waiting,
                };
                StepProgress { step, description: step.describe().to_owned(), status }
            })
            .collect();
        Self { job, steps }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_job_shows_done_steps_the_failed_one_and_the_waiting_rest() {
        let now = Utc::now();
        let job = RenewalJob {
            id: 1,
            portal_id: PortalId::new_random(),
            state: RenewalState::Failed,
            step: Some(RenewalStep::Restart),
            old_key_id: Some(1),
            new_key_id: Some(2),
            restarted: false,
            error: Some("boom".into()),
            attempts: 1,
            started_at: now,
            updated_at: now,
        };
        let statuses: Vec<StepStatus> = RenewalView::of(job.clone()).steps.iter().map(|s| s.status).collect();
        use StepStatus::*;
        assert_eq!(statuses, vec![Done, Done, Failed, Waiting, Waiting]);
        let done = RenewalJob { state: RenewalState::Succeeded, step: None, ..job };
        assert!(RenewalView::of(done).steps.iter().all(|s| s.status == Done));
    }

    #[test]
    fn steps_run_in_the_documented_order_and_round_trip() {
        let mut order = vec![RenewalStep::Generate];
        while let Some(next) = order.last().unwrap().next() {
            order.push(next);
        }
        assert_eq!(order, RenewalStep::ALL);
        for step in RenewalStep::ALL {
            assert_eq!(RenewalStep::parse(step.as_str()), Some(step));
        }
    }
}
