#!/usr/bin/env bash
# Each runtime's artifact carries only itself (run by `make build` after packaging, and by `make e2e`):
#   .ci/check-artifacts.sh DEPLOYMENT_JAR LAMBDA_ZIP
# The Deployment jar (Deployment, Knative, JVM image) is thin: it and the libraries its manifest's
# Class-Path names (lib/ beside it) hold the Netty server and none of the AWS Lambda machinery; every
# one of those libraries is there. The Lambda package (our classes at its root, libraries as jars in
# lib/) holds the API Gateway handlers and no Netty server.
set -euo pipefail
deployment="$1" lambda="$2"
fail() { echo "check-artifacts: $*" >&2; exit 1; }
[[ $lambda == *.zip ]] || fail "$lambda: expected the Lambda package (.zip)"
# Every entry of a jar and of the jars its Class-Path names, or of a Lambda package and the jars in
# its lib/, as "archive-name entry" lines.
entries() {
  python3 - "$1" <<'PY'
import io, os, sys, zipfile
def manifest_classpath(z):
    try:
        text = z.read("META-INF/MANIFEST.MF").decode("utf-8").replace("\r\n", "\n").replace("\n ", "")
    except KeyError:
        return []
    for line in text.split("\n"):
        if line.startswith("Class-Path:"):
            return line[len("Class-Path:"):].split()
    return []
top = sys.argv[1]
if top.endswith(".zip"):
    with zipfile.ZipFile(top) as z:
        for name in z.namelist():
            if name.startswith("lib/") and name.endswith(".jar"):
                with zipfile.ZipFile(io.BytesIO(z.read(name))) as inner:
                    for entry in inner.namelist():
                        print(name[4:] + " " + entry)
            else:
                print(os.path.basename(top) + " " + name)
    sys.exit(0)
with zipfile.ZipFile(top) as z:
    jars = [top] + [os.path.join(os.path.dirname(top), p) for p in manifest_classpath(z)]
for jar in jars:
    if not os.path.isfile(jar):
        print("MISSING " + jar)
        continue
    with zipfile.ZipFile(jar) as z:
        for name in z.namelist():
            print(os.path.basename(jar) + " " + name)
PY
}
d="$(entries "$deployment")" l="$(entries "$lambda")"
! grep -q '^MISSING ' <<< "$d" || fail "$deployment names libraries that are not there: $(grep '^MISSING ' <<< "$d" | head -3 | tr '\n' ' ')"
grep -q ' io/micronaut/http/server/netty/NettyHttpServer.class$' <<< "$d" || fail "$deployment has no Netty server"
if grep -qE ' (io/micronaut/function/aws/|com/amazonaws/)' <<< "$d"; then
  fail "$deployment holds Lambda classes, in $(grep -E ' (io/micronaut/function/aws/|com/amazonaws/)' <<< "$d" | cut -d' ' -f1 | sort -u | tr '\n' ' ')"
fi
grep -q ' io/micronaut/function/aws/proxy/payload2/APIGatewayV2HTTPEventFunction.class$' <<< "$l" || fail "$lambda has no API Gateway handler"
if grep -q ' io/micronaut/http/server/netty/' <<< "$l"; then
  fail "$lambda holds the Netty server: $(grep -c ' io/micronaut/http/server/netty/' <<< "$l") entries under io/micronaut/http/server/netty/"
fi
echo "check-artifacts: $(basename "$deployment") with the libraries it names ($(cut -d' ' -f1 <<< "$d" | sort -u | wc -l) jars), $(grep -c . <<< "$d") entries, no Lambda machinery; $(basename "$lambda") ($(cut -d' ' -f1 <<< "$l" | sort -u | wc -l) archives), $(grep -c . <<< "$l") entries, no Netty server"
