//! The catalogue of authentication site settings: every name the portal runtime reads, with its
//! type, default, description, group and dependencies (reference §3; defaults are the runtime
//! code's, used when a setting is absent or unparsable).
//!
//! Portal-wide settings are listed by full name. Identity-provider settings are templates
//! (`Authentication/<Protocol>/<provider>/<Name>`) matched by [`lookup`].

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use specta::Type;

/// How the runtime parses a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum SettingKind {
    /// `bool.TryParse`.
    Bool,
    /// `int.TryParse`, then the range the product accepts.
    Int { min: i32, max: i32 },
    /// `TimeSpan.TryParse` (`d.hh:mm:ss`).
    TimeSpan,
    /// `Enum.TryParse`, case-sensitive member names.
    Enum { values: Vec<String> },
    /// Free text used as given.
    Text,
    /// An absolute URL.
    Url,
    /// A comma-separated list.
    List,
    /// A path on the site (`/signin`).
    Path,
    /// A client or app secret: kept in the OS keyring, never in the workspace.
    Secret,
}

/// Where a setting is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SettingGroup {
    Registration,
    SignIn,
    UserValidation,
    PasswordPolicy,
    Lockout,
    ApplicationCookie,
    TwoFactorCookie,
    LoginThrottling,
    BearerAuthentication,
    Privacy,
    Provider,
}

impl SettingGroup {
    pub fn title(self) -> &'static str {
        match self {
            Self::Registration => "Registration",
            Self::SignIn => "Sign-in",
            Self::UserValidation => "User validation",
            Self::PasswordPolicy => "Password policy",
            Self::Lockout => "Lockout",
            Self::ApplicationCookie => "Application cookie",
            Self::TwoFactorCookie => "Two-factor cookie",
            Self::LoginThrottling => "Login throttling",
            Self::BearerAuthentication => "Bearer tokens",
            Self::Privacy => "Privacy and terms",
            Self::Provider => "Identity provider",
        }
    }
}

/// A setting that only matters while another one has a given value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Dependency {
    /// The full name of the controlling setting.
    pub setting: String,
    /// The value it must have (`true`).
    pub value: String,
}

/// One catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SettingDef {
    /// The full setting name (for provider templates, with `<provider>` in place of the name).
    pub name: String,
    pub kind: SettingKind,
    /// The value the runtime uses when the setting is absent or unparsable, in the setting's
    /// own syntax; `None` when there is none (the feature is off or unset).
    pub default: Option<String>,
    pub description: String,
    pub group: SettingGroup,
    pub depends_on: Option<Dependency>,
    /// A loud warning shown with the setting (e.g. demo mode in production).
    pub warning: Option<String>,
}

/// An identity-provider protocol as it appears in setting names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    OpenIdConnect,
    OAuth2,
    Saml2,
    WsFederation,
}

impl Protocol {
    pub const ALL: [Protocol; 4] = [Protocol::OpenIdConnect, Protocol::OAuth2, Protocol::Saml2, Protocol::WsFederation];

    /// The setting-name segment: `Authentication/<segment>/<provider>/…`.
    pub fn segment(self) -> &'static str {
        match self {
            Self::OpenIdConnect => "OpenIdConnect",
            Self::OAuth2 => "OpenAuth",
            Self::Saml2 => "SAML2",
            Self::WsFederation => "WsFederation",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::OpenIdConnect => "OpenID Connect",
            Self::OAuth2 => "OAuth 2.0",
            Self::Saml2 => "SAML 2.0",
            Self::WsFederation => "WS-Federation",
        }
    }

    pub fn prefix(self) -> String {
        format!("Authentication/{}/", self.segment())
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.segment().eq_ignore_ascii_case(s) || p.as_code() == s)
    }

    pub fn as_code(self) -> &'static str {
        match self {
            Self::OpenIdConnect => "open_id_connect",
            Self::OAuth2 => "o_auth2",
            Self::Saml2 => "saml2",
            Self::WsFederation => "ws_federation",
        }
    }
}

/// A per-provider setting template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderSettingDef {
    /// The last name segment (`ClientId`).
    pub key: &'static str,
    pub protocols: &'static [Protocol],
    pub kind: SettingKind,
    pub default: Option<&'static str>,
    pub description: &'static str,
}

/// The setting names that hold the registration switches everything else depends on.
pub const REGISTRATION_ENABLED: &str = "Authentication/Registration/Enabled";
pub const OPEN_REGISTRATION_ENABLED: &str = "Authentication/Registration/OpenRegistrationEnabled";
pub const INVITATION_ENABLED: &str = "Authentication/Registration/InvitationEnabled";
pub const REQUIRES_INVITATION: &str = "Authentication/Registration/RequiresInvitation";
pub const REQUIRES_CONFIRMATION: &str = "Authentication/Registration/RequiresConfirmation";
pub const LOCAL_LOGIN_ENABLED: &str = "Authentication/Registration/LocalLoginEnabled";
pub const LOCAL_LOGIN_BY_EMAIL: &str = "Authentication/Registration/LocalLoginByEmail";
pub const EXTERNAL_LOGIN_ENABLED: &str = "Authentication/Registration/ExternalLoginEnabled";
pub const AZURE_AD_LOGIN_ENABLED: &str = "Authentication/Registration/AzureADLoginEnabled";
pub const TWO_FACTOR_ENABLED: &str = "Authentication/Registration/TwoFactorEnabled";
pub const EMAIL_CONFIRMATION_ENABLED: &str = "Authentication/Registration/EmailConfirmationEnabled";
pub const TRIGGER_LOCKOUT: &str = "Authentication/Registration/TriggerLockoutOnFailedPassword";
pub const IS_DEMO_MODE: &str = "Authentication/Registration/IsDemoMode";
pub const LOGIN_BUTTON_AUTHENTICATION_TYPE: &str = "Authentication/Registration/LoginButtonAuthenticationType";
pub const LOCKOUT_ENABLED_BY_DEFAULT: &str = "Authentication/UserManager/UserLockoutEnabledByDefault";
pub const LOCKOUT_TIMESPAN: &str = "Authentication/UserManager/DefaultAccountLockoutTimeSpan";
pub const MAX_FAILED_ATTEMPTS: &str = "Authentication/UserManager/MaxFailedAccessAttemptsBeforeLockout";
pub const ALLOW_ONLY_ALPHANUMERIC_USER_NAMES: &str =
    "Authentication/UserManager/UserValidator/AllowOnlyAlphanumericUserNames";
