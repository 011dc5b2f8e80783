-- 0013 real street set-up, part B: grid/community boundaries as polygons, and the people import
-- (实有人口 / 老年人台账). Forward only.

-- One boundary per grid or community, as the GeoJSON the street received (Polygon or MultiPolygon),
-- converted once to GCJ-02: the mini-program's getLocation({type:'gcj02'}), chooseLocation and the
-- map component all speak GCJ-02, so the hot path (routing every report) never converts.
CREATE TABLE org_unit_boundaries (
  org_unit_id  uuid PRIMARY KEY REFERENCES org_units (id),
  geometry     jsonb NOT NULL CHECK (geometry->>'type' IN ('Polygon', 'MultiPolygon')),
  source_crs   text NOT NULL CHECK (source_crs IN ('wgs84', 'gcj02')),
  updated_by   uuid REFERENCES users (id),
  updated_at   timestamptz NOT NULL
);

-- The same boundary as PostgreSQL polygons (x = lng, y = lat, GCJ-02), one row per ring: PGlite has
-- no PostGIS, but the built-in polygon type has exact point containment (@>) and a gist index.
-- A point is in a unit when an outer ring of some part holds it and no hole of that part does.
CREATE TABLE org_unit_rings (
  org_unit_id  uuid NOT NULL REFERENCES org_units (id),
  part         integer NOT NULL CHECK (part >= 0),   -- polygon index inside a MultiPolygon
  ring         integer NOT NULL CHECK (ring >= 0),   -- 0 = outer ring, 1.. = holes
  is_hole      boolean NOT NULL,
  shape        polygon NOT NULL,
  PRIMARY KEY (org_unit_id, part, ring),
  CHECK (is_hole = (ring > 0))
);
CREATE INDEX org_unit_rings_shape ON org_unit_rings USING gist (shape);

-- What a community's 台账 knows about a person beyond the users row: lives alone, disabled or
-- bed-bound, emergency contact (the checkup home visits and the grid workers' visits need these).
CREATE TABLE people_profiles (
  user_id            uuid PRIMARY KEY REFERENCES users (id),
  lives_alone        boolean,
  disabled           boolean,
  emergency_contact  text CHECK (length(emergency_contact) <= 60),
  source             text NOT NULL CHECK (source IN ('import', 'counter')),
  updated_by         uuid REFERENCES users (id),
  updated_at         timestamptz NOT NULL
);
