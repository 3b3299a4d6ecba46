//! Portal Admin Center backend core (`portal_admin`): every rule and all data of the product.
//!
//! Both shells — the `portal-admin` CLI and the Tauri desktop app — call [`ops`] and nothing
//! else. The core never depends on tauri or clap; `domain` is pure, `store` is the only place
//! with SQL. See ARCHITECTURE.md for the map.

pub mod clock;
pub mod connector;
pub mod discovery;
pub mod domain;
pub mod error;
pub mod events;
pub mod keys;
pub mod notify;
pub mod ops;
pub mod paths;
pub mod secrets;
pub mod store;
pub mod sync;
pub mod watch;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, ErrorCode, Result};
pub use ops::{Core, CoreOptions};
