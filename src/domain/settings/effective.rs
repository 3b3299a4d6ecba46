//! What the portal will really do with its site settings: the record that wins for each name
//! (first active match, ignoring case), the parsed value, and why it differs from what is stored.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use super::catalogue::{self, Dependency, SettingDef, SettingGroup, SettingKind};
use super::parse::{self, TimeSpan};

/// One site-setting record, as Dataverse keeps it (`adx_sitesetting` / `mspp_sitesetting`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SiteSetting {
    pub id: Uuid,
    pub name: String,
    /// The stored text; `None` when empty, or when the value is a secret kept in the keyring.
    pub value: Option<String>,
    pub description: Option<String>,
    /// Inactive records (statecode 1) are ignored by the runtime.
    pub active: bool,
    /// The value lives in the OS keyring, not in the workspace.
    pub secret_in_keyring: bool,
}

impl SiteSetting {
    pub fn new(name: impl Into<String>, value: Option<String>) -> Self {
        Self { id: Uuid::new_v4(), name: name.into(), value, description: None, active: true, secret_in_keyring: false }
    }
}

/// A value the runtime understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    Bool(bool),
    Int(i32),
    TimeSpan(TimeSpan),
    Text(String),
}

impl Typed {
    /// The canonical text of the value (what a clean record would hold).
    pub fn canonical(&self) -> String {
        match self {
            Typed::Bool(b) => b.to_string(),
            Typed::Int(i) => i.to_string(),
            Typed::TimeSpan(t) => t.to_string(),
            Typed::Text(s) => s.clone(),
        }
    }
}

/// The runtime's reading of `raw` for a setting of this kind, or why it ignores it.
pub fn parse_value(kind: &SettingKind, raw: &str) -> Result<Typed, String> {
    match kind {
        SettingKind::Bool => {
            parse::parse_bool(raw).map(Typed::Bool).ok_or_else(|| format!("\"{raw}\" is not true or false"))
        }
        SettingKind::Int { .. } => {
            parse::parse_int(raw).map(Typed::Int).ok_or_else(|| format!("\"{raw}\" is not a whole number"))
        }
        SettingKind::TimeSpan => parse::parse_timespan(raw)
            .map(Typed::TimeSpan)
            .ok_or_else(|| format!("\"{raw}\" is not a .NET TimeSpan (d.hh:mm:ss, hours 0-23)")),
        SettingKind::Enum { values } => {
            let names: Vec<&str> = values.iter().map(String::as_str).collect();
            parse::parse_enum(raw, &names)
                .map(|v| Typed::Text(v.to_owned()))
                .ok_or_else(|| format!("\"{raw}\" is not one of {} (letter case matters)", values.join(", ")))
        }
        SettingKind::Text | SettingKind::Url | SettingKind::List | SettingKind::Path | SettingKind::Secret => {
            if raw.trim().is_empty() {
                Err("the value is empty".to_owned())
            } else {
                Ok(Typed::Text(raw.to_owned()))
            }
        }
    }
}

/// Where an effective value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    /// No active record: the runtime's default.
    Default,
    /// The winning record's value.
    Stored,
    /// The winning record's value does not parse: the runtime's default.
    Unparsable,
    /// A secret held in the OS keyring.
    Keyring,
}

/// One setting as the app shows it: stored, effective, default, and why they differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EffectiveSetting {
    /// The catalogue's spelling for known settings, else the stored name.
    pub name: String,
    pub in_catalogue: bool,
    pub kind: Option<SettingKind>,
    pub group: Option<SettingGroup>,
    pub description: Option<String>,
    pub default: Option<String>,
    pub depends_on: Option<Dependency>,
    pub warning: Option<String>,
    /// The winning record (first active record with this name, ignoring case).
    pub record_id: Option<Uuid>,
    /// The winning record's name as stored (may differ in letter case).
    pub stored_name: Option<String>,
    /// The winning record's value as stored.
    pub stored: Option<String>,
    /// What the runtime uses, in canonical form; `None` when nothing applies.
    pub effective: Option<String>,
    pub source: ValueSource,
    /// Why the effective value differs from what is stored, or other things to know.
    pub notes: Vec<String>,
    /// The effective value differs from the default.
    pub changed: bool,
    /// Other active records with the same name that lose (first match wins).
    pub shadowed: Vec<Uuid>,
    /// Why the setting has no effect right now (its controlling setting is off).
    pub inactive_because: Option<String>,
    /// Whether resetting it to the default would change anything: a catalogued setting whose
    /// stored record differs from the default, is ignored by the runtime, or is shadowed.
    pub resettable: bool,
}

