# eipkit: build, generate and test the alicloud-eip component provider.
# `make demo` runs the demo against the local emulator; `make test` installs what the tests need
# and runs them all.

SHELL        := /bin/bash
PACK         := alicloud-eip
PROVIDER     := pulumi-resource-$(PACK)
CACHE        := $(CURDIR)/.cache
PULUMI_VER   := v3.274.1
PULUMI       := $(CACHE)/pulumi/bin/pulumi
YAML_VER     := v1.25.0
YAML_HOST    := $(CACHE)/pulumi-yaml/$(YAML_VER)
NPM_DIR      ?= $(shell scripts/npm-dir.sh)
GO_TEST_FLAGS ?= -count=1 -timeout 30m
export PATH  := $(CACHE)/pulumi/bin:$(YAML_HOST):$(CURDIR)/bin:$(CURDIR)/bin/emulator:$(PATH)
export PULUMI_SKIP_UPDATE_CHECK := true
export PULUMI_CLI := $(PULUMI)
export NPM_DIR
export ALICLOUD_NPM_PACKAGE := $(NPM_DIR)/node_modules/@pulumi/alicloud

.PHONY: all build dist dist-all emulator emulator-schema yaml-host cli deps apt npm gomod schema sdks generate check-generated \
        test unit check-tidy check-fmt test-root test-dist sdk-check examples-check demo bench clean

all: build

## Binaries ------------------------------------------------------------------------------------

build:
	go build -o bin/$(PROVIDER) .

emulator:
	go build -o bin/emulator/pulumi-resource-alicloud ./tests/emulator/cmd/pulumi-resource-alicloud

# The pinned Pulumi CLI, built once from its Go module and reused from .cache.
cli: $(PULUMI)
$(PULUMI):
	@echo "==> building the Pulumi CLI $(PULUMI_VER) from its Go module (about 10 minutes the first time)"
	cd tools/pulumi-cli && scripts=../../scripts && $$scripts/retry.sh go mod download
	cd tools/pulumi-cli && go build -v -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$(PULUMI_VER)" \
		-o $(PULUMI).tmp github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
	mv $(PULUMI).tmp $(PULUMI)

# The Pulumi YAML language host, built once from its Go module into .cache/pulumi-yaml/<version>.
yaml-host:
	scripts/ensure-yaml-host.sh $(YAML_VER) $(YAML_HOST)

# What a release publishes, in dist/: the plugin archive of each platform in DIST_PLATFORMS
# (default this machine's; `make dist-all` builds all six), the npm tarball of the compiled
# TypeScript SDK, and the Python SDK's sdist and wheel.
DIST_DIR       ?= $(CURDIR)/dist
DIST_PLATFORMS ?= $(shell go env GOOS)-$(shell go env GOARCH)
ALL_PLATFORMS  := linux-amd64 linux-arm64 darwin-amd64 darwin-arm64 windows-amd64 windows-arm64
dist: npm
	scripts/dist.sh $(DIST_DIR) $(NPM_DIR) $(DIST_PLATFORMS)

dist-all:
	$(MAKE) dist DIST_PLATFORMS="$(ALL_PLATFORMS)"

## Dependencies --------------------------------------------------------------------------------

deps: apt npm gomod

apt:
	@echo "==> Debian packages"
	scripts/ensure-apt.sh $$(grep -v '^#' scripts/apt-packages.txt)

npm:
	@echo "==> npm packages"
	scripts/ensure-npm.sh $(NPM_DIR)

gomod:
	@echo "==> Go modules"
	scripts/retry.sh go mod download
	cd sdk && ../scripts/retry.sh go mod download

## Generated files -----------------------------------------------------------------------------

schema:
	go run ./provider/cmd/gen-sdks schema schema.json

sdks: schema
	go run ./provider/cmd/gen-sdks sdks schema.json sdk
	cd sdk && ../scripts/retry.sh go mod tidy

generate: sdks

# The emulator's schema, read from the declarations of the published @pulumi/alicloud.
emulator-schema: npm
	go run ./tests/emulator/cmd/gen-schema $(NPM_DIR)/node_modules/@pulumi/alicloud tests/emulator/schema.json

# Regenerates schema.json and sdk/ and fails when they differ from what is committed.
check-generated: generate
	@if [ -n "$$(git status --porcelain -- schema.json sdk)" ]; then \
		git status --porcelain -- schema.json sdk; git --no-pager diff --stat -- schema.json sdk; \
		echo "schema.json or sdk/ is stale: run 'make generate' and commit the result"; exit 1; fi
	@echo "generated files are up to date"

## Tests ---------------------------------------------------------------------------------------

