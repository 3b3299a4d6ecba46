//! Tauri commands: adapters from IPC to `portal_admin::ops`. No rules here.

use portal_admin::domain::{Portal, PortalDraft, PortalId, PortalPatch};
use portal_admin::ops::{self, workspace::WorkspaceInfo};
use tauri::State;

use crate::error::CommandError;
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
