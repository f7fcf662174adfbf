# Sourced by bench/http.sh and bench/dump.sh: the function started the shipped way
# (bin/vpsie-autoscaler) in its sandbox on a random port, waited for until /health answers.
#   start_sandbox LOG [JVM arguments...]   sets pid and url; JAR and JAVA_OPTS are taken from the caller
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
