-- Per-bucket usage (issue 18): bucket details read two columns instead of summing every row of the
-- bucket on each call. Kept by the object-row writes (ObjectsTable, through BucketCounters) in the
-- same transaction as the tenant's usage, and reconciled with it by the lifecycle sweeper.
ALTER TABLE buckets ADD COLUMN used_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE buckets ADD COLUMN used_objects BIGINT NOT NULL DEFAULT 0;

UPDATE buckets SET
  used_bytes = (SELECT COALESCE(SUM(o.size), 0) FROM objects o
                WHERE o.tenant_id = buckets.tenant_id AND o.bucket = buckets.name AND o.status = 'ready'),
  used_objects = (SELECT COUNT(*) FROM objects o
                  WHERE o.tenant_id = buckets.tenant_id AND o.bucket = buckets.name AND o.status = 'ready');

${postgresql_only_begin}
-- A bucket name belongs to one tenant: without this the planner multiplies the selectivities of
-- tenant_id and bucket as if independent and underestimates a big tenant's rows by orders of
-- magnitude (JdbcMetadataStore also plans statements generically, see Dialect.pool).
CREATE STATISTICS objects_tenant_bucket (dependencies, ndistinct) ON tenant_id, bucket FROM objects;
ANALYZE objects;
${postgresql_only_end}
