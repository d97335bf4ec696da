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

// TestSeveralVisibleEipsOnOneInstance deploys four VisibleEips on one instance through the
// engine (two in metadata mode, two in static mode, with EIPs in four different /28 blocks so
// their secondary blocks do not overlap): the metadata-mode ones render the same
// instance-wide program, so either's userData serves every ENI; the static-mode ones'
// guestInterface outputs give one renderGuestNetwork program that holds both EIPs, each ENI
// with its own table.
func TestSeveralVisibleEipsOnOneInstance(t *testing.T) {
	t.Parallel()
	s := newStack(t, func(ctx *pulumi.Context) error {
		site, err := harness.NewSite(ctx, "site", harness.SiteArgs{InstanceType: "ecs.g6.4xlarge"})
		if err != nil {
			return err
		}
		var ifaces alicloudeip.GuestInterfaceArray
		addresses := []string{"203.0.113.20", "203.0.113.52", "203.0.113.84", "203.0.113.116"}
		for i, name := range []string{"ftp", "vpn"} {
			for j, mode := range []string{"metadata", "static"} {
				eip := &harness.EipAddress{}
				if err := harness.Register(ctx, emulator.TokenEip, name+"-"+mode+"-address",
					pulumi.Map{"ipAddress": pulumi.String(addresses[2*i+j])}, eip); err != nil {
					return err
				}
				v, err := alicloudeip.NewVisibleEip(ctx, name+"-"+mode, &alicloudeip.VisibleEipArgs{
					InstanceId: site.Instance().ID(), VpcId: site.Vpc.ID(), ZoneId: pulumi.String(site.Zone),
					SecurityGroupIds: pulumi.StringArray{site.SecurityGroup.ID()},
					AllocationId:     eip.ID(), IpAddress: eip.IpAddress,
					Guest: &alicloudeip.GuestOptionsArgs{Mode: alicloudeip.GuestMode(mode)},
				})
				if err != nil {
					return err
				}
				ctx.Export(name+"-"+mode+"-userData", v.UserData)
				ctx.Export(name+"-"+mode+"-eip", v.EipAddress)
				if mode == "static" {
					ifaces = append(ifaces, v.GuestInterface)
				}
			}
		}
		both := alicloudeip.RenderGuestNetworkOutput(ctx, alicloudeip.RenderGuestNetworkOutputArgs{
			Guest: &alicloudeip.GuestOptionsArgs{Mode: alicloudeip.GuestModeStatic}, Interfaces: ifaces})
		ctx.Export("bothNetplan", both.Netplan())
		return nil
	})
	up := s.up()
	assert.Equal(t, up.Output("ftp-metadata-userData"), up.Output("vpn-metadata-userData"),
		"one metadata-mode program serves every secondary ENI of the instance")
	netplan, _ := up.Output("bothNetplan").(string)
	require.NotEmpty(t, netplan)
	for _, name := range []string{"ftp", "vpn"} {
		eip, _ := up.Output(name + "-static-eip").(string)
		assert.Contains(t, netplan, eip+"/", "the combined program holds %s's EIP", name)
	}
	assert.Contains(t, netplan, "table: 7101")
	assert.Contains(t, netplan, "table: 7102", "each ENI has its own table")
	assert.Len(t, harness.OfType(s.cloud(), emulator.TokenAttachment), 4, "four ENIs on the one instance")
	s.requireSteady()
	s.requireDestroyed()
}
