//! Reading, writing and diffing folders held in memory.

use super::record::canonical_key;
use super::*;

fn files(list: &[(&str, &str)]) -> FolderFiles {
    list.iter().map(|(p, c)| (p.to_string(), c.as_bytes().to_vec())).collect()
}

const WEBSITE: &str = "adx_name: Contoso\nadx_websiteid: 8ef35c54-f355-ed11-9562-6045bd0ea8e5\n";
const ROLES: &str = "- adx_anonymoususersrole: false\n  adx_authenticatedusersrole: true\n  adx_name: Authenticated Users\n  adx_webroleid: 8cf35c54-f355-ed11-9562-6045bd0ea8e5\n";

fn aggregate(extra: &[(&str, &str)]) -> FolderFiles {
    let mut f = files(&[("website.yml", WEBSITE), ("webrole.yml", ROLES)]);
    f.extend(files(extra));
    f
}

fn no_secrets(_: &str) -> bool {
    false
}

#[test]
fn keys_of_both_styles_map_to_one_canonical_name() {
    assert_eq!(canonical_key("adx_sitesettingid", RecordKind::SiteSetting), "id");
    assert_eq!(canonical_key("mspp_name", RecordKind::SiteSetting), "name");
    assert_eq!(
        canonical_key("adx_entitypermission_webrole", RecordKind::TablePermission),
        "adx_entitypermission_webrole"
    );
    assert_eq!(
        canonical_key("mspp_entitypermission_webrole", RecordKind::TablePermission),
        "adx_entitypermission_webrole"
    );
    assert_eq!(canonical_key("importsequencenumber", RecordKind::SiteSetting), "importsequencenumber");
}

#[test]
fn a_folder_with_website_and_aggregate_files_is_the_aggregate_layout() {
    let paths: Vec<String> = ["website.yml", "sitesetting.yml"].map(String::from).to_vec();
    assert_eq!(detect_layout(&paths), Some(Layout::Aggregate));
    let paths: Vec<String> = ["website.yml", "web-roles/A.webrole.yml"].map(String::from).to_vec();
    assert_eq!(detect_layout(&paths), Some(Layout::CodeSite));
    let paths: Vec<String> = ["readme.md", "web-roles/A.webrole.yml"].map(String::from).to_vec();
    assert_eq!(detect_layout(&paths), None);
}

#[test]
fn setting_values_keep_the_text_as_written() {
    let folder = read_folder(
        Layout::Aggregate,
        aggregate(&[(
            "sitesetting.yml",
            "- adx_name: Search/Enabled\n  adx_sitesettingid: 48f35c54-f355-ed11-9562-6045bd0ea8e5\n  adx_value: False\n  importsequencenumber: 3\n",
        )]),
    )
    .unwrap();
    let setting = folder.records.iter().find(|r| r.kind() == RecordKind::SiteSetting).unwrap();
    match &setting.body {
        RecordBody::Setting(s) => assert_eq!(s.value.as_deref(), Some("False")),
        other => panic!("{other:?}"),
    }
    assert_eq!(setting.extra.get("importsequencenumber"), Some(&serde_json::json!(3)));
}

#[test]
fn a_wrong_type_names_the_file_line_and_field() {
    let err = read_folder(
        Layout::Aggregate,
        aggregate(&[(
            "table-permissions/A.tablepermission.yml",
            "adx_entitylogicalname: contact\nadx_entityname: A\nadx_entitypermissionid: 73e4528c-c165-ed11-9561-6045bd0ea8e5\nadx_read: maybe\nadx_scope: 756150001\n",
        )]),
    )
    .unwrap_err();
    assert_eq!(err.file, "table-permissions/A.tablepermission.yml");
    assert_eq!(err.line, Some(4));
    assert!(err.message.contains("adx_read must be true or false, found \"maybe\""), "{}", err.message);
}

#[test]
fn a_role_link_to_a_role_the_folder_lacks_is_refused() {
    let err = read_folder(
        Layout::Aggregate,
        aggregate(&[(
            "webpagerule.yml",
            "- adx_name: R\n  adx_right: 1\n  adx_webpageaccesscontrolrule_webrole:\n  - 11111111-2222-3333-4444-555555555555\n  adx_webpageaccesscontrolruleid: 89f35c54-f355-ed11-9562-6045bd0ea8e5\n",
        )]),
    )
    .unwrap_err();
    assert_eq!(err.file, "webpagerule.yml");
    assert!(err.message.contains("links the web role 11111111-2222-3333-4444-555555555555"), "{}", err.message);
}

