//! Pure domain types and rules: no async, no I/O, no clock reads (time comes in as a value).

pub mod access;
pub mod audit;
pub mod calendar;
pub mod connection;
pub mod contacts;
pub mod demo;
pub mod federation;
pub mod key;
pub mod key_credentials;
pub mod pac;
pub mod portal;
pub mod renewal;
pub mod settings;
pub mod sites;
pub mod validation;

pub use audit::{AuditAction, AuditEntry, Entity};
pub use portal::{Portal, PortalDraft, PortalId, PortalPatch, PortalState, ValidPortal};
pub use validation::{FieldError, FieldErrorCode, ValidationErrors};
