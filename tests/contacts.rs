//! Contacts and invitations through `ops` on a real workspace file: the demo contacts, search
//! and filters with keyset paging, the user rules on create and edit, passwords, unlock and the
//! diagnosis, bulk actions with preview, cancel and undo, CSV round trips, invitations, and
//! what removing a role does to its members.

mod common;

use common::{demo_workspace, t};
use portal_admin::domain::contacts::hash;
use portal_admin::domain::contacts::*;
use portal_admin::domain::{demo, Entity, Portal};
use portal_admin::ops::contacts::{BulkAction, BulkTarget, ContactAction};
use portal_admin::ops::{self, Core};
use portal_admin::store::{ContactFilter, ContactQuery, ContactSort};
use portal_admin::ErrorCode;
use uuid::Uuid;

fn filter() -> ContactFilter {
    ContactFilter::default()
}

async fn names(core: &Core, portal: &Portal, filter: ContactFilter) -> Vec<String> {
    let q = ContactQuery { filter, limit: 1000, ..Default::default() };
    ops::contacts::page(core, portal, &q).await.unwrap().rows.into_iter().map(|r| r.name).collect()
}

#[tokio::test]
async fn the_demo_contacts_survive_the_store_with_their_hashes_roles_and_identities() {
    let (_dir, core, portal) = demo_workspace().await;
    let (expected, _) = demo::demo_contacts(t("2026-11-22T09:00:00Z"));
    assert_eq!(ops::contacts::count(&core, &portal, &filter()).await.unwrap(), expected.len() as i64);
    let ids: Vec<Uuid> = expected.iter().map(|c| c.id).collect();
    let stored = core.store().contacts(portal.id, &ids).await.unwrap();
    for (s, e) in stored.iter().zip(&expected) {
        assert_eq!(s.password_hash, e.password_hash, "{}", e.display_name());
        let mut want = e.identities.clone();
        want.sort_by_key(|i| i.provider.to_lowercase());
        assert_eq!(s.identities, want);
        assert_eq!(s.role_ids, e.role_ids);
        assert_eq!(s.lockout_end.map(|x| x.timestamp_millis()), e.lockout_end.map(|x| x.timestamp_millis()));
    }
}

#[tokio::test]
async fn prefix_search_matches_first_or_last_name_email_and_username_ignoring_case() {
    let (_dir, core, portal) = demo_workspace().await;
    let by = |s: &str| ContactFilter { search: Some(s.into()), ..filter() };
    assert_eq!(names(&core, &portal, by("riv")).await, vec!["Sam Rivera", "Samantha Rivera"]);
    assert_eq!(names(&core, &portal, by("MARCUS")).await, vec!["Marcus Chen"]);
    assert_eq!(names(&core, &portal, by("mchen")).await, vec!["Marcus Chen"]);
    assert_eq!(names(&core, &portal, by("elena.petrova@")).await, vec!["Elena Petrova"]);
    assert!(names(&core, &portal, by("zzz")).await.is_empty());
}

#[tokio::test]
async fn full_text_finds_words_anywhere_and_ignores_query_syntax() {
    let (_dir, core, portal) = demo_workspace().await;
    let by = |s: &str| ContactFilter { full_text: Some(s.into()), ..filter() };
    assert_eq!(names(&core, &portal, by("fabrikam rivera")).await, vec!["Sam Rivera", "Samantha Rivera"]);
    assert_eq!(names(&core, &portal, by("tailspin")).await, vec!["Liam O'Brien"]);
    // FTS5 operators in user input are words, not syntax.
    assert!(names(&core, &portal, by("NOT OR \"(")).await.is_empty());
}

#[tokio::test]
async fn filters_find_locked_out_duplicates_inactive_and_role_members() {
    let (_dir, core, portal) = demo_workspace().await;
    assert_eq!(names(&core, &portal, ContactFilter { locked_out: true, ..filter() }).await, vec!["Marcus Chen"]);
    let dups = names(&core, &portal, ContactFilter { duplicate_email: true, ..filter() }).await;
    assert_eq!(dups, vec!["J. Lee", "Jordan Lee", "Sam Rivera", "Samantha Rivera"]);
    assert_eq!(names(&core, &portal, ContactFilter { active: Some(false), ..filter() }).await, vec!["J. Lee"]);
    let admins = Uuid::parse_str("a1c3e5f7-0000-4000-8000-000000000001").unwrap();
    assert_eq!(names(&core, &portal, ContactFilter { role_id: Some(admins), ..filter() }).await, vec!["Ada Lovelace"]);
    let two_factor_unconfirmed =
        names(&core, &portal, ContactFilter { two_factor: true, unconfirmed_email: true, ..filter() }).await;
    assert_eq!(two_factor_unconfirmed, vec!["Grace Kim"]);
}

