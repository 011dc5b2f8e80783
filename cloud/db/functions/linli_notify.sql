-- An in-app notice plus its 'notice.created' outbox row, as notify() in cloud/platform/notices.ts
-- writes them (same columns, same payload: noticeId, userId, kind, title, body and link when given).
-- Every SQL function that tells someone something calls this, so a notice written from SQL is
-- delivered like one written from TypeScript. Runs in the caller's transaction.
CREATE OR REPLACE FUNCTION linli_notify(
  p_id uuid, p_outbox_id uuid, p_user uuid, p_kind text, p_title text, p_body text, p_link text, p_now timestamptz
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notices (id, user_id, kind, title, body, link, created_at)
  VALUES (p_id, p_user, p_kind, p_title, p_body, p_link, p_now);
  INSERT INTO outbox (id, topic, payload, created_at)
  VALUES (p_outbox_id, 'notice.created',
          jsonb_build_object('noticeId', p_id, 'userId', p_user, 'kind', p_kind, 'title', p_title, 'body', p_body)
            || CASE WHEN p_link IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('link', p_link) END,
          p_now);
END
$$;
