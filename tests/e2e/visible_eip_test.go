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

// exportVisible exports a VisibleEip's outputs that name cloud resources.
func exportVisible(ctx *pulumi.Context, v *alicloudeip.VisibleEip) {
	ctx.Export("eipAddress", v.EipAddress)
	ctx.Export("allocationId", v.AllocationId)
	ctx.Export("secondaryCidrBlock", v.SecondaryCidrBlock)
	ctx.Export("vswitchId", v.VswitchId)
	ctx.Export("vswitchCidrBlock", v.VswitchCidrBlock)
	ctx.Export("gateway", v.Gateway)
	ctx.Export("networkInterfaceId", v.NetworkInterfaceId)
	ctx.Export("macAddress", v.MacAddress)
	ctx.Export("ipv6Address", v.Ipv6Address)
	ctx.Export("routeTable", v.RouteTable)
}

// visibleProgram builds the site and one VisibleEip named "web" whose
// arguments edit fills in (instance, VPC, zone and security group are set).
func visibleProgram(site harness.SiteArgs, edit func(*harness.Site, *alicloudeip.VisibleEipArgs),
	opts ...pulumi.ResourceOption) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		s, err := harness.NewSite(ctx, "site", site)
		if err != nil {
			return err
		}
		args := &alicloudeip.VisibleEipArgs{
			InstanceId: s.Instance().ID(), VpcId: s.Vpc.ID(), ZoneId: pulumi.String(s.Zone),
			SecurityGroupIds: pulumi.StringArray{s.SecurityGroup.ID()},
		}
		if edit != nil {
			edit(s, args)
		}
		v, err := alicloudeip.NewVisibleEip(ctx, "web", args, opts...)
		if err != nil {
			return err
		}
		exportVisible(ctx, v)
		return nil
	}
}

// requireVisibleMatchesCloud checks a VisibleEip's outputs against the
// emulated cloud and returns the ENI's record.
func requireVisibleMatchesCloud(t *testing.T, up *harness.Run, st *emulator.State, mode string) *emulator.Record {
	t.Helper()
	eip := st.Resources[up.Output("allocationId").(string)]
	require.NotNil(t, eip, "allocationId output names an EIP of the cloud")
	assert.Equal(t, harness.Attr(eip, "ipAddress"), up.Output("eipAddress"))
	eni := st.Resources[up.Output("networkInterfaceId").(string)]
	require.NotNil(t, eni, "networkInterfaceId output names an ENI of the cloud")
	assert.Equal(t, harness.Attr(eni, "mac"), up.Output("macAddress"))
	assert.Equal(t, up.Output("vswitchId"), harness.Attr(eni, "vswitchId"))
	insts := harness.OfType(st, emulator.TokenInstance)
	require.NotEmpty(t, insts)
	assert.Equal(t, insts[0].ID, harness.Internal(eni, "instanceId"), "the ENI is attached to the instance")
	assoc := st.Resources[eip.ID+":"+eni.ID]
	require.NotNil(t, assoc, "the EIP is associated with the ENI")
	assert.Equal(t, mode, harness.Attr(assoc, "mode"))
	sw := st.Resources[up.Output("vswitchId").(string)]
	require.NotNil(t, sw)
	if mode == "NAT" {
		assert.Equal(t, harness.Attr(eip, "ipAddress"), harness.Attr(eni, "primaryIpAddress"), "the ENI's primary IP is the EIP")
		assert.Equal(t, harness.Attr(eip, "ipAddress"), harness.Attr(assoc, "privateIpAddress"))
		assert.Equal(t, up.Output("vswitchCidrBlock"), harness.Attr(sw, "cidrBlock"))
	}
	return eni
}

func TestVisibleEipSecondaryCidrAllocate(t *testing.T) {
	t.Parallel()
	s := newStack(t, visibleProgram(harness.SiteArgs{InstanceType: "ecs.c6.large"}, func(_ *harness.Site, a *alicloudeip.VisibleEipArgs) {
		a.InstanceType = pulumi.String("ecs.c6.large")
		a.Bandwidth = pulumi.String("10")
	}))
	up := s.up()
	st := s.cloud()
	require.Len(t, harness.OfType(st, emulator.TokenEip), 1)
	requireVisibleMatchesCloud(t, up, st, "NAT")
	blocks := harness.OfType(st, emulator.TokenCidrBlock)
	require.Len(t, blocks, 1)
	assert.Equal(t, up.Output("secondaryCidrBlock"), harness.Attr(blocks[0], "secondaryCidrBlock"))
	assert.Equal(t, "10", harness.Attr(harness.OfType(st, emulator.TokenEip)[0], "bandwidth"))
	s.requireSteady()
	s.requireDestroyed()
}

