-- 0002 reports (随手拍): geography of the org units, reports, photos, timeline events, supporters,
-- uploads, per-street category settings, Open311 keys. Forward only.
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;

-- where an org unit is: a bounding box (street boundary, community) and a centre (grid routing).
-- PostGIS is not in PGlite, so polygons are boxes and routing is "nearest grid centre".
CREATE TABLE org_unit_geo (
  org_unit_id  uuid PRIMARY KEY REFERENCES org_units (id),
  center_lat   double precision NOT NULL CHECK (center_lat BETWEEN -90 AND 90),
  center_lng   double precision NOT NULL CHECK (center_lng BETWEEN -180 AND 180),
  min_lat      double precision NOT NULL,
  max_lat      double precision NOT NULL,
  min_lng      double precision NOT NULL,
  max_lng      double precision NOT NULL,
  CHECK (min_lat <= center_lat AND center_lat <= max_lat AND min_lng <= center_lng AND center_lng <= max_lng)
);

-- time limit and default department per street and category ("configurable per street");
-- a category without a row uses the defaults in types/reports.ts
CREATE TABLE report_category_settings (
  street_id      uuid NOT NULL REFERENCES org_units (id),
  category       text NOT NULL,
  limit_minutes  integer NOT NULL CHECK (limit_minutes BETWEEN 30 AND 60 * 24 * 60),
  department_id  uuid REFERENCES org_units (id),
  PRIMARY KEY (street_id, category)
);

-- photos after processing (decoded, re-encoded, metadata stripped); content-addressed by sha-256
CREATE TABLE uploads (
  key            text PRIMARY KEY CHECK (key ~ '^photos/[0-9a-f]{64}\.jpg$'),
  thumb_key      text NOT NULL,
  width          integer NOT NULL CHECK (width BETWEEN 1 AND 2048),
  height         integer NOT NULL CHECK (height BETWEEN 1 AND 2048),
  bytes          integer NOT NULL CHECK (bytes > 0),
  uploaded_by    uuid NOT NULL REFERENCES users (id),
  created_at     timestamptz NOT NULL
);

-- human-readable numbers SSP-YYYYMMDD-NNNN: one counter row per business day
CREATE TABLE report_numbers (
  day   date PRIMARY KEY,
  last  integer NOT NULL CHECK (last > 0)
);

CREATE TABLE reports (
  id              uuid PRIMARY KEY,
  number          text NOT NULL UNIQUE,
  category        text NOT NULL CHECK (category IN ('sanitation', 'municipal', 'greenery', 'illegal_building',
                    'street_vending', 'noise', 'fire_safety', 'property', 'traffic', 'other')),
  description     text NOT NULL CHECK (char_length(description) BETWEEN 5 AND 500),
  lat             double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng             double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  address         text CHECK (char_length(address) <= 120),
  reporter_id     uuid NOT NULL REFERENCES users (id),
  anonymous       boolean NOT NULL DEFAULT true,
  street_id       uuid NOT NULL REFERENCES org_units (id),
  community_id    uuid NOT NULL REFERENCES org_units (id),
  grid_id         uuid NOT NULL REFERENCES org_units (id),
  -- the grid's path: a role at grid / community / cluster / street covers the report by prefix
  scope_path      text NOT NULL,
  -- who holds the case now: grid → community → cluster → street (raised by tick when overdue)
  level           text NOT NULL DEFAULT 'grid' CHECK (level IN ('grid', 'community', 'cluster', 'street')),
  escalations     integer NOT NULL DEFAULT 0 CHECK (escalations >= 0),
  assignee_id     uuid REFERENCES users (id),
  department_id   uuid REFERENCES org_units (id),
  -- the level that dispatched the case: "not ours" goes back there
  dispatched_from text CHECK (dispatched_from IN ('grid', 'community', 'cluster', 'street')),
  status          text NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected', 'merged', 'assigned',
                    'escalated', 'dispatched', 'in_progress', 'resolved', 'reopened', 'closed')),
  limit_minutes   integer NOT NULL CHECK (limit_minutes > 0),
  deadline_at     timestamptz NOT NULL,
  merged_into     uuid REFERENCES reports (id),
  reject_reason   text,
  resolution_note text,
  resolved_at     timestamptz,
  closed_at       timestamptz,
  rating          integer CHECK (rating BETWEEN 1 AND 5),
  rating_comment  text,
  reopen_count    integer NOT NULL DEFAULT 0,
  supporters      integer NOT NULL DEFAULT 0 CHECK (supporters >= 0),
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
  CHECK (merged_into IS DISTINCT FROM id),
  CHECK (status <> 'rejected' OR reject_reason IS NOT NULL),
  CHECK (status <> 'resolved' OR resolved_at IS NOT NULL)
);
-- the staff queue: scope by path prefix, sorted by deadline
CREATE INDEX reports_queue ON reports (scope_path text_pattern_ops, deadline_at) WHERE status NOT IN ('rejected', 'merged', 'closed');
CREATE INDEX reports_department ON reports (department_id, deadline_at) WHERE department_id IS NOT NULL;
CREATE INDEX reports_community ON reports (community_id, created_at DESC);
CREATE INDEX reports_reporter ON reports (reporter_id, created_at DESC);
-- nearby open reports (duplicates): gist on the earth point, only open reports
CREATE INDEX reports_open_geo ON reports USING gist (ll_to_earth(lat, lng))
  WHERE status IN ('submitted', 'accepted', 'assigned', 'escalated', 'dispatched', 'in_progress', 'reopened');

CREATE TABLE report_photos (
  report_id   uuid NOT NULL REFERENCES reports (id),
  key         text NOT NULL REFERENCES uploads (key),
  -- before: the resident's; after: the fix; comment/reopen: added later
  kind        text NOT NULL CHECK (kind IN ('before', 'after', 'comment', 'reopen')),
  position    integer NOT NULL,
  added_by    uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (report_id, kind, position)
);

-- the timeline: every transition and comment; internal notes are public = false
CREATE TABLE report_events (
  id           uuid PRIMARY KEY,
  report_id    uuid NOT NULL REFERENCES reports (id),
  actor_id     uuid REFERENCES users (id),
  actor_role   text NOT NULL,
  action       text NOT NULL,
  from_status  text,
  to_status    text,
  level        text NOT NULL,
  reason       text,
  public       boolean NOT NULL DEFAULT true,
  details      jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL
);
CREATE INDEX report_events_report ON report_events (report_id, created_at, id);

-- "我也遇到": one support per person per report
CREATE TABLE report_supporters (
  report_id   uuid NOT NULL REFERENCES reports (id),
  user_id     uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (report_id, user_id)
);
CREATE INDEX report_supporters_user ON report_supporters (user_id);

-- Open311 api keys (issued by street admins; the demo key exists only in demo mode)
CREATE TABLE open311_keys (
  key_hash    text PRIMARY KEY,
  street_id   uuid NOT NULL REFERENCES org_units (id),
  -- the account requests arrive as (an outside system is a reporter, never a person's identity)
  user_id     uuid NOT NULL REFERENCES users (id),
  label       text NOT NULL,
  created_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
