//! The real app and contacts: an administrator finds a locked-out demo contact, reads the
//! sign-in diagnosis, unlocks the account and sees the diagnosis change; and the contacts view
//! opened on a workspace with a million contacts, timing its first page (a scripted figure,
//! written to target/e2e-timings.txt, not asserted).

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use portal_admin::domain::contacts::{Contact, UserRules};
use portal_admin::domain::demo;
use portal_admin::domain::settings::effective::Settings;
use portal_admin::ops::{self, Core, CoreOptions};
use portal_admin::secrets::MemorySecrets;
use portal_admin_e2e::App;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_unlocks_a_locked_out_contact_and_the_diagnosis_changes() -> Result<()> {
    let app = App::start().await?;
    let result = unlock_journey(&app).await;
    if result.is_err() {
        let _ = app.screenshot("contacts-failure").await;
    }
    app.stop().await?;
    result
}

async fn verdict(app: &App) -> Result<String> {
    Ok(app.find("[data-testid=diagnosis]").await?.attr("data-verdict").await?.unwrap_or_default())
}

async fn wait_for_verdict(app: &App, wanted: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = verdict(app).await?;
        if now == wanted {
            return Ok(());
        }
        anyhow::ensure!(Instant::now() < deadline, "the diagnosis stayed {now:?}, expected {wanted:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn unlock_journey(app: &App) -> Result<()> {
    app.find("[data-testid=home-title]").await?;
    app.click("[data-testid=nav-contacts]").await?;
    let table = app.find("[data-testid=contacts-table]").await?;
    app.find("[data-testid=contact-row]").await?;
    let expected = demo::demo_contacts(chrono::Utc::now()).0.len() as u64;
    wait_for_total(&table, |n| n == expected).await?;
    app.screenshot("40-contacts").await?;

    app.fill("[data-testid=contacts-search]", "chen").await?;
    let marcus = "[data-testid=contact-row][data-contact-id=\"c0a1c3e5-0000-4000-8000-000000000002\"]";
    app.find(marcus).await?;
    app.wait_gone("[data-testid=contact-row][data-contact-id=\"c0a1c3e5-0000-4000-8000-000000000001\"]").await?;
    app.click(&format!("{marcus} [data-testid=contact-open]")).await?;
    app.find("[data-testid=diagnosis]").await?;
    wait_for_verdict(app, "locked_out").await?;
    app.wait_for_text("The account is locked out until").await?;
    app.screenshot("41-contact-locked-out").await?;

    app.scroll_into_view("[data-testid=contact-action-unlock]", "center").await?;
    app.click("[data-testid=contact-action-unlock]").await?;
    wait_for_verdict(app, "password_not_checked").await?;
    app.scroll_into_view("[data-testid=diagnosis]", "start").await?;
    app.screenshot("42-contact-unlocked").await?;
    Ok(())
}

/// The table's count of all matching contacts once `wanted` accepts it. The first rows show
/// before the count arrives (until then the table has no total), so it is polled for (20 s at most).
async fn wait_for_total(table: &fantoccini::elements::Element, wanted: impl Fn(u64) -> bool) -> Result<u64> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let total = table.attr("data-total").await?.unwrap_or_default();
        if let Some(n) = total.parse::<u64>().ok().filter(|n| wanted(*n)) {
            return Ok(n);
        }
        anyhow::ensure!(Instant::now() < deadline, "the table's total stayed {total:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Clicks `css` (a sort header or a filter chip) and returns, by the page's clock, the ms until the
/// table showed the rows of the list that made.
async fn time_list_change(app: &App, table: &fantoccini::elements::Element, css: &str) -> Result<f64> {
    let script = format!("const t = performance.now(); document.querySelector({css:?}).click(); return t;");
    let clicked_at = app.client.execute(&script, vec![]).await?.as_f64().unwrap_or_default();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let shown = table.attr("data-rows-at").await?.and_then(|t| t.parse::<f64>().ok()).unwrap_or_default();
        if shown > clicked_at {
            return Ok((shown - clicked_at).round());
        }
        anyhow::ensure!(Instant::now() < deadline, "the list never showed its rows after clicking {css}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A workspace with the demo portal and `count` more contacts, written with multi-row inserts.
/// With `PORTAL_ADMIN_E2E_SEED_CACHE` set to a folder, a workspace seeded once is kept there and
/// copied for the next runs (a developer's loop; CI always seeds).
async fn million_workspace(count: usize) -> Result<(tempfile::TempDir, f64)> {
    let cache = std::env::var_os("PORTAL_ADMIN_E2E_SEED_CACHE").map(std::path::PathBuf::from);
    let cached = cache.as_ref().map(|c| c.join(format!("contacts-{count}.db")));
    if let Some(cached) = cached.as_ref().filter(|c| c.exists()) {
        let dir = tempfile::tempdir()?;
        std::fs::copy(cached, dir.path().join("workspace.db"))?;
        return Ok((dir, 0.0));
    }
    let (dir, seconds) = seed_workspace(count).await?;
    if let Some(cached) = cached {
        std::fs::create_dir_all(cached.parent().unwrap_or(std::path::Path::new(".")))?;
        std::fs::copy(dir.path().join("workspace.db"), cached)?;
    }
    Ok((dir, seconds))
}

async fn seed_workspace(count: usize) -> Result<(tempfile::TempDir, f64)> {
    let dir = tempfile::tempdir()?;
    let core = Core::open(CoreOptions {
        data_dir: Some(dir.path().to_path_buf()),
        actor: Some("e2e".into()),
        clock: None,
        secrets: Some(Arc::new(MemorySecrets::default())),
        http: None,
    })
    .await?;
    ops::workspace::init(&core, true).await?;
    let portal = ops::portal::get(&core, demo::demo_portal_id()).await?;
    let rules = UserRules::from_settings(&Settings::new(Vec::new()));
    let now = chrono::Utc::now();
    let firsts = [
        "Ava", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hal", "Ida", "Jon", "Kai", "Liv", "Max", "Nia", "Oz", "Pia",
    ];
    let lasts = [
        "Adams", "Baker", "Cruz", "Diaz", "Evans", "Fox", "Gray", "Hill", "Ito", "James", "Khan", "Lopez", "Moore",
        "Nash",
    ];
    let started = Instant::now();
    let mut batch = Vec::with_capacity(50_000);
    for i in 0..count {
        let mut c = Contact::new(uuid::Uuid::new_v4(), &rules, now);
        let (f, l) = (firsts[i % firsts.len()], lasts[(i / firsts.len()) % lasts.len()]);
        c.first_name = Some(f.into());
        c.last_name = Some(format!("{l}{}", i % 997));
        // One contact in a thousand has the address of the one before it (another case), as
        // when a household shares an address: the list's "shared e-mails" come from these.
        let (j, domain) = if i % 1000 == 1 { (i - 1, "Example.com") } else { (i, "example.com") };
        let (ef, el) = (firsts[j % firsts.len()], lasts[(j / firsts.len()) % lasts.len()]);
        c.email = Some(format!("{}.{}{j}@{domain}", ef.to_lowercase(), el.to_lowercase()));
        c.username = Some(format!("{}{i}", f.to_lowercase()));
        c.email_confirmed = i % 9 != 0;
        batch.push(c);
        if batch.len() == 50_000 || i + 1 == count {
            core.store().insert_contacts(portal.id, &batch, "e2e", now, "e2e seed").await?;
            batch.clear();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    core.close().await;
    Ok((dir, seconds))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_contacts_view_shows_its_first_page_over_a_million_contacts() -> Result<()> {
    let (dir, seed_seconds) = million_workspace(1_000_000).await?;
    let app = App::start_in(dir).await?;
    let result = million_journey(&app, seed_seconds).await;
    if result.is_err() {
        let _ = app.screenshot("contacts-million-failure").await;
    }
    app.stop().await?;
    result
}

async fn million_journey(app: &App, seed_seconds: f64) -> Result<()> {
    app.find("[data-testid=home-title]").await?;
    // Time the navigation from a settled app, not one still loading its first screen.
    app.find("body[data-quiet=true]").await?;
    let clicked = Instant::now();
    app.click("[data-testid=nav-contacts]").await?;
    app.find("[data-testid=contact-row]").await?;
    let seen_by_driver = clicked.elapsed().as_millis();
    let table = app.find("[data-testid=contacts-table]").await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    let first_page_ms = loop {
        if let Some(ms) = table.attr("data-first-page-ms").await? {
            break ms;
        }
        anyhow::ensure!(Instant::now() < deadline, "the table never reported its first page");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let total = wait_for_total(&table, |n| n >= 1_000_000).await?;
    let counted_by_driver = clicked.elapsed().as_millis();
    // Where the first page's time went (performance marks of the page, from its mount).
    let marks = app
        .client
        .execute(
            "const m = performance.getEntriesByName('contacts:mounted')[0]?.startTime ?? 0;
             return performance.getEntriesByType('mark')
               .filter((e) => e.name.startsWith('contacts:') && e.name !== 'contacts:mounted')
               .sort((a, b) => a.startTime - b.startTime)
               .map((e) => e.name.slice('contacts:'.length) + ' ' + Math.round(e.startTime - m)).join(', ');",
            vec![],
        )
        .await?;
    app.screenshot("43-contacts-million").await?;
    // Another order and a filter are not read ahead: from the click to their first rows.
    let new_order_ms = time_list_change(app, &table, "[data-testid=column-header-email]").await?;
    app.find("[data-testid=column-header-email][aria-sort=ascending]").await?;
    let inactive_ms = time_list_change(app, &table, "[data-testid=filter-inactive]").await?;
    wait_for_total(&table, |n| n < 1_000).await?;
    app.click_by_script("[data-testid=filter-inactive]").await?;
    wait_for_total(&table, |n| n >= 1_000_000).await?;
    let shared_ms = time_list_change(app, &table, "[data-testid=filter-duplicate_email]").await?;
    wait_for_total(&table, |n| n < 10_000).await?;
    app.find("[data-testid=status-email-shared]").await?;
    app.screenshot("43b-contacts-million-shared-email").await?;
    app.click_by_script("[data-testid=filter-duplicate_email]").await?;
    wait_for_total(&table, |n| n >= 1_000_000).await?;
    // Jump to the middle of the list: the rows there load and render.
    app.client
        .execute(
            "const t = document.querySelector('[data-testid=contacts-table]'); t.scrollTop = t.scrollHeight / 2;",
            vec![],
        )
        .await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.find("[data-testid=contact-row]").await?;
    app.screenshot("44-contacts-million-middle").await?;
    let line = format!(
        "contacts first page over {total} contacts: {first_page_ms} ms from navigation (in-app), {seen_by_driver} ms until the driver saw a row, {counted_by_driver} ms until it saw the total; marks (ms from mount): {marks}; another order (not read ahead): {new_order_ms} ms from the click to its rows, deactivated contacts only: {inactive_ms} ms, shared e-mails only: {shared_ms} ms; seeding took {seed_seconds:.1} s\n",
        marks = marks.as_str().unwrap_or("?")
    );
    print!("{line}");
    let path = portal_admin_e2e::target_dir().join("e2e-timings.txt");
    let mut text = std::fs::read_to_string(&path).unwrap_or_default();
    text.push_str(&line);
    std::fs::write(path, text)?;
    Ok(())
}
