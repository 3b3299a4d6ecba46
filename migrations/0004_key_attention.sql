-- Why: an administrator can acknowledge an expiring key with the name of who owns the renewal,
-- and snooze its banner until the next reminder milestone (never past it).
ALTER TABLE auth_key ADD COLUMN acknowledged_by TEXT;
ALTER TABLE auth_key ADD COLUMN acknowledged_at TEXT;
ALTER TABLE auth_key ADD COLUMN snoozed_until TEXT;
