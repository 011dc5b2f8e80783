-- 0026 独居老人关爱: smart water meters for elders living alone, their readings, rules and alerts.
-- Forward only. One active enrolment per elder and per meter, one open alert per (elder, kind).

-- Community defaults for the rules; an enrolment's own columns override them (NULL = default).
-- A community without a row uses the defaults written in cloud/care/care.rules.ts.
CREATE TABLE care_rule_defaults (
  community_id        uuid PRIMARY KEY REFERENCES org_units (id),
  no_use_hours        integer NOT NULL DEFAULT 12 CHECK (no_use_hours BETWEEN 4 AND 48),
  flow_hours          integer NOT NULL DEFAULT 2 CHECK (flow_hours BETWEEN 1 AND 12),
  flow_litres         integer NOT NULL DEFAULT 30 CHECK (flow_litres BETWEEN 5 AND 1000),
  quiet_litres        integer NOT NULL DEFAULT 15 CHECK (quiet_litres BETWEEN 1 AND 1000),
  silent_hours        integer NOT NULL DEFAULT 6 CHECK (silent_hours BETWEEN 2 AND 72),
  quiet_start         smallint NOT NULL DEFAULT 23 CHECK (quiet_start BETWEEN 0 AND 23),
  quiet_end           smallint NOT NULL DEFAULT 5 CHECK (quiet_end BETWEEN 0 AND 23),
  updated_at          timestamptz NOT NULL
);

-- An elder enrolled with a meter. Consent is the elder's own (in the app or at the counter): without
-- an active enrolment nothing a meter sends is kept. Withdrawing stops collection at once; what was
-- stored is deleted by `tick` after purge_after (7 days' grace).
CREATE TABLE care_enrolments (
  id                  uuid PRIMARY KEY,
  elder_id            uuid NOT NULL REFERENCES users (id),
  meter_id            text NOT NULL CHECK (meter_id ~ '^[A-Za-z0-9_.:-]{3,40}$'),
  community_id        uuid NOT NULL REFERENCES org_units (id),
  grid_id             uuid REFERENCES org_units (id),
  status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
  consent_by          text NOT NULL CHECK (consent_by IN ('elder', 'counter')),
  consent_at          timestamptz NOT NULL,
  consent_recorded_by uuid NOT NULL REFERENCES users (id),
  -- per-elder overrides of care_rule_defaults (NULL = the community's value)
  no_use_hours        integer CHECK (no_use_hours BETWEEN 4 AND 48),
  flow_hours          integer CHECK (flow_hours BETWEEN 1 AND 12),
  flow_litres         integer CHECK (flow_litres BETWEEN 5 AND 1000),
  quiet_litres        integer CHECK (quiet_litres BETWEEN 1 AND 1000),
  silent_hours        integer CHECK (silent_hours BETWEEN 2 AND 72),
  quiet_start         smallint CHECK (quiet_start BETWEEN 0 AND 23),
  quiet_end           smallint CHECK (quiet_end BETWEEN 0 AND 23),
  withdrawn_at        timestamptz,
  withdrawn_by        uuid REFERENCES users (id),
  purge_after         timestamptz,
  purged_at           timestamptz,
  created_at          timestamptz NOT NULL,
  version             integer NOT NULL DEFAULT 1,
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL AND purge_after IS NOT NULL))
);
CREATE UNIQUE INDEX care_enrolments_elder_live ON care_enrolments (elder_id) WHERE status = 'active';
CREATE UNIQUE INDEX care_enrolments_meter_live ON care_enrolments (meter_id) WHERE status = 'active';
CREATE INDEX care_enrolments_meter ON care_enrolments (meter_id);
CREATE INDEX care_enrolments_community ON care_enrolments (community_id, status);
CREATE INDEX care_enrolments_purge ON care_enrolments (purge_after) WHERE status = 'withdrawn' AND purged_at IS NULL;

-- Hospital stays, visits to the children: no alerts while one is running.
CREATE TABLE care_away (
  id            uuid PRIMARY KEY,
  enrolment_id  uuid NOT NULL REFERENCES care_enrolments (id),
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz NOT NULL,
  reason        text NOT NULL DEFAULT '' CHECK (length(reason) <= 60),
  created_by    uuid NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL,
  cancelled_at  timestamptz,
  CHECK (ends_at > starts_at)
);
CREATE INDEX care_away_enrolment ON care_away (enrolment_id, ends_at);

