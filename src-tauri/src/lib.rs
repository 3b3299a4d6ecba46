//! Portal Admin Center desktop shell: opens the core, registers the commands and events, and
//! forwards core change events to the window. Business rules live in `portal_admin`.
//!
//! [`specta_builder`] is the single list of commands and events: used at startup and by the
//! test that keeps `ui/src/api/bindings.ts` fresh.

mod commands;
mod error;
mod events;

use std::path::PathBuf;
use std::sync::Arc;

use portal_admin::events::WorkspaceWatch;
use portal_admin::ops::{self, Core, CoreOptions};
use tauri::Manager;
use tauri_specta::{collect_commands, collect_events, Builder, Event};

pub use error::CommandError;
pub use events::WorkspaceChanged;

/// What every command can reach.
pub struct AppState {
    pub core: Arc<Core>,
    _watch: WorkspaceWatch,
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
        ])
        .events(collect_events![WorkspaceChanged])
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
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .invoke_handler(invoke_handler)
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
            let mut changes = core.subscribe();
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                loop {
                    match changes.recv().await {
                        Ok(change) => {
                            if let Err(e) = WorkspaceChanged(change).emit(&handle) {
                                tracing::warn!(error = %e, "could not send a change event to the window");
                            }
                        }
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                    }
                }
            });
            app.manage(AppState { core, _watch: watch });
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
