//! Web roles and permissions through `ops` on a real workspace file: saving with validation,
//! removal with confirmation, cascading parents, effective access and the audit trail.

mod common;

use common::demo_workspace;
use portal_admin::domain::access::*;
use portal_admin::domain::{demo, Entity};
use portal_admin::ops;
use portal_admin::ErrorCode;
use uuid::Uuid;

fn new_role(name: &str) -> WebRole {
    WebRole {
        id: Uuid::nil(),
        name: name.into(),
        description: None,
        anonymous_users_role: false,
        authenticated_users_role: false,
        active: true,
    }
}

#[tokio::test]
async fn the_demo_access_model_survives_the_store_exactly() {
    let (_dir, core, portal) = demo_workspace().await;
    let mut stored = ops::access::model(&core, &portal).await.unwrap();
    let mut expected = demo::demo_access();
    for m in [&mut stored, &mut expected] {
        m.roles.sort_by_key(|r| r.id);
        m.pages.sort_by_key(|r| r.id);
        m.page_rules.sort_by_key(|r| r.id);
        m.table_permissions.sort_by_key(|r| r.id);
        for p in &mut m.table_permissions {
            p.role_ids.sort();
        }
        for p in &mut m.page_rules {
            p.role_ids.sort();
        }
    }
    assert_eq!(stored, expected);
}

#[tokio::test]
async fn a_second_anonymous_role_is_refused_and_nothing_is_written() {
    let (_dir, core, portal) = demo_workspace().await;
    let before = ops::portal::history(&core, portal.id, 1000).await.unwrap().len();
    let err = ops::access::save_role(&core, &portal, WebRole { anonymous_users_role: true, ..new_role("Guests") })
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(err.field_errors()[0].field, "anonymous_users_role");
    assert_eq!(ops::portal::history(&core, portal.id, 1000).await.unwrap().len(), before);
}

#[tokio::test]
async fn removing_a_used_role_needs_confirmation_and_reports_what_it_unlinks() {
    let (_dir, core, portal) = demo_workspace().await;
    let err = ops::access::remove_role(&core, &portal, "Case Managers", false).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ConfirmationRequired);
    assert!(err.to_string().contains("2 table permission(s)"), "{err}");
    assert!(
        ops::access::find_role(&ops::access::model(&core, &portal).await.unwrap(), "Case Managers").is_ok(),
        "nothing removed"
    );

    let removal = ops::access::remove_role(&core, &portal, "case managers", true).await.unwrap();
    assert!(removal.removed);
    assert_eq!(removal.table_permissions, vec!["Case managers: company cases", "Case notes"]);
    let model = ops::access::model(&core, &portal).await.unwrap();
    let notes = ops::access::find_permission(&model, "Case notes").unwrap();
    assert_eq!(notes.role_ids.len(), 1, "only the authenticated users role is left on it");
    let history = ops::portal::history(&core, portal.id, 3).await.unwrap();
    assert_eq!(history[0].entity, Entity::WebRole);
    assert_eq!(history[1].entity, Entity::TablePermission, "the unlinked permissions are audited too");

    ops::access::save_role(&core, &portal, new_role("Idle")).await.unwrap();
    let idle = ops::access::remove_role(&core, &portal, "Idle", false).await.unwrap();
    assert!(idle.removed, "a role nothing uses goes without confirmation");
    let members = ops::access::remove_role(&core, &portal, "Beta Testers", false).await.unwrap_err();
    assert!(members.to_string().contains("3 contact(s)"), "members count too: {members}");
}

