package provider

import (
	"errors"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// Visible EIP modes.
const (
	// ModeSecondaryCidr makes the EIP the primary private IP of an ENI in a secondary CIDR block.
	ModeSecondaryCidr = limits.InputSecondaryCidr
	// ModeCutThrough associates the EIP in cut-through (BINDED) mode.
	ModeCutThrough = limits.InputCutThrough
)

// VisibleEipArgs are the inputs of a VisibleEip.
type VisibleEipArgs struct {
	InstanceId       pulumi.StringInput   `pulumi:"instanceId"`
	VpcId            pulumi.StringInput   `pulumi:"vpcId"`
	ZoneId           pulumi.StringInput   `pulumi:"zoneId"`
	SecurityGroupIds []pulumi.StringInput `pulumi:"securityGroupIds"`
	InstanceType     pulumi.StringInput   `pulumi:"instanceType,optional"`
	Region           pulumi.StringInput   `pulumi:"region,optional"`

	Bandwidth          pulumi.StringInput            `pulumi:"bandwidth,optional"`
	InternetChargeType pulumi.StringInput            `pulumi:"internetChargeType,optional"`
	Isp                pulumi.StringInput            `pulumi:"isp,optional"`
	PaymentType        pulumi.StringInput            `pulumi:"paymentType,optional"`
	Name               pulumi.StringInput            `pulumi:"name,optional"`
	DeletionProtection pulumi.BoolInput              `pulumi:"deletionProtection,optional"`
	Tags               map[string]pulumi.StringInput `pulumi:"tags,optional"`
	AllocationId       pulumi.StringInput            `pulumi:"allocationId,optional"`
	IpAddress          pulumi.StringInput            `pulumi:"ipAddress,optional"`

	Mode               string             `pulumi:"mode,optional"`
	SecondaryCidrBlock pulumi.StringInput `pulumi:"secondaryCidrBlock,optional"`
	VswitchCidrBlock   pulumi.StringInput `pulumi:"vswitchCidrBlock,optional"`
	VswitchId          pulumi.StringInput `pulumi:"vswitchId,optional"`
	EipGateway         pulumi.StringInput `pulumi:"eipGateway,optional"`
	EipPrefixLength    pulumi.IntInput    `pulumi:"eipPrefixLength,optional"`

	Ipv6                   bool               `pulumi:"ipv6,optional"`
	Ipv6CidrBlockMask      pulumi.IntInput    `pulumi:"ipv6CidrBlockMask,optional"`
	Ipv6GatewayId          pulumi.StringInput `pulumi:"ipv6GatewayId,optional"`
	Ipv6Bandwidth          pulumi.IntInput    `pulumi:"ipv6Bandwidth,optional"`
	Ipv6InternetChargeType pulumi.StringInput `pulumi:"ipv6InternetChargeType,optional"`
	CreateIpv6Gateway      bool               `pulumi:"createIpv6Gateway,optional"`
	Ipv6GatewayAddress     pulumi.StringInput `pulumi:"ipv6GatewayAddress,optional"`

	Guest      *GuestOptions `pulumi:"guest,optional"`
	RouteTable int           `pulumi:"routeTable,optional"`
	UserData   string        `pulumi:"userData,optional"`

	ProtectEip        bool `pulumi:"protectEip,optional"`
	RetainEipOnDelete bool `pulumi:"retainEipOnDelete,optional"`
}

// Annotate describes the inputs.
func (a *VisibleEipArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.InstanceId, "ID of the ECS instance the new ENI is attached to. Changing it moves the ENI: "+
		"only the attachment is replaced; the EIP, vSwitch and ENI stay.")
	an.Describe(&a.VpcId, "ID of the instance's VPC. secondaryCidr mode adds the secondary CIDR block to it.")
	an.Describe(&a.ZoneId, "Zone of the instance; the vSwitch and ENI must be in the same zone.")
	an.Describe(&a.SecurityGroupIds, "Security groups of the new ENI. Give it only the rules the service behind "+
		"this EIP needs.")
	an.Describe(&a.InstanceType, "Instance type, when known: an instance type that cannot hot-plug an ENI "+
		"(Alibaba Cloud doc 'Create and use an elastic network interface') gets a warning at preview, since the instance must then be stopped to attach.")
	an.Describe(&a.Region, "Region ID, e.g. cn-hangzhou; default the alicloud:region config. cutThrough mode is "+
		"checked against the regions that offer it; without a region that check is skipped with a warning.")
	an.Describe(&a.Bandwidth, "Peak bandwidth of the new EIP in Mbit/s (as a string, e.g. \"5\"). Updated in place.")
	an.Describe(&a.InternetChargeType, "Metering of the new EIP: PayByTraffic or PayByBandwidth. Changing it "+
		"replaces the EIP (a new address): see protectEip.")
	an.Describe(&a.Isp, "Line type of the new EIP, e.g. BGP or BGP_PRO. Changing it replaces the EIP.")
	an.Describe(&a.PaymentType, "Billing of the new EIP: PayAsYouGo or Subscription. Changing it replaces the EIP.")
	an.Describe(&a.Name, "Name of the new EIP.")
	an.Describe(&a.DeletionProtection, "Deletion protection of the new EIP in Alibaba Cloud.")
	an.Describe(&a.Tags, "Tags of the new EIP, vSwitch and ENI.")
	an.Describe(&a.AllocationId, "Adopt an existing EIP instead of allocating one: its allocation ID. ipAddress "+
		"is then required. The adopted EIP is never deleted by the component.")
	an.Describe(&a.IpAddress, "The public address of the adopted EIP (required with allocationId).")
	an.Describe(&a.Mode, "Plain (known at preview). `secondaryCidr` (default, recommended): a secondary CIDR "+
		"block and a vSwitch containing the EIP, an ENI whose primary IP is the EIP, a NAT association, then the "+
		"attachment (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC'). `cutThrough` (BINDED): the ENI is created in vswitchId, "+
		"the EIP is associated in cut-through mode before the ENI is attached; one EIP per ENI; only in the "+
		"regions Alibaba's documentation lists, and not in a VPC with an IPv4 gateway (the component cannot see that; the cloud "+
		"refuses it). The ENI's private network is unusable in cutThrough mode.")
	an.Describe(&a.SecondaryCidrBlock, "secondaryCidr mode: the VPC secondary CIDR block (mask 8 to 28, outside "+
		"100.64.0.0/10, 224.0.0.0/4, 127.0.0.0/8 and 169.254.0.0/16). Default: the vSwitch block, widened to /28 "+
		"when the vSwitch is a /29. Every address of it becomes unreachable from the VPC, so keep it small.")
	an.Describe(&a.VswitchCidrBlock, "secondaryCidr mode: the vSwitch CIDR block (mask 16 to 29) inside the "+
		"secondary block; it must contain the EIP without reserving it (not the first or the last three "+
		"addresses). Default: the smallest such block, /29 first. Required with vswitchId.")
	an.Describe(&a.VswitchId, "Reuse an existing vSwitch (with vswitchCidrBlock, its block) instead of creating "+
		"a secondary block and vSwitch, so several visible EIPs from one block share one secondary block (a VPC "+
		"holds at most five). Required in cutThrough mode: the ENI is created in it.")
	an.Describe(&a.EipGateway, "cutThrough mode with static guest configuration: the EIP's gateway "+
		"(DescribeEipGatewayInfo); the alicloud provider cannot look it up.")
	an.Describe(&a.EipPrefixLength, "cutThrough mode with static guest configuration: the prefix length of the "+
		"EIP's network (DescribeEipGatewayInfo).")
	an.Describe(&a.Ipv6, "Plain. Dual stack, on a VPC that already has IPv6 enabled (when vpcId is known at preview, "+
		"a VPC without IPv6 is refused then): the vSwitch gets an IPv6 block and the ENI an IPv6 address. See "+
		"createIpv6Gateway and ipv6Bandwidth to open it to the internet.")
	an.Describe(&a.Ipv6CidrBlockMask, "With ipv6 and a new vSwitch: the index (0-255) of the vSwitch's /64 "+
		"inside the VPC's IPv6 block.")
	an.Describe(&a.Ipv6GatewayId, "With ipv6: the VPC's existing IPv6 gateway. With ipv6Bandwidth, the ENI's IPv6 "+
		"address is opened to the internet through it.")
	an.Describe(&a.CreateIpv6Gateway, "Plain. With ipv6: create the VPC's IPv6 gateway (a VPC takes one; enabling "+
		"IPv6 through the API does not create it). Deleted with the component. Not with ipv6GatewayId.")
	an.Describe(&a.Ipv6Bandwidth, "With ipv6: internet bandwidth of the ENI's IPv6 address in Mbit/s, bought on "+
		"the IPv6 gateway (ipv6GatewayId or createIpv6Gateway, one of which is then required).")
	an.Describe(&a.Ipv6InternetChargeType, "With ipv6Bandwidth: metering of the IPv6 internet bandwidth, "+
		"PayByTraffic or PayByBandwidth.")
	an.Describe(&a.Ipv6GatewayAddress, "With ipv6 and guest.mode static: the IPv6 next hop of the ENI in the guest "+
		"(the metadata item network/interfaces/macs/<mac>/ipv6-gateway); the alicloud provider cannot look it up.")
	an.Describe(&a.Guest, "Guest configuration options (Linux guests only).")
	an.Describe(&a.RouteTable, "Plain. Route table of this ENI in the guest. Default: in guest.mode metadata the "+
		"instance-wide program picks it (so every VisibleEip of an instance renders the same program); in static "+
		"mode guest.tableBase+1. When given, the program of this VisibleEip manages this ENI only.")
	an.Describe(&a.UserData, "Plain. Your own user data, merged into the userData output.")
	an.Describe(&a.ProtectEip, "Plain. Register the new EIP with Pulumi's protect option: any plan that would "+
		"delete or replace it (a change of ISP, charge type or payment type) fails until you turn this off.")
	an.Describe(&a.RetainEipOnDelete, "Plain. Keep the new EIP in Alibaba Cloud when the component is removed or "+
		"the stack destroyed.")
}

