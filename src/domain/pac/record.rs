//! One modelled record of a portal folder: reading it from a YAML mapping in either key style
//! (`adx_name` / `mspp_name` / `name`, `adx_sitesettingid` / `id`), with typed errors naming the
//! file and line, and writing it back in a chosen layout's key style.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use super::yaml::{Node, Out};
use super::{FolderProblem, Layout};
use crate::domain::access::{
    PageRight, PageRule, PageRuleScope, Privileges, Scope, TablePermission, WebRole, WebsiteAccess,
    PERMISSION_NAME_MAX, ROLE_DESCRIPTION_MAX, ROLE_NAME_MAX, TABLE_NAME_MAX,
};
use crate::domain::settings::SiteSetting;

/// The modelled record kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    SiteSetting,
    WebRole,
    WebsiteAccess,
    PageRule,
    TablePermission,
}

impl RecordKind {
    pub const ALL: [RecordKind; 5] = [
        RecordKind::SiteSetting,
        RecordKind::WebRole,
        RecordKind::WebsiteAccess,
        RecordKind::PageRule,
        RecordKind::TablePermission,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::SiteSetting => "site_setting",
            RecordKind::WebRole => "web_role",
            RecordKind::WebsiteAccess => "website_access",
            RecordKind::PageRule => "page_rule",
            RecordKind::TablePermission => "table_permission",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A person's name for the kind.
    pub fn title(self) -> &'static str {
        match self {
            RecordKind::SiteSetting => "site setting",
            RecordKind::WebRole => "web role",
            RecordKind::WebsiteAccess => "website access",
            RecordKind::PageRule => "page rule",
            RecordKind::TablePermission => "table permission",
        }
    }

    /// The Dataverse table without prefix (`sitesetting`); the primary key is this plus `id`.
    pub fn table(self) -> &'static str {
        match self {
            RecordKind::SiteSetting => "sitesetting",
            RecordKind::WebRole => "webrole",
            RecordKind::WebsiteAccess => "websiteaccess",
            RecordKind::PageRule => "webpageaccesscontrolrule",
            RecordKind::TablePermission => "entitypermission",
        }
    }

    /// The many-to-many key linking the record to web roles (always spelt with `adx_`).
    pub fn role_links_key(self) -> Option<&'static str> {
        match self {
            RecordKind::WebsiteAccess => Some("adx_websiteaccess_webrole"),
            RecordKind::PageRule => Some("adx_webpageaccesscontrolrule_webrole"),
            RecordKind::TablePermission => Some("adx_entitypermission_webrole"),
            _ => None,
        }
    }

    /// The file suffix of one record (`.sitesetting.yml`).
    pub fn file_suffix(self) -> &'static str {
        match self {
            RecordKind::SiteSetting => ".sitesetting.yml",
            RecordKind::WebRole => ".webrole.yml",
            RecordKind::WebsiteAccess => ".websiteaccess.yml",
            RecordKind::PageRule => ".webpagerule.yml",
            RecordKind::TablePermission => ".tablepermission.yml",
        }
    }
}

/// The typed part of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RecordBody {
    Setting(SiteSetting),
    Role(WebRole),
    Access(WebsiteAccess),
    Rule(PageRule),
    Permission(TablePermission),
}

/// A modelled record with the fields the app does not model (keys as the source file spelt them)
/// and the file it came from (relative to the layout root), so an export keeps file names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PacRecord {
    pub body: RecordBody,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub file: Option<String>,
}

impl PacRecord {
    pub fn kind(&self) -> RecordKind {
        match &self.body {
            RecordBody::Setting(_) => RecordKind::SiteSetting,
            RecordBody::Role(_) => RecordKind::WebRole,
            RecordBody::Access(_) => RecordKind::WebsiteAccess,
            RecordBody::Rule(_) => RecordKind::PageRule,
            RecordBody::Permission(_) => RecordKind::TablePermission,
        }
    }

    pub fn id(&self) -> Uuid {
        match &self.body {
            RecordBody::Setting(r) => r.id,
            RecordBody::Role(r) => r.id,
            RecordBody::Access(r) => r.id,
            RecordBody::Rule(r) => r.id,
            RecordBody::Permission(r) => r.id,
        }
    }

