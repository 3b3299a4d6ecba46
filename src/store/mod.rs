//! The SQLite workspace store: the only module with SQL.
//!
//! [`Store::open`] creates the file if needed, sets WAL, foreign keys and a busy timeout, and
//! runs the embedded forward-only migrations. Every change writes its rows and its audit entry
//! in one transaction.

mod access;
mod audit;
mod connection;
mod contacts;
mod key;
mod pac;
mod portal;
mod renewal;
mod settings;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub use access::{AccessChange, AccessRecord};
pub use audit::NewAudit;
pub use connection::GraphKey;
pub use contacts::{
    fts_query, BulkBatch, ContactChange, ContactFilter, ContactPage, ContactQuery, ContactRow, ContactSort,
    DuplicateGroup, InvitationChange,
};
pub use key::NewKey;
pub use pac::{PacImportWrite, PacSource, RecordExtra};
pub use settings::{ProviderMetadataWrite, SettingChange};

use crate::error::{Error, Result};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How long a writer waits for another process's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open workspace database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if missing) the workspace file at `path` and migrates it.
    pub async fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::DataDir { path: dir.to_path_buf(), source })?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|source| Error::Open { path: path.to_path_buf(), source })?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            // Statistics from a sample: `PRAGMA optimize` stays fast on a million contacts.
            .pragma("analysis_limit", "1000")
            // Deleted or overwritten content is zeroed where its page is written anyway: a value
            // moved out of the workspace (a secret going to the keyring) does not linger in
            // free space. FAST costs no extra I/O; freelist pages are not rewritten.
            .pragma("secure_delete", "fast");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| Error::Open { path: path.to_path_buf(), source })?;
        MIGRATOR.run(&pool).await.map_err(|source| Error::Migrate { path: path.to_path_buf(), source })?;
        Ok(Self { pool, path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes every connection, checkpointing the WAL (and refreshing the planner's statistics
    /// where tables changed a lot).
    pub async fn close(&self) {
        let _ = self.optimize().await;
        self.pool.close().await;
    }

    /// `PRAGMA optimize`: re-analyses tables whose size changed a lot, so the planner picks the
    /// selective index for searches over many contacts (without statistics it walks the name
    /// index of the whole portal).
    pub(crate) async fn optimize(&self) -> Result<()> {
        sqlx::query("PRAGMA optimize").execute(&self.pool).await?;
        Ok(())
    }

    /// Copies the write-ahead log into the database file and empties it, so that old versions of
    /// changed pages (which may hold a value just removed) leave the log. Best effort: readers
    /// still holding old pages keep the log from being emptied, which is not an error.
    pub async fn checkpoint(&self) -> Result<()> {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.pool).await?;
        Ok(())
    }

    /// A pragma's current value, for tests and diagnostics.
    pub async fn pragma(&self, name: &str) -> Result<String> {
        // Pragma names cannot be bound parameters; accept only plain identifiers.
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(Error::Corrupt { what: "pragma name".into(), detail: name.into() });
        }
        use sqlx::Row;
        let row = sqlx::query(&format!("PRAGMA {name}")).fetch_one(&self.pool).await?;
        Ok(match row.try_get::<String, _>(0) {
            Ok(text) => text,
            Err(_) => row.try_get::<i64, _>(0)?.to_string(),
        })
    }
}

fn corrupt(what: &str, detail: impl std::fmt::Display) -> Error {
    Error::Corrupt { what: what.to_owned(), detail: detail.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn opening_sets_wal_foreign_keys_a_busy_timeout_and_secure_delete() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("nested/workspace.db")).await.unwrap();
        assert_eq!(store.pragma("journal_mode").await.unwrap(), "wal");
        assert_eq!(store.pragma("foreign_keys").await.unwrap(), "1");
        assert_eq!(store.pragma("busy_timeout").await.unwrap(), "10000");
        assert_eq!(store.pragma("secure_delete").await.unwrap(), "2", "FAST: deleted content is zeroed");
    }

    #[tokio::test]
    async fn migrations_run_from_empty_and_again_without_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("workspace.db");
        let store = Store::open(&path).await.unwrap();
        let applied: i64 =
            sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations").fetch_one(&store.pool).await.unwrap();
        assert_eq!(applied as usize, MIGRATOR.iter().count());
        store.close().await;
        let again = Store::open(&path).await.unwrap();
        let applied_again: i64 =
            sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations").fetch_one(&again.pool).await.unwrap();
        assert_eq!(applied, applied_again);
    }

    #[tokio::test]
    async fn contacts_written_before_the_shared_email_mark_existed_get_it_when_the_workspace_opens() {
        let dir = tempfile::tempdir().unwrap();
        let earlier = dir.path().join("migrations");
        std::fs::create_dir(&earlier).unwrap();
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations")).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            if name.as_str() < "0011" {
                std::fs::copy(entry.path(), earlier.join(&name)).unwrap();
            }
        }
        let path = dir.path().join("workspace.db");
        let options = SqliteConnectOptions::from_str("sqlite:").unwrap().filename(&path).create_if_missing(true);
        let pool = SqlitePoolOptions::new().connect_with(options).await.unwrap();
        sqlx::migrate::Migrator::new(earlier.as_path()).await.unwrap().run(&pool).await.unwrap();
        sqlx::query(
            "INSERT INTO portal (id, name, url, environment_url, app_id, state, created_at, updated_at)
             VALUES ('p', 'Partners', 'https://p.example', 'https://e.example', 'a', 'running', 't', 't')",
        )
        .execute(&pool)
        .await
        .unwrap();
        for (id, email) in
            [("0", Some("Sam@Example.com")), ("1", Some("sam@example.com")), ("2", Some("jo@example.com")), ("3", None)]
        {
            sqlx::query(
                "INSERT INTO contact (id, portal_id, email, email_confirmed, active, two_factor_enabled,
                     lockout_enabled, access_failed_count, login_enabled, local_login_disabled, modified_at,
                     name_key, first_key, email_key)
                 VALUES (?1, 'p', ?2, 0, ?3, 0, 1, 0, 1, 0, 0, ?1, ?1, lower(?2))",
            )
            .bind(id)
            .bind(email)
            .bind(id != "1")
            .execute(&pool)
            .await
            .unwrap();
        }
        pool.close().await;

        let store = Store::open(&path).await.unwrap();
        let shared: Vec<String> = sqlx::query_scalar("SELECT id FROM contact WHERE email_shared = 1 ORDER BY id")
            .fetch_all(&store.pool)
            .await
            .unwrap();
        assert_eq!(shared, ["0", "1"], "the two spellings of one address, the deactivated one included");
    }

    #[tokio::test]
    async fn a_file_that_is_not_sqlite_gets_a_workspace_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("workspace.db");
        std::fs::write(&path, b"this is not a database, it is a text file with enough bytes to matter").unwrap();
        let err = Store::open(&path).await.unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Workspace);
        assert!(err.to_string().contains("workspace.db"), "{err}");
    }
}
