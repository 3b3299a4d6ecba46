//! A portal of the workspace and the rules its fields must follow.
//!
//! Drafts carry raw text as a person typed it; [`PortalDraft::validate`] turns one into a
//! [`ValidPortal`] or says, per field, what is wrong. Uniqueness of names needs the whole
//! workspace and is checked by `ops::portal`.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use url::Url;
use uuid::Uuid;

use super::key::{DEFAULT_KEY_LIFETIME_DAYS, MAX_KEY_LIFETIME_DAYS, MIN_KEY_LIFETIME_DAYS};
use super::validation::{FieldErrorCode, ValidationErrors};

/// Longest portal name accepted (the Dataverse `adx_website.adx_name` column holds 100).
pub const NAME_MAX_CHARS: usize = 100;
/// Longest owner text accepted.
pub const OWNER_MAX_CHARS: usize = 200;

/// A portal's id: the GUID of its website record, shown lowercase and hyphenated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(transparent)]
pub struct PortalId(#[specta(type = String)] pub Uuid);

impl PortalId {
    pub fn new_random() -> Self {
        Self(Uuid::new_v4())
    }
}

impl fmt::Display for PortalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.hyphenated())
    }
}

impl FromStr for PortalId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_guid(s).map(Self)
    }
}

/// Parses a GUID written as Dataverse and Azure write them: hyphenated, optionally in braces.
pub fn parse_guid(s: &str) -> Result<Uuid, uuid::Error> {
    let s = s.trim();
    let inner = s.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')).unwrap_or(s);
    // Only the hyphenated form: a bare 32-digit string is more likely a thumbprint pasted by mistake.
    if inner.len() != 36 {
        return Err(Uuid::parse_str("x").unwrap_err());
    }
    Uuid::parse_str(inner)
}

/// Whether the portal is serving requests, as the admin center reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PortalState {
    #[default]
    Running,
    Restarting,
    Stopped,
}

impl PortalState {
    pub const ALL: [PortalState; 3] = [Self::Running, Self::Restarting, Self::Stopped];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Restarting => "restarting",
            Self::Stopped => "stopped",
        }
    }
}

impl FromStr for PortalState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|state| state.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown portal state \"{s}\" (expected running, restarting or stopped)"))
    }
}

/// A portal as the workspace holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Portal {
    pub id: PortalId,
    pub name: String,
    /// The portal's public address, e.g. `https://contoso.powerappsportals.com/`.
    pub url: String,
    /// The Dataverse environment the portal reads from, e.g. `https://contoso.crm.dynamics.com/`.
    pub environment_url: String,
    /// The Entra ID (Azure AD) application the portal authenticates as.
    pub app_id: String,
    pub owner: Option<String>,
    pub state: PortalState,
    /// How long a newly generated authentication key is valid, in days (two years by default).
    pub key_lifetime_days: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A portal as typed into a form or CLI flags, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PortalDraft {
    /// The website record's GUID when tracking an existing portal; a new one is made when empty.
    pub id: Option<String>,
    pub name: String,
    pub url: String,
    pub environment_url: String,
    pub app_id: String,
    pub owner: Option<String>,
    pub state: Option<PortalState>,
    /// Lifetime of generated keys in days; two years when empty.
    pub key_lifetime_days: Option<u32>,
}

/// Changes to an existing portal; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PortalPatch {
    pub name: Option<String>,
    pub url: Option<String>,
    pub environment_url: Option<String>,
    pub app_id: Option<String>,
    /// `Some("")` clears the owner.
    pub owner: Option<String>,
    pub state: Option<PortalState>,
    pub key_lifetime_days: Option<u32>,
}

/// A draft that passed every per-field rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPortal {
    pub id: PortalId,
    pub name: String,
    pub url: Url,
    pub environment_url: Url,
    pub app_id: Uuid,
    pub owner: Option<String>,
    pub state: PortalState,
    pub key_lifetime_days: u32,
}

