#!/usr/bin/env bash
# make bench-lambda: RUNS cold starts of the HTTP API handler infra/lambda/template.yaml names
# (LambdaColdStart, in the test sources), on the Lambda package unpacked as Lambda's Java runtime
# unpacks it (its root and lib/*.jar on the classpath), with the template's JAVA_TOOL_OPTIONS,
# as far as that goes without AWS: no Lambda runtime, no SnapStart. Prints the medians, in
# milliseconds since the JVM started, to the handler ready and to one Alertmanager delivery answered.
#
#   RUNS=5 (default)   PACKAGE=target/vpsie-autoscaler-*-lambda.zip
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
PACKAGE="${PACKAGE:-$(ls target/vpsie-autoscaler-*-lambda.zip | sed -n 1p)}"
task=target/bench-lambda-task
rm -rf "$task" && python3 -m zipfile -e "$PACKAGE" "$task"
# shellcheck source=bench/lib.sh
. bench/lib.sh
# The template's own options, read from it so the two cannot drift apart.
opts="$(sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' infra/lambda/template.yaml)"
[[ -n $opts ]] || { echo "no JAVA_TOOL_OPTIONS in infra/lambda/template.yaml" >&2; exit 1; }
ready="" answered=""
for run in $(seq 1 "$RUNS"); do
  # shellcheck disable=SC2086
  read -r r a status < <(java $opts -cp "target/test-classes:$task:$task/lib/*" com.vpsie.autoscaler.lambda.LambdaColdStart 2> target/bench-lambda.log | tail -1)
  [[ $status == 202 ]] || { echo "the delivery was answered $status; see target/bench-lambda.log" >&2; exit 1; }
  ready+="$r"$'\n' answered+="$a"$'\n'
done
{
  echo "Lambda handler cold start, median of $RUNS ($(nproc) cores, $(java -version 2>&1 | sed -n 1p), JAVA_TOOL_OPTIONS: $opts)"
  echo
  echo "| handler ready | first delivery answered |"
  echo "|---|---|"
  echo "| $(grep -v '^$' <<< "$ready" | median) ms | $(grep -v '^$' <<< "$answered" | median) ms |"
} | tee target/bench-lambda.md
