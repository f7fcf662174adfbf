#!/usr/bin/env bash
# make bench-startup: start each variant RUNS times, one after another on this machine, and report
# the median time from process start to the first 200 on /health, to the first answered
# Alertmanager delivery (the sandbox: VPSie login, cluster read and plan included), and the
# resident memory after it. "bare" is a Micronaut 4.10 hello world with health (bench/bare), on the
# same parent and JVM: the floor for this framework here.
#
#   RUNS=5 (default)   JAR=target/vpsie-autoscaler-*.jar   BARE=bench/bare/target/bare-1.jar
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
JAR="${JAR:-$(ls target/vpsie-autoscaler-*.jar | grep -v original- | sed -n 1p)}"
BARE="${BARE:-bench/bare/target/bare-1.jar}"
OUT="${OUT:-target/bench-startup.md}"
ALERT='{"version":"4","status":"firing","receiver":"autoscaler","groupKey":"bench","alerts":[{"status":"firing","labels":{"alertname":"KubePodsPending"},"startsAt":"2026-01-01T00:00:00Z"}]}'
shipped=(-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError)

now_ms() { date +%s%3N; }
port() { echo $((20000 + RANDOM % 20000)); }

# One start: prints "health_ms webhook_ms rss_mb" (webhook "-" for the bare app).
measure() {
  local kind="$1"; shift
  local p; p="$(port)"
  local t0 pid health="" hook="-" rss
  t0="$(now_ms)"
  "$@" -Dmicronaut.server.port="$p" > "target/bench-startup-$kind.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    if curl -fs -o /dev/null "http://127.0.0.1:$p/health"; then health=$(( $(now_ms) - t0 )); break; fi
    kill -0 "$pid" 2>/dev/null || { echo "$kind exited; see target/bench-startup-$kind.log" >&2; return 1; }
    sleep 0.01
  done
  if [[ $kind != bare* ]]; then
    curl -fs -o /dev/null -X POST "http://127.0.0.1:$p/v1/webhooks/alertmanager" -H 'Authorization: Bearer sandbox' \
      -H 'Content-Type: application/json' -d "$ALERT"
    hook=$(( $(now_ms) - t0 ))
  fi
  rss=$(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$health $hook $rss"
}

# shellcheck source=bench/lib.sh
. bench/lib.sh

declare -A H W R
variants=(ours-shipped ours-bin bare bare-fast)
command_of() {
  case "$1" in
    ours-shipped) echo java "${shipped[@]}" -Dmicronaut.environments=sandbox -Dsandbox.export-events=false -jar "$JAR" ;;
    ours-bin) echo env VPSIE_AUTOSCALER_JAR="$JAR" bin/vpsie-autoscaler -Dmicronaut.environments=sandbox -Dsandbox.export-events=false ;;
    bare) echo java "${shipped[@]}" -jar "$BARE" ;;
    bare-fast) echo java "${shipped[@]}" -Xms32m -XX:NewSize=16m -XX:-UsePerfData -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
      -XX:SharedArchiveFile="${BARE%.jar}.jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$BARE" ;;
  esac
}

# The bare app's own archive, made the same way as ours (one start to its first health answer).
# An archive only fits the jar that made it: made again whenever the jar is newer.
if [[ ! ${BARE%.jar}.jsa -nt $BARE ]]; then
  p="$(port)"
  java -XX:-UsePerfData -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit="${BARE%.jar}.jsa" \
    -Dmicronaut.server.port="$p" -jar "$BARE" > target/bench-startup-bare-train.log 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$p/health"; do sleep 0.05; done
  kill "$pid"; wait "$pid" 2>/dev/null || true
fi
[[ ${JAR%.jar}.jsa -nt $JAR ]] || VPSIE_AUTOSCALER_JAR="$JAR" bin/vpsie-autoscaler train

for run in $(seq 1 "$RUNS"); do
  # Interleaved, so a machine that gets busier part-way slows every variant alike.
  for v in "${variants[@]}"; do
    read -r h w r < <(measure "$v" $(command_of "$v"))
    H[$v]+="$h "; W[$v]+="$w "; R[$v]+="$r "
  done
  echo "run $run of $RUNS done" >&2
done

{
  echo "Start-up, median of $RUNS runs ($(nproc) cores, $(java -version 2>&1 | sed -n 1p), $(date -u +%Y-%m-%d))"
  echo
  echo "| variant | first 200 on /health (ms) | first answered webhook (ms) | RSS after (MB) |"
  echo "|---|---|---|---|"
  for v in "${variants[@]}"; do
    h=$(tr ' ' '\n' <<< "${H[$v]}" | { grep -v '^$' || true; } | median)
    w=$(tr ' ' '\n' <<< "${W[$v]}" | { grep -v '^[-]*$' || true; } | median)
    r=$(tr ' ' '\n' <<< "${R[$v]}" | { grep -v '^$' || true; } | median)
    echo "| $v | $h | $w | $r |"
    eval "med_h_${v//-/_}=$h; med_r_${v//-/_}=$r"
  done
  echo
  awk -v a="$med_h_ours_shipped" -v b="$med_h_bare" -v c="$med_h_ours_bin" -v d="$med_h_bare_fast" -v ra="$med_r_ours_bin" -v rb="$med_r_bare_fast" \
    'BEGIN { printf "ours/bare to /health: as shipped before %.2fx; bin/vpsie-autoscaler vs bare with the same flags and archive %.2fx; RSS %.2fx\n", a / b, c / d, ra / rb;
             printf "bin/vpsie-autoscaler vs the jar as shipped before: %.2fx\n", c / a }'
} | tee "$OUT"
