-- 0025 议事协商: topics and supports, staff answers, 议事会 meetings, votes (electorate snapshot,
-- one ballot per elector, secret choices kept apart from who voted), 公示 and 落实. Forward only.

-- 房屋 (a flat or house) with its floor area (专有部分面积, m²) and who lives there / owns it.
-- Nothing held households before: a vote "one per household" or "owners only" needs them, and the
-- Civil Code art. 278 thresholds need the area. org_unit_id is the community or the grid (楼栋/小区).
CREATE TABLE houses (
  id            uuid PRIMARY KEY,
  org_unit_id   uuid NOT NULL REFERENCES org_units (id),
  label         text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  floor_area    numeric(10, 2) CHECK (floor_area > 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_unit_id, label)
);

CREATE TABLE house_members (
  house_id    uuid NOT NULL REFERENCES houses (id),
  user_id     uuid NOT NULL REFERENCES users (id),
  is_owner    boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (house_id, user_id)
);
CREATE INDEX house_members_user ON house_members (user_id);

-- Per community: how many supports send a topic to staff (the smaller of a count and a share of
-- the residents in the topic's scope, never below min_supports) and how long a topic collects.
CREATE TABLE deliberation_settings (
  community_id     uuid PRIMARY KEY REFERENCES org_units (id),
  support_count    integer NOT NULL DEFAULT 30 CHECK (support_count >= 1),
  support_percent  numeric(5, 2) NOT NULL DEFAULT 5 CHECK (support_percent > 0 AND support_percent <= 100),
  min_supports     integer NOT NULL DEFAULT 2 CHECK (min_supports >= 1),
  window_days      integer NOT NULL DEFAULT 30 CHECK (window_days BETWEEN 1 AND 365),
  updated_by       uuid REFERENCES users (id),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- 议题. status: collecting → triage (threshold reached, or raised by staff) → answered
-- (accepted for 议事会 / merged into another topic / referred to a department / declined).
CREATE TABLE topics (
  id                  uuid PRIMARY KEY,
  community_id        uuid NOT NULL REFERENCES org_units (id),
  scope_org_unit_id   uuid NOT NULL REFERENCES org_units (id),
  scope_path          text NOT NULL,
  author_id           uuid NOT NULL REFERENCES users (id),
  by_staff            boolean NOT NULL DEFAULT false,
  title               text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
  description         text NOT NULL CHECK (length(description) BETWEEN 5 AND 2000),
  photo_keys          text[] NOT NULL DEFAULT '{}' CHECK (cardinality(photo_keys) <= 6),
  -- 类别 (keys of TOPIC_CATEGORIES in types/deliberation.ts) and an optional place (both or neither)
  category            text NOT NULL DEFAULT 'other' CHECK (category IN ('parking', 'property', 'sanitation', 'lift', 'facilities', 'dispute', 'other')),
  lat                 double precision CHECK (lat BETWEEN -90 AND 90),
  lng                 double precision CHECK (lng BETWEEN -180 AND 180),
  CHECK ((lat IS NULL) = (lng IS NULL)),
  status              text NOT NULL DEFAULT 'collecting' CHECK (status IN ('collecting', 'triage', 'accepted', 'merged', 'referred', 'declined')),
  threshold           integer NOT NULL CHECK (threshold >= 1),
  collect_until       timestamptz NOT NULL,
  triaged_at          timestamptz,
  department_id       uuid REFERENCES org_units (id),
  merged_into         uuid REFERENCES topics (id),
  answer_reason       text,
  answered_at         timestamptz,
  created_at          timestamptz NOT NULL
);
CREATE INDEX topics_community ON topics (community_id, created_at DESC, id DESC);
CREATE INDEX topics_category ON topics (community_id, category, created_at DESC, id DESC);
CREATE INDEX topics_triage ON topics (community_id, status) WHERE status = 'triage';

-- One support per person and topic: the database says so.
CREATE TABLE topic_supports (
  topic_id    uuid NOT NULL REFERENCES topics (id),
  user_id     uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (topic_id, user_id)
);

CREATE TABLE topic_follows (
  topic_id    uuid NOT NULL REFERENCES topics (id),
  user_id     uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (topic_id, user_id)
);

-- Every official answer (a topic may be answered more than once: referred, later accepted).
CREATE TABLE topic_answers (
  id             uuid PRIMARY KEY,
  topic_id       uuid NOT NULL REFERENCES topics (id),
  staff_id       uuid NOT NULL REFERENCES users (id),
  decision       text NOT NULL CHECK (decision IN ('accepted', 'merged', 'referred', 'declined')),
  reason         text NOT NULL CHECK (length(reason) BETWEEN 2 AND 1000),
  department_id  uuid REFERENCES org_units (id),
  merged_into    uuid REFERENCES topics (id),
  created_at     timestamptz NOT NULL
);
CREATE INDEX topic_answers_topic ON topic_answers (topic_id, created_at);

-- 议事会
CREATE TABLE meetings (
  id            uuid PRIMARY KEY,
  community_id  uuid NOT NULL REFERENCES org_units (id),
  title         text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
  starts_at     timestamptz NOT NULL,
  place         text NOT NULL CHECK (length(place) BETWEEN 1 AND 100),
  members       jsonb NOT NULL DEFAULT '[]',
  minutes       text,
  published_at  timestamptz,
  created_by    uuid NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL
);
CREATE INDEX meetings_community ON meetings (community_id, starts_at DESC);

CREATE TABLE meeting_agenda (
  meeting_id  uuid NOT NULL REFERENCES meetings (id),
  topic_id    uuid NOT NULL REFERENCES topics (id),
  position    integer NOT NULL,
  decision    text,
  PRIMARY KEY (meeting_id, topic_id)
);

CREATE TABLE meeting_attendance (
  meeting_id  uuid NOT NULL REFERENCES meetings (id),
  user_id     uuid NOT NULL REFERENCES users (id),
  signed_at   timestamptz NOT NULL,
  PRIMARY KEY (meeting_id, user_id)
);

-- 表决. rule: how it passes, stored per vote and shown before voting.
CREATE TABLE votes (
  id            uuid PRIMARY KEY,
  org_unit_id   uuid NOT NULL REFERENCES org_units (id),
  org_path      text NOT NULL,
  community_id  uuid NOT NULL REFERENCES org_units (id),
  topic_id      uuid REFERENCES topics (id),
  title         text NOT NULL CHECK (length(title) BETWEEN 2 AND 80),
  description   text NOT NULL DEFAULT '',
  kind          text NOT NULL CHECK (kind IN ('single', 'multi', 'budget')),
  options       jsonb NOT NULL,
  budget        bigint CHECK (budget > 0),
  max_choices   integer CHECK (max_choices >= 1),
  electorate    text NOT NULL CHECK (electorate IN ('residents', 'households', 'owners')),
  secret        boolean NOT NULL,
  changeable    boolean NOT NULL DEFAULT true,
  rule          text NOT NULL DEFAULT 'plurality' CHECK (rule IN ('plurality', 'majority', 'art278_major', 'art278_ordinary')),
  quorum_percent integer NOT NULL DEFAULT 0 CHECK (quorum_percent BETWEEN 0 AND 100),
  opens_at      timestamptz NOT NULL,
  closes_at     timestamptz NOT NULL,
  CHECK (closes_at >= opens_at), -- equal only when staff close a vote the moment it opened
  CHECK (kind <> 'budget' OR budget IS NOT NULL),
  -- when the electorate was fixed (at the opening; null until then)
  electorate_fixed_at timestamptz,
  published_at  timestamptz,
  -- the figures as announced (公示); GET …/results always recounts from the ballots
  published_results jsonb,
  created_by    uuid NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL
);
CREATE INDEX votes_org ON votes (community_id, opens_at DESC);

-- Who may vote, fixed when the vote opens. elector_key is the user id ('residents') or the house id
-- ('households', 'owners'); one row per person who may cast that elector's ballot.
CREATE TABLE vote_electors (
  vote_id      uuid NOT NULL REFERENCES votes (id),
  user_id      uuid NOT NULL REFERENCES users (id),
  elector_key  uuid NOT NULL,
  floor_area   numeric(10, 2),
  PRIMARY KEY (vote_id, user_id)
);
CREATE INDEX vote_electors_key ON vote_electors (vote_id, elector_key);

-- Who voted: one row per elector, online and paper alike (they exclude each other here).
-- choices and receipt_hash only for open (non-secret) votes.
CREATE TABLE vote_participation (
  vote_id      uuid NOT NULL REFERENCES votes (id),
  elector_key  uuid NOT NULL,
  voter_id     uuid NOT NULL REFERENCES users (id),
  channel      text NOT NULL CHECK (channel IN ('online', 'paper')),
  entered_by   uuid REFERENCES users (id),
  id_checked   boolean NOT NULL DEFAULT false,
  choices      integer[],
  -- open votes only: the hash of the voter's receipt (a secret vote's receipt is in vote_choices alone)
  receipt_hash text,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (vote_id, elector_key),
  CHECK (channel = 'online' OR (entered_by IS NOT NULL AND id_checked))
);

-- What secret ballots chose: no voter, no time, a random id; the voter keeps the receipt, only its
-- hash is here. Nothing in the database links a row to vote_participation but the vote.
CREATE TABLE vote_choices (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  vote_id       uuid NOT NULL REFERENCES votes (id),
  receipt_hash  text NOT NULL UNIQUE,
  choices       integer[] NOT NULL,
  floor_area    numeric(10, 2)
);
CREATE INDEX vote_choices_vote ON vote_choices (vote_id);

-- 落实: a decision tracked to the end, linked to its topic.
CREATE TABLE action_items (
  id            uuid PRIMARY KEY,
  topic_id      uuid NOT NULL REFERENCES topics (id),
  community_id  uuid NOT NULL REFERENCES org_units (id),
  title         text NOT NULL CHECK (length(title) BETWEEN 2 AND 80),
  progress      integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  created_by    uuid NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX action_items_topic ON action_items (topic_id);

CREATE TABLE action_milestones (
  id          uuid PRIMARY KEY,
  item_id     uuid NOT NULL REFERENCES action_items (id),
  title       text NOT NULL CHECK (length(title) BETWEEN 2 AND 80),
  progress    integer NOT NULL CHECK (progress BETWEEN 0 AND 100),
  note        text NOT NULL DEFAULT '',
  photo_keys  text[] NOT NULL DEFAULT '{}' CHECK (cardinality(photo_keys) <= 6),
  created_by  uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL
);
CREATE INDEX action_milestones_item ON action_milestones (item_id, created_at);
