package e2e

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// slotsOf maps each entry of a MultiEipInstance's eips output to its private IP and ENI.
func slotsOf(t *testing.T, up *harness.Run) map[string]multiEipOut {
	t.Helper()
	out := map[string]multiEipOut{}
	for _, e := range multiEips(t, up) {
		out[e.Name] = e
	}
	return out
}

// allocStep switches the stack to program and judges the change by the engine's own events:
// the preview plans no replacement and already shows the private IP of every added entry
// (known, inside privateIpRange), up replaces nothing and gives the added entries the
// addresses the preview showed, and every entry of before keeps its private IP, ENI and
// public address, in the outputs and in the emulated cloud.
func (s *e2eStack) allocStep(what string, program pulumi.RunFunc, before map[string]multiEipOut, rng string,
	names []string, added ...string) *harness.Run {
	s.t.Helper()
	s.SetProgram(program)
	p := s.preview()
	require.Empty(s.t, p.Replacements(), "%s: preview must plan no replacement", what)
	shown := map[string]string{}
	for _, n := range added {
		in := p.NewInputs("svc-" + n + "-assoc")
		require.NotNil(s.t, in, "%s: preview plans the association of %s", what, n)
		ip, _ := in["privateIpAddress"].(string)
		addr, err := netip.ParseAddr(ip)
		require.NoError(s.t, err, "%s: preview shows the private IP of new entry %s (got %q)", what, n, ip)
		require.True(s.t, netip.MustParsePrefix(rng).Contains(addr), "%s: %s's private IP %s is in %s", what, n, ip, rng)
		shown[n] = ip
	}
	up := s.up()
	require.Empty(s.t, up.Replacements(), "%s: up must replace nothing", what)
	after := slotsOf(s.t, up)
	for n, ip := range shown {
		assert.Equal(s.t, ip, after[n].PrivateIp, "%s: up gives %s the private IP the preview showed", what, n)
	}
	for n, b := range before {
		if a, kept := after[n]; kept {
			assert.Equal(s.t, b, a, "%s: %s keeps its EIP, private IP and ENI", what, n)
		}
	}
	st := s.cloud()
	requireMultiMatchesCloud(s.t, up, st, "NAT", names...)
	requireUniquePrivateIps(s.t, st)
	return up
}

// requireUniquePrivateIps checks that no two associations of the cloud map to one private IP.
func requireUniquePrivateIps(t *testing.T, st *emulator.State) {
	t.Helper()
	seen := map[string]string{}
	for _, a := range harness.OfType(st, emulator.TokenEipAssociation) {
		ip := harness.Attr(a, "privateIpAddress")
		require.NotContains(t, seen, ip, "private IP %s carries one EIP only (%s and %s)", ip, seen[ip], a.ID)
		seen[ip] = a.ID
	}
}

// namedProgram is a MultiEipInstance with the given entries on the site's instance.
func namedProgram(site harness.SiteArgs, edit func(*alicloudeip.MultiEipInstanceArgs), names ...string) pulumi.RunFunc {
	return multiProgram(site, func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
		a.Eips = entries(names...)
		if edit != nil {
			edit(a)
		}
	})
}

func TestMultiEipNamesNeverCollide(t *testing.T) {
	t.Parallel()
	site := harness.SiteArgs{InstanceType: "ecs.g7.8xlarge"}
	sets := [][]string{{"a", "b", "c"}, {"web", "mail", "api"}, {"x1", "x2", "x3"}}
	s := newStack(t, namedProgram(site, nil, sets[0]...))
	up := s.up()
	for i, names := range sets {
		if i > 0 {
			s.SetProgram(namedProgram(site, nil, names...))
			up = s.up()
		}
		st := s.cloud()
		requireMultiMatchesCloud(t, up, st, "NAT", names...)
		requireUniquePrivateIps(t, st)
		for _, e := range multiEips(t, up) {
			assert.True(t, netip.MustParsePrefix("192.168.1.128/26").Contains(netip.MustParseAddr(e.PrivateIp)), "%s in the /26", e.Name)
		}
		assert.Len(t, harness.OfType(st, emulator.TokenEni), 1, "%v: three entries share one ENI while it has room", names)
	}
	s.requireDestroyed()
}

