-- 时间银行: one two-line journal (p_from → p_to, p_amount minutes) posted as cloud/ledger postJournal
-- does: the journal and its entries (in line order: the debit first) in one statement, then one
-- guarded UPDATE per account in id order (system ids sort last); a member account that would go
-- below zero matches no row and the whole posting is refused (TB422, DETAIL = the account).
-- Called by timebank_credit for the elder's draw and the serve journal, in the caller's transaction.
CREATE OR REPLACE FUNCTION timebank_transfer(
  p_journal uuid, p_kind text, p_memo text, p_actor uuid, p_request uuid,
  p_from uuid, p_to uuid, p_amount integer, p_now timestamptz
) RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  v_delta bigint;
  v_account uuid;
BEGIN
  WITH j AS (
    INSERT INTO timebank_journals (id, kind, memo, actor_id, reverses_id, reason, created_at, request_id)
    VALUES (p_journal, p_kind, left(p_memo, 200), p_actor, NULL, NULL, p_now, p_request)
    RETURNING id)
  INSERT INTO timebank_entries (journal_id, account_id, amount, created_at)
  SELECT j.id, l.account_id, l.amount, p_now FROM j, (VALUES (1, p_from, -p_amount::bigint), (2, p_to, p_amount::bigint)) AS l(n, account_id, amount)
  ORDER BY l.n;
  FOR i IN 1..2 LOOP
    v_delta := CASE WHEN (i = 1) = (p_from < p_to) THEN -p_amount ELSE p_amount END;
    v_account := CASE WHEN v_delta < 0 THEN p_from ELSE p_to END;
    UPDATE timebank_accounts SET balance = balance + v_delta, version = version + 1
    WHERE id = v_account AND (kind = 'issuing' OR balance + v_delta >= 0);
    IF NOT FOUND THEN
      RAISE EXCEPTION 'timebank_credit: account % refused %', v_account, v_delta USING ERRCODE = 'TB422', DETAIL = v_account::text;
    END IF;
  END LOOP;
END
$$;
