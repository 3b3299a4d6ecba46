//! Site-setting operations: list, get, set, unset, reset, the checker and its fixes, and the
//! password tester. Every write goes through [`write`]: one transaction with audit entries,
//! secrets to the OS keyring first.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::domain::settings::{
    catalogue, checker, effective, password, EffectiveSetting, Finding, FixAction, PasswordReport, Settings,
    SiteSetting,
};
use crate::domain::{FieldErrorCode, Portal, ValidationErrors};
use crate::error::{Error, Result};
use crate::ops::key::blocking_secret;
use crate::ops::{portal, Core};
use crate::secrets::SecretStore;
use crate::store::SettingChange;

/// Longest setting name Dataverse accepts (`mspp_name`).
pub const NAME_MAX_CHARS: usize = 100;
/// Longest setting value Dataverse accepts (`mspp_value`).
pub const VALUE_MAX_CHARS: usize = 4000;

/// The keyring entry that holds a secret setting's value.
pub fn secret_entry(portal: &Portal, setting: &SiteSetting) -> String {
    format!("portal/{}/site-setting/{}", portal.id, setting.id)
}

/// A portal's settings, indexed the way its runtime reads them.
pub async fn load(core: &Core, portal: &Portal) -> Result<Settings> {
    Ok(Settings::new(core.store().site_settings(portal.id).await?))
}

/// Everything the settings page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SettingsOverview {
    /// The whole catalogue, then every other stored setting.
    pub settings: Vec<EffectiveSetting>,
    pub findings: Vec<Finding>,
    /// How many records the portal has (duplicates and inactive ones included).
    pub record_count: u32,
}

pub async fn overview(core: &Core, portal: &Portal) -> Result<SettingsOverview> {
    let settings = load(core, portal).await?;
    Ok(SettingsOverview {
        findings: checker::check(&settings, &portal.app_id),
        record_count: settings.records().len() as u32,
        settings: settings.all_effective(),
    })
}

/// Every setting: the catalogue and every stored name.
pub async fn list(core: &Core, portal: &Portal) -> Result<Vec<EffectiveSetting>> {
    Ok(load(core, portal).await?.all_effective())
}

/// One setting by name (ignoring case). Unknown names that are not stored are not found.
pub async fn get(core: &Core, portal: &Portal, name: &str) -> Result<EffectiveSetting> {
    let settings = load(core, portal).await?;
    let e = settings.effective(name.trim());
    if !e.in_catalogue && e.record_id.is_none() {
        return Err(Error::SettingNotFound { portal: portal.name.clone(), name: name.trim().to_owned() });
    }
    Ok(e)
}

fn check_name(name: &str) -> Result<String> {
    let trimmed = name.trim();
    let mut errors = ValidationErrors::default();
    if trimmed.is_empty() {
        errors.push("name", FieldErrorCode::Required, "A setting needs a name.");
    } else if trimmed.chars().count() > NAME_MAX_CHARS {
        errors.push(
            "name",
            FieldErrorCode::TooLong,
            format!("Setting names are at most {NAME_MAX_CHARS} characters ({} given).", trimmed.chars().count()),
        );
    }
    errors.into_result(trimmed.to_owned()).map_err(Error::from)
}

/// The value to store for `name`: checked against the catalogue (stricter than the runtime, so
/// nothing is written that the portal would ignore or misread) and canonicalised.
pub fn check_value(name: &str, value: &str) -> Result<String> {
    let invalid =
        |message: String| Error::from(ValidationErrors::single("value", FieldErrorCode::InvalidValue, message));
    if value.chars().count() > VALUE_MAX_CHARS {
        return Err(Error::from(ValidationErrors::single(
            "value",
            FieldErrorCode::TooLong,
            format!("Setting values are at most {VALUE_MAX_CHARS} characters ({} given).", value.chars().count()),
        )));
    }
    match catalogue::lookup(name) {
        Some(def) if def.kind == catalogue::SettingKind::Secret => {
            if value.trim().is_empty() {
                Err(invalid("A secret cannot be empty; unset the setting to remove it.".into()))
            } else {
                Ok(value.to_owned())
            }
        }
        Some(def) => effective::check_new_value(&def, value).map_err(invalid),
        None => Ok(value.to_owned()),
    }
}

/// Writes changes in one transaction; secrets go to the keyring first (removed again if the
/// write fails) and keyring entries of deleted records are removed after it commits.
pub(crate) async fn write(
    core: &Core,
    portal: &Portal,
    changes: Vec<SettingChange>,
    new_secrets: Vec<(SiteSetting, String)>,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let secrets: Arc<dyn SecretStore> = core.secrets();
    let stored = put_secrets(core, portal, &new_secrets).await?;
    if let Err(e) = core.store().apply_setting_changes(portal.id, &changes, core.actor(), core.clock().now()).await {
        forget(&secrets, stored).await;
        return Err(e);
    }
    forget_orphaned(core, portal, &changes, &new_secrets).await;
    core.announce().await;
    Ok(())
}