    pub fn name(&self) -> &str {
        match &self.body {
            RecordBody::Setting(r) => &r.name,
            RecordBody::Role(r) => &r.name,
            RecordBody::Access(r) => &r.name,
            RecordBody::Rule(r) => &r.name,
            RecordBody::Permission(r) => &r.name,
        }
    }

    pub fn role_ids(&self) -> &[Uuid] {
        match &self.body {
            RecordBody::Access(r) => &r.role_ids,
            RecordBody::Rule(r) => &r.role_ids,
            RecordBody::Permission(r) => &r.role_ids,
            _ => &[],
        }
    }

    /// The record's fields in canonical (code-site) key style, as display text, for diffs.
    /// Secret values are never shown.
    pub fn display_fields(&self, secret: impl Fn(&str) -> bool) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (key, value) in self.typed_fields() {
            let text = match value {
                Out::Text(t) => t,
                Out::Bool(b) => b.to_string(),
                Out::Int(n) => n.to_string(),
                Out::Guids(ids) => ids.join(", "),
                Out::Json(v) => v.to_string(),
            };
            out.insert(key, text);
        }
        if let RecordBody::Setting(s) = &self.body {
            if secret(&s.name) && (s.value.is_some() || s.secret_in_keyring) {
                out.insert("value".into(), "(secret)".into());
            }
        }
        for (key, value) in &self.extra {
            out.insert(canonical_key(key, self.kind()), value.to_string());
        }
        out
    }

    /// The modelled fields in canonical key style, sorted, without the empty ones.
    fn typed_fields(&self) -> Vec<(String, Out)> {
        let mut f: Vec<(String, Out)> = Vec::new();
        let text = |f: &mut Vec<(String, Out)>, k: &str, v: &Option<String>| {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                f.push((k.to_owned(), Out::Text(v.clone())));
            }
        };
        let guids = |ids: &[Uuid]| {
            let mut v: Vec<String> = ids.iter().map(Uuid::to_string).collect();
            v.sort();
            Out::Guids(v)
        };
        let kind = self.kind();
        f.push(("id".into(), Out::Text(self.id().to_string())));
        match &self.body {
            RecordBody::Setting(s) => {
                f.push(("name".into(), Out::Text(s.name.clone())));
                text(&mut f, "value", &s.value);
                text(&mut f, "description", &s.description);
                state(&mut f, s.active);
            }
            RecordBody::Role(r) => {
                f.push(("name".into(), Out::Text(r.name.clone())));
                text(&mut f, "description", &r.description);
                f.push(("anonymoususersrole".into(), Out::Bool(r.anonymous_users_role)));
                f.push(("authenticatedusersrole".into(), Out::Bool(r.authenticated_users_role)));
                state(&mut f, r.active);
            }
            RecordBody::Access(a) => {
                f.push(("name".into(), Out::Text(a.name.clone())));
                f.push(("managecontentsnippets".into(), Out::Bool(a.manage_content_snippets)));
                f.push(("managesitemarkers".into(), Out::Bool(a.manage_site_markers)));
                f.push(("manageweblinksets".into(), Out::Bool(a.manage_web_link_sets)));
                f.push(("previewunpublishedentities".into(), Out::Bool(a.preview_unpublished_entities)));
                f.push((kind.role_links_key().unwrap_or_default().into(), guids(&a.role_ids)));
                state(&mut f, a.active);
            }
            RecordBody::Rule(r) => {
                f.push(("name".into(), Out::Text(r.name.clone())));
                text(&mut f, "description", &r.description);
                f.push(("right".into(), Out::Int(r.right.code().into())));
                if r.scope != PageRuleScope::AllContent {
                    f.push(("scope".into(), Out::Int(r.scope.code().into())));
                }
                if let Some(page) = r.page_id {
                    f.push(("webpageid".into(), Out::Text(page.to_string())));
                }
                f.push((kind.role_links_key().unwrap_or_default().into(), guids(&r.role_ids)));
                state(&mut f, r.active);
            }
            RecordBody::Permission(p) => {
                f.push(("entityname".into(), Out::Text(p.name.clone())));
                f.push(("entitylogicalname".into(), Out::Text(p.table.clone())));
                f.push(("scope".into(), Out::Int(p.scope.code().into())));
                let pr = p.privileges;
                for (k, v) in [
                    ("read", pr.read),
                    ("write", pr.write),
                    ("create", pr.create),
                    ("delete", pr.delete),
                    ("append", pr.append),
                    ("appendto", pr.append_to),
                ] {
                    f.push((k.into(), Out::Bool(v)));
                }
                text(&mut f, "contactrelationship", &p.contact_relationship);
                text(&mut f, "accountrelationship", &p.account_relationship);
                if let Some(parent) = p.parent_id {
                    f.push(("parententitypermission".into(), Out::Text(parent.to_string())));
                }
                text(&mut f, "parentrelationship", &p.parent_relationship);
                f.push((kind.role_links_key().unwrap_or_default().into(), guids(&p.role_ids)));
                state(&mut f, p.active);
            }
        }
        f
    }

    /// The record as a mapping in `layout`'s key style, keys sorted, empty values omitted.
    /// `origin` is the layout the unmodelled fields were read in (their keys are kept as written
    /// when it is the same layout). Secret values are never written.
    pub fn render_fields(&self, layout: Layout, origin: Layout, secret: impl Fn(&str) -> bool) -> Vec<(String, Out)> {
        let kind = self.kind();
        let mut fields: Vec<(String, Out)> = self
            .typed_fields()
            .into_iter()
            .filter(|(k, v)| {
                // An empty role list is written as `[]` by the aggregate download, omitted in code sites.
                !(layout == Layout::CodeSite && matches!(v, Out::Guids(ids) if ids.is_empty()) && k.starts_with("adx_"))
            })
            .filter(|(k, _)| !(k == "value" && matches!(&self.body, RecordBody::Setting(s) if secret(&s.name))))
            .map(|(k, v)| (layout_key(&k, kind, layout), v))
            .collect();
        for (key, value) in &self.extra {
            if value.is_null() {
                continue;
            }
            let key = if layout == origin { key.clone() } else { layout_key(&canonical_key(key, kind), kind, layout) };
            fields.push((key, Out::Json(value.clone())));
        }
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        fields.dedup_by(|a, b| a.0 == b.0);
        fields
    }
}

