-- Row-level security on every tenant table (PostgreSQL only). On SQLite, an embedded database in
-- one process with no roles, the two placeholders around the body open and close a comment, so
-- the migration does nothing; on PostgreSQL they are empty (Dialect.placeholders).
--
-- Each unit of work binds its scope at its start, transaction-locally (Dialect.bind):
--   tenant work:  silo.tenant = '<tenant id>', silo.scope = 'tenant'
--   global work:  silo.tenant = '',            silo.scope = 'global'
-- A row is visible, and may be written, when it belongs to the bound tenant or the unit of work is
-- global. So a statement in tenant work that forgets its tenant filter, or names another tenant,
-- sees and changes nothing of another tenant. FORCE makes the policies bind the tables' owner
-- too; superusers and BYPASSRLS roles are never bound, which is why the request path must not
-- run as one (see the README: an owner role for migrations, an app role with DML only).
-- Both settings are SET LOCAL: they end with the transaction, so a pooled connection never
-- carries one unit of work's scope into the next, and outside a unit of work nothing is visible.
-- Migrations run with silo.scope = 'global' for their whole session (Dialect.migrationInitSql),
-- so that a later data migration sees every tenant's rows although FORCE binds the owner too.
${postgresql_only_begin}
CREATE POLICY tenant_isolation ON tenants
  USING (id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON buckets
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE buckets ENABLE ROW LEVEL SECURITY;
ALTER TABLE buckets FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON objects
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE objects ENABLE ROW LEVEL SECURITY;
ALTER TABLE objects FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON api_keys
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON blob_cleanup
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE blob_cleanup ENABLE ROW LEVEL SECURITY;
ALTER TABLE blob_cleanup FORCE ROW LEVEL SECURITY;

-- tenant_id is null for operator actions: only global work sees or writes those
CREATE POLICY tenant_isolation ON audit
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON outbox
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON s3_credentials
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE s3_credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE s3_credentials FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON multipart_uploads
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE multipart_uploads ENABLE ROW LEVEL SECURITY;
ALTER TABLE multipart_uploads FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON multipart_parts
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE multipart_parts ENABLE ROW LEVEL SECURITY;
ALTER TABLE multipart_parts FORCE ROW LEVEL SECURITY;
${postgresql_only_end}
