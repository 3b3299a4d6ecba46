//! Unit tests of the contact rules: lockout step by step, the sign-in walk, user-name and e-mail
//! rules, identity removal and invitation validity.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

use super::hash::hash_v2_with_salt;
use super::invitation::*;
use super::model::*;
use super::signin::*;
use crate::domain::settings::effective::{Settings, SiteSetting};
use crate::domain::settings::parse::TimeSpan;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 30, 0).unwrap()
}

fn rules() -> UserRules {
    UserRules::from_settings(&Settings::new(vec![SiteSetting::new(
        "Authentication/Registration/LocalLoginEnabled",
        Some("true".into()),
    )]))
}

fn contact_with_password(password: &str) -> Contact {
    let mut c = Contact::new(Uuid::new_v4(), &rules(), now());
    c.first_name = Some("Ada".into());
    c.email = Some("ada@contoso.com".into());
    c.username = Some("ada".into());
    c.set_password_hash(Some(hash_v2_with_salt(password, &[3; 16])));
    c
}

fn diagnose_with(c: &Contact, rules: &UserRules, password: Option<&str>) -> SignInDiagnosis {
    diagnose(c, SignInContext { rules, same_email_contacts: 0, password, now: now() })
}

#[test]
fn the_runtime_defaults_are_the_documented_ones() {
    let r = UserRules::from_settings(&Settings::new(Vec::new()));
    assert!(r.require_unique_email);
    assert!(!r.allow_only_alphanumeric_user_names);
    assert!(r.lockout_enabled_by_default);
    assert_eq!(r.max_failed_access_attempts, 5);
    assert_eq!(r.lockout_time_span, TimeSpan::from_days(1));
    assert!(!r.local_login_enabled, "the runtime's default for LocalLoginEnabled is false");
}

#[test]
fn failed_attempts_count_up_then_lock_and_reset_the_count_at_the_maximum() {
    let r = rules();
    let mut state = LockoutState { lockout_enabled: true, lockout_end: None, access_failed_count: 0 };
    for expected in 1..=4 {
        state = record_failed_attempt(state, &r, now());
        assert_eq!(state.access_failed_count, expected);
        assert!(!state.is_locked_out(now()));
    }
    state = record_failed_attempt(state, &r, now());
    assert_eq!(state.access_failed_count, 0, "the count resets when the account locks");
    assert_eq!(state.lockout_end, Some(now() + Duration::days(1)));
    assert!(state.is_locked_out(now()));
    assert!(state.is_locked_out(now() + Duration::hours(23)));
    assert!(!state.is_locked_out(now() + Duration::days(1) + Duration::seconds(1)));
    assert_eq!(state.locked_until(now()), Some(now() + Duration::days(1)), "until the lockout end");
    assert_eq!(state.locked_until(now() + Duration::days(1)), Some(now() + Duration::days(1)), "the end itself counts");
    assert_eq!(state.locked_until(now() + Duration::days(2)), None);
}

#[test]
fn a_failed_attempt_sets_the_lockout_end_even_when_lockout_is_disabled_but_does_not_lock() {
    let r = rules();
    let state = LockoutState { lockout_enabled: false, lockout_end: None, access_failed_count: 4 };
    let after = record_failed_attempt(state, &r, now());
    assert_eq!(after.lockout_end, Some(now() + Duration::days(1)));
    assert_eq!(after.access_failed_count, 0);
    assert!(!after.is_locked_out(now()), "only IsLockedOut looks at the flag");
    assert_eq!(after.locked_until(now()), None);
}

#[test]
fn the_lockout_time_span_setting_uses_dotnet_syntax_including_the_24_hour_trap() {
    let settings = Settings::new(vec![SiteSetting::new(
        "Authentication/UserManager/DefaultAccountLockoutTimeSpan",
        Some("24:00:00".into()),
    )]);
    let r = UserRules::from_settings(&settings);
    let after = record_failed_attempt(
        LockoutState { lockout_enabled: true, lockout_end: None, access_failed_count: 4 },
        &r,
        now(),
    );
    assert_eq!(after.lockout_end, Some(now() + Duration::days(24)));
}

#[test]
fn a_correct_password_signs_in_and_resets_the_count() {
    let mut c = contact_with_password("Secret-123");
    c.access_failed_count = 3;
    let d = diagnose_with(&c, &rules(), Some("Secret-123"));
    assert_eq!(d.verdict, SignInVerdict::Success);
    assert_eq!(d.after_attempt.unwrap().access_failed_count, 0);
}

