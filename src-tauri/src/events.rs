//! Events pushed to the UI, typed through tauri-specta. Names are past-tense facts.

use portal_admin::ops::notify::NoticeReport;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri_specta::Event;

/// The workspace changed (in this app, the CLI or any other process); the UI refetches what
/// the event names.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct WorkspaceChanged(pub portal_admin::events::WorkspaceChange);

/// The expiry watch ran: what it delivered, and when it runs next.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct WatchRan {
    pub at: String,
    pub reports: Vec<NoticeReport>,
    pub next_milestone: Option<String>,
    pub error: Option<String>,
}

/// A key renewal moved on (a step started, failed, or the job finished).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct KeyRenewalProgressed(pub portal_admin::domain::renewal::RenewalView);

/// Something outside the window (the tray, a notification) asked to show a page.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct NavigationRequested {
    /// "key", "expiries", …
    pub page: String,
    pub portal_id: Option<String>,
}

/// A portal-folder import or export moved on: `phase` is `reading` or `writing`.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct PacProgressed {
    pub phase: String,
    pub done: u32,
    pub total: u32,
}

/// A bulk action moved on: `done` of `total` contacts written (in its one transaction).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type, Event)]
pub struct BulkProgressed {
    pub done: u32,
    pub total: u32,
}
