//! The settings checker: what in a portal's site settings will surprise its administrator, with
//! severity, an explanation and, where one exists, a one-click fix.

use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use super::catalogue::{self, *};
use super::effective::{Settings, ValueSource};
use super::parse;
use super::providers::{self, IdentityProvider};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FindingSeverity {
    Info,
    Warning,
    Error,
}

/// Which rule found something (stable codes for scripts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FindingRule {
    DuplicateName,
    UnparsableValue,
    TimespanTrap,
    DemoMode,
    LockoutDisabled,
    OpenRegistrationWithInvitationRequired,
    UnknownLoginButtonProvider,
    DependentSwitchWithoutRegistration,
    OpenIdProviderIncomplete,
    ProviderUsesPortalAppId,
    PlainTextSecret,
    TwoFactorWithoutEmailConfirmation,
}

/// What a fix does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum FixAction {
    /// Writes `value` to the setting (updating the record the runtime reads, or adding one).
    SetValue { name: String, value: String },
    /// Deletes these records.
    DeleteRecords { ids: Vec<Uuid> },
    /// Moves these records' values into the OS keyring.
    MoveToKeyring { ids: Vec<Uuid> },
    /// Deletes every record with this name.
    Unset { name: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Fix {
    /// Button text: "Set to 1.00:00:00".
    pub label: String,
    pub action: FixAction,
}

/// One thing the checker found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Finding {
    /// Stable for the same problem: rule plus subject (used to apply its fix).
    pub id: String,
    pub rule: FindingRule,
    pub severity: FindingSeverity,
    /// The setting it is about, when it is about one.
    pub setting: Option<String>,
    pub title: String,
    pub explanation: String,
    pub fix: Option<Fix>,
}

fn finding(
    rule: FindingRule,
    severity: FindingSeverity,
    subject: &str,
    setting: Option<&str>,
    title: String,
    explanation: String,
    fix: Option<Fix>,
) -> Finding {
    let code = serde_json::to_value(rule).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    Finding {
        id: format!("{code}:{}", subject.to_lowercase()),
        rule,
        severity,
        setting: setting.map(str::to_owned),
        title,
        explanation,
        fix,
    }
}

fn set(name: &str, value: &str) -> Option<Fix> {
    Some(Fix {
        label: format!("Set to {value}"),
        action: FixAction::SetValue { name: name.to_owned(), value: value.to_owned() },
    })
}

