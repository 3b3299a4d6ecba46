//! The runtime's sign-in walk and lockout algorithm (reference §5), as pure functions of the
//! contact, the portal's rules and the time: which step stops a sign-in and why, and what a
//! wrong password would do to the failed count and the lockout end.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::hash;
use super::model::{Contact, PasswordState, UserRules};

/// The lockout columns of a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LockoutState {
    pub lockout_enabled: bool,
    pub lockout_end: Option<DateTime<Utc>>,
    pub access_failed_count: i32,
}

impl LockoutState {
    pub fn of(contact: &Contact) -> Self {
        Self {
            lockout_enabled: contact.lockout_enabled,
            lockout_end: contact.lockout_end,
            access_failed_count: contact.access_failed_count,
        }
    }

    /// `IsLockedOut`: only here does the lockout-enabled flag count.
    pub fn is_locked_out(&self, now: DateTime<Utc>) -> bool {
        self.locked_until(now).is_some()
    }

    /// Until when the account is locked out at `now` (`IsLockedOut`), or `None`.
    pub fn locked_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.lockout_end.filter(|end| self.lockout_enabled && *end >= now)
    }
}

/// `AccessFailedAsync` when `shouldLockout`: the count goes up; reaching the maximum sets the
/// lockout end to now + the lockout time span and resets the count to 0. This happens even when
/// lockout is disabled for the user (only `IsLockedOut` looks at that flag).
pub fn record_failed_attempt(state: LockoutState, rules: &UserRules, now: DateTime<Utc>) -> LockoutState {
    let count = state.access_failed_count.saturating_add(1);
    if count >= rules.max_failed_access_attempts {
        LockoutState { lockout_end: Some(now + rules.lockout_time_span.as_chrono()), access_failed_count: 0, ..state }
    } else {
        LockoutState { access_failed_count: count, ..state }
    }
}

/// A successful password check without two-factor resets the count.
pub fn record_success(state: LockoutState) -> LockoutState {
    LockoutState { access_failed_count: 0, ..state }
}

/// The steps of a local sign-in, in the runtime's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SignInStep {
    LocalLogin,
    FindUser,
    UniqueEmail,
    Active,
    LoginEnabled,
    Lockout,
    Password,
    TwoFactor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StepOutcome {
    Passed,
    Stopped,
    /// Not reached, or not checked (no candidate password given).
    NotChecked,
}

/// How the sign-in ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SignInVerdict {
    LocalLoginDisabled,
    NoSuchUser,
    DuplicateEmail,
    Deactivated,
    LoginDisabled,
    LockedOut,
    NoPassword,
    UnusableHash,
    WrongPassword,
    TwoFactorUnconfirmedEmail,
    /// Every step up to the password passes; give a password to check the rest.
    PasswordNotChecked,
    Success,
    SuccessWithTwoFactor,
}

impl SignInVerdict {
    pub fn signs_in(self) -> bool {
        matches!(self, SignInVerdict::Success | SignInVerdict::SuccessWithTwoFactor)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StepReport {
    pub step: SignInStep,
    pub outcome: StepOutcome,
    pub explanation: String,
}

/// The diagnosis of one sign-in attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SignInDiagnosis {
    pub verdict: SignInVerdict,
    /// One sentence for the administrator.
    pub summary: String,
    pub steps: Vec<StepReport>,
    /// What the portal would show the user, when it refuses.
    pub portal_message: Option<String>,
    /// For a wrong password: the lockout columns after this attempt.
    pub after_attempt: Option<LockoutState>,
    /// For a wrong password: whether this attempt locks the account.
    pub attempt_locks_account: bool,
}

/// What the diagnosis needs besides the contact.
#[derive(Debug, Clone, Copy)]
pub struct SignInContext<'a> {
    pub rules: &'a UserRules,
    /// Other contacts (active or not) with the same e-mail address.
    pub same_email_contacts: usize,
    /// The candidate password, if the administrator typed one.
    pub password: Option<&'a str>,
    pub now: DateTime<Utc>,
}

