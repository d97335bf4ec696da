package vm

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
)

// bootTimeout bounds a boot to cloud-init done under TCG on a busy machine.
const bootTimeout = 25 * time.Minute

// startInstance boots the instance as a VM and waits for cloud-init; it
// writes the diagnostics next to the test's files when the test fails.
func startInstance(t *testing.T, statePath, instanceID, stack string) *Instance {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), bootTimeout+10*time.Minute)
	defer cancel()
	inst, err := StartInstance(ctx, InstanceOptions{Dir: dir, StatePath: statePath, InstanceID: instanceID, Stack: stack})
	require.NoError(t, err)
	t.Cleanup(func() {
		if t.Failed() {
			keep := filepath.Join(os.TempDir(), "eipkit-vm-failure-"+strings.ReplaceAll(t.Name(), "/", "-"))
			_ = os.MkdirAll(keep, 0o755)
			t.Logf("diagnostics: %s", inst.WriteDiagnostics(keep))
			con := inst.VM.ConsoleLog()
			_ = os.WriteFile(filepath.Join(keep, "console.log"), []byte(con), 0o644)
			lines := strings.Split(strings.TrimSpace(con), "\n")
			t.Logf("console (last lines):\n%s", strings.Join(lines[max(len(lines)-40, 0):], "\n"))
		}
		inst.Close()
	})
	waitBoot(t, inst, "first boot")
	return inst
}

// waitBoot waits for the guest agent and cloud-init and logs the time since
// the VM started or was last reset.
func waitBoot(t *testing.T, inst *Instance, what string) time.Duration {
	t.Helper()
	from := inst.Started
	if ev := inst.Events(); len(ev) > 0 {
		for _, e := range ev {
			if e.Kind == "reboot" {
				from = e.Time
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), bootTimeout)
	defer cancel()
	status, err := inst.WaitBoot(ctx)
	require.NoError(t, err, "%s: %s", what, status)
	took := time.Since(from)
	t.Logf("%s (%s): cloud-init %q after %s", what, inst.VM.Accel, status, took.Round(time.Second))
	if blame, err := inst.VM.Agent.Sh("systemd-analyze blame --no-pager | head -n 5"); err == nil {
		t.Logf("%s: the slowest units:\n%s", what, blame)
	}
	return took
}

// installEcho installs and starts the test service in the guest (it starts
// again at every boot).
func installEcho(t *testing.T, inst *Instance) {
	t.Helper()
	require.NoError(t, inst.InstallEchoService())
}

// eth0State is what must never change on eth0: its addresses and the
// default route.
func eth0State(t *testing.T, inst *Instance) string {
	t.Helper()
	out, err := inst.VM.Agent.Sh("ip -4 -o addr show dev eth0 | awk '{print $4}'; ip -4 route show default dev eth0")
	require.NoError(t, err)
	require.Equal(t, 1, strings.Count(out, "/"), "eth0 holds one address: %s", out)
	return out
}

// requireEth0AnswersTheVpc checks that a host of the VPC (the twin's
// router) reaching eth0's own private address is answered through eth0, as
// SSH from a bastion in the VPC is: on Alibaba Cloud an answer through
// another ENI is dropped.
func requireEth0AnswersTheVpc(t *testing.T, inst *Instance, what string) {
	t.Helper()
	out, err := inst.VM.Agent.Sh("cat /sys/class/net/eth0/address; ip -4 -o addr show dev eth0 scope global | awk '{print $4}'")
	require.NoError(t, err)
	f := strings.Fields(out)
	require.Len(t, f, 2, "eth0's MAC and one address: %s", out)
	addr, _, _ := strings.Cut(f[1], "/")
	t.Logf("%s: the VPC reaches eth0's %s through eth0", what, addr)
	requireVpcAnsweredThrough(t, inst.Twin, addr, f[0], 30*time.Second)
}

// guestAddrs lists the IPv4 addresses on the guest's interfaces as
// "dev address".
func guestAddrs(t *testing.T, inst *Instance) string {
	t.Helper()
	out, err := inst.VM.Agent.Sh("ip -4 -o addr show | awk '{print $2, $4}'")
	require.NoError(t, err)
	return out
}

// waitServed waits until every public address is served through its NIC
// (requireServedThrough) and returns how long that took.
func waitServed(t *testing.T, inst *Instance, want map[string]string, wait time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	requireServedThrough(t, inst.Twin, want, wait)
	return time.Since(start)
}

// udevStart is what the guest's udev rule runs: the program's service, without blocking udev.
const udevStart = "systemctl --no-block start " + guestnet.ServiceName

// requireUdevStartsForEnisOnly asks the guest's udev, with its installed rules, what it would
// run for a veth pair made the way a container runtime makes one, and for the ENI with the given
// MAC: the program's service for the ENI, added or removed, and nothing for the veth.
func requireUdevStartsForEnisOnly(t *testing.T, inst *Instance, mac string) {
	t.Helper()
	out, err := inst.VM.Agent.Sh(`set -e
eni=$(grep -l '^` + mac + `$' /sys/class/net/*/address | cut -d/ -f5)
ip link add eipkit-veth0 type veth peer name eipkit-veth1
trap 'ip link del eipkit-veth0' EXIT
udevadm settle
for a in add remove; do
	echo "@@ veth $a"; udevadm test --action=$a /sys/class/net/eipkit-veth0 2>&1 | grep '^run:' || true
	echo "@@ eni $a"; udevadm test --action=$a "/sys/class/net/$eni" 2>&1 | grep '^run:' || true
done`)
	require.NoError(t, err, "%s", out)
	t.Logf("what udev runs:\n%s", out)
	sections := strings.Split(out, "@@ ")
	require.Len(t, sections, 5, "%s", out)
	for _, s := range sections[1:] {
		what, _, _ := strings.Cut(s, "\n")
		if strings.HasPrefix(what, "veth") {
			assert.NotContains(t, s, udevStart, "udev starts nothing for a container's veth (%s)", what)
		} else {
			assert.Contains(t, s, udevStart, "udev starts the program for an ENI (%s)", what)
		}
	}
}
