package provider

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// visibleEip is a VisibleEip being built: each step of NewVisibleEip adds its resources and
// the outputs the next steps take.
type visibleEip struct {
	ctx  *pulumi.Context
	name string
	args *VisibleEipArgs
	comp *VisibleEip
	vpc  visibleVpc

	// allocationID and address are the EIP's; eipField names the input that holds the address.
	allocationID, address pulumi.StringInput
	eipField              string
	// secondaryBlock, vswitchBlock and gateway are the planned blocks.
	secondaryBlock, vswitchBlock, gateway pulumi.StringOutput
	// vswitchID and ipv6Block are the ENI's vSwitch and its IPv6 block.
	vswitchID pulumi.StringInput
	ipv6Block pulumi.StringOutput
	eni       *alicloud.NetworkInterface
	// ipv6Address and ipv6Gateway are the ENI's IPv6 address and the gateway it is opened through.
	ipv6Address, ipv6Gateway pulumi.StringOutput
}

func (v *visibleEip) child() pulumi.ResourceOption { return pulumi.Parent(v.comp) }

// check refuses the inputs that cannot work, before any child exists: the plain and literal
// inputs, the VPC and vSwitch as they are, and literal blocks.
func (v *visibleEip) check() error {
	if err := checkVisibleEip(v.ctx, v.comp, v.args); err != nil {
		return err
	}
	vpc, err := lookupVisibleVpc(v.ctx, v.comp, v.name, v.args)
	if err != nil {
		return err
	}
	v.vpc = vpc
	_, addressKnown := knownString(v.args.IpAddress)
	if err := errors.Join(vpc.check(v.args, addressKnown)...); err != nil {
		return err
	}
	return checkLiteralBlocks(v.args, vpc)
}

// newEip adopts the EIP allocationId names, or allocates one.
func (v *visibleEip) newEip() error {
	args := v.args
	v.allocationID, v.address, v.eipField = args.AllocationId, args.IpAddress, "ipAddress"
	if args.AllocationId == nil {
		eip, err := alicloud.NewEipAddress(v.ctx, v.name+"-eip", &alicloud.EipAddressArgs{
			AddressName: args.Name, Bandwidth: args.Bandwidth, DeletionProtection: args.DeletionProtection,
			InternetChargeType: args.InternetChargeType, Isp: args.Isp, PaymentType: args.PaymentType, Tags: stringMap(args.Tags),
		}, v.child(), pulumi.Protect(args.ProtectEip), pulumi.RetainOnDelete(args.RetainEipOnDelete))
		if err != nil {
			return err
		}
		v.allocationID, v.address, v.eipField = eip.ID().ToStringOutput(), eip.IpAddress, "eipAddress (allocated)"
	}
	if args.Mode == ModeCutThrough {
		return checkCutThroughEip(v.ctx, v.comp, v.name, args, v.address.ToStringOutput())
	}
	return nil
}

// planBlocks plans the secondary and vSwitch blocks once the address is known (cut-through
// mode takes the reused vSwitch's block as it is).
func (v *visibleEip) planBlocks() error {
	args, reuse := v.args, v.args.VswitchId != nil
	blocks := pulumi.All(v.address, orString(args.SecondaryCidrBlock, ""), orString(args.VswitchCidrBlock, "")).
		ApplyT(func(in []any) (addressing.VisibleBlocks, error) {
			if args.Mode == ModeCutThrough {
				return addressing.VisibleBlocks{VSwitch: in[2].(string)}, nil
			}
			b, err := visibleFields(v.eipField).PlanBlocks(in[0].(string), in[1].(string), in[2].(string), reuse, v.vpc.knownBlocks())
			return b, reportOn(v.ctx, v.comp, err)
		})
	block := func(f func(addressing.VisibleBlocks) string) pulumi.StringOutput {
		return blocks.ApplyT(func(b any) string { return f(b.(addressing.VisibleBlocks)) }).(pulumi.StringOutput)
	}
	v.secondaryBlock = block(func(b addressing.VisibleBlocks) string { return b.Secondary })
	v.vswitchBlock = block(func(b addressing.VisibleBlocks) string { return b.VSwitch })
	v.gateway = block(func(b addressing.VisibleBlocks) string { return b.Gateway })
	return nil
}

