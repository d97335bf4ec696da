package guestnet

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

var nsCounter atomic.Int64

// uniqueID returns a short name part unique to this process and call.
func uniqueID() string {
	return fmt.Sprintf("%x%x", os.Getpid()%0xfffff, nsCounter.Add(1))
}

// sh runs a command and fails the test when it fails.
func sh(t testing.TB, args ...string) string {
	t.Helper()
	out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	require.NoError(t, err, "%s: %s", strings.Join(args, " "), out)
	return string(out)
}

// nsRun runs a command inside a network namespace and returns its output.
func nsRun(ns string, args ...string) (string, error) {
	out, err := exec.Command("ip", append([]string{"netns", "exec", ns}, args...)...).CombinedOutput()
	return string(out), err
}

// nsSh runs a command inside a namespace and fails the test when it fails.
func nsSh(t testing.TB, ns string, args ...string) string {
	t.Helper()
	out, err := nsRun(ns, args...)
	require.NoError(t, err, "in %s: %s: %s", ns, strings.Join(args, " "), out)
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

// inNetns runs fn on an OS thread switched into the named namespace; sockets
// fn opens stay in that namespace.
func inNetns(t testing.TB, name string, fn func()) {
	t.Helper()
	runtime.LockOSThread()
	orig, err := os.Open(fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid()))
	require.NoError(t, err)
	defer orig.Close()
	target, err := os.Open("/run/netns/" + name)
	require.NoError(t, err)
	defer target.Close()
	if e := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); e != nil {
		runtime.UnlockOSThread()
		t.Fatalf("setns %s: %v", name, e)
	}
	fn()
	if e := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); e != nil {
		// The thread stays locked and dies with the goroutine: it is in the wrong namespace.
		t.Fatalf("setns back: %v", e)
	}
	runtime.UnlockOSThread()
}

// serveIn serves h on addr inside the namespace until the test ends.
func serveIn(t testing.TB, ns, addr string, h http.Handler) {
	t.Helper()
	var ln net.Listener
	var err error
	inNetns(t, ns, func() {
		for i := 0; i < 50; i++ { // the address may still be tentative
			if ln, err = net.Listen("tcp", addr); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	require.NoError(t, err, "listen on %s in %s", addr, ns)
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
}

// counters returns the rx and tx packet counters of dev in ns.
// byteCounters reads the received and sent bytes of dev in namespace ns.
func byteCounters(t *testing.T, ns, dev string) (rx, tx int) {
	t.Helper()
	out := nsSh(t, ns, "cat", "/sys/class/net/"+dev+"/statistics/rx_bytes", "/sys/class/net/"+dev+"/statistics/tx_bytes")
	_, err := fmt.Sscan(out, &rx, &tx)
	require.NoError(t, err, out)
	return rx, tx
}
