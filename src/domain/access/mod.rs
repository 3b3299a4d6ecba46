//! Web roles and permissions: the records, their rules, and effective access.

pub mod effective;
pub mod model;

pub use effective::{effective, posture, EffectiveAccess, PostureWarning, Principal};
pub use model::*;

#[cfg(test)]
mod tests;