// newVswitch adds the secondary CIDR block to the VPC and creates the vSwitch in it, unless an
// existing vSwitch is reused.
func (v *visibleEip) newVswitch() error {
	args := v.args
	v.vswitchID, v.ipv6Block = args.VswitchId, pulumi.String(v.vpc.switchIpv6Block).ToStringOutput()
	if args.VswitchId != nil {
		return nil
	}
	dbr := pulumi.DeleteBeforeReplace(true)
	cidr, err := alicloud.NewIpv4CidrBlock(v.ctx, v.name+"-cidr", &alicloud.Ipv4CidrBlockArgs{
		VpcId: args.VpcId, SecondaryCidrBlock: v.secondaryBlock,
	}, v.child(), dbr)
	if err != nil {
		return err
	}
	swArgs := &alicloud.SwitchArgs{
		VpcId: args.VpcId, ZoneId: args.ZoneId, CidrBlock: v.vswitchBlock, Tags: stringMap(args.Tags),
		VswitchName: pulumi.String(v.name), Description: pulumi.String(visibleDescription(v.name)),
	}
	if args.Ipv6 {
		swArgs.EnableIpv6, swArgs.Ipv6CidrBlockMask = pulumi.Bool(true), args.Ipv6CidrBlockMask
	}
	sw, err := alicloud.NewSwitch(v.ctx, v.name+"-vsw", swArgs, v.child(), dbr, pulumi.DependsOn([]pulumi.Resource{cidr}))
	if err != nil {
		return err
	}
	v.vswitchID, v.ipv6Block = sw.ID().ToStringOutput(), sw.Ipv6CidrBlock
	return nil
}

// newEni creates the ENI, whose primary IP is the EIP in secondaryCidr mode.
func (v *visibleEip) newEni() error {
	args := v.args
	eniArgs := &alicloud.NetworkInterfaceArgs{
		VswitchId: v.vswitchID, SecurityGroupIds: stringArray(args.SecurityGroupIds), Tags: stringMap(args.Tags),
		NetworkInterfaceName: pulumi.String(v.name), Description: pulumi.String(visibleDescription(v.name)),
	}
	if args.Mode != ModeCutThrough {
		eniArgs.PrimaryIpAddress = v.address
	}
	if args.Ipv6 {
		eniArgs.Ipv6AddressCount = pulumi.Int(1)
	}
	eni, err := alicloud.NewNetworkInterface(v.ctx, v.name+"-eni", eniArgs, v.child())
	v.eni = eni
	return err
}

// associate associates the EIP with the ENI and attaches the ENI to the instance; in cut-through
// mode the association comes first.
func (v *visibleEip) associate() error {
	dbr := pulumi.DeleteBeforeReplace(true)
	mode, _ := limits.ModeOf(v.args.Mode) // checked by checkVisibleEip
	assoc, err := alicloud.NewEipAssociation(v.ctx, v.name+"-assoc", &alicloud.EipAssociationArgs{
		AllocationId: v.allocationID, InstanceId: v.eni.ID().ToStringOutput(),
		InstanceType: pulumi.String("NetworkInterface"), Mode: pulumi.String(string(mode)),
	}, v.child(), dbr)
	if err != nil {
		return err
	}
	attachOpts := []pulumi.ResourceOption{v.child(), dbr}
	if v.args.Mode == ModeCutThrough {
		attachOpts = append(attachOpts, pulumi.DependsOn([]pulumi.Resource{assoc}))
	}
	_, err = alicloud.NewNetworkInterfaceAttachment(v.ctx, v.name+"-attach", &alicloud.NetworkInterfaceAttachmentArgs{
		InstanceId: v.args.InstanceId, NetworkInterfaceId: v.eni.ID().ToStringOutput(),
	}, attachOpts...)
	return err
}

