//! A whole portal folder: which layout it is, reading every modelled record (with the checks that
//! span records: duplicate ids, dangling role and parent ids), keeping every other file verbatim,
//! and writing a portal back as the files of a layout.

use std::collections::{BTreeMap, HashMap, HashSet};

use uuid::Uuid;

use super::record::{read_record, PacRecord, RecordBody, RecordKind};
use super::yaml::{self, Node};
use super::{FolderProblem, Layout};

/// Files of a folder, relative to its layout root (`/`-separated), with their bytes.
pub type FolderFiles = Vec<(String, Vec<u8>)>;

/// The aggregate layout's one-file-per-table files.
const AGGREGATE_FILES: [(&str, RecordKind); 4] = [
    ("sitesetting.yml", RecordKind::SiteSetting),
    ("webrole.yml", RecordKind::WebRole),
    ("websiteaccess.yml", RecordKind::WebsiteAccess),
    ("webpagerule.yml", RecordKind::PageRule),
];

/// Where one record per file lives: the folder and the kind. `website-accesss` (three s) is what
/// the CLI writes; `website-access` is accepted too.
const RECORD_DIRS: [(&str, RecordKind); 6] = [
    ("site-settings", RecordKind::SiteSetting),
    ("web-roles", RecordKind::WebRole),
    ("website-accesss", RecordKind::WebsiteAccess),
    ("website-access", RecordKind::WebsiteAccess),
    ("webpage-rules", RecordKind::PageRule),
    ("table-permissions", RecordKind::TablePermission),
];

/// The website a folder belongs to (its `website.yml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebsiteInfo {
    pub id: Uuid,
    pub name: String,
    /// The Dataverse host named by a `.portalconfig/<host>-manifest.yml`, when there is one.
    pub environment_host: Option<String>,
}

/// A folder read into records and kept files.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFolder {
    pub layout: Layout,
    pub website: WebsiteInfo,
    /// Modelled records; site settings in lookup order.
    pub records: Vec<PacRecord>,
    /// Every other file, verbatim (including `website.yml` and `.portalconfig/`).
    pub kept: FolderFiles,
    pub warnings: Vec<String>,
}

/// The layout of a folder from its file list (relative to the candidate root), if it is one.
pub fn detect_layout(paths: &[String]) -> Option<Layout> {
    if !paths.iter().any(|p| p == "website.yml") {
        return None;
    }
    let top_dir = |p: &str| p.split_once('/').map(|(d, _)| d.to_owned());
    if paths.iter().any(|p| AGGREGATE_FILES.iter().any(|(f, _)| p == f)) {
        return Some(Layout::Aggregate);
    }
    if paths
        .iter()
        .filter_map(|p| top_dir(p))
        .any(|d| RECORD_DIRS.iter().any(|(r, _)| *r == d) && d != "table-permissions")
    {
        return Some(Layout::CodeSite);
    }
    None
}

/// Which kind a file holds in `layout`, and whether it holds a list of them.
fn file_kind(layout: Layout, path: &str) -> Option<(RecordKind, bool)> {
    if layout == Layout::Aggregate {
        if let Some((_, kind)) = AGGREGATE_FILES.iter().find(|(f, _)| *f == path) {
            return Some((*kind, true));
        }
    }
    let (dir, file) = path.split_once('/')?;
    if file.contains('/') {
        return None;
    }
    let (_, kind) = RECORD_DIRS.iter().find(|(d, _)| *d == dir)?;
    let allowed = layout == Layout::CodeSite || *kind == RecordKind::TablePermission;
    (allowed && file.ends_with(kind.file_suffix())).then_some((*kind, false))
}

fn text_of<'a>(path: &str, bytes: &'a [u8]) -> Result<&'a str, FolderProblem> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| FolderProblem::new(path, None, format!("the file is not UTF-8 text ({e})")))?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

fn parse_file(path: &str, bytes: &[u8]) -> Result<Option<Node>, FolderProblem> {
    yaml::parse(text_of(path, bytes)?)
        .map_err(|e| FolderProblem::new(path, Some(e.line), format!("malformed YAML: {}", e.message)))
}

