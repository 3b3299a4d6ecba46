//! The core's error type and its stable codes.
//!
//! Shells branch on [`ErrorCode`], never on message text. Sources are kept (`#[source]`) so the
//! full chain reaches logs; the message itself is one line for a person.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::domain::ValidationErrors;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the core can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input was rejected; each field says why.
    #[error("{0}")]
    Validation(ValidationErrors),

    #[error("no portal is named or has the id \"{0}\"")]
    PortalNotFound(String),

    #[error("\"{query}\" matches several portals: {candidates}; use the portal id")]
    PortalAmbiguous { query: String, candidates: String },

    #[error("cannot find the application-data folder for this user; set PORTAL_ADMIN_HOME or pass --data-dir")]
    NoDataDir,

    #[error("cannot create the workspace folder {path}: {source}")]
    DataDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot open the workspace {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: sqlx::Error,
    },

    #[error("the workspace {path} cannot be brought up to date: {source}")]
    Migrate {
        path: PathBuf,
        #[source]
        source: sqlx::migrate::MigrateError,
    },

    #[error("workspace database error: {0}")]
    Database(#[from] sqlx::Error),

    #[error("the workspace holds a record that cannot be read ({what}): {detail}")]
    Corrupt { what: String, detail: String },

    #[error("cannot watch the workspace for changes: {0}")]
    Watch(#[source] notify::Error),

    #[error("{0}")]
    Key(#[from] crate::keys::KeyError),

    #[error("{0}")]
    KeyringUnavailable(String),

    #[error("the OS keyring failed: {0}")]
    Keyring(String),

    #[error("portal \"{0}\" has no authentication key (generate one, or import the certificate it uses)")]
    NoKey(String),

    #[error("portal \"{portal}\" already has an active key (thumbprint {thumbprint}, expires {not_after}); renew it, or pass --replace to make a new key the active one")]
    ActiveKeyExists { portal: String, thumbprint: String, not_after: String },

    #[error("this certificate (thumbprint {0}) is already tracked for the portal")]
    KeyAlreadyTracked(String),

    #[error("there is no renewal job {0}")]
    RenewalNotFound(i64),

    #[error("the setting {0} was changed or removed by someone else meanwhile; reload and try again")]
    SettingChanged(String),

    #[error("portal \"{portal}\" has no site setting named {name}")]
    SettingNotFound { portal: String, name: String },

    #[error("portal \"{portal}\" has no identity provider {provider}")]
    ProviderNotFound { portal: String, provider: String },

    #[error(
        "no web role, permission, page, rule or website access record in this portal is named or has the id \"{0}\""
    )]
    AccessRecordNotFound(String),

    #[error("{0}")]
    ConfirmationRequired(String),

    #[error("no contact is the one meant by \"{0}\" (give its id, e-mail, user name or full name)")]
    ContactNotFound(String),

    #[error("no invitation has the code, name or id \"{0}\"")]
    InvitationNotFound(String),

    #[error("the invitation cannot be redeemed: {0}")]
    Invitation(crate::domain::contacts::InvitationProblem),

    #[error("the password hash cannot be used: {0}")]
    PasswordHash(#[from] crate::domain::contacts::hash::HashError),

    #[error("cancelled; nothing was changed")]
    Cancelled,

    #[error("{0}")]
    Csv(String),

    #[error("the portal folder cannot be imported: {0}")]
    PortalFolder(crate::domain::pac::FolderProblem),

    #[error("{0}")]
    PortalFolderConflict(String),

    #[error("no current finding has the id {0} (it may be fixed already); run the check again")]
    FindingNotFound(String),

    #[error("{0}")]
    Metadata(#[from] crate::domain::federation::MetadataError),

    #[error("{message}")]
    Discovery { kind: DiscoveryFailure, message: String },

    #[error("no connection is named or has the id \"{0}\"")]
    ConnectionNotFound(String),

    #[error("portal \"{0}\" is not bound to a connection (run `portal-admin discover --connection NAME`, or bind it with `portal-admin portal connect`)")]
    NotConnected(String),

    /// The connection's refresh token expired or was revoked, or it never signed in.
    #[error("sign in to the connection \"{connection}\" again ({reason})")]
    SigninRequired { connection: String, reason: String },

    #[error("{message}")]
    SignIn { kind: SignInFailure, message: String },

    #[error("{message}")]
    Remote { kind: RemoteFailure, message: String },

    #[error("{}: {source}", path.display())]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Why talking to an identity provider failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DiscoveryFailure {
    Unreachable,
    Tls,
    InvalidDocument,
    IssuerMismatch,
    MissingEndpoints,
}

/// Why a sign-in did not complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SignInFailure {
    /// The person declined, or the identity provider refused (`access_denied`, `authorization_declined`).
    AccessDenied,
    /// The browser never came back, or the device code was not entered in time.
    Timeout,
    /// The device code expired before anyone entered it.
    Expired,
    /// The reply did not match the request (`state`), or the ID token was not valid.
    InvalidReply,
    /// The identity provider refused the application's credential (`invalid_client`).
    InvalidClient,
    /// Any other refusal by the identity provider (its `error` code is in the message).
    Refused,
}

/// Why a call to a Microsoft service failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RemoteFailure {
    Unreachable,
    Tls,
    Timeout,
    /// 429/503 that did not clear within the waits allowed.
    Throttled,
    /// 403: the account lacks a permission or role.
    Forbidden,
    /// 404: the application, environment or site does not exist (for this account).
    NotFound,
    /// Any other error status, with the service's error code and message.
    ServiceError,
    /// Malformed JSON, an unexpected shape, a truncated body.
    BadResponse,
    /// A body larger than allowed.
    TooLarge,
    /// A redirect from https to plain http, or to another scheme.
    InsecureRedirect,
}

