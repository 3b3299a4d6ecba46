//! Connection, discovery, Graph-key and site commands: adapters from IPC to
//! `portal_admin::ops::{connection, discover, key_refresh, site}`. No rules here.

use std::time::Duration;

use portal_admin::domain::connection::ConnectionDraft;
use portal_admin::domain::PortalId;
use portal_admin::ops::connection::{ConnectionTest, ConnectionView, NewCredential, SignInMode, BROWSER_PATIENCE};
use portal_admin::ops::discover::Discovery;
use portal_admin::ops::key_refresh::KeyRefresh;
use portal_admin::ops::site::{SiteOperation, SiteStatus};
use portal_admin::ops::{self};
use portal_admin::sync::entra::SignInPrompt;
use tauri::State;

use crate::error::CommandError;
use crate::AppState;

/// The system browser for a person's sign-in (the window shows the device code itself).
struct SystemBrowser;

impl SignInPrompt for SystemBrowser {
    fn open_browser(&self, url: &str) -> Result<(), String> {
        webbrowser::open(url).map_err(|e| e.to_string())
    }

    fn show_device_code(&self, _: &str, _: &str, _: Duration) {}
}

#[tauri::command]
#[specta::specta]
pub async fn connection_list(state: State<'_, AppState>) -> Result<Vec<ConnectionView>, CommandError> {
    Ok(ops::connection::list(&state.core).await?)
}

/// Adds a connection; `client_secret` (typed into a password field) goes straight to the keyring.
#[tauri::command]
#[specta::specta]
pub async fn connection_add(
    state: State<'_, AppState>,
    draft: ConnectionDraft,
    client_secret: Option<String>,
) -> Result<ConnectionView, CommandError> {
    let credential = match client_secret.filter(|s| !s.is_empty()) {
        Some(secret) => NewCredential::ClientSecret(secret),
        None => NewCredential::None,
    };
    Ok(ops::connection::add(&state.core, draft, credential).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn connection_remove(state: State<'_, AppState>, connection: String) -> Result<(), CommandError> {
    ops::connection::remove(&state.core, &connection).await?;
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn connection_sign_in(
    state: State<'_, AppState>,
    connection: String,
) -> Result<ConnectionView, CommandError> {
    Ok(ops::connection::sign_in(&state.core, &connection, SignInMode::Browser, &SystemBrowser, BROWSER_PATIENCE)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub fn connection_cancel_sign_in(state: State<'_, AppState>) {
    ops::connection::cancel_sign_in(&state.core);
}

#[tauri::command]
#[specta::specta]
pub async fn connection_sign_out(
    state: State<'_, AppState>,
    connection: String,
) -> Result<ConnectionView, CommandError> {
    Ok(ops::connection::sign_out(&state.core, &connection).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn connection_test(state: State<'_, AppState>, connection: String) -> Result<ConnectionTest, CommandError> {
    Ok(ops::connection::test(&state.core, &connection).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn discover(state: State<'_, AppState>, connection: String, apply: bool) -> Result<Discovery, CommandError> {
    Ok(ops::discover::discover(&state.core, &connection, apply).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn key_refresh(
    state: State<'_, AppState>,
    portal: Option<PortalId>,
) -> Result<Vec<KeyRefresh>, CommandError> {
    Ok(ops::key_refresh::refresh(&state.core, portal).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn site_run(
    state: State<'_, AppState>,
    portal: PortalId,
    operation: SiteOperation,
) -> Result<SiteStatus, CommandError> {
    Ok(ops::site::run(&state.core, portal, operation, &|_| {}).await?)
}
