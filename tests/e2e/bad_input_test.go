package e2e

import (
	"regexp"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// cloudCode matches the Alibaba-style error codes the emulator refuses with
// ("InvalidCidrBlock.Overlapped: ...").
var cloudCode = regexp.MustCompile(`\b[A-Z][A-Za-z]+(\.[A-Z][A-Za-z0-9]+)+: `)

// TestBadInputFailsPreview checks that bad input fails preview with the
// component's own message, not a cloud refusal, and that nothing is created:
// preview leaves the emulated cloud empty, and a failed up creates none of the
// component's resources.
func TestBadInputFailsPreview(t *testing.T) {
	t.Parallel()
	site := harness.SiteArgs{InstanceType: "ecs.c6.large"}
	visible := func(edit func(*harness.Site, *alicloudeip.VisibleEipArgs)) pulumi.RunFunc {
		return visibleProgram(site, edit)
	}
	multi := func(edit func(*harness.Site, *alicloudeip.MultiEipInstanceArgs)) pulumi.RunFunc {
		return multiProgram(site, edit)
	}
	tests := []struct {
		name    string
		program pulumi.RunFunc
		want    string
	}{
		{"visible: unknown mode", visible(func(_ *harness.Site, a *alicloudeip.VisibleEipArgs) {
			a.Mode = ptr(alicloudeip.VisibleEipMode("bridge"))
		}),
			"mode bridge is not a visible EIP mode"},
		{"visible: adopted EIP without its address", visible(func(_ *harness.Site, a *alicloudeip.VisibleEipArgs) {
			a.AllocationId = pulumi.String("eip-uf6existing")
		}), "ipAddress is missing while allocationId adopts an EIP"},
		{"visible: cut-through without a vSwitch", visible(func(_ *harness.Site, a *alicloudeip.VisibleEipArgs) {
			a.Mode = ptr(alicloudeip.VisibleEipModeCutThrough)
		}),
			"vswitchId is missing in cutThrough mode"},
		{"visible: cut-through in a region that does not offer it", visible(func(s *harness.Site, a *alicloudeip.VisibleEipArgs) {
			a.Mode, a.VswitchId, a.Region = ptr(alicloudeip.VisibleEipModeCutThrough), s.Switch.ID(), pulumi.String("ap-northeast-1")
		}), "ap-northeast-1"},
		{"visible: explicit vSwitch block with a /30 mask", visible(func(_ *harness.Site, a *alicloudeip.VisibleEipArgs) {
			a.AllocationId, a.IpAddress = pulumi.String("eip-uf6existing"), pulumi.String("203.0.113.10")
			a.VswitchCidrBlock = pulumi.String("203.0.113.8/30")
		}), "vswitchCidrBlock 203.0.113.8/30"},
		{"multi: duplicate names", multi(func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) { a.Eips = entries("web", "web") }),
			"is also the name of"},
		{"multi: usePrimaryEni on an existing instance", multi(func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
			a.Eips, a.UsePrimaryEni = entries("web"), ptr(true)
		}), "usePrimaryEni true is set on an existing instance"},
		{"multi: more EIPs than ecs.c6.large carries", multi(func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
			a.EipCount = ptr(7)
		}), "exceeds the NAT capacity 6"},
		{"multi: multiEipToEni on an unsupported family", multi(func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
			a.Mode = ptr(alicloudeip.MultiEipModeMultiEipToEni)
			a.Eips = alicloudeip.MultiEipEntryArray{alicloudeip.MultiEipEntryArgs{Name: pulumi.String("web"),
				Gateway: pulumi.String("203.0.113.254"), PrefixLength: pulumi.IntPtr(24)}}
		}), "is accepted only by instance families"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStack(t, tc.program)
			_, err := s.previewErr()
			require.Error(t, err, "preview must fail")
			assert.Contains(t, err.Error(), tc.want, "preview fails with the component's message")
			assert.NotRegexp(t, cloudCode, err.Error(), "the failure is not a cloud refusal")
			assert.Empty(t, s.cloud().Resources, "preview creates nothing")

			_, err = s.upErr()
			require.Error(t, err, "up must fail")
			assert.Contains(t, err.Error(), tc.want, "up fails with the component's message")
			assert.NotRegexp(t, cloudCode, err.Error())
			for id, r := range s.cloud().Resources {
				assert.NotRegexp(t, `alicloud-eip:index:`, r.URN, "the component created %s %s", r.Type, id)
			}
			assert.Empty(t, harness.OfType(s.cloud(), emulator.TokenEip), "no EIP was allocated")
			s.requireDestroyed()
		})
	}
}
