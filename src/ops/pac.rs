//! Portal folders on disk (`pac pages download`, both layouts): preview and import a folder into a
//! portal of the workspace, diff a portal against a folder, preview and export a portal to a
//! folder. An import over an existing portal and an export over a folder that changed since the
//! portal last saw it show their semantic diff first and write only when confirmed.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;
use uuid::Uuid;

use crate::domain::access::TablePermission;
use crate::domain::pac::{
    self, detect_layout, read_folder, render_folder, FolderFiles, FolderProblem, Layout, PacDiff, PacRecord,
    ParsedFolder, RecordBody, RecordCounts, RecordKind,
};
use crate::domain::settings::{catalogue, SiteSetting};
use crate::domain::{Portal, PortalDraft, PortalId, ValidationErrors};
use crate::error::{Error, Result};
use crate::ops::settings::{forget, put_secrets};
use crate::ops::Core;
use crate::store::{AccessChange, AccessRecord, PacImportWrite, PacSource, RecordExtra, SettingChange};

/// Progress of a long folder operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PacProgress {
    /// `reading` or `writing`.
    pub phase: String,
    pub done: u32,
    pub total: u32,
}

/// What a folder holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FolderSummary {
    /// The layout root: the folder holding `website.yml`.
    pub folder: String,
    pub layout: Layout,
    pub website_id: String,
    pub website_name: String,
    /// From `.portalconfig/<host>-manifest.yml`, when the folder has one.
    pub environment_url: Option<String>,
    pub counts: RecordCounts,
    /// Files kept verbatim (everything the app does not model).
    pub kept_files: u32,
    pub warnings: Vec<String>,
}

/// What importing a folder would do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ImportPreview {
    pub summary: FolderSummary,
    /// The portal the folder would be imported into; none when a new portal would be created.
    pub portal: Option<Portal>,
    /// The changes to that portal (everything is added for a new portal).
    pub diff: PacDiff,
    /// True when the import changes an existing portal: it writes only when confirmed.
    pub needs_confirmation: bool,
}

/// An import: the folder, the portal (name or id; by default the one with the folder's website
/// id, or a new one named after the website), and for a new portal the facts a folder lacks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ImportRequest {
    pub folder: String,
    pub portal: Option<String>,
    pub url: Option<String>,
    pub environment_url: Option<String>,
    pub app_id: Option<String>,
    /// Apply changes to an existing portal (after the diff was shown).
    pub confirm: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ImportOutcome {
    pub portal: Portal,
    pub created: bool,
    pub summary: FolderSummary,
    pub diff: PacDiff,
}

/// What exporting a portal to a folder would do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ExportPreview {
    /// The layout root that will be written.
    pub folder: String,
    pub layout: Layout,
    /// How the folder's records would change (folder → portal).
    pub diff: PacDiff,
    /// True when the folder holds content the portal has not seen (it changed since the last
    /// import or export, or it is another folder): the export writes only when confirmed.
    pub needs_confirmation: bool,
    pub reason: Option<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ExportOutcome {
    pub folder: String,
    pub layout: Layout,
    pub written: u32,
    pub unchanged: u32,
    pub removed: u32,
    pub warnings: Vec<String>,
}

fn secret(name: &str) -> bool {
    catalogue::is_secret_name(name)
}

fn file_error(path: &Path, source: std::io::Error) -> Error {
    Error::File { path: path.to_owned(), source }
}

fn problem(file: &str, message: impl Into<String>) -> Error {
    Error::PortalFolder(FolderProblem::new(file, None, message))
}