func TestMultiEipAllocationKeepsEveryEntry(t *testing.T) {
	t.Parallel()
	const rng = "192.168.1.128/26"
	site := harness.SiteArgs{InstanceType: "ecs.c6.large"}
	names := []string{"web", "mail", "api"}
	s := newStack(t, namedProgram(site, nil, names...))
	up := s.up()
	requireMultiMatchesCloud(t, up, s.cloud(), "NAT", names...)
	slots := slotsOf(t, up)
	assert.Equal(t, "192.168.1.128", slots["web"].PrivateIp, "the first entry opens ENI 0 on its primary IP, the lowest address of the range")
	assert.Equal(t, "192.168.1.129", slots["mail"].PrivateIp)

	// Insert in the middle: dns takes the next free address.
	names = []string{"web", "dns", "mail", "api"}
	up = s.allocStep("insert dns", namedProgram(site, nil, names...), slots, rng, names, "dns")
	assert.Equal(t, "192.168.1.131", slotsOf(t, up)["dns"].PrivateIp)
	slots = slotsOf(t, up)

	// Remove from the middle: only mail's EIP and association go.
	names = []string{"web", "dns", "api"}
	up = s.allocStep("remove mail", namedProgram(site, nil, names...), slots, rng, names)
	var deleted []string
	for _, d := range up.Where(apitype.OpDelete) {
		deleted = append(deleted, d.Name)
	}
	assert.ElementsMatch(t, []string{"svc-mail", "svc-mail-assoc"}, deleted, "only mail's EIP and association are deleted")
	slots = slotsOf(t, up)

	// Reorder: nothing changes at all.
	names = []string{"api", "web", "dns"}
	s.SetProgram(namedProgram(site, nil, names...))
	p := s.preview()
	for _, c := range p.Changed() {
		assert.NotEqual(t, emulator.TokenEipAssociation, c.Type, "a reorder touches no association: %s", c)
		assert.NotEqual(t, emulator.TokenEni, c.Type, "a reorder touches no ENI: %s", c)
	}
	up = s.up()
	assert.Equal(t, slots, slotsOf(t, up))

	// Grow to the full capacity of ecs.c6.large: 6 EIPs on its secondary ENI, the freed
	// address first.
	names = []string{"api", "web", "dns", "n1", "n2", "n3"}
	up = s.allocStep("grow to 6", namedProgram(site, nil, names...), slots, rng, names, "n1", "n2", "n3")
	slots = slotsOf(t, up)
	assert.Equal(t, "192.168.1.129", slots["n1"].PrivateIp, "the address mail freed is the lowest free one")
	st := s.cloud()
	require.Len(t, harness.OfType(st, emulator.TokenEni), 1)
	assert.Len(t, eniIPs(harness.OfType(st, emulator.TokenEni)[0]), 6, "ENI 0 carries 6 EIPs: its primary IP and 5 secondary IPs")

	// A seventh is refused at preview with the capacity and the formula.
	s.SetProgram(namedProgram(site, nil, append(names, "n4")...))
	_, err := s.previewErr()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "eips (7 entries) exceeds the NAT capacity 6")

	s.SetProgram(namedProgram(site, nil, names...))
	s.requireSteady()
	s.requireDestroyed()
}

func TestMultiEipRaiseAndShrinkMaxEnis(t *testing.T) {
	t.Parallel()
	const rng = "192.168.1.128/26"
	site := harness.SiteArgs{InstanceType: "ecs.g6.xlarge"} // 3 ENIs x 10 private IPs
	maxEnis := func(n int) func(*alicloudeip.MultiEipInstanceArgs) {
		return func(a *alicloudeip.MultiEipInstanceArgs) { a.MaxEnis = pulumi.IntRef(n) }
	}
	names := make([]string, 10)
	for i := range names {
		names[i] = fmt.Sprintf("s%02d", i)
	}
	s := newStack(t, namedProgram(site, maxEnis(2), names...))
	up := s.up()
	requireMultiMatchesCloud(t, up, s.cloud(), "NAT", names...)
	require.Len(t, harness.OfType(s.cloud(), emulator.TokenEni), 1, "10 entries fill ENI 0")
	slots := slotsOf(t, up)

	// Raise maxEnis and add two entries: they open ENI 1; nothing moves.
	names = append(names, "t0", "t1")
	up = s.allocStep("raise maxEnis", namedProgram(site, maxEnis(3), names...), slots, rng, names, "t0", "t1")
	assert.Len(t, harness.OfType(s.cloud(), emulator.TokenEni), 2)
	for _, c := range up.Changed() {
		if c.Op != apitype.OpCreate {
			assert.NotEqual(t, emulator.TokenEni, c.Type, "the existing ENI is not touched: %s", c)
		}
	}
	slots = slotsOf(t, up)

	// Shrinking below the ENIs in use is refused at preview, naming the entries and the input.
	s.SetProgram(namedProgram(site, maxEnis(2), names...))
	_, err := s.previewErr()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `maxEnis (secondary ENIs) 1 removes secondary ENI 1, which carries "t0", "t1"`)

	// So is a range that no longer holds an address in use.
	s.SetProgram(namedProgram(site, func(a *alicloudeip.MultiEipInstanceArgs) {
		a.MaxEnis = pulumi.IntRef(3)
		a.PrivateIpRange = pulumi.StringRef("192.168.1.128/29")
	}, names...))
	_, err = s.previewErr()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "which is outside privateIpRange 192.168.1.128/29")
	assert.Contains(t, err.Error(), "widen privateIpRange")

	// Removing the entries of ENI 1 lets it go, and lowers what the instance uses.
	names = names[:10]
	s.allocStep("remove t0 and t1", namedProgram(site, maxEnis(3), names...), slots, rng, names)
	assert.Len(t, harness.OfType(s.cloud(), emulator.TokenEni), 1, "the ENI left without entries is removed")
	s.requireSteady()
	s.requireDestroyed()
}

