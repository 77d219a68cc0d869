#!/usr/bin/env bash
# Recovery time after kill -9 with 100,000 waiting contacts.
#
#   bench/server/recovery.sh
#
# Environment: CONTACTS (100000), RUNS (measured restarts per case, 5),
# CONNECTIONS (fill connections, 64), BUILD (default build-release).
#
# In a fresh temporary directory:
#  1. fill: start `switchyard serve --demo` on SQLite with synchronous=normal
#     and periodic snapshots off (SWITCHYARD_STORE_SNAPSHOT_EVERY_EVENTS=0),
#     create queue "recovery" (no skills, no timers; no agent is logged in,
#     so every contact stays waiting) and CONTACTS contacts in it with
#     contact_load (each with an Idempotency-Key); kill -9 (a process crash
#     loses nothing committed, even at normal);
#  2. case "replay" (no snapshot exists; periodic snapshots still off):
#     restart with the default synchronous=FULL, check that all contacts are
#     waiting, kill -9; then RUNS times: exec the server, time exec -> the
#     "listening" line and exec -> first 200 from /readyz, read the server's
#     own "recovered: N events replayed in X ms" line, kill -9;
#  3. case "snapshot": start once with the default snapshot_every_events
#     (100,000): with >= 100,000 events since the last snapshot the server
#     writes one by itself; wait for it (<= 60 s, else SIGTERM, which writes
#     one at shutdown), kill -9, then the same RUNS timed restarts.
# The snapshots table is inspected (sqlite3) and reported at each step.

set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_binaries "$CONTACT_LOAD"
command -v sqlite3 > /dev/null || { echo "sqlite3 CLI not installed (apt-get install sqlite3)" >&2; exit 2; }

CONTACTS=${CONTACTS:-100000}
RUNS=${RUNS:-5}
CONNECTIONS=${CONNECTIONS:-64}

WORK=$(mktemp -d /tmp/sy-recovery.XXXXXX)
trap 'stop_server KILL; rm -rf "$WORK"' EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# timed_start: starts the server (store $DB, default synchronous) and sets
# LISTEN_MS, READY_MS (exec -> listening line / first /readyz 200) and
# RECOVERED (the server's "recovered:" log text).
timed_start() {
  : > "$WORK/server.err"
  local t0
  t0=$(now_ms)
  start_server "$WORK" --demo --store "sqlite:$DB"
  LISTEN_MS=$(($(now_ms) - t0))
  for _ in $(seq 1 2000); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" && break
    sleep 0.005
  done
  READY_MS=$(($(now_ms) - t0))
  RECOVERED=$(sed -n 's/.*info recovered: \(.*\)$/\1/p' "$WORK/server.err")
}

waiting_in_queue() {
  local v=
  for _ in $(seq 1 20); do  # the gauge is refreshed with the realtime view (250 ms)
    v=$(curl -sf "http://127.0.0.1:$PORT/metrics" | sed -n 's/^switchyard_queue_waiting{queue="recovery"} //p')
    [ "${v:-0}" -ge "$CONTACTS" ] && break
    sleep 0.25
  done
  echo "${v:-0}"
}

snapshots() {
  sqlite3 "$DB" "SELECT count(*) || ' snapshot(s)' || coalesce(', latest at seq ' || max(seq) || ' (' ||
    (SELECT length(blob) FROM snapshots ORDER BY seq DESC LIMIT 1) || ' bytes)', '') FROM snapshots;"
}

machine_info
echo "contacts: $CONTACTS waiting in one queue; $RUNS measured restarts per case"
DB=$WORK/db.sqlite

# measure CASE: RUNS timed restarts, each ended by kill -9.
measure() {
  for r in $(seq 1 "$RUNS"); do
    timed_start
    echo "run $r: exec -> listening ${LISTEN_MS} ms, exec -> /readyz 200 ${READY_MS} ms; server: recovered: $RECOVERED"
    echo "$READY_MS" >> "$WORK/ready-$1.txt"
    stop_server KILL
  done
  echo "case $1: exec -> ready median $(sort -n "$WORK/ready-$1.txt" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms," \
    "max $(sort -n "$WORK/ready-$1.txt" | tail -1) ms over $RUNS runs; $(snapshots)"
}

echo
echo "== fill"
export SWITCHYARD_STORE_SNAPSHOT_EVERY_EVENTS=0
start_server "$WORK" --demo --store "sqlite:$DB?synchronous=normal"
T=$(login_token)
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $T" "http://127.0.0.1:$PORT/api/v1/queues" -d '{"name":"recovery"}'
t0=$(now_ms)
"$CONTACT_LOAD" --port "$PORT" --token "$T" --connections "$CONNECTIONS" --total "$CONTACTS" \
  --duration-s 900 --queue recovery > "$WORK/fill.txt" || { cat "$WORK/fill.txt"; exit 1; }
echo "fill (synchronous=normal): $(grep -o 'created=[0-9]*' "$WORK/fill.txt") in $(($(now_ms) - t0)) ms; kill -9"
stop_server KILL

echo
echo "== case replay (periodic snapshots off)"
timed_start
echo "first restart (synchronous=full): $(waiting_in_queue) waiting in queue recovery;" \
  "$(curl -sf "http://127.0.0.1:$PORT/readyz"); $(snapshots); kill -9"
stop_server KILL
echo "database: $(du -ch "$WORK"/db.sqlite* | tail -1 | cut -f1) (db + WAL)"
measure replay

echo
echo "== case snapshot (default snapshot_every_events = 100,000)"
unset SWITCHYARD_STORE_SNAPSHOT_EVERY_EVENTS
timed_start
t0=$(now_ms)
for _ in $(seq 1 600); do
  [ "$(sqlite3 "$DB" 'SELECT count(*) FROM snapshots;')" -gt 0 ] && break
  sleep 0.1
done
if [ "$(sqlite3 "$DB" 'SELECT count(*) FROM snapshots;')" -gt 0 ]; then
  echo "the server wrote a snapshot by itself $(($(now_ms) - t0)) ms after ready; $(snapshots); kill -9"
  stop_server KILL
else
  echo "no snapshot after 60 s: SIGTERM (shutdown snapshot)"
  stop_server TERM
fi
snapshots
measure snapshot
