#!/usr/bin/env bash
# Silo side by side with S3Proxy 2.6.0 (filesystem provider, which does not fsync) on the same
# disk, with dd for the disk's own figures: 1 GiB PUT/GET with curl, 4 KiB PUT/GET ops/s over S3
# (SigV4, keep-alive) at several concurrencies; interleaved, repeated, printed as medians and
# ratios in a markdown table. Builds only what is missing or older than its sources.
#
# Usage: bench/compare.sh [--reps 3] [--big-size 1024] [--small-count 1000] [--concurrency 1,8,32]
#                         [--warmup 16000] [--quick] [--dir DIR] [--jfr DIR] [--silo CHECKOUT] [--keep]
#                         [--client jdk|plain]
#   --big-size     MiB of the big object and of dd (0 skips both)
#   --small-count  small objects per concurrency level (0 skips them)
#   --warmup       small PUTs and as many GETs per server before the first repetition, not measured;
#                  then more rounds until the server's JIT compiler takes under 3 % of its CPU
#   --quick        one repetition, 256 MiB, 300 small objects: a smoke run of about a minute
#   --dir          where both servers and dd write (default: bench/target/compare, on this disk)
#   --jfr DIR      records a JFR profile of Silo (settings=profile) into DIR/silo.jfr
#   --silo DIR     runs the ./silo of another checkout (say, main's, for a before/after)
#   --keep         leaves the data directories and logs in place
#   --client       the small requests' HTTP client: the JDK's HttpClient (default) or plain sockets,
#                  which cost the load generator several times less CPU per request
#
# Silo's metadata goes where SILO_DATABASE_URL (and SILO_DATABASE_MIGRATION_URL) say, as for
# `silo serve`: SQLite in Silo's data directory by default. On PostgreSQL with autovacuum off,
# psql runs ANALYZE every 20 s through the migration URL's role (the tables' owner), as autovacuum
# would: without it each pooled connection keeps the plans it made while the tables were empty.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
reps=3 big_mib=1024 small_count=1000 warmup=16000 concurrency=1,8,32 dir="" jfr="" keep=0 silo_home=$ROOT client=jdk
while (($#)); do
  case $1 in
    --reps) reps=$2; shift 2 ;;
    --big-size) big_mib=$2; shift 2 ;;
    --small-count) small_count=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --quick) reps=1 big_mib=256 small_count=300 warmup=1000; shift ;;
    --dir) dir=$2; shift 2 ;;
    --jfr) jfr=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    --silo) silo_home=$(cd "$2" && pwd); shift 2 ;;
    --keep) keep=1; shift ;;
    --client) client=$2; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

for tool in curl python3 dd; do
  command -v $tool >/dev/null || { echo "compare.sh needs $tool" >&2; exit 2; }
done
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JDK/bin/java
BENCH_JAR=$ROOT/bench/target/silo-bench.jar
S3PROXY_CP_FILE=$ROOT/store-s3/target/test-classes/dev/silo/store/s3/s3proxy.classpath