// VisibleEip is a public EIP the guest OS sees on its own interface.
type VisibleEip struct {
	pulumi.ResourceState

	EipAddress         pulumi.StringOutput      `pulumi:"eipAddress"`
	AllocationId       pulumi.StringOutput      `pulumi:"allocationId"`
	SecondaryCidrBlock pulumi.StringOutput      `pulumi:"secondaryCidrBlock"`
	VswitchId          pulumi.StringOutput      `pulumi:"vswitchId"`
	VswitchCidrBlock   pulumi.StringOutput      `pulumi:"vswitchCidrBlock"`
	Gateway            pulumi.StringOutput      `pulumi:"gateway"`
	NetworkInterfaceId pulumi.StringOutput      `pulumi:"networkInterfaceId"`
	MacAddress         pulumi.StringOutput      `pulumi:"macAddress"`
	Ipv6Address        pulumi.StringOutput      `pulumi:"ipv6Address"`
	Ipv6GatewayId      pulumi.StringOutput      `pulumi:"ipv6GatewayId"`
	GuestInterface     GuestInterfaceOutput     `pulumi:"guestInterface"`
	RouteTable         pulumi.IntOutput         `pulumi:"routeTable"`
	Script             pulumi.StringOutput      `pulumi:"script"`
	CloudConfig        pulumi.StringOutput      `pulumi:"cloudConfig"`
	UserData           pulumi.StringOutput      `pulumi:"userData"`
	Netplan            pulumi.StringOutput      `pulumi:"netplan"`
	VerifyCommands     pulumi.StringArrayOutput `pulumi:"verifyCommands"`
}

