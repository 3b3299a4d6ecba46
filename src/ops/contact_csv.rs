//! CSV export of any filtered contact list and CSV import of new contacts: a preview with
//! per-row errors first, then one transaction that writes every row or none. Existing password
//! hashes may be imported as they are (v2 or v3); exports never contain hashes.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::domain::contacts::model::{self as rules_mod, Collisions};
use crate::domain::contacts::*;
use crate::domain::Portal;
use crate::error::{Error, Result};
use crate::ops::{contacts, Core};
use crate::store::{ContactFilter, ContactQuery};

/// The columns an export writes, in order (an import reads the same names, in any order).
pub const COLUMNS: [&str; 15] = [
    "id",
    "first_name",
    "last_name",
    "email",
    "email_confirmed",
    "mobile_phone",
    "username",
    "active",
    "two_factor_enabled",
    "lockout_enabled",
    "lockout_end",
    "access_failed_count",
    "login_enabled",
    "last_successful_login",
    "roles",
];

/// Writes every contact the filter covers as CSV; returns how many.
pub async fn export(core: &Core, portal: &Portal, filter: &ContactFilter, out: &mut (dyn Write + Send)) -> Result<u64> {
    let roles: HashMap<Uuid, String> =
        core.store().access_model(portal.id).await?.roles.into_iter().map(|r| (r.id, r.name)).collect();
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| Error::Csv(format!("cannot write the CSV: {e}"));
    w.write_record(COLUMNS).map_err(io)?;
    let mut query = ContactQuery { filter: filter.clone(), limit: 1000, ..Default::default() };
    let mut written = 0u64;
    loop {
        let page = contacts::page(core, portal, &query).await?;
        let ids: Vec<Uuid> = page.rows.iter().map(|r| r.id).collect();
        for c in core.store().contacts(portal.id, &ids).await? {
            let t = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
            let role_names: Vec<&str> = c.role_ids.iter().filter_map(|r| roles.get(r).map(String::as_str)).collect();
            w.write_record([
                c.id.to_string(),
                c.first_name.clone().unwrap_or_default(),
                c.last_name.clone().unwrap_or_default(),
                c.email.clone().unwrap_or_default(),
                c.email_confirmed.to_string(),
                c.mobile_phone.clone().unwrap_or_default(),
                c.username.clone().unwrap_or_default(),
                c.active.to_string(),
                c.two_factor_enabled.to_string(),
                c.lockout_enabled.to_string(),
                t(c.lockout_end),
                c.access_failed_count.to_string(),
                c.login_enabled.to_string(),
                t(c.last_successful_login),
                role_names.join(";"),
            ])
            .map_err(io)?;
            written += 1;
        }
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    w.flush().map_err(|e| Error::Csv(format!("cannot write the CSV: {e}")))?;
    Ok(written)
}

/// Exports to a file: written next to it and renamed into place, so a failed export leaves no
/// half-written file behind.
pub async fn export_to_file(core: &Core, portal: &Portal, filter: &ContactFilter, path: &Path) -> Result<u64> {
    let tmp = path.with_extension("csv.partial");
    let file_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::File { path, source }
    };
    let mut file = std::fs::File::create(&tmp).map_err(file_error(&tmp))?;
    let written = match export(core, portal, filter, &mut file).await {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    file.sync_all().map_err(file_error(&tmp))?;
    std::fs::rename(&tmp, path).map_err(file_error(path))?;
    Ok(written)
}

/// Reads a CSV file and imports it (see [`import`]).
pub async fn import_file(core: &Core, portal: &Portal, path: &Path, apply: bool) -> Result<CsvImportReport> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::File { path: path.to_path_buf(), source })?;
    import(core, portal, &text, apply).await
}

/// One problem with one row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CsvRowError {
    /// The line in the file (1 is the header).
    pub line: u64,
    pub field: String,
    pub message: String,
}

/// What an import would do (or did).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CsvImportReport {
    pub rows: u32,
    pub errors: Vec<CsvRowError>,
    /// The first contacts as they would be created.
    pub sample: Vec<Contact>,
    /// How many were written (0 for a preview or when any row has an error).
    pub created: u32,
    pub ignored_columns: Vec<String>,
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "y" => Some(true),
        "false" | "0" | "no" | "n" => Some(false),
        _ => None,
    }
}

const IMPORTABLE: [&str; 12] = [
    "first_name",
    "last_name",
    "email",
    "email_confirmed",
    "mobile_phone",
    "username",
    "password_hash",
    "active",
    "two_factor_enabled",
    "lockout_enabled",
    "login_enabled",
    "roles",
];

