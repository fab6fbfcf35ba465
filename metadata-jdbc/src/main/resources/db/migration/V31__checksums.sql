-- The additional checksum S3 clients know an object by (dev.silo.core.domain.Checksum): the one its
-- upload was checked against, or the one a multipart completion derived from its parts', stored as
-- "<algorithm> <type> <base64 value>"; null: none. On the rows of objects and of object_versions
-- (whose object columns are those of objects), on a multipart upload the kind its parts and its
-- object get ("CRC32 COMPOSITE"), and on each part its own.
ALTER TABLE objects ADD COLUMN checksum TEXT;
ALTER TABLE object_versions ADD COLUMN checksum TEXT;
ALTER TABLE multipart_uploads ADD COLUMN checksum TEXT;
ALTER TABLE multipart_parts ADD COLUMN checksum TEXT;
