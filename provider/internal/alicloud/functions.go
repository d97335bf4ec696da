package alicloud

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/alicloudpin"
)

// GetInstanceTypesToken is the token of the function that describes instance types.
const GetInstanceTypesToken = alicloudpin.GetInstanceTypes

// GetInstanceTypesArgs filter the instance types. Nil fields are not sent.
type GetInstanceTypesArgs struct {
	AvailabilityZone *string `pulumi:"availabilityZone"`
	InstanceType     *string `pulumi:"instanceType"`
}

// InstanceTypeInfo is what the components need to know of one instance type.
type InstanceTypeInfo struct {
	Id                          string `pulumi:"id"`
	Family                      string `pulumi:"family"`
	EniQuantity                 int    `pulumi:"eniQuantity"`
	EniPrivateIpAddressQuantity int    `pulumi:"eniPrivateIpAddressQuantity"`
	EniIpv6AddressQuantity      int    `pulumi:"eniIpv6AddressQuantity"`
}

// GetInstanceTypesResult is the result of getInstanceTypes.
type GetInstanceTypesResult struct {
	InstanceTypes []InstanceTypeInfo `pulumi:"instanceTypes"`
}

// GetInstanceTypes describes instance types.
func GetInstanceTypes(ctx *pulumi.Context, args *GetInstanceTypesArgs,
	opts ...pulumi.InvokeOption) (*GetInstanceTypesResult, error) {
	return invoke[GetInstanceTypesResult](ctx, GetInstanceTypesToken, args, opts)
}

// GetIpv6AddressesToken is the token of the function that lists IPv6 addresses.
const GetIpv6AddressesToken = alicloudpin.GetIpv6Addresses

// GetIpv6AddressesArgs filter the IPv6 addresses. Nil fields are not sent.
type GetIpv6AddressesArgs struct {
	AssociatedInstanceId *string `pulumi:"associatedInstanceId"`
	VswitchId            *string `pulumi:"vswitchId"`
	VpcId                *string `pulumi:"vpcId"`
}

// Ipv6AddressInfo is one IPv6 address.
type Ipv6AddressInfo struct {
	Id                   string `pulumi:"id"`
	Ipv6Address          string `pulumi:"ipv6Address"`
	AssociatedInstanceId string `pulumi:"associatedInstanceId"`
	VswitchId            string `pulumi:"vswitchId"`
}

// GetIpv6AddressesResult is the result of getIpv6Addresses.
type GetIpv6AddressesResult struct {
	Addresses []Ipv6AddressInfo `pulumi:"addresses"`
}

// GetIpv6Addresses lists IPv6 addresses.
func GetIpv6Addresses(ctx *pulumi.Context, args *GetIpv6AddressesArgs,
	opts ...pulumi.InvokeOption) (*GetIpv6AddressesResult, error) {
	return invoke[GetIpv6AddressesResult](ctx, GetIpv6AddressesToken, args, opts)
}

// GetSwitchesToken is the token of the function that lists vSwitches.
const GetSwitchesToken = alicloudpin.GetSwitches

// GetSwitchesArgs filter the vSwitches. Nil fields are not sent.
type GetSwitchesArgs struct {
	Ids   []string `pulumi:"ids"`
	VpcId *string  `pulumi:"vpcId"`
}

// SwitchInfo is one vSwitch.
type SwitchInfo struct {
	Id            string `pulumi:"id"`
	CidrBlock     string `pulumi:"cidrBlock"`
	VpcId         string `pulumi:"vpcId"`
	ZoneId        string `pulumi:"zoneId"`
	VswitchName   string `pulumi:"vswitchName"`
	Description   string `pulumi:"description"`
	Ipv6CidrBlock string `pulumi:"ipv6CidrBlock"`
}

// GetSwitchesResult is the result of getSwitches.
type GetSwitchesResult struct {
	Vswitches []SwitchInfo `pulumi:"vswitches"`
}

// GetSwitches lists vSwitches.
func GetSwitches(ctx *pulumi.Context, args *GetSwitchesArgs,
	opts ...pulumi.InvokeOption) (*GetSwitchesResult, error) {
	return invoke[GetSwitchesResult](ctx, GetSwitchesToken, args, opts)
}

