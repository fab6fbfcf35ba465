-- S3 object tagging: a version's tags (dev.silo.core.domain.ObjectTags), form-urlencoded as S3's
-- x-amz-tagging header carries them; null: none. On the rows of objects and of object_versions
-- (whose object columns are those of objects), and on a multipart upload, whose object gets them.
ALTER TABLE objects ADD COLUMN tags TEXT;
ALTER TABLE object_versions ADD COLUMN tags TEXT;
ALTER TABLE multipart_uploads ADD COLUMN tags TEXT;
