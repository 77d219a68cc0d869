#!/usr/bin/env bash
# Durable contact creation: contacts/s and latency against the connection count.
#
#   bench/server/contact_curve.sh [CONNECTIONS...]     (default: 1 4 16 64 128 256)
#
# Environment: SYNC=full|normal (SQLite synchronous, default full),
# DURATION (measured seconds per point, default 10), WARMUP (default 2),
# THREADS (client threads, default 1), QUEUE (default billing),
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
QUEUE=${QUEUE:-billing}
CONNS=("$@")
[ ${#CONNS[@]} -gt 0 ] || CONNS=(1 4 16 64 128 256)

WORK=$(mktemp -d /tmp/sy-contact-curve.XXXXXX)
trap 'stop_server KILL; rm -rf "$WORK"' EXIT

machine_info
echo "store: sqlite synchronous=$SYNC (WAL) on $(df -T "$WORK" | awk 'NR==2 {print $2}') at $WORK"
echo "load: contact_load, $DURATION s measured after $WARMUP s warm-up, $THREADS client thread(s), queue $QUEUE"
echo
for c in "${CONNS[@]}"; do
  rm -f "$WORK"/db.sqlite*
  start_server "$WORK" --demo --store "sqlite:$WORK/db.sqlite?synchronous=$SYNC"
  before=$(commit_raw)
  "$CONTACT_LOAD" --port "$PORT" --connections "$c" --duration-s "$DURATION" --warmup-s "$WARMUP" \
    --threads "$THREADS" --queue "$QUEUE" > "$WORK/load.txt" || true
  after=$(commit_raw)
  stop_server TERM
  grep -E '^RESULT|first error' "$WORK/load.txt" | sed 's/^/  /'
  echo "  server: $(commit_delta "$before" "$after") [whole run incl. warm-up]"
done
