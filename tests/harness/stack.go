package harness

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
)

// DefaultRegion is the alicloud:region of a stack unless StackOptions says
// otherwise: a region that offers every association mode.
const DefaultRegion = "cn-shanghai"

// Passphrase protects the stacks' secrets; the stacks are throwaway.
const Passphrase = "eipkit-e2e"

// StackOptions describe a stack with its own backend and emulated cloud.
type StackOptions struct {
	// Dir holds the backend, the emulated cloud's state file, the workspace
	// and PULUMI_HOME; required (a test's t.TempDir()).
	Dir string
	// Project is the project name; default "eipkit-e2e".
	Project string
	// Stack is the stack name; default "test".
	Stack string
	// Region is the stack's alicloud:region; default DefaultRegion.
	Region string
	// Config is more stack configuration, key to value.
	Config map[string]string
	// Env is more environment for the Pulumi CLI and the plugins it starts.
	Env map[string]string
	// Program is the inline program; SetProgram changes it between runs.
	Program pulumi.RunFunc
}

// Stack is a stack on a file:// backend whose alicloud resources live in
// the emulator's state file StatePath.
type Stack struct {
	auto.Stack
	// Dir is StackOptions.Dir.
	Dir string
	// StatePath is the emulated cloud's state file (ALICLOUD_EMULATOR_STATE).
	StatePath string
}

// NewStack creates (or selects) the stack described by opts with the tools'
// CLI and plugins.
func NewStack(ctx context.Context, tools *Tools, opts StackOptions) (*Stack, error) {
	if opts.Dir == "" {
		return nil, fmt.Errorf("StackOptions.Dir is empty: give a folder for the backend and the emulated cloud, e.g. t.TempDir()")
	}
	if opts.Program == nil {
		return nil, fmt.Errorf("StackOptions.Program is nil: give the inline program to run")
	}
	project, stack, region := opts.Project, opts.Stack, opts.Region
	if project == "" {
		project = "eipkit-e2e"
	}
	if stack == "" {
		stack = "test"
	}
	if region == "" {
		region = DefaultRegion
	}
	backend := filepath.Join(opts.Dir, "backend")
	home := filepath.Join(opts.Dir, "pulumi-home")
	work := filepath.Join(opts.Dir, "work")
	for _, d := range []string{backend, home, work} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("stack folder %s: %w", d, err)
		}
	}
	statePath := filepath.Join(opts.Dir, "cloud.json")
	env := tools.Env()
	env["PULUMI_CONFIG_PASSPHRASE"] = Passphrase
	env["PULUMI_HOME"] = home
	env[emulator.StateEnvVar] = statePath
	for k, v := range opts.Env {
		env[k] = v
	}
	proj := workspace.Project{
		Name:    tokens.PackageName(project),
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		Backend: &workspace.ProjectBackend{URL: "file://" + backend},
	}
	s, err := auto.UpsertStackInlineSource(ctx, stack, project, opts.Program,
		auto.Project(proj), auto.WorkDir(work), auto.EnvVars(env), auto.Pulumi(tools.Command),
		auto.SecretsProvider("passphrase"))
	if err != nil {
		return nil, fmt.Errorf("stack %s/%s in %s: %w", project, stack, opts.Dir, err)
	}
	config := map[string]string{"alicloud:region": region}
	for k, v := range opts.Config {
		config[k] = v
	}
	for k, v := range config {
		if err := s.SetConfig(ctx, k, auto.ConfigValue{Value: v}); err != nil {
			return nil, fmt.Errorf("stack %s: setting config %s=%s: %w", stack, k, v, err)
		}
	}
	return &Stack{Stack: s, Dir: opts.Dir, StatePath: statePath}, nil
}

// SetProgram replaces the inline program for the next runs.
func (s *Stack) SetProgram(program pulumi.RunFunc) {
	s.Workspace().SetProgram(program)
}

// Cloud reads the emulated cloud's current state.
func (s *Stack) Cloud() (*emulator.State, error) { return emulator.LoadState(s.StatePath) }

// Preview runs `pulumi preview` and collects the engine's events.
func (s *Stack) Preview(ctx context.Context, opts ...optpreview.Option) (*Run, error) {
	r, ch := newRun()
	res, err := s.Stack.Preview(ctx, append(opts, optpreview.EventStreams(ch))...)
	r.wait(err)
	r.StdOut, r.StdErr, r.Changes = res.StdOut, res.StdErr, res.ChangeSummary
	return r, err
}

// Up runs `pulumi up` and collects the engine's events and the outputs.
func (s *Stack) Up(ctx context.Context, opts ...optup.Option) (*Run, error) {
	r, ch := newRun()
	res, err := s.Stack.Up(ctx, append(opts, optup.EventStreams(ch))...)
	r.finish(err, res.StdOut, res.StdErr, res.Summary)
	r.Outputs = res.Outputs
	return r, err
}

// Refresh runs `pulumi refresh` and collects the engine's events.
func (s *Stack) Refresh(ctx context.Context, opts ...optrefresh.Option) (*Run, error) {
	r, ch := newRun()
	res, err := s.Stack.Refresh(ctx, append(opts, optrefresh.EventStreams(ch))...)
	r.finish(err, res.StdOut, res.StdErr, res.Summary)
	return r, err
}

// Destroy runs `pulumi destroy` and collects the engine's events.
func (s *Stack) Destroy(ctx context.Context, opts ...optdestroy.Option) (*Run, error) {
	r, ch := newRun()
	res, err := s.Stack.Destroy(ctx, append(opts, optdestroy.EventStreams(ch))...)
	r.finish(err, res.StdOut, res.StdErr, res.Summary)
	return r, err
}

// finish waits for the events of a run that ended with err and records its output and the
// changes its summary counts.
func (r *Run) finish(err error, stdout, stderr string, summary auto.UpdateSummary) {
	r.wait(err)
	r.StdOut, r.StdErr = stdout, stderr
	if summary.ResourceChanges != nil {
		r.Changes = opCounts(*summary.ResourceChanges)
	}
}

// newRun starts collecting events from a fresh channel.
func newRun() (*Run, chan events.EngineEvent) {
	ch := make(chan events.EngineEvent)
	r := &Run{done: make(chan struct{})}
	go func() {
		defer close(r.done)
		for e := range ch {
			r.mu.Lock()
			r.events = append(r.events, e)
			r.mu.Unlock()
		}
	}()
	return r, ch
}
