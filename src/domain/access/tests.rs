//! Unit tests of access rules: scope validation, parent chains and cycles, the union rule,
//! page-rule inheritance and posture warnings.

use uuid::Uuid;

use super::effective::*;
use super::model::*;

fn role(name: &str) -> WebRole {
    WebRole {
        id: Uuid::new_v4(),
        name: name.into(),
        description: None,
        anonymous_users_role: false,
        authenticated_users_role: false,
        active: true,
    }
}

fn perm(name: &str, table: &str, scope: Scope, privileges: &[Privilege], roles: &[&WebRole]) -> TablePermission {
    let mut p = Privileges::default();
    for x in privileges {
        p.set(*x, true);
    }
    TablePermission {
        id: Uuid::new_v4(),
        name: name.into(),
        table: table.into(),
        scope,
        privileges: p,
        contact_relationship: (scope == Scope::Contact).then(|| "contact_incidents".into()),
        account_relationship: (scope == Scope::Account).then(|| "account_incidents".into()),
        parent_id: None,
        parent_relationship: None,
        active: true,
        role_ids: roles.iter().map(|r| r.id).collect(),
    }
}

fn fields(e: ValidationErrorsResult) -> Vec<String> {
    e.unwrap_err().fields.into_iter().map(|f| f.field).collect()
}
type ValidationErrorsResult = Result<(), crate::domain::ValidationErrors>;

#[test]
fn scope_codes_round_trip_and_unknown_codes_are_kept() {
    for code in 756_150_000..=756_150_004 {
        assert_eq!(Scope::from_code(code).code(), code);
    }
    assert_eq!(Scope::from_code(756_150_005), Scope::Unknown(756_150_005));
    assert_eq!(Scope::from_code(756_150_005).code(), 756_150_005);
    assert_eq!(Scope::parse("self"), Some(Scope::Self_));
    assert_eq!(Scope::parse("756150003"), Some(Scope::Parent));
}

#[test]
fn each_scope_asks_for_what_it_needs() {
    let model = AccessModel::default();
    let mut contact = perm("Own cases", "incident", Scope::Contact, &[Privilege::Read], &[]);
    contact.contact_relationship = None;
    assert_eq!(fields(contact.validate(&model)), vec!["contact_relationship"]);
    let mut account = perm("Company cases", "incident", Scope::Account, &[Privilege::Read], &[]);
    account.account_relationship = Some("  ".into());
    assert_eq!(fields(account.validate(&model)), vec!["account_relationship"]);
    let parent = perm("Notes", "annotation", Scope::Parent, &[Privilege::Read], &[]);
    assert_eq!(fields(parent.validate(&model)), vec!["parent_id", "parent_relationship"]);
    let own = perm("Own profile", "incident", Scope::Self_, &[Privilege::Read], &[]);
    assert_eq!(fields(own.validate(&model)), vec!["scope"]);
    assert!(perm("Own profile", "contact", Scope::Self_, &[Privilege::Read], &[]).validate(&model).is_ok());
    assert!(perm("All products", "product", Scope::Global, &[Privilege::Read], &[]).validate(&model).is_ok());
    let mut global_with_parent = perm("x", "product", Scope::Global, &[], &[]);
    global_with_parent.parent_id = Some(Uuid::new_v4());
    assert!(fields(global_with_parent.validate(&model)).contains(&"parent_id".to_owned()));
    let bad_table = perm("x", "Incident Table", Scope::Global, &[], &[]);
    assert_eq!(fields(bad_table.validate(&model)), vec!["table"]);
}

