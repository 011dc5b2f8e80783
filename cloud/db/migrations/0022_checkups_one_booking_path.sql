-- 0022 checkups (体检预约): one booking path. Forward only.

-- Accepting a 候补 offer books through checkup_book like a direct booking (the booking row, the
-- withdrawal of the elder's other waiting entries, the reminder job, the notice with its outbox row
-- and, for someone else, the audit row), instead of a second copy of those writes in TypeScript.
-- The only difference is where the place comes from: a direct booking takes one if one is left
-- (CK001 otherwise); an accepted offer already holds its place (counted in `booked` when it was
-- offered), so the offer is closed instead: still offered and not expired, or CK002 and nothing is
-- kept. The offer is closed FIRST, as the TypeScript did, so two taps on the same offer queue on
-- the waitlist row and the second one is told the offer is gone.
-- Whole body (replaces 0010's checkup_book; the signature gains p_offer, so the old one is dropped).
DROP FUNCTION checkup_book(uuid, uuid, uuid, uuid, text, uuid, text, text, boolean, timestamptz, uuid, timestamptz, jsonb, text, uuid, uuid, uuid, text, text, text, jsonb, uuid, text, jsonb);

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
  INSERT INTO jobs (id, kind, run_at, payload, dedupe_key, created_at)
  VALUES (p_job_id, 'checkups.remind', p_job_run_at, p_job_payload, p_job_dedupe, p_now)
  ON CONFLICT (dedupe_key) DO NOTHING;
  INSERT INTO notices (id, user_id, kind, title, body, created_at)
  VALUES (p_notice_id, p_notice_user, p_notice_kind, p_notice_title, p_notice_body, p_now);
  INSERT INTO outbox (id, topic, payload, created_at) VALUES (p_outbox_id, 'notice.created', p_outbox_payload, p_now);
  IF p_audit_id IS NOT NULL THEN
    INSERT INTO audit_log (id, actor_id, subject_id, action, details, created_at)
    VALUES (p_audit_id, p_by, p_elder, p_audit_action, p_audit_details, p_now);
  END IF;
  IF p_offer IS NOT NULL THEN
    UPDATE checkup_waitlist SET booking_id = p_id WHERE id = p_offer;
    RETURN;
  END IF;
  -- the place is taken LAST: the session row stays locked only from here to the commit
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