/// Every finding for a portal's settings, errors first. `portal_app_id` is the portal's own Entra
/// application id.
pub fn check(settings: &Settings, portal_app_id: &str) -> Vec<Finding> {
    use FindingRule as R;
    use FindingSeverity::*;
    let mut out = Vec::new();

    for group in settings.duplicate_groups() {
        let first = group[0];
        let values: Vec<String> = group.iter().map(|r| format!("\"{}\"", r.value.as_deref().unwrap_or(""))).collect();
        let differ = group.iter().any(|r| r.value != first.value);
        out.push(finding(
            R::DuplicateName,
            if differ { Warning } else { Info },
            &first.name,
            Some(&first.name),
            format!("{} records named {}", group.len(), first.name),
            format!(
                "The runtime reads only the first record whose name matches ignoring case ({}); the others ({}) are ignored{}.",
                values[0],
                values[1..].join(", "),
                if differ { " although their values differ" } else { "" }
            ),
            Some(Fix {
                label: format!("Delete the {} ignored record{}", group.len() - 1, if group.len() == 2 { "" } else { "s" }),
                action: FixAction::DeleteRecords { ids: group[1..].iter().map(|r| r.id).collect() },
            }),
        ));
    }

    for e in settings.all_effective() {
        let Some(kind) = &e.kind else { continue };
        let Some(stored) = &e.stored else { continue };
        if e.source == ValueSource::Unparsable {
            out.push(finding(
                R::UnparsableValue,
                Warning,
                &e.name,
                Some(&e.name),
                format!("{} has a value the runtime cannot read", e.name),
                e.notes.first().cloned().unwrap_or_default(),
                e.default.as_deref().and_then(|d| set(&e.name, d)),
            ));
        } else if *kind == SettingKind::TimeSpan {
            if let Some((actual, meant)) = parse::timespan_trap(stored) {
                out.push(finding(
                    R::TimespanTrap,
                    Error,
                    &e.name,
                    Some(&e.name),
                    format!("{} is {} , not {}", e.name, actual.describe(), meant.describe()).replace(" ,", ","),
                    format!(
                        "\"{stored}\" looks like {} but .NET reads hours above 23 as days, so the portal uses {}. One day is written 1.00:00:00.",
                        meant.describe(),
                        actual.describe()
                    ),
                    set(&e.name, &meant.to_string()),
                ));
            }
        }
    }

    if settings.bool(IS_DEMO_MODE) {
        out.push(finding(
            R::DemoMode,
            Error,
            IS_DEMO_MODE,
            Some(IS_DEMO_MODE),
            "Demo mode is on".into(),
            "Demo mode shows e-mail confirmation and password-reset links on the page for local requests instead of e-mailing them. Never leave it on in production.".into(),
            set(IS_DEMO_MODE, "false"),
        ));
    }
    if !settings.bool(LOCKOUT_ENABLED_BY_DEFAULT) {
        out.push(finding(
            R::LockoutDisabled,
            Warning,
            LOCKOUT_ENABLED_BY_DEFAULT,
            Some(LOCKOUT_ENABLED_BY_DEFAULT),
            "New users cannot be locked out".into(),
            "UserLockoutEnabledByDefault is false, so accounts created from now on are never locked after failed sign-ins: passwords can be guessed without limit.".into(),
            set(LOCKOUT_ENABLED_BY_DEFAULT, "true"),
        ));
    }
    if !settings.bool(TRIGGER_LOCKOUT) {
        out.push(finding(
            R::LockoutDisabled,
            Warning,
            TRIGGER_LOCKOUT,
            Some(TRIGGER_LOCKOUT),
            "Failed passwords do not count towards lockout".into(),
            "TriggerLockoutOnFailedPassword is false, so wrong passwords never lock an account: passwords can be guessed without limit (only per-IP throttling applies).".into(),
            set(TRIGGER_LOCKOUT, "true"),
        ));
    }

    let registration = settings.bool(REGISTRATION_ENABLED);
    if registration && settings.bool(REQUIRES_INVITATION) && settings.bool(OPEN_REGISTRATION_ENABLED) {
        out.push(finding(
            R::OpenRegistrationWithInvitationRequired,
            Warning,
            OPEN_REGISTRATION_ENABLED,
            Some(OPEN_REGISTRATION_ENABLED),
            "Open registration is on while invitations are required".into(),
            "RequiresInvitation says only invited people may register, but OpenRegistrationEnabled is true, which lets anyone sign up. Turn open registration off to make invitations the only way in.".into(),
            set(OPEN_REGISTRATION_ENABLED, "false"),
        ));
    }
    if !registration {
        for def in catalogue::portal_settings()
            .iter()
            .filter(|d| d.depends_on.as_ref().is_some_and(|dep| dep.setting == REGISTRATION_ENABLED))
        {
            if let Some(r) = settings.winner(&def.name) {
                if settings.bool(&def.name) {
                    out.push(finding(
                        R::DependentSwitchWithoutRegistration,
                        Info,
                        &def.name,
                        Some(&def.name),
                        format!("{} has no effect", def.name),
                        format!("It is set to \"{}\" but registration is disabled ({REGISTRATION_ENABLED} is false), so it does nothing until registration is enabled again.", r.value.as_deref().unwrap_or("")),
                        // No fix: removing the switch would bring its default back the day
                        // registration is enabled again (open registration defaults to on).
                        None,
                    ));
                }
            }
        }
    }

    let all_providers = providers::providers(settings, portal_app_id);
    if let Some(button) = settings.text(LOGIN_BUTTON_AUTHENTICATION_TYPE) {
        let loaded: Vec<&IdentityProvider> = all_providers.iter().filter(|p| p.enabled).collect();
        // The built-in provider's authentication type is its tenant's authority, which comes from
        // the portal's app registration (not in the workspace): an Entra ID authority may be it.
        // A configured provider with (nearly) this authentication type is what the button means,
        // loaded or not; only a value that names none of them may be the built-in's.
        let near = all_providers
            .iter()
            .find(|p| p.authentication_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(button)));
        let may_be_built_in = near.is_none()
            && loaded.iter().any(|p| p.kind == providers::ProviderKind::EntraBuiltIn)
            && is_entra_authority(button);
        if !may_be_built_in && !loaded.iter().any(|p| p.authentication_type.as_deref() == Some(button)) {
            let known: Vec<String> = loaded.iter().filter_map(|p| p.authentication_type.clone()).collect();
            out.push(finding(
                R::UnknownLoginButtonProvider,
                Error,
                LOGIN_BUTTON_AUTHENTICATION_TYPE,
                Some(LOGIN_BUTTON_AUTHENTICATION_TYPE),
                "The sign-in button points to no configured provider".into(),
                match near {
                    Some(p) if !p.enabled => format!(
                        "\"{button}\" names {} which is not loaded ({}). The sign-in button leads nowhere.",
                        p.caption,
                        p.problems_text()
                    ),
                    Some(p) => format!(
                        "\"{button}\" differs in letter case from {}'s authentication type \"{}\".",
                        p.caption,
                        p.authentication_type.as_deref().unwrap_or("")
                    ),
                    None if known.is_empty() => {
                        format!("\"{button}\" matches no provider, and no external provider is configured.")
                    }
                    None => format!("\"{button}\" matches no provider. Configured: {}.", known.join(", ")),
                },
                Some(Fix {
                    label: "Clear it".into(),
                    action: FixAction::Unset { name: LOGIN_BUTTON_AUTHENTICATION_TYPE.into() },
                }),
            ));
        }
    }

    for p in all_providers
        .iter()
        .filter(|p| p.protocol == Some(Protocol::OpenIdConnect) && p.key != "azure_ad_built_in" && !p.disabled)
    {
        let missing: Vec<&str> = p
            .problems
            .iter()
            .filter(|m| m.kind == providers::ProblemKind::MissingSetting)
            .map(|m| m.message.as_str())
            .collect();
        if !missing.is_empty() {
            out.push(finding(
                R::OpenIdProviderIncomplete,
                Error,
                &p.key,
                None,
                format!("OpenID Connect provider {} is incomplete", p.name),
                format!("{} Until then it does not appear on the sign-in page.", missing.join(" ")),
                None,
            ));
        }
    }
    for p in &all_providers {
        for key in ["ClientId", "AppId", "ConsumerKey"] {
            let Some(protocol) = p.protocol else { continue };
            let name = format!("{}{}/{key}", protocol.prefix(), p.name);
            if settings.text(&name).is_some_and(|v| v.trim().eq_ignore_ascii_case(portal_app_id.trim())) {
                out.push(finding(
                    R::ProviderUsesPortalAppId,
                    Error,
                    &name,
                    Some(&name),
                    format!("Provider {} uses the portal's own application id", p.name),
                    "The portal's app registration is reserved for the portal itself and the built-in Entra ID provider; the runtime rejects a provider with the same client id. Register a separate application for this provider.".into(),
                    None,
                ));
            }
        }
    }

    let plain: Vec<_> = settings
        .records()
        .iter()
        .filter(|r| {
            !r.secret_in_keyring
                && catalogue::is_secret_name(&r.name)
                && r.value.as_deref().is_some_and(|v| !v.trim().is_empty())
        })
        .collect();
    for r in plain {
        out.push(finding(
            R::PlainTextSecret,
            Warning,
            &r.id.to_string(),
            Some(&r.name),
            format!("{} is stored in plain text", r.name),
            "This secret sits in the workspace as a plain site-setting value, where exports and backups carry it. Move it to the OS keyring.".into(),
            Some(Fix { label: "Move to keyring".into(), action: FixAction::MoveToKeyring { ids: vec![r.id] } }),
        ));
    }

    if settings.bool(TWO_FACTOR_ENABLED) && !settings.bool(EMAIL_CONFIRMATION_ENABLED) {
        out.push(finding(
            R::TwoFactorWithoutEmailConfirmation,
            Warning,
            TWO_FACTOR_ENABLED,
            Some(TWO_FACTOR_ENABLED),
            "Two-factor authentication is on but e-mail confirmation is off".into(),
            "Two-factor codes are sent by e-mail and need a confirmed address, but EmailConfirmationEnabled is false, so new users never confirm theirs and cannot use two-factor sign-in.".into(),
            set(EMAIL_CONFIRMATION_ENABLED, "true"),
        ));
    }

    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

