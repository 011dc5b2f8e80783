-- 时间银行: service requests with check-in/out and confirmation, and an append-only double-entry
-- minutes ledger (separate from points, same design). Balances are cached on account rows, changed in
-- the same transaction as the entries that explain them; CHECKs keep member balances ≥ 0.

-- Rules per street (defaults from shared/DOMAIN.md); a street without a row uses the defaults.
CREATE TABLE timebank_rules (
  street_id             uuid PRIMARY KEY REFERENCES org_units (id),
  min_volunteer_age     integer NOT NULL DEFAULT 18 CHECK (min_volunteer_age BETWEEN 16 AND 80),
  min_draw_age          integer NOT NULL DEFAULT 60 CHECK (min_draw_age BETWEEN 50 AND 100),
  daily_cap_minutes     integer NOT NULL DEFAULT 120 CHECK (daily_cap_minutes > 0),
  lifetime_cap_minutes  integer NOT NULL DEFAULT 90000 CHECK (lifetime_cap_minutes > 0),
  auto_confirm_hours    integer NOT NULL DEFAULT 72 CHECK (auto_confirm_hours BETWEEN 1 AND 720),
  max_distance_m        integer NOT NULL DEFAULT 300 CHECK (max_distance_m BETWEEN 50 AND 5000),
  updated_at            timestamptz NOT NULL
);

-- Where an elder lives, for the 300 m check (the address text is on users).
CREATE TABLE timebank_places (
  user_id     uuid PRIMARY KEY REFERENCES users (id),
  lat         double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng         double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  updated_at  timestamptz NOT NULL
);

CREATE TABLE timebank_requests (
  id                 uuid PRIMARY KEY,
  community_id       uuid NOT NULL REFERENCES org_units (id),
  elder_id           uuid NOT NULL REFERENCES users (id),
  requested_by       uuid NOT NULL REFERENCES users (id),
  service_type       text NOT NULL CHECK (service_type IN ('companionship', 'shopping', 'cleaning', 'escort', 'repair',
                                                             'tech_help', 'haircut', 'meal_delivery')),
  starts_at          timestamptz NOT NULL,
  ends_at            timestamptz NOT NULL,
  address            text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
  lat                double precision,
  lng                double precision,
  estimate_minutes   integer NOT NULL CHECK (estimate_minutes BETWEEN 5 AND 480),
  max_minutes        integer NOT NULL CHECK (max_minutes BETWEEN 5 AND 480),
  notes              text NOT NULL DEFAULT '' CHECK (length(notes) <= 300),
  status             text NOT NULL CHECK (status IN ('open', 'accepted', 'in_service', 'awaiting_confirmation',
                                                     'disputed', 'confirmed', 'rejected', 'cancelled')),
  version            integer NOT NULL DEFAULT 1,
  volunteer_id       uuid REFERENCES users (id),
  accepted_at        timestamptz,
  check_in_at        timestamptz,
  check_in_lat       double precision,
  check_in_lng       double precision,
  check_in_distance_m integer,
  check_out_at       timestamptz,
  check_out_lat      double precision,
  check_out_lng      double precision,
  -- forgot to check out: the volunteer proposed this end time; the elder/staff confirm it
  check_out_proposed boolean NOT NULL DEFAULT false,
  minutes            integer CHECK (minutes >= 0 AND minutes <= max_minutes),
  credited_minutes   integer CHECK (credited_minutes >= 0),
  cap_note           text,
  confirmed_by       uuid REFERENCES users (id),
  confirmed_at       timestamptz,
  confirmed_via      text CHECK (confirmed_via IN ('elder', 'family', 'staff', 'auto', 'settlement')),
  rating             smallint CHECK (rating BETWEEN 1 AND 5),
  comment            text CHECK (length(comment) <= 300),
  dispute_reason     text CHECK (length(dispute_reason) <= 300),
  disputed_by        uuid REFERENCES users (id),
  settled_by         uuid REFERENCES users (id),
  settle_reason      text CHECK (length(settle_reason) <= 300),
  cancelled_by       uuid REFERENCES users (id),
  cancel_reason      text CHECK (length(cancel_reason) <= 200),
  late_cancel        boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  CHECK (ends_at > starts_at),
  CHECK (estimate_minutes <= max_minutes),
  CHECK ((status = 'open' OR status = 'cancelled') OR volunteer_id IS NOT NULL),
  CHECK (check_out_at IS NULL OR (check_in_at IS NOT NULL AND check_out_at > check_in_at)),
  CHECK (status <> 'confirmed' OR (minutes IS NOT NULL AND credited_minutes IS NOT NULL))
);
-- 接单 list: open requests of a community by start time
CREATE INDEX timebank_requests_open ON timebank_requests (community_id, starts_at) WHERE status = 'open';
CREATE INDEX timebank_requests_elder ON timebank_requests (elder_id, created_at DESC);
CREATE INDEX timebank_requests_volunteer ON timebank_requests (volunteer_id, starts_at DESC) WHERE volunteer_id IS NOT NULL;
CREATE INDEX timebank_requests_requester ON timebank_requests (requested_by, created_at DESC);
CREATE INDEX timebank_requests_staff ON timebank_requests (community_id, status, created_at DESC);

