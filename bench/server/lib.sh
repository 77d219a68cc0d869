# Shared shell helpers of the server benchmarks (sourced, not run).
# Expects BUILD (default build-release) relative to the repository root.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build-release}
SWITCHYARD=${SWITCHYARD:-$BUILD/src/cli/switchyard}
CONTACT_LOAD=$BUILD/bench/contact_load
WS_FANOUT=$BUILD/bench/ws_fanout

need_binaries() {
  for b in "$SWITCHYARD" "$@"; do
    [ -x "$b" ] || { echo "missing $b: cmake --build $BUILD --target switchyard contact_load ws_fanout" >&2; exit 2; }
  done
}

machine_info() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
       "$(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')"
}

# start_server DIR ARGS...: starts `switchyard serve --port 0 ARGS` with its
# stdout/stderr in DIR, waits (<= 60 s) for the "listening" line and sets
# SERVER_PID and PORT. Returns 1 if it did not come up.
start_server() {
  local dir=$1
  shift
  : > "$dir/server.out"
  "$SWITCHYARD" serve --port 0 "$@" > "$dir/server.out" 2>> "$dir/server.err" &
  SERVER_PID=$!
  PORT=
  for _ in $(seq 1 6000); do
    PORT=$(sed -n 's/^switchyard listening on .*:\([0-9]*\)$/\1/p' "$dir/server.out")
    [ -n "$PORT" ] && return 0
    kill -0 "$SERVER_PID" 2> /dev/null || break
    sleep 0.01
  done
  echo "server did not start; log:" >&2
  cat "$dir/server.err" >&2
  return 1
}

# stop_server [SIGNAL]: TERM (default, graceful) or KILL; waits for the exit.
stop_server() {
  [ -n "${SERVER_PID:-}" ] || return 0
  kill -"${1:-TERM}" "$SERVER_PID" 2> /dev/null
  for _ in $(seq 1 300); do
    kill -0 "$SERVER_PID" 2> /dev/null || break
    sleep 0.1
  done
  kill -KILL "$SERVER_PID" 2> /dev/null
  wait "$SERVER_PID" 2> /dev/null
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
