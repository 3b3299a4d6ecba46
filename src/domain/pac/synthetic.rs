//! A generated code-site folder of any size, shaped like a real download (settings, roles,
//! website access, page rules, permissions with parents and role links), for benchmarks and
//! tests of large folders.

use uuid::Uuid;

use super::FolderFiles;

fn id(kind: u32, n: u32) -> Uuid {
    Uuid::from_u128((u128::from(kind) << 96) | u128::from(n) | 0x4000_8000_0000_0000_0000)
}

/// A code-site layout root (`.powerpages-site` content) with about `records` records: 60 %
/// site settings, 1 % web roles, and the rest split over website access, page rules and table
/// permissions (every fifth permission a child of the one before). Returns the files and the
/// exact number of records.
pub fn code_site(records: u32) -> (FolderFiles, u32) {
    let mut files: FolderFiles = Vec::new();
    let mut push = |path: String, text: String| files.push((path, text.into_bytes()));
    push("website.yml".into(), format!("id: {}\nname: Synthetic portal\nwebsite_language: 1033\n", id(0, 1)));
    let roles = (records / 100).max(2);
    let settings = records * 6 / 10;
    let rest = records.saturating_sub(roles + settings);
    let (access, rules) = (rest / 5, rest / 5);
    let perms = rest - access - rules;
    for n in 0..roles {
        push(
            format!("web-roles/Role-{n}.webrole.yml"),
            format!(
                "anonymoususersrole: {}\nauthenticatedusersrole: {}\ndescription: Generated role {n}\nid: {}\nname: Role {n}\n",
                n == 0,
                n == 1,
                id(1, n)
            ),
        );
    }
    for n in 0..settings {
        push(
            format!("site-settings/Synthetic-Group{}-Setting{n}.sitesetting.yml", n % 50),
            format!(
                "description: 'Generated setting {n}: used by the benchmark'\nid: {}\nname: Synthetic/Group{}/Setting{n}\nvalue: {}\n",
                id(2, n),
                n % 50,
                if n % 3 == 0 { "true".to_owned() } else { format!("00:{:02}:00", n % 60) }
            ),
        );
    }
    let role = |n: u32| id(1, n % roles);
    for n in 0..access {
        push(
            format!("website-accesss/Access-{n}.websiteaccess.yml"),
            format!(
                "adx_websiteaccess_webrole:\n- {}\nid: {}\nmanagecontentsnippets: true\nmanagesitemarkers: false\nmanageweblinksets: {}\nname: Access {n}\npreviewunpublishedentities: false\n",
                role(n),
                id(3, n),
                n % 2 == 0
            ),
        );
    }
    for n in 0..rules {
        push(
            format!("webpage-rules/Rule-{n}.webpagerule.yml"),
            format!(
                "adx_webpageaccesscontrolrule_webrole:\n- {}\n- {}\nid: {}\nname: Rule {n}\nright: {}\nwebpageid: {}\n",
                role(n),
                role(n + 1),
                id(4, n),
                1 + n % 2,
                id(9, n)
            ),
        );
    }
    for n in 0..perms {
        let parent = if n % 5 != 0 {
            format!("parententitypermission: {}\nparentrelationship: rel_{n}\n", id(5, n - 1))
        } else {
            String::new()
        };
        let scope = if n % 5 != 0 { 756_150_003 } else { 756_150_001 };
        push(
            format!("table-permissions/Permission-{n}.tablepermission.yml"),
            format!(
                "adx_entitypermission_webrole:\n- {}\nappend: false\nappendto: true\ncontactrelationship: contact_rel_{n}\ncreate: {}\ndelete: false\nentitylogicalname: new_table{}\nentityname: Permission {n}\nid: {}\n{parent}read: true\nscope: {scope}\nwrite: {}\n",
                role(n),
                n % 2 == 0,
                n % 40,
                id(5, n),
                n % 3 == 0
            ),
        );
    }
    (files, roles + settings + access + rules + perms)
}
