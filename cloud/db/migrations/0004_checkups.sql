-- 0004 checkups (体检预约): campaigns, sessions, bookings, waitlist (候补), home visits.
-- Forward only. Capacity, one-booking-per-elder and visit clashes are constraints, not code.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE checkup_campaigns (
  id                  uuid PRIMARY KEY,
  community_id        uuid NOT NULL REFERENCES org_units (id),
  year                integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
  -- eligible: age >= min_age on age_on (e.g. 65 by 31 December of the campaign year)
  min_age             integer NOT NULL DEFAULT 65 CHECK (min_age BETWEEN 0 AND 120),
  age_on              date NOT NULL,
  bring               text NOT NULL DEFAULT '' CHECK (length(bring) <= 500),
  fasting             text NOT NULL DEFAULT '' CHECK (length(fasting) <= 500),
  -- residents and family may book from this instant; staff at the counter any time
  release_at          timestamptz NOT NULL,
  -- cancel until this Shanghai wall-clock time on the day before the session (staff print rosters then)
  cancel_cutoff       text NOT NULL DEFAULT '18:00' CHECK (cancel_cutoff ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  -- places per session kept for counter and phone bookings (国办发〔2020〕45号: not only online)
  held_back           integer NOT NULL DEFAULT 0 CHECK (held_back BETWEEN 0 AND 1000),
  -- how long a freed place is offered to the first waiting elder
  offer_minutes       integer NOT NULL DEFAULT 120 CHECK (offer_minutes BETWEEN 5 AND 10080),
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by          uuid NOT NULL REFERENCES users (id),
  created_at          timestamptz NOT NULL,
  UNIQUE (community_id, year)
);

CREATE TABLE checkup_sessions (
  id           uuid PRIMARY KEY,
  campaign_id  uuid NOT NULL REFERENCES checkup_campaigns (id),
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL,
  place        text NOT NULL CHECK (length(place) BETWEEN 1 AND 100),
  capacity     integer NOT NULL CHECK (capacity BETWEEN 0 AND 1000),
  -- places taken: active bookings plus places held for an outstanding waitlist offer
  booked       integer NOT NULL DEFAULT 0,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at   timestamptz NOT NULL,
  CHECK (ends_at > starts_at),
  CHECK (booked >= 0 AND booked <= capacity)
);
CREATE INDEX checkup_sessions_campaign ON checkup_sessions (campaign_id, starts_at);

CREATE TABLE checkup_bookings (
  id              uuid PRIMARY KEY,
  campaign_id     uuid NOT NULL REFERENCES checkup_campaigns (id),
  session_id      uuid NOT NULL REFERENCES checkup_sessions (id),
  elder_id        uuid NOT NULL REFERENCES users (id),
  status          text NOT NULL CHECK (status IN ('booked', 'checked_in', 'done', 'cancelled', 'no_show')),
  channel         text NOT NULL CHECK (channel IN ('self', 'family', 'counter', 'phone', 'waitlist')),
  booked_by       uuid NOT NULL REFERENCES users (id),
  -- printed as the QR the elder shows at the site; unguessable, unlike the id
  check_in_code   text NOT NULL UNIQUE CHECK (check_in_code ~ '^[A-Za-z0-9_-]{16,64}$'),
  override_reason text CHECK (length(override_reason) <= 200),
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  cancelled_at    timestamptz,
  cancelled_by    uuid REFERENCES users (id),
  checked_in_at   timestamptz,
  checked_in_by   uuid REFERENCES users (id),
  done_at         timestamptz,
  reminded_at     timestamptz,
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
-- one active booking per elder per campaign
CREATE UNIQUE INDEX checkup_bookings_one_active ON checkup_bookings (elder_id, campaign_id)
  WHERE status IN ('booked', 'checked_in', 'done');
CREATE INDEX checkup_bookings_session ON checkup_bookings (session_id, status);
CREATE INDEX checkup_bookings_elder ON checkup_bookings (elder_id, created_at DESC);

-- 候补: elders waiting for a place in a full session; a freed place is offered to the first in line
CREATE TABLE checkup_waitlist (
  id                uuid PRIMARY KEY,
  campaign_id       uuid NOT NULL REFERENCES checkup_campaigns (id),
  session_id        uuid NOT NULL REFERENCES checkup_sessions (id),
  elder_id          uuid NOT NULL REFERENCES users (id),
  requested_by      uuid NOT NULL REFERENCES users (id),
  status            text NOT NULL CHECK (status IN ('waiting', 'offered', 'accepted', 'expired', 'withdrawn')),
  created_at        timestamptz NOT NULL,
  offered_at        timestamptz,
  offer_expires_at  timestamptz,
  decided_at        timestamptz,
  booking_id        uuid REFERENCES checkup_bookings (id),
  CHECK ((status = 'offered') <= (offer_expires_at IS NOT NULL))
);
CREATE UNIQUE INDEX checkup_waitlist_one_live ON checkup_waitlist (elder_id, campaign_id) WHERE status IN ('waiting', 'offered');
CREATE INDEX checkup_waitlist_queue ON checkup_waitlist (session_id, created_at) WHERE status = 'waiting';

-- home visits for bed-bound elders; one staff member cannot be in two homes at once
CREATE TABLE checkup_home_visits (
  id            uuid PRIMARY KEY,
  campaign_id   uuid NOT NULL REFERENCES checkup_campaigns (id),
  elder_id      uuid NOT NULL REFERENCES users (id),
  requested_by  uuid NOT NULL REFERENCES users (id),
  note          text NOT NULL DEFAULT '' CHECK (length(note) <= 300),
  status        text NOT NULL CHECK (status IN ('requested', 'scheduled', 'done', 'cancelled')),
  staff_id      uuid REFERENCES users (id),
  during        tstzrange,
  created_at    timestamptz NOT NULL,
  scheduled_at  timestamptz,
  CHECK ((status = 'scheduled') <= (staff_id IS NOT NULL AND during IS NOT NULL)),
  CONSTRAINT checkup_home_visits_no_overlap EXCLUDE USING gist (staff_id WITH =, during WITH &&) WHERE (status = 'scheduled')
);
CREATE UNIQUE INDEX checkup_home_visits_one_live ON checkup_home_visits (elder_id, campaign_id) WHERE status IN ('requested', 'scheduled');
