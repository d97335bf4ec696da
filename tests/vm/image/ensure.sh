#!/usr/bin/env bash
# Prints the folder of the guest image built by build.sh, building it first unless it is
# already cached. The folder is ${EIPKIT_IMAGE_CACHE:-~/.cache/eipkit/images}/<sha256 of
# build.sh, 16 hex digits>: a change of the recipe builds a new image, an unchanged recipe
# reuses the cached one. A lock keeps two builds of one recipe apart.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${EIPKIT_IMAGE_CACHE:-$HOME/.cache/eipkit/images}
hash=$(sha256sum "$here/build.sh" | cut -c1-16)
dir=$cache/$hash
mkdir -p "$cache"
exec 9>"$cache/$hash.lock"
flock 9
if [ ! -f "$dir/ok" ]; then
	rm -rf "$dir"
	start=$(date +%s)
	bash "$here/build.sh" "$dir" >&2
	echo "guest image built in $(( $(date +%s) - start ))s" >&2
fi
echo "$dir"
