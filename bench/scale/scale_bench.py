#!/usr/bin/env python3
"""Scale bench: Silo's metadata on PostgreSQL at many tenants and millions of objects.

Fills a fresh PostgreSQL database through Silo's own schema (Silo migrates it with Flyway at its
first start, then the rows are bulk-loaded with COPY), restarts Silo on it and measures, for
random tenants, over the REST API with keep-alive connections:
  list-page   GET /v1/objects, 1,000 keys from a random position under a prefix (deep pages)
  list-delim  GET /v1/objects, prefix + delimiter, a page of 1,000 common prefixes
  s3-list     ListObjectsV2 over S3 (SigV4), 1,000 keys from a random position under a prefix
  head        GET /v1/info/{key}
  put         PUT /v1/objects/{key}, 4 KiB
  bucket      GET /v1/buckets/{name} of a big tenant
  tenants     GET /v1/tenants, the operator's list: 100 tenants with their usage from a random one on
  storm       HEADs of random tenants alone, then while eight workers list big tenants' pages
at c = 1 and c = 8 (p50 / p99 / max in ms), the first listing after a restart (fresh pool), and
the first listings on new PostgreSQL connections once the server is warm.

Usage: bench/scale-bench.sh [--objects 10000000] [--tenants 10000] [--big 10] [--big-size 500000]
Without --big-size the big tenants get half of the objects and the rest share the other half.
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import http.client
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

KINDS = [("logs", "log"), ("images", "jpg"), ("data", "parquet"), ("backups", "tar.gz")]
TOKEN = "scale-bench-operator-token-0123456789abcdef"
# a fixed master key (base64 of 32 bytes): each run starts Silo with a fresh data directory, and
# --reuse must open the tenants' data keys the loading run wrapped
MASTER_KEY = base64.b64encode(b"scale-bench-master-key-32-bytes!").decode()


def key_of(i, n):
    """Realistic prefixes: 4 top-level folders, ~100 keys per second-level folder."""
    kind, ext = KINDS[i % 4]
    groups = max(1, n // 400)
    return "%s/g%05d/%09d.%s" % (kind, (i // 4) % groups, i, ext)


def psql(url, *args, stdin=None):
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", *args], input=stdin,
                          check=True, capture_output=True, text=True).stdout


class Silo:
    def __init__(self, jar, jdbc, port, data):
        self.jar, self.jdbc, self.port, self.data, self.proc = jar, jdbc, port, data, None
        self.migration_jdbc = jdbc

    def start(self):
        env = dict(os.environ, SILO_DATABASE_URL=self.jdbc, SILO_DATABASE_MIGRATION_URL=self.migration_jdbc,
                   SILO_PORT=str(self.port),
                   SILO_DATA_DIR=self.data, SILO_ADMIN_TOKEN=TOKEN, SILO_MASTER_KEY=MASTER_KEY,
                   # a free port: another Silo on the host may hold the default 9000
                   SILO_S3_PORT="0")
        log = open(os.path.join(self.data, "silo.log"), "a")
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
        self.proc = subprocess.Popen([java, "-jar", self.jar, "serve"], env=env, stdout=log,
                                     stderr=subprocess.STDOUT, cwd=self.data)
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status < 500:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                with open(os.path.join(self.data, "silo.log")) as f:
                    sys.exit("silo exited:\n" + "".join(f.readlines()[-5:]))
            time.sleep(0.5)
        sys.exit("silo did not start")

    def s3_port(self):
        """The S3 endpoint's port, a free one Silo chose and printed at its start."""
        with open(os.path.join(self.data, "silo.log")) as f:
            return int(re.findall(r"S3 endpoint on http://[^:]+:(\d+)", f.read())[-1])

    def stop(self):
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(60)
            self.proc = None


TICK = os.sysconf("SC_CLK_TCK")


def stat_ticks(path, children=False):
    """User + system clock ticks of a /proc stat file (a process's or a thread's), and with children
    those of its ended children too; 0 when it is gone. The fields are counted after the
    parenthesised name, which may hold spaces."""
    try:
        with open(path) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15 if children else 13])
    except (OSError, IndexError, ValueError):
        return 0


def cpu_seconds(pids, children=False):
    """User + system CPU seconds the processes have used so far (those still running), and with
    children those of their children that have ended (the client's worker processes)."""
    return sum(stat_ticks("/proc/%d/stat" % pid, children) for pid in pids) / TICK


