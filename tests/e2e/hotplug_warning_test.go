package e2e

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// TestHotPlugWarning checks that an existing instance whose type cannot hot-plug an ENI gets a
// warning at preview naming the type and the remedy, while the preview itself succeeds: the
// component cannot know whether the instance is stopped.
func TestHotPlugWarning(t *testing.T) {
	t.Parallel()
	const noHotPlug = "ecs.t5-c1m1.large"
	site := harness.SiteArgs{InstanceType: noHotPlug}
	programs := map[string]*e2eStack{
		"VisibleEip": newStack(t, visibleProgram(site, func(_ *harness.Site, a *alicloudeip.VisibleEipArgs) {
			a.InstanceType = pulumi.String(noHotPlug)
		})),
		"MultiEipInstance": newStack(t, multiProgram(site, func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
			a.Eips = entries("web")
		})),
	}
	for name, s := range programs {
		warnings := strings.Join(s.preview().Diagnostics("warning"), "\n")
		assert.Contains(t, warnings, "instanceType "+noHotPlug+" cannot hot-plug a secondary ENI", name)
		assert.Contains(t, warnings, "stop the instance before the ENI is attached", name)
	}
}
