#!/usr/bin/env bash
# Checks every example program:
#   - TypeScript: the ts-* examples compile with their tsconfig against the generated SDK
#     (sdk/nodejs, as the package @eipkit/alicloud-eip) and @pulumi/alicloud 3.108.0, and the
#     unit tests in ts-test run each ts-* program under Pulumi mocks (node:test);
#   - Python: each python-* example byte-compiles, and every keyword argument it passes to the
#     generated Python SDK is one the SDK declares;
#   - the examples in the schema's descriptions: TypeScript and Python as above, Go type-checked
#     against the Go SDK, YAML resources and properties checked against the schema;
#   - Go: the go-* examples build and pass go vet, and the README snippets match the regions
#     marked in the examples (examples/readme_test.go).
# Everything is staged under .cache/examples, rebuilt on every run; the examples folder is
# left untouched. Exits non-zero when any check fails.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
npm_dir=${NPM_DIR:-$("$root/scripts/npm-dir.sh")}
stage=$root/.cache/examples
modules=$npm_dir/node_modules
tsc=$modules/.bin/tsc

step() { printf '==> %s\n' "$*"; }

step "npm packages"
"$root/scripts/ensure-npm.sh" "$npm_dir"

rm -rf "$stage"
mkdir -p "$stage/node_modules/@eipkit"
for dep in @pulumi @types typescript; do
	ln -s "$modules/$dep" "$stage/node_modules/$dep"
done

step "TypeScript examples and unit test compile against the SDK and @pulumi/alicloud"
# A copy of the generated SDK sources is the package @eipkit/alicloud-eip (through a link in
# node_modules), so one tsc run type-checks the examples against them and emits JavaScript
# for all of them beside the sources. The examples' own tsconfig is the base of that run.
sdk_src=$stage/sdk-nodejs
mkdir -p "$sdk_src"
(cd "$root/sdk/nodejs" && tar --exclude=node_modules --exclude=bin -cf - .) | (cd "$sdk_src" && tar -xf -)
node -e '
const fs = require("fs");
const file = process.argv[1];
const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
pkg.main = "index.js";
fs.writeFileSync(file, JSON.stringify(pkg, null, 4) + "\n");
' "$sdk_src/package.json"
ln -s ../../sdk-nodejs "$stage/node_modules/@eipkit/alicloud-eip"

base=$root/examples/ts-visible-eip/tsconfig.json
files=()
for dir in "$root"/examples/ts-*/; do
	name=$(basename "$dir")
	if [ -f "$dir/Pulumi.yaml" ] && ! cmp -s "$dir/tsconfig.json" "$base"; then
		echo "examples/$name/tsconfig.json differs from examples/ts-visible-eip/tsconfig.json: keep the examples' compiler options equal" >&2
		exit 1
	fi
	mkdir -p "$stage/$name"
	cp "$dir"/*.ts "$dir"/tsconfig.json "$dir"/package.json "$stage/$name/"
	for ts in "$dir"/*.ts; do
		files+=("\"$name/$(basename "$ts")\"")
	done
done
# The examples of the schema's descriptions (they become the SDK and registry docs).
described=$stage/description-examples
python3 "$root/examples/description_examples.py" "$root/schema.json" "$described"
for ts in "$described"/typescript/*.ts; do
	files+=("\"${ts#"$stage/"}\"")
done
for ts in "$sdk_src"/*.ts "$sdk_src"/types/*.ts; do
	files+=("\"${ts#"$stage/"}\"")
done
printf '{\n    "extends": "./ts-visible-eip/tsconfig.json",\n    "compilerOptions": { "rootDir": ".", "outDir": "." },\n    "files": [%s]\n}\n' \
	"$(IFS=,; echo "${files[*]}")" >"$stage/tsconfig.json"
"$tsc" -p "$stage/tsconfig.json"

step "TypeScript unit tests (each ts-* example under Pulumi mocks)"
node --test "$stage"/ts-test/*.test.js

step "Python examples byte-compile and use the SDK's argument names"
for file in "$root"/examples/python-*/__main__.py "$described"/python/*.py; do
	PYTHONPYCACHEPREFIX=$stage/pycache python3 -m py_compile "$file"
done
python3 "$root/examples/python_sdk_names.py" "$root/sdk/python/eipkit_alicloud_eip" "$root"/examples/python-*/__main__.py \
	"$described"/python/*.py

step "Go examples of the schema's descriptions type-check against the Go SDK"
cat >"$described/go/go.mod" <<EOF
module description-examples

go 1.26

require (
	github.com/eipkit/pulumi-alicloud-eip/sdk v0.0.0
	github.com/pulumi/pulumi/sdk/v3 v3.274.1
)

replace github.com/eipkit/pulumi-alicloud-eip/sdk => $root/sdk
EOF
cp "$root/sdk/go.sum" "$described/go/go.sum"
(cd "$described/go" && GOFLAGS=-mod=mod go vet ./...)

step "Go examples build and vet; README snippets match the examples"
cd "$root"
go build ./examples/...
go vet ./examples/...
go test -count=1 ./examples/...

step "examples: all checks passed"
