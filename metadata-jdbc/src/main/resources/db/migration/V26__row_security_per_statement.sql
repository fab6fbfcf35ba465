-- Row-level security whose cost and whose estimate do not depend on the rows or on the tenant
-- (PostgreSQL only; on SQLite the placeholders comment the body out, as in V3).
--
-- V3's rule, `tenant_id = current_setting('silo.tenant', true) OR ...`, had two faults:
-- - PostgreSQL evaluates it for every row a scan reads, and `current_setting` looks the setting
--   up by name and copies it each time.
-- - The planner folds `current_setting` to the value bound when it plans, to estimate how many
--   rows pass. Connections keep generic plans (plan_cache_mode), so a pooled connection whose first
--   listing was a small tenant's kept a plan made for a few rows: read every remaining key of the
--   bucket and sort them. A big tenant's page on that connection read and sorted all its keys.
-- Here each setting is a sub-select, computed once per statement before the scan (an InitPlan), so
-- the rule per row is a comparison with a value. And the rule is a CASE: the planner estimates an
-- OR of `tenant_id = <value>` as one tenant in n (the query's own tenant condition counted twice,
-- a page's rows estimated at one: the same sorted plan), but gives a CASE a fixed half, whoever is
-- bound. What a row must match is unchanged: it belongs to the bound tenant, or the unit of work
-- is global.
${postgresql_only_begin}
ALTER POLICY tenant_isolation ON api_keys
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON audit
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON blob_cleanup
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON blob_refs
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON buckets
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON inline_blobs
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON multipart_parts
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON multipart_uploads
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON object_versions
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON objects
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON outbox
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON reservations
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON resumable_assembly_parts
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON resumable_parts
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON resumable_uploads
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON s3_credentials
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON tenant_keys
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON tenants
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON webhook_deliveries
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

ALTER POLICY tenant_isolation ON webhooks
  USING (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END)
  WITH CHECK (CASE WHEN (SELECT current_setting('silo.scope', true)) = 'global' THEN true ELSE tenant_id = (SELECT current_setting('silo.tenant', true)) END);

${postgresql_only_end}