#[tokio::test]
async fn keyset_pages_cover_every_contact_once_in_order_for_every_sort() {
    let (_dir, core, portal) = demo_workspace().await;
    // A contact without an e-mail (nor user name) and one without a user name, so that cursors land
    // on missing keys too.
    for (first, email, username) in [("Nomail", None, None::<&str>), ("Nouser", Some("nouser@contoso.com"), None)] {
        let draft = ContactDraft {
            first_name: Some(first.into()),
            email: email.map(Into::into),
            username: username.map(Into::into),
            ..Default::default()
        };
        ops::contacts::create(&core, &portal, &draft, None).await.unwrap();
    }
    let total = ops::contacts::count(&core, &portal, &filter()).await.unwrap() as usize;
    for sort in [ContactSort::Name, ContactSort::Email, ContactSort::Username, ContactSort::LastSignIn] {
        let mut seen = Vec::new();
        let mut keys: Vec<Option<String>> = Vec::new();
        let mut q = ContactQuery { sort, limit: 7, ..Default::default() };
        loop {
            let page = ops::contacts::page(&core, &portal, &q).await.unwrap();
            seen.extend(page.rows.iter().map(|r| r.id));
            keys.extend(page.rows.iter().map(|r| match sort {
                ContactSort::Name => Some(r.name.to_lowercase()),
                ContactSort::Email => r.email.as_ref().map(|e| e.to_lowercase()),
                ContactSort::Username => r.username.as_ref().map(|u| u.to_lowercase()),
                ContactSort::LastSignIn => r.last_successful_login.map(|t| format!("{:020}", t.timestamp_millis())),
            }));
            match page.next {
                Some(n) => q.after = Some(n),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(seen.len(), total, "{sort:?}");
        assert_eq!(unique.len(), total, "{sort:?}: no contact twice");
        // Missing keys first going up, last going down (the last sign-in is newest first).
        let mut expected = keys.clone();
        expected.sort();
        if sort == ContactSort::LastSignIn {
            expected.reverse();
        }
        if sort != ContactSort::Name {
            assert!(keys.contains(&None), "{sort:?}: some contact lacks this key");
            assert_eq!(keys, expected, "{sort:?}: pages in order");
        }
        let offset = ops::contacts::page(
            &core,
            &portal,
            &ContactQuery { sort, offset: Some(7), limit: 7, ..Default::default() },
        )
        .await
        .unwrap();
        assert_eq!(offset.rows.iter().map(|r| r.id).collect::<Vec<_>>(), seen[7..14].to_vec(), "{sort:?}");
    }
}

/// The ids of every contact in a duplicate e-mail group, sorted.
async fn shared_email_ids(core: &Core, portal: &Portal) -> Vec<Uuid> {
    let report = ops::contacts::duplicates(core, portal, 1000).await.unwrap();
    let mut ids: Vec<Uuid> = report.groups.iter().flat_map(|g| g.contacts.iter().map(|c| c.id)).collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn deactivated_two_factor_and_shared_email_filters_list_exactly_their_contacts_in_every_order() {
    let (_dir, core, portal) = demo_workspace().await;
    let shared = shared_email_ids(&core, &portal).await;
    let filters = [
        ContactFilter { active: Some(false), ..filter() },
        ContactFilter { two_factor: true, ..filter() },
        ContactFilter { active: Some(false), two_factor: true, ..filter() },
        ContactFilter { active: Some(false), search: Some("s".into()), ..filter() },
        ContactFilter { duplicate_email: true, ..filter() },
        ContactFilter { duplicate_email: true, active: Some(false), ..filter() },
        ContactFilter { duplicate_email: true, search: Some("sam".into()), ..filter() },
    ];
    for f in filters {
        let count = ops::contacts::count(&core, &portal, &f).await.unwrap() as usize;
        for sort in [ContactSort::Name, ContactSort::Email, ContactSort::Username, ContactSort::LastSignIn] {
            let q = ContactQuery { filter: f.clone(), sort, limit: 1000, ..Default::default() };
            let rows = ops::contacts::page(&core, &portal, &q).await.unwrap().rows;
            assert_eq!(rows.len(), count, "{f:?} {sort:?}");
            assert!(rows.iter().all(|r| (f.active != Some(false) || !r.active)
                && (!f.two_factor || r.two_factor_enabled)
                && (!f.duplicate_email || (r.email_shared && shared.contains(&r.id)))));
        }
    }
    // The filter lists exactly the contacts the duplicate groups hold (asserted by the helper).
    assert!(!shared.is_empty());
    assert_eq!(shared_email_names(&core, &portal).await.len(), shared.len());
}

#[tokio::test]
async fn duplicates_include_deactivated_contacts_and_explain_that_deactivating_is_not_enough() {
    let (_dir, core, portal) = demo_workspace().await;
    let report = ops::contacts::duplicates(&core, &portal, 100).await.unwrap();
    assert!(report.require_unique_email);
    let emails: Vec<&str> = report.groups.iter().map(|g| g.email.as_str()).collect();
    assert_eq!(emails, vec!["jordan.lee@contoso.com", "sam.rivera@fabrikam.com"]);
    assert!(report.groups[0].contacts.iter().any(|c| !c.active));
    assert!(report.advice.iter().any(|a| a.contains("Deactivating")));
    let jordan = ops::contacts::find(&core, &portal, "jlee").await.unwrap();
    let d = ops::contacts::diagnose_sign_in(&core, &portal, jordan.id, Some("Demo-pass-1")).await.unwrap();
    assert_eq!(d.verdict, SignInVerdict::DuplicateEmail);
}

#[tokio::test]
async fn unlocking_clears_the_lockout_and_the_diagnosis_lets_the_contact_in() {
    let (_dir, core, portal) = demo_workspace().await;
    let marcus = ops::contacts::find(&core, &portal, "marcus.chen@fabrikam.com").await.unwrap();
    let before = ops::contacts::diagnose_sign_in(&core, &portal, marcus.id, Some("Demo-pass-1")).await.unwrap();
    assert_eq!(before.verdict, SignInVerdict::LockedOut);
    // The list row and the contact page say so, as of the core's clock.
    let locked = |rows: Vec<portal_admin::store::ContactRow>| rows.into_iter().find(|r| r.id == marcus.id).unwrap();
    let q = ContactQuery { limit: 1000, ..Default::default() };
    let row = locked(ops::contacts::page(&core, &portal, &q).await.unwrap().rows);
    assert!(row.locked_until.is_some() && row.locked_until == marcus.lockout_end, "{row:?}");
    let details = ops::contacts::details(&core, &portal, marcus.id).await.unwrap();
    assert_eq!(details.locked_until, marcus.lockout_end);
    let after = ops::contacts::act(&core, &portal, marcus.id, &ContactAction::Unlock).await.unwrap();
    assert_eq!(locked(ops::contacts::page(&core, &portal, &q).await.unwrap().rows).locked_until, None);
    assert_eq!(ops::contacts::details(&core, &portal, marcus.id).await.unwrap().locked_until, None);
    assert_eq!((after.lockout_end, after.access_failed_count), (None, 0));
    let d = ops::contacts::diagnose_sign_in(&core, &portal, marcus.id, Some("Demo-pass-1")).await.unwrap();
    assert_eq!(d.verdict, SignInVerdict::Success);
    let history = core.store().audit_of_entity(Entity::Contact, &marcus.id.to_string(), 10).await.unwrap();
    assert_eq!(history[0].actor, "alice");
    assert!(history[0].before.as_ref().unwrap()["lockout_end"].is_string());
    assert!(history[0].after.as_ref().unwrap()["lockout_end"].is_null());
    assert!(!history[0].after.as_ref().unwrap().to_string().contains("password_hash"), "hashes stay out of the audit");
}

async fn act(core: &Core, portal: &Portal, id: Uuid, action: ContactAction) -> Contact {
    ops::contacts::act(core, portal, id, &action).await.unwrap()
}

/// The error code an action the rules forbid fails with.
async fn refused(core: &Core, portal: &Portal, id: Uuid, action: ContactAction) -> ErrorCode {
    ops::contacts::act(core, portal, id, &action).await.unwrap_err().code()
}

async fn verdict(core: &Core, portal: &Portal, id: Uuid) -> SignInVerdict {
    ops::contacts::diagnose_sign_in(core, portal, id, Some("Demo-pass-1")).await.unwrap().verdict
}

#[tokio::test]
async fn each_admin_action_changes_what_it_says_the_diagnosis_follows_and_every_change_is_audited() {
    let (_dir, core, portal) = demo_workspace().await;
    let ada = ops::contacts::find(&core, &portal, "ada.lovelace@contoso.com").await.unwrap();
    let (core, portal, id) = (&core, &portal, ada.id);
    assert_eq!(verdict(core, portal, id).await, SignInVerdict::Success);

    assert!(!act(core, portal, id, ContactAction::Deactivate).await.active);
    assert_eq!(verdict(core, portal, id).await, SignInVerdict::Deactivated);
    assert!(act(core, portal, id, ContactAction::Reactivate).await.active);

    assert!(!act(core, portal, id, ContactAction::DisableLogin).await.login_enabled);
    assert_eq!(verdict(core, portal, id).await, SignInVerdict::LoginDisabled);
    assert!(act(core, portal, id, ContactAction::EnableLogin).await.login_enabled);

    // Unconfirming the e-mail turns two-factor off (it needs a confirmed e-mail), and two-factor
    // cannot come back until the e-mail is confirmed again.
    let unconfirmed = act(core, portal, id, ContactAction::UnconfirmEmail).await;
    assert!(!unconfirmed.email_confirmed && !unconfirmed.two_factor_enabled);
    assert_eq!(refused(core, portal, id, ContactAction::EnableTwoFactor).await, ErrorCode::Validation);
    act(core, portal, id, ContactAction::ConfirmEmail).await;
    assert!(act(core, portal, id, ContactAction::EnableTwoFactor).await.two_factor_enabled);

    let stamp = ops::contacts::get(core, portal, id).await.unwrap().security_stamp;
    let signed_out = act(core, portal, id, ContactAction::SignOutEverywhere).await;
    assert!(
        signed_out.security_stamp.is_some() && signed_out.security_stamp != stamp,
        "a new stamp ends every session"
    );

    // Roles: assigned and unassigned, and the role filter follows; an unknown role is refused.
    let case_managers: Uuid = "a1c3e5f7-0000-4000-8000-000000000004".parse().unwrap();
    assert!(act(core, portal, id, ContactAction::AssignRole { role_id: case_managers })
        .await
        .role_ids
        .contains(&case_managers));
    let members = names(core, portal, ContactFilter { role_id: Some(case_managers), ..filter() }).await;
    assert!(members.contains(&"Ada Lovelace".to_owned()), "{members:?}");
    assert!(!act(core, portal, id, ContactAction::UnassignRole { role_id: case_managers })
        .await
        .role_ids
        .contains(&case_managers));
    assert_eq!(
        refused(core, portal, id, ContactAction::AssignRole { role_id: Uuid::nil() }).await,
        ErrorCode::NotFound
    );

    // Identities: one per provider; the password may go only while an external identity remains,
    // and that identity may not go once it is the only way in.
    let linked =
        act(core, portal, id, ContactAction::LinkIdentity { provider: "Google".into(), user_key: "g-1".into() }).await;
    assert_eq!(linked.identities.len(), 1);
    let twice = ContactAction::LinkIdentity { provider: "google".into(), user_key: "g-2".into() };
    assert_eq!(refused(core, portal, id, twice).await, ErrorCode::Validation, "one identity per provider");
    let without_password = act(core, portal, id, ContactAction::RemovePassword).await;
    assert_eq!(without_password.password, PasswordState::None);
    assert_eq!(verdict(core, portal, id).await, SignInVerdict::NoPassword);
    let last = ContactAction::UnlinkIdentity { identity_id: linked.identities[0].id };
    assert_eq!(refused(core, portal, id, last).await, ErrorCode::Validation, "the only identity left stays");

    // Changing the e-mail unconfirms it.
    let draft = ContactDraft {
        first_name: Some("Ada".into()),
        last_name: Some("Lovelace".into()),
        email: Some("ada@contoso.com".into()),
        username: Some("ada".into()),
        ..Default::default()
    };
    let edited = ops::contacts::edit(core, portal, id, &draft).await.unwrap();
    assert_eq!(edited.email.as_deref(), Some("ada@contoso.com"));
    assert!(!edited.email_confirmed && !edited.two_factor_enabled);

    // Every change above is one audit entry, newest first, by the acting administrator.
    let history = core.store().audit_of_entity(Entity::Contact, &id.to_string(), 100).await.unwrap();
    assert_eq!(history.len(), 13, "{:#?}", history.iter().map(|h| &h.after).collect::<Vec<_>>());
    assert!(history.iter().all(|h| h.actor == "alice"));
    assert_eq!(history[0].after.as_ref().unwrap()["email"], "ada@contoso.com");
}

#[tokio::test]
async fn setting_a_password_enforces_the_policy_writes_a_v2_hash_and_rotates_the_stamp() {
    let (_dir, core, portal) = demo_workspace().await;
    let priya = ops::contacts::find(&core, &portal, "psharma").await.unwrap();
    let err = ops::contacts::set_password(&core, &portal, priya.id, "short").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(err.to_string().contains("Passwords must be at least 10 characters."), "{err}");
    let after = ops::contacts::set_password(&core, &portal, priya.id, "Brand-new-Pass-42").await.unwrap();
    assert_ne!(after.security_stamp, priya.security_stamp);
    assert_eq!(after.access_failed_count, 0);
    let stored = core.store().contacts(portal.id, &[priya.id]).await.unwrap().pop().unwrap();
    let h = stored.password_hash.unwrap();
    assert_eq!(hash::format_of(&h), Ok(hash::HashFormat::V2));
    assert_eq!(hash::verify(&h, "Brand-new-Pass-42"), Ok(true));
}

#[tokio::test]
async fn creating_contacts_applies_the_user_rules_and_the_lockout_default() {
    let (_dir, core, portal) = demo_workspace().await;
    let taken = ContactDraft {
        email: Some("ADA.lovelace@contoso.com".into()),
        last_name: Some("Byron".into()),
        ..Default::default()
    };
    let err = ops::contacts::create(&core, &portal, &taken, None).await.unwrap_err();
    assert!(err.to_string().contains("is already taken (by Ada Lovelace)"), "{err}");
    let comma =
        ContactDraft { username: Some("byron,ada".into()), email: Some("ab@contoso.com".into()), ..Default::default() };
    let err = ops::contacts::create(&core, &portal, &comma, None).await.unwrap_err();
    assert!(err.to_string().contains("isn't valid"), "{err}");
    let ok = ContactDraft {
        first_name: Some("Augusta".into()),
        last_name: Some("Byron".into()),
        email: Some("augusta@contoso.com".into()),
        username: Some("abyron".into()),
        ..Default::default()
    };
    let c = ops::contacts::create(&core, &portal, &ok, Some("Augusta-2026!")).await.unwrap();
    assert!(c.lockout_enabled && c.login_enabled && c.active);
    let d = ops::contacts::diagnose_sign_in(&core, &portal, c.id, Some("Augusta-2026!")).await.unwrap();
    assert_eq!(d.verdict, SignInVerdict::Success);
}

#[tokio::test]
async fn a_bulk_unlock_previews_exactly_then_applies_in_one_batch_that_can_be_undone() {
    let (_dir, core, portal) = demo_workspace().await;
    let target = BulkTarget::Filter { filter: ContactFilter { search: Some("chen".into()), ..filter() } };
    let preview = ops::contacts::bulk_preview(&core, &portal, &target, &BulkAction::Unlock, 100).await.unwrap();
    assert_eq!((preview.selected, preview.changing, preview.unchanged), (1, 1, 0));
    assert_eq!(preview.lines[0].field, "lockout_end");
    assert_eq!(preview.lines[0].after, "—");
    assert_eq!(ops::contacts::count(&core, &portal, &ContactFilter { locked_out: true, ..filter() }).await.unwrap(), 1);

    let result = ops::contacts::bulk_apply(&core, &portal, &target, &BulkAction::Unlock, &|_, _| true).await.unwrap();
    assert_eq!(result.changed, 1);
    assert_eq!(ops::contacts::count(&core, &portal, &ContactFilter { locked_out: true, ..filter() }).await.unwrap(), 0);

    let undo = ops::contacts::bulk_undo(&core, &portal, result.batch_id.unwrap()).await.unwrap();
    assert_eq!(undo.changed, 1);
    assert_eq!(ops::contacts::count(&core, &portal, &ContactFilter { locked_out: true, ..filter() }).await.unwrap(), 1);
    let batches = ops::contacts::bulk_batches(&core, &portal).await.unwrap();
    assert_eq!(batches[1].undone_by, Some(batches[0].id));
    let again = ops::contacts::bulk_undo(&core, &portal, result.batch_id.unwrap()).await.unwrap_err();
    assert!(again.to_string().contains("already undone"), "{again}");
}

#[tokio::test]
async fn bulk_role_changes_and_deactivation_preview_apply_and_undo_exactly() {
    let (_dir, core, portal) = demo_workspace().await;
    let case_managers: Uuid = "a1c3e5f7-0000-4000-8000-000000000004".parse().unwrap();
    let members = || names(&core, &portal, ContactFilter { role_id: Some(case_managers), ..filter() });
    let before = members().await;
    assert!(before.contains(&"Marcus Chen".to_owned()) && before.contains(&"Priya Sharma".to_owned()));
    let fabrikam = BulkTarget::Filter { filter: ContactFilter { full_text: Some("fabrikam".into()), ..filter() } };
    let everyone_at_fabrikam =
        names(&core, &portal, ContactFilter { full_text: Some("fabrikam".into()), ..filter() }).await;

    // Assigning: those who already have the role are unchanged, the others gain it.
    let assign = BulkAction::AssignRole { role_id: case_managers };
    let preview = ops::contacts::bulk_preview(&core, &portal, &fabrikam, &assign, 100).await.unwrap();
    assert_eq!(preview.selected as usize, everyone_at_fabrikam.len());
    let already = everyone_at_fabrikam.iter().filter(|n| before.contains(n)).count();
    assert!(already >= 2, "Marcus and Priya have it already");
    assert_eq!(preview.unchanged as usize, already);
    assert_eq!(preview.changing as usize, everyone_at_fabrikam.len() - already);
    let applied = ops::contacts::bulk_apply(&core, &portal, &fabrikam, &assign, &|_, _| true).await.unwrap();
    assert_eq!(applied.changed, preview.changing);
    let after = members().await;
    assert!(everyone_at_fabrikam.iter().all(|n| after.contains(n)));
    assert_eq!(after.len(), before.len() + everyone_at_fabrikam.len() - already);
    ops::contacts::bulk_undo(&core, &portal, applied.batch_id.unwrap()).await.unwrap();
    assert_eq!(members().await, before, "undo takes the role back from exactly those who gained it");

    // Unassigning from everyone who has it, then undoing.
    let holders = BulkTarget::Filter { filter: ContactFilter { role_id: Some(case_managers), ..filter() } };
    let unassign = BulkAction::UnassignRole { role_id: case_managers };
    let applied = ops::contacts::bulk_apply(&core, &portal, &holders, &unassign, &|_, _| true).await.unwrap();
    assert_eq!(applied.changed as usize, before.len());
    assert!(members().await.is_empty());
    ops::contacts::bulk_undo(&core, &portal, applied.batch_id.unwrap()).await.unwrap();
    assert_eq!(members().await, before);

    // Deactivating: the deactivated filter follows, and undo reactivates exactly those.
    let inactive = || names(&core, &portal, ContactFilter { active: Some(false), ..filter() });
    let deactivate =
        ops::contacts::bulk_apply(&core, &portal, &fabrikam, &BulkAction::Deactivate, &|_, _| true).await.unwrap();
    assert_eq!(deactivate.changed as usize, everyone_at_fabrikam.len());
    assert_eq!(inactive().await.len(), everyone_at_fabrikam.len() + 1, "J. Lee was inactive already");
    ops::contacts::bulk_undo(&core, &portal, deactivate.batch_id.unwrap()).await.unwrap();
    assert_eq!(inactive().await, vec!["J. Lee"]);
}

#[tokio::test]
async fn a_cancelled_bulk_action_writes_nothing() {
    let (_dir, core, portal) = demo_workspace().await;
    let everyone = BulkTarget::Filter { filter: filter() };
    // Cancelled at the first progress report: the transaction is rolled back.
    let err =
        ops::contacts::bulk_apply(&core, &portal, &everyone, &BulkAction::Deactivate, &|_, _| false).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Cancelled);
    assert_eq!(names(&core, &portal, ContactFilter { active: Some(false), ..filter() }).await, vec!["J. Lee"]);
    assert!(ops::contacts::bulk_batches(&core, &portal).await.unwrap().is_empty(), "no batch is recorded");
}

#[tokio::test]
async fn bulk_invitations_create_one_single_invitation_each_and_undo_removes_them() {
    let (_dir, core, portal) = demo_workspace().await;
    let before = ops::invitations::list(&core, &portal).await.unwrap().len();
    let target = BulkTarget::Filter { filter: ContactFilter { search: Some("rivera".into()), ..filter() } };
    let action = BulkAction::Invite { expiry_date: None, role_ids: vec![] };
    let preview = ops::contacts::bulk_preview(&core, &portal, &target, &action, 10).await.unwrap();
    assert_eq!(preview.changing, 2);
    // Cancelled at its first progress report: no invitation and no batch.
    let cancelled = ops::contacts::bulk_apply(&core, &portal, &target, &action, &|_, _| false).await.unwrap_err();
    assert_eq!(cancelled.code(), ErrorCode::Cancelled);
    assert_eq!(ops::invitations::list(&core, &portal).await.unwrap().len(), before);
    assert!(ops::contacts::bulk_batches(&core, &portal).await.unwrap().is_empty());
    let reports = std::sync::Mutex::new(Vec::new());
    let result = ops::contacts::bulk_apply(&core, &portal, &target, &action, &|done, total| {
        reports.lock().unwrap().push((done, total));
        true
    })
    .await
    .unwrap();
    assert_eq!(reports.into_inner().unwrap(), vec![(0, 2), (2, 2)], "progress from the start to the end");
    assert_eq!(ops::invitations::list(&core, &portal).await.unwrap().len(), before + 2);
    ops::contacts::bulk_undo(&core, &portal, result.batch_id.unwrap()).await.unwrap();
    assert_eq!(ops::invitations::list(&core, &portal).await.unwrap().len(), before);
}

#[tokio::test]
async fn redeeming_counts_links_assigns_roles_and_refuses_used_up_expired_and_revoked_codes() {
    let (_dir, core, portal) = demo_workspace().await;
    let agents = Uuid::parse_str("a1c3e5f7-0000-4000-8000-000000000004").unwrap();
    let draft = InvitationDraft {
        name: "Two seats".into(),
        code: Some("SEATS-2".into()),
        kind: InvitationKind::Group,
        max_redemptions: Some(2),
        expiry_date: None,
        invited_contact_ids: vec![],
        inviter_contact_id: None,
        assign_to_account: None,
        role_ids: vec![agents],
    };
    ops::invitations::create(&core, &portal, &draft).await.unwrap();
    let dup = ops::invitations::create(&core, &portal, &draft).await.unwrap_err();
    assert!(dup.to_string().contains("already has the code"), "{dup}");

    let r = ops::invitations::redeem(&core, &portal, "SEATS-2", "tbecker").await.unwrap();
    assert_eq!(r.invitation.redemptions, 1);
    assert_eq!(r.roles_added, vec![agents]);
    assert!(ops::contacts::find(&core, &portal, "tbecker").await.unwrap().role_ids.contains(&agents));
    let r = ops::invitations::redeem(&core, &portal, "SEATS-2", "nwilliams").await.unwrap();
    assert_eq!(r.invitation.status, InvitationStatus::Redeemed);
    let used_up = ops::invitations::redeem(&core, &portal, "SEATS-2", "ada").await.unwrap_err();
    assert_eq!(used_up.code(), ErrorCode::InvitationUsedUp);
    assert!(used_up.to_string().contains("its maximum"), "{used_up}");

    let expired = ops::invitations::redeem(&core, &portal, "PILOT-2024", "ada").await.unwrap_err();
    assert!(expired.to_string().contains("expired on"), "{expired}");
    assert_eq!(expired.code(), ErrorCode::InvitationExpired);
    let revoked = ops::invitations::redeem(&core, &portal, "ADATUM-TRIAL", "ada").await.unwrap_err();
    assert!(revoked.to_string().contains("inactive"), "{revoked}");
    assert_eq!(revoked.code(), ErrorCode::InvitationInvalid);
    let wrong = ops::invitations::redeem(&core, &portal, "NO-SUCH-CODE", "ada").await.unwrap_err();
    assert!(wrong.to_string().contains("Invalid invitation code."), "{wrong}");

    // Revoking a usable invitation makes it inactive, audited; its code then stops working.
    let open = InvitationDraft { name: "Open seat".into(), code: Some("OPEN-1".into()), ..draft };
    ops::invitations::create(&core, &portal, &open).await.unwrap();
    let revoked = ops::invitations::revoke(&core, &portal, "OPEN-1").await.unwrap();
    assert_eq!(revoked.status, InvitationStatus::Inactive);
    let history = core.store().audit_of_entity(Entity::Invitation, &revoked.id.to_string(), 10).await.unwrap();
    assert_eq!(history[0].after.as_ref().unwrap()["status"], "inactive", "{history:?}");
    let refused = ops::invitations::redeem(&core, &portal, "OPEN-1", "ada").await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvitationInvalid);
}

#[tokio::test]
async fn an_invitation_is_edited_and_sent_and_revoked_and_reactivated_with_every_step_audited() {
    let (_dir, core, portal) = demo_workspace().await;
    let ada = ops::contacts::find(&core, &portal, "ada").await.unwrap();
    let draft = InvitationDraft {
        name: "Board seat".into(),
        code: Some("BOARD-1".into()),
        kind: InvitationKind::Single,
        max_redemptions: None,
        expiry_date: None,
        invited_contact_ids: vec![ada.id],
        inviter_contact_id: None,
        assign_to_account: None,
        role_ids: vec![],
    };
    let created = ops::invitations::create(&core, &portal, &draft).await.unwrap();
    ops::invitations::create(
        &core,
        &portal,
        &InvitationDraft { name: "Other".into(), code: Some("OTHER-1".into()), ..draft.clone() },
    )
    .await
    .unwrap();

    // A code another invitation has is refused on the code field, and nothing is written.
    let mut edit = portal_admin::domain::contacts::invitation::draft_of(&created);
    edit.code = Some("OTHER-1".into());
    let taken = ops::invitations::edit(&core, &portal, "BOARD-1", &edit).await.unwrap_err();
    assert_eq!(taken.code(), ErrorCode::Validation);
    assert!(taken.to_string().contains("already has the code"), "{taken}");
    assert_eq!(ops::invitations::find(&core, &portal, "BOARD-1").await.unwrap(), created);

    edit.code = Some("BOARD-2027".into());
    edit.name = "Board seat 2027".into();
    let edited = ops::invitations::edit(&core, &portal, "BOARD-1", &edit).await.unwrap();
    assert_eq!((edited.id, edited.code.as_str()), (created.id, "BOARD-2027"));
    let old = ops::invitations::redeem(&core, &portal, "BOARD-1", "ada").await.unwrap_err();
    assert_eq!(old.code(), ErrorCode::InvitationInvalid, "the old code no longer works");

    let sent = ops::invitations::set_status(&core, &portal, "BOARD-2027", InvitationStatus::Sent).await.unwrap();
    assert_eq!(sent.status, InvitationStatus::Sent);
    ops::invitations::revoke(&core, &portal, "BOARD-2027").await.unwrap();
    let back = ops::invitations::set_status(&core, &portal, "BOARD-2027", InvitationStatus::Sent).await.unwrap();
    assert_eq!(back.status, InvitationStatus::Sent);
    let r = ops::invitations::redeem(&core, &portal, "BOARD-2027", "ada").await.unwrap();
    assert_eq!(r.invitation.status, InvitationStatus::Redeemed);

    let history = core.store().audit_of_entity(Entity::Invitation, &created.id.to_string(), 10).await.unwrap();
    let statuses: Vec<&str> =
        history.iter().rev().map(|h| h.after.as_ref().unwrap()["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["new", "new", "sent", "inactive", "sent", "redeemed"], "{history:?}");
    assert_eq!(history[4].before.as_ref().unwrap()["code"], "BOARD-1");
    assert_eq!(history[4].after.as_ref().unwrap()["code"], "BOARD-2027");

    let names = ops::contacts::names(&core, &portal, &[ada.id, Uuid::new_v4()]).await.unwrap();
    assert_eq!(names, vec![ops::contacts::ContactName { id: ada.id, name: ada.display_name() }]);
}

#[tokio::test]
async fn the_unfiltered_count_follows_every_insert_and_delete_of_its_own_portal_and_agrees_with_counting() {
    let (_dir, core, portal) = demo_workspace().await;
    let all = filter();
    // Active plus deactivated contacts are counted row by row; the unfiltered count comes from the
    // tally the triggers keep. They must agree after every kind of write.
    let check = || async {
        let tally = ops::contacts::count(&core, &portal, &all).await.unwrap();
        let mut counted = 0;
        for active in [true, false] {
            counted += ops::contacts::count(&core, &portal, &ContactFilter { active: Some(active), ..filter() })
                .await
                .unwrap();
        }
        assert_eq!(tally, counted, "the tally drifted from the rows");
        tally
    };
    let demo = check().await;
    assert!(demo >= 30, "the demo portal has its contacts: {demo}");

    let draft = ContactDraft {
        first_name: Some("Tally".into()),
        last_name: Some("Test".into()),
        email: Some("tally.test@contoso.com".into()),
        ..Default::default()
    };
    let created = ops::contacts::create(&core, &portal, &draft, None).await.unwrap();
    assert_eq!(check().await, demo + 1);
    // An edit writes the row again (an upsert): no second count.
    ops::contacts::edit(
        &core,
        &portal,
        created.id,
        &ContactDraft { mobile_phone: Some("+1 555 0100".into()), ..draft },
    )
    .await
    .unwrap();
    assert_eq!(check().await, demo + 1);

    let csv = "first_name,last_name,email\nIris,Vega,iris.vega@contoso.com\nOmar,Haddad,omar.haddad@contoso.com\n";
    assert_eq!(ops::contact_csv::import(&core, &portal, csv, true).await.unwrap().created, 2);
    assert_eq!(check().await, demo + 3);

    let gone = ops::contacts::get(&core, &portal, created.id).await.unwrap();
    core.store()
        .apply_contact_changes(
            portal.id,
            &[portal_admin::store::ContactChange::Delete(gone)],
            "test",
            t("2026-11-22T10:00:00Z"),
            None,
            &|_| true,
        )
        .await
        .unwrap();
    assert_eq!(check().await, demo + 2);

    // Another portal's contacts are its own; removing that portal leaves this count alone.
    let other = ops::portal::create(
        &core,
        portal_admin::domain::PortalDraft {
            name: "Tally".into(),
            url: "https://tally.powerappsportals.com".into(),
            environment_url: "https://tally.crm.dynamics.com".into(),
            app_id: "6f3c2b8e-1d4a-4e5b-9a7c-2b1e8d9f0a32".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(ops::contacts::count(&core, &other, &all).await.unwrap(), 0, "a portal without contacts has no tally");
    ops::contact_csv::import(&core, &other, csv, true).await.unwrap();
    assert_eq!(ops::contacts::count(&core, &other, &all).await.unwrap(), 2);
    assert_eq!(check().await, demo + 2);
    ops::portal::remove(&core, other.id).await.unwrap();
    assert_eq!(check().await, demo + 2);
}

/// Writes one contact as it is given, past the user rules (as an import from Dataverse may).
async fn store_change(core: &Core, portal: &Portal, change: portal_admin::store::ContactChange) {
    core.store()
        .apply_contact_changes(portal.id, &[change], "test", t("2026-11-22T10:00:00Z"), None, &|_| true)
        .await
        .unwrap();
}

/// The contacts the shared-e-mail filter lists, after checking that it agrees with the grouping.
async fn shared_email_names(core: &Core, portal: &Portal) -> Vec<String> {
    let f = ContactFilter { duplicate_email: true, ..filter() };
    let q = ContactQuery { filter: f.clone(), limit: 1000, ..Default::default() };
    let rows = ops::contacts::page(core, portal, &q).await.unwrap().rows;
    let mut ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    ids.sort();
    assert_eq!(ids, shared_email_ids(core, portal).await, "the mark drifted from the groups");
    assert_eq!(ops::contacts::count(core, portal, &f).await.unwrap() as usize, rows.len());
    rows.into_iter().map(|r| r.name).collect()
}

#[tokio::test]
async fn the_shared_email_filter_follows_every_insert_address_change_and_delete_and_agrees_with_grouping() {
    use portal_admin::store::ContactChange::{Delete, Save};
    let (_dir, core, portal) = demo_workspace().await;
    let demo = ["J. Lee", "Jordan Lee", "Sam Rivera", "Samantha Rivera"];
    assert_eq!(shared_email_names(&core, &portal).await, demo);

    // A third contact with Sam's address, spelt in other case and with spaces around it.
    let sam = ops::contacts::find(&core, &portal, "Sam Rivera").await.unwrap();
    let mut third = sam.clone();
    third.id = Uuid::new_v4();
    third.first_name = Some("Samuel".into());
    third.username = None;
    third.role_ids.clear();
    third.identities.clear();
    third.email = Some(" SAM.Rivera@Fabrikam.com ".into());
    store_change(&core, &portal, Save { before: None, after: third.clone() }).await;
    assert_eq!(
        shared_email_names(&core, &portal).await,
        ["J. Lee", "Jordan Lee", "Sam Rivera", "Samantha Rivera", "Samuel Rivera"]
    );

    // Its own address leaves the group; back again, it joins it.
    let mut moved = third.clone();
    moved.email = Some("samuel.rivera@fabrikam.com".into());
    store_change(&core, &portal, Save { before: Some(third.clone()), after: moved.clone() }).await;
    assert_eq!(shared_email_names(&core, &portal).await, demo);
    store_change(&core, &portal, Save { before: Some(moved), after: third.clone() }).await;
    assert_eq!(shared_email_names(&core, &portal).await.len(), 5);

    // Deleted, the group is as it was.
    store_change(&core, &portal, Delete(third)).await;
    assert_eq!(shared_email_names(&core, &portal).await, demo);

    // Samantha takes another address: Sam is alone with his.
    let samantha = ops::contacts::find(&core, &portal, "Samantha Rivera").await.unwrap();
    let mut renamed = samantha.clone();
    renamed.email = Some("samantha.rivera@fabrikam.com".into());
    store_change(&core, &portal, Save { before: Some(samantha), after: renamed }).await;
    assert_eq!(shared_email_names(&core, &portal).await, ["J. Lee", "Jordan Lee"]);

    // The deactivated J. Lee deleted: Jordan's address is his alone, and nobody shares one.
    let j = ops::contacts::find(&core, &portal, "J. Lee").await.unwrap();
    store_change(&core, &portal, Delete(j)).await;
    assert!(shared_email_names(&core, &portal).await.is_empty());
    let jordan = ops::contacts::find(&core, &portal, "Jordan Lee").await.unwrap();
    let row = ops::contacts::page(
        &core,
        &portal,
        &ContactQuery { filter: ContactFilter { search: Some("jordan".into()), ..filter() }, ..Default::default() },
    )
    .await
    .unwrap()
    .rows;
    assert!(row.iter().any(|r| r.id == jordan.id && !r.email_shared));
}

#[tokio::test]
async fn csv_export_then_import_into_another_portal_keeps_the_profiles_and_roles() {
    let (_dir, core, portal) = demo_workspace().await;
    let mut out = Vec::new();
    let n = ops::contact_csv::export(
        &core,
        &portal,
        &ContactFilter { search: Some("rivera".into()), ..filter() },
        &mut out,
    )
    .await
    .unwrap();
    assert_eq!(n, 2);
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("id,first_name,last_name,email,"), "{text}");
    assert!(!text.to_lowercase().contains("hash"), "exports never carry password hashes");

    // Back into the same portal: the e-mails and user names are taken now.
    let report = ops::contact_csv::import(&core, &portal, &text, true).await.unwrap();
    assert_eq!(report.created, 0);
    assert!(report.errors.iter().any(|e| e.line == 2 && e.field == "email"), "{:?}", report.errors);
}

#[tokio::test]
async fn csv_import_reports_every_bad_row_with_its_line_and_writes_nothing_until_clean() {
    let (_dir, core, portal) = demo_workspace().await;
    let v2 = hash::hash_v2("Imported-Pass-1");
    let text = format!(
        "first_name,last_name,email,username,password_hash,email_confirmed,roles,department\n\
         Iris,Vega,iris.vega@contoso.com,ivega,{v2},true,Case Managers,Sales\n\
         Bad,Mail,not-an-email,bmail,,,,\n\
         Twin,One,twin@contoso.com,,,maybe,,\n\
         Twin,Two,TWIN@contoso.com,,AAAA,,No Such Role,\n"
    );
    let all = filter();
    let count = || ops::contacts::count(&core, &portal, &all);
    let before = count().await.unwrap();
    let report = ops::contact_csv::import(&core, &portal, &text, true).await.unwrap();
    let errs: Vec<(u64, &str)> = report.errors.iter().map(|e| (e.line, e.field.as_str())).collect();
    assert_eq!(errs, vec![(3, "email"), (4, "email_confirmed"), (5, "email"), (5, "password_hash"), (5, "roles")]);
    assert_eq!(report.ignored_columns, vec!["department"]);
    assert_eq!(report.created, 0);
    assert_eq!(count().await.unwrap(), before, "nothing is half-imported");

    let good = text.lines().take(2).collect::<Vec<_>>().join("\n");
    let preview = ops::contact_csv::import(&core, &portal, &good, false).await.unwrap();
    assert_eq!((preview.rows, preview.created), (1, 0));
    let done = ops::contact_csv::import(&core, &portal, &good, true).await.unwrap();
    assert_eq!(done.created, 1);
    let iris = ops::contacts::find(&core, &portal, "ivega").await.unwrap();
    let d = ops::contacts::diagnose_sign_in(&core, &portal, iris.id, Some("Imported-Pass-1")).await.unwrap();
    assert_eq!(d.verdict, SignInVerdict::Success, "the imported hash is used as it is");
}

#[tokio::test]
async fn removing_a_role_with_members_needs_confirmation_and_says_how_many_lose_it() {
    let (_dir, core, portal) = demo_workspace().await;
    let err = ops::access::remove_role(&core, &portal, "Beta Testers", false).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ConfirmationRequired);
    assert!(err.to_string().contains("3 contact(s)"), "{err}");
    let removal = ops::access::remove_role(&core, &portal, "Beta Testers", true).await.unwrap();
    assert_eq!(removal.members, 3);
    let beta = Uuid::parse_str("a1c3e5f7-0000-4000-8000-000000000005").unwrap();
    assert!(core.store().role_members(beta).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_contacts_effective_access_is_its_roles_plus_the_authenticated_users_role() {
    let (_dir, core, portal) = demo_workspace().await;
    let marcus = ops::contacts::find(&core, &portal, "mchen").await.unwrap();
    let e = ops::access::effective_access(&core, &portal, &ops::access::principal_of(&marcus)).await.unwrap();
    assert!(e.roles.contains(&"Case Managers".to_string()), "{:?}", e.roles);
    assert!(e.roles.contains(&"Authenticated Users".to_string()), "{:?}", e.roles);
}
