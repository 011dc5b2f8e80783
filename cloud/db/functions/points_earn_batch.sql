-- 积分制: one or more earns in one statement and one transaction (cloud/points/earn-points.ts;
-- replaces points_earn of 0008, dropped by 0031). The application sends every earn through here:
-- alone inside a caller's transaction, or, from outside one, together with the earns that arrived
-- while the previous statement was running (group commit: one round trip and one WAL flush for all
-- of them, each still answered on its own). For each item, in the order given (the caller sorts by
-- person, so two statements lock residents' rows in the same order):
--   1. a look-up of the idempotency key (source_type, source_id, rule_id): a second delivery writes
--      nothing and is answered from the first record (also within one batch);
--   2. the cap counters of this person × rule for the day and the month, locked in period order
--      ('D:…' before 'M:…') by an upsert, then raised by what is granted; then the earning row with
--      its outcome, whose UNIQUE key settles a race between two deliveries (the loser gives the caps
--      back);
--   3. the resident's account (created on first use) and the guarded UPDATE of its balance;
--   4. the lot, the journal and its two entries (they sum to zero);
-- and last, once per community in the batch, the issuing account of slot p_slot (created on first
-- use) is lowered by the sum of the batch's grants in one UPDATE: system rows sort after people's
-- and are locked last and once. CHECK (available >= 0) stays the backstop on residents.
-- The rule's fields come from the caller, who read the rule (an edit of a rule never changes what a
-- credit already posted). Over a cap the action is kept with 0 points and the reason in Chinese.
CREATE OR REPLACE FUNCTION points_earn_batch(p_items jsonb, p_slot smallint)
RETURNS TABLE (
  out_idx        integer,
  out_earning_id uuid,
  out_created    boolean,
  out_status     text,
  out_points     integer,
  out_reason     text
) LANGUAGE plpgsql AS $$
DECLARE
  it           record;
  v_grant      integer;
  v_used       integer;
  v_left       integer;
  v_which      text[];
  v_account    uuid;
  v_issuing    uuid;
  v_communities uuid[] := '{}';
  v_issuings   uuid[] := '{}';
  v_totals     bigint[] := '{}';
  v_pos        integer;
  v_row        record;
