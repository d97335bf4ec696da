package e2e

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// opTimeout bounds one Pulumi operation.
const opTimeout = 5 * time.Minute

// e2eStack is a stack of one test with its own backend and emulated cloud.
type e2eStack struct {
	*harness.Stack
	t *testing.T
}

// newStack creates a stack in a fresh temporary folder.
func newStack(t *testing.T, program pulumi.RunFunc) *e2eStack {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	s, err := harness.NewStack(ctx, tools, harness.StackOptions{Dir: t.TempDir(), Program: program})
	require.NoError(t, err)
	return &e2eStack{Stack: s, t: t}
}

// up runs `pulumi up` and requires success.
func (s *e2eStack) up() *harness.Run {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	r, err := s.Up(ctx)
	require.NoError(s.t, err, "pulumi up")
	return r
}

// upErr runs `pulumi up` and returns its error.
func (s *e2eStack) upErr() (*harness.Run, error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	return s.Up(ctx)
}

// preview runs `pulumi preview` and requires success.
func (s *e2eStack) preview() *harness.Run {
	s.t.Helper()
	r, err := s.previewErr()
	require.NoError(s.t, err, "pulumi preview")
	return r
}

// previewErr runs `pulumi preview` and returns its error.
func (s *e2eStack) previewErr() (*harness.Run, error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	return s.Preview(ctx)
}

// refresh runs `pulumi refresh` and requires success.
func (s *e2eStack) refresh() *harness.Run {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	r, err := s.Refresh(ctx)
	require.NoError(s.t, err, "pulumi refresh")
	return r
}

// destroy runs `pulumi destroy` and requires success.
func (s *e2eStack) destroy() *harness.Run {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	r, err := s.Destroy(ctx)
	require.NoError(s.t, err, "pulumi destroy")
	return r
}

// cloud reads the emulated cloud.
func (s *e2eStack) cloud() *emulator.State {
	s.t.Helper()
	st, err := s.Cloud()
	require.NoError(s.t, err)
	return st
}

// requireSteady checks that a second preview plans no change and a refresh
// finds no drift.
func (s *e2eStack) requireSteady() {
	s.t.Helper()
	p := s.preview()
	require.Empty(s.t, p.Changed(), "a second preview must plan no change")
	r := s.refresh()
	require.Empty(s.t, r.Changed(), "refresh must find no drift")
	for op, n := range r.Changes {
		require.Equal(s.t, apitype.OpSame, op, "refresh must find no drift, got %d %s", n, op)
	}
	p = s.preview()
	require.Empty(s.t, p.Changed(), "a preview after refresh must plan no change")
}

// requireDestroyed destroys the stack and checks that the emulated cloud
// keeps nothing but the given retained records.
func (s *e2eStack) requireDestroyed(retained ...string) {
	s.t.Helper()
	s.destroy()
	st := s.cloud()
	var left []string
	for id, r := range st.Resources {
		keep := false
		for _, k := range retained {
			keep = keep || k == id
		}
		if !keep {
			left = append(left, r.Type+" "+id)
		}
	}
	require.Empty(s.t, left, "destroy must leave the emulated cloud empty")
}

// multiComponentToken is the type token of MultiEipInstance.
const multiComponentToken = "alicloud-eip:index:MultiEipInstance"

// componentOutputs returns the outputs the stack's state holds for its one resource of type token.
func (s *e2eStack) componentOutputs(token string) map[string]any {
	s.t.Helper()
	dep, err := s.Export(context.Background())
	require.NoError(s.t, err)
	var d apitype.DeploymentV3
	require.NoError(s.t, json.Unmarshal(dep.Deployment, &d))
	var found []map[string]any
	for _, r := range d.Resources {
		if string(r.Type) == token {
			found = append(found, r.Outputs)
		}
	}
	require.Len(s.t, found, 1, "one %s in the state", token)
	return found[0]
}

// childStackTraces returns, for every resource whose parent is of type token, the source
// positions of the stack trace the state records for it.
func (s *e2eStack) childStackTraces(token string) map[string][]string {
	s.t.Helper()
	dep, err := s.Export(context.Background())
	require.NoError(s.t, err)
	var d apitype.DeploymentV3
	require.NoError(s.t, json.Unmarshal(dep.Deployment, &d))
	parents := map[string]bool{}
	for _, r := range d.Resources {
		if string(r.Type) == token {
			parents[string(r.URN)] = true
		}
	}
	out := map[string][]string{}
	for _, r := range d.Resources {
		if !parents[string(r.Parent)] {
			continue
		}
		frames := []string{}
		for _, f := range r.StackTrace {
			frames = append(frames, f.SourcePosition)
		}
		out[string(r.URN)] = frames
	}
	require.NotEmpty(s.t, out, "the %s has children in the state", token)
	return out
}
