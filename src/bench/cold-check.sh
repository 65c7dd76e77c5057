#!/usr/bin/env bash
# The CLI's cold start: runs a command N times (default 20, after 2 unmeasured), each a fresh
# process, and prints the median, the fastest and the slowest wall-clock time in seconds.
#   src/bench/cold-check.sh [-n N] -- COMMAND...
set -euo pipefail
n=20
if [ "${1:-}" = "-n" ]; then n=$2; shift 2; fi
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [-n N] -- COMMAND..." >&2; exit 2; }
for _ in 1 2; do "$@" >/dev/null 2>&1 || true; done
times=()
for _ in $(seq "$n"); do
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  e=$(date +%s%N)
  times+=($(( (e - s) / 1000 )))
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$n" '
  { t[NR] = $1 }
  END {
    m = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
    printf "median %.3f s, fastest %.3f s, slowest %.3f s, %d runs\n", m / 1e6, t[1] / 1e6, t[n] / 1e6, n
  }'
