package alicloud

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/alicloudpin"
)

// InstanceToken is the type token of an ECS instance.
const InstanceToken = alicloudpin.Instance

// InstanceArgs are the inputs of an Instance this package uses.
type InstanceArgs struct {
	AvailabilityZone    pulumi.StringInput      `pulumi:"availabilityZone"`
	ImageId             pulumi.StringInput      `pulumi:"imageId"`
	InstanceName        pulumi.StringInput      `pulumi:"instanceName"`
	InstanceType        pulumi.StringInput      `pulumi:"instanceType"`
	KeyName             pulumi.StringInput      `pulumi:"keyName"`
	NetworkInterfaces   pulumi.MapInput         `pulumi:"networkInterfaces"`
	Password            pulumi.StringInput      `pulumi:"password"`
	PrivateIp           pulumi.StringInput      `pulumi:"privateIp"`
	SecondaryPrivateIps pulumi.StringArrayInput `pulumi:"secondaryPrivateIps"`
	SecurityGroups      pulumi.StringArrayInput `pulumi:"securityGroups"`
	SystemDiskCategory  pulumi.StringInput      `pulumi:"systemDiskCategory"`
	SystemDiskSize      pulumi.IntInput         `pulumi:"systemDiskSize"`
	Tags                pulumi.StringMapInput   `pulumi:"tags"`
	UserData            pulumi.StringInput      `pulumi:"userData"`
	VswitchId           pulumi.StringInput      `pulumi:"vswitchId"`
}

// Instance is an ECS instance.
type Instance struct {
	pulumi.CustomResourceState

	AvailabilityZone    pulumi.StringOutput      `pulumi:"availabilityZone"`
	InstanceType        pulumi.StringOutput      `pulumi:"instanceType"`
	NetworkInterfaceId  pulumi.StringOutput      `pulumi:"networkInterfaceId"`
	PrimaryIpAddress    pulumi.StringOutput      `pulumi:"primaryIpAddress"`
	PrivateIp           pulumi.StringOutput      `pulumi:"privateIp"`
	SecondaryPrivateIps pulumi.StringArrayOutput `pulumi:"secondaryPrivateIps"`
	Status              pulumi.StringOutput      `pulumi:"status"`
	VpcId               pulumi.StringOutput      `pulumi:"vpcId"`
	VswitchId           pulumi.StringOutput      `pulumi:"vswitchId"`
}

// NewInstance creates an ECS instance.
func NewInstance(ctx *pulumi.Context, name string, args *InstanceArgs,
	opts ...pulumi.ResourceOption) (*Instance, error) {
	return create[Instance](ctx, InstanceToken, name, args, opts)
}
