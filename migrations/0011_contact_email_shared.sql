-- Why: "shared e-mails only" asked which of a million contacts have an address another contact of
-- the portal has too, by grouping every address: half a second for each page and each count. The
-- answer is kept on the contact instead, by triggers in the same transaction as each insert,
-- delete and change of address (deactivated contacts count: the runtime refuses them all), and a
-- partial index holds just those contacts in the list's default order. The queries name the mark
-- as a literal (`email_shared = 1`), which is what lets SQLite prove the partial index applies.
ALTER TABLE contact ADD COLUMN email_shared INTEGER NOT NULL DEFAULT 0 CHECK (email_shared IN (0, 1));

UPDATE contact SET email_shared = 1
 WHERE email_key IS NOT NULL
   AND EXISTS (SELECT 1 FROM contact o
                WHERE o.portal_id = contact.portal_id AND o.email_key = contact.email_key AND o.id <> contact.id);

CREATE INDEX contact_email_shared ON contact (portal_id, name_key, id) WHERE email_shared = 1;

-- A new contact marks its whole group (itself included) once the address is there twice. The
-- common case, an address of its own, costs one probe of the e-mail index and no update.
CREATE TRIGGER contact_email_shared_insert AFTER INSERT ON contact
WHEN new.email_key IS NOT NULL
 AND EXISTS (SELECT 1 FROM contact WHERE portal_id = new.portal_id AND email_key = new.email_key AND rowid <> new.rowid)
BEGIN
    UPDATE contact SET email_shared = 1
     WHERE portal_id = new.portal_id AND email_key = new.email_key AND email_shared = 0;
END;

-- The last one left with an address is no longer sharing it.
CREATE TRIGGER contact_email_shared_delete AFTER DELETE ON contact WHEN old.email_key IS NOT NULL BEGIN
    UPDATE contact SET email_shared = 0
     WHERE portal_id = old.portal_id AND email_key = old.email_key AND email_shared = 1
       AND (SELECT count(*) FROM contact WHERE portal_id = old.portal_id AND email_key = old.email_key) < 2;
END;

-- A changed address (or portal) leaves one group and joins another.
CREATE TRIGGER contact_email_shared_update AFTER UPDATE OF portal_id, email_key ON contact
WHEN new.portal_id IS NOT old.portal_id OR new.email_key IS NOT old.email_key BEGIN
    UPDATE contact SET email_shared = 0
     WHERE old.email_key IS NOT NULL
       AND portal_id = old.portal_id AND email_key = old.email_key AND email_shared = 1
       AND (SELECT count(*) FROM contact WHERE portal_id = old.portal_id AND email_key = old.email_key) < 2;
    UPDATE contact SET email_shared = 0 WHERE rowid = new.rowid AND new.email_key IS NULL AND email_shared = 1;
    UPDATE contact
       SET email_shared = ((SELECT count(*) FROM contact WHERE portal_id = new.portal_id AND email_key = new.email_key) > 1)
     WHERE new.email_key IS NOT NULL AND portal_id = new.portal_id AND email_key = new.email_key;
END;
