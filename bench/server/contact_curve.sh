#!/usr/bin/env bash
# Durable contact creation: contacts/s and latency against the connection count.
#
#   bench/server/contact_curve.sh [CONNECTIONS...]     (default: 1 4 16 64 128 256)
#
# Environment: SYNC=full|normal (SQLite synchronous, default full),
# DURATION (measured seconds per point, default 10), WARMUP (default 2),
# THREADS (client threads, default 1), QUEUES (default 1: the demo queue
# billing; N > 1: N fresh queues bench-0.., connection i in queue i mod N),
# BUILD (default build-release).
# Every point starts a fresh server (--demo, fresh SQLite file in a temporary
# directory), runs contact_load, prints its result and the group-commit figures
# from /metrics for the same window, and stops the server. Bounded: each point
# takes at most DURATION + WARMUP + ~35 s.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_binaries "$CONTACT_LOAD"

SYNC=${SYNC:-full}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
THREADS=${THREADS:-1}
QUEUES=${QUEUES:-1}
CONNS=("$@")
[ ${#CONNS[@]} -gt 0 ] || CONNS=(1 4 16 64 128 256)

WORK=$(mktemp -d /tmp/sy-contact-curve.XXXXXX)
trap 'stop_server KILL; rm -rf "$WORK"' EXIT

machine_info
echo "store: sqlite synchronous=$SYNC (WAL) on $(df -T "$WORK" | awk 'NR==2 {print $2}') at $WORK"
echo "load: contact_load, $DURATION s measured after $WARMUP s warm-up, $THREADS client thread(s), $QUEUES queue(s)"
echo
for c in "${CONNS[@]}"; do
  rm -f "$WORK"/db.sqlite*
  start_server "$WORK" --demo --store "sqlite:$WORK/db.sqlite?synchronous=$SYNC"
  queue=$(bench_queues "$QUEUES")
  before=$(commit_raw)
  cpu0=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
  t0=$(date +%s.%N)
  "$CONTACT_LOAD" --port "$PORT" --connections "$c" --duration-s "$DURATION" --warmup-s "$WARMUP" \
    --threads "$THREADS" --queue "$queue" > "$WORK/load.txt" || true
  cpu1=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
  t1=$(date +%s.%N)
  after=$(commit_raw)
  stop_server TERM
  grep -E '^RESULT|first error|CPU' "$WORK/load.txt" | sed 's/^/  /'
  echo "  server: $(commit_delta "$before" "$after"); CPU $(awk -v a="$cpu0" -v b="$cpu1" -v t="$(getconf CLK_TCK)" \
    -v s="$t0" -v e="$t1" 'BEGIN {printf "%.0f%% of one core", 100*(b-a)/t/(e-s)}') [whole run incl. warm-up]"
done
