//! Portal folders against a real workspace: both real downloads (tests/fixtures/pac) import with
//! the exact counts their files hold, round trips lose nothing in either layout, re-imports and
//! exports over a changed folder show their diff and write only when confirmed, and every kind of
//! bad input is refused with a specific error and nothing written.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use portal_admin::domain::pac::{self, DiffChange, Layout, RecordKind};
use portal_admin::ops::pac::{ImportRequest, PacProgress};
use portal_admin::ops::{self, Core, CoreOptions};
use portal_admin::secrets::{MemorySecrets, SecretStore};
use portal_admin::{ErrorCode, FixedClock};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pac").join(name)
}

fn quiet(_: PacProgress) {}

async fn empty_workspace() -> (tempfile::TempDir, Core, Arc<MemorySecrets>) {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let core = Core::open(CoreOptions {
        data_dir: Some(dir.path().to_path_buf()),
        actor: Some("alice".into()),
        clock: Some(Arc::new(FixedClock::new(common::t("2026-11-22T09:00:00Z")))),
        secrets: Some(secrets.clone()),
        http: None,
    })
    .await
    .unwrap();
    (dir, core, secrets)
}

fn request(folder: &Path) -> ImportRequest {
    ImportRequest {
        folder: folder.display().to_string(),
        url: Some("https://contoso.powerappsportals.com/".into()),
        environment_url: Some("https://contoso.crm4.dynamics.com/".into()),
        app_id: Some("0f6b3b3e-6c1a-4c5e-9a63-5a2b2f1f8a10".into()),
        ..ImportRequest::default()
    }
}

/// Copies a folder tree (fixtures are read-only).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
            let mut perms = std::fs::metadata(&target).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            std::fs::set_permissions(&target, perms).unwrap();
        }
    }
}

fn count_in(path: &Path, needle: &str) -> u32 {
    std::fs::read_to_string(path).unwrap().matches(needle).count() as u32
}

fn files_in(dir: &Path) -> u32 {
    std::fs::read_dir(dir).map(|d| d.count() as u32).unwrap_or(0)
}

fn all_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn the_aggregate_download_imports_with_the_counts_its_files_hold() {
    let (_dir, core, _) = empty_workspace().await;
    let folder = fixture("contosoMedicalTrust");
    let outcome = ops::pac::import(&core, &request(&folder), &quiet).await.unwrap();
    let c = outcome.summary.counts;
    assert_eq!(c.site_settings, count_in(&folder.join("sitesetting.yml"), "adx_sitesettingid:"));
    assert_eq!(c.site_settings, 49);
    assert_eq!(c.web_roles, count_in(&folder.join("webrole.yml"), "adx_webroleid:"));
    assert_eq!(c.website_access, count_in(&folder.join("websiteaccess.yml"), "adx_websiteaccessid:"));
    assert_eq!(c.page_rules, count_in(&folder.join("webpagerule.yml"), "adx_webpageaccesscontrolruleid:"));
    assert_eq!(c.table_permissions, files_in(&folder.join("table-permissions")));
    assert_eq!(outcome.summary.layout, Layout::Aggregate);
    assert!(outcome.created);
    assert_eq!(outcome.portal.id.to_string(), "8ef35c54-f355-ed11-9562-6045bd0ea8e5");
    assert_eq!(outcome.portal.name, "ContosoMedical Trust - contosomedicaltrust");
    assert!(
        outcome.summary.warnings.iter().any(|w| w.contains("2 web roles are marked as the authenticated users role")),
        "{:?}",
        outcome.summary.warnings
    );

    // The records are the workspace's now: settings in file order, roles, links.
    let settings = core.store().site_settings(outcome.portal.id).await.unwrap();
    assert_eq!(settings.len(), 49);
    assert_eq!(settings[0].name, "CustomerSupport/DisplayAllUserActivitiesOnTimeline");
    let search = settings.iter().find(|s| s.name == "Search/Enabled").unwrap();
    assert_eq!(search.value.as_deref(), Some("False"), "values keep the text as written");
    let model = core.store().access_model(outcome.portal.id).await.unwrap();
    let rule = model.page_rules.iter().find(|r| r.name == "Grant Change to Administrators").unwrap();
    assert_eq!(rule.page_id.map(|p| p.to_string()).as_deref(), Some("81f35c54-f355-ed11-9562-6045bd0ea8e5"));
    assert_eq!(rule.role_ids.len(), 1);
    let content = model.page_rules.iter().find(|r| r.name == "Grant Change to Content").unwrap();
    assert_eq!(content.page_id, None);
    assert_eq!(model.table_permissions[0].table, "gsk_action");

    // Each record change is in the audit trail.
    let trail = ops::portal::history(&core, outcome.portal.id, 500).await.unwrap();
    assert_eq!(trail.len() as u32, 1 + c.total(), "the portal and every record");
}

