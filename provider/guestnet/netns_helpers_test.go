//go:build root

package guestnet

import (
	"context"
	"net/http"
	"os/exec"
	"testing"
	"time"

	"github.com/eipkit/pulumi-alicloud-eip/tests/netns"
	"github.com/stretchr/testify/require"
)

// uniqueID returns a short name part unique to this process and call.
func uniqueID() string { return netns.UniqueName("") }

// sh runs a command and fails the test when it fails.
func sh(t testing.TB, args ...string) string {
	t.Helper()
	out, err := netns.Run(args...)
	require.NoError(t, err)
	return out
}

// nsRun runs a command inside a network namespace and returns its output.
func nsRun(ns string, args ...string) (string, error) { return netns.Exec(ns, args...) }

// nsSh runs a command inside a namespace and fails the test when it fails.
func nsSh(t testing.TB, ns string, args ...string) string {
	t.Helper()
	out, err := nsRun(ns, args...)
	require.NoError(t, err, "in %s", ns)
	return out
}

// addNetns creates a namespace deleted when the test ends, even on failure.
func addNetns(t testing.TB, name string) string {
	t.Helper()
	sh(t, "ip", "netns", "add", name)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", name).Run() })
	nsSh(t, name, "ip", "link", "set", "lo", "up")
	return name
}

// serveIn serves h on addr inside the namespace until the test ends.
func serveIn(t testing.TB, ns, addr string, h http.Handler) {
	t.Helper()
	ln, err := netns.Listen(ns, addr)
	require.NoError(t, err)
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
}

// byteCounters reads the received and sent bytes of dev in namespace ns.
func byteCounters(t *testing.T, ns, dev string) (rx, tx int) {
	t.Helper()
	r, x, err := netns.Counters(ns, dev)
	require.NoError(t, err)
	return int(r), int(x)
}
