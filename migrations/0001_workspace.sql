-- Why: a workspace starts with its portals and the audit trail that every later change writes to.
CREATE TABLE portal (
    id              TEXT PRIMARY KEY NOT NULL,           -- website GUID, lowercase hyphenated
    name            TEXT NOT NULL COLLATE NOCASE UNIQUE, -- unique in the workspace, any case
    url             TEXT NOT NULL,
    environment_url TEXT NOT NULL,
    app_id          TEXT NOT NULL,
    owner           TEXT,
    state           TEXT NOT NULL CHECK (state IN ('running', 'restarting', 'stopped')),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

-- Kept when a portal is removed (no foreign key): its history outlives it.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    portal_id   TEXT,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
    before_json TEXT,
    after_json  TEXT
) STRICT;

CREATE INDEX audit_by_portal ON audit (portal_id, id);