def compiler_seconds(pid):
    """CPU seconds so far of the JVM's JIT compiler threads (HotSpot names them "C1 CompilerThread0",
    "C2 CompilerThread1"..., cut to 15 characters)."""
    total = 0
    try:
        tasks = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return 0
    for tid in tasks:
        try:
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                if not f.read().startswith(("C1 CompilerThre", "C2 CompilerThre")):
                    continue
        except OSError:
            continue  # the thread ended between the listing and the read
        total += stat_ticks("/proc/%d/task/%s/stat" % (pid, tid))
    return total / TICK


SETTLED = 0.03


def settle(pid, warm, name):
    """More warm-up rounds (warm()), ten at most, until Silo's JIT compiler threads take under
    SETTLED of its CPU in one: a fixed warm-up leaves a slower machine's JIT compiling while the
    latencies are measured."""
    for i in range(1, 11):
        all0, comp0 = cpu_seconds([pid]), compiler_seconds(pid)
        warm()
        used = cpu_seconds([pid]) - all0
        share = (compiler_seconds(pid) - comp0) / used if used > 0 else 0
        print("  %s: warm-up round %d, the JIT compiler took %.1f %% of Silo's CPU" % (name, i, share * 100),
              file=sys.stderr, flush=True)
        if share < SETTLED:
            return
    print("  %s: Silo's JIT was still compiling after ten rounds; measuring anyway" % name, file=sys.stderr, flush=True)