#[test]
fn parent_chains_of_any_depth_are_allowed_and_cycles_rejected() {
    let a = perm("Cases", "incident", Scope::Global, &[Privilege::Read], &[]);
    let mut b = perm("Case notes", "annotation", Scope::Parent, &[Privilege::Read], &[]);
    b.parent_id = Some(a.id);
    b.parent_relationship = Some("Incident_Annotation".into());
    let mut c = perm("Note files", "adx_file", Scope::Parent, &[Privilege::Read], &[]);
    c.parent_id = Some(b.id);
    c.parent_relationship = Some("annotation_files".into());
    let model = AccessModel { table_permissions: vec![a.clone(), b.clone(), c.clone()], ..Default::default() };
    assert!(c.validate(&model).is_ok());
    assert_eq!(parent_chain(&model, c.id), vec![b.id, a.id]);
    // Making "Cases" a child of "Note files" would close the loop.
    let mut looped = a.clone();
    looped.scope = Scope::Parent;
    looped.parent_id = Some(c.id);
    looped.parent_relationship = Some("x".into());
    let err = looped.validate(&model).unwrap_err();
    assert_eq!(err.fields[0].field, "parent_id");
    assert_eq!(err.fields[0].message, "That parent would make a cycle: Cases → Note files → Case notes → Cases.");
    let mut own = b.clone();
    own.parent_id = Some(own.id);
    assert!(own.validate(&model).unwrap_err().fields[0].message.contains("its own parent"));
}

#[test]
fn at_most_one_anonymous_and_one_authenticated_role() {
    let mut anon = role("Anonymous Users");
    anon.anonymous_users_role = true;
    let mut second = role("Visitors");
    second.anonymous_users_role = true;
    let err = second.validate(std::slice::from_ref(&anon)).unwrap_err();
    assert_eq!(err.fields[0].field, "anonymous_users_role");
    assert!(err.fields[0].message.contains("\"Anonymous Users\" is already the anonymous users role"));
    second.active = false;
    assert!(second.validate(std::slice::from_ref(&anon)).is_ok(), "an inactive role does not count");
    let dup = role("anonymous users");
    assert_eq!(dup.validate(&[anon]).unwrap_err().fields[0].field, "name");
}

#[test]
fn privileges_of_all_roles_combine_as_a_union_with_every_grant_explained() {
    let mut auth = role("Authenticated Users");
    auth.authenticated_users_role = true;
    let admin = role("Administrators");
    let read = perm("Read own cases", "incident", Scope::Contact, &[Privilege::Read, Privilege::Create], &[&auth]);
    let write = perm("Manage all cases", "incident", Scope::Global, &[Privilege::Read, Privilege::Write], &[&admin]);
    let model = AccessModel {
        roles: vec![auth.clone(), admin.clone()],
        table_permissions: vec![read.clone(), write.clone()],
        ..Default::default()
    };

    let contact = effective(&model, &Principal::Contact { contact: "megan".into(), role_ids: vec![admin.id] });
    assert_eq!(contact.roles, vec!["Administrators", "Authenticated Users"]);
    let incident = &contact.tables[0];
    let granted: Vec<Privilege> = incident.privileges.iter().filter(|p| p.granted).map(|p| p.privilege).collect();
    assert_eq!(granted, vec![Privilege::Read, Privilege::Write, Privilege::Create]);
    assert_eq!(incident.privileges[0].granted_by, vec![read.id, write.id], "both permissions grant read");
    assert_eq!(incident.privileges[1].granted_by, vec![write.id], "write comes from one");
    assert_eq!(incident.grants[0].via_roles, vec!["Authenticated Users"]);

    let only_auth = effective(&model, &Principal::Contact { contact: "x".into(), role_ids: vec![] });
    assert!(!only_auth.tables[0].privileges[1].granted, "no write without Administrators");
    let role_view = effective(&model, &Principal::Role { role_id: admin.id });
    assert_eq!(role_view.roles, vec!["Administrators"], "a role's view has no implicit authenticated role");
    assert!(effective(&model, &Principal::Anonymous).tables.is_empty());
}

