-- An audit row (who, for whom, what), as recordActingFor() in cloud/platform/notices.ts writes it.
-- Runs in the caller's transaction.
CREATE OR REPLACE FUNCTION linli_audit(
  p_id uuid, p_actor uuid, p_subject uuid, p_action text, p_details jsonb, p_now timestamptz
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_log (id, actor_id, subject_id, action, details, created_at)
  VALUES (p_id, p_actor, p_subject, p_action, COALESCE(p_details, '{}'::jsonb), p_now);
END
$$;
