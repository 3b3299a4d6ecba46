//! Tauri commands: adapters from IPC to `portal_admin::ops`. No rules here.

use std::collections::BTreeMap;
use std::path::PathBuf;

use portal_admin::discovery::OidcReport;
use portal_admin::domain::access::{EffectiveAccess, PageRule, Principal, TablePermission, WebRole, WebsiteAccess};
use portal_admin::domain::contacts::{
    Contact, ContactDraft, Invitation, InvitationDraft, InvitationStatus, SignInDiagnosis,
};
use portal_admin::domain::key::{AuthKey, ScheduleEntry};
use portal_admin::domain::pac::Layout;
use portal_admin::domain::renewal::{RenewalState, RenewalView};
use portal_admin::domain::settings::{EffectiveSetting, Finding, IdentityProvider, PasswordReport};
use portal_admin::domain::{Portal, PortalDraft, PortalId, PortalPatch};
use portal_admin::keys::CertificateFormat;
use portal_admin::ops::access::{AccessOverview, RoleRemoval};
use portal_admin::ops::contact_csv::CsvImportReport;
use portal_admin::ops::contacts::{
    BulkAction, BulkPreview, BulkResult, BulkTarget, ContactAction, ContactDetails, ContactName, DuplicateReport,
};
use portal_admin::ops::invitations::Redemption;
use portal_admin::ops::key::KeyView;
use portal_admin::ops::notify::CertificateExpiry;
use portal_admin::ops::pac::{ExportOutcome, ExportPreview, ImportOutcome, ImportPreview, ImportRequest, PacProgress};
use portal_admin::ops::providers::{MetadataImport, MetadataSource, ProviderDraft};
use portal_admin::ops::settings::SettingsOverview;
use portal_admin::ops::{self, workspace::WorkspaceInfo};
use portal_admin::store::{BulkBatch, ContactFilter, ContactPage, ContactQuery};
use tauri::{AppHandle, State};
use tauri_specta::Event;
use uuid::Uuid;

