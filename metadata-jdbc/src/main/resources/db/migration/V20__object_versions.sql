-- Versioning (issue 16). objects keeps the CURRENT version of each key, so listings, lookups and
-- their indexes are untouched; noncurrent versions and delete markers live in object_versions.
-- Same conventions as V1 (placeholders filled by Dialect.java, timestamps in epoch milliseconds).

-- Silo's id of the current version: 12 hex digits of epoch ms, then 20 random base-36 characters,
-- so it sorts by time within a key. Null for rows written before V20 (they are null versions and
-- get an id from updated_at when they stop being current).
ALTER TABLE objects ADD COLUMN version_id TEXT;
-- written while versioning was off or suspended: S3's "null" version (at most one per key)
ALTER TABLE objects ADD COLUMN null_version BOOLEAN NOT NULL DEFAULT TRUE;

-- 'off' (never enabled), 'enabled' or 'suspended'
ALTER TABLE buckets ADD COLUMN versioning TEXT NOT NULL DEFAULT 'off';
-- the sweeper deletes versions noncurrent for longer than this; null: kept for ever
ALTER TABLE buckets ADD COLUMN noncurrent_days INTEGER;

-- The columns of objects, plus which version the row is. tenant_id leads the key: the listing of
-- versions is a range scan of it (key ascending, version id descending).
CREATE TABLE object_versions (
  tenant_id           TEXT NOT NULL,
  bucket              ${byte_text} NOT NULL,
  object_key          ${byte_text} NOT NULL,
  version_id          ${byte_text} NOT NULL,
  null_version        BOOLEAN NOT NULL,
  is_delete_marker    BOOLEAN NOT NULL,
  -- when a newer version replaced it (a delete marker: when it was written)
  noncurrent_since    BIGINT NOT NULL,
  id                  TEXT NOT NULL,
  size                BIGINT NOT NULL,
  content_type        TEXT,
  etag                TEXT,
  sha256              TEXT,
  status              TEXT NOT NULL,
  acl                 TEXT NOT NULL,
  folder              TEXT,
  metadata            TEXT NOT NULL,
  cache_control       TEXT,
  content_disposition TEXT,
  content_encoding    TEXT,
  content_language    TEXT,
  expires             TEXT,
  multipart_etag      TEXT,
  part_count          INTEGER NOT NULL DEFAULT 0,
  part_sizes          TEXT,
  announced_size      BIGINT,
  direct_upload       BOOLEAN NOT NULL DEFAULT FALSE,
  blob_name           TEXT,
  created_at          BIGINT,
  updated_at          BIGINT,
  PRIMARY KEY (tenant_id, bucket, object_key, version_id),
  FOREIGN KEY (tenant_id, bucket) REFERENCES buckets (tenant_id, name)
);
-- the sweeper's noncurrent_days expiry, per bucket, oldest first
CREATE INDEX object_versions_by_age ON object_versions (tenant_id, bucket, noncurrent_since);

-- Blobs referenced by more than one row (a restore shares a version's bytes with the new current
-- version instead of copying them). A blob with no row here has exactly one referencing row, the
-- common case, so only sharing costs a write. refs >= 2.
CREATE TABLE blob_refs (
  tenant_id TEXT NOT NULL,
  blob_name TEXT NOT NULL,
  refs      BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, blob_name)
);

${postgresql_only_begin}
CREATE POLICY tenant_isolation ON object_versions
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE object_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE object_versions FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON blob_refs
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE blob_refs ENABLE ROW LEVEL SECURITY;
ALTER TABLE blob_refs FORCE ROW LEVEL SECURITY;
${postgresql_only_end}
