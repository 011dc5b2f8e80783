-- 0030 独居老人关爱: what went out beyond the in-app notice (WeChat subscribe message, SMS), one row
-- per (alert, person, channel, rung). The outbox delivers at least once; the primary key makes a
-- retry send nothing twice (the row is claimed before sending and given back if the send fails).
CREATE TABLE care_deliveries (
  alert_id    uuid NOT NULL REFERENCES care_alerts (id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES users (id),
  channel     text NOT NULL CHECK (channel IN ('wechat', 'sms')),
  level       smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
  sent_at     timestamptz NOT NULL,
  PRIMARY KEY (alert_id, user_id, channel, level)
);
