// Command smoke boots the guest image of one network stack under QEMU on the
// cloud's twin and checks that the guest program configures the secondary
// ENI and keeps its policy routing while the stack's own network manager
// reconfigures the NICs:
//
//	go run ./tests/vm/image/smoke -stack networkd
//
// It builds an emulated instance with a secondary ENI of three private
// addresses and one EIP on each of them and on eth0, boots it with the
// package's user data (metadata mode, hardened metadata required) through
// tests/vm (StartInstance), installs the echo service through the guest
// agent, and judges routing by packets: the remote host asks the service
// through each EIP, the service must see the remote's address, and the
// answer must leave by the NIC that holds the EIP's private address (the
// router's port counters). It reboots the guest and checks the same, then
// runs, through the guest agent, what the stack does to NICs in its life (a
// DHCP renewal, a reconfiguration, a restart of the network manager) and
// checks after each that every EIP is still served, and that eth0's address
// and default routes stay. It prints the times and one line per check, and
// exits 1 when a check fails. Needs root and the tools of tests/vm. Run one
// VM at a time on a small machine.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	stack := flag.String("stack", "ifupdown", "network stack of the image: ifupdown, networkmanager or networkd")
	keep := flag.Bool("keep", false, "keep the work folder (console log, DHCP log) after the run")
	flag.Parse()
	// The standard logger may be redirected by imported packages: print to stdout.
	say := func(format string, args ...any) { fmt.Printf("smoke "+*stack+": "+format+"\n", args...) }
	dir, err := os.MkdirTemp("", "eipkit-smoke-"+*stack+"-")
	if err != nil {
		say("%v", err)
		os.Exit(1)
	}
	if *keep {
		say("work folder %s", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	r := &run{stack: *stack, dir: dir}
	// An interrupted run still stops QEMU and removes the twin's namespaces.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		r.close()
		os.Exit(1)
	}()
	err = r.do()
	r.close()
	if err != nil {
		say("FAIL: %v", err)
		os.Exit(1)
	}
	if r.failed > 0 {
		say("FAIL: %d check(s) failed", r.failed)
		os.Exit(1)
	}
	say("PASS")
}

// since renders the seconds from t0 to now.
func since(t0 time.Time) string { return fmt.Sprintf("%.0fs", time.Since(t0).Seconds()) }
