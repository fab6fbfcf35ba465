-- A bucket's CORS rules (dev.silo.core.domain.CorsRules, S3's PutBucketCors): a rule per line,
-- each form-urlencoded; null: none, and the server's SILO_CORS_ORIGINS alone answers browsers.
ALTER TABLE buckets ADD COLUMN cors TEXT;
