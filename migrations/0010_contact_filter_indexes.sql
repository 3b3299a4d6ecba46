-- Why: the contacts list's chips for states most contacts are not in (deactivated, two-factor,
-- unconfirmed e-mail) would otherwise walk every contact of the portal in name order to find a
-- page of them, and count by reading every row: up to a second for a million. These partial
-- indexes hold only those contacts, in the list's default order. The queries name the states as
-- literals (`active = 0`), which is what lets SQLite prove a partial index applies.
CREATE INDEX contact_inactive ON contact (portal_id, name_key, id) WHERE active = 0;
CREATE INDEX contact_two_factor ON contact (portal_id, name_key, id) WHERE two_factor_enabled = 1;
CREATE INDEX contact_unconfirmed ON contact (portal_id, name_key, id) WHERE email_confirmed = 0 AND email IS NOT NULL;
