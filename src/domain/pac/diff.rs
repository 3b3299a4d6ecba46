//! The semantic diff between two sets of records (a portal and a folder, or two folders): per
//! record added, removed or changed with each field's old and new value, typed rather than YAML
//! lines, so key order, quoting and layout do not count as changes. Kept files are compared by
//! content.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use super::record::{PacRecord, RecordKind};
use super::FolderFiles;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DiffChange {
    Added,
    Removed,
    Changed,
}

impl DiffChange {
    pub fn as_str(self) -> &'static str {
        match self {
            DiffChange::Added => "added",
            DiffChange::Removed => "removed",
            DiffChange::Changed => "changed",
        }
    }
}

/// One field of a record: its value before and after (`None` when absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One record that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RecordDiff {
    pub kind: RecordKind,
    pub id: String,
    pub name: String,
    pub change: DiffChange,
    /// For `changed`, the fields that differ; for `added`/`removed`, every field.
    pub fields: Vec<FieldChange>,
}

/// A kept (unmodelled) file that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FileChange {
    pub path: String,
    pub change: DiffChange,
}

/// Everything that differs, records ordered by kind then name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PacDiff {
    pub records: Vec<RecordDiff>,
    pub files: Vec<FileChange>,
    pub added: u32,
    pub removed: u32,
    pub changed: u32,
    pub unchanged: u32,
}

impl PacDiff {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.files.is_empty()
    }
}

/// What turns `before` into `after`. `secret` says which setting names are secrets (their values
/// are compared by presence only and never shown).
pub fn diff(
    before: &[PacRecord],
    after: &[PacRecord],
    before_files: &FolderFiles,
    after_files: &FolderFiles,
    secret: &dyn Fn(&str) -> bool,
) -> PacDiff {
    let index = |records: &[PacRecord]| -> HashMap<(RecordKind, Uuid), usize> {
        records.iter().enumerate().map(|(i, r)| ((r.kind(), r.id()), i)).collect()
    };
    let (b_index, a_index) = (index(before), index(after));
    let mut out = PacDiff::default();
    for a in after {
        let fields_after = a.display_fields(secret);
        match b_index.get(&(a.kind(), a.id())) {
            None => {
                out.added += 1;
                out.records.push(RecordDiff {
                    kind: a.kind(),
                    id: a.id().to_string(),
                    name: a.name().to_owned(),
                    change: DiffChange::Added,
                    fields: fields_after
                        .into_iter()
                        .map(|(field, v)| FieldChange { field, before: None, after: Some(v) })
                        .collect(),
                });
            }
            Some(&i) => {
                let fields_before = before[i].display_fields(secret);
                let changes = field_changes(&fields_before, &fields_after);
                if changes.is_empty() {
                    out.unchanged += 1;
                } else {
                    out.changed += 1;
                    out.records.push(RecordDiff {
                        kind: a.kind(),
                        id: a.id().to_string(),
                        name: a.name().to_owned(),
                        change: DiffChange::Changed,
                        fields: changes,
                    });
                }
            }
        }
    }
    for b in before.iter().filter(|b| !a_index.contains_key(&(b.kind(), b.id()))) {
        out.removed += 1;
        out.records.push(RecordDiff {
            kind: b.kind(),
            id: b.id().to_string(),
            name: b.name().to_owned(),
            change: DiffChange::Removed,
            fields: b
                .display_fields(secret)
                .into_iter()
                .map(|(field, v)| FieldChange { field, before: Some(v), after: None })
                .collect(),
        });
    }
    out.records.sort_by(|x, y| (x.kind, x.name.to_lowercase(), &x.id).cmp(&(y.kind, y.name.to_lowercase(), &y.id)));
    out.files = file_changes(before_files, after_files);
    out
}

fn field_changes(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> Vec<FieldChange> {
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| FieldChange { field: k.clone(), before: before.get(k).cloned(), after: after.get(k).cloned() })
        .collect()
}

fn file_changes(before: &FolderFiles, after: &FolderFiles) -> Vec<FileChange> {
    let b: BTreeMap<&str, &[u8]> = before.iter().map(|(p, c)| (p.as_str(), c.as_slice())).collect();
    let a: BTreeMap<&str, &[u8]> = after.iter().map(|(p, c)| (p.as_str(), c.as_slice())).collect();
    let paths: BTreeSet<&str> = b.keys().chain(a.keys()).copied().collect();
    paths
        .into_iter()
        .filter_map(|p| {
            let change = match (b.get(p), a.get(p)) {
                // A portal made in the app holds no website.yml (its id and name are the portal's
                // own); exports write one. Only a changed website.yml is a difference.
                (None, Some(_)) | (Some(_), None) if p == "website.yml" => return None,
                (None, Some(_)) => DiffChange::Added,
                (Some(_), None) => DiffChange::Removed,
                (Some(x), Some(y)) if x != y => DiffChange::Changed,
                _ => return None,
            };
            Some(FileChange { path: p.to_owned(), change })
        })
        .collect()
}
