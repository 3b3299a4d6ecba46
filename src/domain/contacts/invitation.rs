//! Invitations (`adx_invitation`, reference §1.7): kinds and statuses with their option-set codes,
//! code generation, the runtime's validity rules and what redemption changes.

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::domain::access::model::required_text;
use crate::domain::{FieldErrorCode, ValidationErrors};

/// `adx_type`: 756150000 Single, 756150001 Group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum InvitationKind {
    Single,
    Group,
}

impl InvitationKind {
    pub fn code(self) -> i32 {
        match self {
            InvitationKind::Single => 756_150_000,
            InvitationKind::Group => 756_150_001,
        }
    }
    pub fn from_code(code: i32) -> Option<Self> {
        match code {
            756_150_000 => Some(InvitationKind::Single),
            756_150_001 => Some(InvitationKind::Group),
            _ => None,
        }
    }
}

/// `statuscode`: 1 New, 756150000 Sent, 756150001 Redeemed (all active), 2 Inactive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    New,
    Sent,
    Redeemed,
    Inactive,
}

impl InvitationStatus {
    pub fn code(self) -> i32 {
        match self {
            InvitationStatus::New => 1,
            InvitationStatus::Inactive => 2,
            InvitationStatus::Sent => 756_150_000,
            InvitationStatus::Redeemed => 756_150_001,
        }
    }
    pub fn from_code(code: i32) -> Option<Self> {
        match code {
            1 => Some(InvitationStatus::New),
            2 => Some(InvitationStatus::Inactive),
            756_150_000 => Some(InvitationStatus::Sent),
            756_150_001 => Some(InvitationStatus::Redeemed),
            _ => None,
        }
    }
    /// `statecode`: only Inactive is state 1.
    pub fn is_active(self) -> bool {
        self != InvitationStatus::Inactive
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Invitation {
    pub id: Uuid,
    pub name: String,
    pub code: String,
    pub kind: InvitationKind,
    /// 0 means no limit (the runtime treats null and 0 alike).
    pub max_redemptions: i32,
    pub redemptions: i32,
    /// Date only; the invitation is valid while this date (at 00:00 UTC) is not before the
    /// current hour.
    pub expiry_date: Option<NaiveDate>,
    /// The invited contact (Single) or contacts (Group).
    pub invited_contact_ids: Vec<Uuid>,
    pub inviter_contact_id: Option<Uuid>,
    pub redeemed_contact_ids: Vec<Uuid>,
    /// The account to attach the redeeming contact to (its id or name, as Dataverse holds it).
    pub assign_to_account: Option<String>,
    /// Web roles given on redemption.
    pub role_ids: Vec<Uuid>,
    pub status: InvitationStatus,
    pub created_at: DateTime<Utc>,
}

/// Why an invitation cannot be redeemed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum InvitationProblem {
    #[error("Invalid invitation code.")]
    CodeMismatch,
    #[error("the invitation is inactive (revoked)")]
    Inactive,
    #[error("the invitation expired on {expiry_date}")]
    Expired { expiry_date: NaiveDate },
    #[error("the invitation has been redeemed {redemptions} time(s), its maximum")]
    UsedUp { redemptions: i32 },
    #[error("the contact has already redeemed this invitation")]
    AlreadyRedeemedBy,
}

/// A fresh code: 12 characters from an alphabet without look-alikes (0/O, 1/l/I).
pub fn generate_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes.iter().map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char).collect()
}

/// The runtime's lookup: active, the code matches, not expired (the expiry date is compared
/// with the current time rounded down to the hour), and redemptions below the maximum.
pub fn check_valid(invitation: &Invitation, code: &str, now: DateTime<Utc>) -> Result<(), InvitationProblem> {
    if invitation.code != code.trim() {
        return Err(InvitationProblem::CodeMismatch);
    }
    if !invitation.status.is_active() {
        return Err(InvitationProblem::Inactive);
    }
    if let Some(expiry_date) = invitation.expiry_date {
        let hour = now.with_minute(0).and_then(|t| t.with_second(0)).and_then(|t| t.with_nanosecond(0)).unwrap_or(now);
        let expires = expiry_date.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
        if expires < hour {
            return Err(InvitationProblem::Expired { expiry_date });
        }
    }
    if invitation.max_redemptions > 0 && invitation.redemptions >= invitation.max_redemptions {
        return Err(InvitationProblem::UsedUp { redemptions: invitation.redemptions });
    }
    Ok(())
}

/// The invitation after `contact` redeems it: one more redemption, the contact linked, Redeemed
/// once the maximum is reached.
pub fn redeem(
    invitation: &Invitation,
    code: &str,
    contact: Uuid,
    now: DateTime<Utc>,
) -> Result<Invitation, InvitationProblem> {
    check_valid(invitation, code, now)?;
    if invitation.redeemed_contact_ids.contains(&contact) {
        return Err(InvitationProblem::AlreadyRedeemedBy);
    }
    let mut after = invitation.clone();
    after.redemptions += 1;
    after.redeemed_contact_ids.push(contact);
    if after.max_redemptions > 0 && after.redemptions >= after.max_redemptions {
        after.status = InvitationStatus::Redeemed;
    }
    Ok(after)
}

/// What an administrator types for an invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct InvitationDraft {
    pub name: String,
    /// Empty: generate one.
    pub code: Option<String>,
    pub kind: InvitationKind,
    /// Empty: 1 for Single, no limit for Group.
    pub max_redemptions: Option<i32>,
    pub expiry_date: Option<NaiveDate>,
    pub invited_contact_ids: Vec<Uuid>,
    pub inviter_contact_id: Option<Uuid>,
    pub assign_to_account: Option<String>,
    pub role_ids: Vec<Uuid>,
}

