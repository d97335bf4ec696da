package harness

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
)

// YAMLHostVersion is the Pulumi YAML language host that `make yaml-host` builds into
// .cache/pulumi-yaml/<version>.
const YAMLHostVersion = "v1.25.0"

// EnsureYAMLHost builds the YAML language host with scripts/ensure-yaml-host.sh unless it is
// already in the cache, and returns the folder that holds pulumi-language-yaml.
func EnsureYAMLHost(ctx context.Context, tools *Tools, log io.Writer) (string, error) {
	dir := filepath.Join(tools.Root, ".cache", "pulumi-yaml", YAMLHostVersion)
	if _, err := os.Stat(filepath.Join(dir, "pulumi-language-yaml")); err == nil {
		return dir, nil
	}
	if err := run(ctx, tools.Root, log, "scripts/ensure-yaml-host.sh", YAMLHostVersion, dir); err != nil {
		return "", fmt.Errorf("building the YAML language host: %w", err)
	}
	return dir, nil
}

// Project is a copy of a Pulumi project folder, run with the pinned CLI's commands as a user
// types them, on its own file:// backend, PULUMI_HOME and emulated cloud.
type Project struct {
	// Dir is the copy of the program.
	Dir string
	// StatePath is the emulated cloud's state file.
	StatePath string
	cli       string
	env       []string
	logs      string
	runs      int
}

// NewProject copies the project folder src into work/program and prepares the backend, home
// and emulated cloud under work. The folders in path come first on PATH (language hosts).
func NewProject(tools *Tools, src, work string, path ...string) (*Project, error) {
	p := &Project{Dir: filepath.Join(work, "program"), StatePath: filepath.Join(work, "cloud.json"),
		cli: tools.CLI, logs: filepath.Join(work, "events")}
	for _, d := range []string{filepath.Join(work, "backend"), filepath.Join(work, "pulumi-home"), p.logs} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	if err := os.CopyFS(p.Dir, os.DirFS(src)); err != nil {
		return nil, fmt.Errorf("copying the project %s: %w", src, err)
	}
	env := tools.Env()
	env["PATH"] = strings.Join(append(path, env["PATH"]), string(os.PathListSeparator))
	env["PULUMI_BACKEND_URL"] = "file://" + filepath.Join(work, "backend")
	env["PULUMI_HOME"] = filepath.Join(work, "pulumi-home")
	env["PULUMI_CONFIG_PASSPHRASE"] = Passphrase
	env[emulator.StateEnvVar] = p.StatePath
	// Enables --event-log, as the Automation API does.
	env["PULUMI_DEBUG_COMMANDS"] = "true"
	p.env = os.Environ()
	for k, v := range env {
		p.env = append(p.env, k+"="+v)
	}
	return p, nil
}

// Run runs `pulumi <args>` in the project folder and returns its standard output; the error
// carries both outputs.
func (p *Project) Run(ctx context.Context, args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, p.cli, args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = p.Dir, p.env, &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("pulumi %s: %w\n%s\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String(), nil
}

// RunEvents runs `pulumi <args> --event-log FILE` and returns the engine's events with the
// command's output, also when the command fails.
func (p *Project) RunEvents(ctx context.Context, args ...string) (*Run, error) {
	p.runs++
	log := filepath.Join(p.logs, fmt.Sprintf("%02d-%s.jsonl", p.runs, args[0]))
	out, err := p.Run(ctx, append(args, "--event-log", log)...)
	r := &Run{StdOut: out}
	f, openErr := os.Open(log)
	if openErr != nil {
		if err == nil {
			err = fmt.Errorf("pulumi %s wrote no event log: %w", args[0], openErr)
		}
		return r, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		var e apitype.EngineEvent
		if jsonErr := json.Unmarshal(sc.Bytes(), &e); jsonErr != nil {
			return r, fmt.Errorf("event log %s: %w", log, jsonErr)
		}
		r.Events = append(r.Events, events.EngineEvent{EngineEvent: e})
	}
	return r, err
}

// Outputs returns the stack's outputs (`pulumi stack output --json --show-secrets`).
func (p *Project) Outputs(ctx context.Context) (map[string]any, error) {
	out, err := p.Run(ctx, "stack", "output", "--json", "--show-secrets")
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		return nil, fmt.Errorf("stack output: %w\n%s", err, out)
	}
	return m, nil
}

// Cloud reads the emulated cloud's current state.
func (p *Project) Cloud() (*emulator.State, error) { return emulator.LoadState(p.StatePath) }
