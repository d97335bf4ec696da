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

// TestMultiEipToEniKeepsAttachedEnis adds an EIP to an attached ENI in multi-EIP-to-ENI mode:
// preview refuses it with the component's message (the cloud associates EIPs with an ENI in that
// mode only while it is detached), and the same EIP pinned to a new ENI goes through.
func TestMultiEipToEniKeepsAttachedEnis(t *testing.T) {
	t.Parallel()
	site := harness.SiteArgs{InstanceType: "ecs.c5.2xlarge"}
	s := newStack(t, siteOnlyExporting(site))
	ids := s.up()
	id := func(k string) pulumi.String { return pulumi.String(ids.Output(k).(string)) }
	// pin: the entries and their pinned ENI (-2: none); charge: the EIPs' internetChargeType.
	program := func(charge string, pin map[string]int) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			if err := siteOnlyExporting(site)(ctx); err != nil {
				return err
			}
			list := alicloudeip.MultiEipEntryArray{}
			for _, name := range []string{"web", "mail", "api"} {
				if eni, ok := pin[name]; ok {
					e := alicloudeip.MultiEipEntryArgs{Name: pulumi.String(name),
						Gateway: pulumi.String("203.0.113.254"), PrefixLength: pulumi.IntPtr(24)}
					if eni != -2 {
						e.Eni = pulumi.IntPtr(eni)
					}
					list = append(list, e)
				}
			}
			_, err := alicloudeip.NewMultiEipInstance(ctx, "svc", &alicloudeip.MultiEipInstanceArgs{
				InstanceId: id("vm"), VpcId: id("vpc"), ZoneId: pulumi.String(harness.DefaultRegion + "-b"),
				VswitchId: id("vsw"), SecurityGroupIds: pulumi.StringArray{id("sg")}, InstanceType: ptr(site.InstanceType),
				Mode: ptr(alicloudeip.MultiEipModeMultiEipToEni), Eips: list,
				InternetChargeType: alicloudeip.InternetChargeType(charge),
			})
			return err
		}
	}
	s.SetProgram(program("PayByTraffic", map[string]int{"web": -2, "mail": -2}))
	s.up()

	// A new EIP pinned to the attached ENI is refused at preview.
	s.SetProgram(program("PayByTraffic", map[string]int{"web": -2, "mail": -2, "api": 0}))
	_, err := s.previewErr()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `adds or replaces the EIP of "api" on secondary ENI 0 (eni-`)
	assert.Contains(t, err.Error(), "while it is attached")

	// So is a change that keeps the count but replaces the EIPs: their internetChargeType.
	s.SetProgram(program("PayByBandwidth", map[string]int{"web": -2, "mail": -2}))
	_, err = s.previewErr()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `adds or replaces the EIP of "mail"; adds or replaces the EIP of "web"`)
	assert.Contains(t, err.Error(), "a changed allocationId or internetChargeType replaces an EIP")

	// A new entry left to the allocation goes to a new ENI: nothing is replaced.
	s.SetProgram(program("PayByTraffic", map[string]int{"web": -2, "mail": -2, "api": -2}))
	up := s.up()
	assert.Empty(t, up.Replacements(), "the new EIP goes to a new ENI; nothing is replaced")
	assert.Len(t, harness.OfType(s.cloud(), emulator.TokenEni), 2)

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
