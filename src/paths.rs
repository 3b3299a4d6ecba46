//! Where the workspace lives: `--data-dir`, then `PORTAL_ADMIN_HOME`, then the platform's
//! application-data folder. One SQLite file, `workspace.db`, holds every portal.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Environment variable that overrides the default workspace folder.
pub const HOME_ENV: &str = "PORTAL_ADMIN_HOME";
/// File name of the workspace database inside the data folder.
pub const WORKSPACE_FILE: &str = "workspace.db";

/// Picks the data folder: an explicit one wins, then a non-empty `PORTAL_ADMIN_HOME`, then the
/// platform default (`~/.local/share/portal-admin-center` on Linux, `%APPDATA%` on Windows,
/// `~/Library/Application Support` on macOS).
pub fn resolve_data_dir(explicit: Option<&Path>, env_home: Option<&str>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    if let Some(home) = env_home.map(str::trim).filter(|h| !h.is_empty()) {
        return Ok(PathBuf::from(home));
    }
    directories::ProjectDirs::from("com", "PortalAdminCenter", "portal-admin-center")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or(Error::NoDataDir)
}

/// [`resolve_data_dir`] reading `PORTAL_ADMIN_HOME` from the process environment.
pub fn data_dir_from_env(explicit: Option<&Path>) -> Result<PathBuf> {
    let env_home = std::env::var(HOME_ENV).ok();
    resolve_data_dir(explicit, env_home.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_folder_beats_the_environment() {
        let dir = resolve_data_dir(Some(Path::new("/tmp/a")), Some("/tmp/b")).unwrap();
        assert_eq!(dir, PathBuf::from("/tmp/a"));
    }

    #[test]
    fn the_environment_beats_the_platform_default_unless_blank() {
        assert_eq!(resolve_data_dir(None, Some("/tmp/b")).unwrap(), PathBuf::from("/tmp/b"));
        let default = resolve_data_dir(None, Some("  ")).unwrap();
        assert_ne!(default, PathBuf::from("  "));
        assert!(default.ends_with("portal-admin-center"), "{}", default.display());
    }
}
