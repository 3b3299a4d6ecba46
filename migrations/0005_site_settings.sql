-- Why: site settings are the portal's configuration (authentication above all). Records are kept
-- as Dataverse has them — duplicates, unknown names and inactive rows included — because the
-- runtime's first-match-wins lookup is only reproducible over the real records in their order.
CREATE TABLE site_setting (
    id                TEXT PRIMARY KEY,          -- adx_sitesettingid / mspp_sitesettingid
    portal_id         TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,          -- lookup order: the first match wins
    name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    value             TEXT CHECK (value IS NULL OR length(value) <= 4000),
    description       TEXT CHECK (description IS NULL OR length(description) <= 4096),
    active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    secret_in_keyring INTEGER NOT NULL DEFAULT 0 CHECK (secret_in_keyring IN (0, 1)),
    CHECK (secret_in_keyring = 0 OR value IS NULL)  -- a secret's value never sits in the workspace
) STRICT;

CREATE INDEX site_setting_by_portal ON site_setting (portal_id, position);
CREATE INDEX site_setting_by_name ON site_setting (portal_id, name COLLATE NOCASE);

-- Signing certificates of SAML 2.0 / WS-Federation identity providers, read from their federation
-- metadata. They expire like the authentication key and join the same expiry watch.
CREATE TABLE provider_certificate (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id       TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    provider_key    TEXT NOT NULL,               -- e.g. SAML2/ADFS
    entity_id       TEXT NOT NULL,
    thumbprint      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    issuer          TEXT NOT NULL,
    not_before      TEXT NOT NULL,
    not_after       TEXT NOT NULL,
    certificate_der BLOB NOT NULL,
    added_at        TEXT NOT NULL,
    UNIQUE (portal_id, provider_key, thumbprint)
) STRICT;

CREATE TABLE provider_certificate_notice (
    certificate_id INTEGER NOT NULL REFERENCES provider_certificate (id) ON DELETE CASCADE,
    milestone      TEXT NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('sent', 'skipped')),
    recorded_at    TEXT NOT NULL,
    channel        TEXT,
    PRIMARY KEY (certificate_id, milestone)
) STRICT;
