-- A job, once per dedupe key (the same business event never schedules twice), as scheduleJob() in
-- cloud/platform/jobs.ts writes it. Runs in the caller's transaction.
CREATE OR REPLACE FUNCTION linli_schedule_job(
  p_id uuid, p_kind text, p_run_at timestamptz, p_payload jsonb, p_dedupe text, p_now timestamptz
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO jobs (id, kind, run_at, payload, dedupe_key, created_at)
  VALUES (p_id, p_kind, p_run_at, COALESCE(p_payload, '{}'::jsonb), p_dedupe, p_now)
  ON CONFLICT (dedupe_key) DO NOTHING;
END
$$;
