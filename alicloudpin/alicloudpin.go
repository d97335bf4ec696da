// Package alicloudpin holds the one definition of what eipkit pins of the alicloud provider:
// its plugin version and the tokens of the resources and functions eipkit uses. The components'
// bindings (provider/internal/alicloud) register and invoke with them, and the emulator
// (tests/emulator) serves them; neither may import the other, so they live in this leaf
// package, which imports nothing.
package alicloudpin

// Version is the alicloud provider plugin version eipkit pins.
const Version = "3.108.0"

// The tokens of the alicloud resources eipkit creates or its tests build around.
const (
	EipAddress                 = "alicloud:ecs/eipAddress:EipAddress"
	EipAssociation             = "alicloud:ecs/eipAssociation:EipAssociation"
	Ipv4CidrBlock              = "alicloud:vpc/ipv4CidrBlock:Ipv4CidrBlock"
	Switch                     = "alicloud:vpc/switch:Switch"
	NetworkInterface           = "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface"
	NetworkInterfaceAttachment = "alicloud:ecs/ecsNetworkInterfaceAttachment:EcsNetworkInterfaceAttachment"
	Ipv6Gateway                = "alicloud:vpc/ipv6Gateway:Ipv6Gateway"
	Ipv6InternetBandwidth      = "alicloud:vpc/ipv6InternetBandwidth:Ipv6InternetBandwidth"
	Instance                   = "alicloud:ecs/instance:Instance"
	Command                    = "alicloud:ecs/command:Command"
	Invocation                 = "alicloud:ecs/ecsInvocation:EcsInvocation"
	Network                    = "alicloud:vpc/network:Network"
	SecurityGroup              = "alicloud:ecs/securityGroup:SecurityGroup"
	SecurityGroupRule          = "alicloud:ecs/securityGroupRule:SecurityGroupRule"
)

// The tokens of the alicloud functions eipkit invokes or its tests build around.
const (
	GetInstanceTypes     = "alicloud:ecs/getInstanceTypes:getInstanceTypes"
	GetIpv6Addresses     = "alicloud:vpc/getIpv6Addresses:getIpv6Addresses"
	GetNetworkInterfaces = "alicloud:ecs/getEcsNetworkInterfaces:getEcsNetworkInterfaces"
	GetEipAddresses      = "alicloud:ecs/getEipAddresses:getEipAddresses"
	GetSwitches          = "alicloud:vpc/getSwitches:getSwitches"
	GetNetworks          = "alicloud:vpc/getNetworks:getNetworks"
	GetZones             = "alicloud:index/getZones:getZones"
	GetImages            = "alicloud:ecs/getImages:getImages"
)