const INVALID_LOGIN: &str = "Invalid sign-in attempt. ";
const USER_LOCKED: &str = "The user account is currently locked. Please try again later.";

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Walks the runtime's sign-in steps for `contact`; the first step that refuses decides.
pub fn diagnose(contact: &Contact, cx: SignInContext<'_>) -> SignInDiagnosis {
    let rules = cx.rules;
    let mut steps: Vec<StepReport> = Vec::new();
    let mut pass = |step, explanation: String| {
        steps.push(StepReport { step, outcome: StepOutcome::Passed, explanation });
    };
    let stop = |mut steps: Vec<StepReport>, step, verdict, explanation: String, message: Option<&str>| {
        steps.push(StepReport { step, outcome: StepOutcome::Stopped, explanation: explanation.clone() });
        SignInDiagnosis {
            verdict,
            summary: explanation,
            steps,
            portal_message: message.map(str::to_owned),
            after_attempt: None,
            attempt_locks_account: false,
        }
    };

    if !rules.local_login_enabled {
        return stop(
            steps,
            SignInStep::LocalLogin,
            SignInVerdict::LocalLoginDisabled,
            "Local sign-in is off for this portal (Authentication/Registration/LocalLoginEnabled is false); only external providers can sign people in.".into(),
            None,
        );
    }
    if contact.local_login_disabled {
        return stop(
            steps,
            SignInStep::LocalLogin,
            SignInVerdict::LocalLoginDisabled,
            "Local sign-in is disabled for this contact (its account was migrated to an external provider).".into(),
            None,
        );
    }
    pass(SignInStep::LocalLogin, "Local sign-in is on.".into());

    let identifier = if rules.local_login_by_email { contact.email.as_deref() } else { contact.username.as_deref() };
    let Some(identifier) = identifier else {
        let explanation = if rules.local_login_by_email {
            "The portal signs people in by e-mail (LocalLoginByEmail) and this contact has no e-mail address."
        } else {
            "The portal signs people in by user name and this contact has no user name (no local account)."
        };
        return stop(steps, SignInStep::FindUser, SignInVerdict::NoSuchUser, explanation.into(), Some(INVALID_LOGIN));
    };
    pass(
        SignInStep::FindUser,
        format!(
            "The user signs in with their {} \"{identifier}\".",
            if rules.local_login_by_email { "e-mail address" } else { "user name" }
        ),
    );

    if rules.require_unique_email && cx.same_email_contacts > 0 {
        return stop(
            steps,
            SignInStep::UniqueEmail,
            SignInVerdict::DuplicateEmail,
            format!(
                "{} other contact(s) share the e-mail address \"{}\" (deactivated ones count too); with RequireUniqueEmail on, none of them can sign in until only one keeps it.",
                cx.same_email_contacts,
                contact.email.as_deref().unwrap_or_default()
            ),
            Some(INVALID_LOGIN),
        );
    }
    pass(SignInStep::UniqueEmail, "No other contact has this e-mail address.".into());

    if !contact.active {
        return stop(
            steps,
            SignInStep::Active,
            SignInVerdict::Deactivated,
            "The contact is deactivated.".into(),
            Some(INVALID_LOGIN),
        );
    }
    pass(SignInStep::Active, "The contact is active.".into());

    if !contact.login_enabled {
        return stop(
            steps,
            SignInStep::LoginEnabled,
            SignInVerdict::LoginDisabled,
            "Login is disabled for this contact (adx_identity_logonenabled is false).".into(),
            Some(INVALID_LOGIN),
        );
    }
    pass(SignInStep::LoginEnabled, "Login is enabled.".into());

    let state = LockoutState::of(contact);
    if state.is_locked_out(cx.now) {
        let end = state.lockout_end.expect("locked out means an end");
        return stop(
            steps,
            SignInStep::Lockout,
            SignInVerdict::LockedOut,
            format!("The account is locked out until {}; unlock it to let the contact in now.", when(end)),
            Some(USER_LOCKED),
        );
    }
    pass(
        SignInStep::Lockout,
        if state.lockout_enabled {
            format!(
                "Not locked out ({} of {} failed attempts).",
                state.access_failed_count, rules.max_failed_access_attempts
            )
        } else {
            "Lockout is disabled for this contact.".into()
        },
    );

    let hash = match (&contact.password, contact.password_hash.as_deref()) {
        (PasswordState::Set { .. }, Some(h)) => h,
        (PasswordState::Unusable { reason }, _) => {
            return stop(
                steps,
                SignInStep::Password,
                SignInVerdict::UnusableHash,
                format!("The stored password hash cannot be verified: {reason}. Set a new password."),
                Some(INVALID_LOGIN),
            )
        }
        _ => {
            return stop(
                steps,
                SignInStep::Password,
                SignInVerdict::NoPassword,
                "The contact has no local password; set one or have them use an external provider.".into(),
                Some(INVALID_LOGIN),
            )
        }
    };
    let Some(password) = cx.password else {
        steps.push(StepReport {
            step: SignInStep::Password,
            outcome: StepOutcome::NotChecked,
            explanation: "A password is set; type a candidate password to check it.".into(),
        });
        return SignInDiagnosis {
            verdict: SignInVerdict::PasswordNotChecked,
            summary: "Nothing stops this contact before the password check.".into(),
            steps,
            portal_message: None,
            after_attempt: None,
            attempt_locks_account: false,
        };
    };
    if !hash::verify(hash, password).unwrap_or(false) {
        let mut diagnosis;
        if rules.trigger_lockout_on_failed_password {
            let after = record_failed_attempt(state, rules, cx.now);
            let locks = after.lockout_end != state.lockout_end && after.is_locked_out(cx.now);
            let explanation = if locks {
                format!(
                    "Wrong password. This attempt is failure {} of {} and locks the account until {}.",
                    state.access_failed_count + 1,
                    rules.max_failed_access_attempts,
                    when(after.lockout_end.expect("set when locking"))
                )
            } else if after.lockout_end != state.lockout_end {
                format!(
                    "Wrong password. This attempt reaches {} failures and sets the lockout end, but lockout is disabled for this contact, so it is not locked.",
                    rules.max_failed_access_attempts
                )
            } else {
                format!(
                    "Wrong password. The failed count would go to {} of {}.",
                    after.access_failed_count, rules.max_failed_access_attempts
                )
            };
            diagnosis = stop(
                steps,
                SignInStep::Password,
                SignInVerdict::WrongPassword,
                explanation,
                Some(if locks { USER_LOCKED } else { INVALID_LOGIN }),
            );
            diagnosis.after_attempt = Some(after);
            diagnosis.attempt_locks_account = locks;
        } else {
            diagnosis = stop(
                steps,
                SignInStep::Password,
                SignInVerdict::WrongPassword,
                "Wrong password. TriggerLockoutOnFailedPassword is off, so failed attempts are not counted.".into(),
                Some(INVALID_LOGIN),
            );
        }
        return diagnosis;
    }
    pass(SignInStep::Password, "The password matches.".into());

    if contact.two_factor_enabled && rules.two_factor_enabled {
        if !(contact.email_confirmed && contact.email.is_some()) {
            return stop(
                steps,
                SignInStep::TwoFactor,
                SignInVerdict::TwoFactorUnconfirmedEmail,
                "Two-factor authentication is on for this contact but its e-mail address is not confirmed, so no code can be sent.".into(),
                Some(INVALID_LOGIN),
            );
        }
        pass(SignInStep::TwoFactor, "A two-factor code is sent to the confirmed e-mail address.".into());
        return SignInDiagnosis {
            verdict: SignInVerdict::SuccessWithTwoFactor,
            summary: "The password is right; the contact then enters the code sent by e-mail.".into(),
            steps,
            portal_message: None,
            after_attempt: None,
            attempt_locks_account: false,
        };
    }
    SignInDiagnosis {
        verdict: SignInVerdict::Success,
        summary: "The contact signs in; the failed count resets to 0.".into(),
        steps,
        portal_message: None,
        after_attempt: Some(record_success(state)),
        attempt_locks_account: false,
    }
}