pub const REQUIRE_UNIQUE_EMAIL: &str = "Authentication/UserManager/UserValidator/RequireUniqueEmail";
pub const PASSWORD_REQUIRED_LENGTH: &str = "Authentication/UserManager/PasswordValidator/RequiredLength";
pub const PASSWORD_REQUIRE_NON_LETTER_OR_DIGIT: &str =
    "Authentication/UserManager/PasswordValidator/RequireNonLetterOrDigit";
pub const PASSWORD_REQUIRE_DIGIT: &str = "Authentication/UserManager/PasswordValidator/RequireDigit";
pub const PASSWORD_REQUIRE_LOWERCASE: &str = "Authentication/UserManager/PasswordValidator/RequireLowercase";
pub const PASSWORD_REQUIRE_UPPERCASE: &str = "Authentication/UserManager/PasswordValidator/RequireUppercase";
pub const PASSWORD_ENFORCE_POLICY: &str = "Authentication/UserManager/PasswordValidator/EnforcePasswordPolicy";

pub const BEARER_ENABLED: &str = "Authentication/BearerAuthentication/Enabled";
pub const BEARER_PROTOCOL: &str = "Authentication/BearerAuthentication/Protocol";
pub const BEARER_PROVIDER: &str = "Authentication/BearerAuthentication/Provider";

/// The built-in Microsoft Entra ID provider's settings live under this provider name.
pub const BUILT_IN_AZURE_AD: &str = "AzureAD";

fn requires(setting: &str) -> Option<Dependency> {
    Some(Dependency { setting: setting.to_owned(), value: "true".to_owned() })
}

struct Entry {
    name: &'static str,
    kind: SettingKind,
    default: Option<&'static str>,
    group: SettingGroup,
    depends_on: Option<&'static str>,
    description: &'static str,
    warning: Option<&'static str>,
}

fn b(name: &'static str, default: bool, group: SettingGroup, description: &'static str) -> Entry {
    Entry {
        name,
        kind: SettingKind::Bool,
        default: Some(if default { "true" } else { "false" }),
        group,
        depends_on: None,
        description,
        warning: None,
    }
}

fn of(
    name: &'static str,
    kind: SettingKind,
    default: Option<&'static str>,
    group: SettingGroup,
    description: &'static str,
) -> Entry {
    Entry { name, kind, default, group, depends_on: None, description, warning: None }
}

impl Entry {
    fn after(mut self, setting: &'static str) -> Self {
        self.depends_on = Some(setting);
        self
    }
    fn warn(mut self, warning: &'static str) -> Self {
        self.warning = Some(warning);
        self
    }
}

fn enum_kind(values: &[&str]) -> SettingKind {
    SettingKind::Enum { values: values.iter().map(|v| (*v).to_owned()).collect() }
}