#[tokio::test]
async fn the_code_site_download_imports_with_the_counts_its_files_hold() {
    let (_dir, core, _) = empty_workspace().await;
    let folder = fixture("Contoso-DMV");
    let site = folder.join(".powerpages-site");
    let outcome = ops::pac::import(&core, &request(&folder), &quiet).await.unwrap();
    let c = outcome.summary.counts;
    assert_eq!(outcome.summary.layout, Layout::CodeSite);
    assert_eq!(c.site_settings, files_in(&site.join("site-settings")));
    assert_eq!(c.site_settings, 51);
    assert_eq!(c.web_roles, files_in(&site.join("web-roles")));
    assert_eq!(c.website_access, files_in(&site.join("website-accesss")));
    assert_eq!(c.page_rules, files_in(&site.join("webpage-rules")));
    assert_eq!(c.table_permissions, 0);
    assert_eq!(outcome.portal.name, "Contoso DMV");
    let model = core.store().access_model(outcome.portal.id).await.unwrap();
    let admin =
        model.website_access.iter().find(|a| a.name == "Administrative permissions for Blank Template").unwrap();
    assert_eq!(
        admin.role_ids.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        ["159b68b3-8b90-4a53-80a6-60b2f91dba17"]
    );
}

/// Import, export to `layout`, import the export into a fresh workspace: the same records, the
/// same kept files.
async fn round_trip(name: &str, layout: Layout) {
    let (_a, core, _) = empty_workspace().await;
    let first = ops::pac::import(&core, &request(&fixture(name)), &quiet).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let exported = ops::pac::export(&core, &first.portal, out.path(), Some(layout), false, &quiet).await.unwrap();
    assert_eq!(exported.layout, layout);
    assert_eq!(exported.removed, 0);

    let (_b, again_core, _) = empty_workspace().await;
    let again = ops::pac::import(&again_core, &request(out.path()), &quiet).await.unwrap();
    assert_eq!(again.summary.counts, first.summary.counts, "{name} → {layout:?}");
    assert_eq!(again.summary.layout, layout);
    // The second workspace, diffed against the first one's export, sees no change.
    let (_, d) = ops::pac::diff(&again_core, &again.portal, out.path()).await.unwrap();
    assert!(d.is_empty(), "{d:?}");
    // And the first portal against the second export: nothing either.
    let out2 = tempfile::tempdir().unwrap();
    ops::pac::export(&again_core, &again.portal, out2.path(), None, false, &quiet).await.unwrap();
    let (_, d) = ops::pac::diff(&core, &first.portal, out2.path()).await.unwrap();
    assert!(d.records.is_empty(), "{name} → {layout:?}: {d:?}");
}

#[tokio::test]
async fn the_aggregate_download_round_trips_in_its_own_layout_and_as_a_code_site() {
    round_trip("contosoMedicalTrust", Layout::Aggregate).await;
    round_trip("contosoMedicalTrust", Layout::CodeSite).await;
}

#[tokio::test]
async fn the_code_site_download_round_trips_in_its_own_layout_and_as_an_aggregate_folder() {
    round_trip("Contoso-DMV", Layout::CodeSite).await;
    round_trip("Contoso-DMV", Layout::Aggregate).await;
}