/// The site settings of one portal, indexed the way the runtime looks them up.
#[derive(Debug, Clone)]
pub struct Settings {
    records: Vec<SiteSetting>,
    /// Lower-cased name → indexes of active records, in record order.
    by_name: HashMap<String, Vec<usize>>,
}

impl Settings {
    /// `records` in lookup order (the first match wins).
    pub fn new(records: Vec<SiteSetting>) -> Self {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            if r.active {
                by_name.entry(r.name.to_lowercase()).or_default().push(i);
            }
        }
        Self { records, by_name }
    }

    pub fn records(&self) -> &[SiteSetting] {
        &self.records
    }

    /// The record the runtime reads for `name`.
    pub fn winner(&self, name: &str) -> Option<&SiteSetting> {
        self.by_name.get(&name.to_lowercase()).and_then(|v| v.first()).map(|&i| &self.records[i])
    }

    /// Every active record named `name` (ignoring case), in lookup order.
    pub fn all_named(&self, name: &str) -> Vec<&SiteSetting> {
        self.by_name
            .get(&name.to_lowercase())
            .map(|v| v.iter().map(|&i| &self.records[i]).collect())
            .unwrap_or_default()
    }

    /// Every record (active or not) named `name`, ignoring case.
    pub fn records_named(&self, name: &str) -> Vec<&SiteSetting> {
        let lower = name.to_lowercase();
        self.records.iter().filter(|r| r.name.to_lowercase() == lower).collect()
    }

    /// Groups of active records sharing a name (ignoring case), in record order.
    pub fn duplicate_groups(&self) -> Vec<Vec<&SiteSetting>> {
        let mut groups: Vec<&Vec<usize>> = self.by_name.values().filter(|v| v.len() > 1).collect();
        groups.sort_by_key(|v| v[0]);
        groups.into_iter().map(|v| v.iter().map(|&i| &self.records[i]).collect()).collect()
    }

    /// The typed value the runtime uses for a catalogued setting (default when absent or bad).
    pub fn typed(&self, name: &str) -> Option<Typed> {
        let def = catalogue::lookup(name)?;
        self.typed_with(&def)
    }

    fn typed_with(&self, def: &SettingDef) -> Option<Typed> {
        let stored =
            self.winner(&def.name).and_then(|r| r.value.as_deref()).and_then(|v| parse_value(&def.kind, v).ok());
        stored.or_else(|| def.default.as_deref().and_then(|d| parse_value(&def.kind, d).ok()))
    }

    /// A catalogued boolean's effective value (false when it has no default and no value).
    pub fn bool(&self, name: &str) -> bool {
        matches!(self.typed(name), Some(Typed::Bool(true)))
    }

    /// A catalogued integer's effective value.
    pub fn int(&self, name: &str) -> Option<i32> {
        match self.typed(name) {
            Some(Typed::Int(i)) => Some(i),
            _ => None,
        }
    }

    /// A catalogued TimeSpan's effective value.
    pub fn timespan(&self, name: &str) -> Option<TimeSpan> {
        match self.typed(name) {
            Some(Typed::TimeSpan(t)) => Some(t),
            _ => None,
        }
    }

    /// The winning record's text, when not empty (for uncatalogued or free-text settings).
    pub fn text(&self, name: &str) -> Option<&str> {
        self.winner(name).and_then(|r| r.value.as_deref()).filter(|v| !v.trim().is_empty())
    }

    /// Whether a secret setting has a value (in the keyring or, wrongly, in plain text).
    pub fn has_secret(&self, name: &str) -> bool {
        self.winner(name)
            .is_some_and(|r| r.secret_in_keyring || r.value.as_deref().is_some_and(|v| !v.trim().is_empty()))
    }

    /// The full view of one setting by name: catalogued or not.
    pub fn effective(&self, name: &str) -> EffectiveSetting {
        match catalogue::lookup(name) {
            Some(def) => self.effective_of(&def),
            None => self.effective_unknown(name),
        }
    }

    /// The view of a catalogued setting.
    pub fn effective_of(&self, def: &SettingDef) -> EffectiveSetting {
        let matches = self.all_named(&def.name);
        let winner = matches.first().copied();
        let mut notes = Vec::new();
        let default_typed = def.default.as_deref().and_then(|d| parse_value(&def.kind, d).ok());
        let (effective, source) = match winner {
            None => {
                if let Some(d) = &def.default {
                    notes.push(format!("Not set: the runtime uses the default, {}.", describe(&def.kind, d)));
                }
                (default_typed.clone(), ValueSource::Default)
            }
            Some(r) if r.secret_in_keyring => (Some(Typed::Text("(in keyring)".into())), ValueSource::Keyring),
            Some(r) => match r.value.as_deref().map(|v| (v, parse_value(&def.kind, v))) {
                Some((raw, Ok(typed))) => {
                    if let Some((actual, meant)) = parse::timespan_trap(raw) {
                        notes.push(format!(
                            "\"{raw}\" means {} to the runtime, not {} (hours above 23 are read as days). Write {meant} for {}.",
                            actual.describe(),
                            meant.describe(),
                            meant.describe()
                        ));
                    } else if typed.canonical() != raw
                        && def.kind != SettingKind::Text
                        && def.kind != SettingKind::Secret
                    {
                        notes.push(format!("Stored as \"{raw}\"; the runtime reads it as {}.", typed.canonical()));
                    }
                    (Some(typed), ValueSource::Stored)
                }
                Some((_, Err(why))) => {
                    notes.push(match &def.default {
                        Some(d) => {
                            format!("{why}: the runtime ignores it and uses the default, {}.", describe(&def.kind, d))
                        }
                        None => format!("{why}: the runtime ignores it."),
                    });
                    (default_typed.clone(), ValueSource::Unparsable)
                }
                None => {
                    notes.push(match &def.default {
                        Some(d) => format!("Empty: the runtime uses the default, {}.", describe(&def.kind, d)),
                        None => "Empty: the runtime ignores it.".to_owned(),
                    });
                    (default_typed.clone(), ValueSource::Unparsable)
                }
            },
        };
        if matches.len() > 1 {
            notes.push(format!(
                "{} more active record{} named like this; the runtime reads only the first.",
                matches.len() - 1,
                if matches.len() == 2 { " is" } else { "s are" }
            ));
        }
        if let Some(r) = winner {
            if r.name != def.name {
                notes.push(format!("Stored as \"{}\" (names match ignoring case).", r.name));
            }
        }
        let inactive_because = def.depends_on.as_ref().and_then(|dep| {
            let controlling = self.typed(&dep.setting).map(|t| t.canonical());
            (controlling.as_deref() != Some(dep.value.as_str())).then(|| {
                format!("Has no effect while {} is {}.", dep.setting, controlling.as_deref().unwrap_or("not set"))
            })
        });
        let changed = source == ValueSource::Keyring
            || effective.as_ref().map(Typed::canonical) != default_typed.as_ref().map(Typed::canonical);
        redact(EffectiveSetting {
            name: def.name.clone(),
            in_catalogue: true,
            kind: Some(def.kind.clone()),
            group: Some(def.group),
            description: Some(def.description.clone()),
            default: def.default.clone(),
            depends_on: def.depends_on.clone(),
            warning: def.warning.clone(),
            record_id: winner.map(|r| r.id),
            stored_name: winner.map(|r| r.name.clone()),
            stored: winner.and_then(|r| r.value.clone()),
            effective: effective.map(|t| t.canonical()),
            source,
            notes,
            changed,
            resettable: winner.is_some() && (changed || source == ValueSource::Unparsable || matches.len() > 1),
            shadowed: matches.iter().skip(1).map(|r| r.id).collect(),
            inactive_because,
        })
    }

    fn effective_unknown(&self, name: &str) -> EffectiveSetting {
        let matches = self.all_named(name);
        let winner = matches.first().copied();
        let mut notes = Vec::new();
        if matches.len() > 1 {
            notes.push(format!(
                "{} more active records named like this; the runtime reads only the first.",
                matches.len() - 1
            ));
        }
        redact(EffectiveSetting {
            name: winner.map(|r| r.name.clone()).unwrap_or_else(|| name.to_owned()),
            in_catalogue: false,
            kind: None,
            group: None,
            description: winner.and_then(|r| r.description.clone()),
            default: None,
            depends_on: None,
            warning: None,
            record_id: winner.map(|r| r.id),
            stored_name: winner.map(|r| r.name.clone()),
            stored: winner.and_then(|r| r.value.clone()),
            effective: winner
                .and_then(|r| if r.secret_in_keyring { Some("(in keyring)".into()) } else { r.value.clone() }),
            source: match winner {
                None => ValueSource::Default,
                Some(r) if r.secret_in_keyring => ValueSource::Keyring,
                Some(_) => ValueSource::Stored,
            },
            notes,
            changed: winner.is_some(),
            shadowed: matches.iter().skip(1).map(|r| r.id).collect(),
            inactive_because: None,
            resettable: false,
        })
    }

    /// Every setting to show: the whole portal-wide catalogue, then every other stored name
    /// (provider settings and settings that are not about authentication), by name.
    pub fn all_effective(&self) -> Vec<EffectiveSetting> {
        let mut out: Vec<EffectiveSetting> =
            catalogue::portal_settings().iter().map(|d| self.effective_of(d)).collect();
        let mut seen: std::collections::HashSet<String> = out.iter().map(|e| e.name.to_lowercase()).collect();
        let mut rest: Vec<&SiteSetting> = self.records.iter().filter(|r| seen.insert(r.name.to_lowercase())).collect();
        rest.sort_by_key(|r| r.name.to_lowercase());
        out.extend(rest.into_iter().map(|r| self.effective(&r.name)));
        out
    }
}

