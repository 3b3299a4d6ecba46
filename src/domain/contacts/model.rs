//! Contacts as portal users (reference §1.8–1.9): the identity columns, external identities, and
//! the runtime's user rules (reference §5): e-mail and username validation, two-factor only with
//! a confirmed e-mail, and the identity-removal rule.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use super::hash::{self, HashFormat};
use crate::domain::access::model::optional_text;
use crate::domain::settings::catalogue::*;
use crate::domain::settings::effective::Settings;
use crate::domain::settings::parse::TimeSpan;
use crate::domain::{FieldErrorCode, ValidationErrors};

/// A contact's local password, as far as anyone may see it: its format, never the hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PasswordState {
    None,
    Set {
        format: HashFormat,
    },
    /// A stored hash no verifier accepts (malformed, unknown marker …).
    Unusable {
        reason: String,
    },
}

impl PasswordState {
    pub fn of(hash: Option<&str>) -> Self {
        match hash.map(str::trim).filter(|h| !h.is_empty()) {
            None => PasswordState::None,
            Some(h) => match hash::format_of(h) {
                Ok(format) => PasswordState::Set { format },
                Err(e) => PasswordState::Unusable { reason: e.to_string() },
            },
        }
    }
}

/// `adx_externalidentity`: a sign-in through an external provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ExternalIdentity {
    pub id: Uuid,
    /// `adx_identityprovidername`: the token issuer (OpenID Connect, SAML, WS-Fed) or the OAuth
    /// authentication type (`Facebook`, …).
    pub provider: String,
    /// `adx_username`: the provider's key for the user.
    pub user_key: String,
}

/// A contact with its portal-identity columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Contact {
    pub id: Uuid,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// `emailaddress1`.
    pub email: Option<String>,
    pub email_confirmed: bool,
    pub mobile_phone: Option<String>,
    pub active: bool,
    /// `adx_identity_username`; cannot change once set.
    pub username: Option<String>,
    /// The hash itself stays inside the core (and the workspace file).
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub password: PasswordState,
    pub security_stamp: Option<String>,
    pub two_factor_enabled: bool,
    pub lockout_enabled: bool,
    /// `adx_identity_lockoutenddate` (UTC).
    pub lockout_end: Option<DateTime<Utc>>,
    pub access_failed_count: i32,
    /// `adx_identity_logonenabled`.
    pub login_enabled: bool,
    /// `adx_identity_locallogindisabled`.
    pub local_login_disabled: bool,
    pub last_successful_login: Option<DateTime<Utc>>,
    pub role_ids: Vec<Uuid>,
    pub identities: Vec<ExternalIdentity>,
    pub modified_at: DateTime<Utc>,
}

impl Contact {
    /// "First Last", or the e-mail or username when there is no name.
    pub fn display_name(&self) -> String {
        display_name(
            self.first_name.as_deref(),
            self.last_name.as_deref(),
            self.email.as_deref(),
            self.username.as_deref(),
        )
    }

    /// `IsLockedOut`: lockout enabled and the end not yet passed.
    pub fn is_locked_out(&self, now: DateTime<Utc>) -> bool {
        super::LockoutState::of(self).is_locked_out(now)
    }

    pub fn set_password_hash(&mut self, hash: Option<String>) {
        self.password = PasswordState::of(hash.as_deref());
        self.password_hash = hash;
    }

    /// A new contact as the runtime creates one: login enabled, lockout per the portal's default.
    pub fn new(id: Uuid, rules: &UserRules, now: DateTime<Utc>) -> Self {
        Contact {
            id,
            first_name: None,
            last_name: None,
            email: None,
            email_confirmed: false,
            mobile_phone: None,
            active: true,
            username: None,
            password_hash: None,
            password: PasswordState::None,
            security_stamp: Some(new_security_stamp()),
            two_factor_enabled: false,
            lockout_enabled: rules.lockout_enabled_by_default,
            lockout_end: None,
            access_failed_count: 0,
            login_enabled: true,
            local_login_disabled: false,
            last_successful_login: None,
            role_ids: Vec::new(),
            identities: Vec::new(),
            modified_at: now,
        }
    }
}

