#!/usr/bin/env python3
"""Times S3 CompleteMultipartUpload and 4 KiB PUTs against a running Silo (boto3).

Creates a throw-away tenant with the operator token, an S3 credential for it, then:
  - for each --parts NxSIZE (e.g. 10x8MiB): uploads N parts of SIZE and times only the
    CompleteMultipartUpload request; with --pid, also the server's resident memory (VmRSS)
    before and after Complete;
  - --small N: N PUTs of 4 KiB by --concurrency threads, ops/s.
Deletes the tenant at the end. Usage:
  mpu-bench.py --url http://127.0.0.1:8080 --s3 http://127.0.0.1:9000 --token TOKEN \
      --parts 10x8MiB --parts 100x5MiB --small 2000 [--pid PID] [--rounds 3]
"""
import argparse, json, os, statistics, sys, time, urllib.request, uuid
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

UNITS = {"KiB": 1024, "MiB": 1024 ** 2, "GiB": 1024 ** 3, "": 1}


def size(text):
    for unit in ("KiB", "MiB", "GiB"):
        if text.endswith(unit):
            return int(text[: -len(unit)]) * UNITS[unit]
    return int(text)


def call(url, method, token, body=None):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        data = r.read()
        return json.loads(data) if data else None


def rss_kib(pid):
    if not pid:
        return None
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--s3", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--parts", action="append", default=[])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--small", type=int, default=0)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--pid", type=int, default=0)
    a = ap.parse_args()

    slug = "mpubench-" + uuid.uuid4().hex[:8]
    call(a.url + "/v1/tenants", "POST", a.token, {"slug": slug, "name": slug})
    key = call(a.url + f"/v1/tenants/{slug}/keys", "POST", a.token, {"name": "bench"})["key"]
    cred = call(a.url + "/v1/s3-credentials", "POST", key, {"description": "bench"})
    s3 = boto3.client("s3", endpoint_url=a.s3, region_name="us-east-1",
                      aws_access_key_id=cred["access_key_id"], aws_secret_access_key=cred["secret_access_key"],
                      config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                                    max_pool_connections=max(16, a.concurrency),
                                    request_checksum_calculation="when_required",
                                    response_checksum_validation="when_required"))
    bucket = slug  # the tenant's default bucket
    try:
        for spec in a.parts:
            n, part = spec.split("x")
            n, part = int(n), size(part)
            body = os.urandom(part)
            times, rss = [], []
            for r in range(a.rounds):
                k = f"mpu/{spec}-{r}"
                up = s3.create_multipart_upload(Bucket=bucket, Key=k)["UploadId"]
                done = []
                for i in range(1, n + 1):
                    e = s3.upload_part(Bucket=bucket, Key=k, UploadId=up, PartNumber=i, Body=body)["ETag"]
                    done.append({"PartNumber": i, "ETag": e})
                before = rss_kib(a.pid)
                t0 = time.perf_counter()
                s3.complete_multipart_upload(Bucket=bucket, Key=k, UploadId=up, MultipartUpload={"Parts": done})
                times.append(time.perf_counter() - t0)
                after = rss_kib(a.pid)
                if before is not None:
                    rss.append((before // 1024, after // 1024))
                s3.delete_object(Bucket=bucket, Key=k)
            line = f"complete {spec:>10}: median {statistics.median(times) * 1000:8.1f} ms  (runs: " + \
                   ", ".join(f"{t * 1000:.1f}" for t in times) + " ms)"
            if rss:
                line += "  server RSS MiB before->after: " + ", ".join(f"{b}->{c}" for b, c in rss)
            print(line, flush=True)
        if a.small:
            small = os.urandom(4096)

            def put(i):
                s3.put_object(Bucket=bucket, Key=f"small/{i}", Body=small)

            with ThreadPoolExecutor(a.concurrency) as pool:
                list(pool.map(put, range(min(200, a.small))))  # warm-up
                t0 = time.perf_counter()
                list(pool.map(put, range(a.small)))
                took = time.perf_counter() - t0
            print(f"put 4KiB x{a.small} c{a.concurrency}: {a.small / took:8.1f} ops/s", flush=True)
    finally:
        call(a.url + f"/v1/tenants/{slug}?force=true", "DELETE", a.token)


if __name__ == "__main__":
    sys.exit(main())
