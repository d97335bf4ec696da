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

// TestLiteralMistakesFailWithTheirWholeMessage checks the full text of the engine's error for
// three mistakes written as literals: the component's message alone, with no wrapping by the
// inputs of a child that awaited it, and nothing registered.
func TestLiteralMistakesFailWithTheirWholeMessage(t *testing.T) {
	t.Parallel()
	site := harness.SiteArgs{InstanceType: "ecs.c6.large"}
	adopt := func(vswitchCidr string) pulumi.RunFunc {
		return visibleProgram(site, func(_ *harness.Site, a *alicloudeip.VisibleEipArgs) {
			a.AllocationId, a.IpAddress = pulumi.String("eip-uf6existing"), pulumi.String("203.0.113.10")
			a.VswitchCidrBlock = pulumi.String(vswitchCidr)
		})
	}
	const problem = "alicloud-eip:index:VisibleEip resource 'web' has a problem: "
	tests := []struct {
		name    string
		program pulumi.RunFunc
		message string
	}{
		{"a vSwitch block with a /30 mask", adopt("203.0.113.8/30"),
			"vswitchCidrBlock 203.0.113.8/30 has mask 30: a vSwitch CIDR block has a mask of 16 to 29 bits " +
				"(CreateVSwitch API reference); use a block with a mask between /16 and /29"},
		{"a vSwitch block without the EIP", adopt("203.0.114.0/29"),
			"vswitchCidrBlock 203.0.114.0/29 does not contain ipAddress 203.0.113.10: the vSwitch CIDR block must " +
				"include the EIP address, which becomes the ENI's primary private IP (Alibaba Cloud doc 'Expose an EIP " +
				"on an NIC by adding a secondary CIDR block to a VPC'); use vswitchCidrBlock 203.0.113.8/29 and " +
				"secondaryCidrBlock 203.0.113.0/28, or leave both unset to get them"},
		{"an adopted EIP without its address", visibleProgram(site, func(_ *harness.Site, a *alicloudeip.VisibleEipArgs) {
			a.AllocationId = pulumi.String("eip-uf6existing")
		}), "ipAddress is missing while allocationId adopts an EIP: an adopted EIP's address decides the ENI's " +
			"primary IP and the blocks before anything is created; give ipAddress, the public address of the EIP " +
			"allocationId names"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStack(t, tc.program)
			r, err := s.previewErr()
			require.Error(t, err)
			assert.Equal(t, []string{problem + tc.message + "\n"}, r.Diagnostics("error"), "the one error is the component's message")
			for _, step := range r.Steps() {
				assert.NotContains(t, step.URN, "alicloud-eip:index:VisibleEip$", "no child of the component is planned: %s", step)
			}
		})
	}
}

// TestAwaitedCheckReportsItsOwnMessage checks a check that waits for a value unknown at
// preview (an allocated EIP's address): preview passes, up fails, and the message is reported
// whole on the component, the engine's wrapped error only pointing to it.
func TestAwaitedCheckReportsItsOwnMessage(t *testing.T) {
	t.Parallel()
	s := newStack(t, visibleProgram(harness.SiteArgs{InstanceType: "ecs.c6.large"}, func(_ *harness.Site, a *alicloudeip.VisibleEipArgs) {
		a.VswitchCidrBlock = pulumi.String("10.0.0.0/29")
	}))
	s.preview()
	r, err := s.upErr()
	require.Error(t, err)
	diags := r.Diagnostics("error")
	require.Len(t, diags, 2, "%q", diags)
	address := harness.Attr(harness.OfType(s.cloud(), emulator.TokenEip)[0], "ipAddress")
	assert.Regexp(t, `^vswitchCidrBlock 10\.0\.0\.0/29 does not contain eipAddress \(allocated\) `+strings.ReplaceAll(address, ".", `\.`)+
		`: the vSwitch CIDR block must include the EIP address, .*; use vswitchCidrBlock \S+ and secondaryCidrBlock \S+, or leave both unset to get them\n$`, diags[0])
	assert.True(t, strings.HasSuffix(diags[1], ": invalid input: see the component's error above\n"), diags[1])
	s.destroy()
}
