-- 时间银行: the community's system accounts (issuing, spent) split into slots, as points' are (0003).
-- Every confirmed service credits its volunteer from the community's issuing account; with one row
-- per community, each confirmation held that row's lock from its balance update to its commit and
-- the others queued behind it (about 100 confirmations/s however many clients). A posting now takes
-- the slot of its volunteer (or elder), so concurrent confirmations spread over the slots (64, cloud/ledger SYSTEM_SLOTS). The existing
-- row is slot 0: no balance or entry moves, and reconciliation (balance = sum of entries, per account)
-- is unchanged; a community's issued total is the sum over its slots.
ALTER TABLE timebank_accounts ADD COLUMN slot smallint NOT NULL DEFAULT 0 CHECK (slot BETWEEN 0 AND 255);
DROP INDEX timebank_accounts_system;
CREATE UNIQUE INDEX timebank_accounts_system ON timebank_accounts (community_id, kind, slot) WHERE user_id IS NULL;
