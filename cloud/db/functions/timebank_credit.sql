-- 时间银行: the credit of a confirmed service (timebank_confirm calls it after its guarded
-- transition; cloud/timebank/repository/confirm.ts creditInOneCall for a settled dispute). Runs in
-- the caller's transaction, which holds the request row (moved to 'confirmed' by a guarded UPDATE,
-- or locked by timebank_confirm's guarded SELECT … FOR UPDATE), so only one caller gets here per
-- service; the unique serve journal per request is the backstop. The writes of the TypeScript it
-- replaced, in its order:
--   1. the volunteer's caps ('D:<business day of the check-in>' and 'L'), both locked in period
--      order by one upsert, then raised by what is granted (never both past a cap: a second credit
--      of the volunteer queues on these rows);
--   2. what is credited and the cap note (in Chinese) when the caps cut the grant: returned, and
--      written to the request by the caller (timebank_confirm's one UPDATE of the row);
--   3. 通存通兑: an elder old enough (p_min_draw_age, on the business day p_today) with banked
--      minutes draws on them: a 'draw' journal, elder → the community's 'spent' slot;
--   4. the volunteer is told (linli_notify, the rows notify() writes);
--   5. when something is granted: the 'timebank.service_confirmed' outbox event (points listen),
--      then the 'serve' journal, issuing slot → volunteer. Last, because the issuing row (one of
--      the community's slots) is shared with other confirmations: locked from here to the commit.
-- Journals are posted by timebank_transfer as cloud/ledger postJournal does: the journal and its entries (summing to zero,
-- in line order) in one statement, then one guarded UPDATE per account in id order (system ids sort
-- last); a member
-- account that would go below zero matches no row and the whole credit is refused (TB422, the
-- caller answers INSUFFICIENT_MINUTES). Accounts are created on first use as ensureAccount does.
-- p_ids: [1] the volunteer's new account, [2] draw journal, [3] notice, [4] its outbox row,
-- [5] the event's outbox row, [6] serve journal. p_new_issuing / p_new_spent: ids for system rows
-- (ffffffff-…, cloud/ledger systemAccountId) should the slot not exist yet.
-- Plans are generic from the first call (plan_cache_mode): every statement here looks rows up by key,
-- and a connection would otherwise plan each one five times before keeping a plan.
CREATE OR REPLACE FUNCTION timebank_credit(
  p_request        uuid,
  p_volunteer      uuid,
  p_elder          uuid,
  p_community      uuid,
  p_elder_name     text,
  p_label          text,
  p_minutes        integer,
  p_day_period     text,
  p_daily_cap      integer,
  p_lifetime_cap   integer,
  p_min_draw_age   integer,
  p_today          date,
  p_actor          uuid,
  p_now            timestamptz,
  p_issuing_slot   smallint,
  p_spent_slot     smallint,
  p_new_issuing    uuid,
  p_new_spent      uuid,
  p_ids            uuid[],
  OUT out_credited integer,
  OUT out_cap_note text
) LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  v_grant    integer := p_minutes;
  v_period   text;
  v_used     integer;
  v_day_used integer := 0;
  v_all_used integer := 0;
  v_left     integer;
  v_which    text[] := '{}';
  v_note     text;
  v_birth    date;
  v_balance  bigint;
  v_elder_ac uuid;
  v_age      integer;
  v_draw     integer;
  v_account  uuid;
  v_system   uuid;
  v_id       uuid;
BEGIN
  -- 1. caps: both counters locked by one upsert, 'D:…' before 'L' (the order every credit locks
  --    them in), then raised by what is granted
  FOR v_period, v_used IN
    INSERT INTO timebank_cap_counters AS c (user_id, period, minutes)
    SELECT p_volunteer, x.p, 0 FROM unnest(ARRAY[p_day_period, 'L']) AS x(p) ORDER BY x.p
    ON CONFLICT (user_id, period) DO UPDATE SET minutes = c.minutes
    RETURNING c.period, c.minutes
  LOOP
    IF v_period = 'L' THEN v_all_used := v_used; ELSE v_day_used := v_used; END IF;
  END LOOP;
  v_left := greatest(0, p_daily_cap - v_day_used);
  IF v_left < p_minutes THEN v_which := array_append(v_which, format('每日 %s 分钟', p_daily_cap)); END IF;
  v_grant := least(v_grant, v_left);
  v_left := greatest(0, p_lifetime_cap - v_all_used);
  IF v_left < p_minutes THEN v_which := array_append(v_which, format('累计 %s 分钟', p_lifetime_cap)); END IF;
  v_grant := least(v_grant, v_left);
  IF v_grant > 0 THEN
    UPDATE timebank_cap_counters SET minutes = minutes + v_grant
    WHERE user_id = p_volunteer AND period IN (p_day_period, 'L');
  END IF;

  -- 2. what was credited, and why less
  IF v_grant < p_minutes THEN
    v_note := format('已达%s的记时上限，本次记 %s 分钟（服务 %s 分钟）', array_to_string(v_which, '和'), v_grant, p_minutes);
  END IF;
  out_credited := v_grant;
  out_cap_note := v_note;

  -- the accounts, read at once: the elder's (age and minutes, for a draw), the volunteer's and the
  -- issuing slot (either created below when missing)
  SELECT u.birth_date, a.balance, a.id,
         (SELECT m.id FROM timebank_accounts m WHERE m.user_id = p_volunteer),
         (SELECT s.id FROM timebank_accounts s
          WHERE s.community_id = p_community AND s.kind = 'issuing' AND s.slot = p_issuing_slot AND s.user_id IS NULL)
  INTO v_birth, v_balance, v_elder_ac, v_account, v_system
  FROM users u LEFT JOIN timebank_accounts a ON a.user_id = u.id WHERE u.id = p_elder;

  -- 3. the elder's draw on their own minutes (timebank_transfer: journal, entries, guarded balances)
  IF v_birth IS NOT NULL THEN
    v_age := extract(year FROM p_today)::integer - extract(year FROM v_birth)::integer
      - CASE WHEN (extract(month FROM p_today), extract(day FROM p_today)) < (extract(month FROM v_birth), extract(day FROM v_birth)) THEN 1 ELSE 0 END;
  END IF;
  v_draw := least(coalesce(v_balance, 0), p_minutes);
  IF v_age IS NOT NULL AND v_age >= p_min_draw_age AND v_draw > 0 THEN
    v_id := timebank_system_account(p_community, 'spent', p_spent_slot, p_new_spent, p_now);
    PERFORM timebank_transfer(p_ids[2], 'draw', format('%s使用时长', p_label), p_actor, p_request, v_elder_ac, v_id, v_draw, p_now);
  END IF;

  -- 4. the volunteer hears of it
  PERFORM linli_notify(p_ids[3], p_ids[4], p_volunteer, 'timebank.credited', '服务时长已到账',
    coalesce(v_note, format('为%s的%s已确认，记 %s 分钟。', p_elder_name, p_label, v_grant)), NULL, p_now);

  -- 5. the event and the serve journal (issuing slot → volunteer), posted as the draw is
  IF v_grant > 0 THEN
    INSERT INTO outbox (id, topic, payload, created_at)
    VALUES (p_ids[5], 'timebank.service_confirmed',
            jsonb_build_object('serviceId', p_request, 'volunteerId', p_volunteer, 'communityId', p_community, 'minutes', v_grant), p_now);
    IF v_account IS NULL THEN
      INSERT INTO timebank_accounts (id, kind, user_id, created_at) VALUES (p_ids[1], 'member', p_volunteer, p_now)
      ON CONFLICT DO NOTHING RETURNING id INTO v_account;
      IF v_account IS NULL THEN
        SELECT a.id INTO STRICT v_account FROM timebank_accounts a WHERE a.user_id = p_volunteer;
      END IF;
    END IF;
    IF v_system IS NULL THEN
      v_system := timebank_system_account(p_community, 'issuing', p_issuing_slot, p_new_issuing, p_now);
    END IF;
    PERFORM timebank_transfer(p_ids[6], 'serve', format('为%s%s', p_elder_name, p_label), p_actor, p_request, v_system, v_account, v_grant, p_now);
  END IF;
END
$$;
