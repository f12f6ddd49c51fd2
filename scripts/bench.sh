#!/usr/bin/env bash
# `make bench`: every benchmark in one run, against one emulator with a fixed injected latency.
#   BENCH_SIZES=50,200,1000  BENCH_LATENCY_MS=50  BENCH_PARALLEL=16  BENCH_VARIANTS=np6,np6-wide,noop
# Prints the ratio table; writes benchmarks/results/latest.json and benchmarks/results/chart.svg.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

latency="${BENCH_LATENCY_MS:-50}"
run_dir="$(mktemp -d)"
export NP6_EMULATOR_ADMIN_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(16))')"
# No access log and `synchronous=normal`: the emulator must not be what the floor measures.
url="$(python -m np6_emulator start --host 127.0.0.1 --port 0 --db "$run_dir/np6.sqlite" \
  --pidfile "$run_dir/emulator.pid" --logfile "$run_dir/emulator.log" \
  --latency-ms "$latency" --no-access-log --sqlite-sync normal | tail -1)"
trap 'python -m np6_emulator stop --pidfile "$run_dir/emulator.pid" >/dev/null; rm -rf "$run_dir"' EXIT

python -m benchmarks.run --url "$url" --latency-ms "$latency" \
  --sizes "${BENCH_SIZES:-50,200,1000}" --parallel "${BENCH_PARALLEL:-16}" \
  --variants "${BENCH_VARIANTS:-np6,np6-wide,noop}" "$@"
