-- 0028 报表通 work lists (精准滴灌): one marks table for every list staff tick off. Forward only.

-- A mark on a work list: who, when, how it went. Every mark is kept (history); a list shows the
-- latest. `context` narrows a mark to one round of a list: the campaign for the call list of
-- elders who have not booked, the month for points that expire; '' where a list has no rounds.
CREATE TABLE work_list_marks (
  id           uuid PRIMARY KEY,
  list         text NOT NULL,
  subject_id   uuid NOT NULL,
  context      text NOT NULL DEFAULT '' CHECK (length(context) <= 40),
  outcome      text NOT NULL,
  note         text NOT NULL DEFAULT '' CHECK (length(note) <= 200),
  marked_by    uuid NOT NULL REFERENCES users (id),
  created_at   timestamptz NOT NULL,
  CONSTRAINT work_list_marks_outcome CHECK (
    (list = 'unbooked-elders' AND outcome IN ('declined', 'will_book', 'unreachable')) OR
    (list = 'isolated-elders' AND outcome IN ('visited', 'called', 'unreachable')) OR
    (list = 'expiring-points' AND outcome IN ('notified', 'unreachable')) OR
    (list = 'inactive-volunteers' AND outcome IN ('will_return', 'paused', 'unreachable')) OR
    (list = 'department-waiting' AND outcome IN ('chased', 'replied'))
  )
);
CREATE INDEX work_list_marks_latest ON work_list_marks (list, subject_id, context, created_at DESC);

-- the call list's marks move in (same rows, the campaign as context); its old table goes
INSERT INTO work_list_marks (id, list, subject_id, context, outcome, note, marked_by, created_at)
  SELECT id, 'unbooked-elders', elder_id, campaign_id::text, outcome, note, marked_by, created_at FROM call_list_marks;
DROP TABLE call_list_marks;

-- the lists' populations: flagged elders, volunteers by community, a person's services
CREATE INDEX people_profiles_isolated ON people_profiles (user_id) WHERE lives_alone OR disabled;
CREATE INDEX role_assignments_volunteers ON role_assignments (org_unit_id, user_id) WHERE role = 'volunteer';
CREATE INDEX checkup_home_visits_elder ON checkup_home_visits (elder_id) WHERE status = 'done';
CREATE INDEX reports_waiting_department ON reports (department_id, created_at)
  WHERE department_id IS NOT NULL AND status IN ('submitted', 'accepted', 'assigned', 'escalated', 'dispatched', 'in_progress', 'reopened');
