//! The real app and portal folders: importing a real `pac pages download` (the aggregate
//! contosoMedicalTrust fixture) through the Import portal folder dialog into a new portal, seeing
//! its web roles and site settings, re-importing an edited copy (the diff dialog with a record
//! expanded), and exporting the portal to a folder.

use std::path::{Path, PathBuf};

use anyhow::Result;
use portal_admin_e2e::App;

const PORTAL: &str = "ContosoMedical Trust - contosomedicaltrust";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/pac/contosoMedicalTrust")
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::write(&target, std::fs::read(entry.path())?)?;
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_imports_a_downloaded_portal_reviews_a_changed_copy_and_exports_it() -> Result<()> {
    let app = App::start().await?;
    let result = journey(&app).await;
    if result.is_err() {
        let _ = app.screenshot("pac-failure").await;
    }
    app.stop().await?;
    result
}

async fn count(app: &App, kind: &str) -> Result<String> {
    Ok(app.find(&format!("[data-testid=pac-count-{kind}]")).await?.attr("data-count").await?.unwrap_or_default())
}

async fn journey(app: &App) -> Result<()> {
    app.find("[data-testid=home-title]").await?;
    app.click_by_script("[data-testid=nav-portals]").await?;
    app.find("[data-testid=portals-table]").await?;

    // Import the real download into a new portal.
    app.click_by_script("[data-testid=portal-import-folder]").await?;
    app.find("[data-testid=pac-import-dialog]").await?;
    app.fill("[data-testid=pac-folder-input]", &fixture().display().to_string()).await?;
    app.click_by_script("[data-testid=pac-preview]").await?;
    app.find("[data-testid=pac-summary]").await?;
    assert_eq!(count(app, "site_setting").await?, "49");
    assert_eq!(count(app, "web_role").await?, "4");
    assert_eq!(count(app, "website_access").await?, "2");
    assert_eq!(count(app, "page_rule").await?, "2");
    assert_eq!(count(app, "table_permission").await?, "1");
    app.wait_for_text("ContosoMedical Trust").await?;
    app.find("[data-testid=pac-warning]").await?;
    app.fill("[data-testid=pac-new-url]", "https://contosomedicaltrust.powerappsportals.com").await?;
    app.fill("[data-testid=pac-new-app-id]", "0f6b3b3e-6c1a-4c5e-9a63-5a2b2f1f8a10").await?;
    app.screenshot("50-pac-import-preview").await?;
    app.click_by_script("[data-testid=pac-import-confirm]").await?;
    app.find("[data-testid=pac-import-result]").await?;
    app.screenshot("51-pac-import-result").await?;
    app.client.execute("document.querySelector('[data-testid=pac-import-close]').click();", vec![]).await?;
    app.wait_gone("[data-testid=pac-import-dialog]").await?;
    app.wait_for_text(PORTAL).await?;

    // Its web roles and settings are in the app (choosing the row makes it the current portal).
    let row = format!("[data-testid=portal-row][data-name=\"{PORTAL}\"]");
    app.find(&row).await?;
    app.client.execute(&format!("document.querySelector('{row}').click();"), vec![]).await?;
    app.click_by_script("[data-testid=nav-roles]").await?;
    app.find("[data-testid=role-row][data-name=\"Balfour Team\"]").await?;
    let roles = app.client.find_all(fantoccini::Locator::Css("[data-testid=role-row]")).await?;
    assert_eq!(roles.len(), 4);
    app.scroll_into_view("[data-testid=role-row][data-name=\"Balfour Team\"]", "center").await?;
    app.screenshot("52-pac-imported-roles").await?;
    app.click_by_script("[data-testid=nav-site-settings]").await?;
    app.find("[data-testid=site-setting-row][data-name=\"Search/RecordTypeFacetsEntities\"]").await?;
    app.wait_for_text("Downloads:annotation,adx_webfile").await?;
    app.scroll_into_view("[data-testid=site-setting-row][data-name=\"Search/RecordTypeFacetsEntities\"]", "center")
        .await?;
    app.screenshot("53-pac-imported-site-settings").await?;

    // An edited copy: the re-import shows the diff and applies it when confirmed.
    let copy = tempfile::tempdir()?;
    copy_tree(&fixture(), copy.path())?;
    let roles_file = copy.path().join("webrole.yml");
    let text = std::fs::read_to_string(&roles_file)?;
    std::fs::write(
        &roles_file,
        text.replace(
            "adx_authenticatedusersrole: true\n  adx_name: Balfour Team",
            "adx_authenticatedusersrole: false\n  adx_name: Balfour Team",
        ),
    )?;
    app.click_by_script("[data-testid=nav-portals]").await?;
    app.click_by_script("[data-testid=portal-import-folder]").await?;
    app.fill("[data-testid=pac-folder-input]", &copy.path().display().to_string()).await?;
    app.click_by_script("[data-testid=pac-preview]").await?;
    let diff = app.find("[data-testid=pac-diff]").await?;
    assert_eq!(diff.attr("data-changed").await?.as_deref(), Some("1"));
    let record = "[data-testid=pac-diff-record][data-name=\"Balfour Team\"]";
    app.find(record).await?;
    app.scroll_into_view(record, "center").await?;
    app.click_by_script(&format!("{record} [data-testid=pac-diff-expand]")).await?;
    app.find("[data-testid=pac-diff-field]").await?;
    app.wait_for_text("authenticatedusersrole").await?;
    app.screenshot("54-pac-import-diff").await?;
    app.click_by_script("[data-testid=pac-import-confirm]").await?;
    app.find("[data-testid=pac-import-result]").await?;
    app.client.execute("document.querySelector('[data-testid=pac-import-close]').click();", vec![]).await?;
    app.wait_gone("[data-testid=pac-import-dialog]").await?;

    // Export the portal to a new folder.
    let out = tempfile::tempdir()?;
    app.find(&row).await?;
    app.click_by_script(&format!("{row} button[aria-label^=\"Actions for\"]")).await?;
    app.click_by_script("[data-testid=portal-export-folder]").await?;
    app.find("[data-testid=pac-export-dialog]").await?;
    app.fill("[data-testid=pac-export-folder]", &out.path().display().to_string()).await?;
    app.click_by_script("[data-testid=pac-export-preview]").await?;
    app.find("[data-testid=pac-export-target]").await?;
    app.click_by_script("[data-testid=pac-export-confirm]").await?;
    app.find("[data-testid=pac-export-result]").await?;
    app.screenshot("55-pac-export-result").await?;
    let written = std::fs::read_to_string(out.path().join("webrole.yml"))?;
    assert!(written.contains("adx_name: Balfour Team"), "{written}");
    assert!(written.contains("adx_authenticatedusersrole: false\n  adx_name: Balfour Team"), "{written}");
    Ok(())
}