#[test]
fn the_fifth_wrong_password_would_lock_the_account() {
    let mut c = contact_with_password("Secret-123");
    c.access_failed_count = 4;
    let d = diagnose_with(&c, &rules(), Some("wrong"));
    assert_eq!(d.verdict, SignInVerdict::WrongPassword);
    assert!(d.attempt_locks_account);
    assert!(d.summary.contains("failure 5 of 5"), "{}", d.summary);
    assert_eq!(d.portal_message.as_deref(), Some("The user account is currently locked. Please try again later."));
    c.access_failed_count = 1;
    let d = diagnose_with(&c, &rules(), Some("wrong"));
    assert!(!d.attempt_locks_account);
    assert_eq!(d.after_attempt.unwrap().access_failed_count, 2);
}

#[test]
fn wrong_passwords_are_not_counted_when_trigger_lockout_is_off() {
    let mut r = rules();
    r.trigger_lockout_on_failed_password = false;
    let mut c = contact_with_password("Secret-123");
    c.access_failed_count = 4;
    let d = diagnose_with(&c, &r, Some("wrong"));
    assert_eq!(d.verdict, SignInVerdict::WrongPassword);
    assert!(d.after_attempt.is_none());
    assert!(!d.attempt_locks_account);
}

#[test]
fn each_sign_in_step_stops_for_its_own_reason_in_the_runtimes_order() {
    let r = rules();
    let base = contact_with_password("Secret-123");

    let mut off = r;
    off.local_login_enabled = false;
    assert_eq!(diagnose_with(&base, &off, None).verdict, SignInVerdict::LocalLoginDisabled);

    let mut by_email = r;
    by_email.local_login_by_email = true;
    let mut no_email = base.clone();
    no_email.email = None;
    assert_eq!(diagnose_with(&no_email, &by_email, None).verdict, SignInVerdict::NoSuchUser);
    let mut no_username = base.clone();
    no_username.username = None;
    assert_eq!(diagnose_with(&no_username, &r, None).verdict, SignInVerdict::NoSuchUser);

    let dup = diagnose(&base, SignInContext { rules: &r, same_email_contacts: 1, password: None, now: now() });
    assert_eq!(dup.verdict, SignInVerdict::DuplicateEmail);
    let mut not_unique = r;
    not_unique.require_unique_email = false;
    let dup_allowed =
        diagnose(&base, SignInContext { rules: &not_unique, same_email_contacts: 1, password: None, now: now() });
    assert_eq!(dup_allowed.verdict, SignInVerdict::PasswordNotChecked);

    let mut inactive = base.clone();
    inactive.active = false;
    assert_eq!(diagnose_with(&inactive, &r, None).verdict, SignInVerdict::Deactivated);

    let mut disabled = base.clone();
    disabled.login_enabled = false;
    assert_eq!(diagnose_with(&disabled, &r, None).verdict, SignInVerdict::LoginDisabled);

    let mut locked = base.clone();
    locked.lockout_end = Some(now() + Duration::hours(2));
    let d = diagnose_with(&locked, &r, Some("Secret-123"));
    assert_eq!(d.verdict, SignInVerdict::LockedOut, "a locked account is refused even with the right password");
    assert!(d.summary.contains("2026-11-22 12:30 UTC"), "{}", d.summary);
    let mut lockout_off = locked.clone();
    lockout_off.lockout_enabled = false;
    assert_eq!(diagnose_with(&lockout_off, &r, Some("Secret-123")).verdict, SignInVerdict::Success);

    let mut no_password = base.clone();
    no_password.set_password_hash(None);
    assert_eq!(diagnose_with(&no_password, &r, None).verdict, SignInVerdict::NoPassword);
    let mut bad_hash = base.clone();
    bad_hash.set_password_hash(Some("AAAA".into()));
    assert_eq!(diagnose_with(&bad_hash, &r, None).verdict, SignInVerdict::UnusableHash);

    assert_eq!(diagnose_with(&base, &r, None).verdict, SignInVerdict::PasswordNotChecked);

    let mut two_factor = base.clone();
    two_factor.two_factor_enabled = true;
    let mut site_2fa = r;
    site_2fa.two_factor_enabled = true;
    assert_eq!(
        diagnose_with(&two_factor, &site_2fa, Some("Secret-123")).verdict,
        SignInVerdict::TwoFactorUnconfirmedEmail
    );
    two_factor.email_confirmed = true;
    assert_eq!(diagnose_with(&two_factor, &site_2fa, Some("Secret-123")).verdict, SignInVerdict::SuccessWithTwoFactor);
}