/// Every file under `root`, relative and `/`-separated, sorted (`.git` is skipped).
fn walk(root: &Path) -> Result<FolderFiles> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| file_error(&dir, e))? {
            let entry = entry.map_err(|e| file_error(&dir, e))?;
            let path = entry.path();
            if entry.file_name() == ".git" {
                continue;
            }
            let kind = entry.file_type().map_err(|e| file_error(&path, e))?;
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                let bytes = std::fs::read(&path).map_err(|e| file_error(&path, e))?;
                out.push((rel, bytes));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn fingerprint(files: &FolderFiles) -> String {
    let mut h = Sha256::new();
    for (path, bytes) in files {
        h.update(path.as_bytes());
        h.update([0]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The layout root and layout of `folder`: `folder/.powerpages-site` for a code site, else the
/// folder itself when it holds either layout.
fn locate(folder: &Path) -> Result<(PathBuf, Layout, FolderFiles)> {
    let shown = folder.display().to_string();
    if !folder.is_dir() {
        return Err(problem(&shown, "there is no such folder"));
    }
    let code_site = folder.join(".powerpages-site");
    let root = if code_site.is_dir() { code_site } else { folder.to_owned() };
    let files = walk(&root)?;
    let paths: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    let layout = detect_layout(&paths).ok_or_else(|| {
        problem(
            &shown,
            "this is not a portal folder: expected website.yml with sitesetting.yml, webrole.yml, … (the aggregate \
             layout of pac pages download) or a .powerpages-site folder with site-settings/, web-roles/, … (a code site)",
        )
    })?;
    Ok((root, layout, files))
}

/// Reads and checks a folder from disk.
fn read(folder: &Path, progress: &(dyn Fn(PacProgress) + Sync)) -> Result<(PathBuf, ParsedFolder, String)> {
    let (root, layout, files) = locate(folder)?;
    progress(PacProgress { phase: "reading".into(), done: 0, total: files.len() as u32 });
    let print = fingerprint(&files);
    let total = files.len() as u32;
    let mut parsed = read_folder(layout, files).map_err(Error::PortalFolder)?;
    progress(PacProgress { phase: "reading".into(), done: total, total });
    for r in &mut parsed.records {
        sort_links(r);
    }
    Ok((root, parsed, print))
}

fn sort_links(r: &mut PacRecord) {
    match &mut r.body {
        RecordBody::Access(a) => a.role_ids.sort(),
        RecordBody::Rule(x) => x.role_ids.sort(),
        RecordBody::Permission(p) => p.role_ids.sort(),
        _ => {}
    }
}

fn summary(root: &Path, parsed: &ParsedFolder) -> FolderSummary {
    FolderSummary {
        folder: root.display().to_string(),
        layout: parsed.layout,
        website_id: parsed.website.id.to_string(),
        website_name: parsed.website.name.clone(),
        environment_url: parsed.website.environment_host.as_ref().map(|h| format!("https://{h}/")),
        counts: RecordCounts::of(&parsed.records),
        kept_files: parsed.kept.len() as u32,
        warnings: parsed.warnings.clone(),
    }
}

/// A portal's records as a folder would hold them, its kept files and its folder source.
async fn portal_records(core: &Core, portal: PortalId) -> Result<(Vec<PacRecord>, FolderFiles, Option<PacSource>)> {
    let store = core.store();
    let mut extras = store.pac_extras(portal).await?;
    let mut wrap = |body: RecordBody| {
        let (kind, id) = match &body {
            RecordBody::Setting(s) => (RecordKind::SiteSetting, s.id),
            RecordBody::Role(r) => (RecordKind::WebRole, r.id),
            RecordBody::Access(a) => (RecordKind::WebsiteAccess, a.id),
            RecordBody::Rule(r) => (RecordKind::PageRule, r.id),
            RecordBody::Permission(p) => (RecordKind::TablePermission, p.id),
        };
        let extra = extras.remove(&(kind, id));
        let mut record = PacRecord {
            body,
            extra: extra.as_ref().map(|e| e.fields.clone()).unwrap_or_default(),
            file: extra.and_then(|e| e.file),
        };
        sort_links(&mut record);
        record
    };
    let mut records: Vec<PacRecord> =
        store.site_settings(portal).await?.into_iter().map(RecordBody::Setting).map(&mut wrap).collect();
    let model = store.access_model(portal).await?;
    records.extend(model.roles.into_iter().map(RecordBody::Role).map(&mut wrap));
    records.extend(model.website_access.into_iter().map(RecordBody::Access).map(&mut wrap));
    records.extend(model.page_rules.into_iter().map(RecordBody::Rule).map(&mut wrap));
    records.extend(
        permissions_parents_first(model.table_permissions).into_iter().map(RecordBody::Permission).map(&mut wrap),
    );
    Ok((records, store.pac_files(portal).await?, store.pac_source(portal).await?))
}

/// Permissions ordered so that every parent comes before its children.
fn permissions_parents_first(mut perms: Vec<TablePermission>) -> Vec<TablePermission> {
    let ids: HashMap<Uuid, Option<Uuid>> = perms.iter().map(|p| (p.id, p.parent_id)).collect();
    let depth = |mut id: Option<Uuid>| {
        let mut d = 0;
        while let Some(p) = id.and_then(|i| ids.get(&i).copied().flatten()) {
            d += 1;
            id = Some(p);
            if d > ids.len() {
                break;
            }
        }
        d
    };
    perms.sort_by_cached_key(|p| depth(Some(p.id)));
    perms
}

/// A secret setting the folder leaves empty keeps the value the workspace holds in the keyring
/// (exports never write secrets, so importing an export must not drop them).
fn keep_keyring_secrets(records: &mut [PacRecord], current: &[PacRecord]) {
    let held: HashMap<Uuid, bool> = current
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::Setting(s) => Some((s.id, s.secret_in_keyring)),
            _ => None,
        })
        .collect();
    for r in records {
        if let RecordBody::Setting(s) = &mut r.body {
            if secret(&s.name) && s.value.is_none() && held.get(&s.id) == Some(&true) {
                s.secret_in_keyring = true;
            }
        }
    }
}

enum Target {
    Existing(Portal),
    New { name: String },
}

/// The portal a folder goes into. Records keep their Dataverse ids, which are unique in the
/// workspace, so a folder whose website is already a portal can only go into that portal.
async fn target(core: &Core, parsed: &ParsedFolder, portal: Option<&str>) -> Result<Target> {
    let by_website = core.store().portal(PortalId(parsed.website.id)).await?;
    let taken = |p: &Portal| {
        Error::PortalFolderConflict(format!(
            "the folder's website {} is already the portal \"{}\" in this workspace (its records keep their ids); \
             import it into that portal",
            parsed.website.id, p.name
        ))
    };
    match portal.map(str::trim).filter(|q| !q.is_empty()) {
        None => Ok(match by_website {
            Some(p) => Target::Existing(p),
            None => Target::New { name: parsed.website.name.clone() },
        }),
        Some(query) => match (crate::ops::portal::resolve(core, query).await, by_website) {
            (Ok(p), Some(owner)) if owner.id != p.id => Err(taken(&owner)),
            (Ok(p), _) => Ok(Target::Existing(p)),
            (Err(Error::PortalNotFound(_)), Some(owner)) => Err(taken(&owner)),
            (Err(Error::PortalNotFound(_)), None) => Ok(Target::New { name: query.to_owned() }),
            (Err(e), _) => Err(e),
        },
    }
}

/// What importing `folder` would do, without writing anything.
pub async fn preview_import(
    core: &Core,
    folder: &Path,
    portal: Option<&str>,
    progress: &(dyn Fn(PacProgress) + Sync),
) -> Result<ImportPreview> {
    let (root, mut parsed, _) = read(folder, progress)?;
    let (portal, diff) = match target(core, &parsed, portal).await? {
        Target::Existing(p) => {
            let (current, files, _) = portal_records(core, p.id).await?;
            keep_keyring_secrets(&mut parsed.records, &current);
            let diff = pac::diff(&current, &parsed.records, &files, &parsed.kept, &secret);
            (Some(p), diff)
        }
        Target::New { .. } => (None, pac::diff(&[], &parsed.records, &Vec::new(), &parsed.kept, &secret)),
    };
    let needs_confirmation = portal.is_some() && !diff.is_empty();
    let mut summary = summary(&root, &parsed);
    summary.warnings.extend(member_losses(core, &diff).await?);
    Ok(ImportPreview { summary, portal, diff, needs_confirmation })
}

/// Warnings for removed web roles that contacts hold (they lose the role with it).
async fn member_losses(core: &Core, diff: &PacDiff) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for r in diff.records.iter().filter(|r| r.kind == RecordKind::WebRole && r.change == pac::DiffChange::Removed) {
        let Ok(id) = r.id.parse::<Uuid>() else { continue };
        let members = core.store().role_members(id).await?.len();
        if members > 0 {
            out.push(format!("removing the web role \"{}\" takes it from {members} contact(s)", r.name));
        }
    }
    Ok(out)
}

/// Imports a folder: into a new portal, or over an existing one when confirmed (or when nothing
/// changes). Everything is written in one transaction; secrets go to the keyring.
pub async fn import(
    core: &Core,
    request: &ImportRequest,
    progress: &(dyn Fn(PacProgress) + Sync),
) -> Result<ImportOutcome> {
    let (root, mut parsed, print) = read(Path::new(&request.folder), progress)?;
    let target = target(core, &parsed, request.portal.as_deref()).await?;
    let (portal, created, current, current_files) = match target {
        Target::Existing(p) => {
            let (current, files, _) = portal_records(core, p.id).await?;
            (p, false, current, files)
        }
        Target::New { name } => (new_portal(core, &parsed, name, request).await?, true, Vec::new(), Vec::new()),
    };
    keep_keyring_secrets(&mut parsed.records, &current);
    let diff = pac::diff(&current, &parsed.records, &current_files, &parsed.kept, &secret);
    if !created && !diff.is_empty() && !request.confirm {
        return Err(Error::ConfirmationRequired(format!(
            "importing changes the portal \"{}\": {} added, {} removed, {} changed record(s), {} kept file(s); \
             review the diff and confirm",
            portal.name,
            diff.added,
            diff.removed,
            diff.changed,
            diff.files.len()
        )));
    }

    let (setting_changes, new_secrets) = setting_changes(&current, &parsed.records);
    let access_changes = access_changes(&current, &parsed.records);
    let extras: Vec<RecordExtra> = parsed
        .records
        .iter()
        .filter(|r| !r.extra.is_empty() || r.file.is_some())
        .map(|r| RecordExtra { kind: r.kind(), id: r.id(), file: r.file.clone(), fields: r.extra.clone() })
        .collect();
    let source = PacSource {
        folder: root.display().to_string(),
        layout: parsed.layout,
        fingerprint: print,
        synced_at: core.clock().now(),
    };

    let stored = put_secrets(core, &portal, &new_secrets).await?;
    progress(PacProgress { phase: "writing".into(), done: 0, total: parsed.records.len() as u32 });
    let write = PacImportWrite {
        new_portal: created.then_some(&portal),
        setting_changes: &setting_changes,
        access_changes: &access_changes,
        extras: &extras,
        files: &parsed.kept,
        source: &source,
    };
    if let Err(e) = core.store().apply_pac_import(portal.id, write, core.actor(), core.clock().now()).await {
        forget(&core.secrets(), stored).await;
        return Err(e);
    }
    progress(PacProgress {
        phase: "writing".into(),
        done: parsed.records.len() as u32,
        total: parsed.records.len() as u32,
    });
    core.announce().await;
    Ok(ImportOutcome { portal, created, summary: summary(&root, &parsed), diff })
}

/// The portal a folder creates: the website's id and name, and the facts the folder lacks from
/// the request (the environment from the folder's manifest when not given).
async fn new_portal(core: &Core, parsed: &ParsedFolder, name: String, request: &ImportRequest) -> Result<Portal> {
    let environment = request
        .environment_url
        .clone()
        .filter(|u| !u.trim().is_empty())
        .or_else(|| parsed.website.environment_host.as_ref().map(|h| format!("https://{h}/")));
    let draft = PortalDraft {
        id: Some(parsed.website.id.to_string()),
        name,
        url: request.url.clone().unwrap_or_default(),
        environment_url: environment.unwrap_or_default(),
        app_id: request.app_id.clone().unwrap_or_default(),
        ..PortalDraft::default()
    };
    let valid = draft.validate(PortalId(parsed.website.id))?;
    let mut errors = ValidationErrors::default();
    crate::ops::portal::check_name_free(core, &valid.name, None, &mut errors).await?;
    errors.into_result(())?;
    let now = core.clock().now();
    Ok(valid.into_portal(now, now))
}

fn setting_changes(current: &[PacRecord], wanted: &[PacRecord]) -> (Vec<SettingChange>, Vec<(SiteSetting, String)>) {
    let settings = |records: &[PacRecord]| -> Vec<SiteSetting> {
        records
            .iter()
            .filter_map(|r| match &r.body {
                RecordBody::Setting(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    };
    let (current, wanted) = (settings(current), settings(wanted));
    let by_id: HashMap<Uuid, &SiteSetting> = current.iter().map(|s| (s.id, s)).collect();
    let wanted_ids: HashMap<Uuid, ()> = wanted.iter().map(|s| (s.id, ())).collect();
    let mut changes = Vec::new();
    let mut secrets = Vec::new();
    for s in current.iter().filter(|s| !wanted_ids.contains_key(&s.id)) {
        changes.push(SettingChange::Delete(s.clone()));
    }
    for mut after in wanted {
        if secret(&after.name) {
            if let Some(value) = after.value.take() {
                after.secret_in_keyring = true;
                secrets.push((after.clone(), value));
            }
        }
        match by_id.get(&after.id) {
            None => changes.push(SettingChange::Insert(after)),
            Some(before) if **before != after || secrets.last().is_some_and(|(s, _)| s.id == after.id) => {
                changes.push(SettingChange::Update { before: (*before).clone(), after })
            }
            Some(_) => {}
        }
    }
    (changes, secrets)
}

fn access_record(r: &PacRecord) -> Option<AccessRecord> {
    match &r.body {
        RecordBody::Role(x) => Some(AccessRecord::Role(x.clone())),
        RecordBody::Access(x) => Some(AccessRecord::WebsiteAccess(x.clone())),
        RecordBody::Rule(x) => Some(AccessRecord::PageRule(x.clone())),
        RecordBody::Permission(x) => Some(AccessRecord::Permission(x.clone())),
        RecordBody::Setting(_) => None,
    }
}

/// Saves in dependency order (roles, then the records linking them, parents before children),
/// then deletes in reverse (children before parents, roles last).
fn access_changes(current: &[PacRecord], wanted: &[PacRecord]) -> Vec<AccessChange> {
    let key = |r: &PacRecord| (r.kind(), r.id());
    let before: HashMap<_, &PacRecord> = current.iter().map(|r| (key(r), r)).collect();
    let after: HashMap<_, &PacRecord> = wanted.iter().map(|r| (key(r), r)).collect();
    let order = [RecordKind::WebRole, RecordKind::WebsiteAccess, RecordKind::PageRule, RecordKind::TablePermission];
    let mut changes = Vec::new();
    for kind in order {
        let mut saves: Vec<&PacRecord> = wanted.iter().filter(|r| r.kind() == kind).collect();
        if kind == RecordKind::TablePermission {
            let perms: Vec<TablePermission> = saves
                .iter()
                .filter_map(|r| match &r.body {
                    RecordBody::Permission(p) => Some(p.clone()),
                    _ => None,
                })
                .collect();
            let rank: HashMap<Uuid, usize> =
                permissions_parents_first(perms).iter().enumerate().map(|(i, p)| (p.id, i)).collect();
            saves.sort_by_key(|r| rank.get(&r.id()).copied().unwrap_or(0));
        }
        for r in saves {
            let was = before.get(&key(r));
            if was.is_some_and(|b| b.body == r.body) {
                continue;
            }
            if let Some(after) = access_record(r) {
                changes.push(AccessChange::Save { before: was.and_then(|b| access_record(b)), after });
            }
        }
    }
    // `current` holds roles, website access, page rules, then permissions parents first: reversed,
    // children go before their parents and roles last, so nothing is deleted twice by a cascade
    // and every deletion gets its own audit entry.
    let deletes = current.iter().rev().filter(|r| !after.contains_key(&key(r)));
    changes.extend(deletes.filter_map(access_record).map(AccessChange::Delete));
    changes
}

/// What importing `folder` would change in `portal` (the diff only).
pub async fn diff(core: &Core, portal: &Portal, folder: &Path) -> Result<(FolderSummary, PacDiff)> {
    let (root, mut parsed, _) = read(folder, &|_| {})?;
    let (current, files, _) = portal_records(core, portal.id).await?;
    keep_keyring_secrets(&mut parsed.records, &current);
    Ok((summary(&root, &parsed), pac::diff(&current, &parsed.records, &files, &parsed.kept, &secret)))
}

struct ExportPlan {
    root: PathBuf,
    layout: Layout,
    files: FolderFiles,
    existing: FolderFiles,
    preview: ExportPreview,
}

async fn plan_export(core: &Core, portal: &Portal, folder: &Path, layout: Option<Layout>) -> Result<ExportPlan> {
    let (records, kept, source) = portal_records(core, portal.id).await?;
    let origin = source.as_ref().map(|s| s.layout);
    let layout = layout.or(origin).unwrap_or(Layout::Aggregate);
    let root = if layout == Layout::CodeSite && folder.file_name().is_none_or(|n| n != ".powerpages-site") {
        folder.join(".powerpages-site")
    } else {
        folder.to_owned()
    };
    let website = pac::WebsiteInfo { id: portal.id.0, name: portal.name.clone(), environment_host: None };
    let files = render_folder(layout, origin.unwrap_or(layout), &website, &records, &kept, &secret);
    let mut warnings = Vec::new();
    let secrets: Vec<&str> = records
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::Setting(s) if secret(&s.name) && s.secret_in_keyring => Some(s.name.as_str()),
            _ => None,
        })
        .collect();
    if !secrets.is_empty() {
        warnings.push(format!(
            "{} secret value(s) stay in the keyring and are not written ({}); set them in the portal or in a deployment profile",
            secrets.len(),
            secrets.join(", ")
        ));
    }
    if layout == Layout::CodeSite {
        let mut seen = std::collections::HashSet::new();
        let twice: std::collections::BTreeSet<String> = records
            .iter()
            .filter(|r| r.kind() == RecordKind::SiteSetting)
            .map(|r| r.name().to_lowercase())
            .filter(|n| !seen.insert(n.clone()))
            .collect();
        if !twice.is_empty() {
            warnings.push(format!(
                "{} setting name(s) occur more than once ({}); a code site has one file per record and no lookup \
                 order, so which record the portal reads is decided by Dataverse",
                twice.len(),
                twice.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    if origin.is_some_and(|o| o != layout) {
        warnings.push(format!(
            "the portal was imported from the {} layout; files the app keeps verbatim are written as they were",
            origin.map(Layout::as_str).unwrap_or_default()
        ));
    }
    let existing = if root.is_dir() { walk(&root)? } else { Vec::new() };
    let (diff, needs_confirmation, reason) = if existing.is_empty() {
        (pac::diff(&[], &records, &Vec::new(), &kept, &secret), false, None)
    } else {
        let seen =
            source.as_ref().is_some_and(|s| Path::new(&s.folder) == root && s.fingerprint == fingerprint(&existing));
        let paths: Vec<String> = existing.iter().map(|(p, _)| p.clone()).collect();
        match detect_layout(&paths).map(|l| read_folder(l, existing.clone())) {
            Some(Ok(mut there)) => {
                for r in &mut there.records {
                    sort_links(r);
                }
                keep_keyring_secrets(&mut there.records, &records);
                let diff = pac::diff(&there.records, &records, &there.kept, &kept, &secret);
                let reason = (!seen && !diff.is_empty()).then(|| {
                    "the folder changed since this portal was last imported from or exported to it; \
                     review what the export overwrites"
                        .to_owned()
                });
                (diff, reason.is_some(), reason)
            }
            Some(Err(problem)) => (
                pac::diff(&[], &records, &Vec::new(), &kept, &secret),
                true,
                Some(format!("the folder holds a portal that cannot be read ({problem}); the export overwrites it")),
            ),
            None => (
                pac::diff(&[], &records, &Vec::new(), &kept, &secret),
                true,
                Some("the folder is not empty and is not a portal folder".to_owned()),
            ),
        }
    };
    let preview =
        ExportPreview { folder: root.display().to_string(), layout, diff, needs_confirmation, reason, warnings };
    Ok(ExportPlan { root, layout, files, existing, preview })
}

/// What exporting `portal` to `folder` would do, without writing anything.
pub async fn preview_export(
    core: &Core,
    portal: &Portal,
    folder: &Path,
    layout: Option<Layout>,
) -> Result<ExportPreview> {
    Ok(plan_export(core, portal, folder, layout).await?.preview)
}

/// Exports `portal` to `folder` (`layout`: the one it came from unless given). Files whose
/// records did not change are left as they are (their formatting too); record files of records
/// that are gone are removed; every file is replaced atomically.
pub async fn export(
    core: &Core,
    portal: &Portal,
    folder: &Path,
    layout: Option<Layout>,
    confirm: bool,
    progress: &(dyn Fn(PacProgress) + Sync),
) -> Result<ExportOutcome> {
    let plan = plan_export(core, portal, folder, layout).await?;
    if plan.preview.needs_confirmation && !confirm {
        return Err(Error::ConfirmationRequired(format!(
            "{}: {} record(s) would be added, {} removed and {} changed in {}; review the diff and confirm",
            plan.preview.reason.as_deref().unwrap_or("the folder would change"),
            plan.preview.diff.added,
            plan.preview.diff.removed,
            plan.preview.diff.changed,
            plan.root.display()
        )));
    }
    std::fs::create_dir_all(&plan.root).map_err(|e| file_error(&plan.root, e))?;
    let existing: BTreeMap<&str, &[u8]> = plan.existing.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect();
    let (mut written, mut unchanged, mut removed) = (0, 0, 0);
    let total = plan.files.len() as u32;
    for (i, (path, bytes)) in plan.files.iter().enumerate() {
        if i % 500 == 0 {
            progress(PacProgress { phase: "writing".into(), done: i as u32, total });
        }
        match existing.get(path.as_str()) {
            Some(old) if *old == bytes.as_slice() || same_records(plan.layout, path, old, bytes) => unchanged += 1,
            _ => {
                write_atomically(&plan.root.join(path), bytes)?;
                written += 1;
            }
        }
    }
    let wanted: HashMap<&str, ()> = plan.files.iter().map(|(p, _)| (p.as_str(), ())).collect();
    for (path, _) in &plan.existing {
        if pac::folder::is_record_file(plan.layout, path) && !wanted.contains_key(path.as_str()) {
            let full = plan.root.join(path);
            std::fs::remove_file(&full).map_err(|e| file_error(&full, e))?;
            removed += 1;
        }
    }
    progress(PacProgress { phase: "writing".into(), done: total, total });
    let source = PacSource {
        folder: plan.root.display().to_string(),
        layout: plan.layout,
        fingerprint: fingerprint(&walk(&plan.root)?),
        synced_at: core.clock().now(),
    };
    core.store().record_pac_export(portal.id, &source).await?;
    Ok(ExportOutcome {
        folder: plan.root.display().to_string(),
        layout: plan.layout,
        written,
        unchanged,
        removed,
        warnings: plan.preview.warnings,
    })
}

/// Whether two versions of a record file hold the same records (so the file on disk, with its
/// own formatting, can stay).
fn same_records(layout: Layout, path: &str, old: &[u8], new: &[u8]) -> bool {
    if !pac::folder::is_record_file(layout, path) {
        return false;
    }
    match (pac::folder::file_records(layout, path, old), pac::folder::file_records(layout, path, new)) {
        (Ok(mut a), Ok(mut b)) => {
            let fields = |r: &mut Vec<PacRecord>| {
                r.iter_mut().for_each(sort_links);
                let mut v: Vec<_> = r.iter().map(|x| (x.id(), x.display_fields(secret))).collect();
                v.sort_by_key(|(id, _)| *id);
                v
            };
            fields(&mut a) == fields(&mut b)
        }
        _ => false,
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| file_error(dir, e))?;
    }
    let partial = path.with_extension(format!("partial-{}", std::process::id()));
    std::fs::write(&partial, bytes).map_err(|e| file_error(&partial, e))?;
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        file_error(path, e)
    })
}