impl PortalDraft {
    /// Checks every field and reports all problems at once. `new_id` is used when the draft
    /// names no id (the caller supplies it so this stays pure).
    pub fn validate(&self, new_id: PortalId) -> Result<ValidPortal, ValidationErrors> {
        let mut errors = ValidationErrors::default();

        let id = match self.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(new_id),
            Some(raw) => match raw.parse::<PortalId>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.push(
                        "id",
                        FieldErrorCode::InvalidGuid,
                        format!("Portal id \"{raw}\" is not a GUID (expected 8-4-4-4-12 hexadecimal digits)."),
                    );
                    None
                }
            },
        };

        let name = self.name.trim();
        if name.is_empty() {
            errors.push("name", FieldErrorCode::Required, "Name is required.");
        } else if name.chars().count() > NAME_MAX_CHARS {
            errors.push(
                "name",
                FieldErrorCode::TooLong,
                format!("Name is {} characters long; at most {NAME_MAX_CHARS} are allowed.", name.chars().count()),
            );
        } else if name.chars().any(char::is_control) {
            errors.push("name", FieldErrorCode::InvalidValue, "Name must not contain control characters.");
        }

        let url = validate_https_url(&mut errors, "url", "Portal URL", &self.url);
        let environment_url =
            validate_https_url(&mut errors, "environment_url", "Dataverse environment URL", &self.environment_url);

        let app_id = match self.app_id.trim() {
            "" => {
                errors.push("app_id", FieldErrorCode::Required, "Application id is required.");
                None
            }
            raw => match parse_guid(raw) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.push(
                        "app_id",
                        FieldErrorCode::InvalidGuid,
                        format!("Application id \"{raw}\" is not a GUID (expected 8-4-4-4-12 hexadecimal digits)."),
                    );
                    None
                }
            },
        };

        let owner = self.owner.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if let Some(owner) = owner {
            if owner.chars().count() > OWNER_MAX_CHARS {
                errors.push(
                    "owner",
                    FieldErrorCode::TooLong,
                    format!(
                        "Owner is {} characters long; at most {OWNER_MAX_CHARS} are allowed.",
                        owner.chars().count()
                    ),
                );
            }
        }

        let key_lifetime_days = self.key_lifetime_days.unwrap_or(DEFAULT_KEY_LIFETIME_DAYS);
        if !(MIN_KEY_LIFETIME_DAYS..=MAX_KEY_LIFETIME_DAYS).contains(&key_lifetime_days) {
            errors.push(
                "key_lifetime_days",
                FieldErrorCode::InvalidValue,
                format!(
                    "Key lifetime must be between {MIN_KEY_LIFETIME_DAYS} and {MAX_KEY_LIFETIME_DAYS} days (got {key_lifetime_days})."
                ),
            );
        }

        match (id, url, environment_url, app_id) {
            (Some(id), Some(url), Some(environment_url), Some(app_id)) if errors.is_empty() => Ok(ValidPortal {
                id,
                name: name.to_owned(),
                url,
                environment_url,
                app_id,
                owner: owner.map(str::to_owned),
                state: self.state.unwrap_or_default(),
                key_lifetime_days,
            }),
            _ => Err(errors),
        }
    }
}

impl PortalPatch {
    /// The draft that results from applying this patch to `portal`.
    pub fn apply_to(&self, portal: &Portal) -> PortalDraft {
        PortalDraft {
            id: Some(portal.id.to_string()),
            name: self.name.clone().unwrap_or_else(|| portal.name.clone()),
            url: self.url.clone().unwrap_or_else(|| portal.url.clone()),
            environment_url: self.environment_url.clone().unwrap_or_else(|| portal.environment_url.clone()),
            app_id: self.app_id.clone().unwrap_or_else(|| portal.app_id.clone()),
            owner: match &self.owner {
                Some(owner) => Some(owner.clone()),
                None => portal.owner.clone(),
            },
            state: Some(self.state.unwrap_or(portal.state)),
            key_lifetime_days: Some(self.key_lifetime_days.unwrap_or(portal.key_lifetime_days)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self == &PortalPatch::default()
    }
}

impl ValidPortal {
    /// The stored form of this portal, stamped with the given instants.
    pub fn into_portal(self, created_at: DateTime<Utc>, updated_at: DateTime<Utc>) -> Portal {
        Portal {
            id: self.id,
            name: self.name,
            url: self.url.to_string(),
            environment_url: self.environment_url.to_string(),
            app_id: self.app_id.hyphenated().to_string(),
            owner: self.owner,
            state: self.state,
            key_lifetime_days: self.key_lifetime_days,
            created_at,
            updated_at,
        }
    }
}

/// Parses an absolute `https://` URL with a host; pushes a specific error and returns `None`
/// otherwise.
fn validate_https_url(errors: &mut ValidationErrors, field: &str, label: &str, raw: &str) -> Option<Url> {
    let raw = raw.trim();
    if raw.is_empty() {
        errors.push(field, FieldErrorCode::Required, format!("{label} is required."));
        return None;
    }
    let url = match Url::parse(raw) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            errors.push(
                field,
                FieldErrorCode::InvalidUrl,
                format!("{label} \"{raw}\" is not an absolute URL; write it as https://host/…"),
            );
            return None;
        }
        Err(e) => {
            errors.push(field, FieldErrorCode::InvalidUrl, format!("{label} \"{raw}\" is not a valid URL: {e}."));
            return None;
        }
    };
    if url.scheme() != "https" {
        errors.push(
            field,
            FieldErrorCode::NotHttps,
            format!("{label} must use https:// (got {}://); portals are only served over HTTPS.", url.scheme()),
        );
        return None;
    }
    if url.host_str().is_none_or(str::is_empty) {
        errors.push(field, FieldErrorCode::InvalidUrl, format!("{label} \"{raw}\" has no host name."));
        return None;
    }
    if !url.username().is_empty() || url.password().is_some() {
        errors.push(field, FieldErrorCode::InvalidUrl, format!("{label} must not contain a user name or password."));
        return None;
    }
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> PortalDraft {
        PortalDraft {
            id: None,
            name: "Contoso".into(),
            url: "https://contoso.powerappsportals.com".into(),
            environment_url: "https://contoso.crm.dynamics.com".into(),
            app_id: "9e7a1b52-6f0e-4d4b-8d0e-3c3a1f2b7d10".into(),
            owner: None,
            state: None,
            key_lifetime_days: None,
        }
    }