#[test]
fn diagnosis_lists_every_passed_step_before_the_one_that_stops() {
    let mut c = contact_with_password("Secret-123");
    c.login_enabled = false;
    let d = diagnose_with(&c, &rules(), None);
    let kinds: Vec<(SignInStep, StepOutcome)> = d.steps.iter().map(|s| (s.step, s.outcome)).collect();
    assert_eq!(
        kinds,
        vec![
            (SignInStep::LocalLogin, StepOutcome::Passed),
            (SignInStep::FindUser, StepOutcome::Passed),
            (SignInStep::UniqueEmail, StepOutcome::Passed),
            (SignInStep::Active, StepOutcome::Passed),
            (SignInStep::LoginEnabled, StepOutcome::Stopped),
        ]
    );
}

#[test]
fn user_names_reject_commas_always_and_symbols_when_alphanumeric_only() {
    let mut r = rules();
    assert_eq!(username_problem("smith,john", &r).as_deref(), Some("The user name \"smith,john\" isn't valid."));
    assert_eq!(username_problem("john-smith!", &r), None);
    r.allow_only_alphanumeric_user_names = true;
    assert!(username_problem("john-smith", &r).is_some());
    assert_eq!(username_problem("john.smith@contoso_1", &r), None);
    assert!(username_problem("jöhn", &r).is_some(), "only ASCII letters count");
}

#[test]
fn a_username_cannot_change_once_set_and_must_be_unique() {
    let r = rules();
    let mut c = contact_with_password("x");
    let draft = ContactDraft { username: Some("ada2".into()), email: c.email.clone(), ..Default::default() };
    let err = apply_draft(&mut c, &draft, &r, &Collisions::default()).unwrap_err();
    assert_eq!(err.fields[0].field, "username");
    assert!(err.fields[0].message.contains("cannot change"));

    let mut fresh = Contact::new(Uuid::new_v4(), &r, now());
    let draft =
        ContactDraft { username: Some("taken".into()), email: Some("new@contoso.com".into()), ..Default::default() };
    let collisions = Collisions { username: vec!["Bob".into()], email: vec![] };
    let err = apply_draft(&mut fresh, &draft, &r, &collisions).unwrap_err();
    assert_eq!(err.fields[0].message, "The user name \"taken\" is already taken.");
}

#[test]
fn a_shared_email_is_refused_when_unique_email_is_required() {
    let mut r = rules();
    let mut c = Contact::new(Uuid::new_v4(), &r, now());
    let draft =
        ContactDraft { last_name: Some("Lee".into()), email: Some("Lee@Contoso.com".into()), ..Default::default() };
    let collisions = Collisions { email: vec!["Dee Lee (inactive)".into()], username: vec![] };
    let err = apply_draft(&mut c, &draft, &r, &collisions).unwrap_err();
    assert_eq!(err.fields[0].code, crate::domain::FieldErrorCode::Taken);
    r.require_unique_email = false;
    apply_draft(&mut c, &draft, &r, &collisions).unwrap();
    assert_eq!(c.email.as_deref(), Some("Lee@Contoso.com"));
}

#[test]
fn changing_the_email_unconfirms_it_and_turns_two_factor_off() {
    let r = rules();
    let mut c = contact_with_password("x");
    c.email_confirmed = true;
    c.two_factor_enabled = true;
    let same = ContactDraft {
        first_name: Some("Ada".into()),
        email: Some(" ADA@contoso.com ".into()),
        username: Some("ada".into()),
        ..Default::default()
    };
    apply_draft(&mut c, &same, &r, &Collisions::default()).unwrap();
    assert!(c.email_confirmed, "the same address in another case is not a change");
    let other = ContactDraft { email: Some("ada@fabrikam.com".into()), ..same };
    apply_draft(&mut c, &other, &r, &Collisions::default()).unwrap();
    assert!(!c.email_confirmed);
    assert!(!c.two_factor_enabled);
}

#[test]
fn malformed_email_addresses_are_rejected() {
    for bad in ["ada", "ada@", "@contoso.com", "ada smith@contoso.com", "a@b@c", "ada@contoso."] {
        assert!(!is_mail_address(bad), "{bad}");
    }
    assert!(is_mail_address("ada.lovelace+portal@contoso.co.uk"));
}

#[test]
fn two_factor_needs_a_confirmed_email() {
    let mut c = contact_with_password("x");
    assert!(check_two_factor(&c, true).is_err());
    assert!(check_two_factor(&c, false).is_ok());
    c.email_confirmed = true;
    assert!(check_two_factor(&c, true).is_ok());
}

