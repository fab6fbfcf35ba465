#!/usr/bin/env bash
# Runs bench/mpu-bench.py against a Silo jar on the filesystem store and on the S3 store (S3Proxy,
# filesystem provider, in its own JVM), each on a fresh data directory, then stops both.
#   bench/mpu-bench.sh JAR [fs|s3|both] [extra mpu-bench.py arguments]
# S3Proxy's classpath comes from store-s3's test build (target/test-classes/.../s3proxy.classpath).
set -euo pipefail
JAR=$(realpath "$1"); MODE=${2:-both}; shift 2 || shift $#
HERE=$(cd "$(dirname "$0")/.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
CP=$(cat "$HERE/store-s3/target/test-classes/dev/silo/store/s3/s3proxy.classpath")
ARGS=("$@"); [[ ${#ARGS[@]} -gt 0 ]] || ARGS=(--parts 10x8MiB --parts 100x5MiB --small 2000)
# ports: Silo REST, Silo S3, S3Proxy (BENCH_PORT, default 18080, and the two after it)
P=${BENCH_PORT:-18080}; REST=$P; S3=$((P + 1)); PROXY=$((P + 2))

wait_port() { for _ in $(seq 1 300); do (echo > /dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.2; done; return 1; }

run() { # $1 = fs or s3
  local work; work=$(mktemp -d /tmp/mpu-bench-XXXX)
  local env=(SILO_DATA_DIR=$work/data SILO_PORT=$REST SILO_S3_PORT=$S3 SILO_ADMIN_TOKEN=bench-operator-token-0123456789abcdef)
  if [[ $1 == s3 ]]; then
    cat > "$work/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$PROXY
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3proxy-data
PROPS
    mkdir -p "$work/s3proxy-data"
    "$JAVA" -Xmx512m -cp "$CP" org.gaul.s3proxy.Main --properties "$work/s3proxy.properties" > "$work/s3proxy.log" 2>&1 &
    local proxy=$!
    wait_port $PROXY
    env+=(SILO_STORAGE=s3 SILO_STORAGE_S3_ENDPOINT=http://127.0.0.1:$PROXY SILO_STORAGE_S3_REGION=us-east-1
          SILO_STORAGE_S3_ACCESS_KEY_ID=bench SILO_STORAGE_S3_SECRET_ACCESS_KEY=bench-secret SILO_STORAGE_S3_PATH_STYLE=true)
  fi
  env "${env[@]}" "$JAVA" -Xmx1g -jar "$JAR" serve > "$work/silo.log" 2>&1 &
  local silo=$!
  wait_port $REST; wait_port $S3
  echo "== $1 store ($JAR)"
  python3 "$HERE/bench/mpu-bench.py" --url http://127.0.0.1:$REST --s3 http://127.0.0.1:$S3 \
    --token bench-operator-token-0123456789abcdef --pid "$silo" "${ARGS[@]}" || true
  kill "$silo"; wait "$silo" 2>/dev/null || true
  if [[ $1 == s3 ]]; then kill "$proxy"; wait "$proxy" 2>/dev/null || true; fi
  rm -rf "$work"
}

[[ $MODE == fs || $MODE == both ]] && run fs
[[ $MODE == s3 || $MODE == both ]] && run s3