/// After `changes` committed: removes the keyring entries of secret records that were deleted or
/// stopped being secret, except those just written for `new_secrets`.
pub(crate) async fn forget_orphaned(
    core: &Core,
    portal: &Portal,
    changes: &[SettingChange],
    new_secrets: &[(SiteSetting, String)],
) {
    let kept: Vec<String> = new_secrets.iter().map(|(s, _)| secret_entry(portal, s)).collect();
    let orphaned: Vec<String> = changes
        .iter()
        .filter_map(|c| match c {
            SettingChange::Delete(s) if s.secret_in_keyring => Some(secret_entry(portal, s)),
            SettingChange::Update { before, after } if before.secret_in_keyring && !after.secret_in_keyring => {
                Some(secret_entry(portal, before))
            }
            _ => None,
        })
        .filter(|e| !kept.contains(e))
        .collect();
    forget(&core.secrets(), orphaned).await;
}

/// Puts secret setting values into the keyring; on failure removes the ones already put. Returns
/// the entries written (to remove again if the workspace write that follows fails).
pub(crate) async fn put_secrets(
    core: &Core,
    portal: &Portal,
    new_secrets: &[(SiteSetting, String)],
) -> Result<Vec<String>> {
    let secrets: Arc<dyn SecretStore> = core.secrets();
    let mut stored = Vec::new();
    for (setting, secret) in new_secrets {
        let entry = secret_entry(portal, setting);
        let (store, value, name) = (secrets.clone(), secret.clone(), entry.clone());
        if let Err(e) = blocking_secret(move || store.put(&name, &value)).await {
            forget(&secrets, stored).await;
            return Err(e);
        }
        stored.push(entry);
    }
    Ok(stored)
}

pub(crate) async fn forget(secrets: &Arc<dyn SecretStore>, entries: Vec<String>) {
    for entry in entries {
        let store = secrets.clone();
        let name = entry.clone();
        if let Err(e) = blocking_secret(move || store.delete(&name)).await {
            tracing::warn!(entry, error = %e, "could not remove a keyring entry");
        }
    }
}

/// The change (and secret to store) that makes `name` read `value`: updates the record the
/// runtime reads, or adds one.
pub(crate) fn change_for(
    settings: &Settings,
    name: &str,
    value: &str,
) -> Option<(SettingChange, Option<(SiteSetting, String)>)> {
    let secret = catalogue::is_secret_name(name);
    let spelled = catalogue::lookup(name).map(|d| d.name).unwrap_or_else(|| name.to_owned());
    match settings.winner(name) {
        Some(current) => {
            let mut after = current.clone();
            if secret {
                after.value = None;
                after.secret_in_keyring = true;
                Some((
                    SettingChange::Update { before: current.clone(), after: after.clone() },
                    Some((after, value.to_owned())),
                ))
            } else if current.value.as_deref() == Some(value) && !current.secret_in_keyring {
                None
            } else {
                after.value = Some(value.to_owned());
                after.secret_in_keyring = false;
                Some((SettingChange::Update { before: current.clone(), after }, None))
            }
        }
        None => {
            let mut new = SiteSetting::new(spelled, Some(value.to_owned()));
            if secret {
                new.value = None;
                new.secret_in_keyring = true;
                Some((SettingChange::Insert(new.clone()), Some((new, value.to_owned()))))
            } else {
                Some((SettingChange::Insert(new), None))
            }
        }
    }
}

/// Sets `name` to `value` (after checking it) and returns the setting as the runtime now reads it.
pub async fn set(core: &Core, portal: &Portal, name: &str, value: &str) -> Result<EffectiveSetting> {
    let name = check_name(name)?;
    let value = check_value(&name, value)?;
    let settings = load(core, portal).await?;
    if let Some((change, secret)) = change_for(&settings, &name, &value) {
        write(core, portal, vec![change], secret.into_iter().collect()).await?;
    }
    get(core, portal, &name).await
}

/// Removes every record named `name` (ignoring case, inactive ones too), so the default applies.
/// Returns how many records went.
pub async fn unset(core: &Core, portal: &Portal, name: &str) -> Result<usize> {
    let name = check_name(name)?;
    let settings = load(core, portal).await?;
    let doomed: Vec<SettingChange> =
        settings.records_named(&name).into_iter().cloned().map(SettingChange::Delete).collect();
    if doomed.is_empty() && catalogue::lookup(&name).is_none() {
        return Err(Error::SettingNotFound { portal: portal.name.clone(), name });
    }
    let n = doomed.len();
    write(core, portal, doomed, Vec::new()).await?;
    Ok(n)
}

