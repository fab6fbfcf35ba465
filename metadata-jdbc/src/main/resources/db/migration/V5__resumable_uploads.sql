-- Resumable (TUS) uploads (issue 6). Same conventions as V1: ${byte_text} for text that sorts by
-- UTF-8 bytes, epoch milliseconds for times, tenant_id on every tenant table, and (PostgreSQL
-- only) the row-level security policy of V3 on each new table.

-- No reference to buckets: deleting a bucket must not fail on an abandoned upload.
CREATE TABLE resumable_uploads (
  id            TEXT NOT NULL PRIMARY KEY,
  tenant_id     TEXT NOT NULL REFERENCES tenants (id),
  object_id     TEXT NOT NULL,
  bucket        ${byte_text} NOT NULL,
  object_key    ${byte_text} NOT NULL,
  -- null until the client declares it (creation-defer-length)
  length        BIGINT,
  upload_offset BIGINT NOT NULL,
  content_type  TEXT NOT NULL,
  -- a flat JSON object of strings
  metadata      TEXT NOT NULL,
  -- the growing blob on stores that append; null when chunks are parts
  partial_blob  TEXT,
  -- the last verified chunk's Upload-Checksum ("sha1 <base64>")
  checksum      TEXT,
  expires_at    BIGINT NOT NULL,
  created_at    BIGINT NOT NULL,
  completed_at  BIGINT
);
CREATE UNIQUE INDEX resumable_uploads_by_object ON resumable_uploads (tenant_id, object_id);
CREATE INDEX resumable_uploads_by_expiry ON resumable_uploads (expires_at);

-- On stores that cannot append, each committed chunk is one blob; the row is its only reference.
CREATE TABLE resumable_parts (
  upload_id   TEXT NOT NULL REFERENCES resumable_uploads (id),
  tenant_id   TEXT NOT NULL,
  start_at    BIGINT NOT NULL,
  size        BIGINT NOT NULL,
  blob_name   TEXT NOT NULL,
  PRIMARY KEY (upload_id, start_at)
);

${postgresql_only_begin}
CREATE POLICY tenant_isolation ON resumable_uploads
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE resumable_uploads ENABLE ROW LEVEL SECURITY;
ALTER TABLE resumable_uploads FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON resumable_parts
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE resumable_parts ENABLE ROW LEVEL SECURITY;
ALTER TABLE resumable_parts FORCE ROW LEVEL SECURITY;
${postgresql_only_end}
