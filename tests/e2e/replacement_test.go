package e2e

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// replacedTypes maps each replaced resource's name to its type.
func replacedTypes(r *harness.Run) map[string]string {
	out := map[string]string{}
	for _, s := range r.Replacements() {
		out[s.Name] = s.Type
	}
	return out
}

func TestVisibleEipMoveToAnotherInstance(t *testing.T) {
	t.Parallel()
	program := func(vm int) pulumi.RunFunc {
		return visibleProgram(harness.SiteArgs{InstanceType: "ecs.c6.large", Instances: 2}, func(s *harness.Site, a *alicloudeip.VisibleEipArgs) {
			a.InstanceId = s.Instances[vm].ID()
		})
	}
	s := newStack(t, program(0))
	first := s.up()
	vms := harness.OfType(s.cloud(), emulator.TokenInstance)
	require.Len(t, vms, 2)

	s.SetProgram(program(1))
	p := s.preview()
	assert.Equal(t, map[string]string{"web-attach": emulator.TokenAttachment}, replacedTypes(p), "moving replaces only the attachment")
	up := s.up()
	assert.Equal(t, map[string]string{"web-attach": emulator.TokenAttachment}, replacedTypes(up))
	st := s.cloud()
	eni := st.Resources[up.Output("networkInterfaceId").(string)]
	require.NotNil(t, eni)
	target := ""
	for _, vm := range harness.OfType(st, emulator.TokenInstance) {
		if harness.Attr(vm, "instanceName") == "site-vm1" {
			target = vm.ID
		}
	}
	assert.Equal(t, target, harness.Internal(eni, "instanceId"), "the ENI is attached to the second instance")
	for _, k := range []string{"eipAddress", "allocationId", "networkInterfaceId", "vswitchId", "macAddress"} {
		assert.Equal(t, first.Output(k), up.Output(k), "%s is kept", k)
	}
	s.requireSteady()
	s.requireDestroyed()
}

func TestMultiEipMoveToAnotherInstance(t *testing.T) {
	t.Parallel()
	names := []string{"web", "mail", "api", "ftp", "dns", "vpn"}
	program := func(vm int) pulumi.RunFunc {
		return multiProgram(harness.SiteArgs{InstanceType: "ecs.c6.xlarge", Instances: 2}, func(s *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
			a.InstanceId = s.Instances[vm].ID()
			a.Eips = entries(names...)
		})
	}
	s := newStack(t, program(0))
	first := s.up()

	s.SetProgram(program(1))
	p := s.preview()
	require.NotEmpty(t, p.Replacements())
	for name, typ := range replacedTypes(p) {
		assert.Equal(t, emulator.TokenAttachment, typ, "moving replaces only attachments, not %s", name)
	}
	up := s.up()
	for name, typ := range replacedTypes(up) {
		assert.Equal(t, emulator.TokenAttachment, typ, "moving replaces only attachments, not %s", name)
	}
	requireMultiMatchesCloud(t, up, s.cloud(), "NAT", names...)
	assert.NotEqual(t, first.Output("instanceId"), up.Output("instanceId"))
	requireKept(t, "move", publicIps(t, first), publicIps(t, up))
	s.requireSteady()
	s.requireDestroyed()
}

func TestVisibleEipReplaceVswitch(t *testing.T) {
	t.Parallel()
	program := func(vswitchBlock string) pulumi.RunFunc {
		return visibleProgram(harness.SiteArgs{InstanceType: "ecs.c6.large"}, func(_ *harness.Site, a *alicloudeip.VisibleEipArgs) {
			if vswitchBlock != "" {
				a.VswitchCidrBlock = pulumi.String(vswitchBlock)
			}
		})
	}
	s := newStack(t, program(""))
	first := s.up()
	// Widen the vSwitch from the default /29 to the /28 secondary block.
	wider := first.Output("secondaryCidrBlock").(string)
	require.NotEqual(t, wider, first.Output("vswitchCidrBlock"))

	s.SetProgram(program(wider))
	p := s.preview()
	replaced := replacedTypes(p)
	assert.Equal(t, emulator.TokenSwitch, replaced["web-vsw"], "a new vSwitch block replaces the vSwitch")
	assert.NotContains(t, replaced, "web-eip", "the EIP is kept")
	assert.NotContains(t, replaced, "web-cidr", "the secondary block is kept")
	up := s.up()
	assert.Equal(t, emulator.TokenSwitch, replacedTypes(up)["web-vsw"])
	assert.Equal(t, wider, up.Output("vswitchCidrBlock"))
	assert.NotEqual(t, first.Output("vswitchId"), up.Output("vswitchId"))
	assert.Equal(t, first.Output("eipAddress"), up.Output("eipAddress"))
	requireVisibleMatchesCloud(t, up, s.cloud(), "NAT")
	assert.Len(t, harness.OfType(s.cloud(), emulator.TokenSwitch), 2, "the site's vSwitch and the new one; the old one is gone")
	s.requireSteady()
	s.requireDestroyed()
}

func TestMultiEipReplaceAssociation(t *testing.T) {
	t.Parallel()
	program := func(pin string) pulumi.RunFunc {
		return multiProgram(harness.SiteArgs{InstanceType: "ecs.c6.xlarge"}, func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
			web := alicloudeip.MultiEipEntryArgs{Name: pulumi.String("web")}
			if pin != "" {
				web.PrivateIp = pulumi.String(pin)
			}
			a.Eips = alicloudeip.MultiEipEntryArray{web, alicloudeip.MultiEipEntryArgs{Name: pulumi.String("mail")}}
		})
	}
	s := newStack(t, program(""))
	first := s.up()
	before := multiEips(t, first)
	const pin = "192.168.1.50"
	require.NotEqual(t, pin, before[0].PrivateIp)

	// Pinning web to another private IP must replace its association.
	s.SetProgram(program(pin))
	p := s.preview()
	assert.Equal(t, emulator.TokenEipAssociation, replacedTypes(p)["svc-web-assoc"], "a new private IP replaces the association")
	for name, typ := range replacedTypes(p) {
		assert.Equal(t, emulator.TokenEipAssociation, typ, "only associations are replaced, not %s", name)
	}
	up := s.up()
	assert.Equal(t, emulator.TokenEipAssociation, replacedTypes(up)["svc-web-assoc"])
	after := multiEips(t, up)
	assert.Equal(t, pin, after[0].PrivateIp)
	requireMultiMatchesCloud(t, up, s.cloud(), "NAT", "web", "mail")
	requireKept(t, "pin", publicIps(t, first), publicIps(t, up))
	s.requireSteady()
	s.requireDestroyed()
}
