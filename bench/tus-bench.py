#!/usr/bin/env python3
"""TUS throughput against a running Silo: one file uploaded by a single PUT, then by TUS with each
chunk size given, and with --parallel as that many partial uploads sent at once and joined by a
final upload (concatenation, as tus-js-client's parallelUploads); prints MiB/s per run and checks
every object's SHA-256. Standard library only.

  python3 bench/tus-bench.py --url http://127.0.0.1:8080 --api-key KEY --size 1GiB --chunks 8MiB,64MiB --parallel 1,4
"""
import argparse, base64, concurrent.futures, hashlib, http.client, json, os, tempfile, time, urllib.parse

UNITS = {"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "": 1}


def size(text):
    for unit in ("KiB", "MiB", "GiB", ""):
        if text.endswith(unit) and text[: len(text) - len(unit)].isdigit():
            return int(text[: len(text) - len(unit)]) * UNITS[unit]
    raise argparse.ArgumentTypeError(f"bad size {text}")


class Window:
    """A file region as a readable body, so a chunk is streamed, never held whole."""

    def __init__(self, f, offset, length):
        self.f, self.left = f, length
        f.seek(offset)

    def read(self, n=-1):
        n = self.left if n < 0 else min(n, self.left)
        data = self.f.read(n)
        self.left -= len(data)
        return data


def request(conn, method, path, headers, body=None):
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    payload = r.read()
    if r.status >= 300:
        raise SystemExit(f"{method} {path}: {r.status} {payload[:300]!r}")
    return r, payload


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="http://127.0.0.1:8080")
    p.add_argument("--api-key", default=os.environ.get("SILO_API_KEY"))
    p.add_argument("--size", type=size, default=size("1GiB"))
    p.add_argument("--chunks", default="8MiB,64MiB")
    p.add_argument("--parallel", default="1", help="partial uploads at once, a list: 1 is one upload")
    a = p.parse_args()
    u = urllib.parse.urlparse(a.url)
    auth = {"Authorization": f"Bearer {a.api_key}"}
    with tempfile.NamedTemporaryFile(prefix="tus-bench-") as f:
        sha = hashlib.sha256()
        block = os.urandom(1 << 20)
        for i in range(a.size // len(block)):
            chunk = block[i % 251:] + block[: i % 251]
            f.write(chunk)
            sha.update(chunk)
        f.flush()
        expected = sha.hexdigest()
        rows = []
        run = os.urandom(4).hex()

        def conn():
            return http.client.HTTPConnection(u.hostname, u.port, timeout=600, blocksize=1 << 20)

        def check(key, want=expected):
            _, body = request(conn(), "GET", f"/v1/info/{key}", auth)
            assert json.loads(body)["sha256"] == want, "sha256 differs"

        def composite(bounds):
            """An object of parts is named by the SHA-256 of its parts' SHA-256s, dash, how many."""
            whole = hashlib.sha256()
            with open(f.name, "rb") as own:
                for start, length in bounds:
                    own.seek(start)
                    part, left = hashlib.sha256(), length
                    while left:
                        data = own.read(min(left, 1 << 20))
                        part.update(data)
                        left -= len(data)
                    whole.update(part.digest())
            return f"{whole.hexdigest()}-{len(bounds)}"

        key = f"bench/{run}/put.bin"
        t0 = time.monotonic()
        request(conn(), "PUT", f"/v1/objects/{key}", {**auth, "Content-Length": str(a.size),
                "Content-Type": "application/octet-stream"}, Window(f, 0, a.size))
        rows.append(("PUT (one request)", time.monotonic() - t0))
        check(key)

        def send(location, start, length, chunk, c):
            """PATCHes bytes [start, start + length) of the file into the upload at location."""
            with open(f.name, "rb") as own:
                offset = 0
                while offset < length:
                    n = min(chunk, length - offset)
                    r, _ = request(c, "PATCH", location, {**auth, "Tus-Resumable": "1.0.0", "Upload-Offset": str(offset),
                                   "Content-Type": "application/offset+octet-stream", "Content-Length": str(n)},
                                   Window(own, start + offset, n))
                    offset = int(r.getheader("Upload-Offset"))

        def create(c, length, extra):
            r, _ = request(c, "POST", "/v1/tus/", {**auth, "Tus-Resumable": "1.0.0", "Upload-Length": str(length), **extra})
            return r.getheader("Location")

        for ways in (int(w) for w in a.parallel.split(",")):
            for chunk in (size(c.strip()) for c in a.chunks.split(",")):
                key = f"bench/{run}/tus-{chunk >> 20}MiB-{ways}.bin"
                meta = {"Upload-Metadata": "key " + base64.b64encode(key.encode()).decode()}
                t0 = time.monotonic()
                if ways == 1:
                    c = conn()
                    send(create(c, a.size, meta), 0, a.size, chunk, c)
                    name = f"TUS, {chunk >> 20} MiB chunks"
                else:
                    # tus-js-client's split: equal parts, the last one taking the rest
                    part = a.size // ways
                    bounds = [(i * part, a.size - i * part if i == ways - 1 else part) for i in range(ways)]

                    def partial(bound):
                        c = conn()
                        location = create(c, bound[1], {"Upload-Concat": "partial"})
                        send(location, bound[0], bound[1], chunk, c)
                        return location

                    with concurrent.futures.ThreadPoolExecutor(ways) as pool:
                        locations = list(pool.map(partial, bounds))
                    joined = time.monotonic()
                    request(conn(), "POST", "/v1/tus/", {**auth, "Tus-Resumable": "1.0.0",
                            "Upload-Concat": "final;" + " ".join(locations), **meta})
                    name = f"TUS x{ways}, {chunk >> 20} MiB chunks (final upload {time.monotonic() - joined:.2f} s)"
                rows.append((name, time.monotonic() - t0))
                check(key, expected if ways == 1 else composite(bounds))

    width = max(len(name) for name, _ in rows)
    print(f"{'upload of ' + str(a.size >> 20) + ' MiB':{width}} {'seconds':>8} {'MiB/s':>8}")
    for name, seconds in rows:
        print(f"{name:{width}} {seconds:8.2f} {a.size / (1 << 20) / seconds:8.1f}")


if __name__ == "__main__":
    main()
