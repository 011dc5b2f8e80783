-- 0022 checkups (体检预约): one booking path. Forward only.

-- Accepting a 候补 offer books through checkup_book like a direct booking (the booking row, the
-- withdrawal of the elder's other waiting entries, the reminder job, the notice with its outbox row
-- and, for someone else, the audit row), instead of a second copy of those writes in TypeScript.
-- The only difference is where the place comes from: a direct booking takes one if one is left
-- (CK001 otherwise); an accepted offer already holds its place (counted in `booked` when it was
-- offered), so the offer is closed instead: still offered and not expired, or CK002 and nothing is
-- kept. The offer is closed FIRST, as the TypeScript did, so two taps on the same offer queue on
-- the waitlist row and the second one is told the offer is gone.
-- The signature gains p_offer, so the old function is dropped here; the new body is
-- cloud/db/functions/checkup_book.sql, applied after the migrations.
DROP FUNCTION checkup_book(uuid, uuid, uuid, uuid, text, uuid, text, text, boolean, timestamptz, uuid, timestamptz, jsonb, text, uuid, uuid, uuid, text, text, text, jsonb, uuid, text, jsonb);
