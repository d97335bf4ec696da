package alicloud

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/alicloudpin"
)

// NetworkInterfaceToken is the type token of an elastic network interface.
const NetworkInterfaceToken = alicloudpin.NetworkInterface

// NetworkInterfaceArgs are the inputs of an EcsNetworkInterface this package uses.
type NetworkInterfaceArgs struct {
	Description          pulumi.StringInput      `pulumi:"description"`
	Ipv6AddressCount     pulumi.IntInput         `pulumi:"ipv6AddressCount"`
	Ipv6Addresses        pulumi.StringArrayInput `pulumi:"ipv6Addresses"`
	NetworkInterfaceName pulumi.StringInput      `pulumi:"networkInterfaceName"`
	PrimaryIpAddress     pulumi.StringInput      `pulumi:"primaryIpAddress"`
	PrivateIpAddresses   pulumi.StringArrayInput `pulumi:"privateIpAddresses"`
	SecurityGroupIds     pulumi.StringArrayInput `pulumi:"securityGroupIds"`
	Tags                 pulumi.StringMapInput   `pulumi:"tags"`
	VswitchId            pulumi.StringInput      `pulumi:"vswitchId"`
}

// NetworkInterface is an elastic network interface (ENI). PrivateIpAddresses holds the
// secondary private IPs only.
type NetworkInterface struct {
	pulumi.CustomResourceState

	Ipv6Addresses      pulumi.StringArrayOutput `pulumi:"ipv6Addresses"`
	Mac                pulumi.StringOutput      `pulumi:"mac"`
	PrimaryIpAddress   pulumi.StringOutput      `pulumi:"primaryIpAddress"`
	PrivateIpAddresses pulumi.StringArrayOutput `pulumi:"privateIpAddresses"`
	Status             pulumi.StringOutput      `pulumi:"status"`
	VswitchId          pulumi.StringOutput      `pulumi:"vswitchId"`
}

// NewNetworkInterface creates an elastic network interface.
func NewNetworkInterface(ctx *pulumi.Context, name string, args *NetworkInterfaceArgs,
	opts ...pulumi.ResourceOption) (*NetworkInterface, error) {
	return create[NetworkInterface](ctx, NetworkInterfaceToken, name, args, opts)
}

// NetworkInterfaceAttachmentToken is the type token of an ENI attachment.
const NetworkInterfaceAttachmentToken = alicloudpin.NetworkInterfaceAttachment

// NetworkInterfaceAttachmentArgs are the inputs of an EcsNetworkInterfaceAttachment.
type NetworkInterfaceAttachmentArgs struct {
	InstanceId         pulumi.StringInput `pulumi:"instanceId"`
	NetworkInterfaceId pulumi.StringInput `pulumi:"networkInterfaceId"`
}

// NetworkInterfaceAttachment attaches an ENI to an instance.
type NetworkInterfaceAttachment struct {
	pulumi.CustomResourceState

	InstanceId         pulumi.StringOutput `pulumi:"instanceId"`
	NetworkInterfaceId pulumi.StringOutput `pulumi:"networkInterfaceId"`
}

// NewNetworkInterfaceAttachment attaches an ENI to an instance.
func NewNetworkInterfaceAttachment(ctx *pulumi.Context, name string, args *NetworkInterfaceAttachmentArgs,
	opts ...pulumi.ResourceOption) (*NetworkInterfaceAttachment, error) {
	return create[NetworkInterfaceAttachment](ctx, NetworkInterfaceAttachmentToken, name, args, opts)
}
