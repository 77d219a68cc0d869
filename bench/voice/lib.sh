# shellcheck shell=bash
# Shared helpers of the voice benchmarks (sourced): a server with [voice]
# on loopback, a queue "vbench" (no skills, ACW 0) and AGENTS agents
# vb01..vbNN logged in ready, each with a phone at sip:vbNN@127.0.0.1:$AGENT_SIP
# (one sipp UAS answers for all of them). See bench/voice/README.md.
source "$(dirname "${BASH_SOURCE[0]}")/../server/lib.sh"
VOICE_DIR=$ROOT/bench/voice
SIPP=${SIPP:-sipp}
AGENTS=${AGENTS:-50}
SIP_PORT=${SIP_PORT:-25060}       # Switchyard's SIP
AGENT_SIP=${AGENT_SIP:-25070}     # the agents' phones (sipp UAS)
AGENT_MEDIA=${AGENT_MEDIA:-26000} # their RTP (echo) port
CUSTOMER_SIP=${CUSTOMER_SIP:-25080}
CUSTOMER_MEDIA=${CUSTOMER_MEDIA:-27000}
RTP_MIN=${RTP_MIN:-40000}
RTP_MAX=${RTP_MAX:-49999}
SERVER_CPUS=${SERVER_CPUS:-0}     # taskset list for the server
SIPP_CPUS=${SIPP_CPUS:-1}         # and for the sipps
OFFER_TIMEOUT_MS=${OFFER_TIMEOUT_MS:-20000}

# write_voice_config DIR: DIR/voice.toml
write_voice_config() {
  local dir=$1 i name
  {
    echo "[voice]"
    echo "enabled = true"
    echo "address = \"127.0.0.1\""
    echo "sip_port = $SIP_PORT"
    echo "rtp_port_min = $RTP_MIN"
    echo "rtp_port_max = $RTP_MAX"
    echo "trunk_sources = [\"127.0.0.1\"]"
    echo "recordings_dir = \"$dir/recordings\""
    [ -n "${RTP_THREADS:-}" ] && echo "rtp_threads = $RTP_THREADS"
    echo "numbers = { \"2000\" = \"vbench\" }"
    echo "[voice.agents]"
    for i in $(seq 1 "$AGENTS"); do
      name=$(printf 'vb%02d' "$i")
      echo "$name = \"sip:$name@127.0.0.1:$AGENT_SIP\""
    done
  } > "$dir/voice.toml"
}

api() {  # api METHOD PATH [BODY]: prints the body, fails on >= 300
  local code
  code=$(curl -s -o "$WORK/api.out" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' "http://127.0.0.1:$PORT$2" ${3:+-d "$3"})
  if [ "$code" -ge 300 ]; then echo "$1 $2 -> $code: $(cat "$WORK/api.out")" >&2; return 1; fi
  cat "$WORK/api.out"
}

# setup_center: engine settings (no wrap-up, no back-off, no miss limit),
# the queue and the agents, logged in ready.
setup_center() {
  TOKEN=$(login_token)
  [ -n "$TOKEN" ] || { echo "admin login failed" >&2; return 1; }
  local s
  s=$(api GET /api/v1/settings)
  s=$(echo "$s" | jq -c ".default_acw_ms = 0 | .missed_backoff_ms = 0 | .max_consecutive_misses = 0 | .offer_timeout_ms = $OFFER_TIMEOUT_MS")
  api PUT /api/v1/settings "$s" > /dev/null
  api POST /api/v1/queues '{"name":"vbench","channel":"voice","acw_ms":0}' > /dev/null
  # 4 at a time (each is a durable commit)
  local base="http://127.0.0.1:$PORT/api/v1/agents"
  seq 1 "$AGENTS" | xargs -P 4 -I{} sh -c '
    name=$(printf "vb%02d" {})
    curl -sf -o /dev/null -X POST -H "Authorization: Bearer $1" -H "Content-Type: application/json" "$2" \
      -d "{\"name\":\"$name\",\"capacity\":{\"voice\":1,\"chat\":0,\"email\":0,\"sms\":0,\"social\":0}}" &&
    curl -sf -o /dev/null -X POST -H "Authorization: Bearer $1" -H "Content-Type: application/json" "$2/$name/login" \
      -d "{\"ready\":true}" || echo "agent $name: set-up failed" >&2' _ "$TOKEN" "$base"
  echo "center: queue vbench (ACW 0), $AGENTS agents ready, settings $(api GET /api/v1/settings)"
}

# udp_drops PID: "SIP_DROPS RTP_DROPS SOCKETS": datagrams the kernel dropped
# on PID's UDP sockets (receive buffer full; ss skmem d), the SIP port
# apart, over the sockets open now
udp_drops() {
  ss -uanmp 2> /dev/null | awk -v pid="pid=$1," -v sip=":$SIP_PORT" '
    /users:/ {mine = index($0, pid) > 0; local = $4; next}
    /skmem/ && mine {match($0, /,d[0-9]+\)/); d = substr($0, RSTART + 2, RLENGTH - 3) + 0
      if (substr(local, length(local) - length(sip) + 1) == sip) s += d; else {r += d; n++}}
    END {print s + 0, r + 0, n + 0}'
}

# voice_metrics: the switchyard_voice figures on one line
voice_metrics() {
  curl -sf "http://127.0.0.1:$PORT/metrics" | sed -n 's/^switchyard_voice{figure="\([a-z_]*\)"} \(.*\)$/\1=\2/p' | tr '\n' ' '
}
voice_figure() { curl -sf "http://127.0.0.1:$PORT/metrics" | sed -n "s/^switchyard_voice{figure=\"$1\"} \\(.*\\)\$/\\1/p"; }

