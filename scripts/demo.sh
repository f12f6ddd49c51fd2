#!/usr/bin/env bash
# The main job: a real `pulumi up` of the `local` stack against the NP6 emulator, then proof that a
# second preview has no changes. Safe to run again: the second run changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# The local stack's secrets (only the emulator's demo key) use this passphrase; see README.
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-np6-local-demo}"
EMULATOR_DIR=.np6-emulator
EMULATOR_PORT=8710   # must match np6:baseUrl in stacks/Pulumi.local.yaml
mkdir -p "$EMULATOR_DIR"

python -m np6_emulator start --host 127.0.0.1 --port "$EMULATOR_PORT" --db "$EMULATOR_DIR/demo.sqlite" \
  --key np6-local-demo-key --pidfile "$EMULATOR_DIR/demo.pid" --logfile "$EMULATOR_DIR/demo.log" >/dev/null
trap 'python -m np6_emulator stop --pidfile "$EMULATOR_DIR/demo.pid"' EXIT
echo "NP6 emulator on http://127.0.0.1:$EMULATOR_PORT (data: $EMULATOR_DIR/demo.sqlite)"

pulumi stack select --create --secrets-provider passphrase local >/dev/null

echo "== pulumi up (local stack)"
pulumi up --yes --non-interactive --stack local --skip-preview

echo "== NP6 ids"
pulumi stack output --stack local

echo "== pulumi preview: expecting no changes"
pulumi preview --non-interactive --stack local --expect-no-changes
echo "demo: up done, second preview has no changes"
