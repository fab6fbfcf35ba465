-- A part made by UploadPartCopy keeps no bytes of its own: it is the bytes from blob_offset of
-- the blob it was copied from (blob_name), which it shares with that object through blob_refs
-- until the upload completes or goes. Null for a part with bytes of its own, and for parts
-- stored before.
ALTER TABLE multipart_parts ADD COLUMN blob_offset BIGINT;
