//! The demo workspace: a realistic portal so that a first run shows something useful.
//! Later features add their demo records here (keys, settings, roles, contacts).

use super::portal::{PortalDraft, PortalId, PortalState};

/// The demo portal's fixed id, so seeding is idempotent and tests can find it.
pub const DEMO_PORTAL_ID: &str = "3f6e1c2a-9b7d-4e8f-a1c5-7d2e9b4f6a08";
pub const DEMO_PORTAL_NAME: &str = "Contoso Customer Self-Service";
/// The demo key expires this many days after seeding: inside the warning band.
pub const DEMO_KEY_DAYS_LEFT: i64 = 20;

pub fn demo_portal() -> PortalDraft {
    PortalDraft {
        id: Some(DEMO_PORTAL_ID.to_owned()),
        name: DEMO_PORTAL_NAME.to_owned(),
        url: "https://contoso-selfservice.powerappsportals.com/".to_owned(),
        environment_url: "https://contoso.crm4.dynamics.com/".to_owned(),
        app_id: "6f3c2b8e-1d4a-4e5b-9a7c-2b1e8d9f0a31".to_owned(),
        owner: Some("Megan Bowen".to_owned()),
        state: Some(PortalState::Running),
        key_lifetime_days: None,
    }
}

/// The demo portal's site settings, in record order: what an out-of-box portal ships (from real
/// downloads), an Azure AD B2C provider, and the mistakes the checker exists for — the
/// documented `24:00:00` lockout (24 days), a duplicate setting, and demo mode left on.
pub const DEMO_SETTINGS: &[(&str, &str)] = &[
    ("Authentication/Registration/Enabled", "true"),
    ("Authentication/Registration/OpenRegistrationEnabled", "true"),
    ("Authentication/Registration/InvitationEnabled", "true"),
    ("Authentication/Registration/LocalLoginEnabled", "true"),
    ("Authentication/Registration/LocalLoginByEmail", "true"),
    ("Authentication/Registration/ExternalLoginEnabled", "true"),
    ("Authentication/Registration/AzureADLoginEnabled", "true"),
    ("Authentication/Registration/EmailConfirmationEnabled", "true"),
    ("Authentication/Registration/RememberMeEnabled", "True"),
    ("Authentication/Registration/ResetPasswordEnabled", "true"),
    ("Authentication/Registration/IsDemoMode", "true"),
    ("Authentication/Registration/TermsAgreementEnabled", "false"),
    ("Authentication/Registration/DenyMinors", "false"),
    ("Authentication/Registration/DenyMinorsWithoutParentalConsent", "false"),
    ("Authentication/LoginTrackingEnabled", "true"),
    ("Authentication/UserManager/UserLockoutEnabledByDefault", "true"),
    ("Authentication/UserManager/DefaultAccountLockoutTimeSpan", "24:00:00"),
    ("Authentication/UserManager/MaxFailedAccessAttemptsBeforeLockout", "5"),
    ("Authentication/UserManager/PasswordValidator/RequiredLength", "10"),
    ("Authentication/UserManager/PasswordValidator/EnforcePasswordPolicy", "true"),
    ("Authentication/LoginThrottling/MaxInvaildAttemptsFromIPAddress", "1000"),
    ("Authentication/LoginThrottling/MaxAttemptsTimeLimitTimeSpan", "00:03:00"),
    ("Authentication/LoginThrottling/IpAddressTimeoutTimeSpan", "00:10:00"),
    ("Authentication/OpenIdConnect/AzureADB2C/Caption", "Contoso account"),
    ("Authentication/OpenIdConnect/AzureADB2C/ClientId", "0c1f7e52-8b3d-4a69-9e2f-5d7a1c4b8e36"),
    ("Authentication/OpenIdConnect/AzureADB2C/Authority", "https://contosob2c.b2clogin.com/contosob2c.onmicrosoft.com/B2C_1_signupsignin/v2.0/"),
    ("Authentication/OpenIdConnect/AzureADB2C/RedirectUri", "https://contoso-selfservice.powerappsportals.com/signin-aad-b2c_1"),
    ("Authentication/OpenIdConnect/AzureADB2C/DefaultPolicyId", "B2C_1_signupsignin"),
    ("Authentication/OpenIdConnect/AzureADB2C/PasswordResetPolicyId", "B2C_1_passwordreset"),
    ("Authentication/OpenIdConnect/AzureADB2C/ValidIssuers", "https://contosob2c.b2clogin.com/2f4a9d1c-7e3b-4c58-a6d0-9b1e2c3f4a5d/v2.0/"),
    ("Authentication/OpenIdConnect/AzureADB2C/RegistrationClaimsMapping", "firstname=given_name,lastname=family_name"),
    ("Authentication/OpenAuth/Microsoft/ClientId", ""),
    ("Authentication/OpenAuth/Facebook/AppId", ""),
    ("Search/Enabled", "true"),
    ("Search/IndexQueryName", "Portal Search"),
    ("Search/RecordTypeFacetsEntities", "Blogs:adx_blog,adx_blogpost;Forums:adx_communityforum,adx_communityforumthread,adx_communityforumpost;Downloads:annotation,adx_webfile"),
    ("Profile/ShowMarketingOptionsPanel", "True"),
    ("Profile/ForceSignUp", "False"),
    ("CustomerSupport/DisplayAllUserActivitiesOnTimeline", "false"),
    ("KnowledgeManagement/DisplayNotes", "True"),
    ("Header/OutputCache/Enabled", "true"),
    ("Footer/OutputCache/Enabled", "true"),
    ("Site/EnableDefaultHtmlEncoding", "true"),
    ("HTTP/X-Frame-Options", "SAMEORIGIN"),
    ("search/enabled", "false"),
];

