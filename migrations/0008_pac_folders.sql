-- Why: a portal imported from a `pac pages download` folder must export back without loss. The
-- app models some fields of some tables; everything else the folder held is kept here verbatim:
-- the unmodelled fields of modelled records (with the file each record came from, so an export
-- keeps file names) and every unmodelled file. `pac_source` remembers where and in which layout
-- the portal was last imported or exported, and a fingerprint of that folder, so an export never
-- silently overwrites a folder that changed since.
CREATE TABLE pac_source (
    portal_id   TEXT PRIMARY KEY REFERENCES portal (id) ON DELETE CASCADE,
    folder      TEXT NOT NULL,                  -- the layout root, absolute
    layout      TEXT NOT NULL CHECK (layout IN ('aggregate', 'code-site')),
    fingerprint TEXT NOT NULL,                  -- sha256 over the folder's paths and bytes
    synced_at   TEXT NOT NULL
) STRICT;

CREATE TABLE pac_record_extra (
    portal_id TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,                    -- site_setting, web_role, …
    record_id TEXT NOT NULL,
    file      TEXT,                             -- relative to the layout root
    fields    TEXT NOT NULL,                    -- JSON object: unmodelled fields as the file spelt them
    PRIMARY KEY (portal_id, kind, record_id)
) STRICT;

CREATE TABLE pac_file (
    portal_id TEXT NOT NULL REFERENCES portal (id) ON DELETE CASCADE,
    path      TEXT NOT NULL,                    -- relative to the layout root, `/`-separated
    content   BLOB NOT NULL,
    PRIMARY KEY (portal_id, path)
) STRICT;
