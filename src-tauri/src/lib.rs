//! Portal Admin Center desktop shell: opens the core, registers the commands and events, and
//! forwards core change events to the window. Business rules live in `portal_admin`.
//!
//! [`specta_builder`] is the single list of commands and events: used at startup and by the
//! test that keeps `ui/src/api/bindings.ts` fresh.

mod commands;
mod connections;
mod error;
mod events;
mod renewal;
mod tray;

use std::path::PathBuf;
use std::sync::Arc;

use portal_admin::events::WorkspaceWatch;
use portal_admin::notify::{DeliveryFuture, DesktopNotifier, Notice, NoticeSubject, Notifier};
use portal_admin::ops::{self, Core, CoreOptions};
use tauri::{AppHandle, Manager};
use tauri_specta::{collect_commands, collect_events, Builder, Event};
use tokio::sync::mpsc;

pub use error::CommandError;
pub use events::{
    BulkProgressed, KeyRenewalProgressed, NavigationRequested, PacProgressed, WatchRan, WorkspaceChanged,
};

/// What every command can reach.
pub struct AppState {
    pub core: Arc<Core>,
    check_now: mpsc::Sender<()>,
    /// The watch's latest round, for a window that opens (or reloads) after it ran.
    pub last_round: Arc<std::sync::Mutex<Option<WatchRan>>>,
    /// The watch's health before this run's first round (a stalled watch means missed reminders).
    pub health_at_start: Option<ops::notify::WatchHealth>,
    /// Set by `bulk_cancel`; the running bulk action stops and writes nothing.
    pub bulk_cancel: Arc<std::sync::atomic::AtomicBool>,
    _watch: WorkspaceWatch,
}

impl AppState {
    /// Wakes the expiry watch for a round now.
    pub fn check_now(&self) {
        // A pending wake-up already covers this one.
        let _ = self.check_now.try_send(());
    }
}

/// The in-app channel: used when no desktop notification service answered; the window shows
/// the notice (from the `WatchRan` event) together with the desktop's error.
struct InAppNotifier;

impl Notifier for InAppNotifier {
    fn deliver<'a>(&'a self, _notice: &'a Notice) -> DeliveryFuture<'a> {
        Box::pin(async { Ok("in-app".to_owned()) })
    }
}

/// Refreshes the tray from the core's current key overview.
async fn refresh_tray(app: &AppHandle, core: &Core) {
    match ops::key::overview(core).await {
        Ok(views) => {
            if let Err(e) = tray::update(app, &views) {
                tracing::warn!(error = %e, "could not update the tray icon");
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not read the key overview for the tray"),
    }
}

/// The commands and events the UI may use; the generated bindings mirror exactly this list.
pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            commands::workspace_info,
            commands::portal_list,
            commands::portal_create,
            commands::portal_update,
            commands::portal_remove,
            commands::key_overview,
            commands::key_show,
            commands::key_schedule,
            commands::key_history,
            commands::key_generate,
            commands::key_import,
            commands::key_export,
            commands::watch_check_now,
            commands::watch_last_round,
            commands::key_renew,
            commands::key_renewal_latest,
            commands::key_snooze,
            commands::key_acknowledge,
            commands::key_expiries_export,
            commands::watch_health_at_start,
            commands::app_autostart_get,
            commands::app_autostart_set,
            commands::settings_overview,
            commands::settings_set,
            commands::settings_unset,
            commands::settings_reset,
            commands::settings_fix,
            commands::password_test,
            commands::provider_list,
            commands::provider_add,
            commands::provider_edit,
            commands::provider_set_enabled,
            commands::provider_remove,
            commands::provider_set_default,
            commands::provider_test,
            commands::provider_import_metadata,
            commands::access_overview,
            commands::role_save,
            commands::role_remove,
            commands::permission_save,
            commands::permission_remove,
            commands::page_rule_save,
            commands::page_rule_remove,
            commands::website_access_save,
            commands::website_access_remove,
            commands::access_effective,
            commands::provider_certificate_expiries,
            commands::contact_page,
            commands::contact_count,
            commands::contact_details,
            commands::contact_create,
            commands::contact_edit,
            commands::contact_act,
            commands::contact_set_password,
            commands::contact_diagnose,
            commands::contact_duplicates,
            commands::bulk_preview,
            commands::bulk_apply,
            commands::bulk_cancel,
            commands::bulk_batches,
            commands::bulk_undo,
            commands::contact_export_csv,
            commands::contact_import_csv,
            commands::invitation_list,
            commands::invitation_create,
            commands::invitation_redeem,
            commands::invitation_revoke,
            commands::invitation_edit,
            commands::invitation_set_status,
            commands::contact_names,
            commands::pac_preview_import,
            commands::pac_import,
            commands::pac_preview_export,
            commands::pac_export,
            connections::connection_list,
            connections::connection_add,
            connections::connection_remove,
            connections::connection_sign_in,
            connections::connection_cancel_sign_in,
            connections::connection_sign_out,
            connections::connection_test,
            connections::discover,
            connections::key_refresh,
            connections::site_run,
        ])
        .events(collect_events![
            WorkspaceChanged,
            WatchRan,
            NavigationRequested,
            KeyRenewalProgressed,
            BulkProgressed,
            PacProgressed
        ])
        // Audit ids are i64 in Rust and far below 2^53: plain numbers in TypeScript.
        .dangerously_cast_bigints_to_number()
}

