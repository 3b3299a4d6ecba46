//! The demo workspace: a realistic portal so that a first run shows something useful.
//! Later features add their demo records here (keys, settings, roles, contacts).

use super::portal::{PortalDraft, PortalId, PortalState};

/// The demo portal's fixed id, so seeding is idempotent and tests can find it.
pub const DEMO_PORTAL_ID: &str = "3f6e1c2a-9b7d-4e8f-a1c5-7d2e9b4f6a08";
pub const DEMO_PORTAL_NAME: &str = "Contoso Customer Self-Service";
/// The demo key expires this many days after seeding: inside the warning band.
pub const DEMO_KEY_DAYS_LEFT: i64 = 20;

pub fn demo_portal() -> PortalDraft {
    PortalDraft {
        id: Some(DEMO_PORTAL_ID.to_owned()),
        name: DEMO_PORTAL_NAME.to_owned(),
        url: "https://contoso-selfservice.powerappsportals.com/".to_owned(),
        environment_url: "https://contoso.crm4.dynamics.com/".to_owned(),
        app_id: "6f3c2b8e-1d4a-4e5b-9a7c-2b1e8d9f0a31".to_owned(),
        owner: Some("Megan Bowen".to_owned()),
        state: Some(PortalState::Running),
        key_lifetime_days: None,
    }
}

/// The demo portal's site settings, in record order: what an out-of-box portal ships (from real
/// downloads), an Azure AD B2C provider, and the mistakes the checker exists for — the
/// documented `24:00:00` lockout (24 days), a duplicate setting, and demo mode left on.
pub const DEMO_SETTINGS: &[(&str, &str)] = &[
    ("Authentication/Registration/Enabled", "true"),
    ("Authentication/Registration/OpenRegistrationEnabled", "true"),
    ("Authentication/Registration/InvitationEnabled", "true"),
    ("Authentication/Registration/LocalLoginEnabled", "true"),
    ("Authentication/Registration/LocalLoginByEmail", "true"),
    ("Authentication/Registration/ExternalLoginEnabled", "true"),
    ("Authentication/Registration/AzureADLoginEnabled", "true"),
    ("Authentication/Registration/EmailConfirmationEnabled", "true"),
    ("Authentication/Registration/RememberMeEnabled", "True"),
    ("Authentication/Registration/ResetPasswordEnabled", "true"),
    ("Authentication/Registration/IsDemoMode", "true"),
    ("Authentication/Registration/TermsAgreementEnabled", "false"),
    ("Authentication/Registration/DenyMinors", "false"),
    ("Authentication/Registration/DenyMinorsWithoutParentalConsent", "false"),
    ("Authentication/LoginTrackingEnabled", "true"),
    ("Authentication/UserManager/UserLockoutEnabledByDefault", "true"),
    ("Authentication/UserManager/DefaultAccountLockoutTimeSpan", "24:00:00"),
    ("Authentication/UserManager/MaxFailedAccessAttemptsBeforeLockout", "5"),
    ("Authentication/UserManager/PasswordValidator/RequiredLength", "10"),
    ("Authentication/UserManager/PasswordValidator/EnforcePasswordPolicy", "true"),
    ("Authentication/LoginThrottling/MaxInvaildAttemptsFromIPAddress", "1000"),
    ("Authentication/LoginThrottling/MaxAttemptsTimeLimitTimeSpan", "00:03:00"),
    ("Authentication/LoginThrottling/IpAddressTimeoutTimeSpan", "00:10:00"),
    ("Authentication/OpenIdConnect/AzureADB2C/Caption", "Contoso account"),
    ("Authentication/OpenIdConnect/AzureADB2C/ClientId", "0c1f7e52-8b3d-4a69-9e2f-5d7a1c4b8e36"),
    ("Authentication/OpenIdConnect/AzureADB2C/Authority", "https://contosob2c.b2clogin.com/contosob2c.onmicrosoft.com/B2C_1_signupsignin/v2.0/"),
    ("Authentication/OpenIdConnect/AzureADB2C/RedirectUri", "https://contoso-selfservice.powerappsportals.com/signin-aad-b2c_1"),
    ("Authentication/OpenIdConnect/AzureADB2C/DefaultPolicyId", "B2C_1_signupsignin"),
    ("Authentication/OpenIdConnect/AzureADB2C/PasswordResetPolicyId", "B2C_1_passwordreset"),
    ("Authentication/OpenIdConnect/AzureADB2C/ValidIssuers", "https://contosob2c.b2clogin.com/2f4a9d1c-7e3b-4c58-a6d0-9b1e2c3f4a5d/v2.0/"),
    ("Authentication/OpenIdConnect/AzureADB2C/RegistrationClaimsMapping", "firstname=given_name,lastname=family_name"),
    ("Authentication/OpenAuth/Microsoft/ClientId", ""),
    ("Authentication/OpenAuth/Facebook/AppId", ""),
    ("Search/Enabled", "true"),
    ("Search/IndexQueryName", "Portal Search"),
    ("Search/RecordTypeFacetsEntities", "Blogs:adx_blog,adx_blogpost;Forums:adx_communityforum,adx_communityforumthread,adx_communityforumpost;Downloads:annotation,adx_webfile"),
    ("Profile/ShowMarketingOptionsPanel", "True"),
    ("Profile/ForceSignUp", "False"),
    ("CustomerSupport/DisplayAllUserActivitiesOnTimeline", "false"),
    ("KnowledgeManagement/DisplayNotes", "True"),
    ("Header/OutputCache/Enabled", "true"),
    ("Footer/OutputCache/Enabled", "true"),
    ("Site/EnableDefaultHtmlEncoding", "true"),
    ("HTTP/X-Frame-Options", "SAMEORIGIN"),
    ("search/enabled", "false"),
];

pub fn demo_portal_id() -> PortalId {
    DEMO_PORTAL_ID.parse().expect("the demo portal id is a GUID")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_portal_passes_its_own_validation() {
        let valid = super::demo_portal().validate(super::PortalId::new_random()).unwrap();
        assert_eq!(valid.id, super::demo_portal_id());
    }
}