#[tokio::test]
async fn exporting_back_to_the_imported_folder_leaves_every_file_as_it_was() {
    let (_dir, core, _) = empty_workspace().await;
    for name in ["contosoMedicalTrust", "Contoso-DMV"] {
        let work = tempfile::tempdir().unwrap();
        copy_tree(&fixture(name), work.path());
        let before = all_files(work.path());
        let imported = ops::pac::import(&core, &request(work.path()), &quiet).await.unwrap();
        let preview = ops::pac::preview_export(&core, &imported.portal, work.path(), None).await.unwrap();
        assert!(!preview.needs_confirmation, "{name}: {:?}", preview.reason);
        assert!(preview.diff.records.is_empty(), "{name}: {:?}", preview.diff);
        let out = ops::pac::export(&core, &imported.portal, work.path(), None, false, &quiet).await.unwrap();
        assert_eq!(out.written, 0, "{name}");
        assert_eq!(all_files(work.path()), before, "{name}: byte for byte");
    }
}

#[tokio::test]
async fn a_record_edited_in_the_app_is_the_only_file_an_export_rewrites() {
    let (_dir, core, _) = empty_workspace().await;
    let work = tempfile::tempdir().unwrap();
    copy_tree(&fixture("Contoso-DMV"), work.path());
    let before = all_files(work.path());
    let imported = ops::pac::import(&core, &request(work.path()), &quiet).await.unwrap();
    ops::settings::set(&core, &imported.portal, "Authentication/Registration/Enabled", "false").await.unwrap();

    let out = ops::pac::export(&core, &imported.portal, work.path(), None, false, &quiet).await.unwrap();
    assert_eq!(out.written, 1);
    let after = all_files(work.path());
    let changed: Vec<&str> = after.iter().zip(&before).filter(|(a, b)| a != b).map(|(a, _)| a.0.as_str()).collect();
    assert_eq!(changed, [".powerpages-site/site-settings/Authentication-Registration-Enabled.sitesetting.yml"]);
    let text = std::fs::read_to_string(work.path().join(changed[0])).unwrap();
    assert!(text.contains("value: false"), "{text}");
    assert!(text.contains("id: "), "keys stay in the code-site style: {text}");
}