sdk-check:
	@echo "==> TypeScript SDK compiles"
	ln -sfn $(NPM_DIR)/node_modules sdk/nodejs/node_modules
	cd sdk/nodejs && $(NPM_DIR)/node_modules/.bin/tsc --noEmit -p tsconfig.json
	@echo "==> Python SDK byte-compiles"
	python3 -m compileall -q sdk/python
	@echo "==> Go SDK builds"
	cd sdk && go build ./... && go vet ./...

# The test lanes. `make unit` is the fast one: vet, the module files' tidiness and every test that
# needs neither root, the Pulumi CLI nor a VM. The slow lanes are named by package or build tag:
#   test-root  the guest program in network namespaces (files tagged `root`; needs root)
#   test-e2e   the components through the engine, the provider binary and the emulator (tests/e2e)
#   test-dist  what `make dist` builds, installed as a user installs it (tests/dist)
#   test-vm    real guests under QEMU on the cloud's twin (tests/vm; needs root)
# tests/bench holds benchmarks only (`make bench`). `make test` runs every lane.
UNIT_PKGS = $$(go list ./... | grep -v -E '/tests/(e2e|bench|dist|vm)(/|$$)')

unit: npm check-tidy check-fmt
	go vet ./...
	go vet -tags root ./provider/guestnet/
	go test $(GO_TEST_FLAGS) -vet=off $(UNIT_PKGS)

# Fails when a Go file is not as gofmt writes it.
check-fmt:
	@files=$$(gofmt -l $$(git ls-files '*.go')); [ -z "$$files" ] || { echo "not gofmt-formatted (run gofmt -w): $$files"; exit 1; }

# Fails when go.mod or go.sum (of the module or of sdk/) differ from what `go mod tidy` writes.
check-tidy:
	@go mod tidy -diff >/dev/null || { go mod tidy -diff; echo "go.mod or go.sum is not tidy: run 'go mod tidy' and commit the result"; exit 1; }
	@cd sdk && { go mod tidy -diff >/dev/null || { go mod tidy -diff; echo "sdk/go.mod or sdk/go.sum is not tidy: run 'cd sdk && go mod tidy' and commit the result"; exit 1; }; }
	@echo "go.mod and go.sum are tidy"

test-root:
	go test $(GO_TEST_FLAGS) -tags root ./provider/guestnet/

test-dist: cli npm
	go test $(GO_TEST_FLAGS) ./tests/dist/

examples-check:
	examples/check.sh

# The end-to-end tests alone: the components through the engine, the provider binary and the emulator.
.PHONY: test-e2e
test-e2e: cli yaml-host build emulator
	go test $(GO_TEST_FLAGS) ./tests/e2e/

test: deps cli yaml-host build emulator check-generated sdk-check examples-check unit test-root test-e2e test-dist test-vm

# The Debian 12 guest images of the VM tests, one per network stack, built from Debian's archive
# into ~/.cache/eipkit/images/<stack>-<hash of the recipe> unless already there.
STACKS ?= ifupdown networkmanager networkd
.PHONY: vm-image vm-smoke test-vm demo-vm
vm-image:
	scripts/ensure-apt.sh $$(cat tests/vm/image/apt-packages.txt)
	for s in $(STACKS); do tests/vm/image/ensure.sh $$s >/dev/null || exit 1; done

# Boots each stack's image under QEMU on the twin, one after the other, and checks that the guest
# program configures the secondary ENI and keeps its policy routing (tests/vm/image/smoke).
vm-smoke: vm-image
	for s in $(STACKS); do go run ./tests/vm/image/smoke -stack $$s || exit 1; done

# The VM tests alone: the guest image, then real guests booted under QEMU on the cloud's twin
# (tests/vm), through the engine for the end-to-end ones; on a busy machine
# under TCG they take longer than GO_TEST_FLAGS' default timeout.
test-vm: vm-image cli build emulator
	go test $(GO_TEST_FLAGS) -timeout 55m -v ./tests/vm/

# The demo stack with a real guest: the instance boots as a VM on the cloud's twin, and the demo
# prints per EIP its public address and the answer of the guest's web service through it.
demo-vm: vm-image cli build emulator
	go run ./tests/demo -vm

## Demo and benchmarks -------------------------------------------------------------------------

demo:
	go run ./tests/demo

# One run on one machine: provider cold start, Construct per EIP (no engine), the address plan,
# the guest program's run time (network namespaces, needs root), then preview and up through the
# engine and the emulator against a direct program, and plan depth.
bench: build emulator cli
	go test -run '^$$' -bench ColdStart -benchtime 20x ./tests/bench/
	go test -run '^$$' -bench MultiEipInstanceConstruct -benchmem ./provider/
	go test -run '^$$' -bench . -benchmem ./provider/addressing/
	go test -tags root -run '^$$' -bench GuestProgram -benchtime 20x ./provider/guestnet/
	go test -run '^$$' -bench Engine -benchtime 1x -timeout 30m ./tests/bench/

clean:
	rm -rf bin
