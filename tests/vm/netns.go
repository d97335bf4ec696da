package vm

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

var nameCounter atomic.Int64

// uniqueName returns prefix followed by a short part unique to this process
// and call, short enough for an interface name.
func uniqueName(prefix string) string {
	return fmt.Sprintf("%s%x%x", prefix, os.Getpid()%0xffff, nameCounter.Add(1))
}

// run runs a command and returns its combined output; the error names the
// command and carries the output.
func run(args ...string) (string, error) {
	out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s: %w: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// nsRun runs a command inside a network namespace.
func nsRun(ns string, args ...string) (string, error) {
	return run(append([]string{"ip", "netns", "exec", ns}, args...)...)
}

// inNetns runs fn on an OS thread switched into the named namespace; the
// sockets fn opens stay in that namespace.
func inNetns(name string, fn func() error) error {
	runtime.LockOSThread()
	orig, err := os.Open(fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid()))
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	defer orig.Close()
	target, err := os.Open("/run/netns/" + name)
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	defer target.Close()
	if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("setns %s: %w", name, err)
	}
	fnErr := fn()
	if err := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); err != nil {
		// The thread stays locked and ends with the goroutine: it is in the wrong namespace.
		return fmt.Errorf("setns back: %w", err)
	}
	runtime.UnlockOSThread()
	return fnErr
}

// listenIn opens a TCP listener on addr inside a namespace, retrying while
// the address is still tentative.
func listenIn(ns, addr string) (net.Listener, error) {
	var ln net.Listener
	err := inNetns(ns, func() error {
		var err error
		for range 50 {
			if ln, err = net.Listen("tcp", addr); err == nil {
				return nil
			}
			time.Sleep(100 * time.Millisecond)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("listen on %s in %s: %w", addr, ns, err)
	}
	return ln, nil
}

// counters reads the received and sent bytes of a device in a namespace.
func counters(ns, dev string) (rx, tx int64, err error) {
	out, err := nsRun(ns, "cat", "/sys/class/net/"+dev+"/statistics/rx_bytes", "/sys/class/net/"+dev+"/statistics/tx_bytes")
	if err != nil {
		return 0, 0, err
	}
	_, err = fmt.Sscan(out, &rx, &tx)
	return rx, tx, err
}
