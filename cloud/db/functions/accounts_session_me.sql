-- GET /me's session check and its view in one round trip (cloud/accounts/repository/identity.ts
-- loadSessionWithMe, used only by GET /me — the page every screen opens first): the columns of
-- accounts_identity (what requireAuth checks, and the actor) followed by those of accounts_me. Each
-- inner function keeps its own plan; the client pays one statement instead of two.
-- No row: the person does not exist.
CREATE OR REPLACE FUNCTION accounts_session_me(p_user uuid, p_jti uuid)
RETURNS TABLE (
  session_version integer, demo_account boolean, revoked boolean,
  name text, community_id uuid, community_path text, must_change_password boolean, disabled boolean, roles json,
  phone text, birth_date date, community_name text, elder_mode boolean, unread integer, consents json, links json
) LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  SELECT i.session_version, i.demo_account, i.revoked, i.name, i.community_id, i.community_path,
    i.must_change_password, i.disabled, i.roles,
    m.phone, m.birth_date, m.community_name, m.elder_mode, m.unread, m.consents, m.links
  FROM accounts_identity(p_user, p_jti) i CROSS JOIN accounts_me(p_user) m;
END
$$;