fn portal_entries() -> Vec<Entry> {
    use SettingGroup::*;
    use SettingKind::*;
    vec![
        b(REGISTRATION_ENABLED, true, Registration, "Enables or disables every form of user registration. Registration must be enabled for the other registration settings to take effect."),
        b(OPEN_REGISTRATION_ENABLED, true, Registration, "Lets anyone sign up for a user account on the portal.").after(REGISTRATION_ENABLED),
        b(INVITATION_ENABLED, true, Registration, "Lets people redeem invitation codes to register.").after(REGISTRATION_ENABLED),
        b(REQUIRES_INVITATION, false, Registration, "Requires an invitation code to register; turns open registration off.").after(REGISTRATION_ENABLED),
        b(REQUIRES_CONFIRMATION, false, Registration, "Requires a confirmed e-mail address to register; turns open registration off.").after(REGISTRATION_ENABLED),
        b(EMAIL_CONFIRMATION_ENABLED, true, Registration, "Sends new users an e-mail to confirm their address."),
        b("Authentication/Registration/CaptchaEnabled", false, Registration, "Shows a captcha on the registration page.").after(REGISTRATION_ENABLED),
        b(LOCAL_LOGIN_ENABLED, false, SignIn, "Allows sign-in with a local user name (or e-mail) and password stored on the contact. The runtime's default is false; Microsoft's documentation says true and out-of-box sites ship the setting set to true."),
        b(LOCAL_LOGIN_BY_EMAIL, false, SignIn, "Local sign-in uses the e-mail address instead of a user name.").after(LOCAL_LOGIN_ENABLED),
        b(EXTERNAL_LOGIN_ENABLED, true, SignIn, "Allows sign-in and registration with external identity providers. External providers are only loaded while this is on."),
        b(AZURE_AD_LOGIN_ENABLED, true, SignIn, "Enables the built-in Microsoft Entra ID provider of the portal's own app registration.").after(EXTERNAL_LOGIN_ENABLED),
        of(LOGIN_BUTTON_AUTHENTICATION_TYPE, Text, None, SignIn, "The authentication type of the one provider the Sign in button redirects to directly (an OpenID Connect authority, Facebook, Google, Microsoft, LinkedIn, Twitter, Yahoo, or a WS-Federation/SAML authentication type). Empty shows the sign-in page with every provider."),
        b("Authentication/Registration/RememberMeEnabled", true, SignIn, "Shows \"Remember me?\" on the sign-in page to keep the session after the browser closes."),
        b(TWO_FACTOR_ENABLED, false, SignIn, "Lets users turn on two-factor authentication (a code sent by e-mail). Requires a confirmed e-mail address."),
        b("Authentication/Registration/RememberBrowserEnabled", true, SignIn, "Shows \"Remember browser?\" on the two-factor page so a browser skips the second factor.").after(TWO_FACTOR_ENABLED),
        b("Authentication/Registration/ResetPasswordEnabled", true, SignIn, "Enables password reset by e-mail for local accounts."),
        b("Authentication/Registration/ResetPasswordRequiresConfirmedEmail", false, SignIn, "Sends password-reset e-mails only to confirmed addresses.").after("Authentication/Registration/ResetPasswordEnabled"),
        b(TRIGGER_LOCKOUT, true, Lockout, "Counts failed password attempts towards lockout (the runtime's shouldLockout). Off means unlimited password guessing."),
        b("Authentication/Registration/MobilePhoneEnabled", false, SignIn, "Shows a mobile phone field for two-factor codes by SMS. Not supported by Power Pages; turning it on causes errors.").warn("Not supported by Power Pages: leave this off."),
        b("Authentication/Registration/SignOutEverywhereEnabled", true, SignIn, "Shows \"Sign out everywhere\" on the security page, which invalidates every session of the user."),
        b("Authentication/Registration/ProfileRedirectEnabled", true, SignIn, "Redirects users to their profile page after the first sign-in."),
        b(IS_DEMO_MODE, false, SignIn, "Demo mode: for requests from the local machine, shows e-mail confirmation and password-reset links on the page instead of sending e-mails.").warn("Never on a production portal: demo mode bypasses e-mail verification."),
        b("Authentication/Registration/LocalLoginDeprecated", false, SignIn, "Marks local sign-in as deprecated while users move to an external provider."),
        b("Authentication/LoginTrackingEnabled", false, SignIn, "Records each user's last successful sign-in on the contact."),
        b("Authentication/UserStore/DeleteByStatusCode", true, SignIn, "Deactivates contacts instead of deleting them when an account is deleted."),
        b("Authentication/Registration/TermsAgreementEnabled", false, Privacy, "Asks users to agree to the terms and conditions on sign-in."),
        of("Authentication/Registration/TermsPublicationDate", Text, None, Privacy, "The GMT date and time the terms were published; users agree again after this date."),
        b("Authentication/Registration/DenyMinors", false, Privacy, "Refuses registration to minors."),
        b("Authentication/Registration/DenyMinorsWithoutParentalConsent", false, Privacy, "Refuses registration to minors without parental consent."),
        b(ALLOW_ONLY_ALPHANUMERIC_USER_NAMES, false, UserValidation, "Restricts user names to letters, digits, @, _ and dot (A–Z, a–z, 0–9 only: no accented letters). Commas are always refused."),
        b(REQUIRE_UNIQUE_EMAIL, true, UserValidation, "Requires a valid e-mail address that no other contact uses. Contacts sharing an e-mail — including deactivated ones — cannot sign in."),
        of(PASSWORD_REQUIRED_LENGTH, Int { min: 1, max: 128 }, Some("8"), PasswordPolicy, "Minimum password length (UTF-16 code units)."),
        b(PASSWORD_REQUIRE_NON_LETTER_OR_DIGIT, false, PasswordPolicy, "Requires a character that is not an ASCII letter or digit."),
        b(PASSWORD_REQUIRE_DIGIT, false, PasswordPolicy, "Requires a digit ('0'-'9')."),
        b(PASSWORD_REQUIRE_LOWERCASE, false, PasswordPolicy, "Requires a lowercase letter ('a'-'z')."),
        b(PASSWORD_REQUIRE_UPPERCASE, false, PasswordPolicy, "Requires an uppercase letter ('A'-'Z')."),
        b(PASSWORD_ENFORCE_POLICY, true, PasswordPolicy, "Requires characters from at least three of four classes: uppercase, lowercase, digit and non-alphanumeric (accented, Greek or Cyrillic letters count as non-alphanumeric)."),
        b(LOCKOUT_ENABLED_BY_DEFAULT, true, Lockout, "New users can be locked out after failed sign-ins."),
        of(LOCKOUT_TIMESPAN, TimeSpan, Some("1.00:00:00"), Lockout, "How long an account stays locked. One day is 1.00:00:00; the often-documented 24:00:00 means 24 days to the runtime."),
        of(MAX_FAILED_ATTEMPTS, Int { min: 1, max: 1000 }, Some("5"), Lockout, "Failed password attempts before the account is locked."),
        of("Authentication/ApplicationCookie/AuthenticationType", Text, Some("ApplicationCookie"), ApplicationCookie, "The cookie middleware's authentication type."),
        of("Authentication/ApplicationCookie/CookieName", Text, Some(".AspNet.ApplicationCookie"), ApplicationCookie, "The name of the sign-in cookie (empty: \".AspNet.\" + authentication type)."),
        of("Authentication/ApplicationCookie/CookieDomain", Text, None, ApplicationCookie, "The domain the sign-in cookie is sent to (empty: the request's host)."),
        of("Authentication/ApplicationCookie/CookiePath", Path, Some("/"), ApplicationCookie, "The path the sign-in cookie is sent to."),
        b("Authentication/ApplicationCookie/CookieHttpOnly", true, ApplicationCookie, "Hides the sign-in cookie from scripts."),
        of("Authentication/ApplicationCookie/CookieSecure", enum_kind(&["SameAsRequest", "Always", "Never"]), Some("SameAsRequest"), ApplicationCookie, "When the cookie is marked Secure."),
        of("Authentication/ApplicationCookie/ExpireTimeSpan", TimeSpan, Some("1.00:00:00"), ApplicationCookie, "How long a sign-in lasts. One day is 1.00:00:00 (24:00:00 means 24 days)."),
        b("Authentication/ApplicationCookie/SlidingExpiration", true, ApplicationCookie, "Renews the cookie when more than half of its lifetime has passed."),
        of("Authentication/ApplicationCookie/LoginPath", Path, Some("/signin"), ApplicationCookie, "Where unauthenticated users are sent to sign in."),
        of("Authentication/ApplicationCookie/LogoutPath", Path, None, ApplicationCookie, "The sign-out path."),
        of("Authentication/ApplicationCookie/ReturnUrlParameter", Text, Some("ReturnUrl"), ApplicationCookie, "The query parameter that carries the page to return to."),
        of("Authentication/ApplicationCookie/SecurityStampValidator/ValidateInterval", TimeSpan, Some("00:00:00"), ApplicationCookie, "How often a session's security stamp is re-checked (sign out everywhere takes effect within this time). The runtime's default is 0, every request; Microsoft's documentation says 30 minutes."),
        of("Authentication/ApplicationCookie/SecurityStampValidator/RefreshInterval", TimeSpan, Some("00:30:00"), ApplicationCookie, "How often the user's claims are refreshed."),
        of("Authentication/TwoFactorCookie/AuthenticationType", Text, Some("TwoFactorCookie"), TwoFactorCookie, "The two-factor cookie's authentication type."),
        of("Authentication/TwoFactorCookie/ExpireTimeSpan", TimeSpan, Some("00:05:00"), TwoFactorCookie, "How long a two-factor sign-in may take; should not exceed 6 minutes.").after(TWO_FACTOR_ENABLED),
        of("Authentication/LoginThrottling/MaxInvaildAttemptsFromIPAddress", Int { min: 1, max: 1_000_000 }, Some("1000"), LoginThrottling, "Failed sign-ins allowed from one IP address within the time limit (the misspelling \"Invaild\" is the real name)."),
        of("Authentication/LoginThrottling/MaxAttemptsTimeLimitTimeSpan", TimeSpan, Some("00:03:00"), LoginThrottling, "The window in which failed sign-ins from one IP address are counted."),
        of("Authentication/LoginThrottling/IpAddressTimeoutTimeSpan", TimeSpan, Some("00:10:00"), LoginThrottling, "How long an IP address is blocked after too many failed sign-ins."),
        // Reference §3 (S4 only: the agent, MCP-server and code-site pages); the runtime that reads
        // them is closed source, so the defaults are the documented "off" state.
        b(BEARER_ENABLED, false, BearerAuthentication, "Accepts an OpenID Connect token in an Authorization: Bearer header on the Web API, for Copilot Studio agents, the MCP server and single-page apps under development."),
        of(BEARER_PROTOCOL, Text, None, BearerAuthentication, "The protocol of the provider whose tokens are accepted. Microsoft documents only OpenIdConnect.").after(BEARER_ENABLED),
        of(BEARER_PROVIDER, Text, None, BearerAuthentication, "The OpenID Connect provider whose tokens are accepted: the <provider> of its Authentication/OpenIdConnect/<provider>/… settings, AzureAD for the built-in Microsoft Entra ID provider.").after(BEARER_ENABLED),
        b("Authentication/BearerAuthentication/UseEntraV2Issuer", false, BearerAuthentication, "Validates tokens against the Microsoft Entra ID v2.0 issuer (https://login.microsoftonline.com/<tenant>/v2.0) instead of the v1 issuer.").after(BEARER_ENABLED),
        of("Authentication/BearerAuthentication/ValidIssuer", Url, None, BearerAuthentication, "The issuer a token must name, e.g. https://login.microsoftonline.com/<tenant>/v2.0.").after(BEARER_ENABLED),
        of("Authentication/BearerAuthentication/ValidIssuers", List, None, BearerAuthentication, "Issuers a token may name, comma-separated, as in the provider's metadata document.").after(BEARER_ENABLED),
    ]
}

