-- Why: web roles and permissions decide who sees and changes what on the portal. Records keep
-- Dataverse's ids and option-set codes (unknown codes too) so imports and exports are lossless.
CREATE TABLE web_role (
    id                       TEXT PRIMARY KEY,
    portal_id                TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    name                     TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description              TEXT CHECK (description IS NULL OR length(description) <= 2000),
    anonymous_users_role     INTEGER NOT NULL CHECK (anonymous_users_role IN (0, 1)),
    authenticated_users_role INTEGER NOT NULL CHECK (authenticated_users_role IN (0, 1)),
    active                   INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX web_role_by_portal ON web_role (portal_id, name COLLATE NOCASE);
-- "At most one anonymous and one authenticated users role" is checked when a role is saved, not
-- by an index: real portals break it (a downloaded portal had two authenticated users roles), and
-- an imported portal must be kept as it is; the posture warnings report it.

CREATE TABLE website_access (
    id                           TEXT PRIMARY KEY,
    portal_id                    TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    name                         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    manage_content_snippets      INTEGER NOT NULL,
    manage_site_markers          INTEGER NOT NULL,
    manage_web_link_sets         INTEGER NOT NULL,
    preview_unpublished_entities INTEGER NOT NULL,
    active                       INTEGER NOT NULL
) STRICT;
CREATE TABLE website_access_role (
    access_id TEXT NOT NULL REFERENCES website_access (id) ON DELETE CASCADE,
    role_id   TEXT NOT NULL REFERENCES web_role (id) ON DELETE CASCADE,
    PRIMARY KEY (access_id, role_id)
) STRICT;

CREATE TABLE web_page (
    id          TEXT PRIMARY KEY,
    portal_id   TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    partial_url TEXT NOT NULL,
    parent_id   TEXT
) STRICT;
CREATE INDEX web_page_by_portal ON web_page (portal_id);

CREATE TABLE page_rule (
    id          TEXT PRIMARY KEY,
    portal_id   TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description TEXT,
    right_code  INTEGER NOT NULL,   -- 1 Grant Change, 2 Restrict Read (others kept)
    scope_code  INTEGER NOT NULL,   -- 1 All content, 2 Exclude direct child web files
    page_id     TEXT,               -- may name a page the workspace does not hold
    active      INTEGER NOT NULL
) STRICT;
CREATE INDEX page_rule_by_portal ON page_rule (portal_id);
CREATE TABLE page_rule_role (
    rule_id TEXT NOT NULL REFERENCES page_rule (id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES web_role (id) ON DELETE CASCADE,
    PRIMARY KEY (rule_id, role_id)
) STRICT;

CREATE TABLE table_permission (
    id                   TEXT PRIMARY KEY,
    portal_id            TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    name                 TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 400),
    table_name           TEXT NOT NULL CHECK (length(table_name) BETWEEN 1 AND 250),
    scope_code           INTEGER NOT NULL,   -- 756150000 Global … 756150004 Self; unknown codes kept
    can_read             INTEGER NOT NULL,
    can_write            INTEGER NOT NULL,
    can_create           INTEGER NOT NULL,
    can_delete           INTEGER NOT NULL,
    can_append           INTEGER NOT NULL,
    can_append_to        INTEGER NOT NULL,
    contact_relationship TEXT,
    account_relationship TEXT,
    parent_id            TEXT REFERENCES table_permission (id) ON DELETE CASCADE,  -- Dataverse cascades too
    parent_relationship  TEXT,
    active               INTEGER NOT NULL
) STRICT;
CREATE INDEX table_permission_by_portal ON table_permission (portal_id);
CREATE TABLE table_permission_role (
    permission_id TEXT NOT NULL REFERENCES table_permission (id) ON DELETE CASCADE,
    role_id       TEXT NOT NULL REFERENCES web_role (id) ON DELETE CASCADE,
    PRIMARY KEY (permission_id, role_id)
) STRICT;
CREATE INDEX table_permission_role_by_role ON table_permission_role (role_id);
