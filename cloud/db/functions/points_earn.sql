-- 积分制: an earn in one round trip (cloud/points/earn-points.ts; first created by 0008).
-- The application used to send about seven statements per credit (BEGIN, earning, caps, lot, journal + entries, two balance updates, COMMIT); with 32 clients the
-- time went into waiting on the network and on locks held across those trips. This function makes
-- the same writes inside the one statement that calls it (so in one transaction,
-- committed with synchronous_commit as configured):
--   1. a look-up of the idempotency key (source_type, source_id, rule_id): a second delivery writes nothing;
--   2. the cap counters of this person × rule for the day and the month, locked in period order
--      ('D:…' before 'M:…') by an upsert, then raised by what is granted; then the earning row with its
--      outcome, whose UNIQUE key settles a race between two deliveries (the loser gives the caps back);
--   3. the resident's account and the issuing slot (created on first use);
--   4. the lot, the journal and its two entries (they sum to zero);
--   5. the balances, one guarded UPDATE per account in id order (system rows sort last, so the
--      shared issuing row is locked last and only until the commit). CHECK (available >= 0) stays
--      the backstop.
-- The rule's fields come from the caller, who read the rule (an edit of a rule never changes what a
-- credit already posted). Over a cap the action is kept with 0 points and the reason in Chinese.
CREATE OR REPLACE FUNCTION points_earn(
  p_earning_id      uuid,
  p_community_id    uuid,
  p_user_id         uuid,
  p_rule_id         uuid,
  p_rule_name       text,
  p_rule_points     integer,
  p_daily_cap       integer,
  p_monthly_cap     integer,
  p_source_type     text,
  p_source_id       text,
  p_note            text,
  p_review          boolean,
  p_day_period      text,
  p_month_period    text,
  p_expires_on      date,
  p_now             timestamptz,
  p_slot            smallint,
  p_new_account_id  uuid,
  p_new_issuing_id  uuid,
  p_journal_id      uuid,
  p_lot_id          uuid,
  OUT out_earning_id uuid,
  OUT out_created    boolean,
  OUT out_status     text,
  OUT out_points     integer,
  OUT out_reason     text
) LANGUAGE plpgsql AS $$
DECLARE
  v_grant    integer := p_rule_points;
  v_used     integer;
  v_left     integer;
  v_which    text[] := '{}';
  v_account  uuid;
  v_issuing  uuid;
  v_id       uuid;
  v_delta    bigint;
