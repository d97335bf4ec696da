package e2e

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// blockSite is a program with the site and the given secondary blocks on its VPC; with
// visible it adds a VisibleEip named "web" that gets the site's IDs as literals (known at
// preview, so the component looks the VPC up) and that edit completes.
func blockSite(site harness.SiteArgs, blocks []string, ids map[string]string,
	edit func(*alicloudeip.VisibleEipArgs)) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		st, err := harness.NewSite(ctx, "site", site)
		if err != nil {
			return err
		}
		for i, b := range blocks {
			var cb harness.Vpc
			if err := harness.Register(ctx, emulator.TokenCidrBlock, fmt.Sprintf("block-%d", i), pulumi.Map{
				"vpcId": st.Vpc.ID(), "secondaryCidrBlock": pulumi.String(b)}, &cb); err != nil {
				return err
			}
		}
		ctx.Export("vpc", st.Vpc.ID())
		ctx.Export("sg", st.SecurityGroup.ID())
		if st.Instance() != nil {
			ctx.Export("vm", st.Instance().ID())
		}
		if edit == nil {
			return nil
		}
		args := &alicloudeip.VisibleEipArgs{InstanceId: pulumi.String(ids["vm"]), VpcId: pulumi.String(ids["vpc"]),
			ZoneId: pulumi.String(st.Zone), SecurityGroupIds: pulumi.StringArray{pulumi.String(ids["sg"])}}
		edit(args)
		v, err := alicloudeip.NewVisibleEip(ctx, "web", args)
		if err != nil {
			return err
		}
		exportVisible(ctx, v)
		ctx.Export("ipv6GatewayId", v.Ipv6GatewayId)
		return nil
	}
}

// upSite creates the site and its blocks and returns their IDs.
func upSite(s *e2eStack) map[string]string {
	up := s.up()
	ids := map[string]string{}
	for _, k := range []string{"vpc", "sg", "vm"} {
		if v, ok := up.Output(k).(string); ok {
			ids[k] = v
		}
	}
	return ids
}

// TestVisibleEipVpcRefusalsAtPreview gives a VisibleEip the ID of an existing VPC: a sixth
// secondary block, a block overlapping one of the VPC's, IPv6 on a VPC without IPv6, and
// IPv6 bandwidth without a gateway are refused at preview with the component's message
// (not the cloud's InvalidCidrBlock.Overlapped or QuotaExceeded at up), and up creates none
// of the component's resources.
func TestVisibleEipVpcRefusalsAtPreview(t *testing.T) {
	t.Parallel()
	site := harness.SiteArgs{InstanceType: "ecs.c6.large"}
	five := []string{"47.1.0.0/28", "47.2.0.0/28", "47.3.0.0/28", "47.4.0.0/28", "47.5.0.0/28"}
	adopt := func(address string) func(*alicloudeip.VisibleEipArgs) {
		return func(a *alicloudeip.VisibleEipArgs) {
			a.AllocationId, a.IpAddress = pulumi.String("eip-uf6existing"), pulumi.String(address)
		}
	}
	tests := []struct {
		name   string
		blocks []string
		edit   func(*alicloudeip.VisibleEipArgs)
		want   string
	}{
		{"sixth secondary block", five, func(*alicloudeip.VisibleEipArgs) {},
			"secondaryCidrBlock would be secondary IPv4 CIDR block number 6 of VPC "},
		{"block overlapping a secondary block", []string{"203.0.113.0/24"}, adopt("203.0.113.10"),
			"secondaryCidrBlock 203.0.113.0/28 overlaps 203.0.113.0/24, the secondary block of VPC "},
		{"IPv6 on a VPC without IPv6", nil, func(a *alicloudeip.VisibleEipArgs) {
			a.Ipv6, a.Ipv6CidrBlockMask = ptr(true), pulumi.Int(3)
		}, "which has no IPv6 CIDR block"},
		{"IPv6 bandwidth without a gateway", nil, func(a *alicloudeip.VisibleEipArgs) {
			a.Ipv6, a.Ipv6CidrBlockMask, a.Ipv6Bandwidth = ptr(true), pulumi.Int(3), pulumi.Int(10)
		}, "ipv6Bandwidth is given without an IPv6 gateway"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStack(t, blockSite(site, tc.blocks, nil, nil))
			ids := upSite(s)
			before := len(s.cloud().Resources)
			s.SetProgram(blockSite(site, tc.blocks, ids, tc.edit))
			_, err := s.previewErr()
			require.Error(t, err, "preview must fail")
			assert.Contains(t, err.Error(), tc.want)
			assert.NotRegexp(t, cloudCode, err.Error(), "the failure is the component's, not a cloud refusal")

			_, err = s.upErr()
			require.Error(t, err, "up must fail")
			assert.Contains(t, err.Error(), tc.want)
			assert.NotRegexp(t, cloudCode, err.Error())
			assert.Len(t, s.cloud().Resources, before, "up created nothing")
			s.requireDestroyed()
		})
	}
}

// TestVisibleEipCreatesIpv6GatewayOnKnownVpc runs the IPv6 steps on an existing VPC that has
// IPv6 but no IPv6 gateway: the component creates the gateway, the vSwitch's IPv6 block, the
// ENI's address and its internet bandwidth, and a second run plans nothing although the VPC
// now holds the component's own secondary block.
func TestVisibleEipCreatesIpv6GatewayOnKnownVpc(t *testing.T) {
	t.Parallel()
	site := harness.SiteArgs{InstanceType: "ecs.c6.xlarge", Ipv6WithoutGateway: true}
	s := newStack(t, blockSite(site, nil, nil, nil))
	ids := upSite(s)
	s.SetProgram(blockSite(site, nil, ids, func(a *alicloudeip.VisibleEipArgs) {
		a.Ipv6, a.Ipv6CidrBlockMask, a.CreateIpv6Gateway = ptr(true), pulumi.Int(5), ptr(true)
		a.Ipv6Bandwidth, a.InstanceType = pulumi.Int(10), pulumi.String(site.InstanceType)
	}))
	up := s.up()
	st := s.cloud()
	requireVisibleMatchesCloud(t, up, st, "NAT")
	gws := harness.OfType(st, emulator.TokenIpv6Gateway)
	require.Len(t, gws, 1, "the component created the VPC's IPv6 gateway")
	assert.Equal(t, ids["vpc"], harness.Attr(gws[0], "vpcId"))
	assert.Equal(t, gws[0].ID, up.Output("ipv6GatewayId"))
	bws := harness.OfType(st, emulator.TokenIpv6Bandwidth)
	require.Len(t, bws, 1)
	assert.Equal(t, gws[0].ID, harness.Attr(bws[0], "ipv6GatewayId"))
	assert.NotEmpty(t, up.Output("ipv6Address"))
	s.requireSteady()
	s.SetProgram(blockSite(site, nil, nil, nil))
	s.up()
	s.requireDestroyed()
}
