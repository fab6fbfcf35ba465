#!/usr/bin/env bash
# Silo's metadata at scale on PostgreSQL: fills a fresh database (default 10,000 tenants and
# 10,000,000 objects) and measures listings, HEAD, small PUTs and bucket details. Needs psql,
# python3 and server/target/silo.jar (./mvnw -q -DskipTests -pl server -am package).
# Options: bench/scale/scale_bench.py --help. Example: bench/scale-bench.sh --big-size 500000 (docs/scaling.md)
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/scale/scale_bench.py "$@"
