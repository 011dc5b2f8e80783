-- 时间银行: a community's system account ('issuing' or 'spent') in a slot, created on first use with
-- p_new_id (an id above every uuid v7, cloud/ledger systemAccountId, so system rows sort and lock
-- last), as ensureAccount in cloud/ledger/accounts.ts does it: a racing creator makes the INSERT do
-- nothing (it waits for that creator's commit), and the next statement's snapshot sees its row.
-- Runs in the caller's transaction (timebank_credit).
CREATE OR REPLACE FUNCTION timebank_system_account(
  p_community uuid, p_kind text, p_slot smallint, p_new_id uuid, p_now timestamptz
) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
  v_id uuid;
BEGIN
  SELECT a.id INTO v_id FROM timebank_accounts a
  WHERE a.community_id = p_community AND a.kind = p_kind AND a.slot = p_slot AND a.user_id IS NULL;
  IF v_id IS NULL THEN
    INSERT INTO timebank_accounts (id, kind, community_id, slot, created_at) VALUES (p_new_id, p_kind, p_community, p_slot, p_now)
    ON CONFLICT DO NOTHING RETURNING id INTO v_id;
    IF v_id IS NULL THEN
      SELECT a.id INTO STRICT v_id FROM timebank_accounts a
      WHERE a.community_id = p_community AND a.kind = p_kind AND a.slot = p_slot AND a.user_id IS NULL;
    END IF;
  END IF;
  RETURN v_id;
END
$$;
