#!/usr/bin/env bash
# Goal 2 of issue 10: concurrent bridged calls with RTP relayed both ways,
# the server on 2 cores, 0 failed calls; CPU and memory per call, the
# relay's added latency and packet loss.
#
#   bench/voice/concurrent.sh                # 1000 calls held 90 s
#   CALLS=500 TALK_MS=40000 bench/voice/concurrent.sh
#
# Environment: CALLS (default 1000), RATE (calls/s while filling, default
# 100), TALK_MS (how long the phones talk, default 90000), RING_MS (default
# 100), WINDOW_S (measurement window once all calls are bridged, default
# 20), MEDIA (echo: customers stream RTP with sipp rtp_stream, the phones
# echo it with -rtp_echo; stream: both sides rtp_stream; load: the sipps
# only signal, and rtp_load (bench/voice/rtp_load.cc) streams every
# customer's RTP and echoes at the phones, batched, and measures the round
# trip of every packet; default echo),
# SERVER_CPUS (default 0,1), SIPP_CPUS (default 0,1), RTP_THREADS (the
# relay's threads, voice.rtp_threads; default: the server's, one per core),
# BUILD, SIPP.
# AGENTS defaults to CALLS + 10 (a call needs its own agent; the extra ones
# take the latency probe's call).
#
# Measures: sipp's successful / failed calls; bridged legs from /metrics;
# over WINDOW_S with all calls up: the server's CPU (from /proc/PID/stat),
# RTP packets in / relayed (rate and, against what the sipps send, loss);
# the server's RSS before the calls and with all of them up; the relay's
# added latency with rtp_probe: round trips to the phones' echo directly and
# through a bridged call (a probe call placed by probe_customer.xml), idle
# and at full load.
set -euo pipefail
CALLS=${CALLS:-1000}
AGENTS=${AGENTS:-$((CALLS + 10))}
SERVER_CPUS=${SERVER_CPUS:-0,1}
SIPP_CPUS=${SIPP_CPUS:-0,1}
source "$(dirname "$0")/lib.sh"
RATE=${RATE:-100}
TALK_MS=${TALK_MS:-90000}
RING_MS=${RING_MS:-100}
WINDOW_S=${WINDOW_S:-20}
MEDIA=${MEDIA:-echo}
PROBE=${PROBE:-$BUILD/bench/rtp_probe}
PROBE_PORT=${PROBE_PORT:-25090}
LOAD=${LOAD:-$BUILD/bench/rtp_load}
LOAD_CPORT=${LOAD_CPORT:-28000}  # rtp_load's customer and phone RTP ports (MEDIA=load)
LOAD_PPORT=${LOAD_PPORT:-28002}
need_binaries "$PROBE"
[ "$MEDIA" = load ] && need_binaries "$LOAD"

WORK=$(mktemp -d /tmp/sy-vconc.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2> /dev/null || true; done
  stop_server KILL
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

voice_machine_info
echo "load: $CALLS calls at $RATE/s, ring $RING_MS ms, talk $TALK_MS ms, media $MEDIA, window $WINDOW_S s;" \
  "server on cpus $SERVER_CPUS, sipps on $SIPP_CPUS; $AGENTS agents"
write_tone "$WORK/tone.wav" 10
case $MEDIA in
  echo) make_scenarios "$WORK" 1 0 "$RING_MS" $((TALK_MS + 120000)) ;;
  load) make_scenarios "$WORK" 0 0 "$RING_MS" $((TALK_MS + 120000)) "$LOAD_CPORT" "$LOAD_PPORT" ;;
  *) make_scenarios "$WORK" 1 1 "$RING_MS" $((TALK_MS + 120000)) ;;
esac
cp "$VOICE_DIR/probe_customer.xml" "$WORK/"
start_voice_server "$WORK" > "$WORK/setup.txt"
echo "center ready: $AGENTS agents"
rss0=$(rss_kb "$SERVER_PID")

echo_opt=()
[ "$MEDIA" = echo ] && echo_opt=(-rtp_echo)
(cd "$WORK" && exec taskset -c "$SIPP_CPUS" "$SIPP" -sf agent.xml -i 127.0.0.1 -p "$AGENT_SIP" -mp "$AGENT_MEDIA" \
  "${echo_opt[@]}" -d "$TALK_MS" -nostdin -trace_err -error_file agent_err.log -trace_stat -stf agent_stat.csv -fd 1 \
  > agent.out 2>&1) &
PIDS+=($!)
sleep 0.5

