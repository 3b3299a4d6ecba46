//! The real app in a real webview: first run shows the demo portal; adding a portal through
//! the form shows the core's validation error for a bad URL and then saves; a portal added by
//! the CLI while the app is open appears without a refresh; the key banner (and its in-app reminder) can be snoozed.
//! Screenshots: target/e2e-screenshots/.

use anyhow::Result;
use portal_admin_e2e::{cli_binary, App};

const DEMO: &str = "Contoso Customer Self-Service";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_sees_the_demo_portal_adds_a_portal_and_sees_cli_changes_live() -> Result<()> {
    let app = App::start().await?;
    let result = journey(&app).await;
    if result.is_err() {
        let _ = app.screenshot("failure").await;
    }
    app.stop().await?;
    result
}

async fn journey(app: &App) -> Result<()> {
    // First run on an empty workspace: the demo portal is seeded and shown.
    let title = app.find("[data-testid=home-title]").await?;
    assert_eq!(title.text().await?, DEMO);
    app.wait_for_text("https://contoso-selfservice.powerappsportals.com/").await?;
    app.screenshot("01-home-demo-portal").await?;

    // The Portals page lists it.
    app.find("[data-testid=nav-portals]").await?.click().await?;
    app.find("[data-testid=portals-table]").await?;
    app.wait_for_text("Megan Bowen").await?;
    app.screenshot("02-portals").await?;

    // Add a portal with a plain-http URL: the core's message shows next to the field.
    app.find("[data-testid=portal-add]").await?.click().await?;
    app.fill("[data-testid=portal-name]", "Fabrikam Partner Portal").await?;
    app.fill("[data-testid=portal-url]", "http://fabrikam-partners.powerappsportals.com").await?;
    app.fill("[data-testid=portal-environment-url]", "https://fabrikam.crm.dynamics.com").await?;
    app.fill("[data-testid=portal-app-id]", "0b8f7c1e-2a3d-4e5f-8a9b-1c2d3e4f5a6b").await?;
    app.fill("[data-testid=portal-owner]", "Adele Vance").await?;
    app.find("[data-testid=portal-save]").await?.click().await?;
    app.wait_for_text("Portal URL must use https://").await?;
    app.screenshot("03-add-portal-validation-error").await?;

    // Fix it and save: the new portal is listed.
    app.fill("[data-testid=portal-url]", "https://fabrikam-partners.powerappsportals.com").await?;
    app.find("[data-testid=portal-save]").await?.click().await?;
    app.wait_for_text("https://fabrikam-partners.powerappsportals.com/").await?;
    app.screenshot("04-portal-added").await?;

    // The CLI adds a portal to the same workspace while the app is open: it appears by itself.
    let out = std::process::Command::new(cli_binary())
        .arg("--data-dir")
        .arg(app.data_dir.path())
        .args(["portal", "add", "--name", "Northwind Supplier Portal"])
        .args(["--url", "https://northwind-suppliers.powerappsportals.com"])
        .args(["--environment-url", "https://northwind.crm.dynamics.com"])
        .args(["--app-id", "5c4b3a29-1807-4f6e-9d5c-4b3a29180706"])
        .output()?;
    assert!(out.status.success(), "CLI failed: {}", String::from_utf8_lossy(&out.stderr));
    app.wait_for_text("Northwind Supplier Portal").await?;
    let rows = app.client.find_all(fantoccini::Locator::Css("[data-testid=portal-row]")).await?;
    assert_eq!(rows.len(), 3);
    app.screenshot("05-cli-change-appeared").await?;

    // The demo key's banner can be snoozed until the next reminder milestone.
    app.find("[data-testid=key-banner]").await?;
    app.click("[data-testid=key-banner-snooze]").await?;
    app.wait_gone("[data-testid=key-banner]").await?;
    app.wait_gone("[data-testid=watch-alert]").await?;
    app.screenshot("06-banner-snoozed").await?;
    Ok(())
}