pub fn display_name(first: Option<&str>, last: Option<&str>, email: Option<&str>, username: Option<&str>) -> String {
    let name = [first, last].iter().flatten().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    if !name.is_empty() {
        return name;
    }
    email.or(username).unwrap_or("(no name)").to_owned()
}

/// `Guid.NewGuid().ToString()`, as the portal writes security stamps.
pub fn new_security_stamp() -> String {
    Uuid::new_v4().to_string()
}

/// The key contacts are compared by for e-mail uniqueness (case-insensitive, trimmed).
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The portal's user-manager rules, from its settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct UserRules {
    pub require_unique_email: bool,
    pub allow_only_alphanumeric_user_names: bool,
    pub lockout_enabled_by_default: bool,
    pub max_failed_access_attempts: i32,
    pub lockout_time_span: TimeSpan,
    pub trigger_lockout_on_failed_password: bool,
    pub local_login_enabled: bool,
    pub local_login_by_email: bool,
    pub two_factor_enabled: bool,
}

impl UserRules {
    pub fn from_settings(settings: &Settings) -> Self {
        Self {
            require_unique_email: settings.bool(REQUIRE_UNIQUE_EMAIL),
            allow_only_alphanumeric_user_names: settings.bool(ALLOW_ONLY_ALPHANUMERIC_USER_NAMES),
            lockout_enabled_by_default: settings.bool(LOCKOUT_ENABLED_BY_DEFAULT),
            max_failed_access_attempts: settings.int(MAX_FAILED_ATTEMPTS).unwrap_or(5),
            lockout_time_span: settings.timespan(LOCKOUT_TIMESPAN).unwrap_or(TimeSpan::from_days(1)),
            trigger_lockout_on_failed_password: settings.bool(TRIGGER_LOCKOUT),
            local_login_enabled: settings.bool(LOCAL_LOGIN_ENABLED),
            local_login_by_email: settings.bool(LOCAL_LOGIN_BY_EMAIL),
            two_factor_enabled: settings.bool(TWO_FACTOR_ENABLED),
        }
    }
}

/// What an administrator types for a contact's profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ContactDraft {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub mobile_phone: Option<String>,
    pub username: Option<String>,
}

/// Other contacts of the portal that a draft's e-mail or username would collide with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collisions {
    pub email: Vec<String>,
    pub username: Vec<String>,
}

