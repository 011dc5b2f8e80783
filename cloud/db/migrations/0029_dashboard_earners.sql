-- 0029 报表通 at street scale: who earned points, per community and Shanghai day, so that 活跃居民
-- (residents credited points in the 30 days up to a day) is a count over stored rows instead of a
-- scan of a month of ledger entries. Filled with dashboard_daily by the same refresh (finished days);
-- the days after the high-water mark are read live with the same query. Forward only.
CREATE TABLE dashboard_earners (
  community_id  uuid NOT NULL REFERENCES org_units (id),
  day           date NOT NULL,
  user_id       uuid NOT NULL REFERENCES users (id),
  PRIMARY KEY (community_id, day, user_id)
);

-- the days already materialised get their earners now (the next refresh only adds new days)
INSERT INTO dashboard_earners (community_id, day, user_id)
SELECT DISTINCT j.community_id, (j.created_at AT TIME ZONE 'Asia/Shanghai')::date, a.user_id
FROM points_journals j
JOIN points_entries en ON en.journal_id = j.id
JOIN points_accounts a ON a.id = en.account_id AND a.kind = 'resident'
JOIN org_units o ON o.id = j.community_id
WHERE j.kind = 'earn' AND a.user_id IS NOT NULL
  AND (j.created_at AT TIME ZONE 'Asia/Shanghai')::date <= (SELECT through_day FROM dashboard_state WHERE id = 1);
