-- Bucket lifecycle rules (S3's lifecycle configuration, the REST API's /v1/buckets/{bucket}/lifecycle),
-- kept with the bucket row that every write reads already: a line per rule, its fields
-- form-urlencoded (dev.silo.core.domain.Lifecycle). Null: no rules.
ALTER TABLE buckets ADD COLUMN lifecycle TEXT;

-- noncurrent_days (V20) becomes the rule it always was: versions of every key noncurrent that long
UPDATE buckets SET lifecycle = 'id=noncurrent-days&enabled=true&noncurrent_days=' || CAST(noncurrent_days AS TEXT)
  WHERE noncurrent_days IS NOT NULL;
ALTER TABLE buckets DROP COLUMN noncurrent_days;
