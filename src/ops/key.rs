//! Authentication-key operations: show, generate, import, export, schedule, check.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::domain::key::{
    self, describe_time_left, AuthKey, KeySource, KeyStatus, MilestoneState, ScheduleEntry, Severity,
};
use crate::domain::{Portal, PortalId};
use crate::error::{Error, Result};
use crate::keys::{self, CertificateFormat, KeyMaterial};
use crate::ops::{portal, Core};
use crate::secrets::{private_key_name, SecretStore};
use crate::store::NewKey;

/// A portal's key as every screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct KeyView {
    pub portal_id: PortalId,
    pub portal_name: String,
    pub key_lifetime_days: u32,
    /// `None`: the portal has no key to watch (e.g. a managed identity).
    pub key: Option<AuthKey>,
    pub severity: Option<Severity>,
    /// Whole days left (negative after expiry).
    pub days_left: Option<i64>,
    /// "20 days", "5 hours", "expired 3 days ago".
    pub time_left: Option<String>,
    /// The next schedule milestone still ahead.
    pub next_milestone: Option<ScheduleEntry>,
    /// Whether the banner shows this key now (within 90 days or expired, and not snoozed).
    pub banner: bool,
}

/// `key check` for one portal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct KeyCheck {
    pub portal_id: PortalId,
    pub portal_name: String,
    pub severity: Option<Severity>,
    pub not_after: Option<DateTime<Utc>>,
    pub days_left: Option<i64>,
    pub time_left: Option<String>,
    pub thumbprint: Option<String>,
}

fn view(portal: &Portal, key: Option<AuthKey>, now: DateTime<Utc>) -> KeyView {
    let expiry = key.as_ref().map(|k| k.certificate.not_after);
    KeyView {
        portal_id: portal.id,
        portal_name: portal.name.clone(),
        key_lifetime_days: portal.key_lifetime_days,
        severity: expiry.map(|e| Severity::of(e, now)),
        days_left: expiry.map(|e| key::days_left(e, now)),
        time_left: expiry.map(|e| describe_time_left(e, now)),
        next_milestone: expiry.and_then(|e| key::next_milestone(e, now)).map(|(m, at)| ScheduleEntry {
            milestone: m.code(),
            label: m.label(),
            at,
            state: MilestoneState::Pending,
        }),
        banner: key.as_ref().is_some_and(|k| key::wants_banner(k, now)),
        key,
    }
}

/// The portal's active key and how urgent it is.
pub async fn show(core: &Core, portal: PortalId) -> Result<KeyView> {
    let portal = portal::get(core, portal).await?;
    let key = core.store().active_key(portal.id).await?;
    Ok(view(&portal, key, core.clock().now()))
}

/// Every portal's key, most urgent first (portals without a key last).
pub async fn overview(core: &Core) -> Result<Vec<KeyView>> {
    let now = core.clock().now();
    let mut views: Vec<KeyView> = core
        .store()
        .portals_with_active_keys()
        .await?
        .into_iter()
        .map(|(portal, key)| view(&portal, key, now))
        .collect();
    views.sort_by_key(|v| (v.key.is_none(), v.key.as_ref().map(|k| k.certificate.not_after)));
    Ok(views)
}

/// Hides the portal key's banner and in-app reminders until the next milestone (never longer).
pub async fn snooze(core: &Core, portal: PortalId) -> Result<KeyView> {
    let key = active_or_error(core, portal).await?;
    let now = core.clock().now();
    let until = key::snooze_until(key.certificate.not_after, now).ok_or_else(|| {
        Error::from(crate::domain::ValidationErrors::single(
            "snooze",
            crate::domain::FieldErrorCode::InvalidValue,
            "No reminder milestone is left for this key, so there is nothing to snooze until.",
        ))
    })?;
    core.store()
        .set_key_attention(key.id, key.acknowledged_by.as_deref(), key.acknowledged_at, Some(until), core.actor(), now)
        .await?;
    core.announce().await;
    show(core, portal).await
}

/// Records who owns the renewal of the portal's key (an empty name clears it).
pub async fn acknowledge(core: &Core, portal: PortalId, owner: &str) -> Result<KeyView> {
    let key = active_or_error(core, portal).await?;
    let owner = owner.trim();
    if owner.chars().count() > key::OWNER_MAX_CHARS || owner.chars().any(char::is_control) {
        return Err(crate::domain::ValidationErrors::single(
            "owner",
            crate::domain::FieldErrorCode::InvalidValue,
            format!("The owner must be a name of at most {} characters on one line.", key::OWNER_MAX_CHARS),
        )
        .into());
    }
    let now = core.clock().now();
    let (by, at) = if owner.is_empty() { (None, None) } else { (Some(owner), Some(now)) };
    core.store().set_key_attention(key.id, by, at, key.snoozed_until, core.actor(), now).await?;
    core.announce().await;
    show(core, portal).await
}

/// Every key the portal ever had, newest first.
pub async fn history(core: &Core, portal: PortalId) -> Result<Vec<AuthKey>> {
    portal::get(core, portal).await?;
    core.store().keys_of_portal(portal).await
}

