-- Small objects inline (issue 18): the bytes of an object of at most SILO_INLINE_MAX bytes are a
-- row here, written in the transaction that publishes the object, instead of a file of the blob
-- store. The object's blob_name points at the row; inline names start with 'i' (BlobName.inline),
-- so versions, copies and the reaper, which know blobs by name, need no column of their own.
-- Deleting the object's last reference deletes the row in the same transaction (BlobReaper).
-- The bytes are what InlineCodec stored (plaintext today, sealed once encryption plugs in).
CREATE TABLE inline_blobs (
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  bytes ${byte_array} NOT NULL,
  PRIMARY KEY (tenant_id, name)
);

${postgresql_only_begin}
CREATE POLICY tenant_isolation ON inline_blobs
  USING (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global')
  WITH CHECK (tenant_id = current_setting('silo.tenant', true) OR current_setting('silo.scope', true) = 'global');
ALTER TABLE inline_blobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE inline_blobs FORCE ROW LEVEL SECURITY;
-- the bytes are small and rarely compressible (images, archives): keep them in the row's page
-- where they fit rather than compressing and moving them out to TOAST
ALTER TABLE inline_blobs ALTER COLUMN bytes SET STORAGE EXTERNAL;
${postgresql_only_end}
