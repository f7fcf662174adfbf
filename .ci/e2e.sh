#!/usr/bin/env bash
# End-to-end checks with real tools (make e2e): the executable's --help and version, every
# overlay rendered by kubectl kustomize and passed through kubectl apply --dry-run=client, the
# rules and Alertmanager configuration through promtool and amtool, the function's /prometheus
# through promtool check metrics, and a real Alertmanager delivering an alert to the function
# running in the sandbox, which then scales the simulated cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/vpsie-autoscaler-0.1.0-SNAPSHOT.jar}
WORK=$(mktemp -d)
pids=()
# Alertmanager writes its state on the way out: wait for every process before removing their files.
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK" || true
}
trap cleanup EXIT
step() { echo "== $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 "${2:-120}"); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done; fail "$1 did not answer"; }

.ci/install-tools.sh
[[ -f $JAR ]] || make build

step "each runtime carries only itself: the Deployment jar, the Lambda package, and the native image's classpath without the Lambda machinery"
LAMBDA_ZIP=${LAMBDA_ZIP:-${JAR%.jar}-lambda.zip}
.ci/check-artifacts.sh "$JAR" "$LAMBDA_ZIP"
mvn -B -q -Dpackaging=native-image dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$WORK/native.classpath" > "$WORK/native-cp.log" 2>&1 \
  || fail "the native build's classpath: $(tail -5 "$WORK/native-cp.log")"
! tr ':' '\n' < "$WORK/native.classpath" | grep -E '/(io/micronaut/aws|com/amazonaws)/' || fail "the native image's classpath holds the Lambda machinery (above)"
tr ':' '\n' < "$WORK/native.classpath" | grep -q '/micronaut-http-server-netty-' || fail "the native image's classpath has no Netty server"

step "the executable answers --help and version without starting"
# Through bin/vpsie-autoscaler, the start every user and the JVM image share.
export VPSIE_AUTOSCALER_JAR="$JAR"
bin/vpsie-autoscaler --help > "$WORK/help.txt"
grep -q "VPSIE_CLIENT_ID" "$WORK/help.txt" && grep -q "/v1/webhooks/alertmanager" "$WORK/help.txt" || fail "--help lacks settings or endpoints"
bin/vpsie-autoscaler version | tee "$WORK/version.txt"
grep -q "^commit:     $(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$WORK/version.txt" || fail "version does not carry this commit"

step "a misspelt LOG_FORMAT stops the start, naming it (no silent start without a log)"
set +e
LOG_FORMAT=jsno bin/vpsie-autoscaler > "$WORK/logformat.txt" 2>&1
rc=$?
set -e
[[ $rc -eq 2 ]] && grep -q "LOG_FORMAT: expected json or text, got 'jsno'" "$WORK/logformat.txt" || fail "LOG_FORMAT=jsno: exit $rc, $(head -3 "$WORK/logformat.txt")"

step "bin/smoke-test: the check the native image build runs on its executable, here on the jar"
SMOKE_LOG="$WORK/smoke.log" bin/smoke-test bin/vpsie-autoscaler || fail "the smoke test failed (log: $WORK/smoke.log)"

step "bin/vpsie-autoscaler picks its archive and JIT by the JVM's release: an AOT cache and C2 from JDK 25 on, AppCDS and C1 only before"
for v in 17.0.15 25.0.3 26; do
  # A java that prints the arguments it was given.
  mkdir -p "$WORK/jdk-$v/bin" && printf '#!/bin/sh\necho "$@"\n' > "$WORK/jdk-$v/bin/java" && chmod +x "$WORK/jdk-$v/bin/java"
  echo "JAVA_VERSION=\"$v\"" > "$WORK/jdk-$v/release"
done
[[ $(JAVA_HOME="$WORK/jdk-17.0.15" bin/vpsie-autoscaler archive) == "${JAR%.jar}.jsa" ]] || fail "JDK 17: expected the .jsa archive"
[[ $(JAVA_HOME="$WORK/jdk-25.0.3" bin/vpsie-autoscaler archive) == "${JAR%.jar}.aot" ]] || fail "JDK 25: expected the .aot cache"
[[ $(JAVA_HOME="$WORK/jdk-26" bin/vpsie-autoscaler archive) == "${JAR%.jar}.aot" ]] || fail "JDK 26: expected the .aot cache"
[[ $(JAVA_HOME="$WORK/jdk-17.0.15" bin/vpsie-autoscaler version) == *-XX:TieredStopAtLevel=1* ]] || fail "JDK 17: expected C1 only by default"
[[ $(JAVA_HOME="$WORK/jdk-25.0.3" bin/vpsie-autoscaler version) != *TieredStopAtLevel* ]] || fail "JDK 25: expected C2 by default"
[[ $(JAVA_HOME="$WORK/jdk-25.0.3" VPSIE_AUTOSCALER_JIT=fast-start bin/vpsie-autoscaler version) == *-XX:TieredStopAtLevel=1* ]] \
  || fail "JDK 25, VPSIE_AUTOSCALER_JIT=fast-start: expected C1 only"
set +e
JAVA_HOME="$WORK/no-such-jdk" bin/vpsie-autoscaler version > "$WORK/nojava.txt" 2>&1
rc=$?
set -e
[[ $rc -eq 2 ]] && grep -q "no Java found at '$WORK/no-such-jdk/bin/java'" "$WORK/nojava.txt" || fail "a JAVA_HOME without java: exit $rc, $(head -2 "$WORK/nojava.txt")"
# Where a JDK 25 is installed, the JVM image's own way: train its AOT cache, start with it (AOTMode=on
# fails the start if the cache does not fit), and run the smoke test on it.
j25="$(ls -d /usr/lib/jvm/*25* 2>/dev/null | sed -n 1p || true)"
if [[ -n $j25 && -x $j25/bin/java ]]; then
  JAVA_HOME="$j25" TRAIN_PORT="$(free_port)" bin/vpsie-autoscaler train || fail "training on $j25 failed"
  JAVA_HOME="$j25" bin/vpsie-autoscaler -XX:AOTMode=on version > /dev/null || fail "the AOT cache made on $j25 does not fit it"
  # A smaller first heap given by the user must still start: an old generation too small for the
  # cache's archived objects stops the JVM ("Unable to use AOT cache"), as a fixed -XX:NewSize=32m did with -Xms32m.
  JAVA_HOME="$j25" JAVA_OPTS=-Xms16m bin/vpsie-autoscaler -XX:AOTMode=on version > /dev/null || fail "JAVA_OPTS=-Xms16m on $j25: the JVM did not start with its AOT cache"
  JAVA_HOME="$j25" SMOKE_LOG="$WORK/smoke-25.log" bin/smoke-test bin/vpsie-autoscaler || fail "the smoke test on $j25 failed (log: $WORK/smoke-25.log)"
else
  echo "no JDK 25 under /usr/lib/jvm: the AOT cache path is not run here"
fi

step "make manifests renders the Helm chart; kubectl apply --dry-run=client takes each object"
api_port=$(free_port)
python3 .ci/fake-apiserver.py "$api_port" & pids+=($!)
cat > "$WORK/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: offline, cluster: {server: "http://127.0.0.1:$api_port"}}]
contexts: [{name: offline, context: {cluster: offline, user: offline}}]
current-context: offline
users: [{name: offline, user: {token: offline}}]
KC
wait_http "http://127.0.0.1:$api_port/api" 20
make -s manifests > "$WORK/manifests.txt"
for f in dist/crds.yaml dist/vpsie-autoscaler.yaml dist/knative/crds.yaml dist/knative/vpsie-autoscaler.yaml; do
  KUBECONFIG=$WORK/kubeconfig kubectl apply --dry-run=client --validate=false -f "$f" > "$WORK/applied.txt"
  echo "$f: $(grep -c 'created (dry run)' "$WORK/applied.txt") objects"
done
KUBECONFIG=$WORK/kubeconfig kubectl apply --dry-run=client --validate=false -f infra/examples/ | sed 's/^/  /'
# Every row of the chart's values matrix (both modes x three credential ways x monitoring on/off), each object.
java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) com.vpsie.autoscaler.infra.RenderManifests --matrix "$WORK/matrix"
for f in "$WORK"/matrix/*.yaml; do
  KUBECONFIG=$WORK/kubeconfig kubectl apply --dry-run=client --validate=false -f "$f" > "$WORK/applied.txt" \
    || fail "kubectl apply --dry-run refused $(basename "$f")"
  echo "  $(basename "$f"): $(grep -c 'created (dry run)' "$WORK/applied.txt") objects"
done

step "promtool check rules, amtool check-config"
cp charts/vpsie-autoscaler/files/prometheus-rules.yaml "$WORK/rules.yaml"
promtool check rules "$WORK/rules.yaml"
echo -n "e2e-token" > "$WORK/token"
port=$(free_port)
sed -e "s|http://vpsie-autoscaler.vpsie-autoscaler.svc:8080|http://127.0.0.1:$port|" \
    -e "s|credentials_file: .*|credentials_file: $WORK/token|" -e "s|group_wait: 10s|group_wait: 1s|" \
    infra/monitoring/alertmanager.yaml > "$WORK/alertmanager.yaml"
amtool check-config infra/monitoring/alertmanager.yaml >/dev/null 2>&1 || true  # the credentials file exists only in a cluster
amtool check-config "$WORK/alertmanager.yaml"

step "the function in the sandbox, with a real Alertmanager in front of it"
LOG_FORMAT=json PORT=$port bin/vpsie-autoscaler -Dmicronaut.environments=sandbox -Dautoscaler.auth.tokens=e2e-token -Dsandbox.export-events=false \
  -Dsandbox.provision-delay=1s > "$WORK/function.log" 2>&1 & pids+=($!)
wait_http "http://127.0.0.1:$port/health" 120

step "discover against the simulator: its NodeGroups name the simulator's ids and apply (dry run)"
VPSIE_BASE_URL="http://127.0.0.1:$port/sandbox/vpsie" VPSIE_CLIENT_ID=sandbox-client VPSIE_CLIENT_SECRET=sandbox-secret \
  java -jar "$JAR" discover --cluster sandbox-cluster > "$WORK/nodegroups.yaml" || fail "discover failed"
grep -q 'nodeGroupId: 11' "$WORK/nodegroups.yaml" || fail "discover did not name the simulator's group 11"
KUBECONFIG=$WORK/kubeconfig kubectl apply --dry-run=client --validate=false -f "$WORK/nodegroups.yaml" | sed 's/^/  /'
curl -fsS "http://127.0.0.1:$port/prometheus" > "$WORK/metrics.txt"
promtool check metrics < "$WORK/metrics.txt" 2>&1 | grep -v "no help text\|counter metrics should have" || true
A="Authorization: Bearer e2e-token"
curl -fsS -X POST "http://127.0.0.1:$port/sandbox/pods" -H "$A" -H 'Content-Type: application/json' \
  -d '{"name":"web","replicas":4,"cpu":"1","memory":"512Mi"}' > /dev/null
am_port=$(free_port)
prometheus-alertmanager --config.file="$WORK/alertmanager.yaml" --web.listen-address="127.0.0.1:$am_port" \
  --cluster.listen-address= --storage.path="$WORK/am-data" > "$WORK/alertmanager.log" 2>&1 & pids+=($!)
wait_http "http://127.0.0.1:$am_port/-/ready" 60
curl -fsS -X POST "http://127.0.0.1:$am_port/api/v2/alerts" -H 'Content-Type: application/json' -d '[{
  "labels": {"alertname": "KubePodsPending", "namespace": "default", "nodegroup": "general", "vpsie_autoscaler": "true", "severity": "warning"},
  "annotations": {"summary": "Pods pending (make e2e)"}}]'
for _ in $(seq 1 60); do
  adds=$(curl -fsS "http://127.0.0.1:$port/sandbox/vpsie/stats" -H "$A" | python3 -c 'import json,sys; print(json.load(sys.stdin)["addCalls"])')
  [[ $adds -gt 0 ]] && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/v1/decisions?limit=5" -H "$A" > "$WORK/decisions.json"
grep -q '"trigger":"alertmanager:KubePodsPending"' "$WORK/decisions.json" || { cat "$WORK/alertmanager.log" "$WORK/function.log" | tail -40; fail "no decision triggered by Alertmanager"; }
[[ $adds -eq 3 ]] || fail "expected 3 workers added for 4 one-CPU pods on one 2-CPU node, VPSie saw $adds"
echo "Alertmanager delivered; the function added $adds workers:"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))[0]; print("  ", d["trigger"], d["action"], d["fromNodes"], "->", d["toNodes"])' "$WORK/decisions.json"
# As in a container (LOG_FORMAT=json): every line the function wrote is one JSON object, banner included.
python3 - "$WORK/function.log" <<'PY' || fail "LOG_FORMAT=json: the function wrote lines a log collector cannot parse"
import json, sys
lines = [l for l in open(sys.argv[1]) if l.strip()]
bad = [l for l in lines if not (l.startswith("{") and isinstance(json.loads(l), dict))]
for l in bad[:5]:
    print("  not JSON:", l.rstrip()[:120])
print(f"LOG_FORMAT=json: {len(lines)} log lines, {len(bad)} not JSON")
sys.exit(1 if bad or not lines else 0)
PY
step "README's walk-through, pasted as written"
.ci/walkthrough.sh

echo "e2e: all checks passed"