/// Reads a folder's files (relative to its layout root) in `layout`. Files are read in path
/// order, records in file order; the first problem found is returned.
pub fn read_folder(layout: Layout, files: FolderFiles) -> Result<ParsedFolder, FolderProblem> {
    let mut files = files;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut records: Vec<PacRecord> = Vec::new();
    let mut kept = Vec::new();
    let mut website = None;
    for (path, bytes) in files {
        if path == "website.yml" {
            website = Some(read_website(&path, &bytes)?);
        }
        let Some((kind, list)) = file_kind(layout, &path) else {
            kept.push((path, bytes));
            continue;
        };
        let Some(node) = parse_file(&path, &bytes)? else { continue };
        let nodes: Vec<&Node> = match (&node, list) {
            (Node::List { items, .. }, true) => items.iter().collect(),
            (other, true) => {
                return Err(FolderProblem::new(
                    &path,
                    Some(other.line()),
                    format!("expected a list of {} records, found {}", kind.title(), other.describe()),
                ))
            }
            (other, false) => vec![other],
        };
        for node in nodes {
            let mut record = read_record(kind, &path, node)?;
            record.file = Some(path.clone());
            records.push(record);
        }
    }
    let mut website =
        website.ok_or_else(|| FolderProblem::new("website.yml", None, "the folder has no website.yml"))?;
    website.environment_host = kept.iter().find_map(|(p, _)| {
        p.strip_prefix(".portalconfig/")
            .and_then(|f| f.strip_suffix("-manifest.yml"))
            .filter(|host| host.contains('.'))
            .map(str::to_owned)
    });
    // Site settings keep file order (lookup order); the others are ordered by kind.
    records.sort_by_key(|r| r.kind());
    check_references(&records)?;
    let warnings = warnings(&records);
    Ok(ParsedFolder { layout, website, records, kept, warnings })
}

fn read_website(path: &str, bytes: &[u8]) -> Result<WebsiteInfo, FolderProblem> {
    let node = parse_file(path, bytes)?.ok_or_else(|| FolderProblem::new(path, None, "website.yml is empty"))?;
    let Node::Map { entries, .. } = &node else {
        return Err(FolderProblem::new(
            path,
            Some(node.line()),
            "website.yml must be a mapping of the website's fields",
        ));
    };
    let field = |names: &[&str]| {
        entries.iter().find(|(k, _)| names.contains(&k.as_str())).and_then(|(_, v)| match v {
            Node::Scalar { text, line, .. } => Some((text.clone(), *line)),
            _ => None,
        })
    };
    let (id_text, line) = field(&["adx_websiteid", "mspp_websiteid", "websiteid", "id"]).ok_or_else(|| {
        FolderProblem::new(path, Some(node.line()), "website.yml has no website id (adx_websiteid or id)")
    })?;
    let id = id_text.trim().parse().map_err(|_| {
        FolderProblem::new(path, Some(line), format!("the website id must be a GUID, found \"{id_text}\""))
    })?;
    let name = field(&["adx_name", "mspp_name", "name"]).map(|(n, _)| n).filter(|n| !n.trim().is_empty()).ok_or_else(
        || FolderProblem::new(path, Some(node.line()), "website.yml has no website name (adx_name or name)"),
    )?;
    Ok(WebsiteInfo { id, name, environment_host: None })
}

/// Duplicate ids, role links to roles the folder does not hold, parents that are missing or
/// form a cycle.
fn check_references(records: &[PacRecord]) -> Result<(), FolderProblem> {
    let file = |r: &PacRecord| r.file.clone().unwrap_or_default();
    let mut seen: HashMap<(RecordKind, Uuid), &PacRecord> = HashMap::new();
    for r in records {
        if let Some(first) = seen.insert((r.kind(), r.id()), r) {
            return Err(FolderProblem::new(
                &file(r),
                None,
                format!(
                    "the {} id {} appears twice (\"{}\" in {} and \"{}\" here)",
                    r.kind().title(),
                    r.id(),
                    first.name(),
                    file(first),
                    r.name()
                ),
            ));
        }
    }
    let roles: HashSet<Uuid> = records.iter().filter(|r| r.kind() == RecordKind::WebRole).map(PacRecord::id).collect();
    for r in records {
        if let Some(missing) = r.role_ids().iter().find(|id| !roles.contains(id)) {
            return Err(FolderProblem::new(
                &file(r),
                None,
                format!(
                    "the {} \"{}\" links the web role {missing}, which the folder does not hold",
                    r.kind().title(),
                    r.name()
                ),
            ));
        }
    }
    let parents: HashMap<Uuid, Option<Uuid>> = records
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::Permission(p) => Some((p.id, p.parent_id)),
            _ => None,
        })
        .collect();
    for r in records {
        let RecordBody::Permission(p) = &r.body else { continue };
        let mut at = p.parent_id;
        let mut steps = 0;
        while let Some(parent) = at {
            let Some(next) = parents.get(&parent) else {
                return Err(FolderProblem::new(
                    &file(r),
                    None,
                    format!("the table permission \"{}\" names the parent permission {parent}, which the folder does not hold", p.name),
                ));
            };
            steps += 1;
            if parent == p.id || steps > parents.len() {
                return Err(FolderProblem::new(
                    &file(r),
                    None,
                    format!(
                        "the table permission \"{}\" is its own ancestor (the parent permissions form a cycle)",
                        p.name
                    ),
                ));
            }
            at = *next;
        }
    }
    Ok(())
}