BEGIN
  IF p_rule_points IS NULL OR p_rule_points <= 0 THEN
    RAISE EXCEPTION 'points_earn: rule points must be positive' USING ERRCODE = '22023';
  END IF;

  -- 1. the idempotency key: a delivery already recorded is answered from the first record (no write)
  SELECT e.id, e.status, e.points, e.reason INTO out_earning_id, out_status, out_points, out_reason
  FROM points_earnings e
  WHERE e.source_type = p_source_type AND e.source_id = p_source_id AND e.rule_id = p_rule_id;
  IF FOUND THEN
    out_created := false;
    RETURN;
  END IF;
  IF p_review THEN
    INSERT INTO points_earnings (id, community_id, user_id, rule_id, source_type, source_id, status, points, note, created_at)
    VALUES (p_earning_id, p_community_id, p_user_id, p_rule_id, p_source_type, p_source_id, 'pending', 0, p_note, p_now)
    ON CONFLICT ON CONSTRAINT points_earnings_source DO NOTHING;
    IF NOT FOUND THEN
      SELECT e.id, e.status, e.points, e.reason INTO out_earning_id, out_status, out_points, out_reason
      FROM points_earnings e
      WHERE e.source_type = p_source_type AND e.source_id = p_source_id AND e.rule_id = p_rule_id;
      out_created := false;
      RETURN;
    END IF;
    out_earning_id := p_earning_id;
    out_created := true;
    out_status := 'pending';
    out_points := 0;
    RETURN;
  END IF;

  -- 2. caps: lock (upsert) each counter, then raise them by the grant
  IF p_daily_cap IS NOT NULL THEN
    INSERT INTO points_cap_counters AS c (user_id, rule_id, period, points) VALUES (p_user_id, p_rule_id, p_day_period, 0)
    ON CONFLICT (user_id, rule_id, period) DO UPDATE SET points = c.points
    RETURNING c.points INTO v_used;
    v_left := greatest(0, p_daily_cap - v_used);
    IF v_left < p_rule_points THEN v_which := array_append(v_which, '今日'::text); END IF;
    v_grant := least(v_grant, v_left);
  END IF;
  IF p_monthly_cap IS NOT NULL THEN
    INSERT INTO points_cap_counters AS c (user_id, rule_id, period, points) VALUES (p_user_id, p_rule_id, p_month_period, 0)
    ON CONFLICT (user_id, rule_id, period) DO UPDATE SET points = c.points
    RETURNING c.points INTO v_used;
    v_left := greatest(0, p_monthly_cap - v_used);
    IF v_left < p_rule_points THEN v_which := array_append(v_which, '本月'::text); END IF;
    v_grant := least(v_grant, v_left);
  END IF;
  IF v_grant > 0 AND (p_daily_cap IS NOT NULL OR p_monthly_cap IS NOT NULL) THEN
    UPDATE points_cap_counters SET points = points + v_grant
    WHERE user_id = p_user_id AND rule_id = p_rule_id
      AND period IN (CASE WHEN p_daily_cap IS NOT NULL THEN p_day_period END, CASE WHEN p_monthly_cap IS NOT NULL THEN p_month_period END);
  END IF;
  IF v_grant = 0 THEN
    out_reason := format('「%s」已达%s积分上限，本次已记录但不加分', p_rule_name, array_to_string(v_which, '和'));
  ELSIF v_grant < p_rule_points THEN
    out_reason := format('已达%s积分上限，本次加 %s 分（规则为 %s 分）', array_to_string(v_which, '和'), v_grant, p_rule_points);
  END IF;

  -- the earning, written once with its outcome (its journal follows below: the FK is checked at commit)
  INSERT INTO points_earnings (id, community_id, user_id, rule_id, source_type, source_id, status, points, note, reason, journal_id, created_at)
  VALUES (p_earning_id, p_community_id, p_user_id, p_rule_id, p_source_type, p_source_id,
          CASE WHEN v_grant > 0 THEN 'credited' ELSE 'capped' END, v_grant, p_note, out_reason,
          CASE WHEN v_grant > 0 THEN p_journal_id END, p_now)
  ON CONFLICT ON CONSTRAINT points_earnings_source DO NOTHING;
  IF NOT FOUND THEN
    -- a concurrent delivery of the same event recorded it first: give back what was taken from the
    -- caps (this transaction still holds the counter rows) and answer with the first record
    IF v_grant > 0 AND (p_daily_cap IS NOT NULL OR p_monthly_cap IS NOT NULL) THEN
      UPDATE points_cap_counters SET points = points - v_grant
      WHERE user_id = p_user_id AND rule_id = p_rule_id
        AND period IN (CASE WHEN p_daily_cap IS NOT NULL THEN p_day_period END, CASE WHEN p_monthly_cap IS NOT NULL THEN p_month_period END);
    END IF;
    SELECT e.id, e.status, e.points, e.reason INTO out_earning_id, out_status, out_points, out_reason
    FROM points_earnings e
    WHERE e.source_type = p_source_type AND e.source_id = p_source_id AND e.rule_id = p_rule_id;
    out_created := false;
    RETURN;
  END IF;
  out_earning_id := p_earning_id;
  out_created := true;
  IF v_grant = 0 THEN
    out_status := 'capped';
    out_points := 0;
    RETURN;
  END IF;

  -- 3. accounts, created on first use (a concurrent creator wins; its row is read back)
  SELECT a.id INTO v_account FROM points_accounts a WHERE a.community_id = p_community_id AND a.user_id = p_user_id;
  IF v_account IS NULL THEN
    INSERT INTO points_accounts (id, community_id, kind, user_id, created_at)
    VALUES (p_new_account_id, p_community_id, 'resident', p_user_id, p_now)
    ON CONFLICT DO NOTHING RETURNING id INTO v_account;
    IF v_account IS NULL THEN
      SELECT a.id INTO STRICT v_account FROM points_accounts a WHERE a.community_id = p_community_id AND a.user_id = p_user_id;
    END IF;
  END IF;
  SELECT a.id INTO v_issuing FROM points_accounts a
  WHERE a.community_id = p_community_id AND a.kind = 'issuing' AND a.slot = p_slot AND a.user_id IS NULL;
  IF v_issuing IS NULL THEN
    INSERT INTO points_accounts (id, community_id, kind, slot, created_at)
    VALUES (p_new_issuing_id, p_community_id, 'issuing', p_slot, p_now)
    ON CONFLICT DO NOTHING RETURNING id INTO v_issuing;
    IF v_issuing IS NULL THEN
      SELECT a.id INTO STRICT v_issuing FROM points_accounts a
      WHERE a.community_id = p_community_id AND a.kind = 'issuing' AND a.slot = p_slot AND a.user_id IS NULL;
    END IF;
  END IF;

  -- 4. lot, journal and entries
  INSERT INTO points_lots (id, account_id, journal_id, amount, remaining, expires_on, created_at)
  VALUES (p_lot_id, v_account, p_journal_id, v_grant, v_grant, p_expires_on, p_now);
  INSERT INTO points_journals (id, community_id, kind, memo, created_at)
  VALUES (p_journal_id, p_community_id, 'earn', left(p_rule_name, 200), p_now);
  INSERT INTO points_entries (journal_id, account_id, community_id, bucket, amount, created_at)
  VALUES (p_journal_id, v_issuing, p_community_id, 'available', -v_grant, p_now),
         (p_journal_id, v_account, p_community_id, 'available', v_grant, p_now);

  -- 5. balances in account-id order
  FOR v_id, v_delta IN
    SELECT x.id, x.delta FROM (VALUES (v_account, v_grant::bigint), (v_issuing, -v_grant::bigint)) AS x(id, delta) ORDER BY x.id
  LOOP
    UPDATE points_accounts SET available = available + v_delta, version = version + 1
    WHERE id = v_id AND (kind = 'issuing' OR available + v_delta >= 0);
    IF NOT FOUND THEN
      RAISE EXCEPTION 'points_earn: account % refused %', v_id, v_delta USING ERRCODE = '23514';
    END IF;
  END LOOP;

  out_status := 'credited';
  out_points := v_grant;
END
$$;
