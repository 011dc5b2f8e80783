-- 积分制: earns go through points_earn_batch (cloud/db/functions/points_earn_batch.sql), one or
-- many per statement; the single-earn function of 0008 goes.
DROP FUNCTION IF EXISTS points_earn(uuid, uuid, uuid, uuid, text, integer, integer, integer, text, text, text, boolean, text, text, date, timestamptz, smallint, uuid, uuid, uuid, uuid);