BEGIN
  FOR it IN
    SELECT x.* FROM jsonb_to_recordset(p_items) AS x(
      idx integer, earning_id uuid, community_id uuid, user_id uuid, rule_id uuid, rule_name text,
      rule_points integer, daily_cap integer, monthly_cap integer, source_type text, source_id text,
      note text, review boolean, day_period text, month_period text, expires_on date, now timestamptz,
      new_account_id uuid, new_issuing_id uuid, journal_id uuid, lot_id uuid)
  LOOP
    out_idx := it.idx;
    out_reason := NULL;
    IF it.rule_points IS NULL OR it.rule_points <= 0 THEN
      RAISE EXCEPTION 'points_earn_batch: rule points must be positive' USING ERRCODE = '22023';
    END IF;

    -- 1. the idempotency key
    SELECT e.id, e.status, e.points, e.reason INTO out_earning_id, out_status, out_points, out_reason
    FROM points_earnings e
    WHERE e.source_type = it.source_type AND e.source_id = it.source_id AND e.rule_id = it.rule_id;
    IF FOUND THEN
      out_created := false;
      RETURN NEXT;
      CONTINUE;
    END IF;
    IF it.review THEN
      INSERT INTO points_earnings (id, community_id, user_id, rule_id, source_type, source_id, status, points, note, created_at)
      VALUES (it.earning_id, it.community_id, it.user_id, it.rule_id, it.source_type, it.source_id, 'pending', 0, it.note, it.now)
      ON CONFLICT ON CONSTRAINT points_earnings_source DO NOTHING;
      IF FOUND THEN
        out_earning_id := it.earning_id;
        out_created := true;
        out_status := 'pending';
        out_points := 0;
      ELSE
        SELECT e.id, e.status, e.points, e.reason INTO out_earning_id, out_status, out_points, out_reason
        FROM points_earnings e
        WHERE e.source_type = it.source_type AND e.source_id = it.source_id AND e.rule_id = it.rule_id;
        out_created := false;
      END IF;
      RETURN NEXT;
      CONTINUE;
    END IF;

    -- 2. caps: lock (upsert) each counter, then raise them by the grant
    v_grant := it.rule_points;
    v_which := '{}';
    IF it.daily_cap IS NOT NULL THEN
      INSERT INTO points_cap_counters AS c (user_id, rule_id, period, points) VALUES (it.user_id, it.rule_id, it.day_period, 0)
      ON CONFLICT (user_id, rule_id, period) DO UPDATE SET points = c.points
      RETURNING c.points INTO v_used;
      v_left := greatest(0, it.daily_cap - v_used);
      IF v_left < it.rule_points THEN v_which := array_append(v_which, '今日'::text); END IF;
      v_grant := least(v_grant, v_left);
    END IF;
    IF it.monthly_cap IS NOT NULL THEN
      INSERT INTO points_cap_counters AS c (user_id, rule_id, period, points) VALUES (it.user_id, it.rule_id, it.month_period, 0)
      ON CONFLICT (user_id, rule_id, period) DO UPDATE SET points = c.points
      RETURNING c.points INTO v_used;
      v_left := greatest(0, it.monthly_cap - v_used);
      IF v_left < it.rule_points THEN v_which := array_append(v_which, '本月'::text); END IF;
      v_grant := least(v_grant, v_left);
    END IF;
    IF v_grant > 0 AND (it.daily_cap IS NOT NULL OR it.monthly_cap IS NOT NULL) THEN
      UPDATE points_cap_counters SET points = points + v_grant
      WHERE user_id = it.user_id AND rule_id = it.rule_id
        AND period IN (CASE WHEN it.daily_cap IS NOT NULL THEN it.day_period END, CASE WHEN it.monthly_cap IS NOT NULL THEN it.month_period END);
    END IF;
    IF v_grant = 0 THEN
      out_reason := format('「%s」已达%s积分上限，本次已记录但不加分', it.rule_name, array_to_string(v_which, '和'));
    ELSIF v_grant < it.rule_points THEN
      out_reason := format('已达%s积分上限，本次加 %s 分（规则为 %s 分）', array_to_string(v_which, '和'), v_grant, it.rule_points);
    END IF;

    -- the earning, written once with its outcome (its journal follows below: the FK is checked at commit)
    INSERT INTO points_earnings (id, community_id, user_id, rule_id, source_type, source_id, status, points, note, reason, journal_id, created_at)
    VALUES (it.earning_id, it.community_id, it.user_id, it.rule_id, it.source_type, it.source_id,
            CASE WHEN v_grant > 0 THEN 'credited' ELSE 'capped' END, v_grant, it.note, out_reason,
            CASE WHEN v_grant > 0 THEN it.journal_id END, it.now)
    ON CONFLICT ON CONSTRAINT points_earnings_source DO NOTHING;
    IF NOT FOUND THEN
      -- a concurrent delivery of the same event recorded it first: give back what was taken from the
      -- caps (this transaction still holds the counter rows) and answer with the first record
      IF v_grant > 0 AND (it.daily_cap IS NOT NULL OR it.monthly_cap IS NOT NULL) THEN
        UPDATE points_cap_counters SET points = points - v_grant
        WHERE user_id = it.user_id AND rule_id = it.rule_id
          AND period IN (CASE WHEN it.daily_cap IS NOT NULL THEN it.day_period END, CASE WHEN it.monthly_cap IS NOT NULL THEN it.month_period END);
      END IF;
      SELECT e.id, e.status, e.points, e.reason INTO out_earning_id, out_status, out_points, out_reason
      FROM points_earnings e
      WHERE e.source_type = it.source_type AND e.source_id = it.source_id AND e.rule_id = it.rule_id;
      out_created := false;
      RETURN NEXT;
      CONTINUE;
    END IF;
    out_earning_id := it.earning_id;
    out_created := true;
    out_status := CASE WHEN v_grant > 0 THEN 'credited' ELSE 'capped' END;
    out_points := v_grant;
    IF v_grant = 0 THEN
      RETURN NEXT;
      CONTINUE;
    END IF;

    -- 3. the resident's account, created on first use (a concurrent creator wins; its row is read back)
    SELECT a.id INTO v_account FROM points_accounts a WHERE a.community_id = it.community_id AND a.user_id = it.user_id;
    IF v_account IS NULL THEN
      INSERT INTO points_accounts (id, community_id, kind, user_id, created_at)
      VALUES (it.new_account_id, it.community_id, 'resident', it.user_id, it.now)
      ON CONFLICT DO NOTHING RETURNING id INTO v_account;
      IF v_account IS NULL THEN
        SELECT a.id INTO STRICT v_account FROM points_accounts a WHERE a.community_id = it.community_id AND a.user_id = it.user_id;
      END IF;
    END IF;
    UPDATE points_accounts SET available = available + v_grant, version = version + 1 WHERE id = v_account;

    -- the community's issuing account of this slot (looked up once per batch, created on first use)
    v_pos := array_position(v_communities, it.community_id);
    IF v_pos IS NULL THEN
      SELECT a.id INTO v_issuing FROM points_accounts a
      WHERE a.community_id = it.community_id AND a.kind = 'issuing' AND a.slot = p_slot AND a.user_id IS NULL;
      IF v_issuing IS NULL THEN
        INSERT INTO points_accounts (id, community_id, kind, slot, created_at)
        VALUES (it.new_issuing_id, it.community_id, 'issuing', p_slot, it.now)
        ON CONFLICT DO NOTHING RETURNING id INTO v_issuing;
        IF v_issuing IS NULL THEN
          SELECT a.id INTO STRICT v_issuing FROM points_accounts a
          WHERE a.community_id = it.community_id AND a.kind = 'issuing' AND a.slot = p_slot AND a.user_id IS NULL;
        END IF;
      END IF;
      v_communities := array_append(v_communities, it.community_id);
      v_issuings := array_append(v_issuings, v_issuing);
      v_totals := array_append(v_totals, 0::bigint);
      v_pos := cardinality(v_communities);
    END IF;
    v_totals[v_pos] := v_totals[v_pos] + v_grant;

    -- 4. lot, journal and entries
    INSERT INTO points_lots (id, account_id, journal_id, amount, remaining, expires_on, created_at)
    VALUES (it.lot_id, v_account, it.journal_id, v_grant, v_grant, it.expires_on, it.now);
    INSERT INTO points_journals (id, community_id, kind, memo, created_at)
    VALUES (it.journal_id, it.community_id, 'earn', left(it.rule_name, 200), it.now);
    INSERT INTO points_entries (journal_id, account_id, community_id, bucket, amount, created_at)
    VALUES (it.journal_id, v_issuings[v_pos], it.community_id, 'available', -v_grant, it.now),
           (it.journal_id, v_account, it.community_id, 'available', v_grant, it.now);
    RETURN NEXT;
  END LOOP;

  -- 5. the issuing rows last, once each, in id order
  FOR v_row IN SELECT i.id, i.total FROM unnest(v_issuings, v_totals) AS i(id, total) WHERE i.total <> 0 ORDER BY i.id LOOP
    UPDATE points_accounts SET available = available - v_row.total, version = version + 1 WHERE id = v_row.id;
  END LOOP;
END
$$;
