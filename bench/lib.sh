# Shared by the bench scripts that start Silos side by side (encrypted-get.sh, copy-bench.sh):
# a fresh work directory whose servers are stopped and big files removed on exit, and small
# helpers. Source it; `bench_work DEFAULT` sets $work to $dir when given, else to DEFAULT, and
# every server's pid goes into $pids.
pids=()

bench_work() {
  work=${dir:-$1}
  rm -rf "$work"
  mkdir -p "$work"
  work=$(cd "$work" && pwd)
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"/*/ "$work/src.bin"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
# ticks PID: the process's CPU time (user + system) in clock ticks
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