# the latency probe, idle: to the phones' echo directly, then through a call
PROBES=0
probe_call() {  # probe_call LABEL COUNT: one call with rtp_probe as its audio
  PROBES=$((PROBES + 1))
  (cd "$WORK" && exec taskset -c "$SIPP_CPUS" "$SIPP" -sf probe_customer.xml -i 127.0.0.1 -p $((PROBE_PORT + PROBES)) \
    -mp $((CUSTOMER_MEDIA + 500 + 10 * PROBES)) -s 2000 "127.0.0.1:$SIP_PORT" -m 1 -nostdin -key probe "$PROBE" \
    -key probe_args "--count $2 --label $1 --out $WORK/probe.txt" -trace_err -error_file "probe_err_$1.log" \
    > "probe_$1.out" 2>&1) &
  PIDS+=($!)
}
if [ "$MEDIA" = echo ]; then
  "$PROBE" --to "127.0.0.1:$AGENT_MEDIA" --count 250 --label idle-direct --out "$WORK/probe.txt" > /dev/null || true
  probe_call idle-relay 250
  sleep $((RING_MS / 1000 + 8))
fi

log_opt=()
if [ "$MEDIA" = load ]; then
  : > "$WORK/relay_ports.log"
  taskset -c "$SIPP_CPUS" "$LOAD" --customer-port "$LOAD_CPORT" --phone-port "$LOAD_PPORT" \
    --ports-file "$WORK/relay_ports.log" --calls "$CALLS" --window-s "$WINDOW_S" --warmup-s 2 --label load \
    --out "$WORK/probe.txt" > "$WORK/rtp_load.out" 2>&1 &
  LOAD_PID=$!
  PIDS+=($LOAD_PID)
  log_opt=(-trace_logs -log_file "$WORK/relay_ports.log")
fi
m0=$(voice_metrics)
(cd "$WORK" && taskset -c "$SIPP_CPUS" "$SIPP" -sf customer.xml -i 127.0.0.1 -p "$CUSTOMER_SIP" -mp "$CUSTOMER_MEDIA" \
  -s 2000 "127.0.0.1:$SIP_PORT" -r "$RATE" -m "$CALLS" -l $((CALLS + 100)) -nostdin -timeout $((TALK_MS / 1000 + 300))s \
  "${log_opt[@]}" -trace_err -error_file customer_err.log -trace_stat -stf customer_stat.csv -fd 1 -trace_rtt -rtt_freq 1 \
  > customer.out 2>&1; echo $? > customer.rc) &
CUST=$!
PIDS+=($CUST)
t_start=$(date +%s.%N)
# wait until all calls are bridged: 2 legs each (+ 2 of the idle probe call while it lasts)
full=
for _ in $(seq 1 $((TALK_MS / 1000 * 10 + 600))); do
  legs=$(voice_figure legs)
  if [ "${legs:-0}" -ge $((2 * CALLS)) ]; then full=$(date +%s.%N); break; fi
  kill -0 "$CUST" 2> /dev/null || break
  sleep 0.1
done
[ -n "$full" ] || { echo "never reached $CALLS bridged calls (legs $(voice_figure legs)); $(voice_metrics)"; }
echo "bridged: legs $(voice_figure legs) after $(echo "${full:-0} - $t_start" | bc -l | cut -c1-5) s"
sleep 2
# the window: CPU, packets, RSS; the probes at load run inside it
w0=$(date +%s.%N); c0=$(cpu_ticks "$SERVER_PID"); p0=$(voice_metrics); d0=$(udp_drops "$SERVER_PID")
if [ "$MEDIA" = echo ]; then
  "$PROBE" --to "127.0.0.1:$AGENT_MEDIA" --count $((WINDOW_S * 50 / 2)) --label load-direct --out "$WORK/probe.txt" > /dev/null &
  PIDS+=($!)
  probe_call load-relay $((WINDOW_S * 50 / 2))
