#!/usr/bin/env bash
# make bench-startup: start each variant RUNS times, one after another on this machine, and report
# the median time from process start to the first 200 on /health, to the first answered
# Alertmanager delivery (the sandbox: VPSie login, cluster read and plan included), and the
# resident memory after it. "bare" is a Micronaut 4.10 hello world with health (bench/bare), on the
# same parent and JVM: the floor for this framework here. Where a JDK 25 is found (JAVA25_HOME, else
# /usr/lib/jvm/*25*), both are also started on it the way the JVM image starts (its AOT cache), and
# plainly.
#
#   RUNS=5 (default)   JAR=target/vpsie-autoscaler-*.jar   BARE=bench/bare/target/bare-1.jar   JAVA25_HOME=
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
# The flags bin/vpsie-autoscaler gives a JDK of this release, asked of a java that prints its
# arguments, without an archive (the bare app gets its own): "the same tricks" stay the script's.
script_flags() {
  local fake; fake="$(mktemp -d)"
  mkdir -p "$fake/bin" && printf '#!/bin/sh\necho "$@"\n' > "$fake/bin/java" && chmod +x "$fake/bin/java"
  echo "JAVA_VERSION=\"$1\"" > "$fake/release"
  env -u JAVA_OPTS JAVA_HOME="$fake" VPSIE_AUTOSCALER_JAR="$JAR" VPSIE_AUTOSCALER_CDS="$fake/none" bin/vpsie-autoscaler | sed 's/ -jar .*//'
  rm -rf "$fake"
}
# JDK 17: C1 only; JDK 25: its own heap and C2 (both caches are trained with C1 only, as ours are).
read -ra fast <<< "$(script_flags 17)"
read -ra fast25 <<< "$(script_flags 25)"
J25="${JAVA25_HOME:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | sed -n 1p || true)}"
[[ -n $J25 && -x $J25/bin/java ]] || J25=""
variants=(ours-shipped ours-bin bare bare-fast)
[[ -n $J25 ]] && variants+=(ours-bin-25 bare-25 bare-fast-25)
command_of() {
  case "$1" in
    ours-shipped) echo java "${shipped[@]}" -Dmicronaut.environments=sandbox -Dsandbox.export-events=false -jar "$JAR" ;;
    ours-bin) echo env VPSIE_AUTOSCALER_JAR="$JAR" bin/vpsie-autoscaler -Dmicronaut.environments=sandbox -Dsandbox.export-events=false ;;
    ours-bin-25) echo env JAVA_HOME="$J25" VPSIE_AUTOSCALER_JAR="$JAR" bin/vpsie-autoscaler -Dmicronaut.environments=sandbox -Dsandbox.export-events=false ;;
    bare) echo java "${shipped[@]}" -jar "$BARE" ;;
    bare-25) echo "$J25/bin/java" "${shipped[@]}" -jar "$BARE" ;;
    bare-fast) echo java "${fast[@]}" -XX:SharedArchiveFile="${BARE%.jar}.jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$BARE" ;;
    bare-fast-25) echo "$J25/bin/java" "${fast25[@]}" -XX:AOTCache="${BARE%.jar}.aot" -Xlog:aot=off -Xlog:cds=off -jar "$BARE" ;;
  esac
}

# The bare app's own archive, made the same way as ours (one start to its first health answer and
# one request). An archive only fits the jar that made it: made again whenever the jar is newer.
train_bare() {
  local archive="$1" java="$2"; shift 2
  [[ $archive -nt $BARE ]] && return
  local p; p="$(port)"
  "$java" "${fast[@]}" "$@" -Dmicronaut.server.port="$p" -jar "$BARE" > target/bench-startup-bare-train.log 2>&1 &
  local pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$p/health"; do sleep 0.05; done
  curl -fs -o /dev/null "http://127.0.0.1:$p/hello"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [[ -s $archive ]] || { echo "no archive for the bare app; see target/bench-startup-bare-train.log" >&2; exit 1; }
}
train_bare "${BARE%.jar}.jsa" java -XX:ArchiveClassesAtExit="${BARE%.jar}.jsa"
[[ $(VPSIE_AUTOSCALER_JAR="$JAR" bin/vpsie-autoscaler archive) -nt $JAR ]] || VPSIE_AUTOSCALER_JAR="$JAR" bin/vpsie-autoscaler train
if [[ -n $J25 ]]; then
  train_bare "${BARE%.jar}.aot" "$J25/bin/java" -XX:AOTCacheOutput="${BARE%.jar}.aot"
  [[ $(JAVA_HOME="$J25" VPSIE_AUTOSCALER_JAR="$JAR" bin/vpsie-autoscaler archive) -nt $JAR ]] \
    || JAVA_HOME="$J25" VPSIE_AUTOSCALER_JAR="$JAR" bin/vpsie-autoscaler train
fi

for run in $(seq 1 "$RUNS"); do
  # Interleaved, so a machine that gets busier part-way slows every variant alike.
  for v in "${variants[@]}"; do
    read -r h w r < <(measure "$v" $(command_of "$v"))
    H[$v]+="$h "; W[$v]+="$w "; R[$v]+="$r "
  done
  echo "run $run of $RUNS done" >&2
done

declare -A MH MW MR
per() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
# One variant's first /health against another's.
ratio() { per "${MH[$1]}" "${MH[$2]}"; }
# The median of one variant's runs, "-" (the bare app has no webhook) left out.
of_runs() { tr ' ' '\n' <<< "$1" | { grep -v '^[-]*$' || true; } | median; }
{
  echo "Start-up, median of $RUNS runs ($(nproc) cores, $(java -version 2>&1 | sed -n 1p)${J25:+ and $("$J25/bin/java" -version 2>&1 | sed -n 1p)}, $(date -u +%Y-%m-%d))"
  echo
  echo "| variant | first 200 on /health (ms) | first answered webhook (ms) | RSS after (MB) |"
  echo "|---|---|---|---|"
  for v in "${variants[@]}"; do
    MH[$v]=$(of_runs "${H[$v]}") MW[$v]=$(of_runs "${W[$v]}") MR[$v]=$(of_runs "${R[$v]}")
    echo "| $v | ${MH[$v]} | ${MW[$v]} | ${MR[$v]} |"
  done
  echo
  echo "- bin/vpsie-autoscaler vs the bare app started plainly: $(ratio ours-bin bare); vs the bare app with the same flags and its own archive: $(ratio ours-bin bare-fast)"
  echo "- bin/vpsie-autoscaler vs the jar as shipped before: $(ratio ours-bin ours-shipped); its first webhook vs its first /health: $(per "${MW[ours-bin]}" "${MH[ours-bin]}")"
  if [[ -n $J25 ]]; then
    echo "- on JDK 25 (the JVM image): vs the bare app started plainly on the default java: $(ratio ours-bin-25 bare), on JDK 25: $(ratio ours-bin-25 bare-25); vs the bare app with the same flags and its own AOT cache: $(ratio ours-bin-25 bare-fast-25); first webhook vs first /health: $(per "${MW[ours-bin-25]}" "${MH[ours-bin-25]}")"
  fi
} | tee "$OUT"
