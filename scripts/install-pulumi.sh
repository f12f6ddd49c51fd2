#!/usr/bin/env bash
# Provides the real Pulumi CLI, a Python language host and the SDK's two helper
# scripts in one bin directory, and prints that directory on stdout (all else
# goes to stderr).
#
# A `pulumi` already on PATH is used when it is exactly PULUMI_VERSION (the
# version of the pinned Python SDK) and has its Python plugins beside it.
# Otherwise the CLI is built once from the Go module proxy with the machine's Go
# into PULUMI_BIN_DIR, and later runs reuse it.
#
# The upstream Python language host module is not served by the proxy we can
# reach, so the language host is np6-pulumi's own (toolchain/language-host),
# built against the same sdk/v3 version.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-3.260.0}"
PULUMI_BIN_DIR="${PULUMI_BIN_DIR:-$HOME/.pulumi/bin}"
# The one non-local replace directive in pkg/v3's go.mod.
CLIPBOARD_REPLACE="github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
langhost_src="$here/toolchain/language-host/main.go"
langhost_stamp="$(sha256sum "$langhost_src" | cut -c1-16)-v$PULUMI_VERSION"

log() { echo "install-pulumi: $*" >&2; }

complete_at() {
  local bin="$1"
  [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-python" ] \
    && [ -x "$bin/pulumi-language-python-exec" ] && [ -x "$bin/pulumi-resource-pulumi-python" ] \
    && [ "$(PULUMI_SKIP_UPDATE_CHECK=true "$bin/pulumi" version 2>/dev/null)" = "v$PULUMI_VERSION" ]
}

if command -v pulumi >/dev/null 2>&1; then
  ambient_dir="$(dirname "$(readlink -f "$(command -v pulumi)")")"
  if [ "$ambient_dir" != "$(readlink -f "$PULUMI_BIN_DIR" 2>/dev/null || true)" ] && complete_at "$ambient_dir"; then
    echo "$ambient_dir"
    exit 0
  fi
fi

if complete_at "$PULUMI_BIN_DIR" && [ "$(cat "$PULUMI_BIN_DIR/.np6-language-host" 2>/dev/null)" = "$langhost_stamp" ]; then
  echo "$PULUMI_BIN_DIR"
  exit 0
fi

command -v go >/dev/null 2>&1 || { log "Go is required to build Pulumi v$PULUMI_VERSION"; exit 1; }
log "building Pulumi v$PULUMI_VERSION from the Go module proxy into $PULUMI_BIN_DIR (first run only; 10-20 minutes on 2 cores)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
export GOFLAGS=-mod=mod CGO_ENABLED=0
go mod init local/pulumibuild >/dev/null 2>&1
go mod edit -replace="$CLIPBOARD_REPLACE"
mkdir -p languagehost
cp "$langhost_src" languagehost/main.go
go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" >&2

ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
staging="$work/bin"
mkdir -p "$staging"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$staging/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
go build -trimpath -ldflags "$ldflags" -o "$staging/pulumi-language-python" ./languagehost >&2
sdk_dir="$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
# Module-cache files are read-only and lose their executable bit.
install -m 0755 "$sdk_dir/python/dist/pulumi-resource-pulumi-python" "$staging/"
install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$staging/"

built="$(PULUMI_SKIP_UPDATE_CHECK=true "$staging/pulumi" version)"
[ "$built" = "v$PULUMI_VERSION" ] || { log "built CLI reports '$built', expected v$PULUMI_VERSION"; exit 1; }

mkdir -p "$PULUMI_BIN_DIR"
for f in pulumi pulumi-language-python pulumi-resource-pulumi-python pulumi-language-python-exec; do
  # Through a temporary name, so a concurrent reader never sees a half-written file.
  install -m 0755 "$staging/$f" "$PULUMI_BIN_DIR/.$f.tmp"
  mv -f "$PULUMI_BIN_DIR/.$f.tmp" "$PULUMI_BIN_DIR/$f"
done
echo "$langhost_stamp" > "$PULUMI_BIN_DIR/.np6-language-host"
log "installed Pulumi $built in $PULUMI_BIN_DIR"
echo "$PULUMI_BIN_DIR"