static CATALOGUE: LazyLock<Vec<SettingDef>> = LazyLock::new(|| {
    portal_entries()
        .into_iter()
        .map(|e| SettingDef {
            name: e.name.to_owned(),
            kind: e.kind,
            default: e.default.map(str::to_owned),
            description: e.description.to_owned(),
            group: e.group,
            depends_on: e.depends_on.and_then(requires),
            warning: e.warning.map(str::to_owned),
        })
        .collect()
});

/// Every portal-wide authentication setting.
pub fn portal_settings() -> &'static [SettingDef] {
    &CATALOGUE
}

use Protocol::{OAuth2 as OA, OpenIdConnect as OIDC, Saml2 as SAML, WsFederation as WSF};

const ALL: &[Protocol] = &[OIDC, OA, SAML, WSF];
const FEDERATED: &[Protocol] = &[OIDC, SAML, WSF];

static PROVIDER_SETTINGS: LazyLock<Vec<ProviderSettingDef>> = LazyLock::new(|| {
    use SettingKind::*;
    let p =
        |key, protocols, kind, default, description| ProviderSettingDef { key, protocols, kind, default, description };
    vec![
        p("Caption", ALL, Text, None, "The button text on the sign-in page (default: the provider name)."),
        p("AuthenticationType", ALL, Text, None, "The provider's authentication type (OpenID Connect: defaults to the authority; SAML 2.0: the identity provider's entity id)."),
        p("AuthenticationMode", ALL, enum_kind(&["Passive", "Active"]), Some("Passive"), "Passive waits for a sign-in request; Active challenges on every 401."),
        p("ClientId", &[OIDC, OA], Text, None, "The application (client) id registered with the provider."),
        p("ClientSecret", &[OIDC, OA], Secret, None, "The client secret (kept in the OS keyring)."),
        p("AppId", &[OA], Text, None, "Facebook: the app id."),
        p("AppSecret", &[OA], Secret, None, "Facebook: the app secret (kept in the OS keyring)."),
        p("ConsumerKey", &[OA], Text, None, "Twitter, LinkedIn: the consumer key."),
        p("ConsumerSecret", &[OA], Secret, None, "Twitter, LinkedIn: the consumer secret (kept in the OS keyring)."),
        p("Authority", &[OIDC], Url, None, "The issuer, e.g. https://login.microsoftonline.com/<tenant>/v2.0. Discovery reads <authority>/.well-known/openid-configuration."),
        p("MetadataAddress", FEDERATED, Url, None, "The metadata document: OpenID Connect discovery, or SAML 2.0/WS-Federation federation metadata."),
        p("RedirectUri", &[OIDC], Url, None, "The reply URL registered with the provider, e.g. https://<site>/signin-openid_1."),
        p("PostLogoutRedirectUri", &[OIDC], Url, None, "Where the provider sends users after sign-out (default: the site root of the redirect URI)."),
        p("ResponseType", &[OIDC], Text, Some("code id_token"), "The OpenID Connect response type; code needs a client secret."),
        p("Scope", &[OIDC], List, Some("openid"), "Scopes to request, separated by spaces or commas."),
        p("Scope", &[OA], List, None, "Scopes to request, separated by spaces or commas (unset: the provider's own default)."),
        p("Resource", &[OIDC], Text, None, "The resource to request a token for."),
        p("RefreshOnIssuerKeyNotFound", &[OIDC], Bool, Some("true"), "Re-reads the provider's metadata when a token is signed with an unknown key."),
        p("UseTokenLifetime", &[OIDC], Bool, Some("true"), "The session lasts as long as the provider's token."),
        p("ObjectIdentifierAsNameIdentifierClaimEnabled", &[OIDC], Bool, Some("false"), "Uses the object identifier claim as the user's key (true for the built-in Entra ID provider)."),
        p("DefaultPolicyId", &[OIDC], Text, None, "Azure AD B2C: the sign-up/sign-in user flow, e.g. B2C_1_signupsignin."),
        p("PasswordResetPolicyId", &[OIDC], Text, None, "Azure AD B2C: the password-reset user flow."),
        p("ProfileEditPolicyId", &[OIDC], Text, None, "Azure AD B2C: the profile-edit user flow."),
        p("IssuerFilter", &[OIDC], Text, None, "Accepts issuers matching this wildcard, e.g. https://sts.windows.net/*/ for multitenant sign-in."),
        p("Wtrealm", &[WSF, SAML], Text, None, "The relying party identifier registered with the provider (WS-Federation realm)."),
        p("Wreply", &[WSF, SAML], Url, None, "The reply URL registered with the provider."),
        p("Whr", &[WSF], Text, None, "The home realm hint sent to the provider."),
        p("SignOutWreply", &[WSF, SAML], Url, None, "Where the provider sends users after sign-out."),
        p("ServiceProviderRealm", &[SAML], Text, None, "The relying party (service provider) entity id registered with the identity provider."),
        p("AssertionConsumerServiceUrl", &[SAML], Url, None, "The reply URL that receives SAML assertions, e.g. https://<site>/signin-saml_1."),
        p("ExternalLoginCallbackPath", &[SAML], Path, None, "The path that receives the sign-in response."),
        p("SingleLogoutServiceRequestPath", &[SAML], Path, None, "The path of single logout requests."),
        p("SingleLogoutServiceResponsePath", &[SAML], Path, None, "The path of single logout responses."),
        p("SigningCertificateFindType", &[SAML], Text, None, "How to find the portal's own signing certificate (an X509FindType such as FindByThumbprint)."),
        p("SigningCertificateFindValue", &[SAML], Text, None, "The value to find the portal's signing certificate by."),
        p("CallbackPath", ALL, Path, None, "The path the provider redirects back to."),
        p("SignInAsAuthenticationType", ALL, Text, None, "The cookie authentication type the external identity is signed in as."),
        p("BackchannelTimeout", ALL, TimeSpan, Some("00:01:00"), "Timeout for server-to-server calls to the provider."),
        p("RegistrationClaimsMapping", ALL, Text, None, "Contact fields filled from claims on registration: attribute1=claim1,attribute2=claim2."),
        p("LoginClaimsMapping", ALL, Text, None, "Contact fields updated from claims on every sign-in: attribute1=claim1,attribute2=claim2."),
        p("ExternalLogoutEnabled", ALL, Bool, Some("false"), "Signs users out of the provider too when they sign out of the portal."),
        p("RegistrationEnabled", ALL, Bool, Some("true"), "New users may register with this provider."),
        p("AllowContactMappingWithEmail", ALL, Bool, Some("false"), "Links a new external identity to an existing contact with the same e-mail (not for multitenant or the Microsoft provider)."),
        p("ValidAudiences", FEDERATED, List, None, "Token audiences accepted (comma-separated)."),
        p("ValidIssuers", FEDERATED, List, None, "Token issuers accepted (comma-separated)."),
        p("ClockSkew", FEDERATED, TimeSpan, Some("00:05:00"), "Clock difference tolerated when checking token lifetimes."),
        p("NameClaimType", FEDERATED, Text, None, "The claim used as the user's name."),
        p("RoleClaimType", FEDERATED, Text, None, "The claim used for roles."),
        p("ValidateIssuer", FEDERATED, Bool, Some("true"), "Checks the token's issuer."),
        p("ValidateAudience", FEDERATED, Bool, Some("true"), "Checks the token's audience."),
        p("ValidateLifetime", FEDERATED, Bool, Some("true"), "Checks the token's lifetime."),
        p("RequireSignedTokens", FEDERATED, Bool, Some("true"), "Refuses unsigned tokens."),
        p("ValidAudience", FEDERATED, Text, None, "A single token audience accepted, besides ValidAudiences."),
        p("ValidIssuer", FEDERATED, Text, None, "A single token issuer accepted, besides ValidIssuers."),
        p("RequireExpirationTime", FEDERATED, Bool, Some("true"), "Refuses tokens without an expiry."),
        p("SaveSigninToken", FEDERATED, Bool, Some("false"), "Keeps the original sign-in token on the user's identity."),
        p("ValidateActor", FEDERATED, Bool, Some("false"), "Checks the actor token, when the token carries one."),
        p("ValidateIssuerSigningKey", FEDERATED, Bool, Some("false"), "Checks the key that signed the token against the accepted keys."),
        p("TokenEndPointAuthenticatedMethod", &[OIDC], Text, None, "How the portal authenticates at the token endpoint, e.g. private_key_jwt."),
        p("UseUserInfoEndpointforClaims", &[OIDC], Bool, None, "Reads the user's claims from the user-info endpoint."),
        p("UserInfoEndpoint", &[OIDC], Url, None, "The user-info endpoint, when discovery does not give one."),
        p("AcrValues", &[OIDC], Text, None, "Authentication context class references requested at sign-in."),
        p("Prompt", &[OIDC], Text, None, "The prompt parameter sent at sign-in, e.g. login or select_account."),
        p("AllowedDynamicAuthorizationParameters", &[OIDC], List, None, "Authorization parameters a sign-in link may pass on to the provider (comma-separated)."),
        p("MCPClientId", &[OIDC], Text, None, "The client id used for Model Context Protocol (agent) sign-in."),
        p("MCPScope", &[OIDC], Text, None, "The scope requested for Model Context Protocol (agent) sign-in."),
        p("CertificateThumbprintValidator", &[OA], List, None, "Thumbprints of the provider's certificates to pin (comma-separated)."),
        p("CertificateSubjectKeyIdentifierValidator", &[OA], List, None, "Subject key identifiers of the provider's certificates to pin (comma-separated)."),
        p("Deprecated", ALL, Bool, Some("false"), "Marks the provider as deprecated while users move to another one."),
        p("RebrandDisclaimerEnabled", &[OIDC], Bool, None, "Built-in Entra ID: shows the Azure AD → Entra ID rename notice."),
    ]
});