/// Generates a new key for the portal (RSA-2048, self-signed SHA-256, valid for the portal's key
/// lifetime or `lifetime_days`) and makes it the active key. The private key goes to the OS
/// keyring first; if that fails nothing is stored. A portal that already has an active key keeps
/// it unless `replace` is set (renewal is the safe way to replace a key in use).
pub async fn generate(core: &Core, portal: PortalId, lifetime_days: Option<u32>, replace: bool) -> Result<AuthKey> {
    let portal = portal::get(core, portal).await?;
    if !replace {
        refuse_if_active(core, &portal).await?;
    }
    let lifetime = lifetime_days.unwrap_or(portal.key_lifetime_days);
    if !(key::MIN_KEY_LIFETIME_DAYS..=key::MAX_KEY_LIFETIME_DAYS).contains(&lifetime) {
        return Err(crate::domain::ValidationErrors::single(
            "lifetime_days",
            crate::domain::FieldErrorCode::InvalidValue,
            format!(
                "Key lifetime must be between {} and {} days (got {lifetime}).",
                key::MIN_KEY_LIFETIME_DAYS,
                key::MAX_KEY_LIFETIME_DAYS
            ),
        )
        .into());
    }
    let now = core.clock().now();
    let material = generate_material(portal.id, lifetime, now).await?;
    store_material(core, &portal, material, KeySource::Generated, KeyStatus::Active).await
}

/// Makes a key (RSA-2048) off the async executor: generation takes ~150 ms of CPU.
pub(crate) async fn generate_material(portal: PortalId, lifetime: u32, now: DateTime<Utc>) -> Result<KeyMaterial> {
    tokio::task::spawn_blocking(move || keys::generate(portal, lifetime, now))
        .await
        .map_err(|e| keys::KeyError::Generate(e.to_string()))?
        .map_err(Error::from)
}

/// Imports an existing certificate (PEM, DER/.cer or PKCS#12) to track a portal created
/// elsewhere; it becomes the active key. A private key in the file goes to the OS keyring; a
/// certificate alone needs no keyring.
pub async fn import(core: &Core, portal: PortalId, file: &[u8], password: Option<&str>) -> Result<AuthKey> {
    let portal = portal::get(core, portal).await?;
    let material = keys::read(file, password)?;
    keys::check_usable(&material.facts, core.clock().now())?;
    if core.store().key_with_thumbprint(portal.id, &material.facts.thumbprint).await?.is_some() {
        return Err(Error::KeyAlreadyTracked(material.facts.thumbprint));
    }
    store_material(core, &portal, material, KeySource::Imported, KeyStatus::Active).await
}

/// Stores a key's certificate in SQLite and its private key (if any) in the keyring, so that
/// either both land or neither does.
pub(crate) async fn store_material(
    core: &Core,
    portal: &Portal,
    material: KeyMaterial,
    source: KeySource,
    status: KeyStatus,
) -> Result<AuthKey> {
    let secret_name = private_key_name(&portal.id.to_string(), &material.facts.thumbprint);
    let secrets = core.secrets();
    if let Some(pem) = material.private_key_pem.clone() {
        let name = secret_name.clone();
        let store = secrets.clone();
        blocking_secret(move || store.put(&name, &pem)).await?;
    }
    let stored = core
        .store()
        .add_key(
            NewKey {
                portal_id: portal.id,
                facts: &material.facts,
                certificate_der: &material.certificate_der,
                has_private_key: material.private_key_pem.is_some(),
                source,
                status,
                added_at: core.clock().now(),
            },
            core.actor(),
        )
        .await;
    match stored {
        Ok(key) => {
            core.announce().await;
            Ok(key)
        }
        Err(e) => {
            if material.private_key_pem.is_some() {
                // Undo the keyring write so no orphan private key is left behind.
                let _ = blocking_secret(move || secrets.delete(&secret_name)).await;
            }
            Err(e)
        }
    }
}

pub(crate) async fn blocking_secret<T: Send + 'static>(
    f: impl FnOnce() -> std::result::Result<T, crate::secrets::SecretError> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| Error::Keyring(e.to_string()))?.map_err(Error::from)
}

async fn refuse_if_active(core: &Core, portal: &Portal) -> Result<()> {
    if let Some(active) = core.store().active_key(portal.id).await? {
        return Err(Error::ActiveKeyExists {
            portal: portal.name.clone(),
            thumbprint: active.certificate.thumbprint,
            not_after: active.certificate.not_after.format("%Y-%m-%d %H:%M UTC").to_string(),
        });
    }
    Ok(())
}

/// The active key's public certificate, PEM or DER, for upload to Entra ID.
pub async fn export(core: &Core, portal: PortalId, format: CertificateFormat) -> Result<Vec<u8>> {
    let key = active_or_error(core, portal).await?;
    let der = core.store().key_certificate(key.id).await?;
    Ok(keys::export(&der, format))
}

