//! The real app and the contact-administration screens around the table: the duplicate e-mail
//! groups, a bulk action's preview (confirm e-mail for every unconfirmed contact), the
//! Invitations page, and an invitation created with its account, edited to a new code and marked
//! sent.

use anyhow::Result;
use portal_admin_e2e::App;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_reviews_duplicates_previews_a_bulk_action_and_creates_edits_and_sends_an_invitation(
) -> Result<()> {
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
    app.click_button("[data-testid=duplicates-dialog]", "Close").await?;
    app.wait_gone("[data-testid=duplicates-dialog]").await?;

    // The same contacts through the list's filter, each marked, and on a contact's own page.
    app.click_by_script("[data-testid=filter-duplicate_email]").await?;
    app.wait_gone("[data-testid=contact-row][data-contact-id=\"c0a1c3e5-0000-4000-8000-000000000001\"]").await?;
    let jordan = "[data-testid=contact-row][data-contact-id=\"c0a1c3e5-0000-4000-8000-000000000004\"]";
    app.find(&format!("{jordan} [data-testid=status-email-shared]")).await?;
    let rows = app.client.find_all(fantoccini::Locator::Css("[data-testid=contact-row]")).await?;
    let marked = app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=contact-row] [data-testid=status-email-shared]"))
        .await?;
    assert_eq!((rows.len(), marked.len()), (4, 4), "Jordan and J. Lee, Sam and Samantha, each marked");
    app.screenshot("45b-contacts-shared-email").await?;
    app.click_by_script(&format!("{jordan} [data-testid=contact-open]")).await?;
    app.find("[data-testid=contact-same-email]").await?;
    app.find("[data-testid=contact-details] [data-testid=status-email-shared]").await?;
    app.screenshot("45c-contact-shared-email").await?;
    app.click_by_script("[data-testid=contact-close]").await?;
    app.wait_gone("[data-testid=contact-same-email]").await?;
    app.click_by_script("[data-testid=filter-duplicate_email]").await?;
    app.find("[data-testid=contact-row][data-contact-id=\"c0a1c3e5-0000-4000-8000-000000000001\"]").await?;

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
    app.click_button("[data-testid=bulk-dialog]", "Cancel").await?;
    app.wait_gone("[data-testid=bulk-dialog]").await?;

    // Inviting the same selection: an expiry is switched on, not typed into an empty date box.
    app.click_by_script("[data-testid=contacts-bulk]").await?;
    app.click_by_script("[data-testid=bulk-invite]").await?;
    app.find("[data-testid=bulk-dialog]").await?;
    app.click_by_script("[data-testid=bulk-invite-expiry-switch]").await?;
    app.find("[data-testid=bulk-invite-expiry]").await?;
    app.screenshot("46b-contacts-bulk-invite").await?;
    app.click_button("[data-testid=bulk-dialog]", "Cancel").await?;
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
    app.fill("[data-testid=invitation-code]", "PARTNER-2026").await?;
    app.fill("[data-testid=invitation-account]", "Fabrikam Ltd").await?;
    app.find("[data-testid=invitation-account]").await?;
    app.screenshot("48-invitation-form").await?;
    app.click_by_script("[data-testid=invitation-save]").await?;
    app.wait_for_text("Created invitation Partner onboarding with code PARTNER-2026.").await?;
    app.wait_gone("[data-testid=invitation-dialog]").await?;

    // Edited to a new code: the dialog starts from the invitation's values.
    let row = "[data-testid=invitation-row][data-code='PARTNER-2026']";
    app.click_by_script(&format!("{row} [data-testid=invitation-edit]")).await?;
    app.find("[data-testid=invitation-dialog]").await?;
    let account = app.find("[data-testid=invitation-account]").await?.prop("value").await?;
    assert_eq!(account.as_deref(), Some("Fabrikam Ltd"), "the edit starts from the invitation's values");
    app.fill("[data-testid=invitation-code]", "PARTNER-2027").await?;
    // Switching expiry on proposes a date 30 days ahead in the webview's date box.
    app.click_by_script("[data-testid=invitation-expiry-switch]").await?;
    let proposed = app.find("[data-testid=invitation-expiry]").await?.prop("value").await?.unwrap_or_default();
    let proposed = chrono::NaiveDate::parse_from_str(&proposed, "%Y-%m-%d")?;
    let days = (proposed - chrono::Local::now().date_naive()).num_days();
    assert_eq!(days, 30, "the proposed expiry is 30 days ahead, not {proposed}");
    app.screenshot("48b-invitation-edit").await?;
    app.click_by_script("[data-testid=invitation-save]").await?;
    app.wait_for_text("Saved invitation Partner onboarding with code PARTNER-2027.").await?;
    app.wait_gone("[data-testid=invitation-dialog]").await?;

    // Marked sent once the code has gone out.
    let row = "[data-testid=invitation-row][data-code='PARTNER-2027']";
    app.click_by_script(&format!("{row} [data-testid=invitation-mark-sent]")).await?;
    app.wait_for_text("Marked invitation Partner onboarding as sent.").await?;
    app.find(&format!("{row} [data-testid=invitation-status][data-status=sent]")).await?;
    let text = app.find(row).await?.text().await?;
    assert!(!text.contains("Never"), "the saved invitation has its expiry date: {text}");
    app.screenshot("48c-invitation-sent").await?;
    Ok(())
}