func TestMultiEipFullCapacityWithPrimaryEni(t *testing.T) {
	t.Parallel()
	program := func(n int) pulumi.RunFunc {
		return multiProgram(harness.SiteArgs{}, func(site *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
			a.Instance = newInstance(site, "ecs.c6.large")
			a.UsePrimaryEni = ptr(true)
			a.EipCount = pulumi.IntRef(n)
		})
	}
	s := newStack(t, program(12))
	p := s.preview()
	assert.Empty(t, p.Replacements())
	up := s.up()
	st := s.cloud()
	var names []string
	for i := range 12 {
		names = append(names, fmt.Sprintf("eip-%d", i))
	}
	requireMultiMatchesCloud(t, up, st, "NAT", names...)
	requireUniquePrivateIps(t, st)
	inst := st.Resources[up.Output("instanceId").(string)]
	primary := harness.Attr(inst, "networkInterfaceId")
	onPrimary := 0
	for _, e := range multiEips(t, up) {
		if e.NetworkInterfaceId == primary {
			onPrimary++
		}
	}
	assert.Equal(t, 6, onPrimary, "the primary ENI carries 6: 1 on its primary private IP and 5 on its secondary ones")
	assert.Len(t, harness.Strings(inst, "secondaryPrivateIps"), 5)
	assert.True(t, slices.ContainsFunc(multiEips(t, up), func(e multiEipOut) bool { return e.PrivateIp == harness.Attr(inst, "privateIp") }),
		"an EIP maps to the instance's primary private IP")

	s.SetProgram(program(13))
	_, err := s.previewErr()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "eips (13 entries) exceeds the NAT capacity 12")

	s.SetProgram(program(12))
	s.requireSteady()
	s.requireDestroyed()
}

// The capacity of the larger types through the engine, at preview: every entry gets its slot,
// one more is refused with the formula.
func TestMultiEipCapacityOfLargerTypes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		instanceType string
		capacity     int
	}{{"ecs.g6.4xlarge", 140}, {"ecs.g7.8xlarge", 210}} {
		program := func(n int) pulumi.RunFunc {
			return multiProgram(harness.SiteArgs{InstanceType: c.instanceType, SwitchCidr: "192.168.0.0/22"},
				func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
					a.VswitchCidrBlock, a.PrivateIpRange = ptr("192.168.0.0/22"), ptr("192.168.2.0/23")
					a.EipCount = pulumi.IntRef(n)
				})
		}
		s := newStack(t, program(c.capacity))
		p := s.preview()
		assocs, enis := 0, 0
		for _, st := range p.Where(apitype.OpCreate) {
			switch st.Type {
			case emulator.TokenEipAssociation:
				assocs++
			case emulator.TokenEni:
				enis++
			}
		}
		assert.Equal(t, c.capacity, assocs, "%s: one association per EIP", c.instanceType)
		assert.Equal(t, 7, enis, "%s: the 7 secondary ENIs are full", c.instanceType)
		s.SetProgram(program(c.capacity + 1))
		_, err := s.previewErr()
		require.Error(t, err)
		assert.Contains(t, err.Error(), fmt.Sprintf("eips (%d entries) exceeds the NAT capacity %d", c.capacity+1, c.capacity))
	}
}
