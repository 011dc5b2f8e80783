-- Who is behind a session, in one statement (cloud/accounts/repository/identity.ts loadSession,
-- called by requireAuth on every signed-in request): what the session is checked against (the
-- person's session version, demo flag, the session's own revocation) and the actor (name,
-- community, flags, roles with their units). Everything is read fresh on every request — no cache
-- to fall behind a role change, a disable or a logout in another process; plpgsql keeps the plan of
-- this query for the life of the connection, so a request pays one round trip and no planning.
-- No row: the person does not exist.
CREATE OR REPLACE FUNCTION accounts_identity(p_user uuid, p_jti uuid)
RETURNS TABLE (
  session_version integer, demo_account boolean, revoked boolean,
  name text, community_id uuid, community_path text, must_change_password boolean, disabled boolean, roles json
) LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT u.session_version, u.demo_account,
    EXISTS (SELECT 1 FROM revoked_sessions x WHERE x.jti = p_jti),
    u.name, u.community_id, c.path, u.must_change_password, u.disabled_at IS NOT NULL,
    COALESCE((
      SELECT json_agg(json_build_object('role', r.role, 'orgUnitId', r.org_unit_id, 'orgUnitName', o.name, 'path', o.path) ORDER BY r.id)
      FROM role_assignments r JOIN org_units o ON o.id = r.org_unit_id
      WHERE r.user_id = u.id), '[]'::json)
  FROM users u LEFT JOIN org_units c ON c.id = u.community_id
  WHERE u.id = p_user;
END
$$;
