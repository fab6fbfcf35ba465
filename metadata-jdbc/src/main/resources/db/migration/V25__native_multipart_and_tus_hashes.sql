-- Native multipart on stores that assemble parts (S3), and TUS hashes kept across chunks (issue 12).

-- The blob a multipart upload completes into and the store's id of its assembly (the backend's
-- UploadId); both null where parts are blobs of their own (the filesystem, uploads begun before).
ALTER TABLE multipart_uploads ADD COLUMN blob_name TEXT;
ALTER TABLE multipart_uploads ADD COLUMN assembly_id TEXT;

-- The store's tag of a part uploaded into the assembly (what completing it names); null for a
-- part stored as a blob of its own.
ALTER TABLE multipart_parts ADD COLUMN store_etag TEXT;

-- The running SHA-256 and MD5 of a TUS upload's committed bytes, moved with the offset, so that
-- publication never reads the blob again; null for uploads begun before.
ALTER TABLE resumable_uploads ADD COLUMN hash_state TEXT;