# cpu_ticks PID: utime+stime in clock ticks; rss_kb PID
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
CLK_TCK=$(getconf CLK_TCK)

# voice_machine_info: nproc, lscpu, uptime (for bench/RESULTS.md)
voice_machine_info() {
  machine_info
  echo "nproc: $(nproc)"
  lscpu | head -15
  echo "uptime: $(uptime)"
  echo "sipp: $($SIPP -v 2>&1 | grep -m1 SIPp | sed 's/^ *//')"
}

# start_voice_server DIR: a fresh server (demo users, SQLite in DIR) with
# the voice config, pinned to SERVER_CPUS; then setup_center.
start_voice_server() {
  local dir=$1
  write_voice_config "$dir"
  start_server "$dir" --demo --demo-history-days 0 --config "$dir/voice.toml" --store "sqlite:$dir/db.sqlite" || return 1
  # all its threads (later ones inherit from their creator)
  taskset -a -cp "$SERVER_CPUS" "$SERVER_PID" > /dev/null
  setup_center
}

# sipp_stat FILE FIELD: the last value of FIELD in a sipp -trace_stat CSV
sipp_stat() {
  awk -F';' -v f="$2" 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == f) c = i; next} {v = $c} END {print v}' "$1"
}

# rtt_summary FILE N: "p50 p90 p99 max" (ms) of response time N in a sipp
# -trace_rtt CSV (Date_ms;response_time_ms;rtd_no)
rtt_summary() {
  awk -F';' -v n="$2" 'NR > 1 && $3 == n {print $2}' "$1" | percentiles
}

# percentiles: "p50 p90 p99 max" of the numbers on stdin, one a line
percentiles() {
  sort -g | awk '{v[NR] = $1}
    function at(q,  i) {i = int(NR * q); if (i < 1) i = 1; return v[i]}
    END {if (!NR) {print "- - - -"; exit} printf "%.1f %.1f %.1f %.1f\n", at(0.5), at(0.9), at(0.99), v[NR]}'
}

# write_tone FILE SECONDS: G.711 mu-law WAV (format 7) of silence (0xFF), what
# sipp's rtp_stream plays as 160-byte PCMU payloads every 20 ms.
write_tone() {
  local n=$(($2 * 8000))
  le32() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $((($1 >> 8) & 255)) $((($1 >> 16) & 255)) $((($1 >> 24) & 255)))"; }
  le16() { printf "$(printf '\\x%02x\\x%02x' $(($1 & 255)) $((($1 >> 8) & 255)))"; }
  {
    printf 'RIFF'; le32 $((4 + 26 + 8 + n)); printf 'WAVEfmt '; le32 18; le16 7; le16 1; le32 8000; le32 8000
    le16 1; le16 8; le16 0; printf 'data'; le32 "$n"
    head -c "$n" /dev/zero | tr '\0' '\377'
  } > "$1"
}

# make_scenarios DIR CUSTOMER_RTP AGENT_RTP RING_MS BYE_MS [LOAD_CPORT LOAD_PPORT]:
# DIR/customer.xml and DIR/agent.xml; *_RTP 1: that side streams tone.wav
# (sipp rtp_stream, looped, from the moment the call is answered). With
# LOAD_CPORT and LOAD_PPORT (MEDIA=load) neither sipp touches media: the
# SDPs name rtp_load's ports instead of sipp's own, and the customers log
# each answer's relay port ("relay: PORT").
make_scenarios() {
  local dir=$1 crtp=$2 artp=$3 ring=$4 bye=$5 cport=${6:-} pport=${7:-}
  local stream='  <nop><action><exec rtp_stream="tone.wav,-1,0"/></action></nop>'
  local cnote="sends no RTP" anote="sends no RTP," on200=""
  [ "$crtp" = 1 ] && cnote="streams RTP (tone.wav, looped)"
  [ "$artp" = 1 ] && anote="streams RTP (tone.wav, looped),"
  if [ -n "$cport" ]; then
    cnote="leaves its RTP to rtp_load (the relay port is logged)"
    anote="leaves its RTP to rtp_load,"
    on200='<action><ereg regexp="m=audio ([0-9]+)" search_in="body" check_it="true" assign_to="m,relay_port"/><log message="relay: [$relay_port] ([$m])"/></action>'
  fi
  awk -v rtp="$([ "$crtp" = 1 ] && echo "$stream")" -v note="$cnote" -v bye="$bye" -v on200="$on200" -v port="$cport" '
    /^@RTP@$/ {if (rtp != "") print rtp; next}
    {gsub("@RTP_NOTE@", note); gsub("@BYE_TIMEOUT_MS@", bye); gsub("@ON_200@", on200)
     if (port != "") gsub(/m=audio \[media_port\]/, "m=audio " port); print}' \
    "$VOICE_DIR/customer.xml.in" > "$dir/customer.xml"
  awk -v rtp="$([ "$artp" = 1 ] && echo "$stream")" -v note="$anote" -v ring="$ring" -v port="$pport" '
    /^@RTP@$/ {if (rtp != "") print rtp; next}
    /^@RING@$/ {if (ring > 0) print "  <pause milliseconds=\"" ring "\"/>"; next}
    {gsub("@RTP_NOTE@", note); gsub("@RING_MS@", ring)
     if (port != "") gsub(/m=audio \[media_port\]/, "m=audio " port); print}' "$VOICE_DIR/agent.xml.in" > "$dir/agent.xml"
}