fn warnings(records: &[PacRecord]) -> Vec<String> {
    let mut out = Vec::new();
    let roles: Vec<_> = records
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::Role(role) => Some(role),
            _ => None,
        })
        .collect();
    for (flag, what) in [(true, "authenticated"), (false, "anonymous")] {
        let named: Vec<&str> = roles
            .iter()
            .filter(|r| r.active && if flag { r.authenticated_users_role } else { r.anonymous_users_role })
            .map(|r| r.name.as_str())
            .collect();
        if named.len() > 1 {
            out.push(format!(
                "{} web roles are marked as the {what} users role ({}); the portal uses only one",
                named.len(),
                named.join(", ")
            ));
        }
    }
    let mut names: BTreeMap<String, u32> = BTreeMap::new();
    for r in records.iter().filter(|r| r.kind() == RecordKind::SiteSetting) {
        *names.entry(r.name().to_lowercase()).or_default() += 1;
    }
    for (name, n) in names.into_iter().filter(|(_, n)| *n > 1) {
        out.push(format!("{n} site settings are named {name}; the portal reads the first"));
    }
    out
}

/// A file name as the CLI makes it from a record name: `Authentication/Registration/Enabled` →
/// `Authentication-Registration-Enabled`.
pub fn file_stem(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = if c.is_alphanumeric() || c == '_' || c == '.' { c } else { '-' };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out.trim_matches(['-', '.']).to_owned()
}

/// Writes records and kept files as the files of `layout`. `origin` is the layout the unmodelled
/// fields were read in. Records keep the file they came from when it suits the layout.
/// A portal that did not come from a folder gets a `website.yml` naming the website.
pub fn render_folder(
    layout: Layout,
    origin: Layout,
    website: &WebsiteInfo,
    records: &[PacRecord],
    kept: &FolderFiles,
    secret: &dyn Fn(&str) -> bool,
) -> FolderFiles {
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (path, bytes) in kept {
        out.insert(path.clone(), bytes.clone());
    }
    if !out.contains_key("website.yml") {
        let (id_key, name_key) = match layout {
            Layout::Aggregate => ("adx_websiteid", "adx_name"),
            Layout::CodeSite => ("id", "name"),
        };
        let mut fields = vec![
            (id_key.to_owned(), yaml::Out::Text(website.id.to_string())),
            (name_key.to_owned(), yaml::Out::Text(website.name.clone())),
        ];
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        let mut text = String::new();
        yaml::write_mapping(&mut text, &fields, 0, None);
        out.insert("website.yml".into(), text.into_bytes());
    }
    let mut lists: BTreeMap<&str, String> = BTreeMap::new();
    let mut taken: HashSet<String> = out.keys().cloned().collect();
    for r in records {
        let fields = r.render_fields(layout, origin, secret);
        let kind = r.kind();
        if let (Layout::Aggregate, Some((file, _))) = (layout, AGGREGATE_FILES.iter().find(|(_, k)| *k == kind)) {
            let text = lists.entry(file).or_default();
            yaml::write_mapping(text, &fields, 2, Some("- "));
            continue;
        }
        let path = r
            .file
            .clone()
            .filter(|f| file_kind(layout, f) == Some((kind, false)) && !taken.contains(f))
            .unwrap_or_else(|| {
                let dir = RECORD_DIRS.iter().find(|(_, k)| *k == kind).map(|(d, _)| *d).unwrap_or("records");
                let stem = Some(file_stem(r.name())).filter(|s| !s.is_empty()).unwrap_or_else(|| r.id().to_string());
                let mut path = format!("{dir}/{stem}{}", kind.file_suffix());
                if taken.contains(&path) {
                    path = format!("{dir}/{stem}-{}{}", &r.id().simple().to_string()[..8], kind.file_suffix());
                }
                path
            });
        taken.insert(path.clone());
        let mut text = String::new();
        yaml::write_mapping(&mut text, &fields, 0, None);
        out.insert(path, text.into_bytes());
    }
    for (file, text) in lists {
        out.insert(file.to_owned(), text.into_bytes());
    }
    out.into_iter().collect()
}

/// Whether `path` holds modelled records in `layout` (an export owns these files: it rewrites
/// them, and removes the ones whose records are gone).
pub fn is_record_file(layout: Layout, path: &str) -> bool {
    file_kind(layout, path).is_some()
}

/// The records of one record file, read without the checks that span files.
pub fn file_records(layout: Layout, path: &str, bytes: &[u8]) -> Result<Vec<PacRecord>, FolderProblem> {
    let Some((kind, list)) = file_kind(layout, path) else { return Ok(Vec::new()) };
    let Some(node) = parse_file(path, bytes)? else { return Ok(Vec::new()) };
    match (&node, list) {
        (Node::List { items, .. }, true) => items.iter().map(|n| read_record(kind, path, n)).collect(),
        (other, false) => Ok(vec![read_record(kind, path, other)?]),
        (other, true) => Err(FolderProblem::new(path, Some(other.line()), "expected a list of records")),
    }
}
