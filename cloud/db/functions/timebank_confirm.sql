-- 时间银行: a confirmation in one statement (cloud/timebank/confirm-service.ts by the elder's side,
-- auto-confirm-service.ts by the 72-hour job; repository/confirm.ts calls it). The use case has read
-- the request and checked who may confirm and how many minutes; this does the writes, all of them
-- or none, in one round trip:
--   1. the guarded transition awaiting_confirmation → confirmed (and the version the caller saw,
--      when given): first the row lock under the guard (SELECT … FOR UPDATE), which makes one of N
--      concurrent confirmations the winner; nothing matched: TB404 (no such request) or TB409 with
--      the current status and version in DETAIL ('<status>:<version>'), as transitionRequest
--      answers. The row itself is written once, after the credit (step 3), with the transition and
--      the credited minutes together: a second UPDATE of a row this transaction wrote would check
--      all of its foreign keys again;
--   2. done for the elder by someone else (family, staff): the audit row and the elder's notice
--      (linli_audit, linli_notify: the rows recordActingFor writes);
--   3. the credit: timebank_credit (caps, the elder's draw, the volunteer's notice, the outbox
--      event, the serve journal), then the row: status, version, who confirmed, rating, minutes,
--      credited minutes and cap note;
--   4. p_after_kind: a notice to the elder after the credit (auto-confirmation).
-- The auto-confirmation (p_via 'auto') leaves confirmed_by, rating and comment as they were, as its
-- TypeScript did. Returns the request row as committed (the caller adds the names it read).
-- p_ids: [1] audit row, [2] its notice, [3] that notice's outbox row, [4–9] timebank_credit's
-- (see there), [10] the notice after, [11] its outbox row.
-- Plans are generic from the first call (plan_cache_mode), as in timebank_credit.
CREATE OR REPLACE FUNCTION timebank_confirm(
  p_request         uuid,
  p_version         integer,
  p_via             text,
  p_by              uuid,
  p_rating          smallint,
  p_comment         text,
  p_now             timestamptz,
  p_audit_action    text,
  p_audit_details   jsonb,
  p_notice_kind     text,
  p_notice_title    text,
  p_notice_body     text,
  p_after_kind      text,
  p_after_title     text,
  p_after_body      text,
  p_elder_name      text,
  p_label           text,
  p_minutes         integer,
  p_day_period      text,
  p_daily_cap       integer,
  p_lifetime_cap    integer,
  p_min_draw_age    integer,
  p_today           date,
  p_issuing_slot    smallint,
  p_spent_slot      smallint,
  p_new_issuing     uuid,
  p_new_spent       uuid,
  p_ids             uuid[]
) RETURNS timebank_requests LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  v_volunteer uuid;
  v_elder     uuid;
  v_community uuid;
  v_status    text;
  v_version   integer;
  v_credit    record;
  v_row       timebank_requests;
BEGIN
  -- 1. the guarded transition's lock: under READ COMMITTED a waiter re-reads the row when the holder
  --    commits, so of N confirmations at once exactly one finds it still awaiting confirmation
  SELECT r.volunteer_id, r.elder_id, r.community_id INTO v_volunteer, v_elder, v_community
  FROM timebank_requests r
  WHERE r.id = p_request AND r.status = 'awaiting_confirmation' AND (p_version IS NULL OR r.version = p_version)
  FOR UPDATE;
  IF NOT FOUND THEN
    SELECT r.status, r.version INTO v_status, v_version FROM timebank_requests r WHERE r.id = p_request;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'timebank_confirm: no request %', p_request USING ERRCODE = 'TB404';
    END IF;
    RAISE EXCEPTION 'timebank_confirm: request % is % (version %)', p_request, v_status, v_version
      USING ERRCODE = 'TB409', DETAIL = v_status || ':' || v_version;
  END IF;

  -- 2. done for the elder by someone else
  IF p_audit_action IS NOT NULL THEN
    PERFORM linli_audit(p_ids[1], p_by, v_elder, p_audit_action, p_audit_details, p_now);
    IF p_notice_kind IS NOT NULL AND p_by IS DISTINCT FROM v_elder THEN
      PERFORM linli_notify(p_ids[2], p_ids[3], v_elder, p_notice_kind, p_notice_title, p_notice_body, NULL, p_now);
    END IF;
  END IF;

  -- 3. the credit, then the row written once: the transition and what was credited
  v_credit := timebank_credit(p_request, v_volunteer, v_elder, v_community, p_elder_name, p_label, p_minutes, p_day_period,
    p_daily_cap, p_lifetime_cap, p_min_draw_age, p_today, p_by, p_now, p_issuing_slot, p_spent_slot, p_new_issuing, p_new_spent,
    p_ids[4:9]);
  UPDATE timebank_requests SET
    confirmed_by = CASE WHEN p_via = 'auto' THEN confirmed_by ELSE p_by END,
    confirmed_at = p_now,
    confirmed_via = p_via,
    credited_minutes = v_credit.out_credited,
    cap_note = v_credit.out_cap_note,
    rating = CASE WHEN p_via = 'auto' THEN rating ELSE p_rating END,
    comment = CASE WHEN p_via = 'auto' THEN comment ELSE p_comment END,
    minutes = p_minutes,
    status = 'confirmed',
    version = version + 1,
    updated_at = p_now
  WHERE id = p_request
  RETURNING * INTO v_row;

  -- 4. the elder told afterwards (auto-confirmation)
  IF p_after_kind IS NOT NULL THEN
    PERFORM linli_notify(p_ids[10], p_ids[11], v_elder, p_after_kind, p_after_title, p_after_body, NULL, p_now);
  END IF;
  RETURN v_row;
END
$$;