# ----------------------------------------------------------------------------- build what is missing
stale() { # stale JAR DIR...: the jar is missing or a source under DIR is newer
  local jar=$1; shift
  [[ ! -f $jar ]] || [[ -n $(find "$@" -newer "$jar" -type f -print -quit 2>/dev/null) ]]
}
modules=()
stale "$BENCH_JAR" "$ROOT/bench/src" "$ROOT/bench/pom.xml" && modules+=(bench)
[[ -f $S3PROXY_CP_FILE ]] || modules+=(store-s3)
if ((${#modules[@]})); then
  echo "building ${modules[*]}…" >&2
  (cd "$ROOT" && JAVA_HOME=$JDK ./mvnw -q -B -DskipTests -pl "$(IFS=,; echo "${modules[*]}")" -am package >&2)
fi
# ./silo builds server/target/silo.jar when it is missing or older than the sources: let it do so
# now, not while the harness waits for the server to listen.
"$silo_home/silo" help >/dev/null

# ----------------------------------------------------------------------------- work directory
work=${dir:-$ROOT/bench/target/compare}
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
results=$work/results.tsv
: >"$results"
pids=()
cleanup() {
  if [[ -n $jfr && -n ${silo_pid:-} ]]; then
    "$JDK/bin/jcmd" "$silo_pid" JFR.dump name=bench filename="$jfr/silo.jfr" >/dev/null || true
  fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if ((keep == 0)); then
    rm -rf "$work/silo" "$work/s3proxy" "$work/src.bin" "$work/dd.bin"
  fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { # wait_port PORT PID NAME
  for _ in $(seq 1 900); do
    (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { echo "$3 exited; see $work/$3.log" >&2; tail -20 "$work/$3.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "$3 did not listen on $1" >&2; exit 1
}
json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$results"; } # rep metric target value

# ----------------------------------------------------------------------------- S3Proxy
s3p_port=$(free_port)
S3P_ID=bench-identity S3P_SECRET=bench-credential
mkdir -p "$work/s3proxy/data"
cat >"$work/s3proxy/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$s3p_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3P_ID
s3proxy.credential=$S3P_SECRET
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3proxy/data
EOF
cat >"$work/s3proxy/logback.xml" <<'EOF'
<configuration>
  <appender name="out" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder></appender>
  <root level="WARN"><appender-ref ref="out"/></root>
</configuration>
EOF
"$JAVA" -Xmx512m -Dlogback.configurationFile="$work/s3proxy/logback.xml" -cp "$(cat "$S3PROXY_CP_FILE")" \
  org.gaul.s3proxy.Main --properties "$work/s3proxy/s3proxy.properties" >"$work/s3proxy.log" 2>&1 &
pids+=($!)
s3p_pid=$!

# ----------------------------------------------------------------------------- Silo (embedded default)
silo_port=$(free_port) silo_s3_port=$(free_port)
silo_opts=${SILO_JAVA_OPTS:-}
silo_cds=${SILO_CDS:-on}
if [[ -n $jfr ]]; then
  silo_opts+=" -XX:StartFlightRecording=name=bench,settings=profile"
  silo_cds=off # a JVM that records a class-data archive at exit runs without JFR
fi
mkdir -p "$work/silo"
(cd "$work/silo" && SILO_PORT=$silo_port SILO_S3_PORT=$silo_s3_port SILO_JAVA_OPTS="$silo_opts" SILO_CDS=$silo_cds \
  SILO_LOG_LEVEL=WARN exec "$silo_home/silo" serve) >"$work/silo.log" 2>&1 &
pids+=($!)
silo_pid=$!
wait_port "$s3p_port" "$s3p_pid" s3proxy
wait_port "$silo_port" "$silo_pid" silo
wait_port "$silo_s3_port" "$silo_pid" silo

# ----------------------------------------------------------------------------- PostgreSQL's statistics
owner_url=${SILO_DATABASE_MIGRATION_URL:-${SILO_DATABASE_URL:-}}
if [[ $owner_url == jdbc:postgresql:* ]]; then
  # libpq takes the JDBC URL without "jdbc:" and without the driver's own parameters
  libpq_url=$(python3 -c 'import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1][5:])
q = [(k, v) for k, v in u.parse_qsl(p.query) if k in ("user", "password", "sslmode")]
print(u.urlunsplit((p.scheme, p.netloc, p.path, u.urlencode(q), "")))' "$owner_url")
  if command -v psql >/dev/null && [[ $(psql "$libpq_url" -Atc 'SHOW autovacuum') == off ]]; then
    echo "PostgreSQL's autovacuum is off: running ANALYZE every 20 s, as it would" >&2
    (while sleep 20; do psql "$libpq_url" -qc ANALYZE >/dev/null 2>&1 || true; done) &
    pids+=($!)
  fi
fi

SILO=http://127.0.0.1:$silo_port SILO_S3=http://127.0.0.1:$silo_s3_port S3P=http://127.0.0.1:$s3p_port
admin=$(cat "$work/silo/data/admin.token")
curl -fsS -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$SILO/v1/tenants" \
  -d '{"slug":"bench","name":"bench","limits":{"max_bytes":1099511627776,"max_objects":10000000,"max_upload_bytes":17179869184}}'
key=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$SILO/v1/tenants/bench/keys" -d '{"name":"bench"}' | json key)
cred=$(curl -fsS -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -X POST "$SILO/v1/s3-credentials" -d '{}')
SILO_ID=$(json access_key_id <<<"$cred") SILO_SECRET=$(json secret_access_key <<<"$cred") SILO_BUCKET=bench # the default bucket is named after the tenant
curl -fsS -o /dev/null --aws-sigv4 aws:amz:us-east-1:s3 --user "$S3P_ID:$S3P_SECRET" \
  -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" -X PUT "$S3P/bench"

# ----------------------------------------------------------------------------- measurements
big_bytes=$((big_mib * 1024 * 1024))
if ((big_mib > 0)); then
  echo "writing a ${big_mib} MiB source file of random bytes…" >&2
  head -c "$big_bytes" /dev/urandom >"$work/src.bin"
  src_sha=$(sha256sum "$work/src.bin" | cut -d' ' -f1)
fi

mibs() { python3 -c 'import sys; print(f"{int(sys.argv[1])/float(sys.argv[2])/1048576:.1f}")' "$big_bytes" "$1"; }
# curl_time ARGS...: runs curl, fails unless 2xx, prints the seconds it took (the response included)
curl_time() {
  local out
  out=$(curl -sS -H 'Expect:' -o /dev/null -w '%{http_code} %{time_total}' "$@")
  [[ ${out%% *} == 2* ]] || { echo "curl $* answered ${out%% *}" >&2; exit 1; }
  echo "${out#* }"
}
# curl signs the x-amz-content-sha256 it is given (S3Proxy requires one): the source's SHA-256
# on a PUT, the empty body's on a GET or DELETE.
EMPTY_SHA=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
silo_sig=(--aws-sigv4 aws:amz:us-east-1:s3 --user "$SILO_ID:$SILO_SECRET")
s3p_sig=(--aws-sigv4 aws:amz:us-east-1:s3 --user "$S3P_ID:$S3P_SECRET")
silo_get=("${silo_sig[@]}" -H "x-amz-content-sha256: $EMPTY_SHA")
s3p_get=("${s3p_sig[@]}" -H "x-amz-content-sha256: $EMPTY_SHA")

# cpu_ticks PID: user + system CPU time the process has used so far, in clock ticks
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TICKS=$(getconf CLK_TCK)
# cpu_record REP METRIC TARGET PID TICKS_BEFORE: the server's CPU seconds per GiB moved, which the
# machine's other load does not change much (unlike the MiB/s)
cpu_record() {
  record "$1" "$2" "$3" "$(python3 -c 'import sys; print(f"{(int(sys.argv[1])-int(sys.argv[2]))/int(sys.argv[3])/(int(sys.argv[4])/2**30):.2f}")' \
    "$(cpu_ticks "$4")" "$5" "$TICKS" "$big_bytes")"
}
server_pid() { [[ $1 == s3proxy ]] && echo "$s3p_pid" || echo "$silo_pid"; }

big_put() { # big_put TARGET REP
  local t pid c0
  pid=$(server_pid "$1") c0=$(cpu_ticks "$(server_pid "$1")")
  case $1 in
    silo-rest) t=$(curl_time -T "$work/src.bin" -H "Authorization: Bearer $key" -H 'Content-Type: application/octet-stream' "$SILO/v1/objects/big-$2") ;;
    silo-s3) t=$(curl_time -T "$work/src.bin" "${silo_sig[@]}" -H "x-amz-content-sha256: $src_sha" "$SILO_S3/$SILO_BUCKET/big-s3-$2") ;;
    s3proxy) t=$(curl_time -T "$work/src.bin" "${s3p_sig[@]}" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$S3P/bench/big-$2") ;;
  esac
  record "$2" big_put "$1" "$(mibs "$t")"
  cpu_record "$2" cpu_put "$1" "$pid" "$c0"
}
big_get() {
  local t pid c0
  pid=$(server_pid "$1") c0=$(cpu_ticks "$(server_pid "$1")")
  case $1 in
    silo-rest) t=$(curl_time -H "Authorization: Bearer $key" "$SILO/v1/objects/big-$2") ;;
    silo-s3) t=$(curl_time "${silo_get[@]}" "$SILO_S3/$SILO_BUCKET/big-s3-$2") ;;
    s3proxy) t=$(curl_time "${s3p_get[@]}" "$S3P/bench/big-$2") ;;
  esac
  record "$2" big_get "$1" "$(mibs "$t")"
  cpu_record "$2" cpu_get "$1" "$pid" "$c0"
}
big_delete() {
  curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer $key" "$SILO/v1/objects/big-$1"
  curl -fsS -o /dev/null -X DELETE "${silo_get[@]}" "$SILO_S3/$SILO_BUCKET/big-s3-$1"
  curl -fsS -o /dev/null -X DELETE "${s3p_get[@]}" "$S3P/bench/big-$1"
}
dd_run() { # dd write with fdatasync, then an O_DIRECT read, of the same size
  local w r
  w=$(dd if="$work/src.bin" of="$work/dd.bin" bs=1M conv=fdatasync 2>&1 | tail -n 1)
  r=$(dd if="$work/dd.bin" of=/dev/null bs=1M iflag=direct 2>&1 | tail -n 1)
  rm -f "$work/dd.bin"
  record "$1" dd_write dd "$(mibs "$(dd_seconds "$w")")"
  record "$1" dd_read dd "$(mibs "$(dd_seconds "$r")")"
}
dd_seconds() { sed -E 's/.* copied, ([0-9.]+) s.*/\1/' <<<"$1"; } # of dd's "… copied, 2.1 s, 511 MB/s"
small() { # small TARGET REP [WARMUP]
  local args
  case $1 in
    silo) args=(--endpoint "$SILO_S3" --access-key "$SILO_ID" --secret-key "$SILO_SECRET" --bucket "$SILO_BUCKET") ;;
    s3proxy) args=(--endpoint "$S3P" --access-key "$S3P_ID" --secret-key "$S3P_SECRET" --bucket bench) ;;
  esac
  "$JAVA" -cp "$BENCH_JAR" dev.silo.bench.S3SmallBench "${args[@]}" --count "$small_count" \
      --concurrency "$concurrency" --prefix "r$2" --warmup "${3:-$((small_count < 2000 ? 2000 : small_count))}" \
      --server-pid "$(server_pid "$1")" --client "$client" |
    while read -r tag name value; do
      [[ $tag == RESULT ]] && record "$2" "small_$name" "$1" "$value"
    done
}