#[test]
fn an_identity_can_be_removed_only_while_another_remains() {
    let mut c = contact_with_password("x");
    let google = ExternalIdentity { id: Uuid::new_v4(), provider: "Google".into(), user_key: "g-1".into() };
    c.identities.push(google.clone());
    assert!(check_identity_removal(&c, google.id).is_ok(), "the local password remains");
    c.set_password_hash(None);
    assert!(check_identity_removal(&c, google.id).is_err(), "it is the only identity left");
    let entra = ExternalIdentity {
        id: Uuid::new_v4(),
        provider: "https://login.microsoftonline.com/t/v2.0".into(),
        user_key: "oid".into(),
    };
    c.identities.push(entra);
    assert!(check_identity_removal(&c, google.id).is_ok());
}

#[test]
fn a_contact_has_at_most_one_identity_per_provider() {
    let mut c = contact_with_password("x");
    c.identities.push(ExternalIdentity { id: Uuid::new_v4(), provider: "Google".into(), user_key: "g-1".into() });
    let err = check_new_identity(&c, "google", "g-2").unwrap_err();
    assert_eq!(err.fields[0].field, "provider");
    assert!(check_new_identity(&c, "Facebook", "f-1").is_ok());
    assert!(check_new_identity(&c, "Facebook", " ").is_err());
}

fn invitation(max: i32, expiry: Option<NaiveDate>) -> Invitation {
    let draft = InvitationDraft {
        name: "Partners".into(),
        code: Some("WELCOME-1".into()),
        kind: InvitationKind::Group,
        max_redemptions: Some(max),
        expiry_date: expiry,
        invited_contact_ids: vec![],
        inviter_contact_id: None,
        assign_to_account: None,
        role_ids: vec![],
    };
    build(&draft, Uuid::new_v4(), now()).unwrap()
}

#[test]
fn an_invitation_is_valid_through_the_first_hour_of_its_expiry_date() {
    let inv = invitation(0, NaiveDate::from_ymd_opt(2026, 11, 23));
    assert_eq!(check_valid(&inv, "WELCOME-1", now()), Ok(()));
    let just_after_midnight = Utc.with_ymd_and_hms(2026, 11, 23, 0, 59, 59).unwrap();
    assert_eq!(check_valid(&inv, "WELCOME-1", just_after_midnight), Ok(()));
    let one_am = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
    assert_eq!(
        check_valid(&inv, "WELCOME-1", one_am),
        Err(InvitationProblem::Expired { expiry_date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap() })
    );
}

#[test]
fn an_invitation_needs_its_exact_code_and_an_active_status() {
    let mut inv = invitation(0, None);
    assert_eq!(check_valid(&inv, "welcome-1", now()), Err(InvitationProblem::CodeMismatch));
    inv.status = InvitationStatus::Inactive;
    assert_eq!(check_valid(&inv, "WELCOME-1", now()), Err(InvitationProblem::Inactive));
}

#[test]
fn redemption_counts_links_the_contact_and_marks_redeemed_at_the_maximum() {
    let inv = invitation(2, None);
    let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let once = redeem(&inv, "WELCOME-1", a, now()).unwrap();
    assert_eq!(once.redemptions, 1);
    assert_eq!(once.status, InvitationStatus::New);
    assert_eq!(redeem(&once, "WELCOME-1", a, now()), Err(InvitationProblem::AlreadyRedeemedBy));
    let twice = redeem(&once, "WELCOME-1", b, now()).unwrap();
    assert_eq!(twice.status, InvitationStatus::Redeemed);
    assert_eq!(twice.redeemed_contact_ids, vec![a, b]);
    assert_eq!(redeem(&twice, "WELCOME-1", c, now()), Err(InvitationProblem::UsedUp { redemptions: 2 }));
}

#[test]
fn a_group_invitation_without_a_maximum_never_runs_out() {
    let mut inv = invitation(0, None);
    for _ in 0..50 {
        inv = redeem(&inv, "WELCOME-1", Uuid::new_v4(), now()).unwrap();
    }
    assert_eq!(inv.redemptions, 50);
    assert_eq!(inv.status, InvitationStatus::New);
}