#[test]
fn a_duplicate_record_id_names_both_records() {
    let err = read_folder(
        Layout::CodeSite,
        files(&[
            ("website.yml", "id: 461a50ae-9496-419e-a58b-14d56165b009\nname: DMV\n"),
            ("web-roles/A.webrole.yml", "id: 159b68b3-8b90-4a53-80a6-60b2f91dba17\nname: A\n"),
            ("web-roles/B.webrole.yml", "id: 159b68b3-8b90-4a53-80a6-60b2f91dba17\nname: B\n"),
        ]),
    )
    .unwrap_err();
    assert_eq!(err.file, "web-roles/B.webrole.yml");
    assert!(
        err.message.contains("appears twice") && err.message.contains("web-roles/A.webrole.yml"),
        "{}",
        err.message
    );
}

#[test]
fn a_permission_cycle_is_refused() {
    let p = |id: &str, parent: &str| {
        format!("entitylogicalname: contact\nentityname: P{id}\nid: {id}\nparententitypermission: {parent}\nscope: 756150003\n")
    };
    let a = "22222222-3333-4444-5555-666666666661";
    let b = "22222222-3333-4444-5555-666666666662";
    let err = read_folder(
        Layout::CodeSite,
        vec![
            ("website.yml".into(), b"id: 461a50ae-9496-419e-a58b-14d56165b009\nname: DMV\n".to_vec()),
            ("web-roles/A.webrole.yml".into(), b"id: 159b68b3-8b90-4a53-80a6-60b2f91dba17\nname: A\n".to_vec()),
            ("table-permissions/A.tablepermission.yml".into(), p(a, b).into_bytes()),
            ("table-permissions/B.tablepermission.yml".into(), p(b, a).into_bytes()),
        ],
    )
    .unwrap_err();
    assert!(err.message.contains("cycle"), "{}", err.message);
}

#[test]
fn rendering_and_reading_back_gives_the_same_records_in_either_layout() {
    let source = aggregate(&[
        (
            "sitesetting.yml",
            "- adx_description: 'Default: 00:10:00'\n  adx_name: A/B\n  adx_sitesettingid: 48f35c54-f355-ed11-9562-6045bd0ea8e5\n  adx_value: 3\n  importsequencenumber: 3\n  statecode: 1\n",
        ),
        (
            "websiteaccess.yml",
            "- adx_managecontentsnippets: true\n  adx_managesitemarkers: false\n  adx_manageweblinksets: false\n  adx_name: W\n  adx_previewunpublishedentities: true\n  adx_websiteaccess_webrole:\n  - 8cf35c54-f355-ed11-9562-6045bd0ea8e5\n  adx_websiteaccessid: 90f35c54-f355-ed11-9562-6045bd0ea8e5\n",
        ),
        ("publishingstate.yml", "- adx_name: Published\n"),
    ]);
    let first = read_folder(Layout::Aggregate, source.clone()).unwrap();
    for layout in [Layout::Aggregate, Layout::CodeSite] {
        let written =
            render_folder(layout, Layout::Aggregate, &first.website, &first.records, &first.kept, &no_secrets);
        let again = read_folder(layout, written).unwrap();
        let d = diff(&first.records, &again.records, &first.kept, &again.kept, &no_secrets);
        assert!(d.records.is_empty(), "{layout:?}: {d:?}");
        assert!(d.files.is_empty(), "{layout:?}: {d:?}");
        assert_eq!(again.records.len(), first.records.len());
    }
}