/// Writes the TypeScript bindings to `path`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    specta_builder()
        .export(
            specta_typescript::Typescript::default().header("// Generated from the Rust types: `UPDATE_BINDINGS=1 cargo test -p portal-admin-desktop`. Do not edit.\n"),
            path,
        )
        .map_err(|e| e.to_string())
}

/// `--data-dir DIR` on the command line, like the CLI.
fn data_dir_argument() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--data-dir=")) {
            return Some(PathBuf::from(value));
        }
    }
    None
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PORTAL_ADMIN_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();

    let builder = specta_builder();
    let invoke_handler = builder.invoke_handler();

    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            // A second launch brings the running window forward instead of opening another.
            tray::show_window(app);
        }))
        .plugin(tauri_plugin_dialog::init())
        // Started at login with --hidden: the watch runs in the tray without opening the window.
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--hidden"]),
        ))
        .invoke_handler(invoke_handler)
        .on_window_event(|window, event| {
            // Closing the window keeps the app, and its expiry watch, running in the tray.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if window.app_handle().tray_by_id("expiry-watch").is_some() {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
        })
        .setup(move |app| {
            builder.mount_events(app);
            let core = tauri::async_runtime::block_on(async {
                let core = Core::open(CoreOptions {
                    data_dir: data_dir_argument(),
                    actor: Some(format!("{} (desktop)", whoami())),
                    ..Default::default()
                })
                .await?;
                ops::workspace::seed_demo_on_first_run(&core).await?;
                Ok::<_, portal_admin::Error>(core)
            })?;
            let core = Arc::new(core);
            let watch = tauri::async_runtime::block_on(async { core.watch() })?;
            if let Err(e) = tray::create(app.handle()) {
                // No tray on this desktop: the app still works, closing the window quits it.
                tracing::warn!(error = %e, "no tray icon");
            }

            // Core changes → the window (typed event) and the tray.
            let mut changes = core.subscribe();
            let handle = app.handle().clone();
            let events_core = core.clone();
            tauri::async_runtime::spawn(async move {
                refresh_tray(&handle, &events_core).await;
                loop {
                    match changes.recv().await {
                        Ok(change) => {
                            if let Err(e) = WorkspaceChanged(change).emit(&handle) {
                                tracing::warn!(error = %e, "could not send a change event to the window");
                            }
                            refresh_tray(&handle, &events_core).await;
                        }
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                    }
                }
            });

            let health_at_start = tauri::async_runtime::block_on(ops::notify::watch_health(&core)).ok();

            // The expiry watch: desktop notifications, in-app when there is no service.
            let (check_now, wake) = mpsc::channel(1);
            let last_round = Arc::new(std::sync::Mutex::new(None));
            let round_store = last_round.clone();
            let handle = app.handle().clone();
            let watch_core = core.clone();
            tauri::async_runtime::spawn(async move {
                // Clicking a reminder opens that portal's key page.
                let activation_handle = handle.clone();
                let desktop = DesktopNotifier {
                    on_activate: Some(Arc::new(move |notice: &Notice| {
                        tray::show_window(&activation_handle);
                        let page = match notice.subject {
                            NoticeSubject::AuthKey => "key",
                            NoticeSubject::SigningCertificate { .. } => "providers",
                        };
                        let request =
                            NavigationRequested { page: page.into(), portal_id: Some(notice.portal_id.to_string()) };
                        if let Err(e) = request.emit(&activation_handle) {
                            tracing::warn!(error = %e, "could not open the key page for a clicked reminder");
                        }
                    })),
                };
                let notifiers: Vec<Arc<dyn Notifier>> = vec![Arc::new(desktop), Arc::new(InAppNotifier)];
                let tray_handle = handle.clone();
                let tray_core = watch_core.clone();
                portal_admin::watch::run(watch_core, notifiers, wake, move |round| {
                    let event = WatchRan {
                        at: round.at.to_rfc3339(),
                        reports: round.reports.clone(),
                        next_milestone: round.next_milestone.map(|t| t.to_rfc3339()),
                        error: round.error.clone(),
                    };
                    if let Ok(mut last) = round_store.lock() {
                        *last = Some(event.clone());
                    }
                    if let Err(e) = event.emit(&handle) {
                        tracing::warn!(error = %e, "could not send the watch round to the window");
                    }
                    let (h, c) = (tray_handle.clone(), tray_core.clone());
                    tauri::async_runtime::spawn(async move { refresh_tray(&h, &c).await });
                })
                .await;
            });
            renewal::resume_interrupted(app.handle().clone(), core.clone());
            if std::env::args().any(|a| a == "--hidden") && app.tray_by_id("expiry-watch").is_some() {
                if let Some(window) = app.get_webview_window("main") {
                    let _ = window.hide();
                }
            }
            app.manage(AppState {
                core,
                check_now,
                last_round,
                health_at_start,
                bulk_cancel: Arc::default(),
                _watch: watch,
            });
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Portal Admin Center");
}

fn whoami() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Regenerate with `UPDATE_BINDINGS=1 cargo test -p portal-admin-desktop`.
    #[test]
    fn committed_typescript_bindings_match_the_rust_types() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/api/bindings.ts");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            super::export_bindings(&committed).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("bindings.ts");
        super::export_bindings(&fresh).unwrap();
        let fresh = std::fs::read_to_string(fresh).unwrap();
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            fresh == current,
            "ui/src/api/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p portal-admin-desktop` and commit it"
        );
    }
}
