package alicloud

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/alicloudpin"
)

// EipAddressToken is the type token of an elastic IP address.
const EipAddressToken = alicloudpin.EipAddress

// EipAddressArgs are the inputs of an EipAddress this package uses.
type EipAddressArgs struct {
	AddressName        pulumi.StringInput    `pulumi:"addressName"`
	AutoPay            pulumi.BoolInput      `pulumi:"autoPay"`
	Bandwidth          pulumi.StringInput    `pulumi:"bandwidth"`
	DeletionProtection pulumi.BoolInput      `pulumi:"deletionProtection"`
	Description        pulumi.StringInput    `pulumi:"description"`
	InternetChargeType pulumi.StringInput    `pulumi:"internetChargeType"`
	Isp                pulumi.StringInput    `pulumi:"isp"`
	PaymentType        pulumi.StringInput    `pulumi:"paymentType"`
	Period             pulumi.IntInput       `pulumi:"period"`
	PricingCycle       pulumi.StringInput    `pulumi:"pricingCycle"`
	Tags               pulumi.StringMapInput `pulumi:"tags"`
}

// EipAddress is an elastic IP address; its ID is the allocation id.
type EipAddress struct {
	pulumi.CustomResourceState

	AddressName pulumi.StringOutput `pulumi:"addressName"`
	Bandwidth   pulumi.StringOutput `pulumi:"bandwidth"`
	IpAddress   pulumi.StringOutput `pulumi:"ipAddress"`
	Isp         pulumi.StringOutput `pulumi:"isp"`
	Status      pulumi.StringOutput `pulumi:"status"`
}

// NewEipAddress allocates an elastic IP address.
func NewEipAddress(ctx *pulumi.Context, name string, args *EipAddressArgs,
	opts ...pulumi.ResourceOption) (*EipAddress, error) {
	return create[EipAddress](ctx, EipAddressToken, name, args, opts)
}

// EipAssociationToken is the type token of an EIP association.
const EipAssociationToken = alicloudpin.EipAssociation

// EipAssociationArgs are the inputs of an EipAssociation this package uses.
type EipAssociationArgs struct {
	AllocationId     pulumi.StringInput `pulumi:"allocationId"`
	InstanceId       pulumi.StringInput `pulumi:"instanceId"`
	InstanceType     pulumi.StringInput `pulumi:"instanceType"`
	Mode             pulumi.StringInput `pulumi:"mode"`
	PrivateIpAddress pulumi.StringInput `pulumi:"privateIpAddress"`
}

// EipAssociation binds an EIP to an instance or network interface.
type EipAssociation struct {
	pulumi.CustomResourceState

	AllocationId     pulumi.StringOutput `pulumi:"allocationId"`
	InstanceId       pulumi.StringOutput `pulumi:"instanceId"`
	InstanceType     pulumi.StringOutput `pulumi:"instanceType"`
	Mode             pulumi.StringOutput `pulumi:"mode"`
	PrivateIpAddress pulumi.StringOutput `pulumi:"privateIpAddress"`
}

// NewEipAssociation associates an EIP.
func NewEipAssociation(ctx *pulumi.Context, name string, args *EipAssociationArgs,
	opts ...pulumi.ResourceOption) (*EipAssociation, error) {
	return create[EipAssociation](ctx, EipAssociationToken, name, args, opts)
}
