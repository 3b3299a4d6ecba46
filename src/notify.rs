//! Delivering expiry notices: desktop notifications (notify-rust) with a hard timeout, so a hung
//! notification daemon can never block the watch.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::domain::key::Severity;
use crate::domain::PortalId;

/// How long a notification service may take to answer before we give up on it.
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(5);

/// What an expiry notice is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum NoticeSubject {
    /// The portal's authentication key.
    AuthKey,
    /// A SAML 2.0 / WS-Federation identity provider's signing certificate.
    SigningCertificate { provider_key: String },
}

/// One notice for one milestone of one certificate a portal depends on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Notice {
    pub portal_id: PortalId,
    pub portal_name: String,
    pub subject: NoticeSubject,
    pub milestone: String,
    /// The certificate the notice is about: a notice about one since replaced is stale.
    pub thumbprint: String,
    pub severity: Severity,
    pub title: String,
    pub body: String,
}

pub type DeliveryFuture<'a> = Pin<Box<dyn Future<Output = Result<String, String>> + Send + 'a>>;

/// Somewhere notices go. Returns the channel's name ("desktop", "stdout", …) or why it failed.
pub trait Notifier: Send + Sync {
    fn deliver<'a>(&'a self, notice: &'a Notice) -> DeliveryFuture<'a>;
}

/// Called when the user activates (clicks) a delivered notice.
pub type OnActivate = std::sync::Arc<dyn Fn(&Notice) + Send + Sync>;

/// The desktop's notification service (D-Bus `org.freedesktop.Notifications` on Linux).
#[derive(Clone, Default)]
pub struct DesktopNotifier {
    /// What activating the notification does (the desktop opens the portal's key page). Linux
    /// only for now: notify-rust reports activation through the D-Bus `ActionInvoked` signal.
    pub on_activate: Option<OnActivate>,
}

impl Notifier for DesktopNotifier {
    fn deliver<'a>(&'a self, notice: &'a Notice) -> DeliveryFuture<'a> {
        Box::pin(async move {
            let mut n = notify_rust::Notification::new();
            n.appname("Portal Admin Center")
                .summary(&notice.title)
                .body(&notice.body)
                .timeout(notify_rust::Timeout::Never);
            #[cfg(all(unix, not(target_os = "macos")))]
            {
                n.urgency(match notice.severity {
                    Severity::Critical | Severity::Expired => notify_rust::Urgency::Critical,
                    _ => notify_rust::Urgency::Normal,
                });
                if self.on_activate.is_some() {
                    n.action("default", "Open");
                }
                let shown = tokio::time::timeout(DELIVERY_TIMEOUT, n.show_async()).await;
                match shown {
                    Ok(Ok(handle)) => {
                        if let Some(on_activate) = self.on_activate.clone() {
                            let notice = notice.clone();
                            // Waits in the background until the notice is clicked or closed.
                            tokio::spawn(async move {
                                handle
                                    .wait_for_action_async(|response| {
                                        let activated = match response {
                                            notify_rust::NotificationResponse::Default => true,
                                            notify_rust::NotificationResponse::Action(key) => key == "default",
                                            _ => false,
                                        };
                                        if activated {
                                            on_activate(&notice);
                                        }
                                    })
                                    .await;
                            });
                        }
                        Ok("desktop".to_owned())
                    }
                    Ok(Err(e)) => Err(format!("no desktop notification service: {e}")),
                    Err(_) => Err(format!(
                        "the desktop notification service did not answer within {} s",
                        DELIVERY_TIMEOUT.as_secs()
                    )),
                }
            }
            #[cfg(not(all(unix, not(target_os = "macos"))))]
            {
                let shown = tokio::time::timeout(
                    DELIVERY_TIMEOUT,
                    tokio::task::spawn_blocking(move || n.show().map(|_| ()).map_err(|e| e.to_string())),
                )
                .await;
                match shown {
                    Ok(Ok(Ok(()))) => Ok("desktop".to_owned()),
                    Ok(Ok(Err(e))) => Err(format!("no desktop notification service: {e}")),
                    Ok(Err(e)) => Err(e.to_string()),
                    Err(_) => Err("the desktop notification service did not answer in time".to_owned()),
                }
            }
        })
    }
}