# Not measured: one smaller PUT and GET each, so that neither server's first big transfer pays
# for its JIT warming up.
if ((big_mib > 0)); then
  echo "warming up…" >&2
  for t in silo-rest silo-s3 s3proxy; do big_put "$t" 0; big_get "$t" 0; done
  big_delete 0
  sed -i '/^0\t/d' "$results"
fi

# Not measured: small PUTs and GETs at c = 8 until both servers' JITs have settled (S3SmallBench
# goes on past --warmup, in rounds, until the compiler threads take under 3 % of the server's CPU).
if ((small_count > 0 && warmup > 0)); then
  echo "warming up small requests ($warmup PUTs and GETs each)…" >&2
  for t in silo s3proxy; do small "$t" warm "$warmup" >/dev/null; done
  sed -i '/^warm\t/d' "$results"
fi

loads=()
for rep in $(seq 1 "$reps"); do
  loads+=("rep $rep: $(uptime | sed 's/.*load average: //')")
  echo "repetition $rep of $reps (load average ${loads[-1]#*: })" >&2
  # Interleaved: each repetition alternates which of the two goes first.
  if ((rep % 2)); then order=(silo s3proxy); else order=(s3proxy silo); fi
  if ((big_mib > 0)); then
    dd_run "$rep"
    for t in "${order[@]}"; do
      if [[ $t == silo ]]; then big_put silo-rest "$rep"; big_put silo-s3 "$rep"; else big_put s3proxy "$rep"; fi
    done
    for t in "${order[@]}"; do
      if [[ $t == silo ]]; then big_get silo-rest "$rep"; big_get silo-s3 "$rep"; else big_get s3proxy "$rep"; fi
    done
    big_delete "$rep"
  fi
  if ((small_count > 0)); then
    for t in "${order[@]}"; do small "$t" "$rep"; done
  fi