fn state(f: &mut Vec<(String, Out)>, active: bool) {
    if !active {
        f.push(("statecode".into(), Out::Int(1)));
    }
}

/// System columns that never carry the `adx_` prefix.
const SYSTEM_COLUMNS: &[&str] = &[
    "statecode",
    "statuscode",
    "importsequencenumber",
    "overriddencreatedon",
    "createdon",
    "modifiedon",
    "createdby",
    "modifiedby",
    "ownerid",
    "versionnumber",
    "timezoneruleversionnumber",
    "utcconversiontimezonecode",
];

/// A key in the canonical (code-site) style: `adx_`/`mspp_` stripped except on many-to-many keys
/// (spelt with `adx_`), the primary key as `id`.
pub fn canonical_key(key: &str, kind: RecordKind) -> String {
    let lower = key.to_ascii_lowercase();
    let stripped = lower.strip_prefix("adx_").or_else(|| lower.strip_prefix("mspp_")).unwrap_or(&lower);
    if stripped.ends_with("_webrole") && stripped.contains('_') {
        return format!("adx_{stripped}");
    }
    if stripped == format!("{}id", kind.table()) {
        return "id".into();
    }
    stripped.to_owned()
}

/// A canonical key spelt for `layout`.
pub fn layout_key(canonical: &str, kind: RecordKind, layout: Layout) -> String {
    match layout {
        Layout::CodeSite => canonical.to_owned(),
        Layout::Aggregate if canonical == "id" => format!("adx_{}id", kind.table()),
        Layout::Aggregate if canonical.starts_with("adx_") || SYSTEM_COLUMNS.contains(&canonical) => {
            canonical.to_owned()
        }
        Layout::Aggregate => format!("adx_{canonical}"),
    }
}

