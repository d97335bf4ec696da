package e2e

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// A cut-through EIP binds only to a detached ENI: a change that would replace the EIP of the
// attached ENI is refused at preview, and one that keeps it passes.
func TestVisibleEipCutThroughRefusesReplacingTheAttachedEip(t *testing.T) {
	t.Parallel()
	site := harness.SiteArgs{InstanceType: "ecs.c6.large"}
	s := newStack(t, siteOnlyExporting(site))
	instanceID := s.up().Output("vm").(string)
	program := func(charge alicloudeip.InternetChargeType, bandwidth string) pulumi.RunFunc {
		return visibleProgram(site, func(st *harness.Site, a *alicloudeip.VisibleEipArgs) {
			a.InstanceId = pulumi.String(instanceID)
			a.Mode = ptr(alicloudeip.VisibleEipModeCutThrough)
			a.VswitchId = st.Switch.ID()
			a.InternetChargeType = charge
			a.Bandwidth = pulumi.String(bandwidth)
		})
	}
	s.SetProgram(program(alicloudeip.InternetChargeTypePayByTraffic, "5"))
	up := s.up()
	requireVisibleMatchesCloud(t, up, s.cloud(), "BINDED")

	s.SetProgram(program(alicloudeip.InternetChargeTypePayByBandwidth, "5"))
	_, err := s.previewErr()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "internetChargeType, isp or paymentType (a new EIP) would replace EIP "+up.Output("eipAddress").(string))
	assert.Contains(t, err.Error(), "which is attached to instance "+instanceID)

	// A bandwidth change updates the EIP in place: accepted.
	s.SetProgram(program(alicloudeip.InternetChargeTypePayByTraffic, "20"))
	p := s.preview()
	assert.Empty(t, p.Replacements())
	s.up()
	s.requireDestroyed()
}
