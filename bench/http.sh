#!/usr/bin/env bash
# make bench-http: the function's front door under load. Starts the jar the shipped way
# (bin/vpsie-autoscaler, sandbox) and drives each route with wrk for DURATION after a WARMUP, one
# route at a time, then reports requests/s and p99 latency, each beside GET /health measured in the
# same run (the framework's floor on this machine).
#
#   DURATION=15s  WARMUP=5s  CONNECTIONS=16  THREADS=2  JAR=target/vpsie-autoscaler-*.jar
#
# The token's request budget (autoscaler.auth.mutations-per-minute) is lifted for the run, so the
# figures are the routes' own cost, not the 429 answers a real token holder would get past 300/min.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-15s}" WARMUP="${WARMUP:-5s}" CONNECTIONS="${CONNECTIONS:-16}" THREADS="${THREADS:-2}"
JAR="${JAR:-$(ls target/vpsie-autoscaler-*.jar | grep -v original- | sed -n 1p)}"
OUT="${OUT:-target/bench-http.md}" LOG=target/bench-http.log
command -v wrk >/dev/null || .ci/install-tools.sh wrk

# A FailedScheduling event seen now (older than autoscaler.events.max-age would be ignored as stale).
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
event="target/bench-http-event.json"
printf '{"reason":"FailedScheduling","type":"Warning","message":"0/1 nodes are available: 1 Insufficient cpu.","involvedObject":{"kind":"Pod","namespace":"shop","name":"web-0"},"firstTimestamp":"%s","lastTimestamp":"%s"}' "$now" "$now" > "$event"

# shellcheck source=bench/lib.sh
. bench/lib.sh
trap 'kill "${pid:-0}" 2>/dev/null || true' EXIT
start_sandbox "$LOG" -Dautoscaler.auth.mutations-per-minute=1000000000

# route name, method script, path, body file (for POST)
routes=(
  "GET /health|get.lua|/health|"
  "POST /v1/webhooks/alertmanager (triggers)|post.lua|/v1/webhooks/alertmanager|bench/wrk/alert-triggers.json"
  "POST /v1/webhooks/alertmanager (ignored)|post.lua|/v1/webhooks/alertmanager|bench/wrk/alert-ignored.json"
  "POST /v1/webhooks/events (FailedScheduling)|post.lua|/v1/webhooks/events|$event"
  "GET /v1/plan|get.lua|/v1/plan|"
)
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }
declare -a rps p99 errs
for i in "${!routes[@]}"; do
  IFS='|' read -r name script path body <<<"${routes[$i]}"
  BODY="$body" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "bench/wrk/$script" "$url$path" >/dev/null
  result="$(BODY="$body" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "bench/wrk/$script" "$url$path")"
  echo "== $name" >> "$LOG"; echo "$result" >> "$LOG"
  rps[$i]="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$result")"
  p99[$i]="$(awk '$1 == "99%" {print $2}' <<<"$result" | to_ms)"
  errs[$i]="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$result")"
  errs[$i]="${errs[$i]:-0}"
done
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; trap - EXIT

{
  echo "make bench-http: wrk -t$THREADS -c$CONNECTIONS -d$DURATION (after $WARMUP of warm-up), $(nproc) cores, $(java -version 2>&1 | sed -n 1p), $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "| route | requests/s | vs /health | p99 | vs /health | non-2xx |"
  echo "|---|---|---|---|---|---|"
  for i in "${!routes[@]}"; do
    IFS='|' read -r name _ <<<"${routes[$i]}"
    awk -v n="$name" -v r="${rps[$i]}" -v r0="${rps[0]}" -v p="${p99[$i]}" -v p0="${p99[0]}" -v e="${errs[$i]}" \
      'BEGIN {printf "| %s | %d | %.2fx | %.1f ms | %.1fx | %s |\n", n, r, r / r0, p, p / p0, e}'
  done
} | tee "$OUT"
echo "full wrk output and the function's log: $LOG"