/// Every per-provider setting template.
pub fn provider_settings() -> &'static [ProviderSettingDef] {
    &PROVIDER_SETTINGS
}

/// The per-provider templates that apply to a protocol.
pub fn provider_settings_for(protocol: Protocol) -> impl Iterator<Item = &'static ProviderSettingDef> {
    PROVIDER_SETTINGS.iter().filter(move |d| d.protocols.contains(&protocol))
}

/// A provider setting's parts: protocol, provider name and the last segment(s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderSettingName<'a> {
    pub protocol: Protocol,
    pub provider: &'a str,
    pub key: &'a str,
}

/// Splits `Authentication/<Protocol>/<provider>/<key>` the way the runtime's
/// `Authentication/OpenIdConnect/(?<provider>.+?)/(?<name>.+)` does (provider up to the first
/// slash). Prefix matching ignores case, like the setting lookup itself.
pub fn split_provider_setting(name: &str) -> Option<ProviderSettingName<'_>> {
    let rest = strip_prefix_ignore_case(name, "Authentication/")?;
    let (segment, rest) = rest.split_once('/')?;
    let protocol = Protocol::ALL.into_iter().find(|p| p.segment().eq_ignore_ascii_case(segment))?;
    let (provider, key) = rest.split_once('/')?;
    if provider.is_empty() || key.is_empty() {
        return None;
    }
    Some(ProviderSettingName { protocol, provider, key })
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

