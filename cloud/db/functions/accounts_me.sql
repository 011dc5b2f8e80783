-- Everything GET /me shows besides the actor, in one statement (cloud/accounts/repository/identity.ts
-- loadMe; the busiest read of the app: every page open): the person with their community's name,
-- unread notices, live consents and pending/active family links (built as the rows
-- family.repository reads, mapped the same way). plpgsql keeps the plan of this five-subquery
-- statement for the life of the connection: sent on its own it spent longer being planned than run.
CREATE OR REPLACE FUNCTION accounts_me(p_user uuid)
RETURNS TABLE (
  id uuid, name text, phone text, birth_date date, community_id uuid, community_name text, elder_mode boolean,
  unread integer, consents json, links json
) LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT u.id, u.name, u.phone, u.birth_date, u.community_id, c.name, u.elder_mode,
    (SELECT count(*)::int FROM notices n WHERE n.user_id = u.id AND n.read_at IS NULL),
    COALESCE((
      SELECT json_agg(json_build_object('kind', k.kind, 'version', k.version, 'accepted_at', k.accepted_at,
                                        'recorded_by_name', s.name) ORDER BY k.kind)
      FROM consents k LEFT JOIN users s ON s.id = k.recorded_by
      WHERE k.user_id = u.id AND k.withdrawn_at IS NULL), '[]'::json),
    COALESCE((
      SELECT json_agg(json_build_object('id', l.id, 'elder_id', l.elder_id, 'member_id', l.member_id,
               'relation', l.relation, 'scopes', l.scopes, 'status', l.status, 'requested_at', l.requested_at,
               'confirmed_at', l.confirmed_at, 'confirmed_via', l.confirmed_via, 'elder_name', e.name,
               'member_name', m.name, 'elder_community_path', NULL) ORDER BY l.requested_at DESC)
      FROM family_links l JOIN users e ON e.id = l.elder_id JOIN users m ON m.id = l.member_id
      WHERE (l.elder_id = u.id OR l.member_id = u.id) AND l.status IN ('pending', 'active')), '[]'::json)
  FROM users u LEFT JOIN org_units c ON c.id = u.community_id
  WHERE u.id = p_user;
END
$$;
