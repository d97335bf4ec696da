#!/usr/bin/env bash
# Prints the folder of the guest image of a network stack, building it first unless it is
# already cached:
#   ensure.sh [ifupdown|networkmanager|networkd]   (default ifupdown)
# The folder is ${EIPKIT_IMAGE_CACHE:-~/.cache/eipkit/images}/<stack>-<16 hex digits of the
# sha256 of the recipe: lib.sh, base.sh, build.sh and the stack's name>. A change of the recipe
# builds a new image, an unchanged recipe reuses the cached one. The root file system of
# base.sh, shared by the stacks, is cached too (base-<hash of lib.sh and base.sh>). A lock keeps
# two builds of one folder apart.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stack=${1:-ifupdown}
case $stack in
ifupdown | networkmanager | networkd) ;;
*)
	echo "ensure.sh: unknown network stack $stack (ifupdown, networkmanager or networkd)" >&2
	exit 2
	;;
esac
cache=${EIPKIT_IMAGE_CACHE:-$HOME/.cache/eipkit/images}
mkdir -p "$cache"

# ensure DIR WHAT CMD... runs CMD (which writes DIR/ok last) unless DIR/ok exists.
ensure() {
	local dir=$1 what=$2 start
	shift 2
	exec 9>"$dir.lock"
	flock 9
	if [ ! -f "$dir/ok" ]; then
		rm -rf "$dir"
		start=$(date +%s)
		"$@" >&2
		echo "$what built in $(($(date +%s) - start))s" >&2
	fi
	exec 9>&-
}

base_hash=$(cat "$here/lib.sh" "$here/base.sh" | sha256sum | cut -c1-16)
hash=$({
	cat "$here/lib.sh" "$here/base.sh" "$here/build.sh"
	echo "stack=$stack"
} | sha256sum | cut -c1-16)
base=$cache/base-$base_hash
dir=$cache/$stack-$hash
if [ ! -f "$dir/ok" ]; then
	ensure "$base" "shared root file system" bash "$here/base.sh" "$base"
	ensure "$dir" "$stack guest image" bash "$here/build.sh" "$stack" "$base" "$dir"
fi
echo "$dir"
