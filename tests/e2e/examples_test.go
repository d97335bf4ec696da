package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	multiexample "github.com/eipkit/pulumi-alicloud-eip/examples/go-multi-eip/program"
	visibleexample "github.com/eipkit/pulumi-alicloud-eip/examples/go-visible-eip/program"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// TestGoExamplesRunAgainstTheEmulator runs the Go examples' own Program functions, as their
// main packages do, on stacks configured with the ids of surroundings another stack built in
// the same emulated cloud: up, a second preview without changes, destroy.
func TestGoExamplesRunAgainstTheEmulator(t *testing.T) {
	t.Parallel()
	site := newStack(t, func(ctx *pulumi.Context) error {
		s, err := harness.NewSite(ctx, "site", harness.SiteArgs{InstanceType: "ecs.g6.4xlarge"})
		if err != nil {
			return err
		}
		ctx.Export("instanceId", s.Instance().ID())
		ctx.Export("vpcId", s.Vpc.ID())
		ctx.Export("vswitchId", s.Switch.ID())
		ctx.Export("securityGroupId", s.SecurityGroup.ID())
		ctx.Export("zoneId", pulumi.String(s.Zone))
		return nil
	})
	surroundings := site.up()
	config := map[string]string{"eipkit-e2e:instanceType": "ecs.g6.4xlarge",
		"eipkit-e2e:privateIpRange": "192.168.1.128/26", "eipkit-e2e:vswitchCidrBlock": "192.168.1.0/24"}
	for _, key := range []string{"instanceId", "vpcId", "vswitchId", "securityGroupId", "zoneId"} {
		config["eipkit-e2e:"+key] = fmt.Sprint(surroundings.Output(key))
	}

	for name, program := range map[string]pulumi.RunFunc{"go-visible-eip": visibleexample.Program, "go-multi-eip": multiexample.Program} {
		ctx := context.Background()
		s, err := harness.NewStack(ctx, tools, harness.StackOptions{Dir: t.TempDir(), Stack: name, Program: program,
			Config: config, Env: map[string]string{emulator.StateEnvVar: site.StatePath}})
		require.NoError(t, err)
		example := &e2eStack{Stack: s, t: t}
		up := example.up()
		assert.NotEmpty(t, up.Output("cloudConfig"), "%s exports the guest snippet", name)
		assert.Empty(t, example.preview().Changed(), "%s: a second preview plans no change", name)
		example.destroy()
	}
	site.destroy()
	assert.Empty(t, site.cloud().Resources, "the examples and the surroundings leave nothing behind")
}
