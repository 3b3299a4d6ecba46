-- Why: a renewal must survive a crash or a closed app mid-way and resume or fail cleanly, so its
-- progress is persisted; the local connector records what it did to the portal.
CREATE TABLE renewal_job (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id   TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    state       TEXT NOT NULL CHECK (state IN ('running', 'failed', 'succeeded')),
    step        TEXT CHECK (step IN ('generate', 'register', 'restart', 'verify', 'retire')),
    old_key_id  INTEGER REFERENCES auth_key (id) ON DELETE SET NULL,
    new_key_id  INTEGER REFERENCES auth_key (id) ON DELETE SET NULL,
    restarted   INTEGER NOT NULL DEFAULT 0 CHECK (restarted IN (0, 1)),
    error       TEXT,
    attempts    INTEGER NOT NULL DEFAULT 1,
    started_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- At most one unfinished renewal per portal.
CREATE UNIQUE INDEX renewal_job_one_open_per_portal ON renewal_job (portal_id) WHERE state != 'succeeded';

CREATE TABLE connector_action (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    portal_id TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    at        TEXT NOT NULL
) STRICT;
