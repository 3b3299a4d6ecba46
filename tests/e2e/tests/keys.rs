//! The real app and the authentication key: the demo portal's key expires in about 20 days, so
//! every page shows the warning banner and the watch raises an in-app alert (no notification
//! service runs here); generating a new key from the key page clears the banner.
//! Needs a Secret Service (scripts/test starts gnome-keyring in the test's D-Bus session).

use anyhow::Result;
use portal_admin_e2e::App;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_expiring_demo_key_shows_a_banner_until_a_new_key_is_generated() -> Result<()> {
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

    app.click("[data-testid=key-generate]").await?;
    app.click("[data-testid=key-generate-confirm]").await?;
    app.find("[data-testid=key-message]").await?;
    app.wait_for_text("Generated a key with thumbprint").await?;
    app.wait_gone("[data-testid=key-banner]").await?;
    assert_eq!(app.find("[data-testid=key-time-left]").await?.text().await?, "730 days");
    app.screenshot("12-new-key-banner-gone").await?;

    app.click("[data-testid=nav-expiries]").await?;
    app.find("[data-testid=expiries-table]").await?;
    app.wait_for_text("730 days").await?;
    app.screenshot("13-expiries").await?;

    app.click("[data-testid=nav-about]").await?;
    app.find("[data-testid=about-key-expiry]").await?;
    app.screenshot("14-about").await?;
    Ok(())
}
