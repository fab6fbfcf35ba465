#!/usr/bin/env python3
"""Where a JFR recording's CPU samples are: the hottest frames, the hottest methods counting every
frame of a stack, and the threads, optionally only for samples whose stack or thread name contains
FILTER. For the recordings of `bench/compare.sh --jfr DIR`:

    bench/jfr-top.py DIR/silo.jfr FsBlobStore.write   # the request threads of big PUTs
    bench/jfr-top.py DIR/silo.jfr silo-md5            # the MD5 threads of big PUTs
    bench/jfr-top.py DIR/silo.jfr                     # everything

Needs `jfr` (in the JDK's bin) on the PATH.
"""
import collections
import json
import subprocess
import sys

if len(sys.argv) < 2:
    sys.exit(__doc__)
recording, wanted = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
printed = subprocess.run(
    ["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", recording],
    capture_output=True, text=True, check=True).stdout
events = json.loads(printed)["recording"]["events"]
top, inclusive, threads = collections.Counter(), collections.Counter(), collections.Counter()
kept = 0
for event in events:
    trace = event["values"].get("stackTrace") or {"frames": []}
    frames = [f["method"]["type"]["name"].split("/")[-1] + "." + f["method"]["name"] for f in trace["frames"]]
    thread = (event["values"].get("sampledThread") or {}).get("javaName") or "?"
    if wanted and not (wanted in thread or any(wanted in f for f in frames)):
        continue
    kept += 1
    threads[thread] += 1
    if frames:
        top[frames[0]] += 1
    inclusive.update(set(frames))
print(f"{kept} of {len(events)} samples" + (f" with {wanted}" if wanted else ""))
for title, counter, n in (("hottest frames", top, 15), ("hottest methods, whole stacks", inclusive, int(sys.argv[3]) if len(sys.argv) > 3 else 30), ("threads", threads, 8)):
    print(f"-- {title}")
    for name, count in counter.most_common(n):
        print(f"{100 * count / max(kept, 1):5.1f}% {name}")
