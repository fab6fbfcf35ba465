-- The version listing's order as an index: key ascending, and within a key the newest version
-- first (VersionsTable.scanQuery). The primary key holds each key's versions oldest first, so a
-- page read from it had to be sorted. On PostgreSQL the generic plan a pooled connection keeps
-- expected a page of one row and sorted every version from the cursor to the end of the bucket
-- before it took its page; a listing of the whole bucket read it once per page. From this index a
-- page is read in order from the cursor and stops at its limit (PostgresListingPlanTest,
-- SqliteStoreTest). Only noncurrent versions and delete markers live in this table, so the extra
-- index is paid for by versioned buckets' overwrites and deletes alone.
CREATE INDEX object_versions_in_listing_order ON object_versions (tenant_id, bucket, object_key, version_id DESC);
