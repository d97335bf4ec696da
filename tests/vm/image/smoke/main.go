// Command smoke boots the guest image of one network stack under QEMU on the
// cloud's twin and checks that the guest program configures the secondary
// ENI and keeps its policy routing while the stack's own network manager
// reconfigures the NICs:
//
//	go run ./tests/vm/image/smoke -stack networkd
//
// It builds an emulated instance with a secondary ENI of three private
// addresses and one EIP on each of them and on eth0, boots the image with
// the package's user data (metadata mode, hardened metadata required) plus
// a small echo service, and judges routing by packets: the remote host asks
// the service through each EIP, the service must see the remote's address,
// and the answer must leave by the NIC that holds the EIP's private address
// (the router's port counters). Then it runs, through the guest agent, what
// the stack does to NICs in its life (a DHCP renewal, a reconfiguration, a
// restart of the network manager) and checks after each that every EIP is
// still served, and that eth0's address and default route stay. It prints
// the times (boot to cloud-init done, boot to served), one line per check,
// and exits 1 when a check fails. Needs root, qemu-system-x86, dnsmasq,
// genisoimage and the image (tests/vm/image/ensure.sh). Run one VM at a
// time on a small machine.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func main() {
	stack := flag.String("stack", "ifupdown", "network stack of the image: ifupdown, networkmanager or networkd")
	image := flag.String("image", "", "image folder (default: the folder tests/vm/image/ensure.sh prints)")
	keep := flag.Bool("keep", false, "keep the work folder (console log, DHCP log) after the run")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("smoke " + *stack + ": ")
	if *image == "" {
		out, err := exec.Command("tests/vm/image/ensure.sh", *stack).Output()
		if err != nil {
			log.Fatalf("tests/vm/image/ensure.sh %s (run from the repository root): %v", *stack, err)
		}
		*image = strings.TrimSpace(string(out))
	}
	dir, err := os.MkdirTemp("", "eipkit-smoke-"+*stack+"-")
	if err != nil {
		log.Fatal(err)
	}
	if *keep {
		log.Printf("work folder %s", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	r := &run{stack: *stack, image: *image, dir: dir}
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
		log.Printf("FAIL: %v", err)
		if !*keep {
			log.Printf("console log:\n%s", tail(filepath.Join(dir, "console.log"), 60))
		}
		os.Exit(1)
	}
	if r.failed > 0 {
		log.Printf("FAIL: %d check(s) failed", r.failed)
		os.Exit(1)
	}
	log.Printf("PASS")
}

// tail returns the last n lines of a file.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// since renders the seconds from t0 to now.
func since(t0 time.Time) string { return fmt.Sprintf("%.0fs", time.Since(t0).Seconds()) }
