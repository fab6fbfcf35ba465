#!/usr/bin/env bash
# Listings on the embedded default (SQLite) in one big bucket: for each given silo.jar, a fresh
# data directory whose bucket holds --objects objects in --folders folders (one object PUT over
# REST, then copies of its row written into the SQLite file with the sqlite3 shell, so that a
# million objects take seconds), and the median time of a listing page with curl: 1,000 common
# prefixes (prefix + delimiter), one folder's keys with the delimiter, and 1,000 keys without one.
# Builds alternate, round after round; each query is warmed 40 times per start (the JIT's).
#
# Usage: bench/sqlite-listing.sh [--objects 100000] [--folders 1000] [--rounds 2] [--port 18150]
#        [--jar server/target/silo.jar]...   (give --jar twice to compare two builds)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
objects=100000 folders=1000 rounds=2 port=18150 jars=()
while (($#)); do
  case $1 in
    --objects) objects=$2; shift 2 ;;
    --folders) folders=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --jar) jars+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
((${#jars[@]})) || jars=("$ROOT/server/target/silo.jar")
for tool in curl sqlite3; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
API=http://127.0.0.1:$port
work=$ROOT/bench/target/sqlite-listing
rm -rf "$work" && mkdir -p "$work"

pid=""
start() { # start JAR DIR
  (cd "$2" && SILO_PORT=$port SILO_S3_PORT=0 exec "$JAVA" -jar "$1" serve >>silo.log 2>&1) &
  pid=$!
  until curl -fs "$API/readyz" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "silo exited: $(tail -3 "$2/silo.log")" >&2; exit 1; }
    sleep 0.5
  done
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }
trap '[[ -n $pid ]] && kill "$pid" 2>/dev/null || true' EXIT

# One data directory per build, filled before any is measured.
for i in "${!jars[@]}"; do
  dir=$work/silo-$i && mkdir -p "$dir"
  start "${jars[$i]}" "$dir"
  (cd "$dir" && SILO_URL=$API "$JAVA" -jar "${jars[$i]}" tenant create bench --name Bench >/dev/null)
  key=$(cd "$dir" && SILO_URL=$API "$JAVA" -jar "${jars[$i]}" key create bench --name bench --quiet)
  echo "$key" >"$dir/key"
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $key" --data-binary x "$API/v1/objects/seed"
  stop
  # every column as the seed's row, but the id and the key (ids in the store's own format)
  cols=$(sqlite3 "$dir/data/silo.db" \
    "SELECT group_concat(name, ', ') FROM pragma_table_info('objects') WHERE name NOT IN ('id', 'object_key')")
  sqlite3 "$dir/data/silo.db" "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $objects - 1)
    INSERT INTO objects (id, object_key, $cols)
    SELECT printf('obj_%032d', i), printf('logs/g%05d/%09d.log', i % $folders, i), $cols
    FROM n, (SELECT * FROM objects WHERE object_key = 'seed');
    DELETE FROM objects WHERE object_key = 'seed';"
done

queries=("prefix=logs/&delimiter=/&limit=1000" "prefix=logs/g00007/&delimiter=/&limit=1000" "prefix=logs/&limit=1000")
names=("1,000 common prefixes" "one folder's keys, delimiter" "1,000 keys, no delimiter")
declare -A times
for round in $(seq 1 "$rounds"); do
  for i in "${!jars[@]}"; do
    dir=$work/silo-$i key=$(cat "$work/silo-$i/key")
    start "${jars[$i]}" "$dir"
    for q in "${!queries[@]}"; do
      for _ in $(seq 1 40); do curl -fsS -o /dev/null -H "Authorization: Bearer $key" "$API/v1/objects?${queries[$q]}"; done
      t=$(for _ in $(seq 1 11); do
            curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $key" "$API/v1/objects?${queries[$q]}"
          done | sort -n | sed -n 6p)
      times[$i,$q]+="$(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }') "
    done
    stop
  done
done

echo "$objects objects in $folders folders; ms, median of 11 after 40, per round"
echo
header="| listing page |" rule="|---|"
for jar in "${jars[@]}"; do header+=" $jar |" rule+="---|"; done
echo "$header" && echo "$rule"
for q in "${!queries[@]}"; do
  row="| ${names[$q]} |"
  for i in "${!jars[@]}"; do row+=" ${times[$i,$q]}|"; done
  echo "$row"
done
