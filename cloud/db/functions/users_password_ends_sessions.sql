-- A new password ends every session, wherever the password is changed (trigger
-- users_password_ends_sessions, BEFORE UPDATE OF password_hash ON users; 0014).
CREATE OR REPLACE FUNCTION users_password_ends_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
    NEW.session_version := OLD.session_version + 1;
  END IF;
  RETURN NEW;
END $$;
