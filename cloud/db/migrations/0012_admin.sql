-- 0012 admin: setting up a real street without SQL — one-time passwords that must be changed,
-- disabled accounts, closed org units, audit scoped to the street, and per-street settings the
-- admin console edits (随手拍 categories, 积分 default rules, checkup defaults). Forward only.

-- a one-time password (created by the CLI or an admin, or reset) must be changed before anything else
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
-- a disabled account's very next request is 401 (checked where the actor is loaded)
ALTER TABLE users ADD COLUMN disabled_at timestamptz;

-- a closed unit keeps its history (reports, roles that were there) but takes no new work
ALTER TABLE org_units ADD COLUMN closed_at timestamptz;

-- where an admin action happened ('/street/…/'), so a 片区 lead reads only their 片区's log
ALTER TABLE audit_log ADD COLUMN scope_path text;
CREATE INDEX audit_log_scope ON audit_log (scope_path text_pattern_ops, created_at DESC) WHERE scope_path IS NOT NULL;
CREATE INDEX audit_log_created ON audit_log (created_at DESC, id DESC);

-- 随手拍 categories per street: a display name, on/off, who handles it first, the duplicate radius
ALTER TABLE report_category_settings ADD COLUMN name text CHECK (name IS NULL OR length(name) BETWEEN 1 AND 20);
ALTER TABLE report_category_settings ADD COLUMN enabled boolean NOT NULL DEFAULT true;
ALTER TABLE report_category_settings ADD COLUMN handler_level text NOT NULL DEFAULT 'grid'
  CHECK (handler_level IN ('grid', 'community', 'department'));
ALTER TABLE report_category_settings ADD COLUMN duplicate_radius_m integer NOT NULL DEFAULT 250
  CHECK (duplicate_radius_m BETWEEN 10 AND 2000);

-- what a new community of the street starts with, and the checkup defaults of new campaigns
CREATE TABLE street_settings (
  street_id              uuid PRIMARY KEY REFERENCES org_units (id),
  checkup_min_age        integer NOT NULL DEFAULT 65 CHECK (checkup_min_age BETWEEN 50 AND 100),
  checkup_cancel_cutoff  text NOT NULL DEFAULT '18:00' CHECK (checkup_cancel_cutoff ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  -- [{kind, name, description, points, needsReview, dailyCap, monthlyCap}]: copied into points_rules
  -- when a community is created; editing it never changes an existing community's rules
  points_default_rules   jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(points_default_rules) = 'array'),
  updated_at             timestamptz NOT NULL,
  updated_by             uuid REFERENCES users (id)
);
