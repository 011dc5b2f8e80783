-- 0007 随手拍 performance: the staff queue and the nearby-duplicate query on 100,000 reports in a street.
-- Forward only.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- The queue walks each grid of the caller's scope in deadline order (a LATERAL per grid, merged) and
-- counts its badges, both from the index alone: grid_id (16 bytes) instead of the long scope path
-- keeps the index small enough to count a whole street's open cases by an index-only scan.
CREATE INDEX reports_queue_open ON reports (grid_id, deadline_at, id) INCLUDE (status, category)
  WHERE status IN ('submitted', 'accepted', 'assigned', 'escalated', 'dispatched', 'in_progress', 'reopened');
-- a chosen status (also resolved / closed / rejected history): straight to that status per grid
CREATE INDEX reports_queue_status ON reports (grid_id, status, deadline_at, id) INCLUDE (category);
-- a department's queue (部门报到), same shape
CREATE INDEX reports_queue_department ON reports (department_id, deadline_at, id) INCLUDE (status, category)
  WHERE department_id IS NOT NULL;
-- replaced by the three above (prefix LIKE on the path could not give deadline order across grids)
DROP INDEX IF EXISTS reports_queue;
DROP INDEX IF EXISTS reports_department;

-- nearby duplicates of one category: nearest first straight from the index (KNN on the earth
-- point, category as the leading key), so a dense street reads ~20 rows instead of every report
-- in the 250 m box
CREATE INDEX reports_open_geo_category ON reports USING gist (category, ll_to_earth(lat, lng))
  WHERE status IN ('submitted', 'accepted', 'assigned', 'escalated', 'dispatched', 'in_progress', 'reopened');
