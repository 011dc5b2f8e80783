-- 体检预约: a booking in one call (cloud/checkups bookInOneCall; first created by 0010). One
-- statement for the caller, so all of it or nothing; plpgsql keeps each inner statement's plan for
-- the life of the connection, where a one-off statement of this size spent as long planning as running.
-- The place is taken LAST: the session row (the only row every booker of a session competes for)
-- stays locked from that UPDATE to the commit, not while the other rows are written. No place
-- left (full, closed, past, held back for the counter) raises CK001 and undoes the rest.
-- A second active booking for the elder and campaign raises 23505 on checkup_bookings_one_active.
-- The reminder, the notice and the audit row go through linli_schedule_job, linli_notify and
-- linli_audit (the same rows the TypeScript helpers write); p_outbox_payload is no longer read
-- (linli_notify builds the payload as notify() does) and stays only to keep the signature.
-- 0022: accepting a 候补 offer books through here too (p_offer): the offer is closed FIRST (still
-- offered and not expired, else CK002 and nothing is kept), so two taps on one offer queue on the
-- waitlist row; its place was counted when it was offered, so no place is taken again.
CREATE OR REPLACE FUNCTION checkup_book(
  p_id uuid, p_session uuid, p_campaign uuid, p_elder uuid, p_channel text, p_by uuid, p_code text,
  p_override text, p_by_staff boolean, p_now timestamptz,
  p_job_id uuid, p_job_run_at timestamptz, p_job_payload jsonb, p_job_dedupe text,
  p_notice_id uuid, p_outbox_id uuid, p_notice_user uuid, p_notice_kind text, p_notice_title text,
  p_notice_body text, p_outbox_payload jsonb,
  p_audit_id uuid, p_audit_action text, p_audit_details jsonb,
  p_offer uuid
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_offer IS NOT NULL THEN
    UPDATE checkup_waitlist SET status = 'accepted', decided_at = p_now
    WHERE id = p_offer AND session_id = p_session AND elder_id = p_elder AND status = 'offered' AND offer_expires_at > p_now;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'offer % is no longer open', p_offer USING ERRCODE = 'CK002';
    END IF;
  END IF;
  INSERT INTO checkup_bookings (id, campaign_id, session_id, elder_id, status, channel, booked_by, check_in_code, override_reason, created_at, updated_at)
  VALUES (p_id, p_campaign, p_session, p_elder, 'booked', p_channel, p_by, p_code, p_override, p_now, p_now);
  UPDATE checkup_waitlist SET status = 'withdrawn', decided_at = p_now
  WHERE elder_id = p_elder AND campaign_id = p_campaign AND status = 'waiting';
  PERFORM linli_schedule_job(p_job_id, 'checkups.remind', p_job_run_at, p_job_payload, p_job_dedupe, p_now);
  PERFORM linli_notify(p_notice_id, p_outbox_id, p_notice_user, p_notice_kind, p_notice_title, p_notice_body, NULL, p_now);
  IF p_audit_id IS NOT NULL THEN
    PERFORM linli_audit(p_audit_id, p_by, p_elder, p_audit_action, p_audit_details, p_now);
  END IF;
  IF p_offer IS NOT NULL THEN
    UPDATE checkup_waitlist SET booking_id = p_id WHERE id = p_offer;
    RETURN;
  END IF;
  UPDATE checkup_sessions s SET booked = s.booked + 1
  FROM checkup_campaigns k
  WHERE s.id = p_session AND k.id = s.campaign_id AND s.campaign_id = p_campaign
    AND s.status = 'open' AND k.status = 'open' AND s.starts_at > p_now
    AND s.booked + CASE WHEN p_by_staff THEN 0 ELSE k.held_back END < s.capacity;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no place left in session %', p_session USING ERRCODE = 'CK001';
  END IF;
END
$$;
