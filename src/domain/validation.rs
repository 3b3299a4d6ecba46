//! Field-level validation errors: what a form shows next to a field, and what the CLI prints.
//!
//! Every rule that rejects input names the field and says specifically what is wrong.

use serde::{Deserialize, Serialize};
use specta::Type;

/// Why a field was rejected, as a stable code the UI can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FieldErrorCode {
    Required,
    TooLong,
    InvalidUrl,
    NotHttps,
    InvalidGuid,
    Taken,
    InvalidValue,
}

/// One rejected field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FieldError {
    /// The field's name as the draft type spells it (`name`, `url`, …).
    pub field: String,
    pub code: FieldErrorCode,
    /// A complete sentence for a person.
    pub message: String,
}

/// All the problems of one input, in field order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ValidationErrors {
    pub fields: Vec<FieldError>,
}

impl ValidationErrors {
    pub fn push(&mut self, field: &str, code: FieldErrorCode, message: impl Into<String>) {
        self.fields.push(FieldError { field: field.to_owned(), code, message: message.into() });
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    pub fn single(field: &str, code: FieldErrorCode, message: impl Into<String>) -> Self {
        let mut errors = Self::default();
        errors.push(field, code, message);
        errors
    }

    /// `Ok(value)` when nothing was pushed.
    pub fn into_result<T>(self, value: T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let messages: Vec<&str> = self.fields.iter().map(|e| e.message.as_str()).collect();
        f.write_str(&messages.join(" "))
    }
}
