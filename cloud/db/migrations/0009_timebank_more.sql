-- 时间银行, second part: requests that need more than one volunteer, far check-ins reviewed by staff,
-- volunteer verification, certificate periods, nearby open requests.

-- More than one volunteer (staff set it). The request row is the group: it never has a volunteer of its
-- own; each volunteer who takes a place gets a service row of their own (parent_id = the group) that
-- goes through check-in/out, confirmation and credit like a one-volunteer request. Places are filled by
-- one guarded UPDATE of places_taken; the CHECK is the backstop.
ALTER TABLE timebank_requests
  ADD COLUMN volunteers_needed integer NOT NULL DEFAULT 1 CHECK (volunteers_needed BETWEEN 1 AND 20),
  ADD COLUMN places_taken integer NOT NULL DEFAULT 0,
  ADD COLUMN parent_id uuid REFERENCES timebank_requests (id),
  -- far check-in (beyond the street's distance): recorded, and staff approve or reject it
  ADD COLUMN check_in_review text CHECK (check_in_review IN ('pending', 'approved', 'rejected')),
  ADD COLUMN check_in_reviewed_by uuid REFERENCES users (id),
  ADD COLUMN check_in_review_reason text CHECK (length(check_in_review_reason) <= 200),
  ADD CONSTRAINT timebank_requests_places CHECK (places_taken BETWEEN 0 AND volunteers_needed),
  ADD CONSTRAINT timebank_requests_group_has_no_volunteer CHECK (volunteers_needed = 1 OR volunteer_id IS NULL),
  ADD CONSTRAINT timebank_requests_place_is_single CHECK (parent_id IS NULL OR volunteers_needed = 1),
  ADD CONSTRAINT timebank_requests_review_reason CHECK (check_in_review IS DISTINCT FROM 'rejected' OR check_in_review_reason IS NOT NULL),
  -- minutes are never confirmed on a far check-in staff have not reviewed
  ADD CONSTRAINT timebank_requests_reviewed_before_confirm CHECK (status <> 'confirmed' OR check_in_review IS DISTINCT FROM 'pending');

-- the old rule "taken ⇒ has a volunteer" now holds for single requests and places only
DO $$
DECLARE c text;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
           WHERE conrelid = 'timebank_requests'::regclass AND contype = 'c'
             AND pg_get_constraintdef(oid) LIKE '%volunteer_id IS NOT NULL%'
             AND pg_get_constraintdef(oid) NOT LIKE '%volunteers_needed%'
  LOOP
    EXECUTE format('ALTER TABLE timebank_requests DROP CONSTRAINT %I', c);
  END LOOP;
END $$;
ALTER TABLE timebank_requests ADD CONSTRAINT timebank_requests_taken_has_volunteer
  CHECK (status IN ('open', 'cancelled') OR volunteer_id IS NOT NULL OR volunteers_needed > 1);

-- one live place per volunteer in a group
CREATE UNIQUE INDEX timebank_requests_one_place_each ON timebank_requests (parent_id, volunteer_id)
  WHERE parent_id IS NOT NULL AND status <> 'cancelled';
CREATE INDEX timebank_requests_places_of ON timebank_requests (parent_id) WHERE parent_id IS NOT NULL;
-- far check-ins waiting for staff
CREATE INDEX timebank_requests_review ON timebank_requests (community_id, check_in_at) WHERE check_in_review = 'pending';
-- nearby: open requests of a community with coordinates (bounding box on lat, then lng and haversine)
CREATE INDEX timebank_requests_open_geo ON timebank_requests (community_id, lat, lng) WHERE status = 'open' AND lat IS NOT NULL;
-- monthly report: confirmed services by confirmation time
CREATE INDEX timebank_requests_confirmed ON timebank_requests (community_id, confirmed_at) WHERE status = 'confirmed';

-- 志愿者认证: a resident applies, community staff verify (18+, role volunteer) or decline with a reason.
CREATE TABLE timebank_volunteer_applications (
  id            uuid PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users (id),
  community_id  uuid NOT NULL REFERENCES org_units (id),
  skills        text NOT NULL DEFAULT '' CHECK (length(skills) <= 200),
  status        text NOT NULL CHECK (status IN ('pending', 'verified', 'rejected')),
  decided_by    uuid REFERENCES users (id),
  decided_at    timestamptz,
  reason        text CHECK (length(reason) <= 200),
  created_at    timestamptz NOT NULL,
  CHECK ((status = 'pending') = (decided_by IS NULL)),
  CHECK (status <> 'rejected' OR reason IS NOT NULL)
);
CREATE UNIQUE INDEX timebank_volunteer_applications_pending ON timebank_volunteer_applications (user_id) WHERE status = 'pending';
CREATE INDEX timebank_volunteer_applications_community ON timebank_volunteer_applications (community_id, status, created_at);

-- the period a certificate covers (first credited service → issue)
ALTER TABLE timebank_certificates ADD COLUMN period_from timestamptz;

-- adjustments are found by the person they adjust (the staff journal list)
ALTER TABLE timebank_journals ADD COLUMN subject_id uuid REFERENCES users (id);
ALTER TABLE timebank_journals ADD CONSTRAINT timebank_journals_adjust_subject CHECK (kind <> 'adjust' OR subject_id IS NOT NULL);
