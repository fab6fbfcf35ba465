-- S3 bucket tagging: a bucket's tags (dev.silo.core.domain.BucketTags), form-urlencoded as an
-- object's are; null: none.
ALTER TABLE buckets ADD COLUMN tags TEXT;
