#!/usr/bin/env bash
# What encryption at rest costs a big GET, measured so that the shared machine's changing speed
# cancels out: Silos on the embedded default started side by side (this checkout with encryption
# on, the same with SILO_ENCRYPTION=off, and with --silo another checkout with encryption on),
# one object of the big size written to each over REST, then GETs with curl alternating between
# them, round after round. Prints each server's median time, MiB/s and CPU seconds (user + system,
# from /proc) per GiB as a markdown table; the first two rounds are the JITs' and not counted.
# With --cold every GET reads from the disk: the servers' files are dropped from the page cache
# before each one (posix_fadvise DONTNEED, which needs no privilege), as for an object not read
# lately; without it the GETs are served from memory, where the cipher's CPU shows most. With
# --multipart the object is uploaded over S3 with aws-cli (`aws s3 cp`: a multipart upload of
# 8 MiB parts, each part encrypted on its own), as S3 tools upload big files.
#
# Usage: bench/encrypted-get.sh [--size 1024] [--rounds 10] [--silo CHECKOUT] [--dir DIR] [--cold] [--multipart]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
size_mib=1024 rounds=10 other="" dir="" cold=false multipart=false
while (($#)); do
  case $1 in
    --size) size_mib=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --silo) other=$(cd "$2" && pwd); shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --cold) cold=true; shift ;;
    --multipart) multipart=true; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
((rounds > 2)) || { echo "--rounds must be more than 2" >&2; exit 2; }

# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"
bench_work "$ROOT/bench/target/encrypted-get"
# evict DIR: every file under DIR out of the page cache
evict() {
  python3 - "$1" <<'EOF'
import os, sys
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        try:
            fd = os.open(os.path.join(root, f), os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
EOF
}
TICKS=$(getconf CLK_TCK)

head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$work/src.bin"

declare -A url key pid
# start NAME CHECKOUT ENCRYPTION: a fresh Silo, a tenant and an API key, the object written
start() {
  local name=$1 home=$2 encryption=$3 port s3port admin cred
  "$home/silo" help >/dev/null # builds the jar first when it is stale
  port=$(free_port)
  s3port=$(free_port)
  mkdir -p "$work/$name"
  (cd "$work/$name" && SILO_PORT=$port SILO_S3_PORT=$s3port SILO_ENCRYPTION=$encryption SILO_LOG_LEVEL=WARN \
    exec "$home/silo" serve) >"$work/$name.log" 2>&1 &
  pids+=($!)
  pid[$name]=$!
  url[$name]=http://127.0.0.1:$port
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "${url[$name]}/readyz" && break
    kill -0 "${pid[$name]}" 2>/dev/null || { echo "$name exited; see $work/$name.log" >&2; exit 1; }
    sleep 0.2
  done
  admin=$(cat "$work/$name/data/admin.token")
  curl -fsS -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "${url[$name]}/v1/tenants" \
    -d '{"slug":"bench","name":"bench","limits":{"max_bytes":1099511627776,"max_upload_bytes":17179869184}}'
  key[$name]=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    "${url[$name]}/v1/tenants/bench/keys" -d '{"name":"bench"}' | json key)
  if $multipart; then
    cred=$(curl -fsS -H "Authorization: Bearer ${key[$name]}" -H 'Content-Type: application/json' \
      "${url[$name]}/v1/s3-credentials" -d '{"description":"bench"}')
    AWS_ACCESS_KEY_ID=$(json access_key_id <<<"$cred") AWS_SECRET_ACCESS_KEY=$(json secret_access_key <<<"$cred") \
      aws --endpoint-url "http://127.0.0.1:$s3port" --region us-east-1 s3 cp --only-show-errors "$work/src.bin" s3://bench/big
  else
    curl -fsS -o /dev/null -H 'Expect:' -T "$work/src.bin" -H "Authorization: Bearer ${key[$name]}" \
      -H 'Content-Type: application/octet-stream' "${url[$name]}/v1/objects/big"
  fi
}

names=(encrypted plain)
start encrypted "$ROOT" on
start plain "$ROOT" off
if [[ -n $other ]]; then
  names+=(other)
  start other "$other" on
fi

results=$work/results.tsv
: >"$results"
for ((round = 1; round <= rounds; round++)); do
  for name in "${names[@]}"; do
    if $cold; then evict "$work/$name"; fi
    c0=$(ticks "${pid[$name]}")
    t=$(curl -fsS -o /dev/null -w '%{time_total}' -H "Authorization: Bearer ${key[$name]}" "${url[$name]}/v1/objects/big")
    c1=$(ticks "${pid[$name]}")
    printf '%s\t%s\t%s\t%s\n' "$round" "$name" "$t" "$(((c1 - c0)))" >>"$results"
  done
done

other_label=""
[[ -n $other ]] && other_label="$(git -C "$other" log -1 --format=%h 2>/dev/null || echo "$other")"
python3 - "$results" "$size_mib" "$TICKS" "$rounds" "$other_label" "$cold" "$multipart" <<'EOF'
import sys, statistics, collections
path, mib, ticks, rounds, other = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
how = ", each read from the disk (--cold)" if sys.argv[6] == "true" else ", from the page cache"
if sys.argv[7] == "true":
    how += ", uploaded in 8 MiB parts (--multipart)"
t, c = collections.defaultdict(list), collections.defaultdict(list)
for line in open(path):
    r, name, secs, cpu = line.split("\t")
    if int(r) > 2:
        t[name].append(float(secs))
        c[name].append(int(cpu) / ticks * 1024 / mib)
label = {"encrypted": "this build, encrypted", "plain": "this build, SILO_ENCRYPTION=off", "other": f"{other}, encrypted"}
print(f"medians of rounds 3 to {rounds}, GETs of one {mib} MiB object alternated between the servers{how}; (min–max)")
print()
print("| server | s per GET | MiB/s | server CPU s per GiB |")
print("|---|---|---|---|")
for name in t:
    ts, cs = t[name], c[name]
    print(f"| {label[name]} | {statistics.median(ts):.3f} ({min(ts):.3f}–{max(ts):.3f}) | {mib / statistics.median(ts):.0f} "
          f"| {statistics.median(cs):.2f} ({min(cs):.2f}–{max(cs):.2f}) |")
EOF
