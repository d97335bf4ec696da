package vm

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// opTimeout bounds one Pulumi operation.
const opTimeout = 5 * time.Minute

var (
	toolsOnce sync.Once
	tools     *harness.Tools
	toolsErr  error
)

// engineTools builds the pinned CLI (when missing), the provider and the
// emulator once for the package's engine tests.
func engineTools(t *testing.T) *harness.Tools {
	t.Helper()
	toolsOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		tools, toolsErr = harness.EnsureTools(ctx, os.Stderr)
	})
	require.NoError(t, toolsErr)
	return tools
}

// vmStack is the engine test's program: a site, a MultiEipInstance that
// creates its instance (ecs.c7.large, at most 4 private IPs per ENI, so the
// fifth EIP opens a second secondary ENI) with the named EIPs, and, with
// visible, a VisibleEip on that instance.
type vmStack struct {
	names   []string
	visible bool
}

func (p vmStack) program(ctx *pulumi.Context) error {
	s, err := harness.NewSite(ctx, "site", harness.SiteArgs{})
	if err != nil {
		return err
	}
	list := alicloudeip.MultiEipEntryArray{}
	for _, n := range p.names {
		list = append(list, alicloudeip.MultiEipEntryArgs{Name: pulumi.String(n)})
	}
	perEni, maxEnis := 4, 3
	m, err := alicloudeip.NewMultiEipInstance(ctx, "svc", &alicloudeip.MultiEipInstanceArgs{
		Instance: alicloudeip.MultiEipNewInstanceArgs{InstanceType: pulumi.String("ecs.c7.large"), ImageId: pulumi.String("debian_12"),
			VswitchId: s.Switch.ID(), SecurityGroupIds: pulumi.StringArray{s.SecurityGroup.ID()}},
		VswitchCidrBlock: &s.SwitchCidr, PrivateIpRange: pulumi.StringRef("192.168.1.128/26"),
		PrivateIpsPerEni: &perEni, MaxEnis: &maxEnis, Eips: list,
	})
	if err != nil {
		return err
	}
	ctx.Export("instanceId", m.InstanceId)
	ctx.Export("eips", m.Eips)
	ctx.Export("networkInterfaces", m.NetworkInterfaces)
	if p.visible {
		v, err := alicloudeip.NewVisibleEip(ctx, "direct", &alicloudeip.VisibleEipArgs{
			InstanceId: m.InstanceId, InstanceType: pulumi.String("ecs.c7.large"), VpcId: s.Vpc.ID(),
			ZoneId: pulumi.String(s.Zone), SecurityGroupIds: pulumi.StringArray{s.SecurityGroup.ID()},
		})
		if err != nil {
			return err
		}
		ctx.Export("visibleEip", v.EipAddress)
		ctx.Export("visibleMac", v.MacAddress)
	}
	return nil
}

// engineUp runs `pulumi up` with the program and returns the run and how
// long it took.
func engineUp(t *testing.T, s *harness.Stack, p vmStack) (*harness.Run, time.Duration) {
	t.Helper()
	s.SetProgram(p.program)
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	start := time.Now()
	r, err := s.Up(ctx)
	require.NoError(t, err, "pulumi up\n%s", r.StdErr)
	require.Empty(t, r.Replaced(), "an update replaces nothing")
	return r, time.Since(start)
}

// servedPlan maps each EIP's public address to the MAC of the ENI holding
// its private IP, from the outputs (and the VisibleEip's), and the private
// IP of each entry by name.
func servedPlan(t *testing.T, up *harness.Run) (want, private map[string]string) {
	t.Helper()
	macs := map[string]string{}
	nis, ok := up.Output("networkInterfaces").([]any)
	require.True(t, ok, "networkInterfaces output: %v", up.Output("networkInterfaces"))
	for _, v := range nis {
		m := v.(map[string]any)
		macs[m["id"].(string)] = m["mac"].(string)
	}
	want, private = map[string]string{}, map[string]string{}
	eips, ok := up.Output("eips").([]any)
	require.True(t, ok, "eips output: %v", up.Output("eips"))
	for _, v := range eips {
		m := v.(map[string]any)
		mac := macs[m["networkInterfaceId"].(string)]
		require.NotEmpty(t, mac, "EIP %v's ENI is listed", m["name"])
		want[m["publicIp"].(string)] = mac
		private[m["name"].(string)] = m["privateIp"].(string)
	}
	if ip, ok := up.Output("visibleEip").(string); ok {
		want[ip] = up.Output("visibleMac").(string)
	}
	return want, private
}

// instanceRecord returns the instance's user data and the reboots the cloud
// recorded.
func instanceRecord(t *testing.T, s *harness.Stack, id string) (string, any) {
	t.Helper()
	st, err := s.Cloud()
	require.NoError(t, err)
	r := st.Resources[id]
	require.NotNil(t, r)
	return emulator.InstanceUserData(st, id), r.Internal["reboots"]
}