fi
sleep "$WINDOW_S"
w1=$(date +%s.%N); c1=$(cpu_ticks "$SERVER_PID"); p1=$(voice_metrics); d1=$(udp_drops "$SERVER_PID")
rss1=$(rss_kb "$SERVER_PID")
legs_at=$(voice_figure legs)
top_threads=$(top -b -H -n 1 -p "$SERVER_PID" | awk 'NR > 7 && $9 > 0.5 {print $12 "=" $9 "%"}' | head -6 | tr '\n' ' ')
echo "window: $(echo "$w1 - $w0" | bc -l | cut -c1-5) s with legs=$legs_at"
fig() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
wall=$(echo "$w1 - $w0" | bc -l)
cpu=$(echo "($c1 - $c0) / $CLK_TCK / $wall" | bc -l)
calls_up=$((legs_at / 2))
pin=$(echo "($(fig "$p1" rtp_packets_in) - $(fig "$p0" rtp_packets_in)) / $wall" | bc -l)
pta=$(echo "($(fig "$p1" rtp_to_agents) - $(fig "$p0" rtp_to_agents)) / $wall" | bc -l)
ptc=$(echo "($(fig "$p1" rtp_to_customers) - $(fig "$p0" rtp_to_customers)) / $wall" | bc -l)
printf 'server CPU: %.1f%% of one core = %.3f ms CPU per call-second (%d calls up); threads: %s\n' \
  "$(echo "$cpu * 100" | bc -l)" "$(echo "$cpu * 1000 / $calls_up" | bc -l)" "$calls_up" "$top_threads"
printf 'RTP/s: in %.0f, to agents %.0f, to customers %.0f; expected in (2 x 50 x calls) %d; relayed/in %.4f\n' \
  "$pin" "$pta" "$ptc" $((100 * calls_up)) "$(echo "($pta + $ptc) / $pin" | bc -l)"
read -r ds0 dr0 _ <<< "$d0"
read -r ds1 dr1 dn1 <<< "$d1"
echo "kernel drops on the server's sockets in the window: SIP $((ds1 - ds0)), RTP $((dr1 - dr0)) ($dn1 RTP sockets open; total since start: SIP $ds1, RTP $dr1)"
echo "kernel drops on the load generators' media sockets (total): $(ss -uanmp 2> /dev/null | awk '/users:/ {s = ($0 ~ /sipp|rtp_load/); l = $4; next} /skmem/ && s {match($0, /,d[0-9]+\)/); d = substr($0, RSTART + 2, RLENGTH - 3) + 0; if (d) printf "%s %d; ", l, d}')"
printf 'RSS: %d kB before, %d kB with %d calls: %.1f kB per call\n' "$rss0" "$rss1" "$calls_up" \
  "$(echo "($rss1 - $rss0) / $calls_up" | bc -l)"
if [ "$MEDIA" = load ]; then  # its window ends 2 s after ours, plus 2 s for late packets
  for _ in $(seq 1 100); do grep -q "^load:" "$WORK/probe.txt" 2> /dev/null && break; sleep 0.1; done
fi
echo "waiting for the calls to end..."
wait "$CUST" || true
for _ in $(seq 1 100); do [ "$(voice_figure legs)" = 0 ] && break; sleep 0.2; done
stat=$WORK/customer_stat.csv
echo "sipp customers: exit $(cat "$WORK/customer.rc"), successful $(sipp_stat "$stat" 'SuccessfulCall(C)'), failed $(sipp_stat "$stat" 'FailedCall(C)')"
rtt=$(ls "$WORK"/customer_*_rtt.csv | head -1)
echo "set-up ms (INVITE to 200) p50/p90/p99/max: $(rtt_summary "$rtt" 1 | tr ' ' '/')"
echo "server after: $(voice_metrics) rss_kb=$(rss_kb "$SERVER_PID")"
[ -s "$WORK/customer_err.log" ] && echo "customer errors: $(grep -c . "$WORK/customer_err.log") lines: $(grep -m1 -v '^$' "$WORK/customer_err.log" | cut -c1-200)"
[ -s "$WORK/agent_err.log" ] && echo "agent errors: $(grep -c . "$WORK/agent_err.log") lines: $(grep -m1 -v '^$' "$WORK/agent_err.log" | cut -c1-200)"
python3 - "$WORK/recordings" << 'PY' || true
import glob, statistics, sys, wave
d, ch = [], set()
for f in glob.glob(sys.argv[1] + "/*.wav"):
    with wave.open(f) as w:
        d.append(w.getnframes() / w.getframerate()); ch.add(w.getnchannels())
print(f"recordings: {len(d)} files, channels {sorted(ch)}, seconds min/median/max "
      f"{min(d):.2f}/{statistics.median(d):.2f}/{max(d):.2f}" if d else "recordings: none")
PY
echo "latency probes (round trips; relay added per direction = (relay - direct) / 2):"
cat "$WORK/probe.txt" 2> /dev/null || echo "(no probe results)"
grep -ci warn "$WORK/server.err" | sed 's/^/server warnings: /'