/// [`import`] from a file chosen by path.
pub async fn import_file(
    core: &Core,
    portal: PortalId,
    path: &std::path::Path,
    password: Option<&str>,
) -> Result<AuthKey> {
    let bytes = tokio::fs::read(path).await.map_err(|source| Error::File { path: path.to_path_buf(), source })?;
    import(core, portal, &bytes, password).await
}

/// [`export`] to a file, written through a temporary file so a failure never leaves half of one.
pub async fn export_to_file(
    core: &Core,
    portal: PortalId,
    path: &std::path::Path,
    format: CertificateFormat,
) -> Result<()> {
    let bytes = export(core, portal, format).await?;
    write_atomically(path, &bytes).await
}

async fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let file_err = |source| Error::File { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("export");
    let tmp = dir.join(format!(".{name}.partial"));
    tokio::fs::write(&tmp, bytes).await.map_err(file_err)?;
    tokio::fs::rename(&tmp, path).await.map_err(file_err)
}

/// How to export every portal's key expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExpiriesFormat {
    /// iCalendar: an event at each expiry with reminders 30 and 7 days before.
    Ics,
    Csv,
}

impl std::str::FromStr for ExpiriesFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "ics" | "ical" | "calendar" => Ok(Self::Ics),
            "csv" => Ok(Self::Csv),
            other => Err(format!("unknown expiries format \"{other}\" (expected ics or csv)")),
        }
    }
}

/// Every portal's active key expiry as a calendar or a CSV table.
pub async fn expiries(core: &Core, format: ExpiriesFormat) -> Result<String> {
    use crate::domain::calendar::{self, Expiry};
    let now = core.clock().now();
    let rows: Vec<Expiry> = core
        .store()
        .portals_with_active_keys()
        .await?
        .into_iter()
        .filter_map(|(p, k)| {
            k.map(|k| Expiry {
                portal_id: p.id.to_string(),
                portal_name: p.name,
                portal_url: p.url,
                thumbprint: k.certificate.thumbprint,
                not_after: k.certificate.not_after,
            })
        })
        .collect();
    match format {
        ExpiriesFormat::Ics => Ok(calendar::to_ics(&rows, now)),
        ExpiriesFormat::Csv => calendar::to_csv(&rows, now)
            .map_err(|e| Error::Corrupt { what: "CSV export".into(), detail: e.to_string() }),
    }
}

/// [`expiries`] written to a file (atomically).
pub async fn expiries_to_file(core: &Core, format: ExpiriesFormat, path: &std::path::Path) -> Result<()> {
    let text = expiries(core, format).await?;
    write_atomically(path, text.as_bytes()).await
}

/// Every milestone of the active key's schedule with its state at `at` (now by default).
pub async fn schedule(core: &Core, portal: PortalId, at: Option<DateTime<Utc>>) -> Result<Vec<ScheduleEntry>> {
    let key = active_or_error(core, portal).await?;
    let recorded = core.store().key_notices(key.id).await?;
    Ok(key::schedule(key.certificate.not_after, at.unwrap_or_else(|| core.clock().now()), &recorded))
}

/// Every portal's key severity at `at` (now by default), for monitoring.
pub async fn check(core: &Core, at: Option<DateTime<Utc>>) -> Result<Vec<KeyCheck>> {
    let now = at.unwrap_or_else(|| core.clock().now());
    Ok(core
        .store()
        .portals_with_active_keys()
        .await?
        .into_iter()
        .map(|(portal, key)| {
            let expiry = key.as_ref().map(|k| k.certificate.not_after);
            KeyCheck {
                portal_id: portal.id,
                portal_name: portal.name,
                severity: expiry.map(|e| Severity::of(e, now)),
                not_after: expiry,
                days_left: expiry.map(|e| key::days_left(e, now)),
                time_left: expiry.map(|e| describe_time_left(e, now)),
                thumbprint: key.map(|k| k.certificate.thumbprint),
            }
        })
        .collect())
}

async fn active_or_error(core: &Core, portal: PortalId) -> Result<AuthKey> {
    let p = portal::get(core, portal).await?;
    core.store().active_key(portal).await?.ok_or(Error::NoKey(p.name))
}

/// Whether the private key of `key` is in the keyring (for diagnostics and renewal).
pub async fn private_key_present(core: &Core, key: &AuthKey) -> Result<bool> {
    let name = private_key_name(&key.portal_id.to_string(), &key.certificate.thumbprint);
    let secrets: Arc<dyn SecretStore> = core.secrets();
    Ok(blocking_secret(move || secrets.get(&name)).await?.is_some())
}

/// The demo portal's key: a certificate (no private key, so no keyring is needed) issued long
/// enough ago that it expires `days_left` days from now.
pub(crate) async fn seed_demo_key(core: &Core, portal: &Portal, days_left: i64) -> Result<AuthKey> {
    let now = core.clock().now();
    let issued = now - Duration::days(i64::from(portal.key_lifetime_days) - days_left);
    let mut material = generate_material(portal.id, portal.key_lifetime_days, issued).await?;
    material.private_key_pem = None;
    store_material(core, portal, material, KeySource::Imported, KeyStatus::Active).await
}
