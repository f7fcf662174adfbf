#!/usr/bin/env bash
# make bench-dump: POST /v1/plan with a cluster's worth of JSON. Writes a kubectl-shaped dump of
# NODES nodes and PODS pods (managedFields, last-applied annotations, statuses, images: about
# 200 MB for 1,000 and 30,000) and the same cluster as a compact scenario (about 16 MB), starts the
# function the shipped way (bin/vpsie-autoscaler, sandbox) with its heap capped at HEAP, posts each
# RUNS times, and reports the median time to the answer, the most heap in use while it was read
# and planned (sampled every 0.1 s from /prometheus) above the heap in use before, and the RSS after.
#
#   NODES=1000  PODS=30000  RUNS=3  HEAP=288m (start-up needs about 35 MB: 288m leaves ~250 MB for the body)
set -euo pipefail
cd "$(dirname "$0")/.."
NODES="${NODES:-1000}" PODS="${PODS:-30000}" RUNS="${RUNS:-3}" HEAP="${HEAP:-288m}"
JAR="${JAR:-$(ls target/vpsie-autoscaler-*.jar | grep -v original- | sed -n 1p)}"
DIR=target/dumps OUT="${OUT:-target/bench-dump.md}" LOG=target/bench-dump.log
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" com.vpsie.autoscaler.bench.ClusterDumps "$DIR" "$NODES" "$PODS"

# shellcheck source=bench/lib.sh
. bench/lib.sh
trap 'kill "${pid:-0}" 2>/dev/null || true; kill "${poller:-0}" 2>/dev/null || true' EXIT
# The JVM memory binder is off by default (nothing in the dashboard reads it): on here, for the heap figures.
JAVA_OPTS="-Xmx$HEAP -Dmicronaut.metrics.binders.jvm.enabled=true" start_sandbox "$LOG"

heap_used() { curl -fs "$url/prometheus" | awk 'index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 {s += $NF} END {printf "%d", s / 1048576}'; }
rss() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$pid/status"; }

report=()
for body in compact-scenario kubectl-dump; do
  file="$DIR/$body.json"
  size=$(( $(stat -c %s "$file") / 1048576 ))
  times=() peaks=()
  for run in $(seq 1 "$RUNS"); do
    before=$(heap_used)
    ( while true; do heap_used; echo; sleep 0.1; done ) > "target/bench-dump-heap.txt" 2>/dev/null &
    poller=$!
    answer="$(curl -s -o target/bench-dump-answer.json -w '%{http_code} %{time_total}' -X POST "$url/v1/plan" \
      -H 'Authorization: Bearer sandbox' -H 'Content-Type: application/json' --data-binary @"$file")"
    kill "$poller" 2>/dev/null || true; wait "$poller" 2>/dev/null || true
    kill -0 "$pid" 2>/dev/null || { echo "the function died reading $body (out of heap at -Xmx$HEAP?); see $LOG" >&2; exit 1; }
    [[ ${answer%% *} == 200 ]] || { echo "$body: HTTP ${answer%% *}: $(head -c 300 target/bench-dump-answer.json)" >&2; exit 1; }
    peak=$(sort -n target/bench-dump-heap.txt | tail -1)
    times+=("$(awk -v t="${answer#* }" 'BEGIN {printf "%d", t * 1000}')")
    peaks+=("$(( ${peak:-$before} - before ))")
    echo "$body run $run: ${times[-1]} ms, heap +${peaks[-1]} MB" >> "$LOG"
  done
  scale_up=$(python3 -c "import json,sys; p=json.load(open('target/bench-dump-answer.json')); print(sum(g.get('scaleUp',0) for g in p['nodeGroups']))")
  report+=("| $body | $size MB | $(printf '%s\n' "${times[@]}" | median) ms | $(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ' | sed 's/ $//') | +$(printf '%s\n' "${peaks[@]}" | median) MB | $(rss) MB | $scale_up |")
done
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; trap - EXIT

{
  echo "make bench-dump: $NODES nodes, $PODS pods, RUNS=$RUNS, -Xmx$HEAP, $(nproc) cores, $(java -version 2>&1 | sed -n 1p), $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "| body | size | median time to the plan | each run (ms) | heap in use above before (median of peaks) | RSS after | nodes the plan adds |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${report[@]}"
} | tee "$OUT"
echo "log: $LOG"
