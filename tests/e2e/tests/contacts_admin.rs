//! The real app and the contact-administration screens around the table: the duplicate e-mail
//! groups, a bulk action's preview (confirm e-mail for every unconfirmed contact), the
//! Invitations page, and the new-invitation form with its inviter and account fields.

use anyhow::Result;
use portal_admin_e2e::App;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_reviews_duplicates_previews_a_bulk_action_and_drafts_an_invitation() -> Result<()> {
    let app = App::start().await?;
    let result = journey(&app).await;
    if result.is_err() {
        let _ = app.screenshot("contacts-admin-failure").await;
    }
    app.stop().await?;
    result
}

async fn journey(app: &App) -> Result<()> {
    app.find("[data-testid=home-title]").await?;
    app.click_by_script("[data-testid=nav-contacts]").await?;
    app.find("[data-testid=contact-row]").await?;

    // Contacts sharing an e-mail, deactivated ones included.
    app.click_by_script("[data-testid=contacts-duplicates]").await?;
    app.find("[data-testid=duplicates-dialog]").await?;
    app.find("[data-testid=duplicate-group]").await?;
    let groups = app.client.find_all(fantoccini::Locator::Css("[data-testid=duplicate-group]")).await?;
    assert!(groups.len() >= 2, "the demo has jordan.lee and sam.rivera twice");
    app.screenshot("45-contacts-duplicates").await?;
    app.client
        .execute(
            "Array.from(document.querySelectorAll('[data-testid=duplicates-dialog] button')).find(b => b.textContent.trim() === 'Close').click();",
            vec![],
        )
        .await?;
    app.wait_gone("[data-testid=duplicates-dialog]").await?;

    // Every unconfirmed contact: the bulk preview lists exactly what changes.
    app.click_by_script("[data-testid=filter-unconfirmed_email]").await?;
    app.click_by_script("[data-testid=contacts-select-header]").await?;
    app.click_by_script("[data-testid=contacts-bulk]").await?;
    app.click_by_script("[data-testid=bulk-confirm_email]").await?;
    app.find("[data-testid=bulk-dialog]").await?;
    app.find("[data-testid=bulk-line]").await?;
    // The summary fills in once the core's preview has arrived.
    app.wait_for_text("selected contacts change").await?;
    app.screenshot("46-contacts-bulk-preview").await?;
    app.client
        .execute(
            "Array.from(document.querySelectorAll('[data-testid=bulk-dialog] button')).find(b => b.textContent.trim() === 'Cancel').click();",
            vec![],
        )
        .await?;
    app.wait_gone("[data-testid=bulk-dialog]").await?;

    // The Invitations page, and a new invitation's form.
    app.click_by_script("[data-testid=nav-invitations]").await?;
    app.find("[data-testid=invitations-table]").await?;
    app.find("[data-testid=invitation-row]").await?;
    app.wait_for_text("PILOT-2024").await?;
    app.screenshot("47-invitations").await?;
    app.click_by_script("[data-testid=invitations-new]").await?;
    app.find("[data-testid=invitation-dialog]").await?;
    app.fill("[data-testid=invitation-name]", "Partner onboarding").await?;
    app.fill("[data-testid=invitation-account]", "Fabrikam Ltd").await?;
    app.find("[data-testid=invitation-account]").await?;
    app.screenshot("48-invitation-form").await?;
    Ok(())
}
