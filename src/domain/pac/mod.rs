//! Portal folders as `pac pages download` writes them, in both layouts: the aggregate layout
//! (one YAML per table, `adx_` keys) and the code-site layout (`.powerpages-site/`, one file per
//! record, prefix stripped except on many-to-many keys). Pure: folders come in as file lists and
//! go out as file lists; `ops::pac` does the disk.
//!
//! Records the app models (site settings, web roles, website access, page rules, table
//! permissions) are read into the domain types; every other field of those records is kept as
//! JSON next to them, and every other file is kept verbatim, so an export writes back what an
//! import read.

pub mod diff;
pub mod folder;
pub mod record;
pub mod synthetic;
pub mod yaml;

use serde::{Deserialize, Serialize};
use specta::Type;

pub use diff::{diff, DiffChange, FieldChange, FileChange, PacDiff, RecordDiff};
pub use folder::{detect_layout, read_folder, render_folder, FolderFiles, ParsedFolder, WebsiteInfo};
pub use record::{PacRecord, RecordBody, RecordKind};

/// The two folder layouts of the Power Platform CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// `pac pages download`: `website.yml`, `sitesetting.yml`, `webrole.yml`, … with `adx_` keys.
    Aggregate,
    /// `.powerpages-site/` of a code site: one file per record, `adx_` stripped.
    CodeSite,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Aggregate => "aggregate",
            Layout::CodeSite => "code-site",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "aggregate" => Some(Layout::Aggregate),
            "code-site" | "codesite" => Some(Layout::CodeSite),
            _ => None,
        }
    }
}

/// Something wrong with a folder's content: the file (relative to the folder), the line where
/// the parser knows it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FolderProblem {
    pub file: String,
    pub line: Option<u32>,
    pub message: String,
}

impl FolderProblem {
    pub fn new(file: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Self { file: file.to_owned(), line: line.map(|l| l as u32), message: message.into() }
    }
}

impl std::fmt::Display for FolderProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// How many records of each modelled kind a folder or portal holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RecordCounts {
    pub site_settings: u32,
    pub web_roles: u32,
    pub website_access: u32,
    pub page_rules: u32,
    pub table_permissions: u32,
}

impl RecordCounts {
    pub fn of(records: &[PacRecord]) -> Self {
        let mut c = Self::default();
        for r in records {
            match r.kind() {
                RecordKind::SiteSetting => c.site_settings += 1,
                RecordKind::WebRole => c.web_roles += 1,
                RecordKind::WebsiteAccess => c.website_access += 1,
                RecordKind::PageRule => c.page_rules += 1,
                RecordKind::TablePermission => c.table_permissions += 1,
            }
        }
        c
    }

    pub fn total(&self) -> u32 {
        self.site_settings + self.web_roles + self.website_access + self.page_rules + self.table_permissions
    }
}

#[cfg(test)]
mod tests;
