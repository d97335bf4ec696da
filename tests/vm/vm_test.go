package vm

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
)

// stacks are the guest images' network stacks the VM tests run on.
var stacks = []string{"ifupdown", "networkmanager", "networkd"}

// vmSlots bounds the VMs running at once: two, as CI's two cores carry.
var vmSlots = make(chan struct{}, 2)

// eachStack runs test on each of the given stacks as parallel subtests,
// each holding one of vmSlots from its start until its last cleanup (the VM
// stopped).
func eachStack(t *testing.T, on []string, test func(t *testing.T, stack string)) {
	for _, stack := range on {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			vmSlots <- struct{}{}
			t.Cleanup(func() { <-vmSlots })
			test(t, stack)
		})
	}
}

// TestVMFollowsTheCloud boots an instance of the emulated cloud (created
// directly, without the engine) whose user data is the guest program in
// metadata mode, and follows it through the cloud's changes: its secondary
// ENI's EIPs are served after boot, an ENI attached later is hot-plugged and
// served, a detached one is unplugged, and after a reboot everything is
// served again. eth0 keeps its DHCP address and default route throughout.
// It tests the twin and the launcher, which are the same on every stack: it
// runs on the first stack only, TestEngineOnAVM takes every stack through
// the same steps.
func TestVMFollowsTheCloud(t *testing.T) {
	t.Parallel()
	eachStack(t, stacks[:1], testVMFollowsTheCloud)
}

func testVMFollowsTheCloud(t *testing.T, stack string) {
	res, err := guestnet.Render(guestnet.Config{Mode: guestnet.ModeMetadata})
	require.NoError(t, err)
	c := newCloud(t)
	vpc, _ := c.create(emulator.TokenNetwork, "vpc", map[string]any{"cidrBlock": "192.168.0.0/16", "vpcName": "twin"})
	vsw, _ := c.create(emulator.TokenSwitch, "vsw", map[string]any{"vpcId": vpc, "cidrBlock": "192.168.1.0/24", "zoneId": "cn-hangzhou-h"})
	sg, _ := c.create(emulator.TokenSecurityGroup, "sg", map[string]any{"vpcId": vpc})
	vm, _ := c.create(emulator.TokenInstance, "vm", map[string]any{"instanceType": "ecs.c7.large", "vswitchId": vsw,
		"securityGroups": []string{sg}, "imageId": "debian_12", "userData": res.UserData})
	want := map[string]string{}
	addEni := func(name string, ips ...string) (id, mac string) {
		id, out := c.create(emulator.TokenEni, name, map[string]any{"vswitchId": vsw, "securityGroupIds": []string{sg}, "privateIpAddresses": ips})
		c.create(emulator.TokenAttachment, name, map[string]any{"instanceId": vm, "networkInterfaceId": id})
		mac = str(out, "mac")
		for i, ip := range append([]string{str(out, "primaryIpAddress")}, ips...) {
			eip, eipOut := c.create(emulator.TokenEip, name+"-eip"+string(rune('0'+i)), map[string]any{})
			c.create(emulator.TokenEipAssociation, name+"-eip"+string(rune('0'+i)), map[string]any{"allocationId": eip, "instanceId": id,
				"instanceType": "NetworkInterface", "privateIpAddress": ip})
			want[str(eipOut, "ipAddress")] = mac
		}
		return id, mac
	}
	_, mac1 := addEni("eni1", "192.168.1.20", "192.168.1.21")

	inst := startInstance(t, c.path, vm, stack)
	inst.Twin.Metadata.RequireToken(true)
	installEcho(t, inst)
	eth0 := eth0State(t, inst)
	t.Logf("served after boot in %s more", waitServed(t, inst, want, 90*time.Second).Round(time.Second))
	requireUdevStartsForEnisOnly(t, inst, mac1)

	// A second ENI attached to the running instance: hot-plugged, then configured.
	before, policy := copyMap(want), policyState(t, inst)
	eni2, mac2 := addEni("eni2", "192.168.1.30")
	attached := time.Now()
	requireEvent(t, inst, "plug", mac2, 10*time.Second)
	waitServed(t, inst, want, 60*time.Second)
	requireKept(t, inst, policy)
	t.Logf("hot-plugged ENI served %s after its attachment", time.Since(attached).Round(time.Second))

	// Detached again: the NIC leaves the VM, the other ENIs are still served.
	st := c.state()
	for _, b := range emulator.NatBindings(st, vm) {
		if b.EniID == eni2 {
			c.delete(emulator.TokenEipAssociation, "", b.AllocationID+":"+b.EniID)
		}
	}
	c.delete(emulator.TokenAttachment, "eni2", eni2+":"+vm)
	requireEvent(t, inst, "unplug", mac2, 70*time.Second)
	want = before
	waitServed(t, inst, want, 30*time.Second)
	assert.NotContains(t, guestAddrs(t, inst), "192.168.1.30", "the detached ENI's address left with its NIC")

	// A hard reboot: everything is served again with no action from the user.
	boot, err := inst.BootID()
	require.NoError(t, err)
	require.NoError(t, inst.Reboot())
	waitBoot(t, inst, "reboot")
	after, err := inst.BootID()
	require.NoError(t, err)
	require.NotEqual(t, boot, after, "the VM booted again")
	t.Logf("served after the reboot in %s more", waitServed(t, inst, want, 90*time.Second).Round(time.Second))
	assert.Equal(t, eth0, eth0State(t, inst), "eth0's address and default route are untouched")
	require.NoError(t, inst.Err())
	assert.Contains(t, strings.ToLower(inst.VM.ConsoleLog()), "linux version", "the console is logged")
}

// requireEvent waits until the twin did kind to the NIC with the given MAC.
func requireEvent(t *testing.T, inst *Instance, kind, mac string, wait time.Duration) InstanceEvent {
	t.Helper()
	for deadline := time.Now().Add(wait); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		for _, e := range inst.Events() {
			if e.Kind == kind && strings.EqualFold(e.MAC, mac) {
				return e
			}
		}
		require.NoError(t, inst.Err())
	}
	require.Failf(t, "no "+kind, "NIC %s within %s: events %v, error %v", mac, wait, inst.Events(), inst.Err())
	return InstanceEvent{}
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
