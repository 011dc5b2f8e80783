-- 0006 LeanCloud import: which LeanCloud object became which 邻里通 record, and how far a live pull got.
-- Forward only.

-- (source app, class, objectId) → our record: running the import twice finds every row here and
-- changes nothing; a later run adds only objects not yet in this table.
CREATE TABLE leancloud_external_ids (
  source_app    text NOT NULL CHECK (length(source_app) BETWEEN 1 AND 100),
  class_name    text NOT NULL CHECK (length(class_name) BETWEEN 1 AND 100),
  object_id     text NOT NULL CHECK (length(object_id) BETWEEN 1 AND 100),
  community_id  uuid NOT NULL REFERENCES org_units (id),
  -- users | reports | points_journals | timebank_journals | checkup_bookings | none (nothing to write)
  target_table  text NOT NULL,
  target_id     uuid,
  imported_at   timestamptz NOT NULL,
  PRIMARY KEY (source_app, class_name, object_id)
);
CREATE INDEX leancloud_external_ids_target ON leancloud_external_ids (target_table, target_id);

-- A live pull pages each class by (createdAt, objectId); the last pair committed is saved with the
-- batch it ends, so a failure mid-pull continues after the last whole batch.
CREATE TABLE import_checkpoints (
  source_app       text NOT NULL,
  class_name       text NOT NULL,
  last_created_at  timestamptz NOT NULL,
  last_object_id   text NOT NULL,
  rows_seen        bigint NOT NULL DEFAULT 0 CHECK (rows_seen >= 0),
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (source_app, class_name)
);
