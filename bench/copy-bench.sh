#!/usr/bin/env bash
# What S3 copies of a big object cost: Silos on the embedded default started side by side (this
# checkout, and with --silo another checkout), the same object uploaded to each twice, once by
# aws-cli in 8 MiB parts (`aws s3 cp`) and once whole over REST, then, alternating between the
# servers round after round: `aws s3 cp s3://b/k s3://b/k2` of each (aws-cli splits a copy over
# 8 MiB into UploadPartCopy ranges and completes them) and `aws s3api copy-object` of the one
# uploaded in parts (one CopyObject). Prints each server's median seconds and CPU seconds (user +
# system, from /proc) per copy, and what the tenant's stored files add up to at the end, as a
# markdown table. The first round is the JITs' and not counted.
#
# Usage: bench/copy-bench.sh [--size 1024] [--rounds 4] [--silo CHECKOUT] [--dir DIR]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
size_mib=1024 rounds=4 other="" dir=""
while (($#)); do
  case $1 in
    --size) size_mib=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --silo) other=$(cd "$2" && pwd); shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
((rounds > 1)) || { echo "--rounds must be more than 1" >&2; exit 2; }
command -v aws >/dev/null || { echo "aws-cli is needed (apt-get install awscli)" >&2; exit 2; }

# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"
bench_work "$ROOT/bench/target/copy-bench"

head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$work/src.bin"

declare -A s3url pid keyid secret
# start NAME CHECKOUT: a fresh Silo, a tenant, its S3 credential, the object uploaded both ways
start() {
  local name=$1 home=$2 port s3port admin key cred
  "$home/silo" help >/dev/null # builds the jar first when it is stale
  port=$(free_port)
  s3port=$(free_port)
  mkdir -p "$work/$name"
  (cd "$work/$name" && SILO_PORT=$port SILO_S3_PORT=$s3port SILO_LOG_LEVEL=WARN exec "$home/silo" serve) >"$work/$name.log" 2>&1 &
  pids+=($!)
  pid[$name]=$!
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break
    kill -0 "${pid[$name]}" 2>/dev/null || { echo "$name exited; see $work/$name.log" >&2; exit 1; }
    sleep 0.2
  done
  admin=$(cat "$work/$name/data/admin.token")
  curl -fsS -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "http://127.0.0.1:$port/v1/tenants" \
    -d '{"slug":"bench","name":"bench","limits":{"max_bytes":1099511627776,"max_upload_bytes":17179869184}}'
  key=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    "http://127.0.0.1:$port/v1/tenants/bench/keys" -d '{"name":"bench"}' | json key)
  cred=$(curl -fsS -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    "http://127.0.0.1:$port/v1/s3-credentials" -d '{"description":"bench"}')
  keyid[$name]=$(json access_key_id <<<"$cred")
  secret[$name]=$(json secret_access_key <<<"$cred")
  s3url[$name]=http://127.0.0.1:$s3port
  s3 "$name" s3 cp --only-show-errors "$work/src.bin" s3://bench/parts
  curl -fsS -o /dev/null -H 'Expect:' -T "$work/src.bin" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/octet-stream' "http://127.0.0.1:$port/v1/objects/whole"
}
s3() {
  local name=$1
  shift
  env -u AWS_CA_BUNDLE AWS_ACCESS_KEY_ID="${keyid[$name]}" AWS_SECRET_ACCESS_KEY="${secret[$name]}" \
    aws --endpoint-url "${s3url[$name]}" --region us-east-1 "$@" >/dev/null
}

names=(this)
start this "$ROOT"
if [[ -n $other ]]; then
  names+=(other)
  start other "$other"
fi

results=$work/results.tsv
: >"$results"
for ((round = 1; round <= rounds; round++)); do
  for name in "${names[@]}"; do
    for shape in "s3 cp, parts" "s3 cp, whole" "copy-object, parts"; do
      case $shape in
        "s3 cp, parts") args=(s3 cp --only-show-errors s3://bench/parts "s3://bench/c$round-1") ;;
        "s3 cp, whole") args=(s3 cp --only-show-errors s3://bench/whole "s3://bench/c$round-2") ;;
        *) args=(s3api copy-object --copy-source bench/parts --bucket bench --key "c$round-3") ;;
      esac
      c0=$(ticks "${pid[$name]}")
      t0=$(date +%s.%N)
      s3 "$name" "${args[@]}"
      t1=$(date +%s.%N)
      c1=$(ticks "${pid[$name]}")
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$shape" "$(awk "BEGIN { print $t1 - $t0 }")" "$((c1 - c0))" >>"$results"
    done
  done
done

declare -A stored
for name in "${names[@]}"; do
  stored[$name]=$(du -sm "$work/$name/data/blobs" | cut -f1)
done
other_label=""
[[ -n $other ]] && other_label="$(git -C "$other" log -1 --format=%h 2>/dev/null || echo "$other")"
python3 - "$results" "$(getconf CLK_TCK)" "$rounds" "$size_mib" "$other_label" "${stored[this]}" "${stored[other]:-}" <<'EOF'
import sys, statistics, collections
path, ticks, rounds, mib, other, stored_this, stored_other = sys.argv[1:8]
t, c = collections.defaultdict(list), collections.defaultdict(list)
for line in open(path):
    r, name, shape, secs, cpu = line.rstrip("\n").split("\t")
    if int(r) > 1:
        t[(name, shape)].append(float(secs))
        c[(name, shape)].append(int(cpu) / int(ticks))
label = {"this": "this checkout", "other": f"other ({other})"}
print(f"copies of a {mib} MiB object, medians of rounds 2-{rounds} (seconds, the whole aws-cli command; Silo's CPU seconds)\n")
print("| server | shape | seconds | Silo CPU s |")
print("|---|---|---|---|")
for (name, shape) in t:
    print(f"| {label[name]} | {shape} | {statistics.median(t[(name, shape)]):.2f} | {statistics.median(c[(name, shape)]):.2f} |")
print(f"\nstored at the end (2 uploads + {3 * int(rounds)} copies): this checkout {stored_this} MiB" + (f", other {stored_other} MiB" if stored_other else ""))
EOF