#[test]
fn the_diff_lists_added_removed_and_changed_fields() {
    let before = read_folder(Layout::Aggregate, aggregate(&[])).unwrap();
    let changed_roles = "- adx_anonymoususersrole: false\n  adx_authenticatedusersrole: false\n  adx_name: Authenticated Users\n  adx_webroleid: 8cf35c54-f355-ed11-9562-6045bd0ea8e5\n- adx_name: New\n  adx_webroleid: 9cf35c54-f355-ed11-9562-6045bd0ea8e5\n";
    let after =
        read_folder(Layout::Aggregate, files(&[("website.yml", WEBSITE), ("webrole.yml", changed_roles)])).unwrap();
    let d = diff(&before.records, &after.records, &before.kept, &after.kept, &no_secrets);
    assert_eq!((d.added, d.removed, d.changed), (1, 0, 1));
    let changed = d.records.iter().find(|r| r.change == DiffChange::Changed).unwrap();
    assert_eq!(
        changed.fields,
        vec![FieldChange {
            field: "authenticatedusersrole".into(),
            before: Some("true".into()),
            after: Some("false".into())
        }]
    );
}

#[test]
fn secret_values_are_neither_written_nor_shown() {
    let folder = read_folder(
        Layout::Aggregate,
        aggregate(&[(
            "sitesetting.yml",
            "- adx_name: Authentication/OpenAuth/Facebook/AppSecret\n  adx_sitesettingid: 5df35c54-f355-ed11-9562-6045bd0ea8e5\n  adx_value: s3cr3t-value\n",
        )]),
    )
    .unwrap();
    let secret = |n: &str| n.ends_with("AppSecret");
    let written =
        render_folder(Layout::Aggregate, Layout::Aggregate, &folder.website, &folder.records, &folder.kept, &secret);
    let all: String = written.iter().map(|(_, b)| String::from_utf8_lossy(b).into_owned()).collect();
    assert!(!all.contains("s3cr3t-value"));
    let shown = folder.records.iter().find(|r| r.kind() == RecordKind::SiteSetting).unwrap().display_fields(secret);
    assert_eq!(shown.get("value").map(String::as_str), Some("(secret)"));
}

#[test]
fn file_names_follow_the_cli() {
    assert_eq!(folder::file_stem("Authentication/Registration/Enabled"), "Authentication-Registration-Enabled");
    assert_eq!(
        folder::file_stem("Administrative permissions for Blank Template"),
        "Administrative-permissions-for-Blank-Template"
    );
    assert_eq!(folder::file_stem("HTTP/X-Frame-Options"), "HTTP-X-Frame-Options");
}

#[test]
fn either_key_style_is_read_in_either_layout() {
    // An aggregate file written with stripped (code-site) and mspp_ keys.
    let aggregate = read_folder(
        Layout::Aggregate,
        files(&[
            ("website.yml", "id: 8ef35c54-f355-ed11-9562-6045bd0ea8e5\nname: Contoso\n"),
            (
                "webrole.yml",
                "- id: 8cf35c54-f355-ed11-9562-6045bd0ea8e5\n  name: Members\n  mspp_authenticatedusersrole: true\n",
            ),
        ]),
    )
    .unwrap();
    // A code-site file written with adx_ keys.
    let code_site = read_folder(
        Layout::CodeSite,
        files(&[
            ("website.yml", "adx_websiteid: 8ef35c54-f355-ed11-9562-6045bd0ea8e5\nadx_name: Contoso\n"),
            (
                "web-roles/Members.webrole.yml",
                "adx_authenticatedusersrole: true\nadx_name: Members\nadx_webroleid: 8cf35c54-f355-ed11-9562-6045bd0ea8e5\n",
            ),
        ]),
    )
    .unwrap();
    assert_eq!(aggregate.website, code_site.website);
    let d = diff(&aggregate.records, &code_site.records, &Vec::new(), &Vec::new(), &no_secrets);
    assert!(d.records.is_empty(), "{d:?}");
    match &code_site.records[0].body {
        RecordBody::Role(r) => assert!(r.authenticated_users_role && r.name == "Members"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn one_field_in_two_key_styles_is_refused() {
    let err = read_folder(
        Layout::CodeSite,
        files(&[
            ("website.yml", "id: 461a50ae-9496-419e-a58b-14d56165b009\nname: DMV\n"),
            ("web-roles/A.webrole.yml", "id: 159b68b3-8b90-4a53-80a6-60b2f91dba17\nname: A\nadx_name: B\n"),
        ]),
    )
    .unwrap_err();
    assert!(err.message.contains("the same field in two key styles"), "{}", err.message);
}
