package e2e

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// TestExplicitProviderReachesEveryChild passes an explicit alicloud provider
// to both components and checks, in the provider configuration the emulator
// records on every resource, that each child was created with it while the
// surroundings used the default provider.
func TestExplicitProviderReachesEveryChild(t *testing.T) {
	t.Parallel()
	const marker = "eipkit-explicit"
	s := newStack(t, func(ctx *pulumi.Context) error {
		prov, err := harness.NewAlicloudProvider(ctx, "explicit", pulumi.Map{
			"region": pulumi.String(harness.DefaultRegion), "profile": pulumi.String(marker),
		})
		if err != nil {
			return err
		}
		site, err := harness.NewSite(ctx, "site", harness.SiteArgs{InstanceType: "ecs.c6.xlarge"})
		if err != nil {
			return err
		}
		if _, err := alicloudeip.NewVisibleEip(ctx, "web", &alicloudeip.VisibleEipArgs{
			InstanceId: site.Instance().ID(), VpcId: site.Vpc.ID(), ZoneId: pulumi.String(site.Zone),
			SecurityGroupIds: pulumi.StringArray{site.SecurityGroup.ID()},
		}, pulumi.Providers(prov)); err != nil {
			return err
		}
		_, err = alicloudeip.NewMultiEipInstance(ctx, "svc", &alicloudeip.MultiEipInstanceArgs{
			InstanceId: site.Instance().ID(), VpcId: site.Vpc.ID(), ZoneId: pulumi.String(site.Zone),
			VswitchId: site.Switch.ID(), VswitchCidrBlock: ptr(site.SwitchCidr), SecurityGroupIds: pulumi.StringArray{site.SecurityGroup.ID()},
			InstanceType: ptr("ecs.c6.xlarge"), PrivateIpRange: ptr("192.168.1.128/26"), Eips: entries("mail", "api"),
			DeliverWithCloudAssistant: ptr(true),
		}, pulumi.Providers(prov))
		return err
	})
	s.up()
	st := s.cloud()
	children := map[string]int{}
	for id, r := range st.Resources {
		if r.URN == "" {
			continue
		}
		component := ""
		for _, c := range []string{"alicloud-eip:index:VisibleEip$", "alicloud-eip:index:MultiEipInstance$"} {
			if strings.Contains(r.URN, c) {
				component = c
			}
		}
		if component == "" {
			assert.NotEqual(t, marker, r.Provider["profile"], "%s %s of the surroundings uses the default provider", r.Type, id)
			continue
		}
		children[component]++
		assert.Equal(t, marker, r.Provider["profile"], "%s %s (%s) was created with the explicit provider", r.Type, id, r.URN)
		assert.Equal(t, harness.DefaultRegion, r.Region)
	}
	assert.GreaterOrEqual(t, children["alicloud-eip:index:VisibleEip$"], 6, "VisibleEip's EIP, block, vSwitch, ENI, association, attachment")
	assert.GreaterOrEqual(t, children["alicloud-eip:index:MultiEipInstance$"], 7, "MultiEipInstance's EIPs, ENI, associations, attachment, command, invocation")
	require.NotEmpty(t, harness.OfType(st, emulator.TokenInvocation), "Cloud Assistant delivery ran")
	s.requireDestroyed()
}
