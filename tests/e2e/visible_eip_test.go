package e2e

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// exportVisible exports a VisibleEip's outputs.
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
	ctx.Export("script", v.Script)
}

func TestVisibleEipSecondaryCidrAllocate(t *testing.T) {
	t.Parallel()
	s := newStack(t, func(ctx *pulumi.Context) error {
		site, err := harness.NewSite(ctx, "site", harness.SiteArgs{InstanceType: "ecs.c6.large"})
		if err != nil {
			return err
		}
		v, err := alicloudeip.NewVisibleEip(ctx, "web", &alicloudeip.VisibleEipArgs{
			InstanceId: site.Instance().ID(), VpcId: site.Vpc.ID(), ZoneId: pulumi.String(site.Zone),
			SecurityGroupIds: pulumi.StringArray{site.SecurityGroup.ID()}, InstanceType: pulumi.String("ecs.c6.large"),
			Bandwidth: pulumi.String("10"),
		})
		if err != nil {
			return err
		}
		exportVisible(ctx, v)
		return nil
	})
	up := s.up()
	st := s.cloud()
	eips := harness.OfType(st, harness.TokenEip)
	require.Len(t, eips, 1)
	eip := eips[0]
	assert.Equal(t, harness.Attr(eip, "ipAddress"), up.Output("eipAddress"))
	assert.Equal(t, eip.ID, up.Output("allocationId"))
	s.requireSteady()
	s.requireDestroyed()
}
