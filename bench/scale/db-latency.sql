-- The store's own statements timed inside PostgreSQL (generic plans, as Silo's pool), for random
-- positions in the big tenants of a database bench/scale-bench.sh loaded with --big-size 500000:
--   psql postgresql://postgres@127.0.0.1:5432/scale -f bench/scale/db-latency.sql
-- Separates the database's share of a request from the JVM, HTTP and a busy machine.
SET plan_cache_mode = force_generic_plan;
CREATE TEMP TABLE lat (op text, ms float8);
DO $$
DECLARE t text; k text; t0 timestamptz; x record; i int; n int; g int; kinds text[] := ARRAY['logs','images','data','backups']; exts text[] := ARRAY['log','jpg','parquet','tar.gz'];
BEGIN
  FOR i IN 1..300 LOOP
    t := 't' || lpad((floor(random()*10))::int::text, 5, '0');
    n := floor(random()*500000)::int;
    k := kinds[n % 4 + 1] || '/g' || lpad(((n / 4) % 1250)::text, 5, '0') || '/' || lpad(n::text, 9, '0') || '.' || exts[n % 4 + 1];
    -- list page: 1,001 rows after a key under its prefix
    t0 := clock_timestamp();
    FOR x IN SELECT id, bucket, object_key, size, content_type, etag, sha256, status, acl, folder, metadata, cache_control, content_disposition, content_encoding, content_language, expires, multipart_etag, part_count, part_sizes, announced_size, direct_upload, blob_name, created_at, updated_at FROM objects WHERE tenant_id = t AND bucket = t AND status = 'ready' AND object_key > k ORDER BY object_key LIMIT 1001 LOOP END LOOP;
    INSERT INTO lat VALUES ('list-page 1,001 rows', extract(epoch from clock_timestamp() - t0) * 1000);
    -- HEAD: one row by bucket and key
    t0 := clock_timestamp();
    FOR x IN SELECT id, bucket, object_key, size, content_type, etag, sha256, status, acl, folder, metadata, blob_name, created_at, updated_at FROM objects WHERE tenant_id = t AND bucket = t AND object_key = k LOOP END LOOP;
    INSERT INTO lat VALUES ('HEAD: row by key', extract(epoch from clock_timestamp() - t0) * 1000);
    -- the same row by tenant and id (the V24 primary key)
    t0 := clock_timestamp();
    FOR x IN SELECT id FROM objects WHERE tenant_id = t AND id = 'obj_' || t || lpad(n::text, 15, '0') LOOP END LOOP;
    INSERT INTO lat VALUES ('row by (tenant_id, id)', extract(epoch from clock_timestamp() - t0) * 1000);
    -- bucket details
    t0 := clock_timestamp();
    FOR x IN SELECT name, created_at, used_bytes, used_objects FROM buckets WHERE tenant_id = t AND name = t LOOP END LOOP;
    INSERT INTO lat VALUES ('bucket details (counters)', extract(epoch from clock_timestamp() - t0) * 1000);
    -- delimiter page: 1,000 seeks of one row each (SEEK_BATCH = 1), one per second-level folder
    IF i <= 30 THEN
      t0 := clock_timestamp();
      FOR g IN 0..999 LOOP
        FOR x IN SELECT id, object_key FROM objects WHERE tenant_id = t AND bucket = t AND status = 'ready' AND object_key >= 'logs/g' || lpad(g::text, 5, '0') || '0' ORDER BY object_key LIMIT 1 LOOP END LOOP;
      END LOOP;
      INSERT INTO lat VALUES ('delimiter page: 1,000 seeks', extract(epoch from clock_timestamp() - t0) * 1000);
    END IF;
  END LOOP;
END $$;
SELECT op, count(*), round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2) p50,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 2) p99, round(max(ms)::numeric, 2) max
FROM lat GROUP BY op ORDER BY op;
