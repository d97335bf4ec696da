// Package netns holds the network-namespace helpers shared by the tests that
// build hosts with `ip netns`: running commands in a namespace, opening
// sockets in one, and reading interface byte counters.
package netns

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

// UniqueName returns prefix followed by a short part unique to this process
// and call, short enough for an interface name.
func UniqueName(prefix string) string {
	return fmt.Sprintf("%s%x%x", prefix, os.Getpid()%0xfffff, nameCounter.Add(1))
}

// Run runs a command and returns its combined output; the error names the
// command and carries the output.
func Run(args ...string) (string, error) {
	out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s: %w: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// Exec runs a command inside the network namespace ns.
func Exec(ns string, args ...string) (string, error) {
	return Run(append([]string{"ip", "netns", "exec", ns}, args...)...)
}

// Enter runs fn on an OS thread switched into the named namespace; the
// sockets fn opens stay in that namespace.
func Enter(name string, fn func() error) error {
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

// Listen opens a TCP listener on addr inside namespace ns, retrying while the
// address is still tentative.
func Listen(ns, addr string) (net.Listener, error) {
	var ln net.Listener
	err := Enter(ns, func() error {
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

// Counters reads the received and sent bytes of device dev in namespace ns.
func Counters(ns, dev string) (rx, tx int64, err error) {
	out, err := Exec(ns, "cat", "/sys/class/net/"+dev+"/statistics/rx_bytes", "/sys/class/net/"+dev+"/statistics/tx_bytes")
	if err != nil {
		return 0, 0, err
	}
	_, err = fmt.Sscan(out, &rx, &tx)
	return rx, tx, err
}
