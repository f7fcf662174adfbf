#!/usr/bin/env bash
# Each runtime's jar carries only itself (run by `make build` after packaging):
#   .ci/check-artifacts.sh DEPLOYMENT_JAR LAMBDA_JAR
# The Deployment jar (Deployment, Knative, JVM image) holds the Netty server and none of the AWS
# Lambda machinery; the Lambda jar holds the API Gateway handlers and no Netty server.
set -euo pipefail
deployment="$1" lambda="$2"
entries() { jar tf "$1"; }
fail() { echo "check-artifacts: $*" >&2; exit 1; }
d="$(entries "$deployment")" l="$(entries "$lambda")"
grep -q '^io/micronaut/http/server/netty/NettyHttpServer.class$' <<< "$d" || fail "$deployment has no Netty server"
if grep -qE '^(io/micronaut/function/aws/|com/amazonaws/)' <<< "$d"; then
  fail "$deployment holds Lambda classes: $(grep -cE '^(io/micronaut/function/aws/|com/amazonaws/)' <<< "$d") entries under io/micronaut/function/aws/ or com/amazonaws/"
fi
grep -q '^io/micronaut/function/aws/proxy/payload2/APIGatewayV2HTTPEventFunction.class$' <<< "$l" || fail "$lambda has no API Gateway handler"
if grep -q '^io/micronaut/http/server/netty/' <<< "$l"; then
  fail "$lambda holds the Netty server: $(grep -c '^io/micronaut/http/server/netty/' <<< "$l") entries under io/micronaut/http/server/netty/"
fi
echo "check-artifacts: $(basename "$deployment") $(grep -c . <<< "$d") entries, no Lambda machinery; $(basename "$lambda") $(grep -c . <<< "$l") entries, no Netty server"
