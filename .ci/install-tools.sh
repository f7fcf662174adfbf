#!/usr/bin/env bash
# Real tools from Debian's packages. With no argument, what the end-to-end checks use: promtool
# (prometheus), amtool and Alertmanager (prometheus-alertmanager); kubectl comes with the machine
# image. `install-tools.sh wrk`: the load tool of make bench-http. Idempotent.
set -euo pipefail
need=()
if [[ ${1:-} == wrk ]]; then
  command -v wrk >/dev/null || need+=(wrk)
elif [[ -n ${1:-} ]]; then
  echo "install-tools.sh: expected no argument or wrk, got '$1'" >&2; exit 2
else
  command -v promtool >/dev/null || need+=(prometheus)
  { command -v amtool >/dev/null && command -v prometheus-alertmanager >/dev/null; } || need+=(prometheus-alertmanager)
fi
if ((${#need[@]})); then
  echo "installing ${need[*]} from Debian's packages" >&2
  as_root=()
  [[ $(id -u) -eq 0 ]] || as_root=(sudo -n)
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [[ ${1:-} == wrk ]]; then
  { wrk --version 2>&1 || true; } | sed -n 1p  # wrk --version exits 1
  exit
fi
command -v kubectl >/dev/null || { echo "kubectl is missing (expected on the machine image)" >&2; exit 1; }
promtool --version 2>&1 | sed -n 1p
amtool --version 2>&1 | sed -n 1p
kubectl version --client 2>&1 | sed -n 1p  # sed reads to the end: head would close the pipe under a writing kubectl (SIGPIPE, 141)
