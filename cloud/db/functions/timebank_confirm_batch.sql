-- 时间银行: confirmations that arrive together in one statement and one transaction (group commit:
-- cloud/timebank/repository/confirm.ts gathers them while two such statements are running). Each
-- item is one call of timebank_confirm in its own subtransaction, so an item that is refused (TB404,
-- TB409, TB422) or loses a lock race (40P01) is rolled back alone and answered with its SQLSTATE
-- and DETAIL, and the others are kept. The caller sorts the items by volunteer (the rows most
-- confirmations queue on), so one volunteer's confirmations run one after another in one statement.
-- Returns, per item, its index and either the request row as committed or the refusal.
CREATE OR REPLACE FUNCTION timebank_confirm_batch(p_items jsonb)
RETURNS TABLE (out_idx integer, out_code text, out_detail text, out_message text, out_row timebank_requests)
LANGUAGE plpgsql AS $$
DECLARE
  it record;
BEGIN
  FOR it IN
    SELECT x.* FROM jsonb_to_recordset(p_items) AS x(
      idx integer, request uuid, version integer, via text, actor_id uuid, rating smallint, comment text, now timestamptz,
      audit_action text, audit_details jsonb, notice_kind text, notice_title text, notice_body text,
      after_kind text, after_title text, after_body text, elder_name text, label text, minutes integer,
      day_period text, daily_cap integer, lifetime_cap integer, min_draw_age integer, today date,
      issuing_slot smallint, spent_slot smallint, new_issuing uuid, new_spent uuid, ids uuid[])
  LOOP
    out_idx := it.idx;
    out_code := NULL;
    out_detail := NULL;
    out_message := NULL;
    out_row := NULL;
    BEGIN
      out_row := timebank_confirm(it.request, it.version, it.via, it.actor_id, it.rating, it.comment, it.now,
        it.audit_action, it.audit_details, it.notice_kind, it.notice_title, it.notice_body,
        it.after_kind, it.after_title, it.after_body, it.elder_name, it.label, it.minutes, it.day_period,
        it.daily_cap, it.lifetime_cap, it.min_draw_age, it.today, it.issuing_slot, it.spent_slot,
        it.new_issuing, it.new_spent, it.ids);
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS out_code = RETURNED_SQLSTATE, out_detail = PG_EXCEPTION_DETAIL, out_message = MESSAGE_TEXT;
    END;
    RETURN NEXT;
  END LOOP;
END
$$;
