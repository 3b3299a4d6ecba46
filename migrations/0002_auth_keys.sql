-- Why: the authentication key is what the watch is for; recording each milestone's notice makes
-- the schedule survive restarts, and the last watch run lets the app warn when the watch stalls.
ALTER TABLE portal ADD COLUMN key_lifetime_days INTEGER NOT NULL DEFAULT 730
    CHECK (key_lifetime_days BETWEEN 1 AND 3650);

CREATE TABLE auth_key (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id       TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    thumbprint      TEXT NOT NULL,   -- uppercase hex SHA-1 of certificate_der
    x5t             TEXT NOT NULL,
    subject         TEXT NOT NULL,
    issuer          TEXT NOT NULL,
    serial          TEXT NOT NULL,
    not_before      TEXT NOT NULL,
    not_after       TEXT NOT NULL,
    key_algorithm   TEXT NOT NULL,
    key_bits        INTEGER NOT NULL,
    certificate_der BLOB NOT NULL,   -- the public certificate only; private keys live in the OS keyring
    has_private_key INTEGER NOT NULL CHECK (has_private_key IN (0, 1)),
    source          TEXT NOT NULL CHECK (source IN ('generated', 'imported', 'renewed')),
    status          TEXT NOT NULL CHECK (status IN ('active', 'pending', 'retired')),
    added_at        TEXT NOT NULL,
    UNIQUE (portal_id, thumbprint)
) STRICT;

CREATE UNIQUE INDEX auth_key_one_active_per_portal ON auth_key (portal_id) WHERE status = 'active';

CREATE TABLE key_notice (
    key_id      INTEGER NOT NULL REFERENCES auth_key (id) ON DELETE CASCADE,
    milestone   TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('sent', 'skipped')),
    recorded_at TEXT NOT NULL,
    channel     TEXT,
    PRIMARY KEY (key_id, milestone)
) STRICT;

CREATE TABLE watch_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    last_run_at TEXT NOT NULL
) STRICT;