/// The catalogue's entry for a setting name (case-insensitive), portal-wide or per provider.
pub fn lookup(name: &str) -> Option<SettingDef> {
    if let Some(def) = CATALOGUE.iter().find(|d| d.name.eq_ignore_ascii_case(name)) {
        return Some(def.clone());
    }
    let parts = split_provider_setting(name)?;
    let template = provider_settings_for(parts.protocol).find(|d| d.key.eq_ignore_ascii_case(parts.key))?;
    Some(provider_def(parts.protocol, parts.provider, template))
}

/// A provider template made concrete for one provider.
pub fn provider_def(protocol: Protocol, provider: &str, template: &ProviderSettingDef) -> SettingDef {
    // The built-in Entra ID provider ships its own caption and keys users by their object id.
    let built_in = protocol == Protocol::OpenIdConnect && provider.eq_ignore_ascii_case(BUILT_IN_AZURE_AD);
    let default = match template.key {
        "Caption" if built_in => Some("Microsoft Entra ID".to_owned()),
        "ObjectIdentifierAsNameIdentifierClaimEnabled" if built_in => Some("true".to_owned()),
        "Caption" => Some(provider.to_owned()),
        _ => template.default.map(str::to_owned),
    };
    SettingDef {
        name: format!("{}{provider}/{}", protocol.prefix(), template.key),
        kind: template.kind.clone(),
        default,
        description: template.description.to_owned(),
        group: SettingGroup::Provider,
        depends_on: requires(EXTERNAL_LOGIN_ENABLED),
        warning: None,
    }
}

