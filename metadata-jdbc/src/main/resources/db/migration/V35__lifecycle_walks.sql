-- Where a bucket's lifecycle walks stopped (dev.silo.core.domain.LifecycleWalks), form-urlencoded,
-- so that a restart goes on from there; null: every walk starts from the first key.
ALTER TABLE buckets ADD COLUMN lifecycle_walks TEXT;
