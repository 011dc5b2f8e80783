-- 0027 跨社区资源共享 and 社区社会组织: resources a community lends (rooms, halls, courts, equipment,
-- a service team's slots), their bookings, suspensions after no-shows, and social organisations
-- (volunteer teams) with their members, activities and sign-ins. Forward only.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- A social organisation hosted by a community. Staff of the host community verify it; until then it
-- can do nothing in its own name.
CREATE TABLE organisations (
  id                 uuid PRIMARY KEY,
  host_community_id  uuid NOT NULL REFERENCES org_units (id),
  name               text NOT NULL CHECK (length(name) BETWEEN 2 AND 40),
  kind               text NOT NULL CHECK (kind IN ('volunteer', 'elderly_care', 'youth', 'culture', 'sports', 'other')),
  description        text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  status             text NOT NULL CHECK (status IN ('pending', 'verified', 'rejected')),
  registered_by      uuid NOT NULL REFERENCES users (id),
  decided_by         uuid REFERENCES users (id),
  decided_at         timestamptz,
  decision_note      text,
  created_at         timestamptz NOT NULL,
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
-- one live organisation of a name per community (a rejected one may register again)
CREATE UNIQUE INDEX organisations_name ON organisations (host_community_id, name) WHERE status <> 'rejected';

-- Its own roles: one leader, any number of members.
CREATE TABLE organisation_members (
  organisation_id  uuid NOT NULL REFERENCES organisations (id),
  user_id          uuid NOT NULL REFERENCES users (id),
  role             text NOT NULL CHECK (role IN ('leader', 'member')),
  added_by         uuid NOT NULL REFERENCES users (id),
  joined_at        timestamptz NOT NULL,
  PRIMARY KEY (organisation_id, user_id)
);
CREATE UNIQUE INDEX organisation_members_one_leader ON organisation_members (organisation_id) WHERE role = 'leader';
CREATE INDEX organisation_members_user ON organisation_members (user_id);

CREATE TABLE resources (
  id              uuid PRIMARY KEY,
  community_id    uuid NOT NULL REFERENCES org_units (id),
  kind            text NOT NULL CHECK (kind IN ('room', 'hall', 'court', 'equipment', 'service')),
  name            text NOT NULL CHECK (length(name) BETWEEN 2 AND 40),
  description     text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  rules           text NOT NULL DEFAULT '' CHECK (length(rules) <= 1000),
  address         text NOT NULL DEFAULT '' CHECK (length(address) <= 100),
  photos          jsonb NOT NULL DEFAULT '[]',
  -- rooms, halls, courts: people it holds (one booking at a time); equipment and service slots: how
  -- many units can be out at once (bookings take a quantity)
  capacity        integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  exclusive       boolean GENERATED ALWAYS AS (kind IN ('room', 'hall', 'court')) STORED,
  open_from       time NOT NULL DEFAULT '08:00',
  open_until      time NOT NULL DEFAULT '21:00',
  max_minutes     integer NOT NULL DEFAULT 240 CHECK (max_minutes BETWEEN 30 AND 1440),
  -- own: residents of the community; street: every resident of the street; organisations: verified
  -- social organisations of the street, booking in their name
  audience        text NOT NULL CHECK (audience IN ('own', 'street', 'organisations')),
  needs_approval  boolean NOT NULL DEFAULT true,
  active          boolean NOT NULL DEFAULT true,
  created_by      uuid REFERENCES users (id),
  created_at      timestamptz NOT NULL,
  CHECK (open_from < open_until)
);
CREATE INDEX resources_community ON resources (community_id) WHERE active;

CREATE TABLE resource_bookings (
  id               uuid PRIMARY KEY,
  resource_id      uuid NOT NULL REFERENCES resources (id),
  -- the lending community (its staff approve and check in)
  community_id     uuid NOT NULL REFERENCES org_units (id),
  user_id          uuid NOT NULL REFERENCES users (id),
  organisation_id  uuid REFERENCES organisations (id),
  -- a recurring booking's occurrences share one series (all written in one transaction, or none)
  series_id        uuid NOT NULL,
  week_index       integer NOT NULL DEFAULT 1 CHECK (week_index BETWEEN 1 AND 12),
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz NOT NULL,
  during           tstzrange GENERATED ALWAYS AS (tstzrange(starts_at, ends_at, '[)')) STORED,
  quantity         integer NOT NULL DEFAULT 1 CHECK (quantity >= 1),
  exclusive        boolean NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'approved', 'refused', 'cancelled', 'checked_in', 'no_show')),
  purpose          text NOT NULL DEFAULT '' CHECK (length(purpose) <= 200),
  decided_by       uuid REFERENCES users (id),
  decided_at       timestamptz,
  decision_note    text,
  checked_in_at    timestamptz,
  checked_in_by    uuid REFERENCES users (id),
  cancelled_at     timestamptz,
  created_at       timestamptz NOT NULL,
  CHECK (starts_at < ends_at),
  CHECK (exclusive <= (quantity = 1)),
  -- a room is never held twice at once: pending bookings hold it too, until refused or cancelled
  CONSTRAINT resource_bookings_no_overlap EXCLUDE USING gist (resource_id WITH =, during WITH &&) WHERE (exclusive AND status IN ('pending', 'approved', 'checked_in'))
);
CREATE INDEX resource_bookings_resource ON resource_bookings USING gist (resource_id, during) WHERE status IN ('pending', 'approved', 'checked_in');
CREATE INDEX resource_bookings_user ON resource_bookings (user_id, starts_at DESC);
CREATE INDEX resource_bookings_community ON resource_bookings (community_id, status, starts_at);
CREATE INDEX resource_bookings_no_show ON resource_bookings (ends_at) WHERE status = 'approved';

-- Three no-shows in 60 days: no bookings for 30 days (set by the job resources.no-shows).
CREATE TABLE resource_suspensions (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id),
  from_at     timestamptz NOT NULL,
  until_at    timestamptz NOT NULL,
  no_shows    integer NOT NULL,
  created_at  timestamptz NOT NULL,
  CHECK (from_at < until_at)
);
CREATE INDEX resource_suspensions_user ON resource_suspensions (user_id, until_at DESC);

CREATE TABLE organisation_activities (
  id               uuid PRIMARY KEY,
  organisation_id  uuid NOT NULL REFERENCES organisations (id),
  title            text NOT NULL CHECK (length(title) BETWEEN 2 AND 40),
  description      text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  place            text NOT NULL DEFAULT '' CHECK (length(place) <= 100),
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz NOT NULL,
  booking_id       uuid REFERENCES resource_bookings (id),
  created_by       uuid NOT NULL REFERENCES users (id),
  created_at       timestamptz NOT NULL,
  CHECK (starts_at < ends_at)
);
CREATE INDEX organisation_activities_org ON organisation_activities (organisation_id, starts_at DESC);

-- One sign-in per person and activity; each earns points once through the points domain's outbox
-- subscriber ('organisations.activity_attended').
CREATE TABLE organisation_attendance (
  activity_id    uuid NOT NULL REFERENCES organisation_activities (id),
  user_id        uuid NOT NULL REFERENCES users (id),
  checked_in_at  timestamptz NOT NULL,
  PRIMARY KEY (activity_id, user_id)
);
