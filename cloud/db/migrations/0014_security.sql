-- Security (issue 20): lockouts per (subject, client), session versions and revoked sessions,
-- known devices, longer bind codes.

-- Failures of a secret (staff password, SMS code, family bind code) counted per subject and client.
-- subject: 'staff:<user id>', 'staff-all:<user id>', 'sms:<phone>', 'bind-user:<user id>', 'bind-addr'
-- client:  the client address, a known device ('device:<hash>') or '*' for the whole subject.
-- An attempt is claimed (counted) before the secret is checked, in one statement, so a burst of
-- parallel guesses gets exactly `max` judged; a success deletes the row.
CREATE TABLE auth_failures (
  subject       text NOT NULL,
  client        text NOT NULL,
  failures      integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  lock_count    integer NOT NULL DEFAULT 0 CHECK (lock_count >= 0),
  locked_until  timestamptz,
  last_at       timestamptz NOT NULL,
  PRIMARY KEY (subject, client)
);

-- Every session carries the user's session version; bumping it ends every session at once.
ALTER TABLE users ADD COLUMN session_version integer NOT NULL DEFAULT 0;

-- One session ended by logout (its jti), kept until the token would have expired anyway.
CREATE TABLE revoked_sessions (
  jti         uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id),
  revoked_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);

-- A browser or phone that logged in before: its token (hashed) lets the owner in while the
-- account is locked for other addresses.
CREATE TABLE known_devices (
  token_hash    text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL,
  last_used_at  timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL
);
CREATE INDEX known_devices_user ON known_devices (user_id);

-- A new password ends every session, wherever the password is changed.
CREATE FUNCTION users_password_ends_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
    NEW.session_version := OLD.session_version + 1;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER users_password_ends_sessions BEFORE UPDATE OF password_hash ON users
  FOR EACH ROW EXECUTE FUNCTION users_password_ends_sessions();

-- A role taken away or changed ends the person's sessions (a role given does not: roles are read
-- fresh on every request). Not the resident role: a resident moving to another community (PATCH /me)
-- swaps it and should stay signed in.
CREATE FUNCTION role_change_ends_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.role <> 'resident' THEN
    UPDATE users SET session_version = session_version + 1 WHERE id = OLD.user_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER role_change_ends_sessions AFTER UPDATE OR DELETE ON role_assignments
  FOR EACH ROW EXECUTE FUNCTION role_change_ends_sessions();

-- Bind codes: 12 digits (8-digit codes already printed stay valid until they expire).
ALTER TABLE family_bind_codes DROP CONSTRAINT family_bind_codes_code_check;
ALTER TABLE family_bind_codes ADD CONSTRAINT family_bind_codes_code_check CHECK (code ~ '^([0-9]{8}|[0-9]{12})$');
