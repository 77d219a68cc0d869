#!/usr/bin/env bash
# wrk on GET /api/v1/realtime (the cached admin snapshot) of the demo center
# with demo traffic running.
#
#   bench/server/realtime_wrk.sh
#
# Environment: WRK_THREADS (2), WRK_CONNS (64), WRK_DURATION (10 s),
# IO_THREADS (server I/O threads, default the server's default, 2),
# BUILD (default build-release).
# Starts a fresh server (--demo --demo-traffic, SQLite in a temporary
# directory), logs in as admin, runs wrk once, prints the server's CPU time
# during the run, and stops the server. wrk and the server share the machine.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_binaries "$SWITCHYARD"
command -v wrk > /dev/null || { echo "wrk not installed (apt-get install wrk)" >&2; exit 2; }

WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNS=${WRK_CONNS:-64}
WRK_DURATION=${WRK_DURATION:-10}

WORK=$(mktemp -d /tmp/sy-realtime.XXXXXX)
trap 'stop_server KILL; rm -rf "$WORK"' EXIT

machine_info
[ -n "${IO_THREADS:-}" ] && export SWITCHYARD_HTTP_IO_THREADS=$IO_THREADS
start_server "$WORK" --demo --demo-traffic --store "sqlite:$WORK/db.sqlite"
T=$(login_token)
[ -n "$T" ] || { echo "login failed" >&2; exit 1; }
sleep 2  # let the demo traffic log agents in and queue contacts
bytes=$(curl -sf -H "Authorization: Bearer $T" "http://127.0.0.1:$PORT/api/v1/realtime" | wc -c)
echo "server: switchyard serve --demo --demo-traffic (io_threads ${IO_THREADS:-default}); /api/v1/realtime body $bytes bytes"
cpu0=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
echo "+ wrk -t$WRK_THREADS -c$WRK_CONNS -d${WRK_DURATION}s --latency -H \"Authorization: Bearer \$T\" http://127.0.0.1:$PORT/api/v1/realtime"
wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${WRK_DURATION}s" --latency -H "Authorization: Bearer $T" \
  "http://127.0.0.1:$PORT/api/v1/realtime"
cpu1=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
echo "server CPU during the run: $(awk -v a="$cpu0" -v b="$cpu1" -v t="$(getconf CLK_TCK)" -v d="$WRK_DURATION" \
  'BEGIN {printf "%.1f s (%.0f%% of one core)", (b-a)/t, 100*(b-a)/t/d}')"
stop_server TERM
