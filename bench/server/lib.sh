# shellcheck shell=bash
# Shared shell helpers of the server benchmarks (sourced, not run).
# BUILD: the build directory (default build-release at the repository root);
# SWITCHYARD: the server binary (default $BUILD/src/cli/switchyard).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build-release}
SWITCHYARD=${SWITCHYARD:-$BUILD/src/cli/switchyard}
export CONTACT_LOAD=$BUILD/bench/contact_load
export WS_FANOUT=$BUILD/bench/ws_fanout

# need_binaries [TOOL...]: exits 2 unless the server and the tools are built.
need_binaries() {
  for b in "$SWITCHYARD" "$@"; do
    [ -x "$b" ] || { echo "missing $b: cmake --build $BUILD --target switchyard contact_load ws_fanout" >&2; exit 2; }
  done
}

machine_info() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
       "$(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "source: commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src 2> /dev/null ||
    echo ' (src modified)'); server binary $SWITCHYARD built $(date -r "$SWITCHYARD" '+%F %T')"
}

# start_server DIR ARGS...: starts `switchyard serve --port 0 ARGS` with its
# stdout/stderr in DIR, waits (<= 60 s) for the "listening" line and sets
# SERVER_PID and PORT. Returns 1 if it did not come up.
start_server() {
  local dir=$1
  shift
  : > "$dir/server.out"
  rm -f "$dir/server.pid"
  # The wrapper subshell reaps the server, so this shell prints no "Killed"
  # job message after a kill -9.
  ("$SWITCHYARD" serve --port 0 "$@" > "$dir/server.out" 2>> "$dir/server.err" &
    echo $! > "$dir/server.pid"
    wait) 2> /dev/null &
  SERVER_WRAPPER=$!
  for _ in $(seq 1 5000); do [ -s "$dir/server.pid" ] && break; sleep 0.001; done
  SERVER_PID=$(cat "$dir/server.pid")
  PORT=
  for _ in $(seq 1 20000); do
    PORT=$(sed -n 's/^switchyard listening on .*:\([0-9]*\)$/\1/p' "$dir/server.out")
    [ -n "$PORT" ] && return 0
    kill -0 "$SERVER_PID" 2> /dev/null || break
    sleep 0.002
  done
  echo "server did not start; log:" >&2
  cat "$dir/server.err" >&2
  return 1
}

# stop_server [SIGNAL]: TERM (default, graceful) or KILL; waits for the exit.
stop_server() {
  [ -n "${SERVER_PID:-}" ] || return 0
  kill -"${1:-TERM}" "$SERVER_PID" 2> /dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$SERVER_PID" 2> /dev/null || break
    sleep 0.1
  done
  kill -KILL "$SERVER_PID" 2> /dev/null || true
  wait "$SERVER_WRAPPER" 2> /dev/null || true
  SERVER_PID=
}

login_token() {
  curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" \
    -d '{"username":"admin","password":"switchyard-demo"}' | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

# commit_raw: "commits events seconds_sum n<=1ms n<=5ms n<=20ms" from /metrics.
commit_raw() {
  curl -sf "http://127.0.0.1:$PORT/metrics" | awk '
    /^switchyard_store_commits_total / {c=$2}
    /^switchyard_events_total / {e=$2}
    /^switchyard_store_commit_seconds_sum / {s=$2}
    /^switchyard_store_commit_seconds_bucket/ {split($1,a,"\""); b[a[2]]=$2}
    END {print c+0, e+0, s+0, b["0.001"]+0, b["0.005"]+0, b["0.02"]+0}'
}

# commit_delta BEFORE AFTER: group-commit figures between two commit_raw lines.
commit_delta() {
  echo "$1 $2" | awk '{c=$7-$1; e=$8-$2; s=$9-$3;
    printf "%d commits, %d events, %.1f events/commit, mean commit %.2f ms (<=1 ms %.0f%%, <=5 ms %.0f%%, <=20 ms %.0f%%)\n",
      c, e, (c ? e/c : 0), (c ? 1000*s/c : 0), (c ? 100*($10-$4)/c : 0), (c ? 100*($11-$5)/c : 0), (c ? 100*($12-$6)/c : 0)}'
}

# bench_queues N: "billing" for N <= 1, else creates queues bench-0..bench-N-1
# (no skills, no timers) on the running server and prints them comma-separated.
bench_queues() {
  local n=$1 t list=
  if [ "$n" -le 1 ]; then echo billing; return; fi
  t=$(login_token)
  for i in $(seq 0 $((n - 1))); do
    curl -sf -o /dev/null -X POST -H "Authorization: Bearer $t" "http://127.0.0.1:$PORT/api/v1/queues" \
      -d "{\"name\":\"bench-$i\"}" || { echo "creating queue bench-$i failed" >&2; return 1; }
    list=${list:+$list,}bench-$i
  done
  echo "$list"
}