pub fn demo_portal_id() -> PortalId {
    DEMO_PORTAL_ID.parse().expect("the demo portal id is a GUID")
}

/// The demo portal's web roles, pages, rules, website access and table permissions: the
/// out-of-box roles, a customer-service setup with a parent chain, and one risky anonymous
/// permission for the posture warnings to find.
pub fn demo_access() -> super::access::AccessModel {
    use super::access::*;
    use uuid::Uuid;
    let id = |s: &str| Uuid::parse_str(s).expect("demo ids are GUIDs");
    let role = |i: &str, name: &str, description: &str, anonymous: bool, authenticated: bool| WebRole {
        id: id(i),
        name: name.into(),
        description: Some(description.into()),
        anonymous_users_role: anonymous,
        authenticated_users_role: authenticated,
        active: true,
    };
    let admins = role(
        "a1c3e5f7-0000-4000-8000-000000000001",
        "Administrators",
        "Full control of the portal content.",
        false,
        false,
    );
    let authenticated =
        role("a1c3e5f7-0000-4000-8000-000000000002", "Authenticated Users", "Every signed-in contact.", false, true);
    let anonymous =
        role("a1c3e5f7-0000-4000-8000-000000000003", "Anonymous Users", "Visitors who are not signed in.", true, false);
    let agents = role(
        "a1c3e5f7-0000-4000-8000-000000000004",
        "Case Managers",
        "Partner staff who handle their company's cases.",
        false,
        false,
    );
    let legacy =
        role("a1c3e5f7-0000-4000-8000-000000000005", "Beta Testers", "Left over from the 2024 pilot.", false, false);
    let page = |i: &str, name: &str, url: &str, parent: Option<&str>| WebPage {
        id: id(i),
        name: name.into(),
        partial_url: url.into(),
        parent_id: parent.map(id),
    };
    let home = "b2d4f6a8-0000-4000-8000-000000000001";
    let support = "b2d4f6a8-0000-4000-8000-000000000002";
    let pages = vec![
        page(home, "Home", "/", None),
        page(support, "Support", "support", Some(home)),
        page("b2d4f6a8-0000-4000-8000-000000000003", "My cases", "cases", Some(support)),
        page("b2d4f6a8-0000-4000-8000-000000000004", "Knowledge base", "knowledgebase", Some(home)),
        page("b2d4f6a8-0000-4000-8000-000000000005", "Profile", "profile", Some(home)),
    ];
    let rule = |i: &str, name: &str, right: PageRight, page: Option<&str>, roles: &[&WebRole]| PageRule {
        id: id(i),
        name: name.into(),
        description: None,
        right,
        scope: PageRuleScope::AllContent,
        page_id: page.map(id),
        active: true,
        role_ids: roles.iter().map(|r| r.id).collect(),
    };
    let page_rules = vec![
        rule(
            "c3e5a7b9-0000-4000-8000-000000000001",
            "Grant Change to Content",
            PageRight::GrantChange,
            None,
            &[&admins],
        ),
        rule(
            "c3e5a7b9-0000-4000-8000-000000000002",
            "Administrators change everything",
            PageRight::GrantChange,
            Some(home),
            &[&admins],
        ),
        rule(
            "c3e5a7b9-0000-4000-8000-000000000003",
            "Support is for customers",
            PageRight::RestrictRead,
            Some(support),
            &[&authenticated, &admins],
        ),
    ];
    let website_access = vec![WebsiteAccess {
        id: id("d4f6b8c0-0000-4000-8000-000000000001"),
        name: "Administrators website access".into(),
        manage_content_snippets: true,
        manage_site_markers: true,
        manage_web_link_sets: true,
        preview_unpublished_entities: true,
        active: true,
        role_ids: vec![admins.id],
    }];
    let perm = |i: &str, name: &str, table: &str, scope: Scope, privileges: &[Privilege], roles: &[&WebRole]| {
        let mut p = Privileges::default();
        for x in privileges {
            p.set(*x, true);
        }
        TablePermission {
            id: id(i),
            name: name.into(),
            table: table.into(),
            scope,
            privileges: p,
            contact_relationship: None,
            account_relationship: None,
            parent_id: None,
            parent_relationship: None,
            active: true,
            role_ids: roles.iter().map(|r| r.id).collect(),
        }
    };
    use Privilege::*;
    let mut own_cases = perm(
        "e5a7c9d1-0000-4000-8000-000000000001",
        "Customers: own cases",
        "incident",
        Scope::Contact,
        &[Read, Write, Create, Append, AppendTo],
        &[&authenticated],
    );
    own_cases.contact_relationship = Some("contact_as_customer_incidents".into());
    let mut company_cases = perm(
        "e5a7c9d1-0000-4000-8000-000000000002",
        "Case managers: company cases",
        "incident",
        Scope::Account,
        &[Read, Write, Append, AppendTo],
        &[&agents],
    );
    company_cases.account_relationship = Some("incident_customer_accounts".into());
    let mut notes = perm(
        "e5a7c9d1-0000-4000-8000-000000000003",
        "Case notes",
        "annotation",
        Scope::Parent,
        &[Read, Create, Append],
        &[&authenticated, &agents],
    );
    notes.parent_id = Some(own_cases.id);
    notes.parent_relationship = Some("Incident_Annotation".into());
    let mut note_files = perm(
        "e5a7c9d1-0000-4000-8000-000000000004",
        "Note attachments",
        "msdyn_richtextfile",
        Scope::Parent,
        &[Read],
        &[&authenticated],
    );
    note_files.parent_id = Some(notes.id);
    note_files.parent_relationship = Some("annotation_msdyn_richtextfile".into());
    let profile = perm(
        "e5a7c9d1-0000-4000-8000-000000000005",
        "Own profile",
        "contact",
        Scope::Self_,
        &[Read, Write],
        &[&authenticated],
    );
    let articles = perm(
        "e5a7c9d1-0000-4000-8000-000000000006",
        "Published articles",
        "knowledgearticle",
        Scope::Global,
        &[Read],
        &[&anonymous, &authenticated],
    );
    let feedback = perm(
        "e5a7c9d1-0000-4000-8000-000000000007",
        "Anonymous feedback",
        "feedback",
        Scope::Global,
        &[Read, Create],
        &[&anonymous],
    );
    let admin_all = perm(
        "e5a7c9d1-0000-4000-8000-000000000008",
        "Administrators: all cases",
        "incident",
        Scope::Global,
        &[Read, Write, Create, Delete, Append, AppendTo],
        &[&admins],
    );
    AccessModel {
        roles: vec![admins, authenticated, anonymous, agents, legacy],
        website_access,
        pages,
        page_rules,
        table_permissions: vec![own_cases, company_cases, notes, note_files, profile, articles, feedback, admin_all],
    }
}

