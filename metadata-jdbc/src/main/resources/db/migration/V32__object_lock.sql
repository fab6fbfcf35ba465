-- S3 Object Lock (dev.silo.core.domain.ObjectLock). On a bucket, its configuration: null (off),
-- "enabled", or a default retention ("GOVERNANCE days 30", "COMPLIANCE years 7"). On the rows of
-- objects and of object_versions (whose object columns are those of objects), a version's
-- retention and legal hold ("COMPLIANCE 2027-01-01T00:00:00Z hold"; null: none), and on a
-- multipart upload the lock its object gets.
ALTER TABLE buckets ADD COLUMN object_lock TEXT;
ALTER TABLE objects ADD COLUMN object_lock TEXT;
ALTER TABLE object_versions ADD COLUMN object_lock TEXT;
ALTER TABLE multipart_uploads ADD COLUMN object_lock TEXT;
