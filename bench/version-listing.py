#!/usr/bin/env python3
"""A version listing walked from its first page to its last, on the embedded default (SQLite) or
on PostgreSQL: each page's latency, and Silo's and PostgreSQL's CPU per page. A page's cost must
not grow with how deep its cursor is (docs/versioning.md, "Cost").

Silo makes the tenant and turns versioning on over REST; the noncurrent versions (--keys x
--versions) are then bulk-loaded through the store's own schema, with the server stopped, as
bench/scale-bench.sh loads objects (whose CPU accounting and JIT-settled warm-up this reuses).
Each run starts from a fresh data directory and database, so two builds can be compared (--jar of
each; a newer build migrates the database it starts on).

  python3 bench/version-listing.py --jar server/target/silo.jar                      # SQLite
  python3 bench/version-listing.py --jar server/target/silo.jar --database vlist     # PostgreSQL
"""
import argparse
import base64
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "scale"))
from scale_bench import cpu_seconds, postgres_pids, settle  # noqa: E402 - the scale bench's own accounting

TOKEN = "silo_admin_" + "v" * 43
MASTER_KEY = base64.b64encode(b"version-listing-bench-master-key").decode()
SLUG = "vlist"


class Silo:
    def __init__(self, jar, data, port, database_url):
        self.jar, self.data, self.port, self.database_url, self.proc = jar, data, port, database_url, None

    def start(self):
        env = dict(os.environ, SILO_PORT=str(self.port), SILO_S3_PORT="0", SILO_DATA_DIR=self.data,
                   SILO_ADMIN_TOKEN=TOKEN, SILO_MASTER_KEY=MASTER_KEY, SILO_LOG_LEVEL="WARN")
        if self.database_url:
            env["SILO_DATABASE_URL"] = self.database_url
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
        log = open(os.path.join(self.data, "silo.log"), "a")
        self.proc = subprocess.Popen([java, "-jar", self.jar, "serve"], env=env, cwd=self.data, stdout=log,
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                sys.exit("Silo exited at start; see " + os.path.join(self.data, "silo.log"))
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/readyz")
                if c.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        sys.exit("Silo did not get ready in 120 s")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def call(conn, method, path, body=None, token=TOKEN, content_type="application/json"):
    conn.request(method, path, body=body, headers={"Authorization": "Bearer " + token, "Content-Type": content_type})
    r = conn.getresponse()
    data = r.read()
    if r.status >= 300:
        raise RuntimeError("%s %s -> %d %s" % (method, path, r.status, data[:200]))
    return data


# The rows are the store's own: every column a version has, ids and version ids in Silo's formats.
LOAD = (
    "INSERT INTO object_versions (tenant_id, bucket, object_key, version_id, null_version, is_delete_marker,"
    " noncurrent_since, id, size, status, acl, metadata, etag, content_type, created_at, updated_at)"
    " SELECT '{tenant}', '{bucket}', 'data/k' || {key}, {version} || 'aaaaaaaaaaaaaaaaaaaa', {false}, {false},"
    " 1700000000000 + v, 'obj_vlist' || {id}, 1024, 'ready', 'private', '{{}}', '\"e\"',"
    " 'application/octet-stream', 1700000000000, 1700000000000 FROM {series}")


def load(args, silo, db_admin):
    silo.start()
    c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
    tenant = json.loads(call(c, "POST", "/v1/tenants", json.dumps({"slug": SLUG, "name": SLUG})))
    key = json.loads(call(c, "POST", "/v1/tenants/%s/keys" % SLUG, json.dumps({"name": "bench"})))["key"]
    call(c, "PATCH", "/v1/buckets/" + SLUG, json.dumps({"versioning": "enabled"}), key)
    silo.stop()
    tenant_id = tenant["id"]
    if args.database:
        sql = LOAD.format(tenant=tenant_id, bucket=SLUG, key="lpad(k::text, 7, '0')",
                          version="lpad(to_hex(1700000000000 + v), 12, '0')", false="false",
                          id="lpad(k::text, 11, '0') || lpad(v::text, 4, '0')",
                          series="generate_series(1, %d) k, generate_series(1, %d) v" % (args.keys, args.versions))
        subprocess.run(["psql", "-q", db_admin, "-c", sql, "-c", "ANALYZE"], check=True)
    else:
        sql = ("WITH RECURSIVE ks(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM ks WHERE k < %d),"
               " vs(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM vs WHERE v < %d) " % (args.keys, args.versions)
               + LOAD.format(tenant=tenant_id, bucket=SLUG, key="printf('%07d', k)",
                             version="printf('%012x', 1700000000000 + v)", false="0",
                             id="printf('%011d%04d', k, v)", series="ks, vs"))
        subprocess.run(["sqlite3", os.path.join(args.data, "silo.db"), sql], check=True)
    return key


def walk(conn, key, pages):
    """Latencies (ms) of up to `pages` pages of 1,000, from the first; starts over at the end."""
    lat, cursor = [], None
    for _ in range(pages):
        path = "/v1/versions?bucket=%s&limit=1000" % SLUG + ("&cursor=" + cursor if cursor else "")
        t0 = time.perf_counter()
        page = json.loads(call(conn, "GET", path, token=key))
        lat.append((time.perf_counter() - t0) * 1000)
        cursor = page.get("next_cursor")
    return lat


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", default="server/target/silo.jar")
    ap.add_argument("--database", help="a PostgreSQL database to create afresh (default: SQLite)")
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--keys", type=int, default=50_000)
    ap.add_argument("--versions", type=int, default=4, help="noncurrent versions per key")
    ap.add_argument("--warmup", type=int, default=500,
                    help="pages listed per warm-up round before the measured walk; rounds go on until Silo's JIT"
                    " compiler takes under 3 %% of its CPU in one, as in the scale bench")
    ap.add_argument("--port", type=int, default=18720)
    args = ap.parse_args()
    args.data = tempfile.mkdtemp(prefix="silo-version-listing-")
    db_url = db_admin = None
    if args.database:
        subprocess.run(["psql", "-q", args.admin_url, "-c", "DROP DATABASE IF EXISTS " + args.database,
                        "-c", "CREATE DATABASE " + args.database], check=True)
        db_admin = args.admin_url.rsplit("/", 1)[0] + "/" + args.database
        db_url = "jdbc:postgresql://127.0.0.1:5432/%s?user=postgres" % args.database
    silo = Silo(os.path.abspath(args.jar), args.data, args.port, db_url)
    try:
        key = load(args, silo, db_admin)
        silo.start()
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)
        settle(silo.proc.pid, lambda: walk(conn, key, args.warmup), "version pages")
        pages = -(-args.keys * args.versions // 1000)
        pg = postgres_pids() if args.database else []
        silo0, pg0 = cpu_seconds([silo.proc.pid]), cpu_seconds(pg)
        lat = walk(conn, key, pages)
        silo_cpu, pg_cpu = cpu_seconds([silo.proc.pid]) - silo0, cpu_seconds(pg) - pg0
        silo.stop()
        ordered = sorted(lat)
        print("%s, %d versions, %d pages of 1,000 from the first to the last" %
              ("PostgreSQL" if args.database else "SQLite", args.keys * args.versions, pages))
        print("first three pages %s ms, last three %s ms" %
              (" / ".join("%.1f" % x for x in lat[:3]), " / ".join("%.1f" % x for x in lat[-3:])))
        print("p50 %.1f ms, max %.1f ms, whole listing %.1f s; CPU per page: Silo %.2f ms%s" % (
            ordered[len(ordered) // 2], ordered[-1], sum(lat) / 1000, silo_cpu * 1000 / pages,
            ", PostgreSQL %.2f ms" % (pg_cpu * 1000 / pages) if args.database else " (SQLite's included)"))
    finally:
        if silo.proc and silo.proc.poll() is None:
            silo.stop()
        shutil.rmtree(args.data, ignore_errors=True)


if __name__ == "__main__":
    main()
