//! The real app and the authentication key: the demo portal's key expires in about 20 days, so
//! every page shows the warning banner and the watch raises an in-app alert (no notification
//! service runs here); "Update key" on the key page renews it with visible progress, and the
//! banner disappears.
//! Needs a Secret Service (scripts/test starts gnome-keyring in the test's D-Bus session).

use anyhow::Result;
use portal_admin_e2e::App;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_expiring_demo_key_shows_a_banner_until_it_is_renewed_from_the_key_page() -> Result<()> {
    let app = App::start().await?;
    let result = journey(&app).await;
    if result.is_err() {
        let _ = app.screenshot("keys-failure").await;
    }
    app.stop().await?;
    result
}

async fn journey(app: &App) -> Result<()> {
    let banner = app.find("[data-testid=key-banner]").await?;
    assert_eq!(banner.attr("data-severity").await?.as_deref(), Some("warning"));
    app.wait_for_text("The authentication key of Contoso Customer Self-Service expires in 20 days.").await?;
    // No desktop notification service in this session: the watch's reminder is shown in the app.
    app.find("[data-testid=watch-alert]").await?;
    app.wait_for_text("Shown here because desktop notifications failed").await?;
    app.screenshot("10-banner-and-in-app-reminder").await?;

    app.click("[data-testid=key-banner-manage]").await?;
    app.find("[data-testid=key-card]").await?;
    assert_eq!(app.find("[data-testid=key-time-left]").await?.text().await?, "20 days");
    app.wait_for_text("15 days before expiry").await?;
    app.screenshot("11-key-page").await?;

    // Record who owns the renewal: the banner says so.
    app.click("[data-testid=key-acknowledge]").await?;
    app.fill("[data-testid=key-owner-input]", "Adele Vance").await?;
    app.click("[data-testid=key-owner-save]").await?;
    app.wait_for_text("Renewal owned by Adele Vance.").await?;
    assert!(app.find("[data-testid=key-owner]").await?.text().await?.starts_with("Adele Vance"));
    app.screenshot("12-renewal-owner-acknowledged").await?;

    app.click("[data-testid=key-update]").await?;
    app.wait_for_text("Update the authentication key of Contoso Customer Self-Service?").await?;
    app.screenshot("13-update-key-confirmation").await?;
    app.click("[data-testid=key-update-confirm]").await?;
    app.find("[data-testid=renewal-panel][data-state=succeeded]").await?;
    for step in ["generate", "register", "restart", "verify", "retire"] {
        let row = app.find(&format!("[data-testid=renewal-step-{step}]")).await?;
        assert_eq!(row.attr("data-status").await?.as_deref(), Some("done"), "{step}");
    }
    app.wait_gone("[data-testid=key-banner]").await?;
    // The reminder was about the replaced key: it goes too.
    app.wait_gone("[data-testid=watch-alert]").await?;
    app.wait_for_text("730 days").await?;
    assert_eq!(app.find("[data-testid=key-time-left]").await?.text().await?, "730 days");
    app.screenshot("14-key-renewed-banner-gone").await?;

    app.click("[data-testid=nav-expiries]").await?;
    app.find("[data-testid=expiries-table]").await?;
    app.wait_for_text("730 days").await?;
    app.screenshot("15-expiries").await?;

    // Start at login: the switch shows what the system reports after the change.
    let switch = "[data-testid=autostart-switch]";
    assert!(!app.find(switch).await?.is_selected().await?);
    app.click(switch).await?;
    wait_until(|| async { app.find(switch).await?.is_selected().await.map_err(Into::into) }).await?;
    app.screenshot("15b-start-at-login").await?;
    app.click(switch).await?;
    wait_until(|| async { Ok(!app.find(switch).await?.is_selected().await?) }).await?;

    app.click("[data-testid=nav-about]").await?;
    app.find("[data-testid=about-key-expiry]").await?;
    app.screenshot("16-about").await?;
    Ok(())
}

/// Waits (up to 20 s) until `check` is true.
async fn wait_until<F, Fut>(check: F) -> Result<()>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<bool>>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !check().await? {
        anyhow::ensure!(std::time::Instant::now() < deadline, "condition not met within 20 s");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok(())
}
