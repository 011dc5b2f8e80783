-- 0024 管理 → 设置: a street may give a 随手拍 category its own icon (one of the fixed set in
-- types/reports.ts CATEGORY_ICONS); NULL keeps the standard icon. Forward only.
ALTER TABLE report_category_settings ADD COLUMN icon text;
