-- 0017 随手拍: the reporter may ask staff not to call them ("不希望被联系"). Forward only.
-- Staff in scope see the full number only on tap (recorded in audit_log), and never when this is set.
ALTER TABLE reports ADD COLUMN no_contact boolean NOT NULL DEFAULT false;
