package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
	"github.com/eipkit/pulumi-alicloud-eip/tests/vm"
)

// trigger is something a stack does to the NICs in its life. The guest
// program keeps every EIP served through it, or, when the stack removes by
// design what it did not configure (later is set), serves them again within
// 90 seconds (the program's timer).
type trigger struct {
	name, cmd string
	later     bool
}

// triggers are run in the guest one after the other once every EIP is
// served again after a reboot.
var triggers = map[string][]trigger{
	"ifupdown": {
		{"ifdown and ifup of eth1", "ifdown eth1; ifup eth1", false},
		{"restart of networking.service", "systemctl restart networking.service", false},
	},
	"networkmanager": {
		// A reapply reverts external changes of the device: NetworkManager 1.42
		// removes the program's addresses and tells no dispatcher script.
		{"reapply of eth1", "nmcli device reapply eth1", true},
		{"profile of eth1 up again", `nmcli connection up "$(nmcli -g GENERAL.CONNECTION device show eth1)"`, false},
		{"restart of NetworkManager", "systemctl restart NetworkManager.service", false},
	},
	"networkd": {
		{"DHCP renewal on eth1", "networkctl renew eth1", false},
		{"networkctl reconfigure eth1", "networkctl reconfigure eth1", false},
		{"netplan apply", "netplan apply", false},
		{"restart of systemd-networkd", "systemctl restart systemd-networkd.service", false},
	},
}

type run struct {
	stack, dir string
	failed     int

	mu   sync.Mutex
	inst *vm.Instance
	cc   instance
}

func (r *run) printf(format string, args ...any) {
	fmt.Println(r.stack + ": " + fmt.Sprintf(format, args...))
}

func (r *run) check(ok bool, format string, args ...any) {
	if ok {
		r.printf("ok   "+format, args...)
		return
	}
	r.failed++
	r.printf("FAIL "+format, args...)
}

func (r *run) do() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	c, err := newCloud(r.dir)
	if err != nil {
		return err
	}
	res, err := guestnet.Render(guestnet.Config{Mode: guestnet.ModeMetadata})
	if err != nil {
		return err
	}
	if r.cc, err = buildInstance(c, res.UserData); err != nil {
		return err
	}
	inst, err := vm.StartInstance(ctx, vm.InstanceOptions{Dir: r.dir, StatePath: c.path, InstanceID: r.cc.id, Stack: r.stack})
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.inst = inst
	r.mu.Unlock()
	inst.Twin.Metadata.RequireToken(true)
	agent := inst.VM.Agent

	// First boot: every EIP served, each through its NIC.
	if err := agent.WaitReady(ctx); err != nil {
		return err
	}
	if err := inst.InstallEchoService(); err != nil {
		return err
	}
	served := r.waitServed(8*time.Minute - time.Since(inst.Started))
	r.check(served == nil, "first boot: every EIP served through its NIC %s after QEMU started (%v)", since(inst.Started), served)
	if _, err := inst.WaitBoot(ctx); err != nil {
		return err
	}
	r.printf("first boot: cloud-init done at %s (QEMU started %s ago)", cloudInitDone(inst), since(inst.Started))
	if served != nil {
		return fmt.Errorf("not served: %v\n%s", served, inst.Diagnose())
	}
	before, err := r.eth0(agent)
	if err != nil {
		return err
	}
	r.invariants(agent, before, "first boot")

	// A reboot: served again with no action, and the stack's settings the
	// guest program installed are in effect from this boot on.
	boot, err := inst.BootID()
	if err != nil {
		return err
	}
	t1 := time.Now()
	_, _ = agent.Exec(10*time.Second, "systemctl", "reboot")
	for {
		if id, err := inst.BootID(); err == nil && id != boot {
			break
		}
		if time.Since(t1) > 5*time.Minute {
			return fmt.Errorf("no second boot within 5 minutes")
		}
		time.Sleep(2 * time.Second)
	}
	served = r.waitServed(5 * time.Minute)
	r.check(served == nil, "after a reboot: every EIP served again %s after the reboot (%v)", since(t1), served)
	if served != nil {
		return fmt.Errorf("not served after the reboot: %v\n%s", served, inst.Diagnose())
	}
	r.invariants(agent, before, "after a reboot")

	for _, tr := range triggers[r.stack] {
		res, err := agent.Exec(2*time.Minute, "/bin/sh", "-c", tr.cmd)
		if err != nil {
			return fmt.Errorf("%s: %w", tr.name, err)
		}
		if res.ExitCode != 0 {
			r.printf("note: %q exited %d: %s", tr.cmd, res.ExitCode, strings.TrimSpace(res.Stdout+res.Stderr))
		}
		// Give the stack time to finish what it started (DHCP, its own clean-up).
		time.Sleep(10 * time.Second)
		if tr.later {
			err = r.waitServed(80 * time.Second)
			r.check(err == nil, "after %s: every EIP served again within 90 s (%v)", tr.name, err)
			r.invariants(agent, before, "after "+tr.name)
			continue
		}
		err = r.servedAll()
		r.check(err == nil, "after %s: every EIP still served (%v)", tr.name, err)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s\n", inst.Diagnose())
			t2 := time.Now()
			err = r.waitServed(90 * time.Second)
			r.printf("after %s: served again %s later (%v)", tr.name, since(t2), err)
		}
		r.invariants(agent, before, "after "+tr.name)
	}
	return inst.Err()
}