-- Raw readings, kept 30 days (the `care.retention` job). (meter, at) is the identity: a reading sent
-- twice is one row (ON CONFLICT DO NOTHING counts it as a duplicate); order of arrival does not matter
-- because used_litres and flag are recomputed from the neighbours whenever a batch lands.
CREATE TABLE care_readings (
  meter_id      text NOT NULL,
  at            timestamptz NOT NULL,
  total_litres  double precision NOT NULL CHECK (total_litres >= 0),
  flow_lpm      real,
  battery       smallint,
  received_at   timestamptz NOT NULL,
  -- litres since the previous reading (NULL: first reading, or not trusted)
  used_litres   double precision,
  -- 'backwards' (cumulative fell) or 'jump' (> 2,000 L/h): stored, never used by the rules
  flag          text CHECK (flag IN ('backwards', 'jump')),
  PRIMARY KEY (meter_id, at)
);
CREATE INDEX care_readings_at ON care_readings (at);

-- Litres used per meter and hour (UTC hour start), rebuilt from the raw readings of the hours a batch
-- touched. Baselines, charts and the rules read only this and care_meter_state.
CREATE TABLE care_hourly (
  meter_id  text NOT NULL,
  hour      timestamptz NOT NULL,
  litres    double precision NOT NULL CHECK (litres >= 0),
  PRIMARY KEY (meter_id, hour)
);

-- Per meter: the newest reading and the newest hour with use (so the rules never scan history).
CREATE TABLE care_meter_state (
  meter_id      text PRIMARY KEY,
  last_at       timestamptz NOT NULL,
  last_use_at   timestamptz,
  last_flag_at  timestamptz,
  updated_at    timestamptz NOT NULL
);

-- The elder's usual day, rebuilt each night from the last 14 days of care_hourly (`care.baseline`):
-- typical litres per Shanghai hour of day and the usual hour of the first use of the morning.
CREATE TABLE care_baselines (
  meter_id          text PRIMARY KEY,
  days              integer NOT NULL,
  hourly            double precision[] NOT NULL CHECK (cardinality(hourly) = 24),
  first_use_hour    smallint,
  computed_at       timestamptz NOT NULL
);

CREATE TABLE care_alerts (
  id               uuid PRIMARY KEY,
  enrolment_id     uuid NOT NULL REFERENCES care_enrolments (id),
  elder_id         uuid NOT NULL REFERENCES users (id),
  kind             text NOT NULL CHECK (kind IN ('no_use', 'flow', 'quiet', 'device')),
  -- 1 family + grid worker, 2 community staff too, 3 片区 lead too
  level            smallint NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 3),
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'closed')),
  reason           text NOT NULL,
  -- the moment the evidence starts (last use, start of the flow, last reading): an alert closed after
  -- it is not raised again for the same evidence
  evidence_since   timestamptz NOT NULL,
  created_at       timestamptz NOT NULL,
  escalate_at      timestamptz,
  acknowledged_at  timestamptz,
  acknowledged_by  uuid REFERENCES users (id),
  closed_at        timestamptz,
  closed_by        uuid REFERENCES users (id),
  outcome          text CHECK (outcome IN ('safe', 'visited', 'emergency', 'false_alarm', 'withdrawn')),
  note             text CHECK (length(note) <= 200),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL AND outcome IS NOT NULL)),
  CHECK (status = 'open' OR acknowledged_at IS NOT NULL OR closed_at IS NOT NULL)
);
CREATE UNIQUE INDEX care_alerts_one_open ON care_alerts (elder_id, kind) WHERE status IN ('open', 'acknowledged');
CREATE INDEX care_alerts_escalate ON care_alerts (escalate_at) WHERE status = 'open';
CREATE INDEX care_alerts_elder ON care_alerts (elder_id, created_at DESC);
CREATE INDEX care_alerts_enrolment ON care_alerts (enrolment_id, kind, created_at DESC);

-- The alert's timeline, like a 随手拍 case: raised, told whom, escalated, 我来处理, check-in, closed.
CREATE TABLE care_alert_events (
  id          uuid PRIMARY KEY,
  alert_id    uuid NOT NULL REFERENCES care_alerts (id),
  action      text NOT NULL CHECK (action IN ('raised', 'notified', 'escalated', 'acknowledged', 'checked_in', 'closed', 'threshold_widened')),
  actor_id    uuid REFERENCES users (id),
  note        text NOT NULL DEFAULT '',
  details     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL
);
CREATE INDEX care_alert_events_alert ON care_alert_events (alert_id, created_at);