#[test]
fn generated_codes_are_twelve_unambiguous_characters_and_differ() {
    let a = generate_code();
    assert_eq!(a.len(), 12);
    assert!(a.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
    assert!(!a.contains(['0', 'O', '1', 'I', 'L']));
    assert_ne!(a, generate_code());
}

#[test]
fn a_single_invitation_defaults_to_one_redemption_and_is_for_one_contact() {
    let draft = InvitationDraft {
        name: "Welcome Ada".into(),
        code: None,
        kind: InvitationKind::Single,
        max_redemptions: None,
        expiry_date: None,
        invited_contact_ids: vec![Uuid::new_v4(), Uuid::new_v4()],
        inviter_contact_id: None,
        assign_to_account: None,
        role_ids: vec![],
    };
    let err = build(&draft, Uuid::new_v4(), now()).unwrap_err();
    assert_eq!(err.fields[0].field, "invited_contact_ids");
    let ok =
        build(&InvitationDraft { invited_contact_ids: vec![Uuid::new_v4()], ..draft }, Uuid::new_v4(), now()).unwrap();
    assert_eq!(ok.max_redemptions, 1);
    assert_eq!(ok.code.len(), 12);
}

#[test]
fn editing_an_invitation_keeps_its_redemptions_and_a_maximum_cannot_drop_below_them() {
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let inv = redeem(&redeem(&invitation(5, None), "WELCOME-1", a, now()).unwrap(), "WELCOME-1", b, now()).unwrap();
    let mut draft = draft_of(&inv);
    draft.name = "Partners 2027".into();
    draft.code = Some("PARTNERS-27".into());
    let edited = edit(&inv, &draft, now()).unwrap();
    assert_eq!((edited.name.as_str(), edited.code.as_str()), ("Partners 2027", "PARTNERS-27"));
    assert_eq!((edited.redemptions, edited.redeemed_contact_ids.clone()), (2, vec![a, b]));
    assert_eq!((edited.id, edited.created_at), (inv.id, inv.created_at));

    draft.max_redemptions = Some(1);
    let err = edit(&inv, &draft, now()).unwrap_err();
    assert_eq!(err.fields[0].field, "max_redemptions");
    assert!(err.fields[0].message.contains("redeemed 2 times"), "{}", err.fields[0].message);

    // At the maximum it is Redeemed; raising the maximum again makes it Sent (its code is out).
    draft.max_redemptions = Some(2);
    let used_up = edit(&inv, &draft, now()).unwrap();
    assert_eq!(used_up.status, InvitationStatus::Redeemed);
    draft.max_redemptions = Some(0);
    assert_eq!(edit(&used_up, &draft, now()).unwrap().status, InvitationStatus::Sent);
}

#[test]
fn an_edit_with_an_empty_code_generates_a_new_one_and_refuses_only_a_changed_past_expiry() {
    let past = NaiveDate::from_ymd_opt(2026, 1, 31);
    let mut inv = invitation(0, None);
    inv.expiry_date = past;
    let mut draft = draft_of(&inv);
    // An expired invitation can still be renamed without touching its date.
    draft.name = "Renamed".into();
    assert_eq!(edit(&inv, &draft, now()).unwrap().expiry_date, past);
    draft.expiry_date = NaiveDate::from_ymd_opt(2026, 2, 28);
    assert_eq!(edit(&inv, &draft, now()).unwrap_err().fields[0].field, "expiry_date");
    draft.expiry_date = NaiveDate::from_ymd_opt(2026, 12, 31);
    draft.code = Some("  ".into());
    let renewed = edit(&inv, &draft, now()).unwrap();
    assert_eq!(renewed.code.len(), 12);
    assert_ne!(renewed.code, inv.code);
    assert_eq!(check_valid(&renewed, &renewed.code, now()), Ok(()));
}

#[test]
fn a_status_is_chosen_among_new_sent_and_inactive_and_redeemed_follows_the_maximum() {
    let inv = invitation(1, None);
    assert_eq!(with_status(&inv, InvitationStatus::Sent).unwrap().status, InvitationStatus::Sent);
    let revoked = with_status(&inv, InvitationStatus::Inactive).unwrap();
    assert_eq!(revoked.status, InvitationStatus::Inactive);
    assert_eq!(with_status(&revoked, InvitationStatus::New).unwrap().status, InvitationStatus::New);
    assert_eq!(with_status(&inv, InvitationStatus::Redeemed).unwrap_err().fields[0].field, "status");

    // Reactivating a used-up invitation brings back Redeemed, not a code that looks usable.
    let used_up = redeem(&inv, "WELCOME-1", Uuid::new_v4(), now()).unwrap();
    let revoked = with_status(&used_up, InvitationStatus::Inactive).unwrap();
    assert_eq!(with_status(&revoked, InvitationStatus::Sent).unwrap().status, InvitationStatus::Redeemed);
}
