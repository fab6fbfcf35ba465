-- Keys a PostgreSQL sharded by tenant can hold (issue 18, docs/scaling.md). There every primary
-- key and unique index of a distributed table must include the distribution column, and a foreign
-- key between two of them must too; a tenant's query finds its rows by an index led by tenant_id.
-- The random-id keys of V1-V9 become (tenant_id, id), the parts' keys and foreign keys take the
-- tenant, and the indexes these keys make redundant go.
--
-- PostgreSQL only: SQLite is one file, never sharded, and its keys serve the same queries (each
-- id lookup also filters by tenant_id, and the key by id finds the row). The placeholders open
-- and close a comment there, as in V3, so this file is one comment on SQLite.
--
-- Only constraints and indexes change, by name, never a table: columns other migrations add to
-- these tables are untouched. Each new key is built once, under the table's lock, in this
-- migration's transaction (measured on 10,000,000 objects: docs/scaling.md).
--
-- Left global on purpose (TenantKeysSchemaTest names each): tenants itself (a reference table),
-- the credential lookups a request makes before it knows its tenant (api_keys.key_hash,
-- s3_credentials.access_key_id), the audit log (operator records have no tenant and every record
-- outlives its tenant), and the non-unique indexes of the sweeper's and dispatcher's cross-tenant
-- queues, which each shard keeps for its own rows.
${postgresql_only_begin}
-- the foreign keys by upload id first: they depend on the keys they reference
ALTER TABLE multipart_parts DROP CONSTRAINT multipart_parts_upload_id_fkey;
ALTER TABLE resumable_parts DROP CONSTRAINT resumable_parts_upload_id_fkey;
ALTER TABLE resumable_assembly_parts DROP CONSTRAINT resumable_assembly_parts_upload_id_fkey;

ALTER TABLE objects DROP CONSTRAINT objects_pkey;
ALTER TABLE objects ADD PRIMARY KEY (tenant_id, id);

ALTER TABLE api_keys DROP CONSTRAINT api_keys_pkey;
ALTER TABLE api_keys ADD PRIMARY KEY (tenant_id, id);

ALTER TABLE webhooks DROP CONSTRAINT webhooks_pkey;
ALTER TABLE webhooks ADD PRIMARY KEY (tenant_id, id);
-- the new key's prefix
DROP INDEX webhooks_by_tenant;

ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_pkey;
ALTER TABLE webhook_deliveries ADD PRIMARY KEY (tenant_id, id);

ALTER TABLE outbox DROP CONSTRAINT outbox_pkey;
ALTER TABLE outbox ADD PRIMARY KEY (tenant_id, seq);
-- the new key, as outbox_by_tenant was
DROP INDEX outbox_by_tenant;
-- event ids are unique per tenant; deliveries and seqOf find an event by (tenant_id, id)
ALTER TABLE outbox DROP CONSTRAINT outbox_id_key;
ALTER TABLE outbox ADD CONSTRAINT outbox_tenant_event UNIQUE (tenant_id, id);

-- The reaper deletes a row by its id alone, also after its tenant is gone (BlobReaper runs as
-- global work): a queue index, like blob_cleanup_by_due.
ALTER TABLE blob_cleanup DROP CONSTRAINT blob_cleanup_pkey;
ALTER TABLE blob_cleanup ADD PRIMARY KEY (tenant_id, id);
CREATE INDEX blob_cleanup_by_id ON blob_cleanup (id);

ALTER TABLE multipart_uploads DROP CONSTRAINT multipart_uploads_pkey;
ALTER TABLE multipart_uploads ADD PRIMARY KEY (tenant_id, id);
ALTER TABLE multipart_parts DROP CONSTRAINT multipart_parts_pkey;
ALTER TABLE multipart_parts ADD PRIMARY KEY (tenant_id, upload_id, part_number);
ALTER TABLE multipart_parts ADD CONSTRAINT multipart_parts_upload_fkey
  FOREIGN KEY (tenant_id, upload_id) REFERENCES multipart_uploads (tenant_id, id);

ALTER TABLE resumable_uploads DROP CONSTRAINT resumable_uploads_pkey;
ALTER TABLE resumable_uploads ADD PRIMARY KEY (tenant_id, id);
ALTER TABLE resumable_parts DROP CONSTRAINT resumable_parts_pkey;
ALTER TABLE resumable_parts ADD PRIMARY KEY (tenant_id, upload_id, start_at);
ALTER TABLE resumable_parts ADD CONSTRAINT resumable_parts_upload_fkey
  FOREIGN KEY (tenant_id, upload_id) REFERENCES resumable_uploads (tenant_id, id);
ALTER TABLE resumable_assembly_parts DROP CONSTRAINT resumable_assembly_parts_pkey;
ALTER TABLE resumable_assembly_parts ADD PRIMARY KEY (tenant_id, upload_id, part_number);
ALTER TABLE resumable_assembly_parts ADD CONSTRAINT resumable_assembly_parts_upload_fkey
  FOREIGN KEY (tenant_id, upload_id) REFERENCES resumable_uploads (tenant_id, id);
${postgresql_only_end}