/// Whether `value` is a Microsoft Entra ID authority URL (any tenant).
fn is_entra_authority(value: &str) -> bool {
    url::Url::parse(value.trim()).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase)).is_some_and(|host| {
        matches!(
            host.as_str(),
            "login.microsoftonline.com" | "login.windows.net" | "sts.windows.net" | "login.microsoft.com"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::settings::effective::SiteSetting;

    const APP: &str = "5f2d8c1e-3a4b-4c6d-8e9f-0a1b2c3d4e5f";

    fn check_pairs(pairs: &[(&str, &str)]) -> Vec<Finding> {
        check(&Settings::new(pairs.iter().map(|(n, v)| SiteSetting::new(*n, Some((*v).to_owned()))).collect()), APP)
    }

    fn rules(findings: &[Finding]) -> Vec<FindingRule> {
        findings.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn default_settings_raise_nothing() {
        assert_eq!(check_pairs(&[]), vec![]);
    }

    #[test]
    fn duplicate_names_ignoring_case_offer_to_delete_the_ignored_records() {
        let settings = Settings::new(vec![
            SiteSetting::new("Search/Enabled", Some("true".into())),
            SiteSetting::new("search/enabled", Some("false".into())),
        ]);
        let found = check(&settings, APP);
        assert_eq!(rules(&found), vec![FindingRule::DuplicateName]);
        assert_eq!(found[0].severity, FindingSeverity::Warning, "values differ");
        assert_eq!(
            found[0].fix.as_ref().unwrap().action,
            FixAction::DeleteRecords { ids: vec![settings.records()[1].id] }
        );
    }

    #[test]
    fn unparsable_values_offer_the_default() {
        let found = check_pairs(&[(MAX_FAILED_ATTEMPTS, "five")]);
        assert_eq!(rules(&found), vec![FindingRule::UnparsableValue]);
        assert_eq!(
            found[0].fix.as_ref().unwrap().action,
            FixAction::SetValue { name: MAX_FAILED_ATTEMPTS.into(), value: "5".into() }
        );
    }

    #[test]
    fn the_timespan_trap_is_an_error_fixed_by_what_was_meant() {
        let found = check_pairs(&[(LOCKOUT_TIMESPAN, "24:00:00")]);
        assert_eq!(rules(&found), vec![FindingRule::TimespanTrap]);
        assert_eq!(found[0].severity, FindingSeverity::Error);
        assert_eq!(found[0].title, "Authentication/UserManager/DefaultAccountLockoutTimeSpan is 24 days, not 1 day");
        assert_eq!(
            found[0].fix.as_ref().unwrap().action,
            FixAction::SetValue { name: LOCKOUT_TIMESPAN.into(), value: "1.00:00:00".into() }
        );
    }

    #[test]
    fn demo_mode_and_disabled_lockout_are_flagged() {
        let found =
            check_pairs(&[(IS_DEMO_MODE, "True"), (LOCKOUT_ENABLED_BY_DEFAULT, "false"), (TRIGGER_LOCKOUT, "false")]);
        assert_eq!(
            rules(&found),
            vec![FindingRule::DemoMode, FindingRule::LockoutDisabled, FindingRule::LockoutDisabled]
        );
        assert_eq!(found[0].severity, FindingSeverity::Error);
    }

    #[test]
    fn open_registration_while_invitations_are_required_is_flagged() {
        let found = check_pairs(&[(REQUIRES_INVITATION, "true")]);
        assert_eq!(rules(&found), vec![FindingRule::OpenRegistrationWithInvitationRequired]);
        assert!(check_pairs(&[(REQUIRES_INVITATION, "true"), (OPEN_REGISTRATION_ENABLED, "false")]).is_empty());
    }

    #[test]
    fn registration_switches_set_while_registration_is_disabled_are_noted() {
        let found = check_pairs(&[
            (REGISTRATION_ENABLED, "false"),
            (INVITATION_ENABLED, "true"),
            (REQUIRES_CONFIRMATION, "true"),
        ]);
        assert_eq!(rules(&found), vec![FindingRule::DependentSwitchWithoutRegistration; 2]);
        assert!(found.iter().all(|f| f.severity == FindingSeverity::Info));
    }

    #[test]
    fn the_login_button_must_name_a_loaded_provider() {
        let found = check_pairs(&[(LOGIN_BUTTON_AUTHENTICATION_TYPE, "Facebook")]);
        assert_eq!(rules(&found), vec![FindingRule::UnknownLoginButtonProvider]);
        assert!(found[0].explanation.contains("no external provider is configured"));
        let ok = check_pairs(&[
            (LOGIN_BUTTON_AUTHENTICATION_TYPE, "https://login.microsoftonline.com/t/v2.0"),
            ("Authentication/OpenIdConnect/Entra/ClientId", "11111111-2222-3333-4444-555555555555"),
            ("Authentication/OpenIdConnect/Entra/Authority", "https://login.microsoftonline.com/t/v2.0"),
        ]);
        assert_eq!(ok, vec![]);
        // An Entra ID authority may be the built-in provider's (its tenant is not in the
        // workspace) while that provider is loaded; not once it is switched off.
        let tenant = "https://login.microsoftonline.com/8f3c2a4e-1b5d-4c7e-9a2f-6d8e0b1c3a5f/";
        assert_eq!(check_pairs(&[(LOGIN_BUTTON_AUTHENTICATION_TYPE, tenant)]), vec![]);
        let off = check_pairs(&[(LOGIN_BUTTON_AUTHENTICATION_TYPE, tenant), (AZURE_AD_LOGIN_ENABLED, "false")]);
        assert_eq!(rules(&off), vec![FindingRule::UnknownLoginButtonProvider]);
        // A configured Entra ID provider with that authority is what the button means: while it
        // is not loaded (no ClientId), the button leads nowhere.
        let unloaded = check_pairs(&[
            (LOGIN_BUTTON_AUTHENTICATION_TYPE, tenant),
            ("Authentication/OpenIdConnect/Staff/Authority", tenant),
        ]);
        assert!(rules(&unloaded).contains(&FindingRule::UnknownLoginButtonProvider), "{unloaded:?}");
    }

    #[test]
    fn incomplete_openid_providers_and_the_portal_app_id_are_errors() {
        let found = check_pairs(&[("Authentication/OpenIdConnect/Okta/Authority", "https://okta.example.com")]);
        assert_eq!(rules(&found), vec![FindingRule::OpenIdProviderIncomplete]);
        assert!(found[0].explanation.contains("ClientId is missing"));
        let found = check_pairs(&[
            ("Authentication/OpenIdConnect/Entra/ClientId", APP),
            ("Authentication/OpenIdConnect/Entra/Authority", "https://login.microsoftonline.com/t/v2.0"),
        ]);
        assert_eq!(rules(&found), vec![FindingRule::ProviderUsesPortalAppId]);
    }

    #[test]
    fn secrets_in_plain_settings_can_move_to_the_keyring() {
        let found = check_pairs(&[
            ("Authentication/OpenAuth/Google/ClientId", "g"),
            ("Authentication/OpenAuth/Google/ClientSecret", "s3cret"),
        ]);
        assert_eq!(rules(&found), vec![FindingRule::PlainTextSecret]);
        assert!(matches!(found[0].fix.as_ref().unwrap().action, FixAction::MoveToKeyring { .. }));
        assert!(!found[0].explanation.contains("s3cret"), "a finding never repeats the secret");
    }

    #[test]
    fn two_factor_without_email_confirmation_is_flagged() {
        let found = check_pairs(&[(TWO_FACTOR_ENABLED, "true"), (EMAIL_CONFIRMATION_ENABLED, "false")]);
        assert_eq!(rules(&found), vec![FindingRule::TwoFactorWithoutEmailConfirmation]);
    }

    #[test]
    fn finding_ids_are_stable_for_the_same_problem() {
        let a = check_pairs(&[(IS_DEMO_MODE, "true")]);
        let b = check_pairs(&[(IS_DEMO_MODE, "TRUE")]);
        assert_eq!(a[0].id, b[0].id);
        assert_eq!(a[0].id, "demo_mode:authentication/registration/isdemomode");
    }
}