#[tokio::test]
async fn a_reimport_over_a_changed_folder_shows_the_diff_and_writes_only_when_confirmed() {
    let (_dir, core, _) = empty_workspace().await;
    let work = tempfile::tempdir().unwrap();
    copy_tree(&fixture("contosoMedicalTrust"), work.path());
    let imported = ops::pac::import(&core, &request(work.path()), &quiet).await.unwrap();

    // Someone edits the folder: a setting's value, a role's flag, a removed permission.
    let settings = work.path().join("sitesetting.yml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        text.replacen(
            "adx_name: Search/Enabled\n  adx_sitesettingid: 48f35c54-f355-ed11-9562-6045bd0ea8e5\n  adx_value: False",
            "adx_name: Search/Enabled\n  adx_sitesettingid: 48f35c54-f355-ed11-9562-6045bd0ea8e5\n  adx_value: True",
            1,
        ),
    )
    .unwrap();
    std::fs::remove_file(work.path().join("table-permissions/Balfour-Auth-Users.tablepermission.yml")).unwrap();
    let roles = work.path().join("webrole.yml");
    let text = std::fs::read_to_string(&roles).unwrap();
    std::fs::write(
        &roles,
        text.replacen(
            "adx_authenticatedusersrole: true\n  adx_name: Balfour Team",
            "adx_authenticatedusersrole: false\n  adx_name: Balfour Team",
            1,
        ),
    )
    .unwrap();

    let preview = ops::pac::preview_import(&core, work.path(), None, &quiet).await.unwrap();
    assert_eq!(preview.portal.as_ref().map(|p| p.id), Some(imported.portal.id));
    assert!(preview.needs_confirmation);
    let d = &preview.diff;
    assert_eq!((d.added, d.removed, d.changed), (0, 1, 2), "{d:?}");
    let setting = d.records.iter().find(|r| r.name == "Search/Enabled").unwrap();
    assert_eq!(setting.change, DiffChange::Changed);
    assert_eq!(setting.fields[0].field, "value");
    assert_eq!(
        (setting.fields[0].before.as_deref(), setting.fields[0].after.as_deref()),
        (Some("False"), Some("True"))
    );
    let removed = d.records.iter().find(|r| r.change == DiffChange::Removed).unwrap();
    assert_eq!((removed.kind, removed.name.as_str()), (RecordKind::TablePermission, "Balfour Auth Users"));

    let high_water = core.store().audit_high_water().await.unwrap();
    let err = ops::pac::import(&core, &request(work.path()), &quiet).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ConfirmationRequired);
    assert_eq!(core.store().audit_high_water().await.unwrap(), high_water, "nothing written");
    assert_eq!(core.store().access_model(imported.portal.id).await.unwrap().table_permissions.len(), 1);

    let confirmed = ImportRequest { confirm: true, ..request(work.path()) };
    ops::pac::import(&core, &confirmed, &quiet).await.unwrap();
    let model = core.store().access_model(imported.portal.id).await.unwrap();
    assert!(model.table_permissions.is_empty());
    assert!(!model.roles.iter().find(|r| r.name == "Balfour Team").unwrap().authenticated_users_role);
    let settings = core.store().site_settings(imported.portal.id).await.unwrap();
    assert_eq!(settings.iter().find(|s| s.name == "Search/Enabled").unwrap().value.as_deref(), Some("True"));
    assert_eq!(core.store().audit_high_water().await.unwrap(), high_water + 3, "one audit entry per changed record");
    let (_, again) = ops::pac::diff(&core, &imported.portal, work.path()).await.unwrap();
    assert!(again.is_empty());
}

#[tokio::test]
async fn an_export_over_a_folder_changed_since_the_import_needs_confirmation() {
    let (_dir, core, _) = empty_workspace().await;
    let work = tempfile::tempdir().unwrap();
    copy_tree(&fixture("Contoso-DMV"), work.path());
    let imported = ops::pac::import(&core, &request(work.path()), &quiet).await.unwrap();
    let role = work.path().join(".powerpages-site/web-roles/Administrators.webrole.yml");
    let edited = std::fs::read_to_string(&role).unwrap().replace("name: Administrators", "name: Site Administrators");
    std::fs::write(&role, &edited).unwrap();

    let preview = ops::pac::preview_export(&core, &imported.portal, work.path(), None).await.unwrap();
    assert!(preview.needs_confirmation);
    assert!(preview.reason.as_deref().unwrap_or_default().contains("changed since"));
    let change = preview.diff.records.iter().find(|r| r.kind == RecordKind::WebRole).unwrap();
    assert_eq!(change.fields[0].before.as_deref(), Some("Site Administrators"));
    assert_eq!(change.fields[0].after.as_deref(), Some("Administrators"));

    let err = ops::pac::export(&core, &imported.portal, work.path(), None, false, &quiet).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ConfirmationRequired);
    assert_eq!(std::fs::read_to_string(&role).unwrap(), edited, "never overwritten silently");

    ops::pac::export(&core, &imported.portal, work.path(), None, true, &quiet).await.unwrap();
    assert!(std::fs::read_to_string(&role).unwrap().contains("name: Administrators\n"));
    // Written by the app: the next export needs no confirmation.
    assert!(!ops::pac::preview_export(&core, &imported.portal, work.path(), None).await.unwrap().needs_confirmation);
}

