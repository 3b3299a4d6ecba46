//! The real app and connections: the Connections page lists none, the add dialog shows the core's
//! message for a tenant that is not one tenant, then adds a connection that appears signed out.
//! Screenshots: 50-connections, 50b-connection-tenant-error.

use anyhow::Result;
use portal_admin_e2e::App;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_adds_a_connection_and_sees_the_cores_tenant_rule() -> Result<()> {
    let app = App::start().await?;
    let result = journey(&app).await;
    if result.is_err() {
        let _ = app.screenshot("connections-failure").await;
    }
    app.stop().await?;
    result
}

async fn journey(app: &App) -> Result<()> {
    app.find("[data-testid=home-title]").await?;
    app.click_by_script("[data-testid=nav-connections]").await?;
    app.wait_for_text("No connections yet").await?;

    app.click_by_script("[data-testid=connection-add]").await?;
    app.fill("[data-testid=connection-name]", "Contoso").await?;
    app.fill("[data-testid=connection-tenant]", "common").await?;
    app.click_by_script("[data-testid=connection-save]").await?;
    app.wait_for_text("is not one tenant").await?;
    app.screenshot("50b-connection-tenant-error").await?;

    app.fill("[data-testid=connection-tenant]", "contoso.onmicrosoft.com").await?;
    app.click_by_script("[data-testid=connection-save]").await?;
    app.find("[data-testid=connection-row][data-name=Contoso]").await?;
    app.wait_for_text("Signed out").await?;
    app.screenshot("50-connections").await?;
    Ok(())
}
