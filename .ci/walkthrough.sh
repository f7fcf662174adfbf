#!/usr/bin/env bash
# README's walk-through, pasted as written: starts the function as `make run` does (port 8080),
# runs every shell block of "Walk-through in the sandbox" and of docs/sandbox.md, and checks that what README says they
# print is printed. Called by make e2e. (README's other blocks need a cluster or Docker.)
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$WORK"' EXIT
fail() { echo "walkthrough: FAIL: $*" >&2; tail -20 "$WORK/out.txt" >&2 || true; exit 1; }

if curl -fs -o /dev/null localhost:8080/health; then fail "something already answers on port 8080"; fi
PORT=8080 bin/vpsie-autoscaler -Dmicronaut.environments=sandbox > "$WORK/function.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs -o /dev/null localhost:8080/health && break; sleep 0.5; done
curl -fs -o /dev/null localhost:8080/health || fail "the function did not start; see its log"

python3 - "$WORK" <<'PY'
import re, sys
text = open("README.md").read()
walk = text[text.index("## Walk-through in the sandbox"):]
walk = walk[:walk.index("\n## ", 5)]
# README's walk-through, then its continuation in docs/sandbox.md, in that order.
blocks = re.findall(r"```sh\n(.*?)```", walk, re.S) + re.findall(r"```sh\n(.*?)```", open("docs/sandbox.md").read(), re.S)
open(sys.argv[1] + "/walk.sh", "w").write("\n".join(blocks))
PY
bash "$WORK/walk.sh" > "$WORK/out.txt" 2>&1 || fail "a command of the walk-through failed"

expect() { grep -qF -- "$1" "$WORK/out.txt" || fail "README promises $2, not printed"; }
expect '"addCalls":9' 'nine adds for ten pods'
expect "gave it the group's labels and taints" 'joined nodes labelled at the heartbeat'
expect '"ignored":[{"item":"alert Watchdog' 'Watchdog ignored'
expect '"scaleUp":1' 'the what-if adds one node'
expect 'nodeSelector pool=gpu does not match' 'the what-if names why batch-1 waits'
expect 'nothing was kept or changed' 'the dry-run scale keeps nothing'
expect '"node":"general-0001","nodeGroup":"general","verdict"' 'explain answers for the node'
expect '"status":422' 'desiredNodes 11 refused'
expect '"status":401' 'no token refused'
expect '"duplicateAdds":0,"leakedWorkers":0' 'no duplicate or leaked workers under faults'
expect '"unattributedWorkers":[{"identifier"' 'the worker added behind our back reported'
expect '"manualTarget":{"nodes":3' 'the manual target held as the floor'
expect '"action":"SCALE_DOWN","outcome":"SCALED_DOWN","fromNodes":3,"toNodes":1' 'the scale-down with short timers'
echo "walkthrough: README's commands ran as written and printed what it says"
