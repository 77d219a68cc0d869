#!/usr/bin/env bash
# The soak run: a long steady load with agents answering, memory and store
# size sampled every minute (the curve in bench/RESULTS.md).
#
#   bench/server/soak.sh
#
# Environment: DURATION (seconds, default 3600), RATE (contacts/s, default
# 1000), AGENTS (default 100, chat capacity CAPACITY each, default 60),
# TALK_MS (handle time, default 5000), RETENTION_HOURS (event-log retention
# of the server, default 0 = keep all: the log then grows by design),
# IDEMPOTENCY_HOURS (how long the server keeps Idempotency-Keys, default 24:
# the key table then grows for a day by design),
# BUILD (default build-release).
# Starts a fresh server (--demo, SQLite WAL synchronous=FULL in a temporary
# directory), runs `soak` against it, prints its samples and result, stops
# the server.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SOAK=$BUILD/bench/soak
need_binaries "$SOAK"

DURATION=${DURATION:-3600}
RATE=${RATE:-1000}
AGENTS=${AGENTS:-100}
CAPACITY=${CAPACITY:-60}
TALK_MS=${TALK_MS:-5000}
RETENTION_HOURS=${RETENTION_HOURS:-0}
IDEMPOTENCY_HOURS=${IDEMPOTENCY_HOURS:-24}

WORK=$(mktemp -d /tmp/sy-soak.XXXXXX)
trap 'stop_server KILL; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/store"

machine_info
echo "store: sqlite WAL synchronous=full on $(df -T "$WORK" | awk 'NR==2 {print $2}'); retention $RETENTION_HOURS h, idempotency keys $IDEMPOTENCY_HOURS h"
echo "load: $RATE contacts/s for $DURATION s, $AGENTS agents x $CAPACITY chats, talk $TALK_MS ms, ACW 0"
SWITCHYARD_STORE_RETENTION_HOURS=$RETENTION_HOURS SWITCHYARD_STORE_IDEMPOTENCY_HOURS=$IDEMPOTENCY_HOURS start_server "$WORK" --demo --store "sqlite:$WORK/store/db.sqlite"
"$SOAK" --port "$PORT" --pid "$SERVER_PID" --store-dir "$WORK/store" --rate "$RATE" --duration-s "$DURATION" \
  --agents "$AGENTS" --capacity "$CAPACITY" --talk-ms "$TALK_MS" | tee "$WORK/soak.txt"
echo "server: $(grep -c . "$WORK/server.err") log lines; last: $(tail -1 "$WORK/server.err")"
stop_server TERM
