#!/usr/bin/env bash
# Silo over HTTPS beside Silo over plain HTTP, the same build on the same disk: 1 GiB PUT and GET
# with curl on the REST port, interleaved, repeated, medians in MiB/s. The certificate is made
# here with openssl (self-signed for 127.0.0.1), as the TLS tests make theirs.
#
# Usage: bench/tls-bench.sh [--reps 3] [--size-mib 1024] [--dir DIR]
# Environment reaches both servers (SILO_ENCRYPTION=off, say). Ports: BENCH_PORT (18600) and the
# three after it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
reps=3 size=1024 dir="$HERE/bench/target/tls"
while [[ $# -gt 0 ]]; do
  case $1 in
    --reps) reps=$2; shift 2 ;;
    --size-mib) size=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    *) sed -n '2,8p' "$0"; exit 2 ;;
  esac
done
P=${BENCH_PORT:-18600}
rm -rf "$dir"; mkdir -p "$dir/plain" "$dir/tls"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" -days 2 \
  -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
head -c $((size * 1024 * 1024)) /dev/urandom > "$dir/src.bin"

(cd "$dir/plain" && SILO_PORT=$P SILO_S3_PORT=$((P + 1)) SILO_LOG_LEVEL=WARN exec "$HERE/silo" serve) > "$dir/plain.log" 2>&1 &
pids+=($!)
(cd "$dir/tls" && SILO_PORT=$((P + 2)) SILO_S3_PORT=$((P + 3)) SILO_TLS_CERT="$dir/cert.pem" SILO_TLS_KEY="$dir/key.pem" \
  SILO_LOG_LEVEL=WARN exec "$HERE/silo" serve) > "$dir/tls.log" 2>&1 &
pids+=($!)
for port in $P $((P + 2)); do
  for _ in $(seq 1 600); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
declare -A url key
url[plain]=http://127.0.0.1:$P
url[tls]=https://127.0.0.1:$((P + 2))
for side in plain tls; do
  admin=$(cat "$dir/$side/data/admin.token")
  curl -fsS --cacert "$dir/cert.pem" -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    "${url[$side]}/v1/tenants" -d '{"slug":"bench","name":"bench","limits":{"max_bytes":1099511627776,"max_upload_bytes":17179869184}}'
  key[$side]=$(curl -fsS --cacert "$dir/cert.pem" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    "${url[$side]}/v1/tenants/bench/keys" -d '{"name":"bench"}' | json key)
done

# seconds of one transfer; fails unless 2xx
timed() {
  local out; out=$(curl -sS --cacert "$dir/cert.pem" -H 'Expect:' -o /dev/null -w '%{http_code} %{time_total}' "$@")
  [[ ${out%% *} == 2* ]] || { echo "curl answered ${out%% *}" >&2; exit 1; }
  echo "${out#* }"
}
results="$dir/results.tsv"; : > "$results"
for rep in $(seq 1 "$reps"); do
  for side in plain tls; do
    t=$(timed -T "$dir/src.bin" -H "Authorization: Bearer ${key[$side]}" -H 'Content-Type: application/octet-stream' "${url[$side]}/v1/objects/big-$rep")
    echo -e "put\t$side\t$t" >> "$results"
    t=$(timed -H "Authorization: Bearer ${key[$side]}" "${url[$side]}/v1/objects/big-$rep")
    echo -e "get\t$side\t$t" >> "$results"
    curl -fsS --cacert "$dir/cert.pem" -o /dev/null -X DELETE -H "Authorization: Bearer ${key[$side]}" "${url[$side]}/v1/objects/big-$rep"
  done
done
python3 - "$results" "$size" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().split("\n") if l]
size = int(sys.argv[2])
print(f"| {size} MiB, curl, REST | plain HTTP MiB/s | HTTPS MiB/s | HTTPS / plain |")
print("|---|---|---|---|")
for op in ("put", "get"):
    rate = {s: [size / float(t) for o, side, t in rows if o == op and side == s] for s in ("plain", "tls")}
    m = {s: statistics.median(v) for s, v in rate.items()}
    span = lambda s: f"{min(rate[s]):.0f}–{max(rate[s]):.0f}"
    print(f"| {op.upper()} | {m['plain']:.0f} ({span('plain')}) | {m['tls']:.0f} ({span('tls')}) | {m['tls'] / m['plain']:.2f} |")
PY