/// The demo portal's contacts and invitations: staff and partners with every state the contact
/// screens explain — locked out, failed attempts, duplicate e-mails (one deactivated), external
/// identities only, two-factor without a confirmed e-mail, login disabled, a v3 hash — and
/// invitations that are open, redeemed, expired and revoked.
pub fn demo_contacts(
    now: chrono::DateTime<chrono::Utc>,
) -> (Vec<super::contacts::Contact>, Vec<super::contacts::Invitation>) {
    use super::contacts::hash::{hash_v2_with_salt, hash_v3_with_salt, Prf};
    use super::contacts::*;
    use chrono::Duration;
    use uuid::Uuid;
    let id = |n: u32| Uuid::parse_str(&format!("c0a1c3e5-0000-4000-8000-{n:012}")).expect("demo ids are GUIDs");
    let role = |n: u32| Uuid::parse_str(&format!("a1c3e5f7-0000-4000-8000-{n:012}")).expect("demo ids are GUIDs");
    let rules = UserRules::from_settings(&super::settings::effective::Settings::new(Vec::new()));
    let person = |n: u32, first: &str, last: &str, email: &str, username: Option<&str>| {
        let mut c = Contact::new(id(n), &rules, now - Duration::days(i64::from(n)));
        c.first_name = Some(first.into());
        c.last_name = Some(last.into());
        c.email = Some(email.into());
        c.email_confirmed = true;
        c.username = username.map(str::to_owned);
        c.security_stamp = Some(Uuid::from_u128(0x5eed_0000 + u128::from(n)).to_string());
        if username.is_some() {
            let salt: [u8; 16] = core::array::from_fn(|i| (i as u8) ^ (n as u8));
            c.set_password_hash(Some(hash_v2_with_salt("Demo-pass-1", &salt)));
        }
        c.last_successful_login = Some(now - Duration::hours(i64::from(n) * 7));
        c
    };
    let mut out = Vec::new();

    let mut ada = person(1, "Ada", "Lovelace", "ada.lovelace@contoso.com", Some("ada"));
    ada.role_ids = vec![role(1)];
    ada.two_factor_enabled = true;
    out.push(ada);

    let mut marcus = person(2, "Marcus", "Chen", "marcus.chen@fabrikam.com", Some("mchen"));
    marcus.role_ids = vec![role(4)];
    marcus.lockout_end = Some(now + Duration::hours(20));
    out.push(marcus);

    let mut priya = person(3, "Priya", "Sharma", "priya.sharma@fabrikam.com", Some("psharma"));
    priya.access_failed_count = 3;
    priya.role_ids = vec![role(4)];
    out.push(priya);

    out.push(person(4, "Jordan", "Lee", "jordan.lee@contoso.com", Some("jlee")));
    let mut old_jordan = person(5, "J.", "Lee", "Jordan.Lee@contoso.com", Some("jordan.lee.old"));
    old_jordan.active = false;
    old_jordan.last_successful_login = Some(now - Duration::days(400));
    out.push(old_jordan);

    out.push(person(6, "Sam", "Rivera", "Sam.Rivera@fabrikam.com", Some("srivera")));
    let mut samantha = person(7, "Samantha", "Rivera", "sam.rivera@fabrikam.com", None);
    samantha.email_confirmed = false;
    out.push(samantha);

    let mut elena = person(8, "Elena", "Petrova", "elena.petrova@northwind.example", None);
    elena.identities.push(ExternalIdentity {
        id: id(1008),
        provider: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0".into(),
        user_key: "9f3b6c1e-2a4d-4e8f-b1c2-7d6e5f4a3b21".into(),
    });
    out.push(elena);

    let mut tom = person(9, "Tom", "Becker", "tom.becker@adatum.example", Some("tbecker"));
    tom.identities.push(ExternalIdentity {
        id: id(1009),
        provider: "Google".into(),
        user_key: "108234987123498712349".into(),
    });
    tom.identities.push(ExternalIdentity { id: id(2009), provider: "Facebook".into(), user_key: "10159234872".into() });
    out.push(tom);

    let mut noah = person(10, "Noah", "Williams", "noah.williams@contoso.com", Some("nwilliams"));
    noah.login_enabled = false;
    out.push(noah);

    let mut grace = person(11, "Grace", "Kim", "grace.kim@adatum.example", Some("gkim"));
    grace.two_factor_enabled = true;
    grace.email_confirmed = false;
    out.push(grace);

    let mut liam = person(12, "Liam", "O'Brien", "liam.obrien@tailspin.example", Some("lobrien"));
    liam.set_password_hash(Some(hash_v3_with_salt("Demo-pass-1", Prf::HmacSha256, 10_000, &[12; 16], 32)));
    out.push(liam);

    let firsts = [
        "Olivia", "Ethan", "Mia", "Lucas", "Sofia", "Mateo", "Amara", "Kenji", "Chloe", "Omar", "Isla", "Ravi", "Zoe",
        "Diego", "Hana", "Felix", "Nora", "Arjun", "Lea", "Kwame",
    ];
    let lasts = ["Garcia", "Müller", "Nakamura", "Okafor", "Rossi", "Johansson", "Dubois", "Silva", "Novak", "Haddad"];
    let domains = ["contoso.com", "fabrikam.com", "adatum.example", "northwind.example"];
    for (i, first) in firsts.iter().enumerate() {
        let n = 20 + i as u32;
        let last = lasts[i % lasts.len()];
        let ascii_last = last.replace('ü', "ue");
        let email = format!("{}.{}@{}", first.to_lowercase(), ascii_last.to_lowercase(), domains[i % domains.len()]);
        let username = format!("{}{}", &first[..1].to_lowercase(), ascii_last.to_lowercase());
        let mut c = person(n, first, last, &email, Some(&username));
        c.email_confirmed = i % 5 != 0;
        if i % 3 == 0 {
            c.role_ids = vec![role(4)];
        }
        if i % 7 == 0 {
            c.role_ids.push(role(5));
        }
        if i % 6 == 1 {
            c.access_failed_count = (i % 4) as i32;
        }
        out.push(c);
    }

    let invitation = |n: u32,
                      name: &str,
                      code: &str,
                      kind: InvitationKind,
                      max: i32,
                      redeemed: Vec<Uuid>,
                      expiry: Option<chrono::NaiveDate>,
                      invited: Vec<Uuid>,
                      roles: Vec<Uuid>,
                      status: InvitationStatus| Invitation {
        id: Uuid::parse_str(&format!("1a0a1c3e-0000-4000-8000-{n:012}")).expect("demo ids are GUIDs"),
        name: name.into(),
        code: code.into(),
        kind,
        max_redemptions: max,
        redemptions: redeemed.len() as i32,
        expiry_date: expiry,
        invited_contact_ids: invited,
        inviter_contact_id: Some(id(1)),
        redeemed_contact_ids: redeemed,
        assign_to_account: None,
        role_ids: roles,
        status,
        created_at: now - Duration::days(i64::from(n) * 10),
    };
    let days = |d: i64| Some((now + Duration::days(d)).date_naive());
    let invitations = vec![
        invitation(
            1,
            "Fabrikam partner onboarding",
            "FABRIKAM-2026",
            InvitationKind::Group,
            25,
            vec![id(2), id(3)],
            days(40),
            vec![],
            vec![role(4)],
            InvitationStatus::Sent,
        ),
        invitation(
            2,
            "Welcome Elena Petrova",
            "K7QM2XWP9RTA",
            InvitationKind::Single,
            1,
            vec![id(8)],
            days(10),
            vec![id(8)],
            vec![],
            InvitationStatus::Redeemed,
        ),
        invitation(
            3,
            "Welcome Samantha Rivera",
            "H4ZT8NCE3VYD",
            InvitationKind::Single,
            1,
            vec![],
            days(14),
            vec![id(7)],
            vec![role(4)],
            InvitationStatus::Sent,
        ),
        invitation(
            4,
            "2024 pilot",
            "PILOT-2024",
            InvitationKind::Group,
            0,
            vec![],
            days(-30),
            vec![],
            vec![role(5)],
            InvitationStatus::Sent,
        ),
        invitation(
            5,
            "Adatum trial (revoked)",
            "ADATUM-TRIAL",
            InvitationKind::Group,
            10,
            vec![],
            days(60),
            vec![],
            vec![],
            InvitationStatus::Inactive,
        ),
    ];
    (out, invitations)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_access_records_pass_their_own_validation() {
        let model = super::demo_access();
        for role in &model.roles {
            role.validate(&model.roles).unwrap();
        }
        for p in &model.table_permissions {
            p.validate(&model).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        }
    }

    #[test]
    fn the_demo_portal_passes_its_own_validation() {
        let valid = super::demo_portal().validate(super::PortalId::new_random()).unwrap();
        assert_eq!(valid.id, super::demo_portal_id());
    }
}
