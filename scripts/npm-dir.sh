#!/usr/bin/env bash
# Prints the folder the npm packages of scripts/npm-package.json are installed in: one folder per
# version of that file, so trees with different pins share the cache without reinstalling.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
echo "$root/.cache/npm/$(sha256sum "$root/scripts/npm-package.json" | cut -c1-12)"
