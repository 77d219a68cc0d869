#!/usr/bin/env bash
# Goal 1 of issue 10: call set-ups per second into one queue with 50
# answering agents, the server on ONE core, 0 failed calls.
#
#   bench/voice/call_rate.sh                 # ramp 100 200 400 600 800 calls/s
#   RATES="400 500" SECONDS_PER_RATE=20 bench/voice/call_rate.sh
#
# Environment: RATES (calls/s), SECONDS_PER_RATE (default 10: each step
# places RATE*SECONDS_PER_RATE calls), AGENTS (default 50), RING_MS (the
# phones ring this long before answering, default 20), TALK_MS (then talk
# this long and hang up, default 30), CUSTOMER_RTP / AGENT_RTP (1: stream
# RTP, default 0), STOP_ON_FAIL (default 1), SERVER_CPUS (default 0),
# SIPP_CPUS (default 1), BUILD, SIPP.
#
# Each step: a fresh server (`switchyard serve`, SQLite in a temporary
# directory) pinned with taskset to SERVER_CPUS, the queue and agents set up
# through the REST API (bench/voice/lib.sh), one sipp UAS as all agents'
# phones and one sipp UAC as the customers (both on SIPP_CPUS). Reports per
# step: calls placed / successful / failed (sipp), the set-up time (rtd 1:
# INVITE to Switchyard's 200, p50/p90/p99/max ms), the time to the agent's
# answer (rtd 2 - RING_MS - TALK_MS: INVITE to the phone's 200, roughly),
# the server's CPU (share of one core over the step) and its /metrics.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_binaries
RATES=${RATES:-100 200 400 600 800}
SECONDS_PER_RATE=${SECONDS_PER_RATE:-10}
RING_MS=${RING_MS:-20}
TALK_MS=${TALK_MS:-30}
CUSTOMER_RTP=${CUSTOMER_RTP:-0}
AGENT_RTP=${AGENT_RTP:-0}
STOP_ON_FAIL=${STOP_ON_FAIL:-1}