async fn refused(files: &[(&str, &str)], expect_file: &str, expect: &str) {
    let (_dir, core, _) = empty_workspace().await;
    let work = tempfile::tempdir().unwrap();
    copy_tree(&fixture("contosoMedicalTrust"), work.path());
    for (path, text) in files {
        let full = work.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    let err = ops::pac::import(&core, &request(work.path()), &quiet).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidPortalFolder, "{err}");
    let message = err.to_string();
    assert!(message.contains(expect_file), "{message}");
    assert!(message.contains(expect), "{message}");
    assert!(ops::portal::list(&core).await.unwrap().is_empty(), "nothing imported");
    assert_eq!(core.store().audit_high_water().await.unwrap(), 0);
}

#[tokio::test]
async fn malformed_yaml_is_refused_naming_the_file_and_line() {
    refused(&[("webrole.yml", "- adx_name: A\n  adx_webroleid: [oops\n")], "webrole.yml:", "malformed YAML").await;
}

#[tokio::test]
async fn a_wrong_type_is_refused_naming_the_field() {
    refused(
        &[("websiteaccess.yml", "- adx_managecontentsnippets: sometimes\n  adx_name: W\n  adx_websiteaccessid: 90f35c54-f355-ed11-9562-6045bd0ea8e5\n")],
        "websiteaccess.yml:1:",
        "adx_managecontentsnippets must be true or false, found \"sometimes\"",
    )
    .await;
}

#[tokio::test]
async fn a_dangling_role_id_is_refused() {
    refused(
        &[("webpagerule.yml", "- adx_name: R\n  adx_right: 2\n  adx_webpageaccesscontrolrule_webrole:\n  - 00000000-0000-4000-8000-00000000dead\n  adx_webpageaccesscontrolruleid: 89f35c54-f355-ed11-9562-6045bd0ea8e5\n")],
        "webpagerule.yml",
        "links the web role 00000000-0000-4000-8000-00000000dead, which the folder does not hold",
    )
    .await;
}

#[tokio::test]
async fn a_duplicate_record_id_is_refused() {
    refused(
        &[(
            "table-permissions/Copy.tablepermission.yml",
            "adx_entitylogicalname: contact\nadx_entityname: Copy\nadx_entitypermissionid: 73e4528c-c165-ed11-9561-6045bd0ea8e5\nadx_scope: 756150000\n",
        )],
        "table-permissions/",
        "appears twice",
    )
    .await;
}

#[tokio::test]
async fn a_folder_that_is_neither_layout_is_refused() {
    let (_dir, core, _) = empty_workspace().await;
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("notes.yml"), "a: 1\n").unwrap();
    let err = ops::pac::import(&core, &request(work.path()), &quiet).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidPortalFolder);
    assert!(err.to_string().contains("not a portal folder"), "{err}");
    let err = ops::pac::import(&core, &request(&work.path().join("missing")), &quiet).await.unwrap_err();
    assert!(err.to_string().contains("no such folder"), "{err}");
}

