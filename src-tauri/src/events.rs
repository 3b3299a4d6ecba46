//! Events pushed to the UI, typed through tauri-specta. Names are past-tense facts.

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri_specta::Event;

/// The workspace changed (in this app, the CLI or any other process); the UI refetches what
/// the event names.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct WorkspaceChanged(pub portal_admin::events::WorkspaceChange);
