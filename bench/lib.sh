# Sourced by the bench scripts.
#   start_sandbox LOG [JVM arguments...]   the function started the shipped way (bin/vpsie-autoscaler) in its
#                                          sandbox on a random port, until /health answers; sets pid and url;
#                                          JAR and JAVA_OPTS are taken from the caller
#   median                                 the median of the numbers on stdin, one a line ("-" for none)
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print a[int((NR + 1) / 2)]}'; }

start_sandbox() {
  local log="$1"; shift
  local port=$((20000 + RANDOM % 20000))
  url="http://127.0.0.1:$port"
  VPSIE_AUTOSCALER_JAR="$JAR" PORT="$port" bin/vpsie-autoscaler -Dmicronaut.environments=sandbox -Dsandbox.export-events=false \
    "$@" > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "$url/health" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "the function exited; see $log" >&2; exit 1; }
    sleep 0.1
  done
  echo "no answer on /health within 60 s; see $log" >&2
  exit 1
}
