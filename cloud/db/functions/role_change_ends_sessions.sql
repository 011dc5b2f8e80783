-- A role taken away or changed ends the person's sessions (trigger role_change_ends_sessions,
-- AFTER UPDATE OR DELETE ON role_assignments; 0014). A role given does not: roles are read fresh on
-- every request. Not the resident role: a resident moving to another community (PATCH /me) swaps
-- it and should stay signed in.
CREATE OR REPLACE FUNCTION role_change_ends_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.role <> 'resident' THEN
    UPDATE users SET session_version = session_version + 1 WHERE id = OLD.user_id;
  END IF;
  RETURN NULL;
END $$;
