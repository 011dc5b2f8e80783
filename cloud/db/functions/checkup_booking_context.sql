-- 体检预约: the read before a booking (cloud/checkups bookingContext; first created by 0011): the elder with
-- community and health-data consent, the session with its campaign. Sent as one statement it spent
-- five times as long being planned (a five-table join) as being run, on every booking; plpgsql
-- keeps the plan for the life of the connection. It only reads: every rule stays in
-- checkups.policy.ts and book-checkup.ts. STABLE: it sees the caller's snapshot and writes nothing.
CREATE OR REPLACE FUNCTION checkup_booking_context(p_elder uuid, p_session uuid)
RETURNS TABLE (
  elder_id uuid, elder_name text, birth_date date, elder_community_id uuid, elder_community_path text, health_consent boolean,
  id uuid, campaign_id uuid, starts_at timestamptz, ends_at timestamptz, place text, capacity integer, booked integer, status text,
  community_id uuid, community_path text, held_back integer, campaign_status text, release_at timestamptz, cancel_cutoff text,
  offer_minutes integer, min_age integer, age_on date, campaign_title text, bring text, fasting text
) LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT e.id, e.name, e.birth_date, e.community_id, ec.path,
    EXISTS (SELECT 1 FROM consents x WHERE x.user_id = e.id AND x.kind = 'health' AND x.withdrawn_at IS NULL),
    s.id, s.campaign_id, s.starts_at, s.ends_at, s.place, s.capacity, s.booked, s.status,
    k.community_id, c.path, k.held_back, k.status, k.release_at, k.cancel_cutoff,
    k.offer_minutes, k.min_age, k.age_on, k.title, k.bring, k.fasting
  FROM users e
  LEFT JOIN org_units ec ON ec.id = e.community_id
  LEFT JOIN checkup_sessions s ON s.id = p_session
  LEFT JOIN checkup_campaigns k ON k.id = s.campaign_id
  LEFT JOIN org_units c ON c.id = k.community_id
  WHERE e.id = p_elder;
END
$$;
