//! Site settings and everything read from them: the authentication catalogue, the runtime's
//! parsing rules, effective values, the settings checker, the password policy and the identity
//! providers.

pub mod catalogue;
pub mod checker;
pub mod effective;
pub mod parse;
pub mod password;
pub mod providers;

pub use catalogue::{Protocol, SettingDef, SettingGroup, SettingKind};
pub use checker::{Finding, FindingRule, FindingSeverity, Fix, FixAction};
pub use effective::{EffectiveSetting, Settings, SiteSetting, ValueSource};
pub use password::{PasswordPolicy, PasswordReport};
pub use providers::{IdentityProvider, ProviderKind};
