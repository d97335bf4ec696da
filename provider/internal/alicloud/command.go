package alicloud

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/alicloudpin"
)

// CommandToken is the type token of a Cloud Assistant command.
const CommandToken = alicloudpin.Command

// CommandArgs are the inputs of a Command this package uses.
type CommandArgs struct {
	CommandContent pulumi.StringInput `pulumi:"commandContent"`
	Description    pulumi.StringInput `pulumi:"description"`
	Name           pulumi.StringInput `pulumi:"name"`
	Timeout        pulumi.IntInput    `pulumi:"timeout"`
	Type           pulumi.StringInput `pulumi:"type"`
}

// Command is a Cloud Assistant command; CommandContent is base64.
type Command struct {
	pulumi.CustomResourceState

	CommandContent pulumi.StringOutput `pulumi:"commandContent"`
	Name           pulumi.StringOutput `pulumi:"name"`
}

// NewCommand creates a Cloud Assistant command.
func NewCommand(ctx *pulumi.Context, name string, args *CommandArgs,
	opts ...pulumi.ResourceOption) (*Command, error) {
	return create[Command](ctx, CommandToken, name, args, opts)
}

// InvocationToken is the type token of a Cloud Assistant invocation.
const InvocationToken = alicloudpin.Invocation

// InvocationArgs are the inputs of an EcsInvocation this package uses.
type InvocationArgs struct {
	CommandId   pulumi.StringInput      `pulumi:"commandId"`
	InstanceIds pulumi.StringArrayInput `pulumi:"instanceIds"`
	RepeatMode  pulumi.StringInput      `pulumi:"repeatMode"`
}

// Invocation runs a Cloud Assistant command on instances.
type Invocation struct {
	pulumi.CustomResourceState

	CommandId pulumi.StringOutput `pulumi:"commandId"`
	Status    pulumi.StringOutput `pulumi:"status"`
}

// NewInvocation runs a Cloud Assistant command.
func NewInvocation(ctx *pulumi.Context, name string, args *InvocationArgs,
	opts ...pulumi.ResourceOption) (*Invocation, error) {
	return create[Invocation](ctx, InvocationToken, name, args, opts)
}
