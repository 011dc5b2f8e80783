-- 积分制: an append-only double-entry points ledger, earning rules with caps, and the points shop.
-- Nothing in the ledger tables is updated in place except the cached balances on accounts and the
-- `remaining` of lots, both changed in the same transaction as the entries that explain them.

-- Earning rules per community (staff edit these; they are configuration, not ledger).
CREATE TABLE points_rules (
  id            uuid PRIMARY KEY,
  community_id  uuid NOT NULL REFERENCES org_units (id),
  kind          text NOT NULL CHECK (kind IN ('valid_report', 'volunteer_service', 'garbage_sorting', 'event_attendance',
                                             'neighbour_help', 'accepted_suggestion', 'custom')),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  description   text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  points        integer NOT NULL CHECK (points > 0 AND points <= 100000),
  needs_review  boolean NOT NULL DEFAULT false,
  daily_cap     integer CHECK (daily_cap > 0),
  monthly_cap   integer CHECK (monthly_cap > 0),
  active_from   date,
  active_until  date,
  active        boolean NOT NULL DEFAULT true,
  created_by    uuid REFERENCES users (id),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  CHECK (active_until IS NULL OR active_from IS NULL OR active_until >= active_from)
);
CREATE INDEX points_rules_community ON points_rules (community_id, kind);

