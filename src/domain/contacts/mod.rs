//! Contacts as portal users: identity columns and user rules, ASP.NET Identity password hashes,
//! the sign-in walk with the lockout algorithm, and invitations.

pub mod hash;
pub mod invitation;
pub mod model;
pub mod signin;

#[cfg(test)]
mod tests;

pub use invitation::{Invitation, InvitationDraft, InvitationKind, InvitationProblem, InvitationStatus};
pub use model::{Contact, ContactDraft, ExternalIdentity, PasswordState, UserRules};
pub use signin::{diagnose, LockoutState, SignInContext, SignInDiagnosis, SignInVerdict};