#[tokio::test]
async fn a_new_portal_needs_the_address_and_application_the_folder_does_not_hold() {
    let (_dir, core, _) = empty_workspace().await;
    let bare = ImportRequest { folder: fixture("Contoso-DMV").display().to_string(), ..ImportRequest::default() };
    let err = ops::pac::import(&core, &bare, &quiet).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    let fields: Vec<String> = match &err {
        portal_admin::Error::Validation(v) => v.fields.iter().map(|f| f.field.clone()).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(fields, ["url", "environment_url", "app_id"]);
    assert!(ops::portal::list(&core).await.unwrap().is_empty());
    // The aggregate download names its environment in its manifest.
    let aggregate = ImportRequest { environment_url: None, ..request(&fixture("contosoMedicalTrust")) };
    let p = ops::pac::import(&core, &aggregate, &quiet).await.unwrap().portal;
    assert_eq!(p.environment_url, "https://org0aaf89be.crm4.dynamics.com/");
}

#[tokio::test]
async fn secret_values_in_a_folder_go_to_the_keyring_and_never_into_an_export() {
    let (dir, core, secrets) = empty_workspace().await;
    let work = tempfile::tempdir().unwrap();
    copy_tree(&fixture("Contoso-DMV"), work.path());
    let secret_file =
        work.path().join(".powerpages-site/site-settings/Authentication-OpenAuth-Facebook-AppSecret.sitesetting.yml");
    let text = std::fs::read_to_string(&secret_file).unwrap();
    std::fs::write(&secret_file, format!("{text}value: fb-app-secret-4711\n")).unwrap();

    let imported = ops::pac::import(&core, &request(work.path()), &quiet).await.unwrap();
    let setting = core
        .store()
        .site_settings(imported.portal.id)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.name == "Authentication/OpenAuth/Facebook/AppSecret")
        .unwrap();
    assert!(setting.secret_in_keyring);
    assert_eq!(setting.value, None);
    let entry = ops::settings::secret_entry(&imported.portal, &setting);
    assert_eq!(secrets.get(&entry).unwrap().as_deref(), Some("fb-app-secret-4711"));
    core.close().await;
    let db = std::fs::read(dir.path().join("workspace.db")).unwrap_or_default();
    assert!(!String::from_utf8_lossy(&db).contains("fb-app-secret-4711"), "not in SQLite");

    let core = Core::open(CoreOptions {
        data_dir: Some(dir.path().to_path_buf()),
        actor: Some("alice".into()),
        clock: Some(Arc::new(FixedClock::new(common::t("2026-11-22T09:00:00Z")))),
        secrets: Some(secrets.clone()),
        http: None,
    })
    .await
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let exported = ops::pac::export(&core, &imported.portal, out.path(), None, false, &quiet).await.unwrap();
    assert!(exported.warnings.iter().any(|w| w.contains("Authentication/OpenAuth/Facebook/AppSecret")));
    for (path, bytes) in all_files(out.path()) {
        assert!(!String::from_utf8_lossy(&bytes).contains("fb-app-secret-4711"), "{path}");
    }
    // Importing that export keeps the keyring's secret.
    let (_, d) = ops::pac::diff(&core, &imported.portal, out.path()).await.unwrap();
    assert!(d.records.is_empty(), "{d:?}");
}

#[tokio::test]
async fn a_large_generated_folder_imports_in_one_go() {
    let (_dir, core, _) = empty_workspace().await;
    let work = tempfile::tempdir().unwrap();
    let (files, written) = pac::synthetic::code_site(2_000);
    for (path, bytes) in &files {
        let full = work.path().join(".powerpages-site").join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
    let outcome = ops::pac::import(&core, &request(work.path()), &quiet).await.unwrap();
    assert_eq!(outcome.summary.counts.total(), written);
    let (_, d) = ops::pac::diff(&core, &outcome.portal, work.path()).await.unwrap();
    assert!(d.is_empty());
}

#[tokio::test]
async fn a_folder_whose_website_is_a_portal_cannot_go_into_another_portal() {
    let (_dir, core, _) = empty_workspace().await;
    ops::pac::import(&core, &request(&fixture("Contoso-DMV")), &quiet).await.unwrap();
    let other = ImportRequest { portal: Some("Somewhere else".into()), ..request(&fixture("Contoso-DMV")) };
    let err = ops::pac::import(&core, &other, &quiet).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("already the portal \"Contoso DMV\""), "{err}");
    assert_eq!(ops::portal::list(&core).await.unwrap().len(), 1);
}

