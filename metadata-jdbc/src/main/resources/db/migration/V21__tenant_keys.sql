-- Encryption at rest (issue 19). Each tenant has data keys, one row per version, kept only wrapped
-- (encrypted under the master key of master_version, base64); the newest version encrypts new
-- blobs, older ones still decrypt what they encrypted. Deleting the tenant deletes these rows in
-- its deleting transaction (TenantsTable.delete, first): its blobs can no longer be decrypted
-- wherever copies linger. tenant_id leads the primary key (TenantKeysSchemaTest).
CREATE TABLE tenant_keys (
  tenant_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  wrapped TEXT NOT NULL,
  master_version INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, version)
);

-- An object's seal: the version of its tenant's data key that encrypted its blob (null: the blob
-- is plain text, written before encryption or with SILO_ENCRYPTION=off) and the blob's size in the
-- store (ciphertext, header and framing included; null for plain text, where it is the size).
ALTER TABLE objects ADD COLUMN key_version INTEGER;
ALTER TABLE objects ADD COLUMN stored_size BIGINT;
-- noncurrent versions keep the seal of the blob they reference (object_versions has the columns of objects)
ALTER TABLE object_versions ADD COLUMN key_version INTEGER;
ALTER TABLE object_versions ADD COLUMN stored_size BIGINT;

${postgresql_only_begin}
CREATE POLICY tenant_isolation ON tenant_keys
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE tenant_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_keys FORCE ROW LEVEL SECURITY;
${postgresql_only_end}