// openIpv6 creates the VPC's IPv6 gateway when asked and buys the IPv6 bandwidth of the ENI's
// address on it.
func (v *visibleEip) openIpv6() error {
	args := v.args
	v.ipv6Gateway = orString(args.Ipv6GatewayId, "").ToStringOutput()
	if args.CreateIpv6Gateway {
		gw, err := alicloud.NewIpv6Gateway(v.ctx, v.name+"-ipv6gw", &alicloud.Ipv6GatewayArgs{
			VpcId: args.VpcId, Ipv6GatewayName: pulumi.String(v.name),
		}, v.child())
		if err != nil {
			return err
		}
		v.ipv6Gateway = gw.ID().ToStringOutput()
	}
	v.ipv6Address = v.eni.Ipv6Addresses.ApplyT(func(a []string) string {
		if len(a) == 0 {
			return ""
		}
		return a[0]
	}).(pulumi.StringOutput)
	if !args.Ipv6 || args.Ipv6Bandwidth == nil {
		return nil
	}
	addressID := pulumi.All(v.vswitchID, v.ipv6Address).ApplyT(func(in []any) (string, error) {
		vsw, ip := in[0].(string), in[1].(string)
		res, err := alicloud.GetIpv6Addresses(v.ctx, &alicloud.GetIpv6AddressesArgs{VswitchId: &vsw}, pulumi.Parent(v.comp))
		if err != nil {
			return "", err
		}
		for _, a := range res.Addresses {
			if a.Ipv6Address == ip {
				return a.Id, nil
			}
		}
		return "", fmt.Errorf("ipv6: address %s of the ENI is not listed in vSwitch %s", ip, vsw)
	}).(pulumi.StringOutput)
	_, err := alicloud.NewIpv6InternetBandwidth(v.ctx, v.name+"-ipv6bw", &alicloud.Ipv6InternetBandwidthArgs{
		Ipv6AddressId: addressID, Ipv6GatewayId: v.ipv6Gateway, Bandwidth: args.Ipv6Bandwidth,
		InternetChargeType: args.Ipv6InternetChargeType,
	}, v.child())
	return err
}

// renderGuest renders the guest configuration once the ENI's MAC and addresses are known, and
// sets the component's outputs.
func (v *visibleEip) renderGuest() error {
	args, comp := *v.args, v.comp
	routeTable := visibleRouteTable(args)
	guestIn := pulumi.All(v.eni.Mac, v.address, v.vswitchBlock, v.gateway, v.ipv6Address, v.ipv6Block,
		orString(args.EipGateway, ""), orInt(args.EipPrefixLength, 0), orString(args.Ipv6GatewayAddress, "")).ApplyT(
		func(in []any) visibleGuest {
			return visibleGuest{Mac: in[0].(string), Eip: in[1].(string), VSwitch: in[2].(string), Gateway: in[3].(string),
				Ipv6Address: in[4].(string), Ipv6Block: in[5].(string), EipGateway: in[6].(string), EipPrefixLength: in[7].(int),
				Ipv6Gateway: in[8].(string)}
		})
	guest := guestIn.ApplyT(func(in any) (GuestOutputs, error) {
		return renderVisibleGuest(args, routeTable, in.(visibleGuest))
	}).(pulumi.AnyOutput)

	comp.EipAddress = v.address.ToStringOutput()
	comp.AllocationId = v.allocationID.ToStringOutput()
	comp.SecondaryCidrBlock = v.secondaryBlock
	comp.VswitchId = v.vswitchID.ToStringOutput()
	comp.VswitchCidrBlock = v.vswitchBlock
	comp.Gateway = v.gateway
	comp.NetworkInterfaceId = v.eni.ID().ToStringOutput()
	comp.MacAddress = v.eni.Mac
	comp.Ipv6Address = v.ipv6Address
	comp.Ipv6GatewayId = v.ipv6Gateway
	comp.GuestInterface = guestIn.ApplyT(func(in any) GuestInterface {
		return visibleGuestInterface(args, routeTable, in.(visibleGuest))
	}).(GuestInterfaceOutput)
	comp.RouteTable = pulumi.Int(routeTable).ToIntOutput()
	setGuestOutputs(guest, &comp.Script, &comp.CloudConfig, &comp.UserData, &comp.Netplan, &comp.VerifyCommands)
	return nil
}
