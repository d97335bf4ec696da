#!/usr/bin/env bash
# Builds the Pulumi YAML language host (pulumi-language-yaml) of the given version from its Go
# module into the given folder, unless it is already there. Usage: ensure-yaml-host.sh VERSION DIR
set -euo pipefail
version=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
if [ -x "$dir/pulumi-language-yaml" ]; then
  exit 0
fi
echo "==> building the Pulumi YAML language host $version from its Go module (a few minutes the first time)"
tmp=$(mktemp -d "$dir/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
GOBIN=$tmp "$here/retry.sh" go install "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$version"
mv "$tmp/pulumi-language-yaml" "$dir/pulumi-language-yaml"
