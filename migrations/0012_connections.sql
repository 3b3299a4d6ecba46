-- Why: the workspace connects to Microsoft's services. A connection is one tenant and one way to
-- sign in (its secrets and refresh token live in the OS keyring, never here); a portal found by
-- discovery remembers its site in the Power Pages admin API; keys read from Microsoft Graph say
-- so and when, and every credential of a portal's application is listed.
CREATE TABLE connection (
    id                     TEXT PRIMARY KEY NOT NULL,
    name                   TEXT NOT NULL COLLATE NOCASE UNIQUE,
    tenant                 TEXT NOT NULL,
    client_id              TEXT NOT NULL,
    authority              TEXT NOT NULL,
    graph_url              TEXT NOT NULL,
    powerplatform_url      TEXT NOT NULL,
    discovery_url          TEXT NOT NULL,
    method                 TEXT NOT NULL CHECK (method IN ('delegated', 'client_secret', 'certificate')),
    certificate_thumbprint TEXT,
    certificate_der        BLOB,             -- the public certificate of a certificate connection
    tenant_id              TEXT,
    account                TEXT,
    token_state            TEXT NOT NULL CHECK (token_state IN ('signed_out', 'signed_in', 'signin_required')),
    signed_in_at           TEXT,
    last_error             TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    CHECK ((method = 'certificate') = (certificate_thumbprint IS NOT NULL))
) STRICT;

-- A portal bound to a connection and, when discovered, to its site in the admin API.
CREATE TABLE portal_site (
    portal_id        TEXT PRIMARY KEY NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    connection_id    TEXT NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
    site_id          TEXT,            -- the admin API's website id (not the website record id)
    environment_id   TEXT,
    environment_name TEXT,
    data_model       TEXT,            -- 'standard' / 'enhanced' when known
    site_type        TEXT,            -- 'Production', 'Trial', …
    site_status      TEXT,            -- the admin API's last operation status
    discovered_at    TEXT,
    keys_read_at     TEXT,            -- the last successful read of the application's credentials
    keys_error       TEXT,            -- why the last read failed (the dates shown are older)
    key_credentials  INTEGER          -- how many certificate credentials Graph listed (0: no key)
) STRICT;

CREATE INDEX portal_site_by_connection ON portal_site (connection_id);

-- Every key credential of a portal's application, as Graph listed it last.
CREATE TABLE app_credential (
    portal_id       TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    key_id          TEXT NOT NULL,
    display_name    TEXT,
    thumbprint      TEXT NOT NULL,
    start_at        TEXT,
    end_at          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    usage           TEXT NOT NULL,
    has_certificate INTEGER NOT NULL CHECK (has_certificate IN (0, 1)),
    PRIMARY KEY (portal_id, key_id)
) STRICT;

-- A key read from Microsoft Graph: which credential, and as of when. A credential Graph sent
-- without its certificate is kept with an empty certificate_der.
ALTER TABLE auth_key ADD COLUMN graph_key_id TEXT;
ALTER TABLE auth_key ADD COLUMN graph_read_at TEXT;