use crate::error::CommandError;
use crate::events::WatchRan;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub async fn workspace_info(state: State<'_, AppState>) -> Result<WorkspaceInfo, CommandError> {
    Ok(ops::workspace::info(&state.core).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn portal_list(state: State<'_, AppState>) -> Result<Vec<Portal>, CommandError> {
    Ok(ops::portal::list(&state.core).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn portal_create(state: State<'_, AppState>, draft: PortalDraft) -> Result<Portal, CommandError> {
    Ok(ops::portal::create(&state.core, draft).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn portal_update(
    state: State<'_, AppState>,
    id: PortalId,
    patch: PortalPatch,
) -> Result<Portal, CommandError> {
    Ok(ops::portal::update(&state.core, id, patch).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn portal_remove(state: State<'_, AppState>, id: PortalId) -> Result<Portal, CommandError> {
    Ok(ops::portal::remove(&state.core, id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn key_overview(state: State<'_, AppState>) -> Result<Vec<KeyView>, CommandError> {
    Ok(ops::key::overview(&state.core).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn key_show(state: State<'_, AppState>, portal: PortalId) -> Result<KeyView, CommandError> {
    Ok(ops::key::show(&state.core, portal).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn key_schedule(state: State<'_, AppState>, portal: PortalId) -> Result<Vec<ScheduleEntry>, CommandError> {
    Ok(ops::key::schedule(&state.core, portal, None).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn key_history(state: State<'_, AppState>, portal: PortalId) -> Result<Vec<AuthKey>, CommandError> {
    Ok(ops::key::history(&state.core, portal).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn key_generate(
    state: State<'_, AppState>,
    portal: PortalId,
    lifetime_days: Option<u32>,
    replace: bool,
) -> Result<AuthKey, CommandError> {
    Ok(ops::key::generate(&state.core, portal, lifetime_days, replace).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn key_import(
    state: State<'_, AppState>,
    portal: PortalId,
    path: PathBuf,
    password: Option<String>,
) -> Result<AuthKey, CommandError> {
    Ok(ops::key::import_file(&state.core, portal, &path, password.as_deref()).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn key_export(
    state: State<'_, AppState>,
    portal: PortalId,
    path: PathBuf,
    format: CertificateFormat,
) -> Result<(), CommandError> {
    Ok(ops::key::export_to_file(&state.core, portal, &path, format).await?)
}

/// Runs the expiry watch now instead of at its next milestone.
#[tauri::command]
#[specta::specta]
pub async fn watch_check_now(state: State<'_, AppState>) -> Result<(), CommandError> {
    state.check_now();
    Ok(())
}

/// The expiry watch's latest round (`None` before the first).
#[tauri::command]
#[specta::specta]
pub async fn watch_last_round(state: State<'_, AppState>) -> Result<Option<WatchRan>, CommandError> {
    Ok(state.last_round.lock().map(|last| last.clone()).unwrap_or_default())
}

/// The portal's latest renewal job, if any.
#[tauri::command]
#[specta::specta]
pub async fn key_renewal_latest(
    state: State<'_, AppState>,
    portal: PortalId,
) -> Result<Option<RenewalView>, CommandError> {
    Ok(ops::renewal::list(&state.core, portal).await?.into_iter().next().map(RenewalView::of))
}

/// Starts renewing the portal's key ("Update key") in the background; progress arrives as
/// `KeyRenewalProgressed` events. Returns the job as started.
#[tauri::command]
#[specta::specta]
pub async fn key_renew(
    app: AppHandle,
    state: State<'_, AppState>,
    portal: PortalId,
) -> Result<RenewalView, CommandError> {
    let job = ops::renewal::start(&state.core, portal).await?;
    crate::renewal::run_in_background(app, state.core.clone(), job.id, job.state == RenewalState::Failed);
    Ok(RenewalView::of(job))
}

#[tauri::command]
#[specta::specta]
pub async fn key_snooze(state: State<'_, AppState>, portal: PortalId) -> Result<KeyView, CommandError> {
    Ok(ops::key::snooze(&state.core, portal).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn key_acknowledge(
    state: State<'_, AppState>,
    portal: PortalId,
    owner: String,
) -> Result<KeyView, CommandError> {
    Ok(ops::key::acknowledge(&state.core, portal, &owner).await?)
}

/// Writes every portal's key expiry to a calendar (.ics) or CSV file.
#[tauri::command]
#[specta::specta]
pub async fn key_expiries_export(
    state: State<'_, AppState>,
    path: PathBuf,
    format: ops::key::ExpiriesFormat,
) -> Result<(), CommandError> {
    Ok(ops::key::expiries_to_file(&state.core, format, &path).await?)
}

/// The expiry watch's health as it was when the app started (before its first round): tells
/// whether reminders were missed while the app was not running.
#[tauri::command]
#[specta::specta]
pub async fn watch_health_at_start(
    state: State<'_, AppState>,
) -> Result<Option<ops::notify::WatchHealth>, CommandError> {
    Ok(state.health_at_start.clone())
}

/// Whether the app starts (hidden, in the tray) when the user logs in.
#[tauri::command]
#[specta::specta]
pub async fn app_autostart_get(app: AppHandle) -> Result<bool, CommandError> {
    use tauri_plugin_autostart::ManagerExt;
    app.autolaunch().is_enabled().map_err(|e| CommandError::os("autostart", e.to_string()))
}

/// Turns starting at login on or off; returns the resulting state.
#[tauri::command]
#[specta::specta]
pub async fn app_autostart_set(app: AppHandle, enabled: bool) -> Result<bool, CommandError> {
    use tauri_plugin_autostart::ManagerExt;
    let launcher = app.autolaunch();
    let result = if enabled { launcher.enable() } else { launcher.disable() };
    result.map_err(|e| CommandError::os("autostart", e.to_string()))?;
    launcher.is_enabled().map_err(|e| CommandError::os("autostart", e.to_string()))
}

async fn portal_of(state: &AppState, portal: PortalId) -> Result<Portal, CommandError> {
    Ok(ops::portal::get(&state.core, portal).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn settings_overview(state: State<'_, AppState>, portal: PortalId) -> Result<SettingsOverview, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::settings::overview(&state.core, &p).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn settings_set(
    state: State<'_, AppState>,
    portal: PortalId,
    name: String,
    value: String,
) -> Result<EffectiveSetting, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::settings::set(&state.core, &p, &name, &value).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn settings_unset(state: State<'_, AppState>, portal: PortalId, name: String) -> Result<u32, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::settings::unset(&state.core, &p, &name).await? as u32)
}

#[tauri::command]
#[specta::specta]
pub async fn settings_reset(
    state: State<'_, AppState>,
    portal: PortalId,
    name: String,
) -> Result<EffectiveSetting, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::settings::reset(&state.core, &p, &name).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn settings_fix(
    state: State<'_, AppState>,
    portal: PortalId,
    finding_id: String,
) -> Result<Vec<Finding>, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::settings::fix(&state.core, &p, &finding_id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn password_test(
    state: State<'_, AppState>,
    portal: PortalId,
    password: String,
) -> Result<PasswordReport, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::settings::test_password(&state.core, &p, &password).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn provider_list(
    state: State<'_, AppState>,
    portal: PortalId,
) -> Result<Vec<IdentityProvider>, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::providers::list(&state.core, &p).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn provider_add(
    state: State<'_, AppState>,
    portal: PortalId,
    draft: ProviderDraft,
) -> Result<IdentityProvider, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::providers::add(&state.core, &p, draft).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn provider_edit(
    state: State<'_, AppState>,
    portal: PortalId,
    key: String,
    values: BTreeMap<String, Option<String>>,
) -> Result<IdentityProvider, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::providers::edit(&state.core, &p, &key, values).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn provider_set_enabled(
    state: State<'_, AppState>,
    portal: PortalId,
    key: String,
    enabled: bool,
) -> Result<IdentityProvider, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::providers::set_enabled(&state.core, &p, &key, enabled).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn provider_remove(
    state: State<'_, AppState>,
    portal: PortalId,
    key: String,
) -> Result<IdentityProvider, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::providers::remove(&state.core, &p, &key).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn provider_set_default(
    state: State<'_, AppState>,
    portal: PortalId,
    key: Option<String>,
) -> Result<Option<IdentityProvider>, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::providers::set_default(&state.core, &p, key.as_deref()).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn provider_test(
    state: State<'_, AppState>,
    portal: PortalId,
    key: String,
) -> Result<OidcReport, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::providers::test(&state.core, &p, &key).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn provider_import_metadata(
    state: State<'_, AppState>,
    portal: PortalId,
    key: String,
    source: MetadataSource,
) -> Result<MetadataImport, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::providers::import_metadata(&state.core, &p, &key, source).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn access_overview(state: State<'_, AppState>, portal: PortalId) -> Result<AccessOverview, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::access::overview(&state.core, &p).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn role_save(state: State<'_, AppState>, portal: PortalId, role: WebRole) -> Result<WebRole, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::access::save_role(&state.core, &p, role).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn role_remove(
    state: State<'_, AppState>,
    portal: PortalId,
    role: String,
    confirmed: bool,
) -> Result<RoleRemoval, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::access::remove_role(&state.core, &p, &role, confirmed).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn permission_save(
    state: State<'_, AppState>,
    portal: PortalId,
    permission: TablePermission,
) -> Result<TablePermission, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::access::save_permission(&state.core, &p, permission).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn permission_remove(
    state: State<'_, AppState>,
    portal: PortalId,
    permission: String,
) -> Result<Vec<String>, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::access::remove_permission(&state.core, &p, &permission).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn page_rule_save(
    state: State<'_, AppState>,
    portal: PortalId,
    rule: PageRule,
) -> Result<PageRule, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::access::save_page_rule(&state.core, &p, rule).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn page_rule_remove(
    state: State<'_, AppState>,
    portal: PortalId,
    id: Uuid,
) -> Result<PageRule, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::access::remove_page_rule(&state.core, &p, id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn website_access_save(
    state: State<'_, AppState>,
    portal: PortalId,
    access: WebsiteAccess,
) -> Result<WebsiteAccess, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::access::save_website_access(&state.core, &p, access).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn website_access_remove(
    state: State<'_, AppState>,
    portal: PortalId,
    id: Uuid,
) -> Result<WebsiteAccess, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::access::remove_website_access(&state.core, &p, id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn access_effective(
    state: State<'_, AppState>,
    portal: PortalId,
    principal: Principal,
) -> Result<EffectiveAccess, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::access::effective_access(&state.core, &p, &principal).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn provider_certificate_expiries(state: State<'_, AppState>) -> Result<Vec<CertificateExpiry>, CommandError> {
    Ok(ops::notify::provider_certificate_expiries(&state.core).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_page(
    state: State<'_, AppState>,
    portal: PortalId,
    query: ContactQuery,
) -> Result<ContactPage, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::contacts::page(&state.core, &p, &query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_count(
    state: State<'_, AppState>,
    portal: PortalId,
    filter: ContactFilter,
) -> Result<u32, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::contacts::count(&state.core, &p, &filter).await?.clamp(0, i64::from(u32::MAX)) as u32)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_details(
    state: State<'_, AppState>,
    portal: PortalId,
    id: Uuid,
) -> Result<ContactDetails, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::contacts::details(&state.core, &p, id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_create(
    state: State<'_, AppState>,
    portal: PortalId,
    draft: ContactDraft,
    password: Option<String>,
) -> Result<Contact, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::contacts::create(&state.core, &p, &draft, password.as_deref()).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_edit(
    state: State<'_, AppState>,
    portal: PortalId,
    id: Uuid,
    draft: ContactDraft,
) -> Result<Contact, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::contacts::edit(&state.core, &p, id, &draft).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_act(
    state: State<'_, AppState>,
    portal: PortalId,
    id: Uuid,
    action: ContactAction,
) -> Result<Contact, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::contacts::act(&state.core, &p, id, &action).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_set_password(
    state: State<'_, AppState>,
    portal: PortalId,
    id: Uuid,
    password: String,
) -> Result<Contact, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::contacts::set_password(&state.core, &p, id, &password).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_diagnose(
    state: State<'_, AppState>,
    portal: PortalId,
    id: Uuid,
    password: Option<String>,
) -> Result<SignInDiagnosis, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::contacts::diagnose_sign_in(&state.core, &p, id, password.as_deref()).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_duplicates(state: State<'_, AppState>, portal: PortalId) -> Result<DuplicateReport, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::contacts::duplicates(&state.core, &p, 500).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn bulk_preview(
    state: State<'_, AppState>,
    portal: PortalId,
    target: BulkTarget,
    action: BulkAction,
) -> Result<BulkPreview, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::contacts::bulk_preview(&state.core, &p, &target, &action, 200).await?)
}

/// Applies a bulk action; progress arrives as `BulkProgressed` events and `bulk_cancel` stops it
/// (then nothing is written).
#[tauri::command]
#[specta::specta]
pub async fn bulk_apply(
    app: AppHandle,
    state: State<'_, AppState>,
    portal: PortalId,
    target: BulkTarget,
    action: BulkAction,
) -> Result<BulkResult, CommandError> {
    let p = portal_of(&state, portal).await?;
    state.bulk_cancel.store(false, std::sync::atomic::Ordering::SeqCst);
    let cancel = state.bulk_cancel.clone();
    let progress = move |done: u32, total: u32| {
        let _ = crate::events::BulkProgressed { done, total }.emit(&app);
        !cancel.load(std::sync::atomic::Ordering::SeqCst)
    };
    Ok(ops::contacts::bulk_apply(&state.core, &p, &target, &action, &progress).await?)
}

#[tauri::command]
#[specta::specta]
pub fn bulk_cancel(state: State<'_, AppState>) {
    state.bulk_cancel.store(true, std::sync::atomic::Ordering::SeqCst);
}

#[tauri::command]
#[specta::specta]
pub async fn bulk_batches(state: State<'_, AppState>, portal: PortalId) -> Result<Vec<BulkBatch>, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::contacts::bulk_batches(&state.core, &p).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn bulk_undo(
    state: State<'_, AppState>,
    portal: PortalId,
    batch_id: i64,
) -> Result<BulkResult, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::contacts::bulk_undo(&state.core, &p, batch_id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_export_csv(
    state: State<'_, AppState>,
    portal: PortalId,
    filter: ContactFilter,
    path: PathBuf,
) -> Result<u32, CommandError> {
    let p = portal_of(&state, portal).await?;
    let count = ops::contact_csv::export_to_file(&state.core, &p, &filter, &path).await?;
    Ok(count as u32)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_import_csv(
    state: State<'_, AppState>,
    portal: PortalId,
    path: PathBuf,
    apply: bool,
) -> Result<CsvImportReport, CommandError> {
    let p = portal_of(&state, portal).await?;
    let text =
        std::fs::read_to_string(&path).map_err(|source| portal_admin::Error::File { path: path.clone(), source })?;
    Ok(ops::contact_csv::import(&state.core, &p, &text, apply).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn invitation_list(state: State<'_, AppState>, portal: PortalId) -> Result<Vec<Invitation>, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::invitations::list(&state.core, &p).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn invitation_create(
    state: State<'_, AppState>,
    portal: PortalId,
    draft: InvitationDraft,
) -> Result<Invitation, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::invitations::create(&state.core, &p, &draft).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn invitation_redeem(
    state: State<'_, AppState>,
    portal: PortalId,
    code: String,
    contact: String,
) -> Result<Redemption, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::invitations::redeem(&state.core, &p, &code, &contact).await?)
}

/// Edits an invitation (by id); the draft replaces its fields, an empty code makes a new one.
#[tauri::command]
#[specta::specta]
pub async fn invitation_edit(
    state: State<'_, AppState>,
    portal: PortalId,
    invitation: String,
    draft: InvitationDraft,
) -> Result<Invitation, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::invitations::edit(&state.core, &p, &invitation, &draft).await?)
}

/// Sets an invitation's status: new, sent, inactive (revoked), or back from inactive.
#[tauri::command]
#[specta::specta]
pub async fn invitation_set_status(
    state: State<'_, AppState>,
    portal: PortalId,
    invitation: String,
    status: InvitationStatus,
) -> Result<Invitation, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::invitations::set_status(&state.core, &p, &invitation, status).await?)
}

/// The names of the given contacts (ids the portal does not have are left out).
#[tauri::command]
#[specta::specta]
pub async fn contact_names(
    state: State<'_, AppState>,
    portal: PortalId,
    ids: Vec<Uuid>,
) -> Result<Vec<ContactName>, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::contacts::names(&state.core, &p, &ids).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn invitation_revoke(
    state: State<'_, AppState>,
    portal: PortalId,
    invitation: String,
) -> Result<Invitation, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::invitations::revoke(&state.core, &p, &invitation).await?)
}

fn pac_progress(app: AppHandle) -> impl Fn(PacProgress) + Sync {
    move |p: PacProgress| {
        let _ = crate::events::PacProgressed { phase: p.phase, done: p.done, total: p.total }.emit(&app);
    }
}

/// What importing a portal folder would do (layout, counts, warnings, the diff).
#[tauri::command]
#[specta::specta]
pub async fn pac_preview_import(
    app: AppHandle,
    state: State<'_, AppState>,
    folder: String,
    portal: Option<String>,
) -> Result<ImportPreview, CommandError> {
    Ok(ops::pac::preview_import(&state.core, std::path::Path::new(&folder), portal.as_deref(), &pac_progress(app))
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn pac_import(
    app: AppHandle,
    state: State<'_, AppState>,
    request: ImportRequest,
) -> Result<ImportOutcome, CommandError> {
    Ok(ops::pac::import(&state.core, &request, &pac_progress(app)).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn pac_preview_export(
    state: State<'_, AppState>,
    portal: PortalId,
    folder: String,
    layout: Option<Layout>,
) -> Result<ExportPreview, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::pac::preview_export(&state.core, &p, std::path::Path::new(&folder), layout).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn pac_export(
    app: AppHandle,
    state: State<'_, AppState>,
    portal: PortalId,
    folder: String,
    layout: Option<Layout>,
    confirm: bool,
) -> Result<ExportOutcome, CommandError> {
    let p = portal_of(&state, portal).await?;
    Ok(ops::pac::export(&state.core, &p, std::path::Path::new(&folder), layout, confirm, &pac_progress(app)).await?)
}