-- Accounts: each resident's account per community, and the community's system accounts (issuing,
-- shop, expiry sink). Hot system accounts are split into slots so that concurrent earns do not queue
-- on one row, and their ids come from the top of the uuid space: postings lock accounts in id order,
-- so a hot system row is always locked last and held only until the commit.
CREATE TABLE points_accounts (
  id            uuid PRIMARY KEY,
  community_id  uuid NOT NULL REFERENCES org_units (id),
  kind          text NOT NULL CHECK (kind IN ('resident', 'issuing', 'shop', 'expiry')),
  user_id       uuid REFERENCES users (id),
  slot          smallint NOT NULL DEFAULT 0,
  available     bigint NOT NULL DEFAULT 0,
  held          bigint NOT NULL DEFAULT 0,
  version       integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL,
  CHECK ((kind = 'resident') = (user_id IS NOT NULL)),
  -- the issuing account is where points come from: it is the only one that goes below zero
  CONSTRAINT points_accounts_available_nonneg CHECK (kind = 'issuing' OR available >= 0),
  CONSTRAINT points_accounts_held_nonneg CHECK (held >= 0)
);
CREATE UNIQUE INDEX points_accounts_resident ON points_accounts (community_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX points_accounts_system ON points_accounts (community_id, kind, slot) WHERE user_id IS NULL;

-- One journal per business event.
CREATE TABLE points_journals (
  id            uuid PRIMARY KEY,
  community_id  uuid NOT NULL REFERENCES org_units (id),
  kind          text NOT NULL CHECK (kind IN ('earn', 'hold', 'redeem', 'release', 'reverse', 'expire', 'adjust')),
  memo          text NOT NULL CHECK (length(memo) <= 200),
  actor_id      uuid REFERENCES users (id),
  -- a correction points at what it corrects; each journal is reversed at most once
  reverses_id   uuid UNIQUE REFERENCES points_journals (id),
  reason        text CHECK (length(reason) <= 200),
  created_at    timestamptz NOT NULL,
  CHECK ((kind = 'reverse') = (reverses_id IS NOT NULL)),
  CHECK (kind NOT IN ('reverse', 'adjust') OR (reason IS NOT NULL AND actor_id IS NOT NULL))
);
CREATE INDEX points_journals_community ON points_journals (community_id, created_at);

-- Entries sum to zero per journal (checked by reconciliation); `bucket` says which balance of the
-- account moved: holds move points from available to held inside one account.
CREATE TABLE points_entries (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  journal_id    uuid NOT NULL REFERENCES points_journals (id),
  account_id    uuid NOT NULL REFERENCES points_accounts (id),
  community_id  uuid NOT NULL,
  bucket        text NOT NULL CHECK (bucket IN ('available', 'held')),
  amount        bigint NOT NULL CHECK (amount <> 0),
  created_at    timestamptz NOT NULL
);
CREATE INDEX points_entries_account ON points_entries (account_id, id DESC);
CREATE INDEX points_entries_journal ON points_entries (journal_id);
CREATE INDEX points_entries_community ON points_entries (community_id, account_id);

-- Credits form lots valid until 31 December of the next year; spending draws the oldest first.
CREATE TABLE points_lots (
  id            uuid PRIMARY KEY,
  account_id    uuid NOT NULL REFERENCES points_accounts (id),
  -- written before its journal in the same transaction (the hot account rows are touched last)
  journal_id    uuid NOT NULL REFERENCES points_journals (id) DEFERRABLE INITIALLY DEFERRED,
  amount        bigint NOT NULL CHECK (amount > 0),
  remaining     bigint NOT NULL,
  expires_on    date NOT NULL,
  created_at    timestamptz NOT NULL,
  CONSTRAINT points_lots_remaining CHECK (remaining >= 0 AND remaining <= amount)
);
CREATE INDEX points_lots_open ON points_lots (account_id, expires_on, id) WHERE remaining > 0;
CREATE INDEX points_lots_expiry ON points_lots (expires_on) WHERE remaining > 0;
CREATE INDEX points_lots_account_created ON points_lots (account_id, created_at);

-- Which lots a journal drew from (negative amounts give back, e.g. a released hold).
CREATE TABLE points_lot_draws (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- expiry empties the lots before it knows the total to post: checked at commit
  journal_id    uuid NOT NULL REFERENCES points_journals (id) DEFERRABLE INITIALLY DEFERRED,
  lot_id        uuid NOT NULL REFERENCES points_lots (id),
  amount        bigint NOT NULL CHECK (amount <> 0)
);
CREATE INDEX points_lot_draws_journal ON points_lot_draws (journal_id);

-- Events and sorting stations with a QR check-in.
CREATE TABLE points_events (
  id            uuid PRIMARY KEY,
  community_id  uuid NOT NULL REFERENCES org_units (id),
  rule_id       uuid NOT NULL REFERENCES points_rules (id),
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
  created_by    uuid NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL
);

-- Every earning action, credited or not. (source_type, source_id, rule) is the idempotency key:
-- an event delivered twice is recorded, and credited, once.
CREATE TABLE points_earnings (
  id            uuid PRIMARY KEY,
  community_id  uuid NOT NULL REFERENCES org_units (id),
  user_id       uuid NOT NULL REFERENCES users (id),
  rule_id       uuid NOT NULL REFERENCES points_rules (id),
  source_type   text NOT NULL CHECK (source_type IN ('report', 'event', 'application', 'timebank', 'seed')),
  source_id     text NOT NULL CHECK (length(source_id) <= 120),
  status        text NOT NULL CHECK (status IN ('pending', 'credited', 'capped', 'rejected')),
  points        integer NOT NULL CHECK (points >= 0),
  note          text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  reason        text CHECK (length(reason) <= 200),
  journal_id    uuid REFERENCES points_journals (id) DEFERRABLE INITIALLY DEFERRED,
  decided_by    uuid REFERENCES users (id),
  decided_at    timestamptz,
  created_at    timestamptz NOT NULL,
  CONSTRAINT points_earnings_source UNIQUE (source_type, source_id, rule_id),
  CHECK ((status = 'credited') = (journal_id IS NOT NULL)),
  CHECK (status <> 'credited' OR points > 0)
);
CREATE INDEX points_earnings_review ON points_earnings (community_id, status, created_at);
CREATE INDEX points_earnings_user ON points_earnings (user_id, created_at);

-- Caps: one counter per person × rule × period ('D:2026-11-27', 'M:2026-11'), changed with the credit.
CREATE TABLE points_cap_counters (
  user_id       uuid NOT NULL REFERENCES users (id),
  rule_id       uuid NOT NULL REFERENCES points_rules (id),
  period        text NOT NULL,
  points        integer NOT NULL CHECK (points >= 0),
  PRIMARY KEY (user_id, rule_id, period)
);

-- The points shop (积分超市).
CREATE TABLE points_goods (
  id                uuid PRIMARY KEY,
  community_id      uuid NOT NULL REFERENCES org_units (id),
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  description       text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  photo_url         text CHECK (length(photo_url) <= 500),
  kind              text NOT NULL CHECK (kind IN ('goods', 'property_voucher', 'service')),
  price             integer NOT NULL CHECK (price > 0 AND price <= 1000000),
  stock             integer NOT NULL CONSTRAINT points_goods_stock_nonneg CHECK (stock >= 0),
  per_person_limit  integer CHECK (per_person_limit > 0),
  active_from       timestamptz,
  active_until      timestamptz,
  active            boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  version           integer NOT NULL DEFAULT 1
);
CREATE INDEX points_goods_community ON points_goods (community_id, active);

-- Hold → 核销 at the counter, or released (14 days) / cancelled by the resident.
CREATE TABLE points_redemptions (
  id                uuid PRIMARY KEY,
  community_id      uuid NOT NULL REFERENCES org_units (id),
  goods_id          uuid NOT NULL REFERENCES points_goods (id),
  user_id           uuid NOT NULL REFERENCES users (id),
  account_id        uuid NOT NULL REFERENCES points_accounts (id),
  points            integer NOT NULL CHECK (points > 0),
  code              text NOT NULL CHECK (code ~ '^[0-9]{8}$'),
  status            text NOT NULL CHECK (status IN ('held', 'redeemed', 'released', 'cancelled')),
  hold_journal_id   uuid NOT NULL REFERENCES points_journals (id),
  -- written when the hold is claimed, before its journal in the same transaction: checked at commit
  close_journal_id  uuid REFERENCES points_journals (id) DEFERRABLE INITIALLY DEFERRED,
  hold_until        timestamptz NOT NULL,
  redeemed_by       uuid REFERENCES users (id),
  created_at        timestamptz NOT NULL,
  closed_at         timestamptz,
  CHECK ((status = 'held') = (close_journal_id IS NULL))
);
CREATE UNIQUE INDEX points_redemptions_live_code ON points_redemptions (community_id, code) WHERE status = 'held';
CREATE INDEX points_redemptions_user ON points_redemptions (user_id, created_at);
CREATE INDEX points_redemptions_goods ON points_redemptions (goods_id, user_id) WHERE status IN ('held', 'redeemed');

-- Nightly proof that entries and balances agree; drift raises an alert.
CREATE TABLE points_reconciliations (
  id            uuid PRIMARY KEY,
  community_id  uuid NOT NULL REFERENCES org_units (id),
  ok            boolean NOT NULL,
  details       jsonb NOT NULL,
  ran_at        timestamptz NOT NULL
);
