#!/usr/bin/env bash
# Times a simulated 24-hour day of a 10,000-agent center (examples/large.toml,
# about 2M contacts) through the real engine. Usage: simulate_day.sh SWITCHYARD_BINARY
set -euo pipefail
bin=${1:?usage: simulate_day.sh path/to/switchyard}
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for i in 1 2 3; do
  start=$(date +%s.%N)
  "$bin" simulate examples/large.toml --json > /tmp/switchyard-large-$i.json
  end=$(date +%s.%N)
  echo "run $i: wall $(echo "$end - $start" | bc) s"
done
python3 - <<'PY'
import json
d = json.load(open('/tmp/switchyard-large-1.json'))
o = d['overall']; r = d.get('run', {})
print(f"offered {o['offered']}  answered {o['answered']}  SL {o['service_level']:.3f}  "
      f"occupancy {o['occupancy']:.3f}  events {r.get('events')}  events/s {r.get('events_per_s')}")
PY
