-- Resumable uploads on stores that assemble a blob from parts (S3 multipart uploads, issue 6).
-- Same conventions as V5; the assembly's parts are recorded here once a chunk that uploaded them
-- is committed, so that any node can continue the upload and complete it.

-- the store's id of the assembly (the S3 UploadId); null on stores that append or keep blobs
ALTER TABLE resumable_uploads ADD COLUMN assembly_id TEXT;

CREATE TABLE resumable_assembly_parts (
  upload_id   TEXT NOT NULL REFERENCES resumable_uploads (id),
  tenant_id   TEXT NOT NULL,
  part_number INTEGER NOT NULL,
  size        BIGINT NOT NULL,
  etag        TEXT NOT NULL,
  PRIMARY KEY (upload_id, part_number)
);

${postgresql_only_begin}
CREATE POLICY tenant_isolation ON resumable_assembly_parts
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE resumable_assembly_parts ENABLE ROW LEVEL SECURITY;
ALTER TABLE resumable_assembly_parts FORCE ROW LEVEL SECURITY;
${postgresql_only_end}