#[tokio::test]
async fn a_parent_scope_permission_is_checked_and_removing_a_parent_removes_its_children() {
    let (_dir, core, portal) = demo_workspace().await;
    let model = ops::access::model(&core, &portal).await.unwrap();
    let cases = ops::access::find_permission(&model, "Customers: own cases").unwrap().clone();
    let files = ops::access::find_permission(&model, "Note attachments").unwrap().clone();
    // Making the root a child of its own grandchild is a cycle.
    let looped = TablePermission {
        scope: Scope::Parent,
        parent_id: Some(files.id),
        parent_relationship: Some("x".into()),
        ..cases.clone()
    };
    let err = ops::access::save_permission(&core, &portal, looped).await.unwrap_err();
    assert!(
        err.to_string().contains("cycle: Customers: own cases → Note attachments → Case notes → Customers: own cases"),
        "{err}"
    );

    let removed = ops::access::remove_permission(&core, &portal, "Customers: own cases").await.unwrap();
    assert_eq!(removed, vec!["Customers: own cases", "Case notes", "Note attachments"]);
    let left: Vec<String> =
        ops::access::model(&core, &portal).await.unwrap().table_permissions.into_iter().map(|p| p.name).collect();
    assert!(!left.iter().any(|n| n == "Case notes" || n == "Note attachments"));
}

#[tokio::test]
async fn unknown_scope_codes_are_kept_as_they_are() {
    let (_dir, core, portal) = demo_workspace().await;
    let custom = TablePermission {
        id: Uuid::nil(),
        name: "Custom filter".into(),
        table: "incident".into(),
        scope: Scope::Unknown(756_150_005),
        privileges: Privileges { read: true, ..Default::default() },
        contact_relationship: None,
        account_relationship: None,
        parent_id: None,
        parent_relationship: None,
        active: true,
        role_ids: vec![],
    };
    let saved = ops::access::save_permission(&core, &portal, custom).await.unwrap();
    let model = ops::access::model(&core, &portal).await.unwrap();
    assert_eq!(ops::access::find_permission(&model, &saved.id.to_string()).unwrap().scope.code(), 756_150_005);
}

#[tokio::test]
async fn effective_access_of_a_contact_adds_the_authenticated_users_role() {
    let (_dir, core, portal) = demo_workspace().await;
    let model = ops::access::model(&core, &portal).await.unwrap();
    let agents = ops::access::find_role(&model, "Case Managers").unwrap().id;
    let e = ops::access::effective_access(
        &core,
        &portal,
        &Principal::Contact { contact: "Megan".into(), role_ids: vec![agents] },
    )
    .await
    .unwrap();
    assert_eq!(e.roles, vec!["Case Managers", "Authenticated Users"]);
    let incident = e.tables.iter().find(|t| t.table == "incident").unwrap();
    let read = &incident.privileges[0];
    let names: Vec<&str> = read
        .granted_by
        .iter()
        .map(|id| incident.grants.iter().find(|g| g.permission_id == *id).unwrap().permission_name.as_str())
        .collect();
    assert_eq!(names, vec!["Case managers: company cases", "Customers: own cases"], "both grant read; by name");
    assert!(!incident.privileges[3].granted, "nobody but administrators deletes cases");
    let support = e.pages.iter().find(|p| p.page_name == "My cases").unwrap();
    assert!(support.read.allowed);
    assert_eq!(support.read.inherited_from.as_deref(), Some("Support"));
    let missing =
        ops::access::effective_access(&core, &portal, &Principal::Role { role_id: Uuid::new_v4() }).await.unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn a_page_rule_needs_a_known_page_unless_it_has_none() {
    let (_dir, core, portal) = demo_workspace().await;
    let rule = PageRule {
        id: Uuid::nil(),
        name: "Restrict".into(),
        description: None,
        right: PageRight::RestrictRead,
        scope: PageRuleScope::AllContent,
        page_id: Some(Uuid::new_v4()),
        active: true,
        role_ids: vec![],
    };
    let err = ops::access::save_page_rule(&core, &portal, rule.clone()).await.unwrap_err();
    assert_eq!(err.field_errors()[0].field, "page_id");
    let saved = ops::access::save_page_rule(&core, &portal, PageRule { page_id: None, ..rule }).await.unwrap();
    assert!(!saved.id.is_nil());
}
