-- Typed system facts and stored standard headers (issue 12). Silo's own facts about an object (a
-- multipart object's S3 ETag, a presigned upload's announced size and direct mode) were user
-- metadata entries named silo-*, which a client could set through its own metadata headers and a
-- metadata update could drop. They move into columns here, and out of the metadata. The standard
-- headers (Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires) are
-- stored on objects and on the two kinds of upload that carry them to their object. Same
-- conventions as V1; the sqlite_only and postgresql_only placeholders comment out the other
-- database's statements (Dialect.placeholders).

-- S3's ETag of an object completed from parts; null for any other object
ALTER TABLE objects ADD COLUMN multipart_etag TEXT;
-- 0 for an object not completed from parts
ALTER TABLE objects ADD COLUMN part_count INTEGER NOT NULL DEFAULT 0;
-- the parts' sizes in order, comma-separated; null when not recorded (objects completed before V12)
ALTER TABLE objects ADD COLUMN part_sizes TEXT;
-- a pending presigned upload's announced size; null when none was announced
ALTER TABLE objects ADD COLUMN announced_size BIGINT;
-- a pending presigned upload whose bytes go to the backend directly and are not checked yet
ALTER TABLE objects ADD COLUMN direct_upload BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE objects ADD COLUMN cache_control TEXT;
ALTER TABLE objects ADD COLUMN content_disposition TEXT;
ALTER TABLE objects ADD COLUMN content_encoding TEXT;
ALTER TABLE objects ADD COLUMN content_language TEXT;
ALTER TABLE objects ADD COLUMN expires TEXT;

ALTER TABLE multipart_uploads ADD COLUMN cache_control TEXT;
ALTER TABLE multipart_uploads ADD COLUMN content_disposition TEXT;
ALTER TABLE multipart_uploads ADD COLUMN content_encoding TEXT;
ALTER TABLE multipart_uploads ADD COLUMN content_language TEXT;
ALTER TABLE multipart_uploads ADD COLUMN expires TEXT;

ALTER TABLE resumable_uploads ADD COLUMN cache_control TEXT;
ALTER TABLE resumable_uploads ADD COLUMN content_disposition TEXT;
ALTER TABLE resumable_uploads ADD COLUMN content_encoding TEXT;
ALTER TABLE resumable_uploads ADD COLUMN content_language TEXT;
ALTER TABLE resumable_uploads ADD COLUMN expires TEXT;

-- a presigned upload not staged yet kept its announced size (or -1 for none) in its size column
UPDATE objects SET announced_size = size WHERE status = 'pending' AND blob_name IS NULL AND size >= 0;

-- The silo-* entries move to their columns and leave the metadata. silo-announced-size was -1
-- when no size was announced; a multipart ETag ends in -<part count>.
${sqlite_only_begin}
UPDATE objects SET
  multipart_etag =
    CASE WHEN json_extract(metadata, '$."silo-multipart-etag"') LIKE '%-_%'
      THEN json_extract(metadata, '$."silo-multipart-etag"') END,
  part_count =
    CASE WHEN json_extract(metadata, '$."silo-multipart-etag"') LIKE '%-_%'
      THEN CAST(substr(json_extract(metadata, '$."silo-multipart-etag"'),
                       instr(json_extract(metadata, '$."silo-multipart-etag"'), '-') + 1) AS INTEGER)
      ELSE 0 END,
  announced_size =
    CASE WHEN json_extract(metadata, '$."silo-announced-size"') IS NULL THEN announced_size
      WHEN CAST(json_extract(metadata, '$."silo-announced-size"') AS INTEGER) >= 0
      THEN CAST(json_extract(metadata, '$."silo-announced-size"') AS INTEGER) END,
  direct_upload = json_extract(metadata, '$."silo-direct-upload"') IS NOT NULL,
  metadata = json_remove(metadata, '$."silo-multipart-etag"', '$."silo-announced-size"', '$."silo-direct-upload"')
WHERE metadata LIKE '%"silo-%';
${sqlite_only_end}
${postgresql_only_begin}
UPDATE objects SET
  multipart_etag =
    CASE WHEN metadata::jsonb ->> 'silo-multipart-etag' LIKE '%-_%'
      THEN metadata::jsonb ->> 'silo-multipart-etag' END,
  part_count =
    CASE WHEN metadata::jsonb ->> 'silo-multipart-etag' LIKE '%-_%'
      THEN CAST(split_part(metadata::jsonb ->> 'silo-multipart-etag', '-', 2) AS INTEGER)
      ELSE 0 END,
  announced_size =
    CASE WHEN metadata::jsonb ->> 'silo-announced-size' IS NULL THEN announced_size
      WHEN CAST(metadata::jsonb ->> 'silo-announced-size' AS BIGINT) >= 0
      THEN CAST(metadata::jsonb ->> 'silo-announced-size' AS BIGINT) END,
  direct_upload = (metadata::jsonb ->> 'silo-direct-upload') IS NOT NULL,
  metadata = (metadata::jsonb - 'silo-multipart-etag' - 'silo-announced-size' - 'silo-direct-upload')::text
WHERE metadata LIKE '%"silo-%';
${postgresql_only_end}
