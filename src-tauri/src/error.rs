//! Errors as the UI receives them: a stable code, a sentence, and per-field problems.

use portal_admin::domain::FieldError;
use portal_admin::ErrorCode;
use serde::Serialize;
use specta::Type;

/// What a failed command returns to the UI. The UI branches on `code`, never on `message`.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
    /// Problems per form field, for validation errors.
    pub fields: Vec<FieldError>,
}

impl CommandError {
    /// A failure of the operating system integration (not of the core), e.g. autostart.
    pub fn os(what: &str, detail: String) -> Self {
        tracing::warn!(what, "{detail}");
        Self {
            code: ErrorCode::System,
            message: format!("The system refused to change {what}: {detail}"),
            fields: Vec::new(),
        }
    }
}

impl From<portal_admin::Error> for CommandError {
    fn from(error: portal_admin::Error) -> Self {
        // The full chain goes to the log; the UI gets the one-line message.
        let mut chain = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(s) = source {
            chain.push_str(": ");
            chain.push_str(&s.to_string());
            source = s.source();
        }
        tracing::warn!(code = error.code().as_str(), "{chain}");
        Self { code: error.code(), message: error.to_string(), fields: error.field_errors().to_vec() }
    }
}
