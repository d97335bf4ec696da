package limits

import "fmt"

// NotListed is the error for an input naming something a lookup does not find: field's value
// is not listed by function (getSwitches, getNetworks, getInstanceTypes) in the region, with
// what to do.
func NotListed(field, value, function, fix string) error {
	return &Violation{Field: field, Value: value, Problem: "is not listed by " + function + " in this region", Fix: fix}
}

// ipv6Step cites the step of the visible-EIP document that enables IPv6.
var ipv6Step = "step 'Enable IPv6 for the VPC' of " + Doc(DocVisibleEip)

// CheckVpcIpv6 refuses ipv6 on VPC vpcID when the lookup found no IPv6 CIDR block on it
// (ipv6Block empty): the component cannot enable IPv6 on a VPC it does not own.
func CheckVpcIpv6(vpcID, ipv6Block string) error {
	if ipv6Block != "" {
		return nil
	}
	return &Violation{Field: "ipv6", Value: "true",
		Problem: fmt.Sprintf("needs IPv6 on VPC %s, which has no IPv6 CIDR block", vpcID),
		Rule:    "the vSwitch's IPv6 block is cut from the VPC's, and the component cannot enable IPv6 on a VPC it does not own",
		Source:  ipv6Step,
		Fix:     "enable IPv6 on the VPC first (console: Enable IPv6; API: ModifyVpcAttribute with EnableIPv6; Pulumi: enableIpv6 on the alicloud.vpc.Network), then run again"}
}

// CheckVswitchIpv6 refuses ipv6 on a reused vSwitch when the lookup found no IPv6 CIDR block on
// it (ipv6Block empty).
func CheckVswitchIpv6(ipv6Block string) error {
	if ipv6Block != "" {
		return nil
	}
	return &Violation{Field: "ipv6", Value: "true",
		Problem: "needs IPv6 on the reused vSwitch, which has no IPv6 CIDR block",
		Rule:    "the ENI's IPv6 address comes from its vSwitch's IPv6 block",
		Source:  ipv6Step,
		Fix:     "enable IPv6 on the vSwitch first (API: ModifyVSwitchAttribute with EnableIPv6; Pulumi: enableIpv6 and ipv6CidrBlockMask on the alicloud.vpc.Switch), or let the component create the vSwitch"}
}

// CheckStaticGuestBlock refuses, with guest.mode static, a vSwitch block (vswitchCidrBlock)
// that is not known: the guest's addresses are rendered with its prefix length and gateway.
func CheckStaticGuestBlock(vswitchCidr string) error {
	if vswitchCidr != "" {
		return nil
	}
	return &Violation{Field: "vswitchCidrBlock", Problem: "is unknown while guest.mode is static",
		Rule: "static guest configuration renders each address with the prefix length and gateway of its vSwitch",
		Fix:  "give vswitchCidrBlock, or a vswitchId known at preview, or use guest.mode metadata"}
}
