package vm

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
)

// InstanceOptions describe an emulated instance run as a VM.
type InstanceOptions struct {
	// Dir holds the twin's and the VM's files.
	Dir string
	// StatePath is the emulator's state file; InstanceID the instance.
	StatePath, InstanceID string
	// Stack is the guest image's network stack (see EnsureImage).
	Stack string
}

// Instance is an emulated instance booted as a VM on the twin's network:
// the VM boots with a NIC per attached ENI (eth0 the primary one) and the
// instance's user data as its NoCloud seed, and follows the emulator's
// state: an ENI attached to the instance is hot-plugged as a NIC with the
// ENI's MAC, a detached one unplugged, and a reboot the cloud records (a
// changed userData) resets the VM.
type Instance struct {
	// Twin is the network around the VM; VM the guest.
	Twin *Twin
	VM   *VM
	// ID is the instance's id.
	ID string
	// Started is when the VM was started.
	Started time.Time

	statePath  string
	stop, done chan struct{}

	mu      sync.Mutex
	err     error
	reboots int
	events  []InstanceEvent
}

// InstanceEvent is something the twin did to the VM.
type InstanceEvent struct {
	// Time is when it was done.
	Time time.Time
	// Kind is "plug", "unplug" or "reboot"; MAC names the NIC.
	Kind, MAC string
}

// StartInstance starts the twin of the instance and boots its VM.
func StartInstance(ctx context.Context, opts InstanceOptions) (inst *Instance, err error) {
	img, err := EnsureImage(ctx, opts.Stack)
	if err != nil {
		return nil, err
	}
	st, err := emulator.LoadState(opts.StatePath)
	if err != nil {
		return nil, err
	}
	rec := st.Resources[opts.InstanceID]
	if rec == nil {
		return nil, fmt.Errorf("no instance %s in %s", opts.InstanceID, opts.StatePath)
	}
	nics := emulator.InstanceNics(st, opts.InstanceID)
	if len(nics) == 0 {
		return nil, fmt.Errorf("instance %s has no ENI", opts.InstanceID)
	}
	seed := filepath.Join(opts.Dir, "seed.iso")
	if err := WriteSeed(seed, opts.InstanceID, "eipkit-guest", emulator.InstanceUserData(st, opts.InstanceID)); err != nil {
		return nil, err
	}
	tw, err := StartTwin(opts.Dir, opts.StatePath, opts.InstanceID)
	if err != nil {
		return nil, err
	}
	inst = &Instance{Twin: tw, ID: opts.InstanceID, statePath: opts.StatePath, stop: make(chan struct{}),
		done: make(chan struct{}), reboots: reboots(rec)}
	defer func() {
		if err != nil {
			inst.Close()
		}
	}()
	var boot []NIC
	for _, n := range nics {
		tap, err := tw.AddTap(n.MAC)
		if err != nil {
			return nil, err
		}
		boot = append(boot, NIC{MAC: n.MAC, Tap: tap})
	}
	Accel() // the probe's time is not the boot's
	inst.Started = time.Now()
	inst.VM, err = StartVM(VMOptions{Image: img, Dir: opts.Dir, Netns: tw.Router, NICs: boot, Seed: seed})
	if err != nil {
		return nil, err
	}
	go inst.follow()
	return inst, nil
}

func reboots(rec *emulator.Record) int {
	n, _ := rec.Internal["reboots"].(float64)
	return int(n)
}

// follow applies the state to the VM until Close.
func (in *Instance) follow() {
	defer close(in.done)
	t := time.NewTicker(syncEvery)
	defer t.Stop()
	for {
		select {
		case <-in.stop:
			return
		case <-t.C:
			if err := in.sync(); err != nil {
				in.mu.Lock()
				in.err = err
				in.mu.Unlock()
			}
		}
	}
}