/// Reads a CSV of new contacts under the portal's rules. With `apply`, writes all of them in
/// one transaction, but only when no row has an error.
pub async fn import(core: &Core, portal: &Portal, text: &str, apply: bool) -> Result<CsvImportReport> {
    let (rules, _) = contacts::rules(core, portal).await?;
    let roles = core.store().access_model(portal.id).await?.roles;
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(false).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::Csv(format!("the CSV header cannot be read: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    if !headers.iter().any(|h| ["first_name", "last_name", "email", "username"].contains(&h.as_str())) {
        return Err(Error::Csv(format!(
            "the CSV has none of the columns first_name, last_name, email, username (it has: {})",
            headers.join(", ")
        )));
    }
    let ignored_columns: Vec<String> =
        headers.iter().filter(|h| !IMPORTABLE.contains(&h.as_str()) && h.as_str() != "id").cloned().collect();
    let now = core.clock().now();
    let mut report = CsvImportReport { rows: 0, errors: Vec::new(), sample: Vec::new(), created: 0, ignored_columns };
    let mut new_contacts: Vec<Contact> = Vec::new();
    let mut seen_emails: HashMap<String, u64> = HashMap::new();
    let mut seen_usernames: HashMap<String, u64> = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        report.rows += 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                report.errors.push(CsvRowError { line, field: String::new(), message: format!("cannot be read: {e}") });
                continue;
            }
        };
        let get = |name: &str| -> Option<String> {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|p| record.get(p))
                .map(str::to_owned)
                .filter(|v| !v.is_empty())
        };
        let mut err = |field: &str, message: String| {
            report.errors.push(CsvRowError { line, field: field.into(), message });
        };
        let draft = ContactDraft {
            first_name: get("first_name"),
            last_name: get("last_name"),
            email: get("email"),
            mobile_phone: get("mobile_phone"),
            username: get("username"),
        };
        let mut collisions = Collisions::default();
        if let Some(e) = &draft.email {
            if let Some(first) = seen_emails.insert(rules_mod::email_key(e), line) {
                collisions.email.push(format!("line {first} of this file"));
            }
        }
        if let Some(u) = &draft.username {
            if let Some(first) = seen_usernames.insert(u.to_lowercase(), line) {
                collisions.username.push(format!("line {first} of this file"));
            }
        }
        for row in core
            .store()
            .contacts_matching(portal.id, draft.email.as_deref(), draft.username.as_deref(), core.clock().now())
            .await?
        {
            if draft
                .email
                .as_deref()
                .zip(row.email.as_deref())
                .is_some_and(|(a, b)| rules_mod::email_key(a) == rules_mod::email_key(b))
            {
                collisions.email.push(row.name.clone());
            }
            if draft.username.as_deref().zip(row.username.as_deref()).is_some_and(|(a, b)| a.eq_ignore_ascii_case(b)) {
                collisions.username.push(row.name.clone());
            }
        }
        let mut c = Contact::new(Uuid::new_v4(), &rules, now);
        if let Err(errors) = rules_mod::apply_draft(&mut c, &draft, &rules, &collisions) {
            for f in errors.fields {
                err(&f.field, f.message);
            }
        }
        for (field, target) in [
            ("email_confirmed", &mut c.email_confirmed as &mut bool),
            ("active", &mut c.active),
            ("two_factor_enabled", &mut c.two_factor_enabled),
            ("lockout_enabled", &mut c.lockout_enabled),
            ("login_enabled", &mut c.login_enabled),
        ] {
            if let Some(v) = get(field) {
                match parse_bool(&v) {
                    Some(b) => *target = b,
                    None => err(field, format!("\"{v}\" is not true or false.")),
                }
            }
        }
        if c.email_confirmed && c.email.is_none() {
            err("email_confirmed", "A contact without an e-mail address cannot have it confirmed.".into());
        }
        if c.two_factor_enabled && !(c.email_confirmed && c.email.is_some()) {
            err("two_factor_enabled", "Two-factor authentication needs a confirmed e-mail address.".into());
        }
        if let Some(h) = get("password_hash") {
            match hash::format_of(&h) {
                Ok(_) => c.set_password_hash(Some(h)),
                Err(e) => err("password_hash", format!("{e}.")),
            }
        }
        if let Some(names) = get("roles") {
            for name in names.split(';').map(str::trim).filter(|n| !n.is_empty()) {
                match roles.iter().find(|r| r.name.eq_ignore_ascii_case(name) || r.id.to_string() == name) {
                    Some(r) if !c.role_ids.contains(&r.id) => c.role_ids.push(r.id),
                    Some(_) => {}
                    None => err("roles", format!("There is no web role \"{name}\" in this portal.")),
                }
            }
        }
        if report.sample.len() < 20 {
            report.sample.push(c.clone());
        }
        new_contacts.push(c);
    }
    if apply && report.errors.is_empty() && !new_contacts.is_empty() {
        core.store().insert_contacts(portal.id, &new_contacts, core.actor(), now, "CSV import").await?;
        core.announce().await;
        report.created = new_contacts.len() as u32;
    }
    Ok(report)
}