/// Stable, documented error codes (also the CLI's JSON `code` and the UI's branch key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    NotFound,
    Ambiguous,
    Conflict,
    Workspace,
    Database,
    Corrupt,
    InvalidCertificate,
    PasswordRequired,
    WrongPassword,
    WeakKey,
    CertificateExpired,
    CertificateNotYetValid,
    KeyMismatch,
    KeyGeneration,
    KeyringUnavailable,
    Keyring,
    NoKey,
    File,
    /// The operation would unlink or remove other records; repeat it confirmed.
    ConfirmationRequired,
    /// A federation-metadata document cannot be used: not metadata, no identity-provider role, an
    /// unreadable certificate.
    InvalidMetadata,
    /// A federation-metadata document is not well-formed XML (the message gives line and column).
    MalformedMetadata,
    /// Federation metadata holds no signing certificate, so the portal could not validate tokens.
    NoSigningCertificate,
    /// A host could not be reached (DNS, refused, timed out).
    Unreachable,
    /// The TLS handshake or certificate check failed.
    Tls,
    /// A server answered with something that is not the expected document (HTTP error, bad JSON).
    InvalidDocument,
    /// The discovery document names a different issuer than the authority.
    IssuerMismatch,
    /// The discovery document lacks endpoints the portal needs.
    MissingEndpoints,
    /// An invitation's code is not valid (inactive, wrong code, already redeemed by the contact).
    InvitationInvalid,
    /// An invitation's expiry date has passed.
    InvitationExpired,
    /// An invitation has been redeemed its maximum number of times.
    InvitationUsedUp,
    /// A stored or given password hash is malformed.
    InvalidHash,
    /// The person cancelled a long operation; nothing was written.
    Cancelled,
    /// A CSV file cannot be read as contacts.
    InvalidCsv,
    /// A portal folder (`pac pages download`) is malformed: the message names the file and line.
    InvalidPortalFolder,
    /// The operating system refused an integration (start at login, …); used by the shells.
    System,
    /// A portal is not bound to a connection.
    NotConnected,
    /// A connection must sign in (again): no refresh token, or it expired or was revoked.
    SigninRequired,
    /// The person or the identity provider refused the sign-in.
    AccessDenied,
    /// A sign-in waited too long (browser never came back, device code not entered).
    SigninTimeout,
    /// A device code expired.
    SigninExpired,
    /// A sign-in reply did not match its request (state, ID token).
    InvalidReply,
    /// The identity provider refused the application's secret or certificate.
    InvalidClient,
    /// The identity provider refused a token request for another reason.
    SigninRefused,
    /// A service answered too slowly.
    Timeout,
    /// A service kept answering 429/503.
    Throttled,
    /// A service refused the account (403).
    Forbidden,
    /// A service failed (its error code and message are in the message).
    ServiceError,
    /// A service's reply was malformed or of an unexpected shape.
    BadResponse,
    /// A service's reply was larger than allowed.
    ResponseTooLarge,
    /// A service redirected from https to plain http.
    InsecureRedirect,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::NotFound => "not_found",
            Self::Ambiguous => "ambiguous",
            Self::Conflict => "conflict",
            Self::Workspace => "workspace",
            Self::Database => "database",
            Self::Corrupt => "corrupt",
            Self::InvalidCertificate => "invalid_certificate",
            Self::PasswordRequired => "password_required",
            Self::WrongPassword => "wrong_password",
            Self::WeakKey => "weak_key",
            Self::CertificateExpired => "certificate_expired",
            Self::CertificateNotYetValid => "certificate_not_yet_valid",
            Self::KeyMismatch => "key_mismatch",
            Self::KeyGeneration => "key_generation",
            Self::KeyringUnavailable => "keyring_unavailable",
            Self::Keyring => "keyring",
            Self::NoKey => "no_key",
            Self::File => "file",
            Self::InvalidMetadata => "invalid_metadata",
            Self::MalformedMetadata => "malformed_metadata",
            Self::NoSigningCertificate => "no_signing_certificate",
            Self::ConfirmationRequired => "confirmation_required",
            Self::Unreachable => "unreachable",
            Self::Tls => "tls",
            Self::InvalidDocument => "invalid_document",
            Self::IssuerMismatch => "issuer_mismatch",
            Self::MissingEndpoints => "missing_endpoints",
            Self::InvitationInvalid => "invitation_invalid",
            Self::InvitationExpired => "invitation_expired",
            Self::InvitationUsedUp => "invitation_used_up",
            Self::InvalidHash => "invalid_hash",
            Self::Cancelled => "cancelled",
            Self::InvalidCsv => "invalid_csv",
            Self::InvalidPortalFolder => "invalid_portal_folder",
            Self::System => "system",
            Self::NotConnected => "not_connected",
            Self::SigninRequired => "signin_required",
            Self::AccessDenied => "access_denied",
            Self::SigninTimeout => "signin_timeout",
            Self::SigninExpired => "signin_expired",
            Self::InvalidReply => "invalid_reply",
            Self::InvalidClient => "invalid_client",
            Self::SigninRefused => "signin_refused",
            Self::Timeout => "timeout",
            Self::Throttled => "throttled",
            Self::Forbidden => "forbidden",
            Self::ServiceError => "service_error",
            Self::BadResponse => "bad_response",
            Self::ResponseTooLarge => "response_too_large",
            Self::InsecureRedirect => "insecure_redirect",
        }
    }
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Validation(_) => ErrorCode::Validation,
            Error::PortalNotFound(_)
            | Error::RenewalNotFound(_)
            | Error::SettingNotFound { .. }
            | Error::ProviderNotFound { .. }
            | Error::FindingNotFound(_)
            | Error::AccessRecordNotFound(_)
            | Error::ContactNotFound(_)
            | Error::InvitationNotFound(_)
            | Error::ConnectionNotFound(_) => ErrorCode::NotFound,
            Error::NotConnected(_) => ErrorCode::NotConnected,
            Error::SigninRequired { .. } => ErrorCode::SigninRequired,
            Error::SignIn { kind, .. } => match kind {
                SignInFailure::AccessDenied => ErrorCode::AccessDenied,
                SignInFailure::Timeout => ErrorCode::SigninTimeout,
                SignInFailure::Expired => ErrorCode::SigninExpired,
                SignInFailure::InvalidReply => ErrorCode::InvalidReply,
                SignInFailure::InvalidClient => ErrorCode::InvalidClient,
                SignInFailure::Refused => ErrorCode::SigninRefused,
            },
            Error::Remote { kind, .. } => match kind {
                RemoteFailure::Unreachable => ErrorCode::Unreachable,
                RemoteFailure::Tls => ErrorCode::Tls,
                RemoteFailure::Timeout => ErrorCode::Timeout,
                RemoteFailure::Throttled => ErrorCode::Throttled,
                RemoteFailure::Forbidden => ErrorCode::Forbidden,
                RemoteFailure::NotFound => ErrorCode::NotFound,
                RemoteFailure::ServiceError => ErrorCode::ServiceError,
                RemoteFailure::BadResponse => ErrorCode::BadResponse,
                RemoteFailure::TooLarge => ErrorCode::ResponseTooLarge,
                RemoteFailure::InsecureRedirect => ErrorCode::InsecureRedirect,
            },
            Error::Invitation(problem) => match problem {
                crate::domain::contacts::InvitationProblem::Expired { .. } => ErrorCode::InvitationExpired,
                crate::domain::contacts::InvitationProblem::UsedUp { .. } => ErrorCode::InvitationUsedUp,
                _ => ErrorCode::InvitationInvalid,
            },
            Error::PasswordHash(_) => ErrorCode::InvalidHash,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::Csv(_) => ErrorCode::InvalidCsv,
            Error::PortalFolder(_) => ErrorCode::InvalidPortalFolder,
            Error::SettingChanged(_) | Error::PortalFolderConflict(_) => ErrorCode::Conflict,
            Error::ConfirmationRequired(_) => ErrorCode::ConfirmationRequired,
            Error::Metadata(e) => {
                use crate::domain::federation::MetadataError as M;
                match e {
                    M::Malformed { .. } => ErrorCode::MalformedMetadata,
                    M::NoSigningCertificate => ErrorCode::NoSigningCertificate,
                    M::NotMetadata(_) | M::NoIdentityProvider | M::BadCertificate(_) => ErrorCode::InvalidMetadata,
                }
            }
            Error::Discovery { kind, .. } => match kind {
                DiscoveryFailure::Unreachable => ErrorCode::Unreachable,
                DiscoveryFailure::Tls => ErrorCode::Tls,
                DiscoveryFailure::InvalidDocument => ErrorCode::InvalidDocument,
                DiscoveryFailure::IssuerMismatch => ErrorCode::IssuerMismatch,
                DiscoveryFailure::MissingEndpoints => ErrorCode::MissingEndpoints,
            },
            Error::PortalAmbiguous { .. } => ErrorCode::Ambiguous,
            Error::NoDataDir | Error::DataDir { .. } | Error::Open { .. } | Error::Migrate { .. } | Error::Watch(_) => {
                ErrorCode::Workspace
            }
            Error::Database(_) => ErrorCode::Database,
            Error::Corrupt { .. } => ErrorCode::Corrupt,
            Error::Key(e) => {
                use crate::keys::KeyError as K;
                match e {
                    K::Unreadable(_) | K::NoCertificate | K::Pkcs12(_) | K::BadPrivateKey(_) => {
                        ErrorCode::InvalidCertificate
                    }
                    K::PasswordRequired => ErrorCode::PasswordRequired,
                    K::WrongPassword => ErrorCode::WrongPassword,
                    K::NotRsa(_) | K::WeakKey(_) => ErrorCode::WeakKey,
                    K::Expired(_) => ErrorCode::CertificateExpired,
                    K::NotYetValid(_) => ErrorCode::CertificateNotYetValid,
                    K::KeyMismatch => ErrorCode::KeyMismatch,
                    K::Generate(_) => ErrorCode::KeyGeneration,
                }
            }
            Error::KeyringUnavailable(_) => ErrorCode::KeyringUnavailable,
            Error::Keyring(_) => ErrorCode::Keyring,
            Error::NoKey(_) => ErrorCode::NoKey,
            Error::ActiveKeyExists { .. } | Error::KeyAlreadyTracked(_) => ErrorCode::Conflict,
            Error::File { .. } => ErrorCode::File,
        }
    }

    /// The field errors of a validation failure, empty otherwise.
    pub fn field_errors(&self) -> &[crate::domain::FieldError] {
        match self {
            Error::Validation(errors) => &errors.fields,
            _ => &[],
        }
    }
}

impl From<crate::secrets::SecretError> for Error {
    fn from(e: crate::secrets::SecretError) -> Self {
        match e {
            crate::secrets::SecretError::Unavailable(m) => Error::KeyringUnavailable(m),
            crate::secrets::SecretError::Failed(m) => Error::Keyring(m),
        }
    }
}

impl From<ValidationErrors> for Error {
    fn from(errors: ValidationErrors) -> Self {
        Error::Validation(errors)
    }
}
