-- 0018 rate limits kept in the database, so they hold across node instances and cloud function
-- instances alike. Forward only.

-- One row per counted thing (e.g. 'sms.phone.1h:13800000000'): a fixed window that starts at the
-- first hit and ends at resets_at; the first hit after that starts a new window.
-- cloud/platform/rate-limit.ts counts with a single INSERT … ON CONFLICT DO UPDATE … WHERE
-- hits < max_hits, so parallel requests on any number of instances never let more than max_hits
-- through in one window. Refused requests are not counted.
CREATE TABLE rate_limits (
  key        text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
  resets_at  timestamptz NOT NULL,
  max_hits   integer NOT NULL CHECK (max_hits > 0),
  hits       integer NOT NULL CHECK (hits BETWEEN 1 AND max_hits)
);

-- the nightly maintenance job removes windows that have ended
CREATE INDEX rate_limits_resets_at ON rate_limits (resets_at);
