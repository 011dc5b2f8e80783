-- 0020 the hot path of signed-in requests (GET /me counts unread notices on every page open).
-- Forward only. The functions accounts_identity and accounts_me live in cloud/db/functions.

-- Unread notices per person without reading everyone's read history: a person with years of
-- notices still counts a handful of index entries.
CREATE INDEX notices_unread ON notices (user_id) WHERE read_at IS NULL;
