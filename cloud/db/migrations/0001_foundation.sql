-- 0001 foundation: organisation, people, roles, login, consent, family links, notices, jobs, outbox.
-- Forward only. Rules that can be constraints are constraints.

CREATE TABLE org_units (
  id          uuid PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('street', 'cluster', 'community', 'grid', 'department')),
  parent_id   uuid REFERENCES org_units (id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  -- '/<street>/<cluster>/<community>/' — a role at X covers Y when Y.path starts with X.path
  path        text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'street') = (parent_id IS NULL))
);
CREATE INDEX org_units_parent ON org_units (parent_id);
CREATE INDEX org_units_path ON org_units (path text_pattern_ops);

CREATE TABLE users (
  id                uuid PRIMARY KEY,
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  phone             text UNIQUE CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  wx_openid         text UNIQUE,
  wx_unionid        text,
  username          text UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,32}$'),
  password_hash     text,
  birth_date        date,
  -- ID number: only the last 4 visible; the full number is kept as a keyed hash for counter look-up
  id_number_masked  text,
  id_number_hash    text UNIQUE,
  address           text,
  community_id      uuid REFERENCES org_units (id),
  registered_by     uuid REFERENCES users (id),
  elder_mode        boolean NOT NULL DEFAULT false,
  demo_account      boolean NOT NULL DEFAULT false,
  failed_logins     integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((username IS NULL) = (password_hash IS NULL))
);
CREATE INDEX users_community ON users (community_id);
CREATE INDEX users_name ON users (name);

CREATE TABLE role_assignments (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id),
  role         text NOT NULL CHECK (role IN ('resident', 'volunteer', 'grid_worker', 'community_staff',
                 'cluster_lead', 'department_staff', 'health_staff', 'street_admin')),
  org_unit_id  uuid NOT NULL REFERENCES org_units (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, role, org_unit_id)
);
CREATE INDEX role_assignments_org ON role_assignments (org_unit_id);

-- SMS login codes: one live code per phone; attempts and lock-out counted in the same row
CREATE TABLE sms_codes (
  phone         text PRIMARY KEY,
  code_hash     text,
  expires_at    timestamptz,
  last_sent_at  timestamptz,
  attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  locked_until  timestamptz
);

CREATE TABLE consents (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id),
  kind         text NOT NULL CHECK (kind IN ('privacy', 'health', 'location')),
  version      text NOT NULL,
  accepted_at  timestamptz NOT NULL,
  recorded_by  uuid REFERENCES users (id),
  withdrawn_at timestamptz
);
-- one live consent per person and kind; history is kept by withdrawing, never deleting
CREATE UNIQUE INDEX consents_live ON consents (user_id, kind) WHERE withdrawn_at IS NULL;

CREATE TABLE family_links (
  id            uuid PRIMARY KEY,
  elder_id      uuid NOT NULL REFERENCES users (id),
  member_id     uuid NOT NULL REFERENCES users (id),
  relation      text NOT NULL CHECK (relation IN ('child', 'spouse', 'grandchild', 'sibling', 'parent', 'other')),
  scopes        text[] NOT NULL CHECK (cardinality(scopes) > 0
                  AND scopes <@ ARRAY['book_checkups', 'request_services', 'view_hours', 'receive_notices']),
  status        text NOT NULL CHECK (status IN ('pending', 'active', 'rejected', 'revoked')),
  requested_at  timestamptz NOT NULL,
  confirmed_at  timestamptz,
  confirmed_by  uuid REFERENCES users (id),
  confirmed_via text CHECK (confirmed_via IN ('elder', 'counter')),
  ended_at      timestamptz,
  ended_by      uuid REFERENCES users (id),
  end_reason    text,
  version       integer NOT NULL DEFAULT 1,
  CHECK (elder_id <> member_id),
  CHECK ((status = 'active') = (confirmed_at IS NOT NULL AND ended_at IS NULL))
);
CREATE UNIQUE INDEX family_links_live ON family_links (elder_id, member_id) WHERE status IN ('pending', 'active');
CREATE INDEX family_links_member ON family_links (member_id);

-- one-time codes staff print for an elder without a phone; issued with the elder present
CREATE TABLE family_bind_codes (
  code        text PRIMARY KEY CHECK (code ~ '^[0-9]{8}$'),
  elder_id    uuid NOT NULL REFERENCES users (id),
  scopes      text[] NOT NULL,
  issued_by   uuid NOT NULL REFERENCES users (id),
  issued_at   timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  used_by     uuid REFERENCES users (id)
);

-- who did what for whom: every action taken for someone else (family, staff at the counter)
CREATE TABLE audit_log (
  id          uuid PRIMARY KEY,
  actor_id    uuid NOT NULL REFERENCES users (id),
  subject_id  uuid REFERENCES users (id),
  action      text NOT NULL,
  details     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject_id, created_at DESC);

-- in-app notices (消息); delivery elsewhere (subscribe messages, SMS) goes through the outbox
CREATE TABLE notices (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id),
  kind        text NOT NULL,
  title       text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL,
  read_at     timestamptz
);
CREATE INDEX notices_user ON notices (user_id, id DESC);

CREATE TABLE outbox (
  id            uuid PRIMARY KEY,
  topic         text NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  delivered_at  timestamptz,
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text
);
CREATE INDEX outbox_pending ON outbox (created_at) WHERE delivered_at IS NULL;

CREATE TABLE jobs (
  id          uuid PRIMARY KEY,
  kind        text NOT NULL,
  run_at      timestamptz NOT NULL,
  payload     jsonb NOT NULL DEFAULT '{}',
  -- the same business event schedules a job once
  dedupe_key  text UNIQUE,
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  attempts    integer NOT NULL DEFAULT 0,
  last_error  text,
  locked_until timestamptz,
  done_at     timestamptz,
  created_at  timestamptz NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE status IN ('pending', 'running');

-- replayable answers for Idempotency-Key writes (points, hours, bookings)
CREATE TABLE idempotency_keys (
  user_id       uuid NOT NULL REFERENCES users (id),
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status_code   integer NOT NULL,
  response      jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (user_id, key)
);
