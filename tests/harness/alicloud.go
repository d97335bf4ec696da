package harness

import (
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AlicloudVersion is the alicloud plugin version eipkit pins and the
// emulator reports.
const AlicloudVersion = emulator.PluginVersion

// Vpc is an alicloud vpc/network resource.
type Vpc struct {
	pulumi.CustomResourceState
	// CidrBlock is the VPC's primary block.
	CidrBlock pulumi.StringOutput `pulumi:"cidrBlock"`
	// Ipv6CidrBlock is the VPC's IPv6 block (with enableIpv6).
	Ipv6CidrBlock pulumi.StringOutput `pulumi:"ipv6CidrBlock"`
}

// Switch is an alicloud vpc/switch resource.
type Switch struct {
	pulumi.CustomResourceState
	// CidrBlock is the vSwitch's block.
	CidrBlock pulumi.StringOutput `pulumi:"cidrBlock"`
	// ZoneId is its zone.
	ZoneId pulumi.StringOutput `pulumi:"zoneId"`
}

// SecurityGroup is an alicloud ecs/securityGroup resource.
type SecurityGroup struct {
	pulumi.CustomResourceState
}

// Instance is an alicloud ecs/instance resource.
type Instance struct {
	pulumi.CustomResourceState
	// NetworkInterfaceId is its primary ENI.
	NetworkInterfaceId pulumi.StringOutput `pulumi:"networkInterfaceId"`
	// PrivateIp is its primary private IP.
	PrivateIp pulumi.StringOutput `pulumi:"privateIp"`
}

// EipAddress is an alicloud ecs/eipAddress resource.
type EipAddress struct {
	pulumi.CustomResourceState
	// IpAddress is the public address.
	IpAddress pulumi.StringOutput `pulumi:"ipAddress"`
}

// Ipv6Gateway is an alicloud vpc/ipv6Gateway resource.
type Ipv6Gateway struct {
	pulumi.CustomResourceState
}

// AlicloudProvider is an explicit alicloud provider resource.
type AlicloudProvider struct {
	pulumi.ProviderResourceState
}

// Register registers an alicloud resource by type token at AlicloudVersion.
func Register(ctx *pulumi.Context, token, name string, props pulumi.Map, res pulumi.CustomResource,
	opts ...pulumi.ResourceOption) error {
	return ctx.RegisterResource(token, name, props, res, append([]pulumi.ResourceOption{pulumi.Version(AlicloudVersion)}, opts...)...)
}

// NewAlicloudProvider registers an explicit alicloud provider with the given
// configuration (region, and any marker the emulator then records on every
// resource it creates).
func NewAlicloudProvider(ctx *pulumi.Context, name string, config pulumi.Map) (*AlicloudProvider, error) {
	p := &AlicloudProvider{}
	err := ctx.RegisterResource("pulumi:providers:alicloud", name, config, p, pulumi.Version(AlicloudVersion))
	return p, err
}

// SiteArgs describe the surroundings a component needs: a VPC, a vSwitch, a
// security group and, unless InstanceType is empty, an instance.
type SiteArgs struct {
	// VpcCidr is the VPC's primary block; default 192.168.0.0/16.
	VpcCidr string
	// SwitchCidr is the vSwitch's block; default 192.168.1.0/24.
	SwitchCidr string
	// Zone is the zone of the vSwitch and the instance; default cn-shanghai-b.
	Zone string
	// Ipv6 enables IPv6 on the VPC and creates its IPv6 gateway.
	Ipv6 bool
	// Ipv6WithoutGateway enables IPv6 on the VPC and creates no IPv6 gateway.
	Ipv6WithoutGateway bool
	// InstanceType creates an instance of that type when not empty.
	InstanceType string
	// Instances is how many instances to create (default 1 with InstanceType).
	Instances int
}

// Site is the surroundings SiteArgs describe.
type Site struct {
	// Vpc, Switch and SecurityGroup always exist.
	Vpc           *Vpc
	Switch        *Switch
	SecurityGroup *SecurityGroup
	// Ipv6Gateway exists with SiteArgs.Ipv6.
	Ipv6Gateway *Ipv6Gateway
	// Instances are the created instances, in order.
	Instances []*Instance
	// Zone is the zone used.
	Zone string
	// SwitchCidr is the vSwitch's block.
	SwitchCidr string
}

// NewSite registers the surroundings; resource names start with prefix.
func NewSite(ctx *pulumi.Context, prefix string, args SiteArgs, opts ...pulumi.ResourceOption) (*Site, error) {
	if args.VpcCidr == "" {
		args.VpcCidr = "192.168.0.0/16"
	}
	if args.SwitchCidr == "" {
		args.SwitchCidr = "192.168.1.0/24"
	}
	if args.Zone == "" {
		args.Zone = DefaultRegion + "-b"
	}
	site := &Site{Vpc: &Vpc{}, Switch: &Switch{}, SecurityGroup: &SecurityGroup{}, Zone: args.Zone,
		SwitchCidr: args.SwitchCidr}
	vpcProps := pulumi.Map{"cidrBlock": pulumi.String(args.VpcCidr), "vpcName": pulumi.String(prefix)}
	if args.Ipv6 || args.Ipv6WithoutGateway {
		vpcProps["enableIpv6"] = pulumi.Bool(true)
	}
	if err := Register(ctx, emulator.TokenNetwork, prefix+"-vpc", vpcProps, site.Vpc, opts...); err != nil {
		return nil, err
	}
	if err := Register(ctx, emulator.TokenSwitch, prefix+"-vsw", pulumi.Map{
		"vpcId": site.Vpc.ID(), "cidrBlock": pulumi.String(args.SwitchCidr), "zoneId": pulumi.String(args.Zone),
		"vswitchName": pulumi.String(prefix),
	}, site.Switch, opts...); err != nil {
		return nil, err
	}
	if err := Register(ctx, emulator.TokenSecurityGroup, prefix+"-sg", pulumi.Map{
		"vpcId": site.Vpc.ID(), "securityGroupName": pulumi.String(prefix),
	}, site.SecurityGroup, opts...); err != nil {
		return nil, err
	}
	if args.Ipv6 {
		site.Ipv6Gateway = &Ipv6Gateway{}
		if err := Register(ctx, emulator.TokenIpv6Gateway, prefix+"-ipv6gw", pulumi.Map{"vpcId": site.Vpc.ID()}, site.Ipv6Gateway, opts...); err != nil {
			return nil, err
		}
	}
	n := args.Instances
	if n == 0 && args.InstanceType != "" {
		n = 1
	}
	for i := range n {
		inst := &Instance{}
		name := prefix + "-vm"
		if i > 0 {
			name = prefix + "-vm" + string(rune('0'+i))
		}
		if err := Register(ctx, emulator.TokenInstance, name, pulumi.Map{
			"instanceType": pulumi.String(args.InstanceType), "imageId": pulumi.String("aliyun_3_x64_20G_alibase_20240819.vhd"),
			"vswitchId": site.Switch.ID(), "securityGroups": pulumi.StringArray{site.SecurityGroup.ID()},
			"instanceName": pulumi.String(name),
		}, inst, opts...); err != nil {
			return nil, err
		}
		site.Instances = append(site.Instances, inst)
	}
	return site, nil
}

// Instance returns the first instance, or nil.
func (s *Site) Instance() *Instance {
	if len(s.Instances) == 0 {
		return nil
	}
	return s.Instances[0]
}
