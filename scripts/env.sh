# Sourced by the project's scripts: the offline Pulumi environment for this clone.
# Usage: source scripts/env.sh   (after `make setup`)
project_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pulumi_bin_dir="$("$project_root/scripts/install-pulumi.sh")"
export PATH="$pulumi_bin_dir:$project_root/.venv/bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_HOME="${PULUMI_HOME:-$project_root/.pulumi-home}"
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$project_root/.pulumi-state}"
mkdir -p "${PULUMI_BACKEND_URL#file://}" "$PULUMI_HOME"
