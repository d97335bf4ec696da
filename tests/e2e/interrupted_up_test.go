package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// killEngine kills, by process id, the Pulumi CLI and every plugin it started for the stack in
// dir (they all carry the stack's PULUMI_HOME), as a crash or an OOM kill would. It returns how
// many processes it killed.
func killEngine(t *testing.T, dir string) int {
	t.Helper()
	mark := []byte("PULUMI_HOME=" + filepath.Join(dir, "pulumi-home") + "\x00")
	procs, err := os.ReadDir("/proc")
	require.NoError(t, err)
	killed := 0
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", p.Name(), "environ"))
		if err != nil || !bytes.Contains(env, mark) {
			continue
		}
		if syscall.Kill(pid, syscall.SIGKILL) == nil {
			killed++
		}
	}
	return killed
}

// pendingCreates lists the URNs of the creates an interrupted update left pending in the stack.
func (s *e2eStack) pendingCreates() []string {
	s.t.Helper()
	dep, err := s.Export(context.Background())
	require.NoError(s.t, err)
	var d struct {
		PendingOperations []struct {
			Resource struct {
				URN string `json:"urn"`
			} `json:"resource"`
			Type string `json:"type"`
		} `json:"pending_operations"`
	}
	require.NoError(s.t, json.Unmarshal(dep.Deployment, &d))
	var out []string
	for _, op := range d.PendingOperations {
		if op.Type == "creating" {
			out = append(out, op.Resource.URN)
		}
	}
	return out
}

// An up killed right after the allocation's update, while the ENI and the associations are
// being changed, followed by what the CLI asks (cancel, refresh importing the interrupted creates
// the cloud holds and clearing the others) and another up: no two entries share a private IP, and
// the emulated cloud holds exactly the declared resources.
func TestMultiEipInterruptedUp(t *testing.T) {
	t.Parallel()
	site := harness.SiteArgs{InstanceType: "ecs.c6.xlarge"} // 4 ENIs x 10 private IPs
	var names []string
	for i := range 14 {
		names = append(names, fmt.Sprintf("svc%02d", i))
	}
	s := newStack(t, namedProgram(site, nil, names[:3]...))
	s.up()

	s.SetProgram(namedProgram(site, nil, names...))
	ch := make(chan events.EngineEvent, 4096)
	killed := make(chan int, 1)
	go func() {
		done := false
		for e := range ch {
			if !done && e.ResOutputsEvent != nil && strings.HasSuffix(e.ResOutputsEvent.Metadata.URN, "::svc-allocation") {
				done = true
				killed <- killEngine(t, s.Dir)
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	_, err := s.Stack.Stack.Up(ctx, optup.EventStreams(ch))
	require.Error(t, err, "the killed up fails")
	select {
	case n := <-killed:
		require.Positive(t, n, "the engine was killed after the allocation's update")
	case <-time.After(time.Minute):
		t.Fatal("the allocation's update never completed")
	}

	time.Sleep(2 * time.Second) // let the killed processes go
	mid := s.cloud()
	t.Logf("after the kill the cloud holds %d EIPs and %d associations of %d entries",
		len(harness.OfType(mid, emulator.TokenEip)), len(harness.OfType(mid, emulator.TokenEipAssociation)), len(names))
	assert.Less(t, len(harness.OfType(mid, emulator.TokenEipAssociation)), len(names), "the update was interrupted before its end")
	requireUniquePrivateIps(t, mid)

	// What the CLI asks after an interruption: release the killed update's lock, then resolve
	// the pending operations with a refresh.
	require.NoError(t, s.Cancel(ctx), "pulumi cancel releases the killed update's lock")
	st := s.cloud()
	byURN := map[string]string{}
	for id, r := range st.Resources {
		if r.URN != "" {
			byURN[r.URN] = id
		}
	}
	var imports []optrefresh.PendingCreate
	unknown := false
	for _, urn := range s.pendingCreates() {
		if id, ok := byURN[urn]; ok {
			imports = append(imports, optrefresh.PendingCreate{URN: urn, ID: id})
		} else {
			unknown = true
		}
	}
	t.Logf("pending creates: %d in the cloud, others: %t", len(imports), unknown)
	if len(imports) > 0 {
		_, err := s.Refresh(ctx, optrefresh.ImportPendingCreates(imports))
		require.NoError(t, err, "refresh importing the interrupted creates the cloud holds")
	}
	if unknown {
		_, err := s.Refresh(ctx, optrefresh.ClearPendingCreates())
		require.NoError(t, err, "refresh clearing the interrupted creates the cloud never made")
	}
	_, err = s.Refresh(ctx)
	require.NoError(t, err)

	up := s.up()
	st = s.cloud()
	requireMultiMatchesCloud(t, up, st, "NAT", names...)
	requireUniquePrivateIps(t, st)
	assert.Len(t, harness.OfType(st, emulator.TokenEip), len(names), "exactly one EIP per entry")
	assert.Len(t, harness.OfType(st, emulator.TokenEipAssociation), len(names), "exactly one association per entry")
	assert.Len(t, harness.OfType(st, emulator.TokenEni), 2, "14 entries on ENIs of 10: two ENIs")
	s.requireSteady()
	s.requireDestroyed()
}