// policyScript prints the guest's policy routing: rules and every table but
// the local one.
const policyScript = "ip -4 rule; ip -4 route show table all | grep -v '^local \\|^broadcast ' | sort"

// policyState returns the guest's policy routing (policyScript).
func policyState(t *testing.T, inst *Instance) string {
	t.Helper()
	out, err := inst.VM.Agent.Sh(policyScript)
	require.NoError(t, err)
	return out
}

// requireKept checks, at once, that the guest still holds every rule and
// route of before: what the other ENIs had is untouched while an ENI comes
// (no wait: the program's timer would put back what was removed).
func requireKept(t *testing.T, inst *Instance, before string) {
	t.Helper()
	now := policyState(t, inst)
	var gone []string
	for _, l := range strings.Split(before, "\n") {
		if !strings.Contains("\n"+now+"\n", "\n"+l+"\n") {
			gone = append(gone, l)
		}
	}
	require.Empty(t, gone, "the other ENIs' rules and routes are untouched; now:\n%s", now)
}

// waitGuest polls the guest until check finds nothing wrong with the output
// of script (returns ""), and fails with check's last complaint.
func waitGuest(t *testing.T, inst *Instance, script string, wait time.Duration, check func(string) string, what string) time.Duration {
	t.Helper()
	start := time.Now()
	var last string
	for time.Since(start) < wait {
		out, err := inst.VM.Agent.Sh(script)
		if err == nil {
			if last = check(out); last == "" {
				return time.Since(start)
			}
		} else {
			last = err.Error()
		}
		time.Sleep(2 * time.Second)
	}
	require.Failf(t, "guest", "%s: not within %s; last:\n%s", what, wait, last)
	return 0
}