done
loads+=("end: $(uptime | sed 's/.*load average: //')")

# ----------------------------------------------------------------------------- table
python3 - "$results" "$big_mib" "$small_count" "$concurrency" "$reps" "$client" "${loads[@]}" <<'EOF'
import os, sys, statistics, collections
path, big, count, conc, reps, client, loads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7:]
v = collections.defaultdict(list)
for line in open(path):
    rep, metric, target, value = line.rstrip("\n").split("\t")
    v[(metric, target)].append(float(value))
def med(metric, target):
    xs = v.get((metric, target))
    return statistics.median(xs) if xs else None
def digits(metric):
    return 2 if metric.startswith("cpu_") else 0
def f(x, metric=""):
    return "" if x is None else f"{x:.{digits(metric)}f}"
def spread(metric, target):
    xs = v.get((metric, target))
    return "" if not xs or len(xs) < 2 else f" ({min(xs):.{digits(metric)}f}–{max(xs):.{digits(metric)}f})"
def ratio(a, b):
    return "" if a is None or b is None or b == 0 else f"{a / b:.2f}"
size = f"{big // 1024} GiB" if big >= 1024 and big % 1024 == 0 else f"{big} MiB"
print(f"medians of {reps}, interleaved; MiB/s for big objects, ops/s for small ones, server CPU seconds (user + system) per GiB and microseconds per small request; (min–max) of the repetitions")
print()
print("| shape | dd | S3Proxy | Silo | Silo / S3Proxy | Silo / dd |")
print("|---|---|---|---|---|---|")
if big:
    dw, dr = med("dd_write", "dd"), med("dd_read", "dd")
    rows = [
        (f"{size} PUT, curl (Silo REST; S3Proxy SigV4)", "big_put", "silo-rest", dw, "write + fdatasync"),
        (f"{size} PUT, curl SigV4 signed payload (Silo S3)", "big_put", "silo-s3", dw, None),
        (f"{size} GET, curl (Silo REST; S3Proxy SigV4)", "big_get", "silo-rest", dr, "O_DIRECT read"),
        (f"{size} GET, curl SigV4 (Silo S3)", "big_get", "silo-s3", dr, None),
    ]
    rows += [
        (f"server CPU s per GiB PUT (REST; S3Proxy)", "cpu_put", "silo-rest", None, None),
        (f"server CPU s per GiB PUT (S3, signed payload)", "cpu_put", "silo-s3", None, None),
        (f"server CPU s per GiB GET (REST; S3Proxy)", "cpu_get", "silo-rest", None, None),
        (f"server CPU s per GiB GET (S3)", "cpu_get", "silo-s3", None, None),
    ]
    for name, metric, silo, d, dnote in rows:
        s, p = med(metric, silo), med(metric, "s3proxy")
        dcell = f"{d:.0f}{spread(metric.replace('big_put', 'dd_write').replace('big_get', 'dd_read'), 'dd')}, {dnote}" if dnote else ""
        print(f"| {name} | {dcell} | {f(p, metric)}{spread(metric, 's3proxy')} | {f(s, metric)}{spread(metric, silo)} | {ratio(s, p)} | {ratio(s, d)} |")