// GetEipAddressesToken is the token of the function that lists EIPs.
const GetEipAddressesToken = alicloudpin.GetEipAddresses

// GetEipAddressesArgs filter the EIPs. Nil fields are not sent.
type GetEipAddressesArgs struct {
	Ids       []string `pulumi:"ids"`
	IpAddress *string  `pulumi:"ipAddress"`
}

// EipAddressInfo is one EIP.
type EipAddressInfo struct {
	Id           string `pulumi:"id"`
	AllocationId string `pulumi:"allocationId"`
	IpAddress    string `pulumi:"ipAddress"`
	InstanceId   string `pulumi:"instanceId"`
	Status       string `pulumi:"status"`
}

// GetEipAddressesResult is the result of getEipAddresses.
type GetEipAddressesResult struct {
	Addresses []EipAddressInfo `pulumi:"addresses"`
}

// GetEipAddresses lists EIPs.
func GetEipAddresses(ctx *pulumi.Context, args *GetEipAddressesArgs,
	opts ...pulumi.InvokeOption) (*GetEipAddressesResult, error) {
	return invoke[GetEipAddressesResult](ctx, GetEipAddressesToken, args, opts)
}

// GetNetworkInterfacesToken is the token of the function that lists ENIs.
const GetNetworkInterfacesToken = alicloudpin.GetNetworkInterfaces

// GetNetworkInterfacesArgs filter the ENIs. Nil fields are not sent.
type GetNetworkInterfacesArgs struct {
	Ids                  []string `pulumi:"ids"`
	InstanceId           *string  `pulumi:"instanceId"`
	NetworkInterfaceName *string  `pulumi:"networkInterfaceName"`
}

// AssociatedPublicIp is an EIP associated with an ENI.
type AssociatedPublicIp struct {
	PublicIpAddress string `pulumi:"publicIpAddress"`
}

// NetworkInterfaceInfo is one ENI.
type NetworkInterfaceInfo struct {
	Id                   string               `pulumi:"id"`
	InstanceId           string               `pulumi:"instanceId"`
	NetworkInterfaceName string               `pulumi:"networkInterfaceName"`
	Status               string               `pulumi:"status"`
	AssociatedPublicIps  []AssociatedPublicIp `pulumi:"associatedPublicIps"`
	Mac                  string               `pulumi:"mac"`
	PrimaryIpAddress     string               `pulumi:"primaryIpAddress"`
	PrivateIpAddresses   []string             `pulumi:"privateIpAddresses"`
	VswitchId            string               `pulumi:"vswitchId"`
	ZoneId               string               `pulumi:"zoneId"`
}

// GetNetworkInterfacesResult is the result of getEcsNetworkInterfaces.
type GetNetworkInterfacesResult struct {
	Interfaces []NetworkInterfaceInfo `pulumi:"interfaces"`
}

// GetNetworkInterfaces lists ENIs.
func GetNetworkInterfaces(ctx *pulumi.Context, args *GetNetworkInterfacesArgs,
	opts ...pulumi.InvokeOption) (*GetNetworkInterfacesResult, error) {
	return invoke[GetNetworkInterfacesResult](ctx, GetNetworkInterfacesToken, args, opts)
}

// GetNetworksToken is the token of the function that lists VPCs.
const GetNetworksToken = alicloudpin.GetNetworks

// GetNetworksArgs filter the VPCs. Nil fields are not sent.
type GetNetworksArgs struct {
	Ids []string `pulumi:"ids"`
}

// NetworkInfo is one VPC.
type NetworkInfo struct {
	Id                  string   `pulumi:"id"`
	CidrBlock           string   `pulumi:"cidrBlock"`
	SecondaryCidrBlocks []string `pulumi:"secondaryCidrBlocks"`
	Ipv6CidrBlock       string   `pulumi:"ipv6CidrBlock"`
}

// GetNetworksResult is the result of getNetworks.
type GetNetworksResult struct {
	Vpcs []NetworkInfo `pulumi:"vpcs"`
}

// GetNetworks lists VPCs.
func GetNetworks(ctx *pulumi.Context, args *GetNetworksArgs,
	opts ...pulumi.InvokeOption) (*GetNetworksResult, error) {
	return invoke[GetNetworksResult](ctx, GetNetworksToken, args, opts)
}
