-- Bytes accepted into unfinished uploads (issue 12): S3 multipart parts, TUS chunks and announced
-- lengths, presigned uploads' announced sizes. Each upload holds one row, its running total; the
-- sum over a tenant's rows is its pending_bytes, checked with used_bytes against max_bytes in the
-- same transaction that accepts new bytes (the tenant row is locked first). Publication, abort and
-- expiry delete the row; the sweeper's reconciliation deletes rows whose upload is gone.
-- Same conventions as V1: epoch milliseconds, tenant_id on every tenant table.
CREATE TABLE reservations (
  tenant_id  TEXT NOT NULL REFERENCES tenants (id),
  -- the upload's id: mpu_... (S3 multipart), tus_... (TUS), the object id (presigned)
  upload_id  TEXT NOT NULL,
  bytes      BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, upload_id)
);

-- Each S3 multipart part's SHA-256, recorded as it arrives, so that completion composes the
-- object's checksum from the parts' instead of reading the object again; null for older parts.
ALTER TABLE multipart_parts ADD COLUMN sha256 TEXT;

${postgresql_only_begin}
CREATE POLICY tenant_isolation ON reservations
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE reservations ENABLE ROW LEVEL SECURITY;
ALTER TABLE reservations FORCE ROW LEVEL SECURITY;
${postgresql_only_end}
