-- 0010 checkups (体检预约) performance. Forward only.

-- Every booking, cancel and reschedule rewrites one session row (the booked counter). With room
-- left on each page the new row version stays on the same page (a HOT update: no index entries
-- to add), so a hot session under 200 clients does not bloat its indexes.
ALTER TABLE checkup_sessions SET (fillfactor = 70);

-- Staff lists by campaign and status (no-show call list, roster and attendance export) without
-- reading every booking of the campaign's sessions.
CREATE INDEX checkup_bookings_campaign_status ON checkup_bookings (campaign_id, status);