/// `MailAddress`-like: one `@` with text on both sides, no spaces, a dot-free domain allowed.
pub fn is_mail_address(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else { return false };
    !local.is_empty()
        && !domain.is_empty()
        && !email.chars().any(|c| c.is_whitespace() || c == ',' || c == ';' || c == '<' || c == '>')
        && email.matches('@').count() == 1
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

/// `InternalUserValidator`: the username's own rules (uniqueness is checked by the caller).
pub fn username_problem(username: &str, rules: &UserRules) -> Option<String> {
    let invalid = format!("The user name \"{username}\" isn't valid.");
    if username.contains(',') {
        return Some(invalid);
    }
    if rules.allow_only_alphanumeric_user_names
        && !username.chars().all(|c| c.is_ascii_alphanumeric() || c == '@' || c == '_' || c == '.')
    {
        return Some(format!(
            "{invalid} Only letters A-Z, digits, @, _ and . are allowed (AllowOnlyAlphanumericUserNames is on)."
        ));
    }
    None
}

/// Applies a draft to a contact with the runtime's user rules; `collisions` are the other
/// contacts already using the draft's e-mail or username. Changing the e-mail unconfirms it.
pub fn apply_draft(
    contact: &mut Contact,
    draft: &ContactDraft,
    rules: &UserRules,
    collisions: &Collisions,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let first_name = optional_text(&mut errors, "first_name", draft.first_name.as_deref(), 50, "The first name");
    let last_name = optional_text(&mut errors, "last_name", draft.last_name.as_deref(), 50, "The last name");
    let email = optional_text(&mut errors, "email", draft.email.as_deref(), 100, "The e-mail address");
    let mobile_phone =
        optional_text(&mut errors, "mobile_phone", draft.mobile_phone.as_deref(), 50, "The mobile phone");
    let username = optional_text(&mut errors, "username", draft.username.as_deref(), 100, "The user name");

    if first_name.is_none() && last_name.is_none() && email.is_none() && username.is_none() {
        errors.push("last_name", FieldErrorCode::Required, "A contact needs a name, an e-mail address or a user name.");
    }
    if let Some(e) = &email {
        if !is_mail_address(e) {
            errors.push("email", FieldErrorCode::InvalidValue, format!("\"{e}\" is not an e-mail address."));
        } else if rules.require_unique_email && !collisions.email.is_empty() {
            errors.push(
                "email",
                FieldErrorCode::Taken,
                format!("The email \"{e}\" is already taken (by {}).", collisions.email.join(", ")),
            );
        }
    } else if rules.require_unique_email && username.is_some() {
        errors.push(
            "email",
            FieldErrorCode::Required,
            "RequireUniqueEmail is on, so a contact with a user name needs an e-mail address.",
        );
    }
    match (&contact.username, &username) {
        (Some(old), new) if new.as_deref() != Some(old.as_str()) => errors.push(
            "username",
            FieldErrorCode::InvalidValue,
            format!("The user name \"{old}\" is set and cannot change."),
        ),
        (None, Some(new)) => {
            if let Some(problem) = username_problem(new, rules) {
                errors.push("username", FieldErrorCode::InvalidValue, problem);
            } else if !collisions.username.is_empty() {
                errors.push("username", FieldErrorCode::Taken, format!("The user name \"{new}\" is already taken."));
            }
        }
        _ => {}
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let email_changed = email.as_deref().map(email_key) != contact.email.as_deref().map(email_key);
    if email_changed {
        contact.email_confirmed = false;
        if contact.two_factor_enabled {
            // Two-factor codes go to the confirmed e-mail; without one it cannot stay on.
            contact.two_factor_enabled = false;
        }
    }
    contact.first_name = first_name;
    contact.last_name = last_name;
    contact.email = email;
    contact.mobile_phone = mobile_phone;
    contact.username = username;
    Ok(())
}

/// Two-factor needs a confirmed e-mail.
pub fn check_two_factor(contact: &Contact, enable: bool) -> Result<(), ValidationErrors> {
    if enable && !(contact.email.is_some() && contact.email_confirmed) {
        return Err(ValidationErrors::single(
            "two_factor_enabled",
            FieldErrorCode::InvalidValue,
            "Two-factor authentication sends its code to the contact's e-mail address, which must be confirmed first.",
        ));
    }
    Ok(())
}

/// An identity may be removed only while another one (local password or external) remains.
pub fn check_identity_removal(contact: &Contact, identity: Uuid) -> Result<(), ValidationErrors> {
    let has_local = contact.username.is_some() && matches!(contact.password, PasswordState::Set { .. });
    let others = contact.identities.iter().filter(|i| i.id != identity).count();
    if !has_local && others == 0 {
        return Err(ValidationErrors::single(
            "identity",
            FieldErrorCode::InvalidValue,
            "This is the contact's only way to sign in (no local password and no other external identity); add another before removing it.",
        ));
    }
    Ok(())
}

/// A new external identity: provider and key required, at most one per provider.
pub fn check_new_identity(
    contact: &Contact,
    provider: &str,
    user_key: &str,
) -> Result<(String, String), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let provider = crate::domain::access::model::required_text(&mut errors, "provider", provider, 400, "The provider");
    let user_key =
        crate::domain::access::model::required_text(&mut errors, "user_key", user_key, 100, "The provider's user key");
    if contact.identities.iter().any(|i| i.provider.eq_ignore_ascii_case(&provider)) {
        errors.push(
            "provider",
            FieldErrorCode::Taken,
            format!("The contact already has an identity from {provider}; a contact has at most one per provider."),
        );
    }
    errors.into_result((provider, user_key))
}
