//! The real app and authentication: the Authentication page shows the checker's findings on the
//! demo portal (the 24:00:00 lockout trap among them) and one click fixes it; the core's refusal
//! of an out-of-range value shows next to the field; the password tester gives the runtime's
//! message; the search finds a group by its title. On the Identity providers page the add wizard
//! adds a real OpenID provider (npm `oidc-provider` on loopback) and Test connection discovers it;
//! a SAML provider whose metadata the CLI imported while the app was open is imported again
//! through the dialog from a URL; the built-in Entra ID provider's caption is edited.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result};
use portal_admin_e2e::{cli_binary, App};

#[path = "../../support/loopback.rs"]
mod loopback;

const DEMO: &str = "Contoso Customer Self-Service";
const LOCKOUT: &str = "Authentication/UserManager/DefaultAccountLockoutTimeSpan";
const MAX_FAILED: &str = "Authentication/UserManager/MaxFailedAccessAttemptsBeforeLockout";

struct OidcProvider {
    child: Child,
    port: u16,
}

impl OidcProvider {
    /// Starts the provider and waits for its `LISTENING <port>` line; a start that stalls for
    /// 30 s is killed and tried again (twice at most).
    fn start() -> Result<Self> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../oidc/server.mjs");
        for attempt in 1..=3 {
            let mut child = Command::new("node")
                .arg(&script)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()?;
            let stdout = child.stdout.take().context("stdout")?;
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut line = String::new();
                let _ = BufReader::new(stdout).read_line(&mut line);
                let _ = tx.send(line);
            });
            if let Ok(line) = rx.recv_timeout(std::time::Duration::from_secs(30)) {
                let port = line.trim().strip_prefix("LISTENING ").context("the provider did not start")?.parse()?;
                return Ok(Self { child, port });
            }
            eprintln!("the OpenID provider did not start within 30 s (attempt {attempt}); starting it again");
            let _ = child.kill();
            let _ = child.wait();
        }
        anyhow::bail!("the OpenID provider did not start in three attempts")
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cli(app: &App, args: &[&str]) -> Result<()> {
    let out = Command::new(cli_binary()).arg("--data-dir").arg(app.data_dir.path()).args(args).output()?;
    anyhow::ensure!(out.status.success(), "CLI {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_fixes_the_lockout_trap_tests_passwords_and_checks_identity_providers() -> Result<()> {
    let provider = OidcProvider::start()?;
    let app = App::start().await?;
    let result = journey(&app, &provider).await;
    if result.is_err() {
        let _ = app.screenshot("identity-failure").await;
    }
    app.stop().await?;
    result
}

async fn journey(app: &App, provider: &OidcProvider) -> Result<()> {
    app.find("[data-testid=home-title]").await?;
    app.click("[data-testid=nav-settings]").await?;
    app.find("[data-testid=auth-settings-page]").await?;
    app.wait_for_text("is 24 days, not 1 day").await?;
    app.wait_for_text("Demo mode is on").await?;
    app.screenshot("20-auth-settings-findings").await?;
    // The field says what the portal makes of the stored value.
    let lockout_setting = format!("[data-testid=\"setting-{LOCKOUT}\"]");
    app.scroll_into_view(&lockout_setting, "center").await?;
    let reads = app.find(&format!("{lockout_setting} [data-testid=setting-effective]")).await?;
    anyhow::ensure!(reads.text().await? == "The portal reads: 24.00:00:00", "the effective value is shown");
    app.screenshot("20b-setting-the-portal-reads").await?;

    // One click fixes the trap: the finding goes and the field reads one day.
    app.click("[data-testid=\"fix-timespan_trap:authentication/usermanager/defaultaccountlockouttimespan\"]").await?;
    app.wait_gone("[data-testid=\"finding-timespan_trap:authentication/usermanager/defaultaccountlockouttimespan\"]")
        .await?;
    let lockout = app.find(&format!("[data-testid=\"setting-{LOCKOUT}\"] [data-testid=setting-input]")).await?;
    assert_eq!(lockout.prop("value").await?.as_deref(), Some("1.00:00:00"));

    // An out-of-range value is refused by the core, next to the field.
    let field = format!("[data-testid=\"setting-{MAX_FAILED}\"] [data-testid=setting-input]");
    app.fill(&field, "0").await?;
    app.click(&format!("[data-testid=\"setting-{MAX_FAILED}\"] [data-testid=setting-save]")).await?;
    app.wait_for_text("0 is out of range: use a number from 1 to 1000.").await?;
    app.screenshot("21-auth-settings-fixed-and-field-error").await?;

    // The password tester applies the demo portal's policy (10 characters, 3 of 4 classes).
    app.fill("[data-testid=password-candidate]", "password12").await?;
    app.wait_for_text("Passwords must contain characters from at least three of the following four classes").await?;
    let three = app.find("[data-testid=password-check-three_of_four_classes]").await?;
    assert_eq!(three.attr("data-state").await?.as_deref(), Some("fail"));
    app.screenshot("22-password-tester").await?;

    // The search finds a whole group by its title.
    app.fill("[data-testid=settings-search]", "bearer tokens").await?;
    app.find("[data-testid=settings-group-bearer_authentication]").await?;
    app.wait_gone("[data-testid=settings-group-lockout]").await?;
    app.screenshot("22b-settings-search-bearer-tokens").await?;

    // Identity providers: the demo's Azure AD B2C provider is loaded.
    app.click("[data-testid=nav-providers]").await?;
    app.find("[data-testid=providers-page]").await?;
    let b2c = app.find("[data-testid=\"provider-OpenIdConnect/AzureADB2C\"]").await?;
    assert_eq!(b2c.attr("data-state").await?.as_deref(), Some("loaded"));

    // The add wizard adds the OpenID provider on loopback; its client secret goes to the keyring.
    let authority = format!("http://127.0.0.1:{}", provider.port);
    app.click("[data-testid=add-provider]").await?;
    app.find("[data-testid=add-provider-wizard]").await?;
    app.click_by_script("[data-testid=wizard-kind-oidc_other]").await?;
    // Buttons in dialogs are clicked through the DOM: a dialog may still be moving in, and a
    // pointer click at the button's earlier position could miss.
    app.click_by_script("[data-testid=wizard-next]").await?;
    app.fill("[data-testid=provider-name]", "LocalIdP").await?;
    app.fill("[data-testid=provider-field-Authority]", &authority).await?;
    app.fill("[data-testid=provider-field-ClientId]", "portal-client").await?;
    app.fill("[data-testid=provider-field-ClientSecret]", "e2e-client-secret").await?;
    app.screenshot("23a-add-provider-wizard").await?;
    app.click_by_script("[data-testid=wizard-submit]").await?;
    app.wait_gone("[data-testid=add-provider-wizard]").await?;
    let added = app.find("[data-testid=\"provider-OpenIdConnect/LocalIdP\"]").await?;
    assert_eq!(added.attr("data-state").await?.as_deref(), Some("loaded"), "client id, secret and authority are set");

    // The CLI imports AD FS metadata while the app is open.
    let metadata = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/metadata/adfs-federationmetadata.xml");
    cli(
        app,
        &["provider", "import-metadata", "--portal", DEMO, "SAML2/ADFS", "--file", metadata.to_str().context("path")?],
    )?;
    app.find("[data-testid=\"provider-OpenIdConnect/LocalIdP\"]").await?;
    app.wait_for_text("76FC32EC7AC13C9774F1870F3F264226412534E0").await?;
    app.screenshot("23-identity-providers").await?;
    app.scroll_into_view("[data-testid=\"provider-SAML2/ADFS\"]", "center").await?;
    app.screenshot("23b-saml-provider-with-signing-certificate").await?;

    // The import dialog reads the same metadata again from a URL, which becomes the address the
    // portal reads it from.
    let port = loopback::serve("application/xml", std::fs::read(&metadata)?);
    let url = format!("http://127.0.0.1:{port}/FederationMetadata/2007-06/FederationMetadata.xml");
    app.click("[data-testid=\"import-metadata-SAML2/ADFS\"]").await?;
    app.click_by_script("[data-testid=metadata-from-url]").await?;
    app.fill("[data-testid=metadata-url]", &url).await?;
    app.click_by_script("[data-testid=metadata-import]").await?;
    let result = app.find("[data-testid=metadata-result]").await?;
    assert!(result.text().await?.contains("http://adfs.contoso.com/adfs/services/trust"));
    app.screenshot("23d-metadata-import-from-url").await?;
    app.client.find(fantoccini::Locator::XPath("//button[normalize-space()='Close']")).await?.click().await?;
    app.wait_gone("[data-testid=metadata-result]").await?;
    app.wait_for_text(&url).await?;

    // The imported signing certificate joins the expiry watch next to the key (it expires on
    // 10 December 2026: a warning).
    app.click("[data-testid=nav-expiries]").await?;
    let row = app.find("[data-testid=certificate-expiry]").await?;
    assert!(row.text().await?.contains("SAML2/ADFS"));
    app.wait_for_text("76FC32EC7AC13C9774F1870F3F264226412534E0").await?;
    app.scroll_into_view("[data-testid=certificate-expiries]", "center").await?;
    app.screenshot("23c-expiries-with-signing-certificate").await?;
    app.click("[data-testid=nav-providers]").await?;
    app.find("[data-testid=\"provider-OpenIdConnect/LocalIdP\"]").await?;

    // Test connection runs real discovery against the provider.
    app.click("[data-testid=\"test-OpenIdConnect/LocalIdP\"]").await?;
    app.find("[data-testid=test-report]").await?;
    app.wait_for_text(&format!("{authority}/token")).await?;
    app.wait_for_text("test-rsa-1").await?;
    app.screenshot("24-test-connection-report").await?;

    // Settings that are not about authentication stay reachable as names and values.
    app.client.find(fantoccini::Locator::XPath("//button[normalize-space()='Close']")).await?.click().await?;
    app.wait_gone("[data-testid=test-report]").await?;

    // A Sign in button pointing at no provider shows the checker's finding above the picker.
    let button = "Authentication/Registration/LoginButtonAuthenticationType";
    cli(app, &["settings", "set", "--portal", DEMO, button, "https://gone.example/"])?;
    let bar = app.find("[data-testid=default-provider-dangling]").await?;
    assert!(bar.text().await?.contains("gone.example"), "the finding names the stored value");
    app.client.execute("window.scrollTo(0, 0); document.querySelector('main')?.scrollTo(0, 0);", vec![]).await?;
    app.screenshot("24b-sign-in-button-names-no-provider").await?;
    cli(app, &["settings", "unset", "--portal", DEMO, button])?;
    app.wait_gone("[data-testid=default-provider-dangling]").await?;

    // The built-in Entra ID provider's caption is a site setting the app edits.
    app.click("[data-testid=edit-azure_ad_built_in]").await?;
    app.fill("[data-testid=edit-field-Caption]", "Contoso staff").await?;
    app.screenshot("24c-edit-built-in-entra-id").await?;
    app.click_by_script("[data-testid=edit-provider-save]").await?;
    let builtin = app.find("[data-testid=provider-azure_ad_built_in]").await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !builtin.text().await?.contains("Contoso staff") {
        anyhow::ensure!(std::time::Instant::now() < deadline, "the built-in provider's caption did not change");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.scroll_into_view("[data-testid=provider-azure_ad_built_in]", "center").await?;
    app.screenshot("24d-built-in-entra-id-renamed").await?;
    app.click("[data-testid=nav-site-settings]").await?;
    app.find("[data-testid=site-settings-page]").await?;
    app.wait_for_text("HTTP/X-Frame-Options").await?;
    app.client.execute("window.scrollTo(0, 0); document.querySelector('main')?.scrollTo(0, 0);", vec![]).await?;
    app.screenshot("25-all-site-settings").await?;
    Ok(())
}