/// Checks a draft (the caller checks that contacts, roles and the code's uniqueness hold).
pub fn build(draft: &InvitationDraft, id: Uuid, now: DateTime<Utc>) -> Result<Invitation, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let invitation = from_draft(draft, id, now, true, &mut errors);
    errors.into_result(invitation)
}

/// A new invitation from a draft, pushing what is wrong with it; an expiry date in the past is
/// wrong only when `check_expiry`.
fn from_draft(
    draft: &InvitationDraft,
    id: Uuid,
    now: DateTime<Utc>,
    check_expiry: bool,
    errors: &mut ValidationErrors,
) -> Invitation {
    let name = required_text(errors, "name", &draft.name, 200, "The name");
    let code = match draft.code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) if c.chars().count() > 200 => {
            errors.push("code", FieldErrorCode::TooLong, "The code is at most 200 characters.");
            c.to_owned()
        }
        Some(c) => c.to_owned(),
        None => generate_code(),
    };
    let max_redemptions = draft.max_redemptions.unwrap_or(match draft.kind {
        InvitationKind::Single => 1,
        InvitationKind::Group => 0,
    });
    if max_redemptions < 0 {
        errors.push("max_redemptions", FieldErrorCode::InvalidValue, "The maximum redemptions cannot be negative.");
    }
    if draft.kind == InvitationKind::Single && draft.invited_contact_ids.len() > 1 {
        errors.push(
            "invited_contact_ids",
            FieldErrorCode::InvalidValue,
            "A single invitation is for one contact; use a group invitation for several.",
        );
    }
    if let Some(date) = draft.expiry_date.filter(|_| check_expiry) {
        if date < now.date_naive() {
            errors.push("expiry_date", FieldErrorCode::InvalidValue, format!("The expiry date {date} is in the past."));
        }
    }
    let account = draft.assign_to_account.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned);
    Invitation {
        id,
        name,
        code,
        kind: draft.kind,
        max_redemptions: max_redemptions.max(0),
        redemptions: 0,
        expiry_date: draft.expiry_date,
        invited_contact_ids: draft.invited_contact_ids.clone(),
        inviter_contact_id: draft.inviter_contact_id,
        redeemed_contact_ids: Vec::new(),
        assign_to_account: account,
        role_ids: draft.role_ids.clone(),
        status: InvitationStatus::New,
        created_at: now,
    }
}

/// What an invitation holds as a draft, to start an edit from.
pub fn draft_of(invitation: &Invitation) -> InvitationDraft {
    InvitationDraft {
        name: invitation.name.clone(),
        code: Some(invitation.code.clone()),
        kind: invitation.kind,
        max_redemptions: Some(invitation.max_redemptions),
        expiry_date: invitation.expiry_date,
        invited_contact_ids: invitation.invited_contact_ids.clone(),
        inviter_contact_id: invitation.inviter_contact_id,
        assign_to_account: invitation.assign_to_account.clone(),
        role_ids: invitation.role_ids.clone(),
    }
}

/// An invitation after an edit: the draft's fields under the rules of [`build`] (an empty code
/// generates a new one), its redemptions kept. The maximum cannot drop below the redemptions
/// made, and an expiry date in the past is refused only when it changes. The status follows the
/// redemptions: Redeemed at the maximum; an invitation that was Redeemed and may be redeemed again
/// becomes Sent (its code is out); a revoked one stays Inactive.
pub fn edit(before: &Invitation, draft: &InvitationDraft, now: DateTime<Utc>) -> Result<Invitation, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let expiry_changed = draft.expiry_date != before.expiry_date;
    let mut after = from_draft(draft, before.id, now, expiry_changed, &mut errors);
    if after.max_redemptions > 0 && after.max_redemptions < before.redemptions {
        errors.push(
            "max_redemptions",
            FieldErrorCode::InvalidValue,
            format!(
                "The invitation has been redeemed {} times; the maximum cannot be lower (0 means no limit).",
                before.redemptions
            ),
        );
    }
    after.redemptions = before.redemptions;
    after.redeemed_contact_ids = before.redeemed_contact_ids.clone();
    after.created_at = before.created_at;
    after.status = settled_status(&after, before.status);
    errors.into_result(after)
}

/// The status an administrator asks for, as the redemptions allow: New (the code has not gone
/// out), Sent (it has), Inactive (revoked: it can no longer be redeemed). Redeemed is not chosen
/// but follows from reaching the maximum, so asking for New or Sent at the maximum keeps (or, for
/// a revoked invitation, restores) Redeemed.
pub fn with_status(before: &Invitation, status: InvitationStatus) -> Result<Invitation, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    if status == InvitationStatus::Redeemed {
        errors.push(
            "status",
            FieldErrorCode::InvalidValue,
            "Redeemed follows from the redemptions reaching the maximum; it cannot be set.",
        );
    }
    let mut after = before.clone();
    after.status = match status {
        InvitationStatus::Inactive => InvitationStatus::Inactive,
        wanted => settled_status(before, wanted),
    };
    errors.into_result(after)
}

/// `wanted` unless the maximum is reached (Redeemed); a Redeemed invitation that may be redeemed
/// again is Sent.
fn settled_status(invitation: &Invitation, wanted: InvitationStatus) -> InvitationStatus {
    let used_up = invitation.max_redemptions > 0 && invitation.redemptions >= invitation.max_redemptions;
    match wanted {
        InvitationStatus::Inactive => InvitationStatus::Inactive,
        _ if used_up => InvitationStatus::Redeemed,
        InvitationStatus::Redeemed => InvitationStatus::Sent,
        other => other,
    }
}