/// Reads a record of `kind` from a mapping node of `file`.
pub fn read_record(kind: RecordKind, file: &str, node: &Node) -> Result<PacRecord, FolderProblem> {
    let Node::Map { entries, line } = node else {
        return Err(FolderProblem::new(
            file,
            Some(node.line()),
            format!("expected a {} record (a mapping of fields), found {}", kind.title(), node.describe()),
        ));
    };
    let mut fields = Fields { file, kind, line: *line, entries: Vec::new() };
    for (key, value) in entries {
        let canonical = canonical_key(key, kind);
        if let Some((other, _, _)) = fields.entries.iter().find(|(_, c, _)| *c == canonical) {
            return Err(FolderProblem::new(
                file,
                Some(value.line()),
                format!("\"{key}\" and \"{other}\" are the same field in two key styles"),
            ));
        }
        fields.entries.push((key.clone(), canonical, Some(value)));
    }
    let id = fields.guid("id")?.ok_or_else(|| fields.missing("id", &format!("adx_{}id", kind.table())))?;
    let active = match fields.int("statecode")? {
        None | Some(0) => true,
        Some(1) => false,
        Some(other) => {
            return Err(
                fields.problem("statecode", format!("statecode must be 0 (active) or 1 (inactive), found {other}"))
            )
        }
    };
    let body = match kind {
        RecordKind::SiteSetting => {
            let name = fields.name("name", 100)?;
            let value = fields.text("value", Some(4000))?;
            let description = fields.text("description", Some(4096))?;
            RecordBody::Setting(SiteSetting { id, name, value, description, active, secret_in_keyring: false })
        }
        RecordKind::WebRole => RecordBody::Role(WebRole {
            id,
            name: fields.name("name", ROLE_NAME_MAX)?,
            description: fields.text("description", Some(ROLE_DESCRIPTION_MAX))?,
            anonymous_users_role: fields.bool("anonymoususersrole")?.unwrap_or(false),
            authenticated_users_role: fields.bool("authenticatedusersrole")?.unwrap_or(false),
            active,
        }),
        RecordKind::WebsiteAccess => RecordBody::Access(WebsiteAccess {
            id,
            name: fields.name("name", 100)?,
            manage_content_snippets: fields.bool("managecontentsnippets")?.unwrap_or(false),
            manage_site_markers: fields.bool("managesitemarkers")?.unwrap_or(false),
            manage_web_link_sets: fields.bool("manageweblinksets")?.unwrap_or(false),
            preview_unpublished_entities: fields.bool("previewunpublishedentities")?.unwrap_or(false),
            active,
            role_ids: fields.guids(kind.role_links_key().unwrap_or_default())?,
        }),
        RecordKind::PageRule => RecordBody::Rule(PageRule {
            id,
            name: fields.name("name", 200)?,
            description: fields.text("description", None)?,
            right: PageRight::from_code(fields.int("right")?.ok_or_else(|| fields.missing("right", "adx_right"))?),
            scope: fields.int("scope")?.map(PageRuleScope::from_code).unwrap_or(PageRuleScope::AllContent),
            page_id: fields.guid("webpageid")?,
            active,
            role_ids: fields.guids(kind.role_links_key().unwrap_or_default())?,
        }),
        RecordKind::TablePermission => {
            let name = fields.name("entityname", PERMISSION_NAME_MAX)?;
            let table = fields.name("entitylogicalname", TABLE_NAME_MAX)?;
            let scope = Scope::from_code(fields.int("scope")?.ok_or_else(|| fields.missing("scope", "adx_scope"))?);
            let privileges = Privileges {
                read: fields.bool("read")?.unwrap_or(false),
                write: fields.bool("write")?.unwrap_or(false),
                create: fields.bool("create")?.unwrap_or(false),
                delete: fields.bool("delete")?.unwrap_or(false),
                append: fields.bool("append")?.unwrap_or(false),
                append_to: fields.bool("appendto")?.unwrap_or(false),
            };
            RecordBody::Permission(TablePermission {
                id,
                name,
                table,
                scope,
                privileges,
                contact_relationship: fields.text("contactrelationship", Some(1000))?,
                account_relationship: fields.text("accountrelationship", Some(1000))?,
                parent_id: fields.guid("parententitypermission")?,
                parent_relationship: fields.text("parentrelationship", Some(200))?,
                active,
                role_ids: fields.guids(kind.role_links_key().unwrap_or_default())?,
            })
        }
    };
    let extra = fields.entries.into_iter().filter_map(|(key, _, node)| node.map(|n| (key, n.to_json()))).collect();
    Ok(PacRecord { body, extra, file: None })
}

/// The fields of one mapping; typed readers take (consume) them, the rest are kept as JSON.
struct Fields<'a> {
    file: &'a str,
    kind: RecordKind,
    line: usize,
    entries: Vec<(String, String, Option<&'a Node>)>,
}

impl<'a> Fields<'a> {
    fn take(&mut self, canonical: &str) -> Option<(String, &'a Node)> {
        self.entries
            .iter_mut()
            .find(|(_, c, n)| c == canonical && n.is_some())
            .and_then(|(k, _, n)| n.take().map(|n| (k.clone(), n)))
            .filter(|(_, n)| !n.is_null())
    }

