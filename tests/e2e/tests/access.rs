//! The real app and web roles and permissions: the Web roles page with its posture warnings and
//! a role's editor, the Table permissions tree with a parent chain three deep, and the
//! Effective access matrix of an anonymous visitor with the explanation of a granted cell.

use anyhow::Result;
use portal_admin_e2e::App;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_reviews_roles_the_permission_tree_and_what_anonymous_visitors_can_do() -> Result<()> {
    let app = App::start().await?;
    let result = journey(&app).await;
    if result.is_err() {
        let _ = app.screenshot("access-failure").await;
    }
    app.stop().await?;
    result
}

async fn journey(app: &App) -> Result<()> {
    app.find("[data-testid=home-title]").await?;
    app.click("[data-testid=nav-roles]").await?;
    app.find("[data-testid=roles-page]").await?;
    app.wait_for_text("Anonymous visitors can create feedback records").await?;
    let roles = app.client.find_all(fantoccini::Locator::Css("[data-testid=role-row]")).await?;
    assert_eq!(roles.len(), 5);
    app.screenshot("30-web-roles").await?;

    app.find("[data-testid=role-row][data-name=\"Case Managers\"]").await?;
    app.scroll_into_view("[data-testid=role-row][data-name=\"Case Managers\"]", "center").await?;
    app.click("[data-testid=role-row][data-name=\"Case Managers\"] button").await?;
    app.find("[data-testid=role-editor]").await?;
    app.wait_for_text("Case managers: company cases").await?;
    app.screenshot("31-web-role-editor").await?;
    let members = app.find("[data-testid=role-members-count]").await?;
    assert!(members.text().await?.contains("contacts"), "the editor counts the role's members");
    app.scroll_into_view("[data-testid=role-members]", "center").await?;
    app.screenshot("31b-web-role-members").await?;

    app.client.execute("document.querySelector('[data-testid=nav-permissions]').click();", vec![]).await?;
    app.find("[data-testid=permission-tree]").await?;
    let attachments = app.find("[data-testid=permission-row][data-name=\"Note attachments\"]").await?;
    assert_eq!(attachments.attr("data-depth").await?.as_deref(), Some("2"), "case → notes → attachments");
    app.screenshot("32-table-permissions-tree").await?;

    app.client.execute("document.querySelector('[data-testid=nav-page-access]').click();", vec![]).await?;
    app.find("[data-testid=page-access-page]").await?;
    app.find("[data-testid=page-rule-row]").await?;
    app.find("[data-testid=website-access-row]").await?;
    app.screenshot("34-page-access").await?;

    app.click("[data-testid=nav-effective-access]").await?;
    app.find("[data-testid=effective-access-page]").await?;
    let create = app.find("[data-testid=cell-feedback-create]").await?;
    assert_eq!(create.attr("data-granted").await?.as_deref(), Some("true"));
    let write = app.find("[data-testid=cell-feedback-write]").await?;
    assert_eq!(write.attr("data-granted").await?.as_deref(), Some("false"));
    let support = app.find("[data-testid=\"page-Support-read\"]").await?;
    assert_eq!(support.attr("data-allowed").await?.as_deref(), Some("false"));
    app.scroll_into_view("[data-testid=cell-feedback-create]", "center").await?;
    app.click("[data-testid=cell-feedback-create] button").await?;
    app.find("[data-testid=cell-explanation]").await?;
    app.wait_for_text("Anonymous feedback").await?;
    app.screenshot("33-effective-access-anonymous").await?;

    // A real contact: its roles plus the authenticated users role.
    app.client
        .execute(
            "const el = document.querySelector('[data-testid=principal-kind]');
             const select = el.tagName === 'SELECT' ? el : el.querySelector('select');
             Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(select, 'contact');
             select.dispatchEvent(new Event('change', { bubbles: true }));
             window.scrollTo(0, 0);",
            vec![],
        )
        .await?;
    app.fill("[data-testid=effective-contact-picker]", "mchen").await?;
    app.click("[data-testid=contact-option]").await?;
    app.wait_for_text("Roles that count for Marcus Chen").await?;
    app.wait_for_text("Case Managers").await?;
    app.screenshot("33b-effective-access-contact").await?;
    Ok(())
}
