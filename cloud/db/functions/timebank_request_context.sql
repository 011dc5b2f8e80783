-- 时间银行: the read before a confirmation (cloud/timebank/repository/confirm.ts findRequestWithRules):
-- the request as findRequest reads it (the row, the names of the elder, the requester and the
-- volunteer, the community's path) and the rules of its street (NULL: the defaults). Sent as one
-- statement, this six-table join spent four times as long being planned as being run, on every
-- confirmation; plpgsql keeps the plan for the life of the connection. It only reads: who may
-- confirm, and how many minutes, stays in timebank.policy.ts and confirm-service.ts. STABLE: it sees
-- the caller's snapshot and writes nothing.
-- Its plan is generic from the first call (plan_cache_mode), as in timebank_credit.
CREATE OR REPLACE FUNCTION timebank_request_context(p_id uuid)
RETURNS TABLE (
  request timebank_requests, elder_name text, requested_by_name text, volunteer_name text, community_path text, rules timebank_rules
) LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT r, e.name, q.name, v.name, c.path, tr
  FROM timebank_requests r
  JOIN users e ON e.id = r.elder_id
  JOIN users q ON q.id = r.requested_by
  JOIN org_units c ON c.id = r.community_id
  LEFT JOIN users v ON v.id = r.volunteer_id
  LEFT JOIN timebank_rules tr ON tr.street_id::text = split_part(c.path, '/', 2)
  WHERE r.id = p_id;
END
$$;
