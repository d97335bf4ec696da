package e2e

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// TestMultiEipToEniKeepsAttachedEnis adds an EIP to an attached ENI in multi-EIP-to-ENI mode:
// preview refuses it with the component's message (the cloud associates EIPs with an ENI in that
// mode only while it is detached), and the same EIP pinned to a new ENI goes through.
func TestMultiEipToEniKeepsAttachedEnis(t *testing.T) {
	t.Parallel()
	site := harness.SiteArgs{InstanceType: "ecs.c5.2xlarge"}
	s := newStack(t, siteOnlyExporting(site))
	ids := s.up()
	id := func(k string) pulumi.String { return pulumi.String(ids.Output(k).(string)) }
	program := func(entries map[string]int) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			if err := siteOnlyExporting(site)(ctx); err != nil {
				return err
			}
			list := alicloudeip.MultiEipEntryArray{}
			for _, name := range []string{"web", "mail", "api"} {
				if eni, ok := entries[name]; ok {
					list = append(list, alicloudeip.MultiEipEntryArgs{Name: pulumi.String(name), Eni: pulumi.IntPtr(eni),
						Gateway: pulumi.String("203.0.113.254"), PrefixLength: pulumi.IntPtr(24)})
				}
			}
			_, err := alicloudeip.NewMultiEipInstance(ctx, "svc", &alicloudeip.MultiEipInstanceArgs{
				InstanceId: id("vm"), VpcId: id("vpc"), ZoneId: pulumi.String(harness.DefaultRegion + "-b"),
				VswitchId: id("vsw"), SecurityGroupIds: pulumi.StringArray{id("sg")}, InstanceType: ptr(site.InstanceType),
				Mode: ptr(alicloudeip.MultiEipModeMultiEipToEni), Eips: list,
			})
			return err
		}
	}
	s.SetProgram(program(map[string]int{"web": 0, "mail": 0}))
	s.up()

	s.SetProgram(program(map[string]int{"web": 0, "mail": 0, "api": 0}))
	_, err := s.previewErr()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "would give secondary ENI 0 (eni-")
	assert.Contains(t, err.Error(), "3 EIPs while it is attached with 2")

	s.SetProgram(program(map[string]int{"web": 0, "mail": 0, "api": 1}))
	up := s.up()
	assert.Empty(t, up.Replacements(), "the new EIP goes to a new ENI; nothing is replaced")

	s.SetProgram(siteOnlyExporting(site))
	s.up()
	s.requireDestroyed()
}

// siteOnlyExporting builds the site and exports the ids a component given literal ids needs.
func siteOnlyExporting(site harness.SiteArgs) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		st, err := harness.NewSite(ctx, "site", site)
		if err != nil {
			return err
		}
		ctx.Export("vpc", st.Vpc.ID())
		ctx.Export("vsw", st.Switch.ID())
		ctx.Export("sg", st.SecurityGroup.ID())
		ctx.Export("vm", st.Instance().ID())
		return nil
	}
}