// sync plugs the NICs of newly attached ENIs, unplugs those of detached
// ones, and resets the VM when the cloud recorded a reboot.
func (in *Instance) sync() error {
	st, err := emulator.LoadState(in.statePath)
	if err != nil {
		return err
	}
	rec := st.Resources[in.ID]
	if rec == nil {
		return nil
	}
	want := emulator.InstanceNics(st, in.ID)
	have := in.VM.NICs()
	for _, h := range have {
		if !slices.ContainsFunc(want, func(n emulator.Nic) bool { return strings.EqualFold(n.MAC, h.MAC) }) {
			if err := in.VM.Unplug(h.MAC, 60*time.Second); err != nil {
				return err
			}
			if err := in.Twin.RemoveTap(h.MAC); err != nil {
				return err
			}
			in.record("unplug", h.MAC)
		}
	}
	for _, n := range want {
		if slices.ContainsFunc(have, func(h NIC) bool { return strings.EqualFold(n.MAC, h.MAC) }) {
			continue
		}
		tap, err := in.Twin.AddTap(n.MAC)
		if err != nil {
			return err
		}
		if err := in.VM.Plug(NIC{MAC: n.MAC, Tap: tap}); err != nil {
			return err
		}
		in.record("plug", n.MAC)
	}
	if r := reboots(rec); r != in.reboots {
		in.reboots = r
		if err := in.VM.Reset(); err != nil {
			return err
		}
		in.record("reboot", "")
	}
	return nil
}

func (in *Instance) record(kind, mac string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.events = append(in.events, InstanceEvent{Time: time.Now(), Kind: kind, MAC: mac})
}

// Events lists what the twin did to the VM so far.
func (in *Instance) Events() []InstanceEvent {
	in.mu.Lock()
	defer in.mu.Unlock()
	return slices.Clone(in.events)
}

// Err returns the last error of following the state (the VM's or the
// twin's), or nil.
func (in *Instance) Err() error {
	in.mu.Lock()
	err := in.err
	in.mu.Unlock()
	if err != nil {
		return err
	}
	return in.Twin.Err()
}

// Reboot resets the VM, as a hard reboot of the instance.
func (in *Instance) Reboot() error {
	if err := in.VM.Reset(); err != nil {
		return err
	}
	in.record("reboot", "")
	return nil
}

// WaitBoot waits for the guest agent and then for cloud-init to finish, and
// returns cloud-init's status line. A failed cloud-init is an error.
func (in *Instance) WaitBoot(ctx context.Context) (string, error) {
	if err := in.VM.Agent.WaitReady(ctx); err != nil {
		return "", err
	}
	for {
		res, err := in.VM.Agent.Exec(5*time.Minute, "cloud-init", "status", "--wait")
		if err == nil {
			// --wait prints a dot per second before the status.
			status := strings.TrimLeft(strings.TrimSpace(res.Stdout), ".\n")
			if res.ExitCode != 0 && !strings.Contains(status, "done") {
				return status, fmt.Errorf("cloud-init status exited %d: %s %s", res.ExitCode, status, res.Stderr)
			}
			return status, nil
		}
		if ctx.Err() != nil {
			return "", err
		}
		time.Sleep(time.Second)
	}
}

// BootID returns the guest's boot id, which changes at every boot.
func (in *Instance) BootID() (string, error) {
	out, err := in.VM.Agent.Sh("cat /proc/sys/kernel/random/boot_id")
	return strings.TrimSpace(out), err
}

// Diagnose returns what helps explain a failure: the console's tail, the
// guest's addresses, rules and the guest program's journal when the agent
// answers, and the twin's DHCP log.
func (in *Instance) Diagnose() string {
	var b strings.Builder
	if in.VM != nil {
		con := in.VM.ConsoleLog()
		if len(con) > 6000 {
			con = con[len(con)-6000:]
		}
		fmt.Fprintf(&b, "--- console (tail)\n%s\n--- qemu\n%s\n", con, in.VM.Output())
		if in.VM.Agent.Ping(3*time.Second) == nil {
			out, err := in.VM.Agent.Sh("ip -4 addr; ip rule; for t in $(ip rule | sed -n 's/.*lookup \\([0-9][0-9]*\\).*/\\1/p' | sort -u); do echo \"table $t\"; ip route show table $t; done; " +
				"journalctl -b --no-pager -u eipkit-guestnet.service | tail -n 40; cloud-init status --long")
			fmt.Fprintf(&b, "--- guest\n%s %v\n", out, err)
		}
	}
	fmt.Fprintf(&b, "--- dhcp\n%s\n", in.Twin.DHCPLog())
	return b.String()
}

// Close stops following the state, the VM and the twin.
func (in *Instance) Close() {
	select {
	case <-in.stop:
	default:
		close(in.stop)
		if in.VM != nil {
			<-in.done
		}
	}
	if in.VM != nil {
		in.VM.Stop()
	}
	in.Twin.Close()
}

// WriteDiagnostics writes Diagnose to a file in dir, for a failed test.
func (in *Instance) WriteDiagnostics(dir string) string {
	p := filepath.Join(dir, "diagnostics.txt")
	_ = os.WriteFile(p, []byte(in.Diagnose()), 0o644)
	return p
}