WORK=$(mktemp -d /tmp/sy-vrate.XXXXXX)
AGENT_PID=
cleanup() {
  [ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2> /dev/null || true
  stop_server KILL
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

voice_machine_info
echo "load: rates $RATES calls/s, $SECONDS_PER_RATE s each; $AGENTS agents ring $RING_MS ms, talk $TALK_MS ms;" \
  "RTP customer=$CUSTOMER_RTP agent=$AGENT_RTP; server on cpu $SERVER_CPUS, sipps on cpu $SIPP_CPUS"
write_tone "$WORK/tone.wav" 10
make_scenarios "$WORK" "$CUSTOMER_RTP" "$AGENT_RTP" "$RING_MS" 120000

printf '%-6s %-7s %-7s %-6s %-24s %-26s %-8s %s\n' rate placed success failed \
  "setup ms p50/p90/p99/max" "to-agent ms p50/p90/p99/max" "srv_cpu" "achieved/s"
best=0
for rate in $RATES; do
  step=$WORK/r$rate
  mkdir -p "$step"
  cp "$WORK"/tone.wav "$WORK"/*.xml "$step/"
  start_voice_server "$step" > "$step/setup.txt"
  (cd "$step" && exec taskset -c "$SIPP_CPUS" "$SIPP" -sf agent.xml -i 127.0.0.1 -p "$AGENT_SIP" -mp "$AGENT_MEDIA" \
    -d "$TALK_MS" -nostdin -trace_err -error_file agent_err.log -trace_stat -stf agent_stat.csv -fd 1 \
    > agent.out 2>&1) &
  AGENT_PID=$!
  sleep 0.5
  calls=$((rate * SECONDS_PER_RATE))
  t0=$(date +%s.%N); c0=$(cpu_ticks "$SERVER_PID"); a0=$(cpu_ticks "$AGENT_PID")
  rc=0
  (cd "$step" && exec taskset -c "$SIPP_CPUS" "$SIPP" -sf customer.xml -i 127.0.0.1 -p "$CUSTOMER_SIP" -mp "$CUSTOMER_MEDIA" \
    -s 2000 "127.0.0.1:$SIP_PORT" -r "$rate" -rp 1000 -m "$calls" -l 10000 -nostdin -timeout $((SECONDS_PER_RATE + 180))s \
    -trace_err -error_file customer_err.log -trace_stat -stf customer_stat.csv -fd 1 -trace_rtt -rtt_freq 1 \
    > customer.out 2>&1) &
  CUST_PID=$!
  cust_cpu=0
  while kill -0 "$CUST_PID" 2> /dev/null; do
    cust_cpu=$(cpu_ticks "$CUST_PID" 2> /dev/null || echo "$cust_cpu")
    sleep 0.2
  done
  wait "$CUST_PID" || rc=$?
  t1=$(date +%s.%N); c1=$(cpu_ticks "$SERVER_PID"); a1=$(cpu_ticks "$AGENT_PID")
  # the last calls' legs end (BYE transactions) before the figures are read
  for _ in $(seq 1 50); do [ "$(voice_figure legs)" = 0 ] && break; sleep 0.1; done
  metrics=$(voice_metrics)
  sleep 1.2  # the phones' statistics line (-fd 1)
  kill "$AGENT_PID" 2> /dev/null || true
  wait "$AGENT_PID" 2> /dev/null || true
  AGENT_PID=
  stat=$(ls "$step"/customer_stat.csv 2> /dev/null || ls "$step"/customer_*_.csv | head -1)
  ok=$(sipp_stat "$stat" "SuccessfulCall(C)")
  failed=$(sipp_stat "$stat" "FailedCall(C)")
  rtt=$(ls "$step"/customer_*_rtt.csv | head -1)
  setup=$(rtt_summary "$rtt" 1 | tr ' ' '/')
  to_agent=$(awk -F';' 'NR > 1 && $3 == 2 {print $2 - '"$((RING_MS + TALK_MS))"'}' "$rtt" | percentiles | tr ' ' '/')
  wall=$(echo "$t1 - $t0" | bc -l)
  cpu=$(echo "($c1 - $c0) / $CLK_TCK / $wall * 100" | bc -l)
  achieved=$(echo "$ok / $wall" | bc -l)
  printf '%-6s %-7s %-7s %-6s %-24s %-26s %-8s %.0f (%.1f s, sipp exit %s)\n' "$rate" "$calls" "$ok" "$failed" "$setup" "$to_agent" \
    "$(printf '%.0f%%' "$cpu")" "$achieved" "$wall" "$rc"
  echo "       phones (sipp UAS): successful $(sipp_stat "$step/agent_stat.csv" "SuccessfulCall(C)"), failed $(sipp_stat "$step/agent_stat.csv" "FailedCall(C)"); customers' sipp: retransmissions $(sipp_stat "$stat" "Retransmissions(C)"), dead calls $(sipp_stat "$stat" "DeadCallMsgs(C)")"
  echo "       sipps' CPU over the step (share of one core): customers $(echo "$cust_cpu / $CLK_TCK / $wall * 100" | bc -l | cut -d. -f1)%, phones $(echo "($a1 - $a0) / $CLK_TCK / $wall * 100" | bc -l | cut -d. -f1)%"
  echo "       server: $metrics rss_kb=$(rss_kb "$SERVER_PID") cpu_s=$(echo "($c1 - $c0) / $CLK_TCK" | bc -l | cut -c1-6)"
  [ -s "$step/customer_err.log" ] && echo "       customer errors: $(grep -c . "$step/customer_err.log") lines, first: $(grep -m1 -v '^$' "$step/customer_err.log" | cut -c1-160)"
  [ -s "$step/agent_err.log" ] && echo "       agent errors: $(grep -c . "$step/agent_err.log") lines, first: $(grep -m1 -v '^$' "$step/agent_err.log" | cut -c1-160)"
  grep -q . "$step/server.err" && echo "       server log: $(grep -c . "$step/server.err") lines, warnings: $(grep -ci warn "$step/server.err")"
  stop_server TERM
  if [ "$failed" = 0 ] && [ "$ok" = "$calls" ]; then best=$rate
  elif [ "$STOP_ON_FAIL" = 1 ]; then break; fi
done
echo "highest rate with 0 failed calls: $best calls/s"