// cloudInitDone returns the guest's uptime at cloud-init's final message on
// the console ("Up N seconds", counted from the kernel's start).
func cloudInitDone(inst *vm.Instance) string {
	for _, l := range strings.Split(inst.VM.ConsoleLog(), "\n") {
		if i := strings.Index(l, "Cloud-init v."); i >= 0 && strings.Contains(l, "finished at") {
			if j := strings.LastIndex(l, " Up "); j >= 0 {
				return strings.TrimSuffix(strings.TrimSpace(l[j+4:]), " seconds") + "s of the guest's uptime"
			}
		}
	}
	return "an unknown time (no console line)"
}

// waitServed retries servedAll for up to wait.
func (r *run) waitServed(wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		err := r.servedAll()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(2 * time.Second)
	}
}

// servedAll asks the echo service through every EIP from the remote host
// and checks each answer: the remote's address seen, the answer leaving by
// the NIC holding the EIP's private address (router port counters).
func (r *run) servedAll() error {
	for public, mac := range r.cc.served {
		if err := r.served(public, mac); err != nil {
			return err
		}
	}
	return nil
}

func (r *run) served(public, mac string) error {
	tw := r.inst.Twin
	before, err := tw.PortCounters()
	if err != nil {
		return err
	}
	out, err := tw.RemoteRun("curl", "-sS", "--max-time", "10", fmt.Sprintf("http://%s:%d/", public, vm.EchoPort))
	after, cerr := tw.PortCounters()
	if cerr != nil {
		return cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %v", public, err)
	}
	if !strings.HasPrefix(out, vm.RemoteIP+"\n") || len(out) < vm.EchoBulk {
		return fmt.Errorf("%s: the service saw %.40q, want the remote's address %s", public, out, vm.RemoteIP)
	}
	mac = strings.ToLower(mac)
	for m := range after {
		d := after[m] - before[m]
		if m == mac && d < vm.EchoBulk {
			return fmt.Errorf("%s: only %d bytes left by NIC %s", public, d, mac)
		}
		if m != mac && d >= vm.EchoBulk/4 {
			return fmt.Errorf("%s: the answer left by NIC %s (%d bytes), not %s", public, m, d, mac)
		}
	}
	return nil
}

// eth0 returns eth0's addresses and the main table's default routes.
func (r *run) eth0(agent *vm.Agent) (string, error) {
	return agent.Sh("ip -4 -o addr show dev eth0 | awk '{print $4}'; ip -4 route show table main default")
}

// invariants checks that eth0 keeps its address and that the main table's
// preferred default route still leaves by eth0.
func (r *run) invariants(agent *vm.Agent, before, when string) {
	now, err := r.eth0(agent)
	if err != nil {
		r.check(false, "%s: reading eth0: %v", when, err)
		return
	}
	first := ""
	for _, l := range strings.Split(now, "\n") {
		if strings.HasPrefix(l, "default ") {
			first = l
			break
		}
	}
	r.check(now == before && strings.Contains(first, " dev eth0"), "%s: eth0's address and the main table's default routes as after boot: %q",
		when, strings.ReplaceAll(strings.TrimSpace(now), "\n", "; "))
}

func (r *run) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.inst != nil {
		r.inst.Close()
		r.inst = nil
	}
}
