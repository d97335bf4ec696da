package provider

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
)

// deliverInstaller registers the Cloud Assistant commands and invocations of an installation:
// the part commands <name>-guest-part-<k>, and the last one <name>-guest-command, whose
// invocation waits for the others'.
func deliverInstaller(ctx *pulumi.Context, name string, comp pulumi.Resource, installer pulumi.StringOutput,
	instanceID pulumi.StringInput) error {
	parts := installer.ApplyT(func(s string) ([]guestnet.DeliveryPart, error) { return guestnet.CloudAssistantDelivery(name, s) })
	var before []pulumi.Resource
	for k := range guestnet.DeliveryParts {
		field := func(f func(guestnet.DeliveryPart) string) pulumi.StringOutput {
			return parts.ApplyT(func(p any) string { return f(p.([]guestnet.DeliveryPart)[k]) }).(pulumi.StringOutput)
		}
		cmdName, invName := fmt.Sprintf("%s-guest-part-%d", name, k+1), fmt.Sprintf("%s-guest-part-%d-invocation", name, k+1)
		if k == guestnet.DeliveryParts-1 {
			cmdName, invName = name+"-guest-command", name+"-guest-invocation"
		}
		cmd, err := alicloud.NewCommand(ctx, cmdName, &alicloud.CommandArgs{
			Name:           field(func(p guestnet.DeliveryPart) string { return p.Name }),
			CommandContent: field(func(p guestnet.DeliveryPart) string { return p.Content }),
			Type:           pulumi.String("RunShellScript"), Timeout: pulumi.Int(600),
			Description: pulumi.Sprintf("eipkit guest network configuration of %s, part %d of %d", name, k+1, guestnet.DeliveryParts),
		}, pulumi.Parent(comp))
		if err != nil {
			return err
		}
		opts := []pulumi.ResourceOption{pulumi.Parent(comp)}
		if k == guestnet.DeliveryParts-1 {
			opts = append(opts, pulumi.DependsOn(before))
		}
		inv, err := alicloud.NewInvocation(ctx, invName, &alicloud.InvocationArgs{
			CommandId: cmd.ID().ToStringOutput(), InstanceIds: pulumi.StringArray{instanceID},
		}, opts...)
		if err != nil {
			return err
		}
		before = append(before, inv)
	}
	return nil
}
