//! The demo workspace: a realistic portal so that a first run shows something useful.
//! Later features add their demo records here (keys, settings, roles, contacts).

use super::portal::{PortalDraft, PortalId, PortalState};

/// The demo portal's fixed id, so seeding is idempotent and tests can find it.
pub const DEMO_PORTAL_ID: &str = "3f6e1c2a-9b7d-4e8f-a1c5-7d2e9b4f6a08";
pub const DEMO_PORTAL_NAME: &str = "Contoso Customer Self-Service";
/// The demo key expires this many days after seeding: inside the warning band.
pub const DEMO_KEY_DAYS_LEFT: i64 = 20;

pub fn demo_portal() -> PortalDraft {
    PortalDraft {
        id: Some(DEMO_PORTAL_ID.to_owned()),
        name: DEMO_PORTAL_NAME.to_owned(),
        url: "https://contoso-selfservice.powerappsportals.com/".to_owned(),
        environment_url: "https://contoso.crm4.dynamics.com/".to_owned(),
        app_id: "6f3c2b8e-1d4a-4e5b-9a7c-2b1e8d9f0a31".to_owned(),
        owner: Some("Megan Bowen".to_owned()),
        state: Some(PortalState::Running),
        key_lifetime_days: None,
    }
}

pub fn demo_portal_id() -> PortalId {
    DEMO_PORTAL_ID.parse().expect("the demo portal id is a GUID")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_portal_passes_its_own_validation() {
        let valid = super::demo_portal().validate(super::PortalId::new_random()).unwrap();
        assert_eq!(valid.id, super::demo_portal_id());
    }
}