/// What views show instead of a secret that sits in plain text.
pub const HIDDEN_SECRET: &str = "(hidden: a secret stored in plain text)";

/// Views never carry secret values: a plain-text secret shows as [`HIDDEN_SECRET`].
fn redact(mut e: EffectiveSetting) -> EffectiveSetting {
    if catalogue::is_secret_name(&e.name) && e.source != ValueSource::Keyring {
        if e.stored.is_some() {
            e.stored = Some(HIDDEN_SECRET.to_owned());
        }
        if e.effective.is_some() {
            e.effective = Some(HIDDEN_SECRET.to_owned());
        }
        e.notes.retain(|n| !n.contains("Stored as"));
    }
    e
}

/// A default as people read it: TimeSpans with their meaning.
pub fn describe(kind: &SettingKind, value: &str) -> String {
    match (kind, parse::parse_timespan(value)) {
        (SettingKind::TimeSpan, Some(t)) => format!("{value} ({})", t.describe()),
        _ => value.to_owned(),
    }
}

/// Whether `value` is acceptable to write for this catalogued setting; the reason when not.
/// Stricter than the runtime: it refuses what the runtime would silently ignore or misread.
pub fn check_new_value(def: &SettingDef, value: &str) -> Result<String, String> {
    if def.kind == SettingKind::TimeSpan {
        if let Some((actual, meant)) = parse::timespan_trap(value) {
            return Err(format!(
                "\"{value}\" would mean {} to the portal, not {} (.NET reads hours above 23 as days). Write {meant} for {}, or {actual} if you really mean {}.",
                actual.describe(),
                meant.describe(),
                meant.describe(),
                actual.describe()
            ));
        }
    }
    let typed = parse_value(&def.kind, value).map_err(|why| format!("{why}."))?;
    match (&def.kind, &typed) {
        (SettingKind::Int { min, max }, Typed::Int(i)) if i < min || i > max => {
            return Err(format!("{i} is out of range: use a number from {min} to {max}."));
        }
        (SettingKind::TimeSpan, Typed::TimeSpan(t)) if t.ticks < 0 => {
            return Err("A negative duration makes no sense here.".to_owned());
        }
        (SettingKind::Url, Typed::Text(s)) => {
            let url = url::Url::parse(s.trim()).map_err(|e| format!("\"{s}\" is not an absolute URL ({e})."))?;
            if !matches!(url.scheme(), "https" | "http") {
                return Err(format!("\"{s}\" must be an https:// URL."));
            }
        }
        (SettingKind::Path, Typed::Text(s)) if !s.starts_with('/') => {
            return Err(format!("\"{s}\" must be a path starting with /."));
        }
        _ => {}
    }
    Ok(typed.canonical())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::settings::catalogue::*;

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        Settings::new(pairs.iter().map(|(n, v)| SiteSetting::new(*n, Some((*v).to_owned()))).collect())
    }

    #[test]
    fn the_first_record_whose_name_matches_ignoring_case_wins() {
        let s = settings(&[
            ("authentication/registration/enabled", "false"),
            ("Authentication/Registration/Enabled", "true"),
        ]);
        let e = s.effective(REGISTRATION_ENABLED);
        assert_eq!(e.effective.as_deref(), Some("false"));
        assert_eq!(e.shadowed.len(), 1);
        assert!(e.notes.iter().any(|n| n.contains("reads only the first")), "{:?}", e.notes);
        assert!(!s.bool(REGISTRATION_ENABLED));
    }

    #[test]
    fn inactive_records_are_ignored() {
        let mut records = vec![SiteSetting::new(REGISTRATION_ENABLED, Some("false".into()))];
        records[0].active = false;
        let s = Settings::new(records);
        assert!(s.bool(REGISTRATION_ENABLED), "the default applies");
        assert_eq!(s.effective(REGISTRATION_ENABLED).source, ValueSource::Default);
    }

    #[test]
    fn an_unparsable_value_behaves_as_the_default_and_says_why() {
        let s = settings(&[(TWO_FACTOR_ENABLED, "yes"), (MAX_FAILED_ATTEMPTS, "five")]);
        let e = s.effective(TWO_FACTOR_ENABLED);
        assert_eq!(e.source, ValueSource::Unparsable);
        assert_eq!(e.effective.as_deref(), Some("false"));
        assert!(e.notes[0].contains("\"yes\" is not true or false"), "{:?}", e.notes);
        assert_eq!(s.int(MAX_FAILED_ATTEMPTS), Some(5));
        assert!(e.resettable, "a reset makes the stored value one the runtime reads");
    }

    #[test]
    fn a_reset_is_offered_only_where_it_would_change_something() {
        let s = settings(&[(LOCKOUT_TIMESPAN, "24:00:00"), (MAX_FAILED_ATTEMPTS, "5"), (TWO_FACTOR_ENABLED, "false")]);
        assert!(s.effective(LOCKOUT_TIMESPAN).resettable, "24 days is not the default");
        assert!(!s.effective(MAX_FAILED_ATTEMPTS).resettable, "5 is the default already");
        assert!(!s.effective(TRIGGER_LOCKOUT).resettable, "nothing stored");
        let twice =
            settings(&[(TWO_FACTOR_ENABLED, "false"), ("authentication/registration/twofactorenabled", "true")]);
        assert!(twice.effective(TWO_FACTOR_ENABLED).resettable, "a shadowed record goes with a reset");
        assert!(!s.effective("Search/Enabled").resettable, "no default outside the catalogue");
    }

    #[test]
    fn lenient_booleans_count_and_the_canonical_reading_is_shown() {
        let s = settings(&[(TWO_FACTOR_ENABLED, " TRUE ")]);
        let e = s.effective(TWO_FACTOR_ENABLED);
        assert_eq!(e.effective.as_deref(), Some("true"));
        assert!(e.changed);
        assert!(e.notes[0].contains("reads it as true"), "{:?}", e.notes);
    }

    #[test]
    fn the_timespan_trap_is_explained_on_the_setting() {
        let s = settings(&[(LOCKOUT_TIMESPAN, "24:00:00")]);
        assert_eq!(s.timespan(LOCKOUT_TIMESPAN), Some(TimeSpan::from_days(24)));
        let e = s.effective(LOCKOUT_TIMESPAN);
        assert_eq!(e.effective.as_deref(), Some("24.00:00:00"));
        assert!(e.notes[0].contains("means 24 days"), "{:?}", e.notes);
        assert!(e.changed, "24 days differs from the one-day default");
    }

    #[test]
    fn dependent_settings_say_when_they_have_no_effect() {
        let s = settings(&[(REGISTRATION_ENABLED, "false"), (OPEN_REGISTRATION_ENABLED, "true")]);
        let e = s.effective(OPEN_REGISTRATION_ENABLED);
        assert_eq!(
            e.inactive_because.as_deref(),
            Some("Has no effect while Authentication/Registration/Enabled is false.")
        );
        assert!(settings(&[]).effective(OPEN_REGISTRATION_ENABLED).inactive_because.is_none());
    }

    #[test]
    fn every_setting_is_listed_and_unknown_ones_are_kept_as_they_are() {
        let s = settings(&[("Search/Enabled", "true"), ("Authentication/OpenAuth/Google/ClientId", "abc")]);
        let all = s.all_effective();
        let search = all.iter().find(|e| e.name == "Search/Enabled").unwrap();
        assert!(!search.in_catalogue);
        assert_eq!(search.effective.as_deref(), Some("true"));
        let google = all.iter().find(|e| e.name == "Authentication/OpenAuth/Google/ClientId").unwrap();
        assert!(google.in_catalogue);
        assert!(all.len() > catalogue::portal_settings().len());
    }

    #[test]
    fn secrets_stored_in_plain_text_never_appear_in_views() {
        let s = settings(&[("Authentication/OpenAuth/Google/ClientSecret", "s3cret"), ("Custom/ApiSecret", "x")]);
        let e = s.effective("Authentication/OpenAuth/Google/ClientSecret");
        assert_eq!(e.stored.as_deref(), Some(HIDDEN_SECRET));
        assert_eq!(e.effective.as_deref(), Some(HIDDEN_SECRET));
        assert!(!format!("{:?}", s.all_effective()).contains("s3cret"));
    }

    #[test]
    fn new_values_are_checked_against_the_setting_type() {
        let def = lookup(LOCKOUT_TIMESPAN).unwrap();
        let err = check_new_value(&def, "24:00:00").unwrap_err();
        assert!(err.contains("would mean 24 days") && err.contains("1.00:00:00"), "{err}");
        assert_eq!(check_new_value(&def, "2.00:00:00").unwrap(), "2.00:00:00");
        let length = lookup(PASSWORD_REQUIRED_LENGTH).unwrap();
        assert_eq!(check_new_value(&length, "0").unwrap_err(), "0 is out of range: use a number from 1 to 128.");
        assert_eq!(check_new_value(&lookup(TWO_FACTOR_ENABLED).unwrap(), "True").unwrap(), "true");
        assert!(check_new_value(&lookup("Authentication/OpenIdConnect/B2C/Authority").unwrap(), "not a url").is_err());
        let secure = lookup("Authentication/ApplicationCookie/CookieSecure").unwrap();
        assert!(check_new_value(&secure, "always").unwrap_err().contains("letter case matters"));
    }
}