def postgres_pids():
    """The local PostgreSQL server's processes: its backends do the queries' work."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/comm" % entry) as f:
                    if f.read().strip() == "postgres":
                        pids.append(int(entry))
            except OSError:
                pass
    return pids


def sizes(args):
    big = [args.big_size] * args.big
    rest = args.objects - sum(big)
    small = args.tenants - args.big
    each = max(0, rest // small) if small else 0
    return big + [each] * small


def load(url, args):
    counts = sizes(args)
    now = int(time.time() * 1000)
    tenants, buckets = [], []
    for t, n in enumerate(counts):
        slug = "t%05d" % t
        tenants.append("%s\t%s\t%s\tactive\t10\t\t%d\t%d\t%d\t%d\n" % (slug, slug, slug, n * 4096, n, now, now))
        buckets.append("%s\t%s\t%d\t%d\t%d\n" % (slug, slug, now, n * 4096, n))
    psql(url, "-c", "COPY tenants (id, slug, name, status, max_buckets, allowed_content_types,"
         " used_bytes, used_objects, created_at, updated_at) FROM STDIN", stdin="".join(tenants))
    psql(url, "-c", "COPY buckets (tenant_id, name, created_at, used_bytes, used_objects) FROM STDIN",
         stdin="".join(buckets))
    proc = subprocess.Popen(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c",
                             "COPY objects (id, tenant_id, bucket, object_key, size, content_type, etag,"
                             " status, acl, metadata, blob_name, created_at, updated_at) FROM STDIN"],
                            stdin=subprocess.PIPE, text=True)
    done, start = 0, time.time()
    for t, n in enumerate(counts):
        slug = "t%05d" % t
        rows = []
        for i in range(n):
            # ids and blob names in Silo's formats (obj_ + 20..40, b + 24..40 of [a-z0-9])
            rows.append("obj_%s%015d\t%s\t%s\t%s\t4096\tapplication/octet-stream\t\"e\"\tready\tprivate\t{}\tb%s%019d\t%d\t%d\n"
                        % (slug, i, slug, slug, key_of(i, n), slug, i, now, now))
            if len(rows) >= 50000:
                proc.stdin.write("".join(rows))
                rows = []
        proc.stdin.write("".join(rows))
        done += n
        if t < args.big or t % 1000 == 0:
            print("  loaded %d objects (%.0f s)" % (done, time.time() - start), flush=True)
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("COPY failed")
    psql(url, "-c", "ANALYZE")
    print("loaded %d tenants, %d objects in %.0f s" % (len(counts), done, time.time() - start), flush=True)
    return counts


class Client:
    def __init__(self, port, key):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.acting_for(key)

    def acting_for(self, key):
        """The tenant whose API key the next requests carry: one connection serves them all."""
        self.auth = {"Authorization": "Bearer " + key}

    def call(self, method, path, body=None):
        headers = dict(self.auth)
        if body is not None:
            headers["Content-Type"] = "application/octet-stream"
        return timed(self.conn, method, path, body, headers)


def timed(conn, method, target, body, headers):
    """Sends one request on the keep-alive connection; the milliseconds to its whole answer, and the answer."""
    t0 = time.perf_counter()
    conn.request(method, target, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    ms = (time.perf_counter() - t0) * 1000
    if r.status >= 300:
        raise RuntimeError("%s %s -> %d %s" % (method, target, r.status, data[:200]))
    return ms, data


EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


class S3Client:
    """As Client, over S3: each request signed with SigV4 (the header form, an empty payload's
    hash), with the S3 credential of the tenant it acts for."""

    def __init__(self, port, credential):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.host = "127.0.0.1:%d" % port
        self.acting_for(credential)

    def acting_for(self, credential):
        self.access_key, self.secret_key = credential

    def call(self, method, path, query):
        now = datetime.datetime.now(datetime.timezone.utc)
        amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
        canonical_query = "&".join("%s=%s" % (urllib.parse.quote(k, safe="-_.~"), urllib.parse.quote(v, safe="-_.~"))
                                   for k, v in sorted(query.items()))
        headers = {"host": self.host, "x-amz-content-sha256": EMPTY_SHA256, "x-amz-date": amz_date}
        signed = ";".join(sorted(headers))
        canonical = "\n".join([method, urllib.parse.quote(path, safe="/-_.~"), canonical_query]
                              + ["%s:%s" % (h, headers[h]) for h in sorted(headers)] + ["", signed, EMPTY_SHA256])
        scope = "%s/us-east-1/s3/aws4_request" % day
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        key = ("AWS4" + self.secret_key).encode()
        for part in (day, "us-east-1", "s3", "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
            self.access_key, scope, signed, signature)
        return timed(self.conn, method, path + "?" + canonical_query, None, headers)


def s3_credential(port, key):
    """A new S3 credential of the tenant whose API key this is: (access key id, secret)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("POST", "/v1/s3-credentials", body="{}",
              headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    if r.status >= 300:
        raise RuntimeError("POST /v1/s3-credentials -> %d %s" % (r.status, data[:300]))
    created = json.loads(data)
    return created["access_key_id"], created["secret_access_key"]


def operator(port, method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request(method, path, body=json.dumps(body) if body else None,
              headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    if r.status >= 300:
        raise RuntimeError("%s %s -> %d %s" % (method, path, r.status, data[:300]))
    return json.loads(data)


APP_ROLE = "silo_bench_app"


def app_role(db_url, jdbc):
    """An app role with DML only on Silo's tables, as in docs/production.md; its JDBC URL."""
    schema = psql(db_url, "-tAc", "SELECT schemaname FROM pg_tables WHERE tablename = 'objects'").strip()
    psql(db_url, "-c", "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%s')"
         " THEN CREATE ROLE %s LOGIN; END IF; END $$" % (APP_ROLE, APP_ROLE),
         "-c", "GRANT USAGE ON SCHEMA %s TO %s" % (schema, APP_ROLE),
         "-c", "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %s TO %s" % (schema, APP_ROLE),
         "-c", "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %s TO %s" % (schema, APP_ROLE))
    return re.sub(r"user=[^&]*", "user=" + APP_ROLE, jdbc)


def end_connections(db_url, jdbc):
    """Ends every PostgreSQL connection of the user in Silo's JDBC URL to this database (not
    psql's own); how many were ended."""
    user = re.search(r"user=([^&]*)", jdbc).group(1)
    return int(psql(db_url, "-tAc", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND usename = '%s' AND backend_type = 'client backend'"
                    " AND pid <> pg_backend_pid()" % user).strip())


def cursor_after(key):
    return base64.urlsafe_b64encode(("e:" + key).encode()).decode().rstrip("=")


# Each worker is a process of its own: threads of one Python process take turns on its global
# interpreter lock, so at c = 8 a response that had arrived waited for the other threads' turns
# before its clock stopped (20,000 HEADs at c = 8, alternated three times: p99 5.0-5.8 ms with
# threads, 4.4-5.5 with processes; docs/scaling.md). Fork keeps the operations' closures without
# pickling.
FORK = multiprocessing.get_context("fork")


def run(port, keys, counts, op, conc, per_thread, rnd, client=Client):
    results = FORK.Queue()

    tenants = list(keys)

    # One keep-alive connection per worker, opened before the clock starts, each request with its
    # tenant's key, as a back end serving many tenants talks to Silo. A connection per tenant, as
    # before, made each new worker open one on its first request for each tenant: at c = 8 and
    # 1,000 requests about a third of the measured requests included a TCP handshake and a new
    # connection in Silo (docs/scaling.md).
    def worker(seed):
        r = random.Random(seed)
        lat, errors = [], []
        c = client(port, keys[tenants[0]])
        c.conn.connect()
        for _ in range(per_thread):
            t = r.choice(tenants)
            c.acting_for(keys[t])
            try:
                ms, _ = op(c, t, counts[t], r)
                lat.append(ms)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(str(e))
        results.put((lat, errors))

    workers = [FORK.Process(target=worker, args=(rnd.random(),)) for _ in range(conc)]
    for w in workers:
        w.start()
    lat, errors = [], []
    for _ in workers:
        more_lat, more_errors = results.get()
        lat += more_lat
        errors += more_errors
    for w in workers:
        w.join()
    if errors:
        print("  errors: %d, first: %s" % (len(errors), errors[0]))
    lat.sort()
    return lat


def pct(lat, p):
    return lat[min(len(lat) - 1, int(len(lat) * p))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--objects", type=int, default=10_000_000)
    ap.add_argument("--tenants", type=int, default=10_000)
    ap.add_argument("--big", type=int, default=10)
    ap.add_argument("--big-size", type=int, default=0, help="objects per big tenant (default: half of --objects over --big)")
    ap.add_argument("--requests", type=int, default=400, help="requests per operation and concurrency")
    ap.add_argument("--sample", type=int, default=40, help="small tenants given API keys")
    ap.add_argument("--warmup", type=int, default=300,
                    help="requests per operation and concurrency before the measured ones, not measured: Silo"
                         " was just started, and its JIT compiles the hot paths; more rounds follow until the"
                         " compiler threads take under 3 %% of Silo's CPU")
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--database", default="silo_scale")
    ap.add_argument("--port", type=int, default=18090)
    ap.add_argument("--jar", default="server/target/silo.jar")
    ap.add_argument("--reuse", action="store_true", help="measure an already loaded database")
    ap.add_argument("--superuser", action="store_true",
                    help="serve as the admin URL's user, whom row-level security never binds (the default is"
                    " an app role with DML only, as docs/production.md sets one up)")
    ap.add_argument("--only", default="", help="comma-separated operations to measure: list-page, list-delim, s3-list, head,"
                    " put, bucket, tenants, storm (default: all); e.g. --only put on a near-empty database for the baseline")
    args = ap.parse_args()
    if not args.big_size:
        args.big_size = args.objects // 2 // max(1, args.big)
    parsed = urllib.parse.urlparse(args.admin_url)
    db_url = parsed._replace(path="/" + args.database).geturl()
    jdbc = "jdbc:postgresql://%s:%d/%s?user=%s" % (parsed.hostname, parsed.port or 5432, args.database,
                                                  parsed.username or "postgres")
    data = tempfile.mkdtemp(prefix="silo-scale-")
    silo = Silo(os.path.abspath(args.jar), jdbc, args.port, data)
    try:
        if args.reuse:
            counts = sizes(args)
        else:
            psql(args.admin_url, "-c", "DROP DATABASE IF EXISTS " + args.database)
            psql(args.admin_url, "-c", "CREATE DATABASE " + args.database)
            silo.start()  # Flyway migrates the empty database
            silo.stop()
            counts = load(db_url, args)
        if not args.superuser:
            # migrations (at the next start too) stay the owner's; requests are the app role's
            silo.jdbc = app_role(db_url, jdbc)
        silo.start()
        rnd = random.Random(18)
        bigs = list(range(args.big))
        small = rnd.sample(range(args.big, len(counts)), min(args.sample, len(counts) - args.big))
        keys = {}
        for t in bigs + small:
            keys[t] = operator(args.port, "POST", "/v1/tenants/t%05d/keys" % t, {"name": "bench"})["key"]
        count_of = {t: counts[t] for t in keys}
        big_keys = {t: keys[t] for t in bigs}

        def list_page(c, t, n, r):
            i = r.randrange(n)
            k = key_of(i, n)
            prefix = k.split("/")[0] + "/"
            return c.call("GET", "/v1/objects?prefix=%s&limit=1000&cursor=%s" % (prefix, cursor_after(k)))

        def s3_list(c, t, n, r):
            i = r.randrange(n)
            k = key_of(i, n)
            return c.call("GET", "/t%05d" % t, {"list-type": "2", "max-keys": "1000",
                                                "prefix": k.split("/")[0] + "/", "start-after": k})

        def list_delim(c, t, n, r):
            prefix = KINDS[r.randrange(4)][0] + "/"
            return c.call("GET", "/v1/objects?prefix=%s&delimiter=/&limit=1000" % prefix)

        def head(c, t, n, r):
            return c.call("GET", "/v1/info/" + key_of(r.randrange(n), n))

        body = b"x" * 4096

        def put(c, t, n, r):
            return c.call("PUT", "/v1/objects/bench/%016x" % r.getrandbits(64), body)

        def bucket(c, t, n, r):
            return c.call("GET", "/v1/buckets/t%05d" % t)

        def tenant_list(c, t, n, r):
            # the operator's list: a page of 100 tenants from a random one on, with their usage
            return c.call("GET", "/v1/tenants?limit=100&cursor=t%05d" % r.randrange(len(counts)))

        operator_key = {"operator": TOKEN}
        count_of["operator"] = 0

        # the first listing on fresh pooled connections, a big tenant half-way through its keys
        first = Client(args.port, keys[0])
        n0 = counts[0]
        ms, _ = first.call("GET", "/v1/objects?limit=1000&cursor=" + cursor_after(key_of(n0 // 2, n0)))
        later = sorted(first.call("GET", "/v1/objects?limit=1000&cursor=" + cursor_after(key_of(n0 // 2, n0)))[0]
                       for _ in range(20))
        print("\nfirst listing after start (big tenant, half-way): %.1f ms; later ones p50 %.1f ms" % (ms, later[10]))

        # A pooled connection keeps the generic plan it made first, for whichever tenant was bound:
        # small tenants list first here (at c = 8, on every connection of the pool; enough pages to
        # warm the listing's code, the same for every tenant), then big ones one at a time (at c = 8
        # the queue on two cores, about 20 ms, hid what a page costs)
        small_keys = {t: keys[t] for t in small}
        run(args.port, small_keys, count_of, list_page, 8, 250, rnd)
        lat = run(args.port, big_keys, count_of, list_page, 1, 100, rnd)
        print("big tenants' pages, c = 1, after 2,000 small tenants' pages at c = 8 (pooled connections planned for"
              " small tenants): p50 %.1f ms, p99 %.1f ms, max %.1f ms" % (pct(lat, 0.5), pct(lat, 0.99), lat[-1]))

        print("\n%d tenants, %d objects (%d tenants of %d, the rest of %d); client on the same host\n"
              % (len(counts), sum(counts), args.big, args.big_size, counts[-1]))
        # the machine may be shared: each row carries the load averages it was measured under
        # CPU per request (Silo's, the local PostgreSQL's: all its processes, and this client's)
        # does not queue like the latencies at c = 8 on two shared cores: it says what a request
        # costs, and the three together what the cores must do for each
        print("| operation | tenants | c | requests | p50 ms | p99 ms | max ms | Silo CPU ms/req | PostgreSQL CPU ms/req"
              " | client CPU ms/req | load 1/5/15 min |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        only = set(filter(None, args.only.split(",")))
        s3_port, s3_keys = silo.s3_port(), {}
        if not only or "s3-list" in only:
            s3_keys = {t: s3_credential(args.port, big_keys[t]) for t in bigs}
        plan = [("list-page", "list-page 1,000 keys, prefix, deep cursor", list_page, big_keys, "big"),
                ("list-page", "list-page 1,000 keys, prefix, deep cursor", list_page, keys, "random"),
                ("s3-list", "ListObjectsV2 over S3, 1,000 keys, prefix, deep start-after", s3_list, s3_keys, "big"),
                ("list-delim", "list 1,000 common prefixes (prefix + delimiter)", list_delim, big_keys, "big"),
                ("head", "HEAD (GET /v1/info)", head, keys, "random"),
                ("put", "PUT 4 KiB", put, keys, "random"),
                ("bucket", "bucket details", bucket, big_keys, "big"),
                ("tenants", "the operator's tenant list, 100 a page", tenant_list, operator_key, "operator")]
        for short, name, op, ks, label in plan:
            if only and short not in only:
                continue
            port, client = (s3_port, S3Client) if short == "s3-list" else (args.port, Client)
            for conc in (1, 8):
                def warm():
                    run(port, ks, count_of, op, conc, max(1, args.warmup // conc), rnd, client)
                warm()
                settle(silo.proc.pid, warm, "%s, c = %d" % (short, conc))
                pg = postgres_pids()
                own_cpu = cpu_seconds([os.getpid()], children=True)
                silo_cpu, pg_cpu = cpu_seconds([silo.proc.pid]), cpu_seconds(pg)
                lat = run(port, ks, count_of, op, conc, max(1, args.requests // conc), rnd, client)
                silo_cpu, pg_cpu = cpu_seconds([silo.proc.pid]) - silo_cpu, cpu_seconds(pg) - pg_cpu
                own_cpu = cpu_seconds([os.getpid()], children=True) - own_cpu
                if lat:
                    print("| %s | %s | %d | %d | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %s |"
                          % (name, label, conc, len(lat), pct(lat, 0.5), pct(lat, 0.99), lat[-1],
                             silo_cpu * 1000 / len(lat), pg_cpu * 1000 / len(lat), own_cpu * 1000 / len(lat),
                             " / ".join("%.1f" % x for x in os.getloadavg())), flush=True)

        if not only or "storm" in only:
            # A burst of listings: eight workers list big tenants' deep pages while HEADs of random
            # tenants are timed one at a time, what SILO_LISTING_CONCURRENCY is for (docs/scaling.md)
            stop, pages = FORK.Event(), FORK.Value("l", 0)

            def lister(seed):
                r = random.Random(seed)
                c = Client(args.port, big_keys[bigs[0]])
                while not stop.is_set():
                    t = r.choice(bigs)
                    c.acting_for(big_keys[t])
                    list_page(c, t, count_of[t], r)
                    with pages.get_lock():
                        pages.value += 1

            run(args.port, keys, count_of, head, 1, args.warmup, rnd)
            quiet = run(args.port, keys, count_of, head, 1, args.requests, rnd)
            workers = [FORK.Process(target=lister, args=(rnd.random(),)) for _ in range(8)]
            for w in workers:
                w.start()
            time.sleep(3)  # the listers' connections open and their pages under way
            listed, started = pages.value, time.time()
            busy = run(args.port, keys, count_of, head, 1, args.requests, rnd)
            rate = (pages.value - listed) / (time.time() - started)
            stop.set()
            for w in workers:
                w.join()
            print("\nHEAD (GET /v1/info) of random tenants, c = 1, SILO_LISTING_CONCURRENCY=%s: alone p50 %.1f, p99 %.1f,"
                  " max %.1f ms; while eight workers list big tenants' pages p50 %.1f, p99 %.1f, max %.1f ms,"
                  " %.0f pages/s listed meanwhile"
                  % (os.environ.get("SILO_LISTING_CONCURRENCY", "0"), pct(quiet, 0.5), pct(quiet, 0.99), quiet[-1],
                     pct(busy, 0.5), pct(busy, 0.99), busy[-1], rate))

        # The same first listing once the server is warm, on connections new to PostgreSQL:
        # PostgreSQL ends every connection of Silo's, and the pool replaces each as it finds it
        # gone. Once with the reconnection inside the listing; once with a HEAD first, which opens
        # the new connection, so that the listing is the first on a connection already open (what
        # a connection the pool replaced in the background sees). Neither is the JVM's first run.
        page = "/v1/objects?limit=1000&cursor=" + cursor_after(key_of(n0 // 2, n0))
        first = Client(args.port, keys[0])  # Silo may have closed the first one while it sat idle
        print("\nserver warm (a page %.1f ms before):" % first.call("GET", page)[0])
        for what, before in (("the pool reconnecting inside it", None),
                             ("a HEAD having opened the new connection", "/v1/info/" + key_of(0, n0))):
            firsts, ended = [], 0
            for _ in range(7):
                ended = end_connections(db_url, silo.jdbc)
                time.sleep(1)  # past the pool's window in which a connection used a moment ago is trusted unchecked
                if before:
                    first.call("GET", before)
                firsts.append(first.call("GET", page)[0])
            later = sorted(first.call("GET", page)[0] for _ in range(21))
            print("  the first listing after PostgreSQL ended Silo's connections (%d the last time), %s, 7 times:"
                  " median %.1f ms, max %.1f ms; 21 later ones p50 %.1f ms, max %.1f ms"
                  % (ended, what, statistics.median(firsts), max(firsts), later[10], later[-1]))
    finally:
        silo.stop()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
