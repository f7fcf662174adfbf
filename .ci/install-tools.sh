#!/usr/bin/env bash
# Real tools the end-to-end checks use, from Debian's packages: promtool (prometheus), amtool and
# Alertmanager (prometheus-alertmanager). kubectl comes with the machine image. Idempotent.
set -euo pipefail
need=()
command -v promtool >/dev/null || need+=(prometheus)
{ command -v amtool >/dev/null && command -v prometheus-alertmanager >/dev/null; } || need+=(prometheus-alertmanager)
if ((${#need[@]})); then
  echo "installing ${need[*]} from Debian's packages" >&2
  as_root=()
  [[ $(id -u) -eq 0 ]] || as_root=(sudo -n)
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
command -v kubectl >/dev/null || { echo "kubectl is missing (expected on the machine image)" >&2; exit 1; }
promtool --version 2>&1 | sed -n 1p
amtool --version 2>&1 | sed -n 1p
kubectl version --client 2>&1 | sed -n 1p  # sed reads to the end: head would close the pipe under a writing kubectl (SIGPIPE, 141)