// Annotate describes the component and its outputs.
func (v *VisibleEip) Annotate(a infer.Annotator) {
	a.Describe(v, "A public EIP that the guest OS sees on its own interface (for FTP active mode, source-address "+
		"checks, IPsec): in secondaryCidr mode a secondary CIDR block and vSwitch containing the EIP, an ENI whose "+
		"primary IP is the EIP, a NAT association and the attachment; or cut-through mode. Also emits the guest "+
		"configuration that routes the ENI's traffic symmetrically.")
	a.Describe(&v.EipAddress, "The public address.")
	a.Describe(&v.AllocationId, "The EIP's allocation ID.")
	a.Describe(&v.SecondaryCidrBlock, "The VPC secondary CIDR block created for the EIP; empty when a vSwitch "+
		"was reused or in cutThrough mode.")
	a.Describe(&v.VswitchId, "The vSwitch of the ENI.")
	a.Describe(&v.VswitchCidrBlock, "The vSwitch's CIDR block (secondaryCidr mode).")
	a.Describe(&v.Gateway, "The gateway of the ENI's default route in the guest.")
	a.Describe(&v.NetworkInterfaceId, "The ENI's ID.")
	a.Describe(&v.MacAddress, "The ENI's MAC address.")
	a.Describe(&v.Ipv6Address, "The ENI's IPv6 address (with ipv6), else empty.")
	a.Describe(&v.Ipv6GatewayId, "The IPv6 gateway the ENI's IPv6 bandwidth is bought on (created with "+
		"createIpv6Gateway, or ipv6GatewayId); empty without.")
	a.Describe(&v.GuestInterface, "This ENI as an entry of renderGuestNetwork's interfaces, in the guest mode of "+
		"this VisibleEip: pass the entries of several VisibleEips of one instance to one renderGuestNetwork call "+
		"(static mode) to get one program for all of them.")
	a.Describe(&v.RouteTable, "The ENI's route table number in this VisibleEip's guest program; 0 when the "+
		"instance-wide metadata-mode program picks it (guest.tableBase plus the ENI's order).")
	a.Describe(&v.Script, "The guest program alone (see renderGuestNetwork)."+notInState)
	a.Describe(&v.CloudConfig, "The #cloud-config snippet that installs and runs the guest program."+notInState)
	a.Describe(&v.UserData, "The snippet, merged with userData when given."+notInState)
	a.Describe(&v.Netplan, "Static guest mode: a netplan file for the ENI.")
	a.Describe(&v.VerifyCommands, "Commands that check the result on the instance.")
}