/// Whether a setting name holds a secret that belongs in the keyring rather than a plain value:
/// a catalogued secret, or any provider setting whose last segment ends in "Secret".
pub fn is_secret_name(name: &str) -> bool {
    match lookup(name) {
        Some(def) => def.kind == SettingKind::Secret,
        None => split_provider_setting(name).is_some_and(|p| p.key.to_ascii_lowercase().ends_with("secret")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_portal_setting_is_listed_once_with_a_parsable_default() {
        let mut seen = std::collections::HashSet::new();
        for def in portal_settings() {
            assert!(seen.insert(def.name.to_ascii_lowercase()), "{} listed twice", def.name);
            if let Some(default) = &def.default {
                assert!(
                    super::super::effective::parse_value(&def.kind, default).is_ok(),
                    "default {default:?} of {} does not parse",
                    def.name
                );
            }
            if let Some(dep) = &def.depends_on {
                assert!(lookup(&dep.setting).is_some(), "{} depends on unknown {}", def.name, dep.setting);
            }
        }
        assert!(seen.len() > 50, "the catalogue covers the whole of reference §3 ({} entries)", seen.len());
    }

    #[test]
    fn every_portal_wide_setting_of_reference_sections_3_1_to_3_4_is_catalogued_with_the_runtimes_default() {
        // Reference §3.1–3.4, row by row: (name, the runtime code's default; None where there is none).
        let reg = |n: &str| format!("Authentication/Registration/{n}");
        let um = |n: &str| format!("Authentication/UserManager/{n}");
        let pw = |n: &str| format!("Authentication/UserManager/PasswordValidator/{n}");
        let app = |n: &str| format!("Authentication/ApplicationCookie/{n}");
        let throttle = |n: &str| format!("Authentication/LoginThrottling/{n}");
        let rows: Vec<(String, Option<&str>)> = vec![
            (reg("Enabled"), Some("true")),
            (reg("OpenRegistrationEnabled"), Some("true")),
            (reg("InvitationEnabled"), Some("true")),
            (reg("LocalLoginEnabled"), Some("false")),
            (reg("LocalLoginByEmail"), Some("false")),
            (reg("ExternalLoginEnabled"), Some("true")),
            (reg("RememberMeEnabled"), Some("true")),
            (reg("RememberBrowserEnabled"), Some("true")),
            (reg("ResetPasswordEnabled"), Some("true")),
            (reg("ResetPasswordRequiresConfirmedEmail"), Some("false")),
            (reg("TriggerLockoutOnFailedPassword"), Some("true")),
            (reg("TwoFactorEnabled"), Some("false")),
            (reg("MobilePhoneEnabled"), Some("false")),
            (reg("EmailConfirmationEnabled"), Some("true")),
            (reg("SignOutEverywhereEnabled"), Some("true")),
            (reg("ProfileRedirectEnabled"), Some("true")),
            (reg("AzureADLoginEnabled"), Some("true")),
            (reg("CaptchaEnabled"), Some("false")),
            (reg("IsDemoMode"), Some("false")),
            (reg("LoginButtonAuthenticationType"), None),
            (reg("RequiresConfirmation"), Some("false")),
            (reg("RequiresInvitation"), Some("false")),
            (reg("LocalLoginDeprecated"), Some("false")),
            (reg("DenyMinors"), Some("false")),
            (reg("DenyMinorsWithoutParentalConsent"), Some("false")),
            (reg("TermsAgreementEnabled"), Some("false")),
            (reg("TermsPublicationDate"), None),
            ("Authentication/LoginTrackingEnabled".into(), Some("false")),
            ("Authentication/UserStore/DeleteByStatusCode".into(), Some("true")),
            (um("UserValidator/AllowOnlyAlphanumericUserNames"), Some("false")),
            (um("UserValidator/RequireUniqueEmail"), Some("true")),
            (pw("RequiredLength"), Some("8")),
            (pw("RequireNonLetterOrDigit"), Some("false")),
            (pw("RequireDigit"), Some("false")),
            (pw("RequireLowercase"), Some("false")),
            (pw("RequireUppercase"), Some("false")),
            (pw("EnforcePasswordPolicy"), Some("true")),
            (um("UserLockoutEnabledByDefault"), Some("true")),
            (um("DefaultAccountLockoutTimeSpan"), Some("1.00:00:00")),
            (um("MaxFailedAccessAttemptsBeforeLockout"), Some("5")),
            (app("AuthenticationType"), Some("ApplicationCookie")),
            (app("CookieName"), Some(".AspNet.ApplicationCookie")),
            (app("CookieDomain"), None),
            (app("CookiePath"), Some("/")),
            (app("CookieHttpOnly"), Some("true")),
            (app("CookieSecure"), Some("SameAsRequest")),
            (app("ExpireTimeSpan"), Some("1.00:00:00")),
            (app("SlidingExpiration"), Some("true")),
            (app("LoginPath"), Some("/signin")),
            (app("LogoutPath"), None),
            (app("SecurityStampValidator/ValidateInterval"), Some("00:00:00")),
            (app("SecurityStampValidator/RefreshInterval"), Some("00:30:00")),
            ("Authentication/TwoFactorCookie/AuthenticationType".into(), Some("TwoFactorCookie")),
            ("Authentication/TwoFactorCookie/ExpireTimeSpan".into(), Some("00:05:00")),
            (throttle("MaxInvaildAttemptsFromIPAddress"), Some("1000")),
            (throttle("MaxAttemptsTimeLimitTimeSpan"), Some("00:03:00")),
            (throttle("IpAddressTimeoutTimeSpan"), Some("00:10:00")),
        ];
        for (name, default) in &rows {
            let def = lookup(name).unwrap_or_else(|| panic!("{name} is not in the catalogue"));
            assert_eq!(def.default.as_deref(), *default, "the default of {name}");
        }
    }

    #[test]
    fn every_per_provider_setting_of_reference_section_3_5_is_catalogued_for_its_protocols() {
        // Reference §3.5, list by list: (protocol prefix and a provider, names).
        let shared = [
            "Caption",
            "AuthenticationType",
            "AuthenticationMode",
            "SignInAsAuthenticationType",
            "CallbackPath",
            "BackchannelTimeout",
            "RegistrationClaimsMapping",
            "LoginClaimsMapping",
            "ExternalLogoutEnabled",
            "RegistrationEnabled",
            "AllowContactMappingWithEmail",
        ];
        let token = [
            "ValidAudiences",
            "ValidAudience",
            "ValidIssuers",
            "ValidIssuer",
            "ClockSkew",
            "NameClaimType",
            "RoleClaimType",
            "RequireExpirationTime",
            "RequireSignedTokens",
            "SaveSigninToken",
            "ValidateActor",
            "ValidateAudience",
            "ValidateIssuer",
            "ValidateLifetime",
            "ValidateIssuerSigningKey",
        ];
        let oidc = [
            "ClientId",
            "Authority",
            "MetadataAddress",
            "ClientSecret",
            "RedirectUri",
            "PostLogoutRedirectUri",
            "ResponseType",
            "Resource",
            "Scope",
            "RefreshOnIssuerKeyNotFound",
            "UseTokenLifetime",
            "ObjectIdentifierAsNameIdentifierClaimEnabled",
            "PasswordResetPolicyId",
            "ProfileEditPolicyId",
            "DefaultPolicyId",
            "IssuerFilter",
            "TokenEndPointAuthenticatedMethod",
            "UseUserInfoEndpointforClaims",
            "UserInfoEndpoint",
            "AcrValues",
            "Prompt",
            "AllowedDynamicAuthorizationParameters",
            "MCPClientId",
            "MCPScope",
        ];
        let wsfed = ["MetadataAddress", "Wtrealm", "Wreply", "Whr", "SignOutWreply"];
        let saml = [
            "MetadataAddress",
            "ServiceProviderRealm",
            "Wtrealm",
            "AssertionConsumerServiceUrl",
            "Wreply",
            "SignOutWreply",
            "ExternalLoginCallbackPath",
            "SingleLogoutServiceRequestPath",
            "SingleLogoutServiceResponsePath",
            "SigningCertificateFindType",
            "SigningCertificateFindValue",
        ];
        let oauth = [
            "ClientId",
            "ClientSecret",
            "AppId",
            "AppSecret",
            "ConsumerKey",
            "ConsumerSecret",
            "Scope",
            "CertificateSubjectKeyIdentifierValidator",
            "CertificateThumbprintValidator",
        ];
        let groups: [(&str, Vec<&str>); 4] = [
            ("Authentication/OpenIdConnect/Contoso", [&shared[..], &token, &oidc].concat()),
            ("Authentication/WsFederation/ADFS", [&shared[..], &token, &wsfed].concat()),
            ("Authentication/SAML2/Okta", [&shared[..], &token, &saml].concat()),
            ("Authentication/OpenAuth/Google", [&shared[..], &oauth].concat()),
        ];
        for (prefix, names) in groups {
            for name in names {
                let full = format!("{prefix}/{name}");
                assert!(lookup(&full).is_some(), "{full} is not in the catalogue");
            }
        }
    }

    #[test]
    fn provider_settings_are_found_by_protocol_provider_and_key_ignoring_case() {
        let def = lookup("authentication/openidconnect/AzureADB2C/clientsecret").unwrap();
        assert_eq!(def.kind, SettingKind::Secret);
        assert_eq!(def.name, "Authentication/OpenIdConnect/AzureADB2C/ClientSecret");
        assert_eq!(lookup("Authentication/OpenAuth/Facebook/AppId").unwrap().kind, SettingKind::Text);
        assert!(lookup("Authentication/OpenAuth/Facebook/Authority").is_none(), "OAuth has no authority");
        // OpenID Connect asks for "openid" unless told otherwise; OAuth 2.0 providers have no such default.
        assert_eq!(lookup("Authentication/OpenIdConnect/Contoso/Scope").unwrap().default.as_deref(), Some("openid"));
        assert_eq!(lookup("Authentication/OpenAuth/Google/Scope").unwrap().default, None);
        assert_eq!(provider_settings_for(Protocol::OAuth2).filter(|t| t.key == "Scope").count(), 1);
        assert_eq!(lookup("Authentication/SAML2/ADFS/Caption").unwrap().default.as_deref(), Some("ADFS"));
        assert!(lookup("Search/Enabled").is_none());
        let entra = |key: &str| lookup(&format!("Authentication/OpenIdConnect/AzureAD/{key}")).unwrap().default;
        assert_eq!(entra("Caption").as_deref(), Some("Microsoft Entra ID"));
        assert_eq!(entra("ObjectIdentifierAsNameIdentifierClaimEnabled").as_deref(), Some("true"));
        let other = lookup("Authentication/OpenIdConnect/Contoso/ObjectIdentifierAsNameIdentifierClaimEnabled");
        assert_eq!(other.unwrap().default.as_deref(), Some("false"));
        assert!(is_secret_name("Authentication/OpenAuth/Twitter/ConsumerSecret"));
        assert!(is_secret_name("Authentication/OpenIdConnect/X/SomeNewSecret"));
        assert!(!is_secret_name("Authentication/OpenIdConnect/X/ClientId"));
    }
}
