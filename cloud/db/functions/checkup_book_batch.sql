-- 体检预约: bookings that arrive together in one statement and one transaction (group commit:
-- cloud/checkups/repository/bookings.ts gathers them while two such statements are running). Each
-- item runs in its own subtransaction: with an Idempotency-Key, first the stored answer (the same
-- row answerInsert in cloud/platform/idempotency.ts writes; a key already taken books nothing and
-- answers 'key-taken'), then checkup_book. An item that is refused (CK001 no place, CK002 offer
-- gone, 23505 a second booking) or loses a lock race (40P01) is rolled back alone and answered with
-- its SQLSTATE and constraint; the others are kept. The caller sorts the items by session (the row
-- every booker of a session competes for), so the sessions are locked in one order by every batch.
CREATE OR REPLACE FUNCTION checkup_book_batch(p_items jsonb)
RETURNS TABLE (out_idx integer, out_outcome text, out_code text, out_constraint text, out_message text)
LANGUAGE plpgsql AS $$
DECLARE
  it    record;
  v_key text;
BEGIN
  FOR it IN
    SELECT x.* FROM jsonb_to_recordset(p_items) AS x(
      idx integer, id uuid, session_id uuid, campaign_id uuid, elder_id uuid, channel text, booked_by uuid,
      check_in_code text, override_reason text, by_staff boolean, now timestamptz,
      job_id uuid, job_run_at timestamptz, job_payload jsonb, job_dedupe text,
      notice_id uuid, outbox_id uuid, notice_user uuid, notice_kind text, notice_title text, notice_body text,
      outbox_payload jsonb, audit_id uuid, audit_action text, audit_details jsonb, offer_id uuid,
      answer_user uuid, answer_key text, answer_hash text, answer_status integer, answer_body jsonb,
      answer_at timestamptz, answer_abandoned_before timestamptz)
  LOOP
    out_idx := it.idx;
    out_outcome := 'booked';
    out_code := NULL;
    out_constraint := NULL;
    out_message := NULL;
    BEGIN
      IF it.answer_key IS NOT NULL THEN
        v_key := NULL;
        INSERT INTO idempotency_keys AS k (user_id, key, request_hash, status_code, response, created_at)
        VALUES (it.answer_user, it.answer_key, it.answer_hash, it.answer_status, it.answer_body, it.answer_at)
        ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status_code = EXCLUDED.status_code,
          response = EXCLUDED.response, created_at = EXCLUDED.created_at
        WHERE k.status_code = 0 AND k.created_at < it.answer_abandoned_before
        RETURNING k.key INTO v_key;
        IF v_key IS NULL THEN
          out_outcome := 'key-taken';
        END IF;
      END IF;
      IF out_outcome = 'booked' THEN
        PERFORM checkup_book(it.id, it.session_id, it.campaign_id, it.elder_id, it.channel, it.booked_by, it.check_in_code,
          it.override_reason, it.by_staff, it.now, it.job_id, it.job_run_at, it.job_payload, it.job_dedupe,
          it.notice_id, it.outbox_id, it.notice_user, it.notice_kind, it.notice_title, it.notice_body, it.outbox_payload,
          it.audit_id, it.audit_action, it.audit_details, it.offer_id);
      END IF;
    EXCEPTION WHEN OTHERS THEN
      out_outcome := NULL;
      GET STACKED DIAGNOSTICS out_code = RETURNED_SQLSTATE, out_constraint = CONSTRAINT_NAME, out_message = MESSAGE_TEXT;
    END;
    RETURN NEXT;
  END LOOP;
END
$$;
