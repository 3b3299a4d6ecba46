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
            | Error::InvitationNotFound(_) => ErrorCode::NotFound,
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
