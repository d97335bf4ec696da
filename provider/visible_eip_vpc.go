package provider

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// visibleVpc is what a VisibleEip learns of its VPC and vSwitch before it creates anything,
// when their IDs are known at preview.
type visibleVpc struct {
	// known is false when the VPC's ID is not known yet (a VPC created in the same run).
	known bool
	// blocks are the VPC's IPv4 blocks, without the one this component added in an earlier run.
	blocks limits.VpcBlocks
	// ipv6Block is the VPC's IPv6 block, empty when IPv6 is not enabled on it.
	ipv6Block string
	// switchKnown and switchIpv6Block describe a reused vSwitch (vswitchId known at preview).
	switchKnown     bool
	switchIpv6Block string
}

// visibleDescription is the description of the vSwitch and ENI a VisibleEip creates; with the
// name it marks the component's own vSwitch among the VPC's.
func visibleDescription(name string) string { return "visible EIP " + name }

// lookupVisibleVpc asks the cloud for the VPC (getNetworks) and its vSwitches (getSwitches)
// when the VPC's ID is known, and for a reused vSwitch (getSwitches) when its ID is known.
func lookupVisibleVpc(ctx *pulumi.Context, comp pulumi.Resource, name string, args *VisibleEipArgs) (visibleVpc, error) {
	var out visibleVpc
	parent := pulumi.Parent(comp)
	if id, ok := knownString(args.VswitchId); ok && id != "" && args.Ipv6 {
		res, err := alicloud.GetSwitches(ctx, &alicloud.GetSwitchesArgs{Ids: []string{id}}, parent)
		if err != nil {
			return out, fmt.Errorf("vswitchId %s: getSwitches failed: %w", id, err)
		}
		for _, sw := range res.Vswitches {
			if sw.Id == id {
				out.switchKnown, out.switchIpv6Block = true, sw.Ipv6CidrBlock
			}
		}
		if !out.switchKnown {
			return out, limits.NotListed("vswitchId", id, "getSwitches", "give the ID of an existing vSwitch in the instance's zone")
		}
	}
	id, ok := knownString(args.VpcId)
	if !ok || id == "" || args.VswitchId != nil {
		return out, nil
	}
	res, err := alicloud.GetNetworks(ctx, &alicloud.GetNetworksArgs{Ids: []string{id}}, parent)
	if err != nil {
		return out, fmt.Errorf("vpcId %s: getNetworks failed: %w", id, err)
	}
	var vpc *alicloud.NetworkInfo
	for i := range res.Vpcs {
		if res.Vpcs[i].Id == id {
			vpc = &res.Vpcs[i]
		}
	}
	if vpc == nil {
		return out, limits.NotListed("vpcId", id, "getNetworks", "give the ID of the instance's VPC, in the region of the alicloud provider")
	}
	switches, err := alicloud.GetSwitches(ctx, &alicloud.GetSwitchesArgs{VpcId: &id}, parent)
	if err != nil {
		return out, fmt.Errorf("vpcId %s: getSwitches failed: %w", id, err)
	}
	var own []string
	for _, sw := range switches.Vswitches {
		if sw.VswitchName == name && sw.Description == visibleDescription(name) {
			own = append(own, sw.CidrBlock)
		}
	}
	out.known, out.ipv6Block = true, vpc.Ipv6CidrBlock
	out.blocks = limits.ParseVpcBlocks(id, vpc.CidrBlock, vpc.SecondaryCidrBlocks).WithoutCidrs(own)
	return out, nil
}

// knownBlocks are the VPC's blocks when they were looked up, else nil.
func (v visibleVpc) knownBlocks() *limits.VpcBlocks {
	if !v.known {
		return nil
	}
	return &v.blocks
}

// check refuses, before anything is created, what the VPC and vSwitch as they are cannot take.
func (v visibleVpc) check(args *VisibleEipArgs, addressKnown bool) []error {
	var errs []error
	newBlock := args.Mode == ModeSecondaryCidr && args.VswitchId == nil
	if v.known && newBlock && !addressKnown {
		// With a known address the exact block is checked with the blocks (CheckNewSecondaryBlock).
		if err := limits.CheckSecondaryBlockRoom("secondaryCidrBlock", v.blocks); err != nil {
			errs = append(errs, err)
		}
	}
	if args.Ipv6 && v.known {
		errs = append(errs, limits.CheckVpcIpv6(v.blocks.ID, v.ipv6Block))
	}
	if args.Ipv6 && v.switchKnown {
		errs = append(errs, limits.CheckVswitchIpv6(v.switchIpv6Block))
	}
	return errs
}
