package e2e

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// changeWithoutReplacement switches the stack to program, requires that
// preview plans no replacement and that up performs none, and returns up's run.
func (s *e2eStack) changeWithoutReplacement(what string, program pulumi.RunFunc) *harness.Run {
	s.t.Helper()
	s.SetProgram(program)
	p := s.preview()
	require.Empty(s.t, p.Replacements(), "%s: preview must plan no replacement", what)
	require.NotEmpty(s.t, p.Changed(), "%s: preview must plan a change", what)
	up := s.up()
	require.Empty(s.t, up.Replacements(), "%s: up must replace nothing", what)
	return up
}

// requireKept checks that every entry of before still has its public address.
func requireKept(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for name, ip := range before {
		assert.Equal(t, ip, after[name], "%s: EIP %s keeps its public address", what, name)
	}
}

func TestMultiEipUpdateSafety(t *testing.T) {
	t.Parallel()
	type entry struct {
		name, bandwidth string
	}
	program := func(tags map[string]string, list ...entry) pulumi.RunFunc {
		return multiProgram(harness.SiteArgs{InstanceType: "ecs.c6.xlarge"}, func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
			eips := alicloudeip.MultiEipEntryArray{}
			for _, e := range list {
				args := alicloudeip.MultiEipEntryArgs{Name: pulumi.String(e.name)}
				if e.bandwidth != "" {
					args.Bandwidth = pulumi.String(e.bandwidth)
				}
				eips = append(eips, args)
			}
			a.Eips = eips
			a.Bandwidth = pulumi.String("5")
			a.Tags = pulumi.ToStringMap(tags)
		})
	}
	tags := map[string]string{"env": "test"}
	s := newStack(t, program(tags, entry{name: "web"}, entry{name: "mail"}, entry{name: "api"}))
	up := s.up()
	requireMultiMatchesCloud(t, up, s.cloud(), "NAT", "web", "mail", "api")
	ips := publicIps(t, up)

	// Add an EIP in the middle of the list.
	up = s.changeWithoutReplacement("add dns", program(tags, entry{name: "web"}, entry{name: "dns"}, entry{name: "mail"}, entry{name: "api"}))
	requireMultiMatchesCloud(t, up, s.cloud(), "NAT", "web", "dns", "mail", "api")
	requireKept(t, "add dns", ips, publicIps(t, up))
	ips = publicIps(t, up)

	// Remove one from the middle: its ENI drops the private IP before the
	// engine deletes the association.
	up = s.changeWithoutReplacement("remove mail", program(tags, entry{name: "web"}, entry{name: "dns"}, entry{name: "api"}))
	st := s.cloud()
	requireMultiMatchesCloud(t, up, st, "NAT", "web", "dns", "api")
	after := publicIps(t, up)
	delete(ips, "mail")
	requireKept(t, "remove mail", ips, after)
	deleted := up.Where(apitype.OpDelete)
	var names []string
	for _, d := range deleted {
		names = append(names, d.Name)
	}
	assert.ElementsMatch(t, []string{"svc-mail", "svc-mail-assoc"}, names, "only mail's EIP and association are deleted")
	assert.Len(t, harness.OfType(st, emulator.TokenEip), 3)

	// Change one EIP's bandwidth.
	up = s.changeWithoutReplacement("bandwidth", program(tags, entry{name: "web", bandwidth: "20"}, entry{name: "dns"}, entry{name: "api"}))
	requireKept(t, "bandwidth", ips, publicIps(t, up))
	st = s.cloud()
	for _, e := range multiEips(t, up) {
		want := "5"
		if e.Name == "web" {
			want = "20"
		}
		assert.Equal(t, want, harness.Attr(st.Resources[e.AllocationId], "bandwidth"), "EIP %s bandwidth", e.Name)
	}
	for _, step := range up.Changed() {
		assert.Equal(t, apitype.OpUpdate, step.Op, "a bandwidth change only updates: %s", step)
	}

	// Change an unrelated tag.
	tags = map[string]string{"env": "test", "team": "net"}
	up = s.changeWithoutReplacement("tag", program(tags, entry{name: "web", bandwidth: "20"}, entry{name: "dns"}, entry{name: "api"}))
	requireKept(t, "tag", ips, publicIps(t, up))
	requireMultiMatchesCloud(t, up, s.cloud(), "NAT", "web", "dns", "api")

	s.requireSteady()
	s.requireDestroyed()
}

func TestVisibleEipUpdateSafety(t *testing.T) {
	t.Parallel()
	program := func(bandwidth string, tags map[string]string) pulumi.RunFunc {
		return visibleProgram(harness.SiteArgs{InstanceType: "ecs.c6.large"}, func(_ *harness.Site, a *alicloudeip.VisibleEipArgs) {
			a.Bandwidth = pulumi.String(bandwidth)
			a.Tags = pulumi.ToStringMap(tags)
		})
	}
	s := newStack(t, program("5", map[string]string{"env": "test"}))
	first := s.up()
	address := first.Output("eipAddress")

	up := s.changeWithoutReplacement("bandwidth", program("50", map[string]string{"env": "test"}))
	assert.Equal(t, address, up.Output("eipAddress"))
	assert.Equal(t, "50", harness.Attr(s.cloud().Resources[up.Output("allocationId").(string)], "bandwidth"))

	up = s.changeWithoutReplacement("tag", program("50", map[string]string{"env": "test", "team": "net"}))
	assert.Equal(t, address, up.Output("eipAddress"))
	for _, k := range []string{"networkInterfaceId", "vswitchId", "allocationId"} {
		assert.Equal(t, first.Output(k), up.Output(k), "%s is kept", k)
	}
	requireVisibleMatchesCloud(t, up, s.cloud(), "NAT")
	s.requireSteady()
	s.requireDestroyed()
}
