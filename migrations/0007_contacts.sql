-- Why: contacts are the portal's users. A workspace may hold a million of them, so the columns
-- searched, filtered and sorted on have lower-cased keys with indexes, full-text search has an
-- FTS5 index kept in step by triggers, and instants are integers (Unix milliseconds, UTC) so that
-- range filters like "locked out now" compare numbers.
CREATE TABLE contact (
    id                   TEXT PRIMARY KEY,
    portal_id            TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    first_name           TEXT CHECK (first_name IS NULL OR length(first_name) <= 50),
    last_name            TEXT CHECK (last_name IS NULL OR length(last_name) <= 50),
    email                TEXT CHECK (email IS NULL OR length(email) <= 100),
    email_confirmed      INTEGER NOT NULL CHECK (email_confirmed IN (0, 1)),
    mobile_phone         TEXT CHECK (mobile_phone IS NULL OR length(mobile_phone) <= 50),
    active               INTEGER NOT NULL CHECK (active IN (0, 1)),
    username             TEXT CHECK (username IS NULL OR length(username) <= 100),
    password_hash        TEXT CHECK (password_hash IS NULL OR length(password_hash) <= 128),
    security_stamp       TEXT CHECK (security_stamp IS NULL OR length(security_stamp) <= 100),
    two_factor_enabled   INTEGER NOT NULL CHECK (two_factor_enabled IN (0, 1)),
    lockout_enabled      INTEGER NOT NULL CHECK (lockout_enabled IN (0, 1)),
    lockout_end          INTEGER,
    access_failed_count  INTEGER NOT NULL CHECK (access_failed_count >= 0),
    login_enabled        INTEGER NOT NULL CHECK (login_enabled IN (0, 1)),
    local_login_disabled INTEGER NOT NULL CHECK (local_login_disabled IN (0, 1)),
    last_login           INTEGER,
    modified_at          INTEGER NOT NULL,
    -- Search and sort keys (lower case): "last first", "first last", e-mail, user name.
    name_key             TEXT NOT NULL,
    first_key            TEXT NOT NULL,
    email_key            TEXT,
    username_key         TEXT
) STRICT;
CREATE INDEX contact_by_name ON contact (portal_id, name_key, id);
CREATE INDEX contact_by_first ON contact (portal_id, first_key, id);
CREATE INDEX contact_by_email ON contact (portal_id, email_key, id);
CREATE INDEX contact_by_username ON contact (portal_id, username_key, id);
CREATE INDEX contact_by_last_login ON contact (portal_id, last_login, id);
CREATE INDEX contact_locked ON contact (portal_id, lockout_end) WHERE lockout_end IS NOT NULL;

CREATE VIRTUAL TABLE contact_fts USING fts5 (
    first_name, last_name, email, username,
    content = 'contact', content_rowid = 'rowid', prefix = '2 3'
);
CREATE TRIGGER contact_fts_insert AFTER INSERT ON contact BEGIN
    INSERT INTO contact_fts (rowid, first_name, last_name, email, username)
    VALUES (new.rowid, new.first_name, new.last_name, new.email, new.username);
END;
CREATE TRIGGER contact_fts_delete AFTER DELETE ON contact BEGIN
    INSERT INTO contact_fts (contact_fts, rowid, first_name, last_name, email, username)
    VALUES ('delete', old.rowid, old.first_name, old.last_name, old.email, old.username);
END;
CREATE TRIGGER contact_fts_update AFTER UPDATE OF first_name, last_name, email, username ON contact BEGIN
    INSERT INTO contact_fts (contact_fts, rowid, first_name, last_name, email, username)
    VALUES ('delete', old.rowid, old.first_name, old.last_name, old.email, old.username);
    INSERT INTO contact_fts (rowid, first_name, last_name, email, username)
    VALUES (new.rowid, new.first_name, new.last_name, new.email, new.username);
END;

CREATE TABLE contact_role (
    contact_id TEXT NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    role_id    TEXT NOT NULL REFERENCES web_role (id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, role_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_role_by_role ON contact_role (role_id, contact_id);

-- adx_externalidentity: at most one per provider and contact.
CREATE TABLE external_identity (
    id         TEXT PRIMARY KEY,
    contact_id TEXT NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    provider   TEXT NOT NULL CHECK (length(provider) BETWEEN 1 AND 400),
    user_key   TEXT NOT NULL CHECK (length(user_key) BETWEEN 1 AND 100)
) STRICT;
CREATE UNIQUE INDEX external_identity_per_provider ON external_identity (contact_id, provider COLLATE NOCASE);

-- adx_invitation with its option-set codes.
CREATE TABLE invitation (
    id                 TEXT PRIMARY KEY,
    portal_id          TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    code               TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 200),
    kind               INTEGER NOT NULL,
    max_redemptions    INTEGER NOT NULL CHECK (max_redemptions >= 0),
    redemptions        INTEGER NOT NULL CHECK (redemptions >= 0),
    expiry_date        TEXT,
    inviter_contact_id TEXT REFERENCES contact (id) ON DELETE SET NULL,
    assign_to_account  TEXT,
    status             INTEGER NOT NULL,
    created_at         TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX invitation_code ON invitation (portal_id, code);
CREATE TABLE invitation_contact (
    invitation_id TEXT NOT NULL REFERENCES invitation (id) ON DELETE CASCADE,
    contact_id    TEXT NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    relation      TEXT NOT NULL CHECK (relation IN ('invited', 'redeemed')),
    position      INTEGER NOT NULL,
    PRIMARY KEY (invitation_id, relation, contact_id)
) STRICT;
CREATE INDEX invitation_contact_by_contact ON invitation_contact (contact_id);
CREATE TABLE invitation_role (
    invitation_id TEXT NOT NULL REFERENCES invitation (id) ON DELETE CASCADE,
    role_id       TEXT NOT NULL REFERENCES web_role (id) ON DELETE CASCADE,
    PRIMARY KEY (invitation_id, role_id)
) STRICT;

-- A bulk action's audit entries share its batch, so it can be undone as one.
CREATE TABLE bulk_batch (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id   TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    description TEXT NOT NULL,
    contacts    INTEGER NOT NULL,
    undone_by   INTEGER REFERENCES bulk_batch (id)
) STRICT;
ALTER TABLE audit ADD COLUMN batch_id INTEGER REFERENCES bulk_batch (id);
CREATE INDEX audit_by_batch ON audit (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX audit_by_record ON audit (entity, entity_id, id);