/// Writes the catalogue default explicitly (keeping one visible record); a setting without a
/// default is unset instead.
pub async fn reset(core: &Core, portal: &Portal, name: &str) -> Result<EffectiveSetting> {
    let name = check_name(name)?;
    let Some(def) = catalogue::lookup(&name) else {
        return Err(Error::from(ValidationErrors::single(
            "name",
            FieldErrorCode::InvalidValue,
            format!("{name} is not in the catalogue, so it has no default; unset it instead."),
        )));
    };
    match &def.default {
        Some(default) if !catalogue::is_secret_name(&def.name) => {
            let settings = load(core, portal).await?;
            let mut changes: Vec<SettingChange> =
                settings.all_named(&name).iter().skip(1).map(|r| SettingChange::Delete((*r).clone())).collect();
            if let Some((change, _)) = change_for(&settings, &def.name, default) {
                changes.insert(0, change);
            }
            write(core, portal, changes, Vec::new()).await?;
        }
        _ => {
            unset(core, portal, &name).await?;
        }
    }
    get(core, portal, &def.name).await
}

/// The checker's findings for the portal.
pub async fn check(core: &Core, portal: &Portal) -> Result<Vec<Finding>> {
    Ok(checker::check(&load(core, portal).await?, &portal.app_id))
}

/// Applies the fix of the current finding `finding_id`; returns the findings that remain.
pub async fn fix(core: &Core, portal: &Portal, finding_id: &str) -> Result<Vec<Finding>> {
    let settings = load(core, portal).await?;
    let findings = checker::check(&settings, &portal.app_id);
    let Some(fix) = findings.iter().find(|f| f.id == finding_id).and_then(|f| f.fix.clone()) else {
        return Err(Error::FindingNotFound(finding_id.to_owned()));
    };
    let record = |id: &uuid::Uuid| settings.records().iter().find(|r| r.id == *id).cloned();
    let (changes, secrets) = match fix.action {
        FixAction::SetValue { name, value } => match change_for(&settings, &name, &value) {
            Some((c, s)) => (vec![c], s.into_iter().collect()),
            None => (vec![], vec![]),
        },
        FixAction::DeleteRecords { ids } => {
            (ids.iter().filter_map(record).map(SettingChange::Delete).collect(), vec![])
        }
        FixAction::Unset { name } => {
            (settings.records_named(&name).into_iter().cloned().map(SettingChange::Delete).collect(), vec![])
        }
        FixAction::MoveToKeyring { ids } => {
            let mut changes = Vec::new();
            let mut secrets = Vec::new();
            for before in ids.iter().filter_map(record) {
                let Some(value) = before.value.clone() else { continue };
                let mut after = before.clone();
                after.value = None;
                after.secret_in_keyring = true;
                secrets.push((after.clone(), value));
                changes.push(SettingChange::Update { before, after });
            }
            (changes, secrets)
        }
    };
    let moved_secrets = !secrets.is_empty();
    write(core, portal, changes, secrets).await?;
    if moved_secrets {
        // The plain values were zeroed in the database file (secure_delete); their old page
        // images leave the write-ahead log too. The fix is done either way: a checkpoint that
        // cannot run now happens at the next one.
        if let Err(e) = core.store().checkpoint().await {
            tracing::warn!(error = %e, "could not checkpoint the workspace after moving secrets to the keyring");
        }
    }
    check(core, portal).await
}

/// Runs the portal's password validator on `password` under its current settings.
pub async fn test_password(core: &Core, portal: &Portal, password: &str) -> Result<PasswordReport> {
    let settings = load(core, portal).await?;
    Ok(password::evaluate(&password::PasswordPolicy::from_settings(&settings), password))
}

/// The secret value of a setting held in the keyring (for connecting to a provider).
pub async fn secret_value(core: &Core, portal: &Portal, setting: &SiteSetting) -> Result<Option<String>> {
    if !setting.secret_in_keyring {
        return Ok(setting.value.clone());
    }
    let secrets = core.secrets();
    let name = secret_entry(portal, setting);
    blocking_secret(move || secrets.get(&name)).await
}

/// Resolves a portal by name or id and loads its settings (for the shells).
pub async fn portal_settings(core: &Core, portal_query: &str) -> Result<(Portal, Settings)> {
    let portal = portal::resolve(core, portal_query).await?;
    let settings = load(core, &portal).await?;
    Ok((portal, settings))
}
