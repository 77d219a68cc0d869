#!/usr/bin/env bash
# 1,000 WebSocket subscribers while 1,000 contacts/s flow: delivery delay of
# contact_created events, or with KPIS=1 the lag of live KPI updates
# (subscribers on /api/v1/events?kpis=only; see ws_fanout.cc).
#
#   bench/server/ws_fanout.sh
#   KPIS=1 bench/server/ws_fanout.sh
#
# Environment: SUBSCRIBERS (1000), RATE (1000 contacts/s), DURATION (20 s),
# PRODUCERS (32 connections), THREADS (client threads, 1), SYNC (full|normal,
# default full), QUEUES (default 1: all contacts in the demo queue billing;
# N > 1: N fresh queues bench-0.., producer i in queue i mod N), KPIS (0, or
# 1: KPI push lag), BUILD (default build-release).
# Starts a fresh server (--demo, SQLite in a temporary directory, no agents
# logged in so every contact stays queued: one contact_created event each),
# runs ws_fanout, prints the server's CPU time and group-commit figures, and
# stops the server.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_binaries "$WS_FANOUT"

SUBSCRIBERS=${SUBSCRIBERS:-1000}
RATE=${RATE:-1000}
DURATION=${DURATION:-20}
PRODUCERS=${PRODUCERS:-32}
THREADS=${THREADS:-1}
SYNC=${SYNC:-full}
QUEUES=${QUEUES:-1}
KPIS=${KPIS:-0}

# Client and server each hold one descriptor per connection.
want=$((SUBSCRIBERS + PRODUCERS + 256))
ulimit -n 65536 2> /dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge "$want" ] ||
  { echo "open file limit $(ulimit -n) < $want; raise the hard limit" >&2; exit 2; }

WORK=$(mktemp -d /tmp/sy-fanout.XXXXXX)
trap 'stop_server KILL; rm -rf "$WORK"' EXIT

machine_info
echo "fd limit $(ulimit -n); store sqlite synchronous=$SYNC"
start_server "$WORK" --demo --store "sqlite:$WORK/db.sqlite?synchronous=$SYNC"
queue=$(bench_queues "$QUEUES")
before=$(commit_raw)
cpu0=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
t0=$(date +%s.%N)
echo "+ ws_fanout --port $PORT --subscribers $SUBSCRIBERS --rate $RATE --duration-s $DURATION --producers $PRODUCERS --threads $THREADS --queue $queue --kpis $KPIS"
status=0
"$WS_FANOUT" --port "$PORT" --subscribers "$SUBSCRIBERS" --rate "$RATE" --duration-s "$DURATION" \
  --producers "$PRODUCERS" --threads "$THREADS" --queue "$queue" --kpis "$KPIS" || status=$?
cpu1=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
t1=$(date +%s.%N)
after=$(commit_raw)
echo "server: $(commit_delta "$before" "$after")"
echo "server CPU: $(awk -v a="$cpu0" -v b="$cpu1" -v t="$(getconf CLK_TCK)" -v s="$t0" -v e="$t1" \
  'BEGIN {printf "%.1f s over %.1f s wall (%.0f%% of one core)", (b-a)/t, e-s, 100*(b-a)/t/(e-s)}')"
stop_server TERM
exit "$status"