// NewVisibleEip creates a VisibleEip, following Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC': the EIP, the
// secondary CIDR block, the vSwitch, the ENI with the EIP as primary IP, the NAT association
// and the attachment, then the guest configuration.
func NewVisibleEip(ctx *pulumi.Context, name string, args VisibleEipArgs,
	opts ...pulumi.ResourceOption) (*VisibleEip, error) {
	v := &visibleEip{ctx: ctx, name: name, args: &args, comp: &VisibleEip{}}
	if err := ctx.RegisterComponentResource(typeToken("VisibleEip"), name, v.comp, opts...); err != nil {
		return nil, err
	}
	steps := []func() error{
		v.check,       // 0. What can be checked before anything exists.
		v.newEip,      // 1. The EIP: adopted, or allocated with the lifecycle options asked for.
		v.planBlocks,  // 2. The blocks, from the address once it is known.
		v.newVswitch,  // 3. The secondary CIDR block and the vSwitch, unless a vSwitch is reused.
		v.newEni,      // 4. The ENI: its primary IP is the EIP (secondaryCidr) or any (cutThrough).
		v.associate,   // 5. The association and the attachment; cut-through associates first.
		v.openIpv6,    // 6. IPv6: the gateway when asked, and the ENI's address opened through it.
		v.renderGuest, // 7. The guest configuration and the outputs.
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return v.comp, nil
}

// checkVisibleEip runs the checks that need no address: the inputs against each other
// (limits.CheckVisibleEipInputs), and the guest options; it logs the warnings on the component.
func checkVisibleEip(ctx *pulumi.Context, comp pulumi.Resource, args *VisibleEipArgs) error {
	region, regionKnown := regionOf(ctx, args.Region)
	instanceType, _ := knownString(args.InstanceType)
	checked, err := limits.CheckVisibleEipInputs(limits.VisibleEipInputs{
		Mode: args.Mode, Region: region, RegionKnown: regionKnown, InstanceType: instanceType,
		GuestStatic: args.Guest != nil && args.Guest.Mode == guestnet.ModeStatic,
		Ipv6:        args.Ipv6, CreateIpv6Gateway: args.CreateIpv6Gateway,
		AllocationId: args.AllocationId != nil, IpAddress: args.IpAddress != nil, VswitchId: args.VswitchId != nil,
		SecondaryCidrBlock: args.SecondaryCidrBlock != nil, EipGateway: args.EipGateway != nil,
		EipPrefixLength: args.EipPrefixLength != nil, Ipv6CidrBlockMask: args.Ipv6CidrBlockMask != nil,
		Ipv6GatewayId: args.Ipv6GatewayId != nil, Ipv6Bandwidth: args.Ipv6Bandwidth != nil,
		Ipv6InternetChargeType: args.Ipv6InternetChargeType != nil, Ipv6GatewayAddress: args.Ipv6GatewayAddress != nil,
	})
	for _, w := range checked.Warnings {
		_ = ctx.Log.Warn(w, &pulumi.LogArgs{Resource: comp})
	}
	args.Mode = checked.Mode
	return errors.Join(err, args.Guest.check())
}

// visibleGuest holds the known values the guest configuration of a VisibleEip needs.
type visibleGuest struct {
	Mac, Eip, VSwitch, Gateway, Ipv6Address, Ipv6Block, Ipv6Gateway, EipGateway string
	EipPrefixLength                                                             int
}

// visibleRouteTable is the ENI's table in this VisibleEip's program: routeTable, or in static
// mode guest.tableBase+1; 0 when the instance-wide metadata-mode program picks it.
func visibleRouteTable(args VisibleEipArgs) int {
	switch {
	case args.RouteTable != 0:
		return args.RouteTable
	case args.Guest != nil && args.Guest.Mode == guestnet.ModeStatic:
		return guestnet.EniTable(args.Guest.config().TableBase, 1)
	case args.Mode == ModeCutThrough:
		return guestnet.EniTable(args.Guest.config().TableBase, 1)
	}
	return 0
}

// visibleGuestInterface is the ENI as renderGuestNetwork takes it. Static mode: the ENI's
// address is the EIP, in the vSwitch (secondaryCidr) or in the EIP's own network from
// DescribeEipGatewayInfo (cutThrough, where the EIP replaces the ENI's private IP), with the
// IPv6 address when there is one. Metadata mode: the MAC, and in cutThrough mode the mark that
// the guest takes the EIP from DHCP (with eipGateway when given). Its table is set only when
// routeTable was given.
func visibleGuestInterface(args VisibleEipArgs, table int, in visibleGuest) GuestInterface {
	iface := GuestInterface{Mac: in.Mac, CutThrough: args.Mode == ModeCutThrough}
	if args.RouteTable != 0 {
		iface.Table = table
	}
	if args.Guest == nil || args.Guest.Mode != guestnet.ModeStatic {
		if iface.CutThrough {
			iface.Gateway = in.EipGateway // when given; else the gateway DHCP gives
		}
		return iface
	}
	iface.PrimaryIp, iface.Cidr, iface.Gateway = in.Eip, in.VSwitch, in.Gateway
	if args.Mode == ModeCutThrough {
		iface.Cidr = addressing.NetworkOf(in.Eip, in.EipPrefixLength)
		iface.Gateway = in.EipGateway
	}
	if in.Ipv6Address != "" {
		iface.Ipv6Addresses, iface.Ipv6Cidr, iface.Ipv6Gateway = []string{in.Ipv6Address}, in.Ipv6Block, in.Ipv6Gateway
	}
	return iface
}

// renderVisibleGuest renders the guest configuration of one visible EIP. In metadata mode,
// without routeTable and outside cutThrough mode it lists no interface: the program then
// manages every secondary ENI the metadata lists, so every VisibleEip of an instance renders
// the same program, the one renderGuestNetwork renders without interfaces. A cutThrough ENI
// is marked so (the program also manages every other secondary ENI).
func renderVisibleGuest(args VisibleEipArgs, table int, in visibleGuest) (GuestOutputs, error) {
	cfg := args.Guest.config()
	cfg.UserData = args.UserData
	if table != 0 {
		iface := visibleGuestInterface(args, table, in).config()
		iface.Table = table
		cfg.Interfaces = []guestnet.Interface{iface}
	}
	r, err := guestnet.Render(cfg)
	if err != nil {
		return GuestOutputs{}, err
	}
	return guestOutputs(r), nil
}
