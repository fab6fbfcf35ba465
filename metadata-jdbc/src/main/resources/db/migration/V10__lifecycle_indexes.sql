-- Indexes for the lifecycle sweeper's candidate queries (LifecycleQueries), so that a pass reads
-- its candidates instead of the whole table (on SQLite a scan would hold the one connection every
-- other unit of work waits for). Partial where they can be: they hold only the rows a sweep looks
-- for, so ordinary writes do not pay for them. The conditions are spelled exactly as the queries
-- spell them: both databases use a partial index only for a query that states its condition.

CREATE INDEX objects_pending_by_age ON objects (created_at, id) WHERE status = 'pending';

CREATE INDEX objects_tmp_by_age ON objects (created_at, id)
  WHERE status = 'ready' AND object_key >= 'tmp/' AND object_key < 'tmp0';

CREATE INDEX multipart_uploads_by_age ON multipart_uploads (created_at, id);
