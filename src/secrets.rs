//! Secrets (private keys, later client secrets and tokens) in the OS keyring: Windows Credential
//! Manager, macOS Keychain, Secret Service on Linux. Never SQLite, never a plain file.
//!
//! [`SecretStore`] is the one small trait the core uses; [`OsKeyring`] is the real store and
//! [`MemorySecrets`] stands in for tests that are not about the keyring.

use std::collections::HashMap;
use std::sync::Mutex;

/// Keyring service name all entries are filed under.
pub const SERVICE: &str = "Portal Admin Center";

/// Why a secret could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// No keyring service is running or reachable (e.g. a headless Linux server).
    #[error("{0}")]
    Unavailable(String),
    #[error("the OS keyring refused the operation: {0}")]
    Failed(String),
}

/// Where secrets live. Calls may block (D-Bus); call them off the async executor.
pub trait SecretStore: Send + Sync + 'static {
    fn put(&self, name: &str, secret: &str) -> Result<(), SecretError>;
    /// `Ok(None)` when there is no such entry.
    fn get(&self, name: &str) -> Result<Option<String>, SecretError>;
    /// Deleting a missing entry is not an error.
    fn delete(&self, name: &str) -> Result<(), SecretError>;
}

/// The operating system's keyring.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsKeyring;

const HOW_TO_START: &str = "no OS keyring is available to hold private keys. On Linux start a Secret Service \
    in your D-Bus session (for example `gnome-keyring-daemon --unlock --components=secrets`, or log in to a \
    desktop session with GNOME Keyring or KWallet) and try again. Operations that need only the certificate \
    (show, schedule, check, notify, export, importing a certificate without its key) keep working";

fn map_keyring(e: keyring::Error) -> SecretError {
    use keyring::Error as K;
    match e {
        K::NoDefaultStore | K::NoStorageAccess(_) | K::PlatformFailure(_) => {
            SecretError::Unavailable(format!("{HOW_TO_START} ({e})"))
        }
        other => SecretError::Failed(other.to_string()),
    }
}

impl OsKeyring {
    fn entry(name: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(SERVICE, name).map_err(map_keyring)
    }
}

impl SecretStore for OsKeyring {
    fn put(&self, name: &str, secret: &str) -> Result<(), SecretError> {
        Self::entry(name)?.set_password(secret).map_err(map_keyring)
    }

    fn get(&self, name: &str) -> Result<Option<String>, SecretError> {
        match Self::entry(name)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_keyring(e)),
        }
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        match Self::entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring(e)),
        }
    }
}

/// An in-process store for tests; `unavailable()` behaves like a machine without a keyring.
#[derive(Debug, Default)]
pub struct MemorySecrets {
    entries: Mutex<HashMap<String, String>>,
    unavailable: bool,
}

impl MemorySecrets {
    pub fn unavailable() -> Self {
        Self { entries: Mutex::default(), unavailable: true }
    }

    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn check(&self) -> Result<(), SecretError> {
        if self.unavailable {
            Err(SecretError::Unavailable(HOW_TO_START.to_owned()))
        } else {
            Ok(())
        }
    }
}

impl SecretStore for MemorySecrets {
    fn put(&self, name: &str, secret: &str) -> Result<(), SecretError> {
        self.check()?;
        self.entries.lock().map_err(|e| SecretError::Failed(e.to_string()))?.insert(name.into(), secret.into());
        Ok(())
    }

    fn get(&self, name: &str) -> Result<Option<String>, SecretError> {
        self.check()?;
        Ok(self.entries.lock().map_err(|e| SecretError::Failed(e.to_string()))?.get(name).cloned())
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        self.check()?;
        self.entries.lock().map_err(|e| SecretError::Failed(e.to_string()))?.remove(name);
        Ok(())
    }
}

/// The keyring entry name of a portal key's private part.
pub fn private_key_name(portal_id: &str, thumbprint: &str) -> String {
    format!("portal/{portal_id}/auth-key/{thumbprint}")
}