-- Accounts: one per person (minutes follow the person across communities) and the system accounts
-- of a community: 'issuing' (where served minutes come from: the only one below zero) and 'spent'
-- (where drawn minutes go).
CREATE TABLE timebank_accounts (
  id            uuid PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('member', 'issuing', 'spent')),
  user_id       uuid REFERENCES users (id),
  community_id  uuid REFERENCES org_units (id),
  balance       bigint NOT NULL DEFAULT 0,
  version       integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL,
  CHECK ((kind = 'member') = (user_id IS NOT NULL)),
  CHECK ((kind = 'member') = (community_id IS NULL)),
  CONSTRAINT timebank_accounts_balance_nonneg CHECK (kind = 'issuing' OR balance >= 0)
);
CREATE UNIQUE INDEX timebank_accounts_member ON timebank_accounts (user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX timebank_accounts_system ON timebank_accounts (community_id, kind) WHERE user_id IS NULL;

CREATE TABLE timebank_journals (
  id            uuid PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('serve', 'draw', 'gift', 'reverse', 'adjust')),
  request_id    uuid REFERENCES timebank_requests (id),
  memo          text NOT NULL CHECK (length(memo) <= 200),
  actor_id      uuid REFERENCES users (id),
  reverses_id   uuid UNIQUE REFERENCES timebank_journals (id),
  reason        text CHECK (length(reason) <= 200),
  created_at    timestamptz NOT NULL,
  CHECK ((kind = 'reverse') = (reverses_id IS NOT NULL)),
  CHECK ((kind IN ('serve', 'draw')) = (request_id IS NOT NULL)),
  CHECK (kind NOT IN ('reverse', 'adjust') OR (reason IS NOT NULL AND actor_id IS NOT NULL))
);
-- one credit per service, one draw per service: the unique source key
CREATE UNIQUE INDEX timebank_journals_one_serve ON timebank_journals (request_id) WHERE kind = 'serve';
CREATE UNIQUE INDEX timebank_journals_one_draw ON timebank_journals (request_id) WHERE kind = 'draw';

CREATE TABLE timebank_entries (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  journal_id  uuid NOT NULL REFERENCES timebank_journals (id),
  account_id  uuid NOT NULL REFERENCES timebank_accounts (id),
  amount      bigint NOT NULL CHECK (amount <> 0),
  created_at  timestamptz NOT NULL
);
CREATE INDEX timebank_entries_account ON timebank_entries (account_id, id DESC);
CREATE INDEX timebank_entries_journal ON timebank_entries (journal_id);

-- Credited minutes per volunteer per business day ('D:2026-11-27') and in all ('L').
CREATE TABLE timebank_cap_counters (
  user_id  uuid NOT NULL REFERENCES users (id),
  period   text NOT NULL CHECK (period = 'L' OR period ~ '^D:[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  minutes  integer NOT NULL CHECK (minutes >= 0),
  PRIMARY KEY (user_id, period)
);

-- 志愿服务时长证明: a snapshot anyone can verify by its code.
CREATE TABLE timebank_certificates (
  code           text PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{12}$'),
  user_id        uuid NOT NULL REFERENCES users (id),
  total_minutes  bigint NOT NULL CHECK (total_minutes >= 0),
  services       integer NOT NULL CHECK (services >= 0),
  issued_at      timestamptz NOT NULL
);
CREATE INDEX timebank_certificates_user ON timebank_certificates (user_id, issued_at DESC);