    fn codes(errors: &ValidationErrors) -> Vec<(&str, FieldErrorCode)> {
        errors.fields.iter().map(|e| (e.field.as_str(), e.code)).collect()
    }

    #[test]
    fn a_complete_draft_is_valid_and_normalised() {
        let id = PortalId::new_random();
        let valid = draft().validate(id).unwrap();
        assert_eq!(valid.id, id);
        assert_eq!(valid.url.as_str(), "https://contoso.powerappsportals.com/");
        assert_eq!(valid.state, PortalState::Running);
        assert_eq!(valid.key_lifetime_days, 730);
    }

    #[test]
    fn plain_http_urls_are_rejected_with_a_message_about_https() {
        let mut d = draft();
        d.url = "http://x".into();
        let errors = d.validate(PortalId::new_random()).unwrap_err();
        assert_eq!(codes(&errors), vec![("url", FieldErrorCode::NotHttps)]);
        assert!(errors.fields[0].message.contains("https://"), "{}", errors);
    }

    #[test]
    fn url_problems_are_told_apart() {
        let cases = [
            ("", FieldErrorCode::Required),
            ("contoso.powerappsportals.com", FieldErrorCode::InvalidUrl),
            ("https://", FieldErrorCode::InvalidUrl),
            ("ftp://contoso.com", FieldErrorCode::NotHttps),
            ("https://user:pw@contoso.com", FieldErrorCode::InvalidUrl),
            ("https://exa mple.com", FieldErrorCode::InvalidUrl),
        ];
        for (raw, code) in cases {
            let mut d = draft();
            d.environment_url = raw.into();
            let errors = d.validate(PortalId::new_random()).unwrap_err();
            assert_eq!(codes(&errors), vec![("environment_url", code)], "for {raw:?}: {errors}");
        }
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let d = PortalDraft {
            id: Some("not-a-guid".into()),
            name: "   ".into(),
            url: "http://a".into(),
            environment_url: "".into(),
            app_id: "123".into(),
            owner: Some("x".repeat(OWNER_MAX_CHARS + 1)),
            state: None,
            key_lifetime_days: Some(0),
        };
        let errors = d.validate(PortalId::new_random()).unwrap_err();
        assert_eq!(
            codes(&errors),
            vec![
                ("id", FieldErrorCode::InvalidGuid),
                ("name", FieldErrorCode::Required),
                ("url", FieldErrorCode::NotHttps),
                ("environment_url", FieldErrorCode::Required),
                ("app_id", FieldErrorCode::InvalidGuid),
                ("owner", FieldErrorCode::TooLong),
                ("key_lifetime_days", FieldErrorCode::InvalidValue),
            ]
        );
    }

    #[test]
    fn guids_are_accepted_in_braces_and_any_case_but_not_bare() {
        assert!(parse_guid("{9E7A1B52-6F0E-4D4B-8D0E-3C3A1F2B7D10}").is_ok());
        assert!(parse_guid("9E7A1B52-6F0E-4D4B-8D0E-3C3A1F2B7D10").is_ok());
        assert!(parse_guid("9e7a1b526f0e4d4b8d0e3c3a1f2b7d10").is_err());
        assert!(parse_guid("9e7a1b52-6f0e-4d4b-8d0e-3c3a1f2b7d1g").is_err());
    }

    #[test]
    fn names_are_trimmed_and_limited() {
        let mut d = draft();
        d.name = "  Contoso  ".into();
        assert_eq!(d.validate(PortalId::new_random()).unwrap().name, "Contoso");
        d.name = "x".repeat(NAME_MAX_CHARS + 1);
        let errors = d.validate(PortalId::new_random()).unwrap_err();
        assert_eq!(codes(&errors), vec![("name", FieldErrorCode::TooLong)]);
        d.name = "a\tb".into();
        assert_eq!(
            codes(&d.validate(PortalId::new_random()).unwrap_err()),
            vec![("name", FieldErrorCode::InvalidValue)]
        );
    }

    #[test]
    fn a_patch_keeps_what_it_does_not_name_and_can_clear_the_owner() {
        let now = Utc::now();
        let mut d = draft();
        d.owner = Some("Megan".into());
        let portal = d.validate(PortalId::new_random()).unwrap().into_portal(now, now);
        let patch = PortalPatch { name: Some("Fabrikam".into()), owner: Some(String::new()), ..Default::default() };
        let valid = patch.apply_to(&portal).validate(PortalId::new_random()).unwrap();
        assert_eq!(valid.id, portal.id);
        assert_eq!(valid.name, "Fabrikam");
        assert_eq!(valid.url.as_str(), portal.url);
        assert_eq!(valid.owner, None);
    }

    #[test]
    fn states_parse_case_insensitively_and_unknown_ones_are_named() {
        assert_eq!("Stopped".parse::<PortalState>().unwrap(), PortalState::Stopped);
        assert!("paused".parse::<PortalState>().unwrap_err().contains("paused"));
    }
}
