#!/usr/bin/env bash
# Builds what a release publishes into OUT_DIR:
#   - one plugin archive per platform, pulumi-resource-alicloud-eip-v<version>-<os>-<arch>.tar.gz,
#     the names `pulumi plugin install` and the schema's pluginDownloadURL expect;
#   - the npm tarball of the compiled TypeScript SDK (eipkit-alicloud-eip-<version>.tgz);
#   - the Python SDK's sdist and wheel.
# Usage: dist.sh OUT_DIR NPM_DIR PLATFORM...   (PLATFORM is <os>-<arch>, e.g. linux-amd64)
set -euo pipefail

out=$1
npm_dir=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^const Version = "\(.*\)"$/\1/p' "$root/provider/version.go")
[ -n "$version" ] || { echo "no version in provider/version.go" >&2; exit 1; }
provider=pulumi-resource-alicloud-eip

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

for platform in "$@"; do
	os=${platform%-*}
	arch=${platform#*-}
	exe=$provider
	[ "$os" = windows ] && exe=$provider.exe
	echo "==> plugin $version for $os/$arch"
	mkdir -p "$stage/$platform"
	(cd "$root" && CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -ldflags "-s -w" -o "$stage/$platform/$exe" .)
	cp "$root/README.md" "$stage/$platform/"
	tar -czf "$out/$provider-v$version-$os-$arch.tar.gz" -C "$stage/$platform" "$exe" README.md
done

echo "==> npm package of the compiled TypeScript SDK"
sdk=$stage/nodejs
mkdir -p "$sdk"
(cd "$root/sdk/nodejs" && tar --exclude=node_modules --exclude=bin --exclude=.gitignore -cf - .) | (cd "$sdk" && tar -xf -)
ln -s "$npm_dir/node_modules" "$sdk/node_modules"
(cd "$sdk" && "$npm_dir/node_modules/.bin/tsc" -p tsconfig.json)
# The compiled SDK reads its version from the package.json beside it, as the install script arranges.
cp "$sdk/package.json" "$sdk/bin/package.json"
rm "$sdk/node_modules"
(cd "$sdk" && npm pack --silent --pack-destination "$out" >/dev/null)

echo "==> Python sdist and wheel"
cp -r "$root/sdk/python" "$stage/python"
# Debian's interpreter, which python3-build, -setuptools and -wheel serve (not another on PATH).
/usr/bin/python3 -m build --no-isolation --sdist --wheel --outdir "$out" "$stage/python" >"$stage/python-build.log" 2>&1 ||
	{ cat "$stage/python-build.log" >&2; exit 1; }

ls -l "$out"
