#!/usr/bin/env bash
# Runs every test: unit, emulator, provider and end-to-end (real Pulumi CLI), sharing one emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

run_dir="$(mktemp -d)"
export NP6_EMULATOR_ADMIN_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(16))')"
url="$(python -m np6_emulator start --host 127.0.0.1 --port 0 --db "$run_dir/np6.sqlite" \
  --pidfile "$run_dir/emulator.pid" --logfile "$run_dir/emulator.log" | tail -1)"
trap 'python -m np6_emulator stop --pidfile "$run_dir/emulator.pid"; rm -rf "$run_dir"' EXIT
export NP6_TEST_EMULATOR_URL="$url" NP6_TEST_EMULATOR_ADMIN_KEY="$NP6_EMULATOR_ADMIN_KEY"

python -m pytest -n "${NP6_TEST_WORKERS:-4}" --dist loadgroup -q -p no:cacheprovider "$@"
