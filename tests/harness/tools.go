package harness

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
)

// PulumiVersion is the version of the pinned Pulumi CLI the Makefile builds.
const PulumiVersion = "3.274.1"

// Tools are the binaries an end-to-end run needs, all under the repository root.
type Tools struct {
	// Root is the repository root.
	Root string
	// CLIRoot is the folder whose bin/pulumi is the pinned Pulumi CLI (.cache/pulumi).
	CLIRoot string
	// CLI is the pinned Pulumi CLI binary.
	CLI string
	// Provider is eipkit's component provider binary, bin/pulumi-resource-alicloud-eip.
	Provider string
	// Emulator is the emulator plugin binary, bin/emulator/pulumi-resource-alicloud.
	Emulator string
	// Command runs the pinned CLI for the Automation API.
	Command auto.PulumiCommand
}

// EnsureTools finds the repository root, builds the pinned Pulumi CLI with
// `make cli` when it is missing (about ten minutes the first time), and builds
// the provider and the emulator with `go build` (a quick no-op when they are
// up to date), so that a run always uses the current code. Build output goes
// to log (nil discards it).
func EnsureTools(ctx context.Context, log io.Writer) (*Tools, error) {
	return EnsureToolsWith(ctx, log, "")
}

// EnsureToolsWith is EnsureTools with the given Pulumi CLI instead of the pinned one; an empty
// cli means the pinned one (see PathCLI).
func EnsureToolsWith(ctx context.Context, log io.Writer, cli string) (*Tools, error) {
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = io.Discard
	}
	t := &Tools{
		Root:     root,
		CLIRoot:  filepath.Join(root, ".cache", "pulumi"),
		Provider: filepath.Join(root, "bin", "pulumi-resource-alicloud-eip"),
		Emulator: filepath.Join(root, "bin", "emulator", "pulumi-resource-alicloud"),
	}
	t.CLI = filepath.Join(t.CLIRoot, "bin", "pulumi")
	version := semver.MustParse(PulumiVersion)
	if cli != "" {
		t.CLI, t.CLIRoot = cli, filepath.Dir(filepath.Dir(cli))
		if version, err = CLIVersion(ctx, cli); err != nil {
			return nil, err
		}
	} else if _, err := os.Stat(t.CLI); err != nil {
		if err := run(ctx, root, log, "make", "cli"); err != nil {
			return nil, fmt.Errorf("pinned Pulumi CLI %s is missing and `make cli` failed: %w", t.CLI, err)
		}
	}
	if err := run(ctx, root, log, "go", "build", "-o", t.Provider, "."); err != nil {
		return nil, fmt.Errorf("building the provider %s: %w", t.Provider, err)
	}
	if err := run(ctx, root, log, "go", "build", "-o", t.Emulator, "./tests/emulator/cmd/pulumi-resource-alicloud"); err != nil {
		return nil, fmt.Errorf("building the emulator %s: %w", t.Emulator, err)
	}
	t.Command, err = auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: t.CLIRoot, Version: version})
	if err != nil {
		return nil, fmt.Errorf("pinned Pulumi CLI %s: %w (delete it and run `make cli` to rebuild it)", t.CLI, err)
	}
	return t, nil
}

// PathCLI returns the `pulumi` found on PATH when it is PulumiVersion or newer, resolved to
// its real file in a bin folder (as the Automation API wants it), and "" otherwise.
func PathCLI(ctx context.Context) string {
	path, err := exec.LookPath("pulumi")
	if err != nil {
		return ""
	}
	if path, err = filepath.EvalSymlinks(path); err != nil || filepath.Base(filepath.Dir(path)) != "bin" {
		return ""
	}
	v, err := CLIVersion(ctx, path)
	if err != nil || v.LT(semver.MustParse(PulumiVersion)) {
		return ""
	}
	return path
}

// CLIVersion asks a Pulumi CLI for its version.
func CLIVersion(ctx context.Context, cli string) (semver.Version, error) {
	cmd := exec.CommandContext(ctx, cli, "version")
	cmd.Env = append(os.Environ(), "PULUMI_SKIP_UPDATE_CHECK=true")
	out, err := cmd.Output()
	if err != nil {
		return semver.Version{}, fmt.Errorf("%s version: %w", cli, err)
	}
	v, err := semver.ParseTolerant(strings.TrimSpace(string(out)))
	if err != nil {
		return semver.Version{}, fmt.Errorf("%s version printed %q: %w", cli, out, err)
	}
	return v, nil
}

// run runs a command in dir, copying its output to log, and reports its
// output in the error when it fails.
func run(ctx context.Context, dir string, log io.Writer, name string, args ...string) error {
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Stdout = io.MultiWriter(&out, log)
	cmd.Stderr = cmd.Stdout
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return nil
}

// Env returns the environment a Pulumi run needs besides its own: PATH with
// the provider, the emulator and the pinned CLI first (the engine takes
// plugins from PATH), no update check and no plugin downloads.
func (t *Tools) Env() map[string]string {
	path := strings.Join([]string{
		filepath.Dir(t.Provider), filepath.Dir(t.Emulator), filepath.Dir(t.CLI), os.Getenv("PATH"),
	}, string(os.PathListSeparator))
	return map[string]string{
		"PATH":                     path,
		"PULUMI_SKIP_UPDATE_CHECK": "true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
	}
}
