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

// TestCloudRefusalThenCorrectedUp gives a MultiEipInstance no instance type
// and a wrong private IP quota (10 per ENI on an ecs.c6.large, which takes 6):
// the component cannot know, the cloud refuses the attachment, up surfaces the
// cloud's message, and once the instance is resized a plain up completes from
// the state the failure left.
func TestCloudRefusalThenCorrectedUp(t *testing.T) {
	t.Parallel()
	names := []string{"e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8"}
	program := func(instanceType string) pulumi.RunFunc {
		return multiProgram(harness.SiteArgs{InstanceType: instanceType}, func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
			a.InstanceType = nil
			a.MaxEnis, a.PrivateIpsPerEni = ptr(2), ptr(10)
			a.Eips = entries(names...)
		})
	}
	s := newStack(t, program("ecs.c6.large"))
	p := s.preview()
	require.NotEmpty(t, p.Changed(), "the component cannot see the quota: preview plans the deployment")

	_, err := s.upErr()
	require.Error(t, err, "the cloud refuses an ENI with 8 private IPs on ecs.c6.large")
	assert.Contains(t, err.Error(), "QuotaExceeded.PrivateIpAddress")
	assert.Contains(t, err.Error(), "instance type ecs.c6.large allows 6 per ENI")
	st := s.cloud()
	assert.Len(t, harness.OfType(st, emulator.TokenEni), 1, "the ENI was created")
	assert.Empty(t, harness.OfType(st, emulator.TokenAttachment), "its attachment was refused")
	assert.Empty(t, harness.OfType(st, emulator.TokenEipAssociation), "no association waits on a refused attachment")

	s.SetProgram(program("ecs.c6.xlarge"))
	up := s.up()
	requireMultiMatchesCloud(t, up, s.cloud(), "NAT", names...)
	s.requireSteady()
	s.requireDestroyed()
}
