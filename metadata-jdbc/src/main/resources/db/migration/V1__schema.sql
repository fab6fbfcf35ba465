-- One schema for SQLite and PostgreSQL. The two places where their SQL must differ are Flyway
-- placeholders, filled in by Dialect.java:
--   ${sequence_key}  a primary key the database assigns, increasing and never reused
--   ${byte_text}     text that compares by its UTF-8 bytes, so listings and cursors agree on
--                    both databases (SQLite's default BINARY collation; COLLATE "C" on PostgreSQL)
-- Timestamps are epoch milliseconds: exact, portable and comparable without time-zone rules.
-- Every table with tenant data carries tenant_id, so that row-level security can be added later.

CREATE TABLE tenants (
  id                    TEXT NOT NULL PRIMARY KEY,
  slug                  ${byte_text} NOT NULL UNIQUE,
  name                  TEXT NOT NULL,
  status                TEXT NOT NULL,
  max_bytes             BIGINT,
  max_objects           BIGINT,
  max_upload_bytes      BIGINT,
  max_buckets           INTEGER NOT NULL,
  -- comma-separated: a media type cannot contain a comma
  allowed_content_types TEXT NOT NULL,
  used_bytes            BIGINT NOT NULL DEFAULT 0,
  used_objects          BIGINT NOT NULL DEFAULT 0,
  created_at            BIGINT,
  updated_at            BIGINT
);

CREATE TABLE buckets (
  tenant_id  TEXT NOT NULL REFERENCES tenants (id),
  name       ${byte_text} NOT NULL,
  created_at BIGINT,
  PRIMARY KEY (tenant_id, name)
);

CREATE TABLE objects (
  id           TEXT NOT NULL PRIMARY KEY,
  tenant_id    TEXT NOT NULL,
  bucket       ${byte_text} NOT NULL,
  object_key   ${byte_text} NOT NULL,
  size         BIGINT NOT NULL,
  content_type TEXT,
  etag         TEXT,
  sha256       TEXT,
  status       TEXT NOT NULL,
  acl          TEXT NOT NULL,
  folder       TEXT,
  -- a flat JSON object of strings
  metadata     TEXT NOT NULL,
  blob_name    TEXT,
  created_at   BIGINT,
  updated_at   BIGINT,
  -- also the index behind scan(): tenant, bucket, then keys in byte order
  UNIQUE (tenant_id, bucket, object_key),
  -- an object never outlives its bucket, even when a delete races an upload
  FOREIGN KEY (tenant_id, bucket) REFERENCES buckets (tenant_id, name)
);

CREATE TABLE api_keys (
  id           TEXT NOT NULL PRIMARY KEY,
  tenant_id    TEXT NOT NULL REFERENCES tenants (id),
  name         TEXT NOT NULL,
  prefix       TEXT NOT NULL,
  -- lower-case hex: the same type and index on both databases
  key_hash     TEXT NOT NULL UNIQUE,
  -- comma-separated wire names
  scopes       TEXT NOT NULL,
  created_at   BIGINT,
  last_used_at BIGINT,
  revoked_at   BIGINT
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, created_at);

-- No reference to tenants: the sweeper must still find a blob after its tenant is deleted.
CREATE TABLE blob_cleanup (
  id         ${sequence_key},
  tenant_id  TEXT NOT NULL,
  container  TEXT NOT NULL,
  prefix     TEXT NOT NULL,
  blob_name  TEXT NOT NULL,
  not_before BIGINT NOT NULL
);
CREATE INDEX blob_cleanup_by_due ON blob_cleanup (not_before);
CREATE INDEX blob_cleanup_by_blob ON blob_cleanup (tenant_id, blob_name);

-- Append-only and kept after a tenant is deleted; tenant_id is null for operator actions.
CREATE TABLE audit (
  id          ${sequence_key},
  tenant_id   TEXT,
  occurred_at BIGINT NOT NULL,
  actor       TEXT,
  action      TEXT,
  target      TEXT,
  outcome     TEXT,
  request_id  TEXT,
  source      TEXT
);
CREATE INDEX audit_by_tenant ON audit (tenant_id, id);

CREATE TABLE outbox (
  seq         ${sequence_key},
  id          TEXT NOT NULL UNIQUE,
  tenant_id   TEXT NOT NULL REFERENCES tenants (id),
  event_type  TEXT NOT NULL,
  occurred_at BIGINT NOT NULL,
  payload     TEXT NOT NULL
);
CREATE INDEX outbox_by_tenant ON outbox (tenant_id, seq);
