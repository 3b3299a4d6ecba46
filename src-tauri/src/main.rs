//! Entry point of the Portal Admin Center desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    portal_admin_desktop::run();
}