func TestVisibleEipSecondaryCidrAdopt(t *testing.T) {
	t.Parallel()
	s := newStack(t, func(ctx *pulumi.Context) error {
		site, err := harness.NewSite(ctx, "site", harness.SiteArgs{InstanceType: "ecs.c6.large"})
		if err != nil {
			return err
		}
		// An address the user already publishes, allocated outside the component.
		published := &harness.EipAddress{}
		if err := harness.Register(ctx, emulator.TokenEip, "published", pulumi.Map{"addressName": pulumi.String("published")}, published); err != nil {
			return err
		}
		v, err := alicloudeip.NewVisibleEip(ctx, "web", &alicloudeip.VisibleEipArgs{
			InstanceId: site.Instance().ID(), VpcId: site.Vpc.ID(), ZoneId: pulumi.String(site.Zone),
			SecurityGroupIds: pulumi.StringArray{site.SecurityGroup.ID()},
			AllocationId:     published.ID(), IpAddress: published.IpAddress,
		})
		if err != nil {
			return err
		}
		exportVisible(ctx, v)
		ctx.Export("published", published.IpAddress)
		return nil
	})
	up := s.up()
	st := s.cloud()
	require.Len(t, harness.OfType(st, emulator.TokenEip), 1, "the component adopts the EIP and allocates none")
	assert.Equal(t, up.Output("published"), up.Output("eipAddress"))
	requireVisibleMatchesCloud(t, up, st, "NAT")
	s.requireSteady()
	s.requireDestroyed()
}

func TestVisibleEipCutThrough(t *testing.T) {
	t.Parallel()
	s := newStack(t, visibleProgram(harness.SiteArgs{InstanceType: "ecs.c6.large"}, func(site *harness.Site, a *alicloudeip.VisibleEipArgs) {
		a.Mode = ptr(alicloudeip.VisibleEipModeCutThrough)
		a.VswitchId = site.Switch.ID()
	}))
	up := s.up()
	st := s.cloud()
	eni := requireVisibleMatchesCloud(t, up, st, "BINDED")
	assert.Equal(t, harness.OfType(st, emulator.TokenSwitch)[0].ID, harness.Attr(eni, "vswitchId"), "the ENI is created in the given vSwitch")
	assert.Empty(t, harness.OfType(st, emulator.TokenCidrBlock), "cut-through needs no secondary block")
	assert.Equal(t, "", up.Output("secondaryCidrBlock"))
	s.requireSteady()
	s.requireDestroyed()
}

func TestVisibleEipIpv6(t *testing.T) {
	t.Parallel()
	s := newStack(t, visibleProgram(harness.SiteArgs{InstanceType: "ecs.c6.xlarge", Ipv6: true}, func(site *harness.Site, a *alicloudeip.VisibleEipArgs) {
		on := true
		a.Ipv6 = &on
		a.Ipv6CidrBlockMask = pulumi.Int(7)
		a.Ipv6GatewayId = site.Ipv6Gateway.ID()
		a.Ipv6Bandwidth = pulumi.Int(20)
		a.InstanceType = pulumi.String("ecs.c6.xlarge")
	}))
	up := s.up()
	st := s.cloud()
	eni := requireVisibleMatchesCloud(t, up, st, "NAT")
	v6 := harness.Strings(eni, "ipv6Addresses")
	require.Len(t, v6, 1, "the ENI has one IPv6 address")
	assert.Equal(t, v6[0], up.Output("ipv6Address"))
	sw := st.Resources[up.Output("vswitchId").(string)]
	assert.NotEmpty(t, harness.Attr(sw, "ipv6CidrBlock"), "the new vSwitch has an IPv6 block")
	bws := harness.OfType(st, emulator.TokenIpv6Bandwidth)
	require.Len(t, bws, 1, "the ENI's IPv6 address is opened to the internet")
	assert.Equal(t, float64(20), bws[0].Attrs["bandwidth"])
	assert.Equal(t, harness.OfType(st, emulator.TokenIpv6Gateway)[0].ID, harness.Attr(bws[0], "ipv6GatewayId"))
	s.requireSteady()
	s.requireDestroyed()
}