    fn problem(&self, key: &str, message: String) -> FolderProblem {
        FolderProblem::new(self.file, Some(self.line), format!("{} \"{key}\": {message}", self.kind.title()))
    }

    fn missing(&self, canonical: &str, aggregate: &str) -> FolderProblem {
        let what = if canonical == "id" { "an id" } else { canonical };
        FolderProblem::new(
            self.file,
            Some(self.line),
            format!("a {} record has no {what} (\"{canonical}\" or \"{aggregate}\")", self.kind.title()),
        )
    }

    fn scalar(&mut self, canonical: &str) -> Result<Option<(String, String, usize)>, FolderProblem> {
        match self.take(canonical) {
            None => Ok(None),
            Some((key, Node::Scalar { text, line, .. })) => Ok(Some((key, text.clone(), *line))),
            Some((key, other)) => Err(FolderProblem::new(
                self.file,
                Some(other.line()),
                format!("{key} must be a single value, found {}", other.describe()),
            )),
        }
    }

    fn text(&mut self, canonical: &str, max: Option<usize>) -> Result<Option<String>, FolderProblem> {
        let Some((key, text, line)) = self.scalar(canonical)? else { return Ok(None) };
        if let Some(max) = max.filter(|m| text.chars().count() > *m) {
            return Err(FolderProblem::new(
                self.file,
                Some(line),
                format!("{key} is at most {max} characters ({} given)", text.chars().count()),
            ));
        }
        Ok(Some(text).filter(|t| !t.is_empty()))
    }

    fn name(&mut self, canonical: &str, max: usize) -> Result<String, FolderProblem> {
        match self.text(canonical, Some(max))? {
            Some(t) if !t.trim().is_empty() => Ok(t),
            _ => Err(self.missing(canonical, &format!("adx_{canonical}"))),
        }
    }

    fn bool(&mut self, canonical: &str) -> Result<Option<bool>, FolderProblem> {
        let Some((key, text, line)) = self.scalar(canonical)? else { return Ok(None) };
        match text.to_ascii_lowercase().as_str() {
            "true" => Ok(Some(true)),
            "false" => Ok(Some(false)),
            _ => {
                Err(FolderProblem::new(self.file, Some(line), format!("{key} must be true or false, found \"{text}\"")))
            }
        }
    }

    fn int(&mut self, canonical: &str) -> Result<Option<i32>, FolderProblem> {
        let Some((key, text, line)) = self.scalar(canonical)? else { return Ok(None) };
        text.trim().parse::<i32>().map(Some).map_err(|_| {
            FolderProblem::new(
                self.file,
                Some(line),
                format!("{key} must be a whole number (a choice value), found \"{text}\""),
            )
        })
    }

    fn guid(&mut self, canonical: &str) -> Result<Option<Uuid>, FolderProblem> {
        let Some((key, text, line)) = self.scalar(canonical)? else { return Ok(None) };
        parse_guid(&text)
            .map(Some)
            .ok_or_else(|| FolderProblem::new(self.file, Some(line), format!("{key} must be a GUID, found \"{text}\"")))
    }

    fn guids(&mut self, canonical: &str) -> Result<Vec<Uuid>, FolderProblem> {
        match self.take(canonical) {
            None => Ok(Vec::new()),
            Some((key, Node::List { items, .. })) => items
                .iter()
                .map(|item| match item {
                    Node::Scalar { text, line, .. } => parse_guid(text).ok_or_else(|| {
                        FolderProblem::new(self.file, Some(*line), format!("{key} must list GUIDs, found \"{text}\""))
                    }),
                    other => Err(FolderProblem::new(
                        self.file,
                        Some(other.line()),
                        format!("{key} must list GUIDs, found {}", other.describe()),
                    )),
                })
                .collect(),
            Some((key, other)) => Err(FolderProblem::new(
                self.file,
                Some(other.line()),
                format!("{key} must be a list of web role GUIDs, found {}", other.describe()),
            )),
        }
    }
}

fn parse_guid(text: &str) -> Option<Uuid> {
    let t = text.trim().trim_start_matches('{').trim_end_matches('}');
    (t.len() == 36).then(|| t.parse().ok()).flatten()
}
