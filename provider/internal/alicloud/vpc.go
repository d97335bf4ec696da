package alicloud

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/alicloudpin"
)

// Ipv4CidrBlockToken is the type token of a VPC secondary IPv4 CIDR block.
const Ipv4CidrBlockToken = alicloudpin.Ipv4CidrBlock

// Ipv4CidrBlockArgs are the inputs of an Ipv4CidrBlock.
type Ipv4CidrBlockArgs struct {
	SecondaryCidrBlock pulumi.StringInput `pulumi:"secondaryCidrBlock"`
	VpcId              pulumi.StringInput `pulumi:"vpcId"`
}

// Ipv4CidrBlock is a secondary IPv4 CIDR block of a VPC.
type Ipv4CidrBlock struct {
	pulumi.CustomResourceState

	SecondaryCidrBlock pulumi.StringOutput `pulumi:"secondaryCidrBlock"`
	VpcId              pulumi.StringOutput `pulumi:"vpcId"`
}

// NewIpv4CidrBlock adds a secondary IPv4 CIDR block to a VPC.
func NewIpv4CidrBlock(ctx *pulumi.Context, name string, args *Ipv4CidrBlockArgs,
	opts ...pulumi.ResourceOption) (*Ipv4CidrBlock, error) {
	return create[Ipv4CidrBlock](ctx, Ipv4CidrBlockToken, name, args, opts)
}

// SwitchToken is the type token of a vSwitch.
const SwitchToken = alicloudpin.Switch

// SwitchArgs are the inputs of a Switch this package uses.
type SwitchArgs struct {
	CidrBlock         pulumi.StringInput    `pulumi:"cidrBlock"`
	Description       pulumi.StringInput    `pulumi:"description"`
	EnableIpv6        pulumi.BoolInput      `pulumi:"enableIpv6"`
	Ipv6CidrBlockMask pulumi.IntInput       `pulumi:"ipv6CidrBlockMask"`
	Tags              pulumi.StringMapInput `pulumi:"tags"`
	VpcId             pulumi.StringInput    `pulumi:"vpcId"`
	VswitchName       pulumi.StringInput    `pulumi:"vswitchName"`
	ZoneId            pulumi.StringInput    `pulumi:"zoneId"`
}

// Switch is a vSwitch.
type Switch struct {
	pulumi.CustomResourceState

	CidrBlock     pulumi.StringOutput `pulumi:"cidrBlock"`
	Ipv6CidrBlock pulumi.StringOutput `pulumi:"ipv6CidrBlock"`
	VpcId         pulumi.StringOutput `pulumi:"vpcId"`
	ZoneId        pulumi.StringOutput `pulumi:"zoneId"`
}

// NewSwitch creates a vSwitch.
func NewSwitch(ctx *pulumi.Context, name string, args *SwitchArgs,
	opts ...pulumi.ResourceOption) (*Switch, error) {
	return create[Switch](ctx, SwitchToken, name, args, opts)
}

// Ipv6GatewayToken is the type token of a VPC IPv6 gateway.
const Ipv6GatewayToken = alicloudpin.Ipv6Gateway

// Ipv6GatewayArgs are the inputs of an Ipv6Gateway.
type Ipv6GatewayArgs struct {
	Ipv6GatewayName pulumi.StringInput `pulumi:"ipv6GatewayName"`
	VpcId           pulumi.StringInput `pulumi:"vpcId"`
}

// Ipv6Gateway is the IPv6 gateway of a VPC (one per VPC).
type Ipv6Gateway struct {
	pulumi.CustomResourceState

	Ipv6GatewayId pulumi.StringOutput `pulumi:"ipv6GatewayId"`
	VpcId         pulumi.StringOutput `pulumi:"vpcId"`
}

// NewIpv6Gateway creates an IPv6 gateway.
func NewIpv6Gateway(ctx *pulumi.Context, name string, args *Ipv6GatewayArgs,
	opts ...pulumi.ResourceOption) (*Ipv6Gateway, error) {
	return create[Ipv6Gateway](ctx, Ipv6GatewayToken, name, args, opts)
}

// Ipv6InternetBandwidthToken is the type token of IPv6 internet bandwidth.
const Ipv6InternetBandwidthToken = alicloudpin.Ipv6InternetBandwidth

// Ipv6InternetBandwidthArgs are the inputs of an Ipv6InternetBandwidth.
type Ipv6InternetBandwidthArgs struct {
	Bandwidth          pulumi.IntInput    `pulumi:"bandwidth"`
	InternetChargeType pulumi.StringInput `pulumi:"internetChargeType"`
	Ipv6AddressId      pulumi.StringInput `pulumi:"ipv6AddressId"`
	Ipv6GatewayId      pulumi.StringInput `pulumi:"ipv6GatewayId"`
}

// Ipv6InternetBandwidth opens an IPv6 address to the internet.
type Ipv6InternetBandwidth struct {
	pulumi.CustomResourceState

	Bandwidth     pulumi.IntOutput    `pulumi:"bandwidth"`
	Ipv6AddressId pulumi.StringOutput `pulumi:"ipv6AddressId"`
	Status        pulumi.StringOutput `pulumi:"status"`
}

// NewIpv6InternetBandwidth buys internet bandwidth for an IPv6 address.
func NewIpv6InternetBandwidth(ctx *pulumi.Context, name string, args *Ipv6InternetBandwidthArgs,
	opts ...pulumi.ResourceOption) (*Ipv6InternetBandwidth, error) {
	return create[Ipv6InternetBandwidth](ctx, Ipv6InternetBandwidthToken, name, args, opts)
}
