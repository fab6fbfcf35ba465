# Versioning bench against a running Silo: PUT ops/s and list-page latency in a versioned bucket
# (VERSIONS versions per key) beside an unversioned one, 4 KiB bodies, CONC concurrent workers
# (each works through its own keys, so the versions of a key are written one after another).
# Creates tenant SLUG (5 buckets) with the operator token; leaves it for a look afterwards.
#   python3 bench/versioning-bench.py HOST PORT OPERATOR_TOKEN KEYS VERSIONS CONC SLUG
#   python3 bench/versioning-bench.py 127.0.0.1 8080 "$(cat data/admin.token)" 20 100 8 vbench
import http.client, json, sys, time, threading, statistics, urllib.parse
host, port, admin = sys.argv[1], int(sys.argv[2]), sys.argv[3]
KEYS, VERSIONS, CONC = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
SLUG = sys.argv[7]
def req(method, path, body=None, token=None, headers=None):
    c = http.client.HTTPConnection(host, port, timeout=60)
    h = {"Authorization": "Bearer " + token} if token else {}
    if headers: h.update(headers)
    c.request(method, path, body=body, headers=h)
    r = c.getresponse(); data = r.read(); c.close()
    return r.status, data
st, d = req("POST", "/v1/tenants", json.dumps({"slug": SLUG, "name": SLUG, "limits": {"max_buckets": 5}}), admin)
st, d = req("POST", "/v1/tenants/" + SLUG + "/keys", json.dumps({"name": "b"}), admin)
key = json.loads(d)["key"]
for b in ("plain", "versioned"):
    assert req("POST", "/v1/buckets", json.dumps({"name": b}), key)[0] == 201
assert req("PATCH", "/v1/buckets/versioned", json.dumps({"versioning": "enabled"}), key)[0] == 200
body = b"x" * 4096
def put_phase(bucket):
    lat = []; lock = threading.Lock()
    def worker(w):
        c = http.client.HTTPConnection(host, port, timeout=60)
        for k in range(w, KEYS, CONC):
            for v in range(VERSIONS):
                t = time.perf_counter()
                c.request("PUT", f"/v1/objects/k{k:05d}.bin?bucket={bucket}", body=body,
                          headers={"Authorization": "Bearer " + key, "Content-Type": "application/octet-stream"})
                r = c.getresponse(); r.read()
                assert r.status in (200, 201), r.status
                with lock: lat.append(time.perf_counter() - t)
    ts = [threading.Thread(target=worker, args=(w,)) for w in range(CONC)]
    t0 = time.perf_counter(); [t.start() for t in ts]; [t.join() for t in ts]
    return len(lat) / (time.perf_counter() - t0), lat
def list_phase(path, n=50):
    lat = []
    c = http.client.HTTPConnection(host, port, timeout=60)
    for i in range(n):
        t = time.perf_counter()
        c.request("GET", path, headers={"Authorization": "Bearer " + key}); r = c.getresponse(); data = r.read()
        assert r.status == 200
        lat.append(time.perf_counter() - t)
    return lat
def pct(l, p): l = sorted(l); return l[min(len(l) - 1, int(len(l) * p))] * 1000
print(f"keys={KEYS} versions/key={VERSIONS} concurrency={CONC} body=4KiB")
for b in ("versioned", "plain"):
    ops, lat = put_phase(b)
    print(f"PUT {b:9s} ops/s={ops:8.1f} p50={pct(lat,.5):6.1f}ms p99={pct(lat,.99):6.1f}ms n={len(lat)}")
for b in ("plain", "versioned"):
    l = list_phase(f"/v1/objects?bucket={b}&limit=100")
    print(f"GET /v1/objects  {b:9s} page of 100: p50={pct(l,.5):6.1f}ms p99={pct(l,.99):6.1f}ms")
l = list_phase("/v1/versions?bucket=versioned&limit=100")
print(f"GET /v1/versions versioned page of 100: p50={pct(l,.5):6.1f}ms p99={pct(l,.99):6.1f}ms")
st, d = req("GET", "/v1/versions?bucket=versioned&limit=1000", token=key)
print("versions page of 1000 ->", len(json.loads(d)["items"]), "items")
