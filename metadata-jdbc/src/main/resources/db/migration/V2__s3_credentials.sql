-- S3 access keys and multipart uploads (issue 5). Same conventions as V1: ${byte_text} for text
-- that sorts by UTF-8 bytes, epoch milliseconds for times, tenant_id on every tenant table.

-- The secret is never stored: it derives from the master key and the access key id.
CREATE TABLE s3_credentials (
  access_key_id TEXT NOT NULL PRIMARY KEY,
  tenant_id     TEXT NOT NULL REFERENCES tenants (id),
  description   TEXT NOT NULL,
  -- null: every bucket of the tenant
  bucket        ${byte_text},
  created_at    BIGINT,
  last_used_at  BIGINT,
  revoked_at    BIGINT
);
CREATE INDEX s3_credentials_by_tenant ON s3_credentials (tenant_id, created_at);

-- No reference to buckets: deleting a bucket must not fail on an abandoned upload.
CREATE TABLE multipart_uploads (
  id           TEXT NOT NULL PRIMARY KEY,
  tenant_id    TEXT NOT NULL REFERENCES tenants (id),
  bucket       ${byte_text} NOT NULL,
  object_key   ${byte_text} NOT NULL,
  content_type TEXT,
  -- a flat JSON object of strings
  metadata     TEXT NOT NULL,
  created_at   BIGINT
);
CREATE INDEX multipart_uploads_by_key ON multipart_uploads (tenant_id, bucket, object_key, id);

-- Each part is one blob; the row is its only reference until completion or abort.
CREATE TABLE multipart_parts (
  upload_id   TEXT NOT NULL REFERENCES multipart_uploads (id),
  tenant_id   TEXT NOT NULL,
  part_number INTEGER NOT NULL,
  size        BIGINT NOT NULL,
  md5         TEXT NOT NULL,
  blob_name   TEXT NOT NULL,
  created_at  BIGINT,
  PRIMARY KEY (upload_id, part_number)
);
