//! The tray icon: its colour is the worst key severity, its tooltip names the nearest expiry,
//! its menu opens the window, runs the watch now, lists each portal's time left, and quits.

use portal_admin::domain::key::Severity;
use portal_admin::ops::key::KeyView;
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Wry};

use crate::events::NavigationRequested;

const TRAY_ID: &str = "expiry-watch";

fn icon_for(severity: Option<Severity>) -> tauri::Result<Image<'static>> {
    let bytes: &'static [u8] = match severity {
        None | Some(Severity::Ok) => include_bytes!("../../icons/tray-ok.png"),
        Some(Severity::Notice) => include_bytes!("../../icons/tray-notice.png"),
        Some(Severity::Warning) => include_bytes!("../../icons/tray-warning.png"),
        Some(Severity::Critical | Severity::Expired) => include_bytes!("../../icons/tray-critical.png"),
    };
    Image::from_bytes(bytes)
}

/// What the tray shows for these keys: (worst severity, tooltip).
pub fn summary(views: &[KeyView]) -> (Option<Severity>, String) {
    let worst = views.iter().filter_map(|v| v.severity).max();
    let nearest =
        views.iter().filter(|v| v.key.is_some()).min_by_key(|v| v.key.as_ref().map(|k| k.certificate.not_after));
    let tooltip = match nearest {
        Some(v) => format!(
            "Portal Admin Center — nearest key expiry: {} ({})",
            v.portal_name,
            v.time_left.as_deref().unwrap_or_default()
        ),
        None => "Portal Admin Center — no authentication keys to watch".to_owned(),
    };
    (worst, tooltip)
}

fn menu(app: &AppHandle, views: &[KeyView]) -> tauri::Result<Menu<Wry>> {
    let menu = Menu::new(app)?;
    menu.append(&MenuItem::with_id(app, "open", "Open Portal Admin Center", true, None::<&str>)?)?;
    menu.append(&MenuItem::with_id(app, "check", "Check now", true, None::<&str>)?)?;
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    for v in views {
        let label = match (&v.time_left, v.severity) {
            (Some(left), Some(Severity::Expired)) => format!("{}: key {left}", v.portal_name),
            (Some(left), _) => format!("{}: key expires in {left}", v.portal_name),
            _ => format!("{}: no key", v.portal_name),
        };
        menu.append(&MenuItem::with_id(app, format!("portal:{}", v.portal_id), label, true, None::<&str>)?)?;
    }
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?)?;
    Ok(menu)
}

pub fn show_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

pub fn create(app: &AppHandle) -> tauri::Result<TrayIcon> {
    TrayIconBuilder::with_id(TRAY_ID)
        .icon(icon_for(None)?)
        .tooltip("Portal Admin Center")
        .menu(&menu(app, &[])?)
        .show_menu_on_left_click(true)
        .on_menu_event(|app, event| {
            let id = event.id().as_ref();
            match id {
                "open" => show_window(app),
                "check" => {
                    if let Some(state) = app.try_state::<crate::AppState>() {
                        state.check_now();
                    }
                }
                "quit" => app.exit(0),
                other => {
                    if let Some(portal) = other.strip_prefix("portal:") {
                        show_window(app);
                        let _ = tauri_specta::Event::emit(
                            &NavigationRequested { page: "key".into(), portal_id: Some(portal.to_owned()) },
                            app,
                        );
                    }
                }
            }
        })
        .build(app)
}

/// Refreshes icon, tooltip and menu from the current key views.
pub fn update(app: &AppHandle, views: &[KeyView]) -> tauri::Result<()> {
    let Some(tray) = app.tray_by_id(TRAY_ID) else { return Ok(()) };
    let (worst, tooltip) = summary(views);
    tray.set_icon(Some(icon_for(worst)?))?;
    tray.set_tooltip(Some(tooltip))?;
    tray.set_menu(Some(menu(app, views)?))?;
    Ok(())
}