#[test]
fn restrict_read_is_inherited_by_child_pages_and_grant_change_flows_down() {
    let members = role("Members");
    let editors = role("Editors");
    let page = |name: &str, parent: Option<&WebPage>| WebPage {
        id: Uuid::new_v4(),
        name: name.into(),
        partial_url: name.to_lowercase(),
        parent_id: parent.map(|p| p.id),
    };
    let home = page("Home", None);
    let members_area = page("Members", Some(&home));
    let forum = page("Forum", Some(&members_area));
    let rule = |name: &str, right, page: &WebPage, roles: &[&WebRole]| PageRule {
        id: Uuid::new_v4(),
        name: name.into(),
        description: None,
        right,
        scope: PageRuleScope::AllContent,
        page_id: Some(page.id),
        active: true,
        role_ids: roles.iter().map(|r| r.id).collect(),
    };
    let model = AccessModel {
        roles: vec![members.clone(), editors.clone()],
        pages: vec![home.clone(), members_area.clone(), forum.clone()],
        page_rules: vec![
            rule("Members only", PageRight::RestrictRead, &members_area, &[&members]),
            rule("Editors change everything", PageRight::GrantChange, &home, &[&editors]),
            PageRule { page_id: None, ..rule("Grant Change to Content", PageRight::GrantChange, &home, &[&members]) },
        ],
        ..Default::default()
    };
    let anon = effective(&model, &Principal::Anonymous);
    let by_name = |e: &EffectiveAccess, n: &str| e.pages.iter().find(|p| p.page_name == n).cloned().unwrap();
    assert!(by_name(&anon, "Home").read.allowed);
    let forum_read = by_name(&anon, "Forum").read;
    assert!(!forum_read.allowed);
    assert_eq!(forum_read.rule_name.as_deref(), Some("Members only"));
    assert_eq!(forum_read.inherited_from.as_deref(), Some("Members"), "the rule sits on the parent");

    let member = effective(&model, &Principal::Role { role_id: members.id });
    assert!(by_name(&member, "Forum").read.allowed);
    assert!(!by_name(&member, "Forum").change.allowed, "the pageless rule grants nothing");
    let editor = effective(&model, &Principal::Role { role_id: editors.id });
    assert!(!by_name(&editor, "Forum").read.allowed, "change does not lift a read restriction");
    let change = by_name(&editor, "Forum").change;
    assert!(change.allowed);
    assert_eq!(change.inherited_from.as_deref(), Some("Home"));
    assert_eq!(member.pages.iter().map(|p| p.depth).collect::<Vec<_>>(), vec![0, 1, 2]);
}

#[test]
fn posture_reports_two_authenticated_users_roles_as_real_portals_have_them() {
    let mut a = role("Authenticated Users");
    a.authenticated_users_role = true;
    let mut b = role("Balfour Team");
    b.authenticated_users_role = true;
    let model = AccessModel { roles: vec![a.clone(), b.clone()], ..Default::default() };
    let warnings = posture(&model);
    assert_eq!(warnings[0].code, "several_authenticated_roles");
    assert!(warnings[0].message.contains("Authenticated Users, Balfour Team"));
    let both = effective(&model, &Principal::Contact { contact: "x".into(), role_ids: vec![] });
    assert_eq!(both.roles, vec!["Authenticated Users", "Balfour Team"], "each one applies to signed-in contacts");
}

#[test]
fn posture_warns_about_anonymous_writes_orphans_and_idle_roles() {
    let mut anon = role("Anonymous Users");
    anon.anonymous_users_role = true;
    let idle = role("Idle");
    let mut inactive = perm("Old", "incident", Scope::Global, &[Privilege::Read], &[&idle]);
    inactive.active = false;
    let model = AccessModel {
        roles: vec![anon.clone(), idle.clone()],
        table_permissions: vec![
            perm("Public products", "product", Scope::Global, &[Privilege::Read, Privilege::Create], &[&anon]),
            perm("Orphan", "account", Scope::Global, &[Privilege::Read], &[]),
            inactive,
        ],
        ..Default::default()
    };
    let codes: Vec<String> = posture(&model).into_iter().map(|w| w.code).collect();
    assert_eq!(
        codes,
        vec![
            "anonymous_can_change",
            "anonymous_global_read",
            "permission_without_role",
            "inactive_permission_with_roles",
            "role_grants_nothing"
        ]
    );
}
