-- 0015 outbox claims: a row is leased by the tick (or the in-process delivery right after a commit)
-- that claimed it with FOR UPDATE SKIP LOCKED, so concurrent deliverers hand each row out once;
-- a failed delivery is not tried again before locked_until (back-off).
ALTER TABLE outbox ADD COLUMN locked_until timestamptz;