if count:
    def per_request(label, suffix):
        for op in ("put", "get"):
            for c in conc.split(","):
                m = f"small_{op}_c{c}{suffix}"
                s, p = med(m, "silo"), med(m, "s3proxy")
                print(f"| {label.format(op=op.upper(), c=c)} | | {f(p)}{spread(m, 's3proxy')} | {f(s)}{spread(m, 'silo')} | {ratio(s, p)} | |")
    client_name = "JDK HttpClient" if client == "jdk" else "plain sockets"
    per_request("4 KiB {op} ops/s, c = {c} (S3, SigV4, keep-alive, " + str(count) + " objects, " + client_name + ")", "")
    # the server's CPU per request: what the other work on a shared machine moves least
    per_request("server CPU µs per 4 KiB {op}, c = {c}", "_cpu_us")
    # the client's CPU per request, on the same cores: no server can go faster than cores / that
    per_request("client CPU µs per 4 KiB {op}, c = {c}", "_client_cpu_us")
    cores = os.cpu_count()
    for op in ("put", "get"):
        for c in conc.split(","):
            p, rate = med(f"small_{op}_c{c}_client_cpu_us", "s3proxy"), med(f"small_{op}_c{c}", "s3proxy")
            if p and rate:
                print(f"| ceiling: ops/s of a server using no CPU, {cores} cores ÷ the client's CPU per {op.upper()} with S3Proxy, c = {c} | | {rate:.0f} | {cores * 1e6 / p:.0f} | {cores * 1e6 / p / rate:.2f} | |")
print()
print("load average (1, 5, 15 min) at the start of each repetition and at the end: " + "; ".join(loads))
EOF
# A guest whose balloon reports free pages hands what it frees back to its host, and each page it
# touches afresh then costs a fault in the host: the page cache's new pages above all, so dd's
# write (and any write or cold read through the page cache) moves with the guest's recent history
for dev in /sys/bus/virtio/devices/*; do
  if [[ $(basename "$(readlink "$dev/driver" 2>/dev/null)") == virtio_balloon && $(cut -c6 "$dev/features" 2>/dev/null) == 1 ]]; then
    echo
    echo "note: this is a virtual machine whose balloon reports free pages to the host: writes and cold reads through the page cache, dd's included, run slower or faster with how much of the guest's memory was touched lately (docs/performance.md)"
  fi
done
echo "raw figures: $results" >&2