// lineDiff lists the lines only in want ("-") and only in got ("+"), or ""
// when the two are equal.
func lineDiff(want, got string) string {
	if want == got {
		return ""
	}
	count := map[string]int{}
	for _, l := range strings.Split(want, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(got, "\n") {
		count[l]--
	}
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if count[l] > 0 {
			fmt.Fprintf(&b, "- %s\n", l)
			count[l]--
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if count[l] < 0 {
			fmt.Fprintf(&b, "+ %s\n", l)
			count[l]++
		}
	}
	if b.Len() == 0 {
		return "the same lines in another order; now:\n" + got
	}
	return b.String() + "now:\n" + got
}

// TestEngineOnAVM deploys a MultiEipInstance through the engine, boots its
// instance as a VM on the twin's network and takes it through one life:
// three EIPs served after boot; an EIP added (served with no reboot and no
// change of user data); one removed (gone from the guest); more EIPs than
// an ENI holds (the new ENI hot-plugged and served); those removed (the ENI
// detached and unplugged, the guest's policy routing back as it was); a
// VisibleEip on the instance (on the guest's interface, reached directly);
// a reboot; and a boot while the metadata service is down (served once it
// answers). eth0's address and default route never change.
func TestEngineOnAVM(t *testing.T) {
	t.Parallel()
	eachStack(t, stacks, testEngineOnAVM)
}

func testEngineOnAVM(t *testing.T, stack string) {
	tl := engineTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	s, err := harness.NewStack(ctx, tl, harness.StackOptions{Dir: t.TempDir(), Program: vmStack{}.program})
	cancel()
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		_, _ = s.Destroy(ctx)
	})

	p := vmStack{names: []string{"web", "mail", "api"}}
	up, took := engineUp(t, s, p)
	t.Logf("up (3 EIPs, new instance): %s", took.Round(time.Second))
	instanceID := up.Output("instanceId").(string)
	inst := startInstance(t, s.StatePath, instanceID, stack)
	inst.Twin.Metadata.RequireToken(true)
	installEcho(t, inst)
	want, private := servedPlan(t, up)
	t.Logf("3 EIPs served %s after the VM started", (time.Since(inst.Started) + waitServed(t, inst, want, 90*time.Second)).Round(time.Second))
	eth0 := eth0State(t, inst)
	requireEth0AnswersTheVpc(t, inst, "first boot")
	userData, reboots := instanceRecord(t, s, instanceID)
	boot, err := inst.BootID()
	require.NoError(t, err)

	// An EIP added: served within 90 s of the up, no reboot, the same user data.
	p.names = append(p.names, "ftp")
	up, took = engineUp(t, s, p)
	want, private = servedPlan(t, up)
	served := waitServed(t, inst, want, 90*time.Second)
	t.Logf("added EIP: up %s, then served %s later", took.Round(time.Second), served.Round(time.Second))
	ud, rb := instanceRecord(t, s, instanceID)
	assert.Equal(t, userData, ud, "adding an EIP leaves the user data alone")
	assert.Equal(t, reboots, rb, "adding an EIP reboots nothing in the cloud")
	now, err := inst.BootID()
	require.NoError(t, err)
	assert.Equal(t, boot, now, "the guest did not reboot")

	// An EIP removed: its address and rule leave the guest within 90 s, the others stay served.
	gone := private["mail"]
	p.names = []string{"web", "api", "ftp"}
	up, took = engineUp(t, s, p)
	want, private = servedPlan(t, up)
	left := waitGuest(t, inst, "ip -4 -o addr show; ip -4 rule", 90*time.Second, func(out string) string {
		if strings.Contains(out, " "+gone+"/") || strings.Contains(out, "from "+gone+" ") {
			return out
		}
		return ""
	}, "the removed EIP's private IP "+gone+" and its rule leave")
	t.Logf("removed EIP: up %s, address and rule gone %s later", took.Round(time.Second), left.Round(time.Second))
	waitServed(t, inst, want, 30*time.Second)
	before := policyState(t, inst)

	// Two more EIPs: the fifth private IP opens a second secondary ENI, attached and hot-plugged.
	oldMacs := map[string]bool{}
	for _, mac := range want {
		oldMacs[strings.ToLower(mac)] = true
	}
	p.names = []string{"web", "api", "ftp", "dns", "ntp"}
	up, took = engineUp(t, s, p)
	want, _ = servedPlan(t, up)
	var newMac string
	for _, mac := range want {
		if !oldMacs[strings.ToLower(mac)] {
			newMac = mac
		}
	}
	require.NotEmpty(t, newMac, "the fifth private IP is on a new ENI: %v", want)
	plug := requireEvent(t, inst, "plug", newMac, 10*time.Second)
	waitServed(t, inst, want, 60*time.Second)
	t.Logf("new ENI: up %s, hot-plugged, then every EIP served %s after the plug", took.Round(time.Second),
		(time.Since(plug.Time)).Round(time.Second))
	requireKept(t, inst, before)

	// Removed again: the ENI is detached and unplugged, the guest's policy routing is as before.
	p.names = []string{"web", "api", "ftp"}
	up, took = engineUp(t, s, p)
	want, _ = servedPlan(t, up)
	requireEvent(t, inst, "unplug", newMac, 70*time.Second)
	// The udev rule starts the guest program when the NIC goes (its timer would within a minute).
	clean := waitGuest(t, inst, policyScript, 2*time.Minute,
		func(out string) string { return lineDiff(before, out) }, "the guest's rules and tables are back as before the new ENI")
	t.Logf("detached ENI: up %s, unplugged, policy routing back %s later", took.Round(time.Second), clean.Round(time.Second))
	waitServed(t, inst, want, 30*time.Second)

	// A VisibleEip on the instance: its ENI is hot-plugged, the EIP is on the guest's interface
	// and the remote host reaches it directly.
	p.visible = true
	up, took = engineUp(t, s, p)
	want, _ = servedPlan(t, up)
	visible := up.Output("visibleEip").(string)
	onIface := waitGuest(t, inst, "ip -4 -o addr show", 3*time.Minute, func(out string) string {
		if strings.Contains(out, " "+visible+"/") {
			return ""
		}
		return out
	}, "the VisibleEip "+visible+" is on a guest interface")
	t.Logf("VisibleEip: up %s, on the guest's interface %s later", took.Round(time.Second), onIface.Round(time.Second))
	waitServed(t, inst, want, 60*time.Second)

	// A reboot: everything served again with no action from the user.
	require.NoError(t, inst.Reboot())
	booted := waitBoot(t, inst, "reboot")
	served = waitServed(t, inst, want, 90*time.Second)
	t.Logf("reboot: cloud-init done %s after the reset, every EIP served %s later", booted.Round(time.Second), served.Round(time.Second))
	requireEth0AnswersTheVpc(t, inst, "reboot")

	// A boot while the metadata service is down: nothing lost, configured once it answers again.
	inst.Twin.Metadata.SetDown(true)
	asked := inst.Twin.Metadata.Requests()
	require.NoError(t, inst.Reboot())
	waitBoot(t, inst, "boot with the metadata service down")
	assert.Greater(t, inst.Twin.Metadata.Requests(), asked, "the guest asked the metadata service while it was down")
	inst.Twin.Metadata.SetDown(false)
	back := time.Now()
	waitServed(t, inst, want, 120*time.Second)
	t.Logf("metadata back: every EIP served %s later", time.Since(back).Round(time.Second))

	assert.Equal(t, eth0, eth0State(t, inst), "eth0's address and default route are untouched")
	requireEth0AnswersTheVpc(t, inst, "metadata back")
	require.NoError(t, inst.Err())
}
