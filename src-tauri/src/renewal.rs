//! Runs key renewals in the background and reports their progress to the window.

use std::sync::Arc;

use portal_admin::connector::LocalConnector;
use portal_admin::domain::renewal::{RenewalJob, RenewalView};
use portal_admin::ops::{self, Core};
use tauri::AppHandle;
use tauri_specta::Event;

use crate::events::KeyRenewalProgressed;

fn reporter(app: AppHandle) -> impl Fn(&RenewalJob) + Send + Sync {
    move |job| {
        if let Err(e) = KeyRenewalProgressed(RenewalView::of(job.clone())).emit(&app) {
            tracing::warn!(error = %e, "could not report renewal progress to the window");
        }
    }
}

/// Drives (or, when `retry`, retries) the job on the async runtime.
pub fn run_in_background(app: AppHandle, core: Arc<Core>, job_id: i64, retry: bool) {
    tauri::async_runtime::spawn(async move {
        let connector = LocalConnector::new(core.store().clone(), core.clock_handle());
        let progress = reporter(app);
        let result = if retry {
            ops::renewal::retry(&core, job_id, &connector, &progress).await
        } else {
            ops::renewal::drive(&core, job_id, &connector, &progress).await
        };
        if let Err(e) = result {
            tracing::error!(error = %e, job_id, "renewal could not continue");
        }
    });
}

/// Resumes renewals a previous run left unfinished (closed app, crash).
pub fn resume_interrupted(app: AppHandle, core: Arc<Core>) {
    tauri::async_runtime::spawn(async move {
        let connector = LocalConnector::new(core.store().clone(), core.clock_handle());
        if let Err(e) = ops::renewal::resume_interrupted(&core, &connector, &reporter(app)).await {
            tracing::error!(error = %e, "could not resume interrupted renewals");
        }
    });
}