#[tokio::test]
async fn removing_a_role_that_contacts_hold_is_called_out_before_the_import() {
    let (_dir, core, portal) = common::demo_workspace().await;
    let out = tempfile::tempdir().unwrap();
    ops::pac::export(&core, &portal, out.path(), None, false, &quiet).await.unwrap();
    let roles = out.path().join("webrole.yml");
    let text = std::fs::read_to_string(&roles).unwrap();
    let kept: Vec<&str> = text.split("\n- ").filter(|item| !item.contains("adx_name: Case Managers")).collect();
    std::fs::write(&roles, kept.join("\n- ")).unwrap();
    // Links to the removed role elsewhere in the folder would dangle: drop them too.
    let model = core.store().access_model(portal.id).await.unwrap();
    let case_managers = model.roles.iter().find(|r| r.name == "Case Managers").unwrap().id.to_string();
    for (path, _) in all_files(out.path()) {
        let full = out.path().join(&path);
        let text = std::fs::read_to_string(&full).unwrap();
        if text.contains(&case_managers) {
            std::fs::write(&full, text.replace(&format!("- {case_managers}\n"), "")).unwrap();
        }
    }
    let members = core.store().role_members(case_managers.parse().unwrap()).await.unwrap().len();
    assert!(members > 0, "the demo's case managers have members");
    let preview = ops::pac::preview_import(&core, out.path(), Some(&portal.name), &quiet).await.unwrap();
    let expected = format!("removing the web role \"Case Managers\" takes it from {members} contact(s)");
    assert!(preview.summary.warnings.contains(&expected), "{:?}", preview.summary.warnings);
}

#[tokio::test]
async fn a_portal_made_in_the_app_exports_to_a_folder_that_imports_back_unchanged() {
    let (_dir, core, portal) = common::demo_workspace().await;
    for layout in [Layout::Aggregate, Layout::CodeSite] {
        let out = tempfile::tempdir().unwrap();
        ops::pac::export(&core, &portal, out.path(), Some(layout), false, &quiet).await.unwrap();
        let (_other, fresh, _) = empty_workspace().await;
        let imported = ops::pac::import(&fresh, &request(out.path()), &quiet).await.unwrap();
        assert_eq!(imported.portal.id, portal.id, "the website id is the portal's");
        assert_eq!(imported.portal.name, portal.name);
        let (_, d) = ops::pac::diff(&core, &portal, out.path()).await.unwrap();
        assert!(d.is_empty(), "{layout:?}: {d:?}");
        let pairs = |settings: Vec<portal_admin::domain::settings::SiteSetting>| {
            settings.into_iter().map(|s| (s.name, s.value)).collect::<Vec<_>>()
        };
        let (mut before, mut after) = (
            pairs(core.store().site_settings(portal.id).await.unwrap()),
            pairs(fresh.store().site_settings(portal.id).await.unwrap()),
        );
        if layout == Layout::CodeSite {
            // One file per record: a code site carries no lookup order.
            before.sort();
            after.sort();
        }
        assert_eq!(after, before, "{layout:?}: the same settings (in the same lookup order in one aggregate file)");
    }
}

#[tokio::test]
async fn removing_a_parent_permission_and_its_child_deletes_both_with_their_audit_entries() {
    let (_dir, core, _) = empty_workspace().await;
    let work = tempfile::tempdir().unwrap();
    let (files, _) = pac::synthetic::code_site(300);
    for (path, bytes) in &files {
        let full = work.path().join(".powerpages-site").join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
    let imported = ops::pac::import(&core, &request(work.path()), &quiet).await.unwrap();
    // Permission 0 is the parent of 1, which is the parent of 2 (every fifth starts a chain).
    let dir = work.path().join(".powerpages-site/table-permissions");
    for n in 0..3 {
        std::fs::remove_file(dir.join(format!("Permission-{n}.tablepermission.yml"))).unwrap();
    }
    // Permission 3's parent (2) is gone too: drop it from the chain.
    let third = dir.join("Permission-3.tablepermission.yml");
    let text = std::fs::read_to_string(&third).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("parent")).collect();
    std::fs::write(&third, kept.join("\n") + "\n").unwrap();

    let before = core.store().audit_high_water().await.unwrap();
    let confirmed = ImportRequest { confirm: true, ..request(work.path()) };
    let outcome = ops::pac::import(&core, &confirmed, &quiet).await.unwrap();
    assert_eq!((outcome.diff.removed, outcome.diff.changed), (3, 1));
    let trail = ops::portal::history(&core, imported.portal.id, 10).await.unwrap();
    let deleted =
        trail.iter().filter(|e| e.id > before && e.action == portal_admin::domain::AuditAction::Deleted).count();
    assert_eq!(deleted, 3, "each removed permission is audited");
}
