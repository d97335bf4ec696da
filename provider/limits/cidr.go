package limits

import (
	"fmt"
	"net/netip"
	"strings"
)

// ExcludedRanges are the IPv4 ranges a VPC secondary CIDR block must not
// overlap (source: AssociateVpcCidrBlock API reference).
var ExcludedRanges = []netip.Prefix{
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("224.0.0.0/4"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"),
}

// Masks of VPC secondary IPv4 CIDR blocks and of vSwitch CIDR blocks.
const (
	// SecondaryCidrMinBits is the shortest mask of a secondary CIDR block.
	SecondaryCidrMinBits = 8
	// SecondaryCidrMaxBits is the longest mask of a secondary CIDR block: a /29
	// vSwitch must sit in a /28 (or wider) secondary block.
	SecondaryCidrMaxBits = 28
	// VSwitchMinBits is the shortest mask of a vSwitch CIDR block.
	VSwitchMinBits = 16
	// VSwitchMaxBits is the longest mask of a vSwitch CIDR block.
	VSwitchMaxBits = 29
	// MaxSecondaryIPv4Blocks is how many secondary IPv4 CIDR blocks a VPC takes
	// (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC').
	MaxSecondaryIPv4Blocks = 5
)

// Reserved addresses of a vSwitch (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC':
// "the first and the last three IP addresses of a vSwitch's CIDR block are
// reserved"), and the gateway among them (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)':
// "default via 192.168.0.253" in a /24).
const (
	// VSwitchReservedHead is how many addresses are reserved at the start of a vSwitch CIDR block.
	VSwitchReservedHead = 1
	// VSwitchReservedTail is how many addresses are reserved at the end of a vSwitch CIDR block.
	VSwitchReservedTail = 3
	// VSwitchGatewayFromEnd is the gateway's distance from the last address:
	// 2 makes it the third-to-last address (.253 in a /24).
	VSwitchGatewayFromEnd = 2
)

// ExcludedRangesText lists ExcludedRanges for messages.
func ExcludedRangesText() string {
	parts := make([]string, len(ExcludedRanges))
	for i, p := range ExcludedRanges {
		parts[i] = p.String()
	}
	return strings.Join(parts, ", ")
}

// ExcludedRangeOf returns the excluded range that p overlaps, if any.
func ExcludedRangeOf(p netip.Prefix) (netip.Prefix, bool) {
	for _, r := range ExcludedRanges {
		if r.Overlaps(p) {
			return r, true
		}
	}
	return netip.Prefix{}, false
}

// CheckNotExcluded refuses a secondary CIDR block (or an address given as a
// /32) that overlaps one of ExcludedRanges. field names the input.
func CheckNotExcluded(field string, p netip.Prefix) error {
	r, bad := ExcludedRangeOf(p)
	if !bad {
		return nil
	}
	return &Violation{
		Field:   field,
		Value:   shortPrefix(p),
		Problem: fmt.Sprintf("lies in the excluded range %s", r),
		Rule:    "a VPC secondary CIDR block must not overlap " + ExcludedRangesText(),
		Source:  SourceAssociateVpcCidrBlock,
		Fix:     "use an address or block outside these ranges",
	}
}

// CheckSecondaryCidrMask refuses a secondary CIDR block whose mask is outside
// SecondaryCidrMinBits..SecondaryCidrMaxBits.
func CheckSecondaryCidrMask(field string, p netip.Prefix) error {
	if b := p.Bits(); b >= SecondaryCidrMinBits && b <= SecondaryCidrMaxBits {
		return nil
	}
	return &Violation{
		Field:   field,
		Value:   p.String(),
		Problem: fmt.Sprintf("has mask %d", p.Bits()),
		Rule:    fmt.Sprintf("a VPC secondary IPv4 CIDR block has a mask of %d to %d bits", SecondaryCidrMinBits, SecondaryCidrMaxBits),
		Source:  SourceAssociateVpcCidrBlock,
		Fix:     fmt.Sprintf("use a block with a mask between /%d and /%d that contains the vSwitch", SecondaryCidrMinBits, SecondaryCidrMaxBits),
	}
}

// IsVSwitchMask reports whether a vSwitch CIDR block may have a mask of bits bits.
func IsVSwitchMask(bits int) bool { return bits >= VSwitchMinBits && bits <= VSwitchMaxBits }

// CheckVSwitchMask refuses a vSwitch CIDR block whose mask is outside
// VSwitchMinBits..VSwitchMaxBits.
func CheckVSwitchMask(field string, p netip.Prefix) error {
	if IsVSwitchMask(p.Bits()) {
		return nil
	}
	return &Violation{
		Field:   field,
		Value:   p.String(),
		Problem: fmt.Sprintf("has mask %d", p.Bits()),
		Rule:    fmt.Sprintf("a vSwitch CIDR block has a mask of %d to %d bits", VSwitchMinBits, VSwitchMaxBits),
		Source:  SourceCreateVSwitch,
		Fix:     fmt.Sprintf("use a block with a mask between /%d and /%d", VSwitchMinBits, VSwitchMaxBits),
	}
}

// CheckSecondaryBlockCount refuses a VPC that would hold count secondary IPv4
// CIDR blocks when count exceeds MaxSecondaryIPv4Blocks.
func CheckSecondaryBlockCount(field string, count int) error {
	if count <= MaxSecondaryIPv4Blocks {
		return nil
	}
	return &Violation{
		Field:   field,
		Value:   fmt.Sprint(count),
		Problem: "secondary IPv4 CIDR blocks are too many for one VPC",
		Rule:    fmt.Sprintf("a VPC holds at most %d secondary IPv4 CIDR blocks", MaxSecondaryIPv4Blocks),
		Source:  Doc(DocVisibleEip),
		Fix:     fmt.Sprintf("remove %d blocks, share one block between EIPs of the same range, or use another VPC", count-MaxSecondaryIPv4Blocks),
	}
}

// shortPrefix prints a single-address prefix as its address.
func shortPrefix(p netip.Prefix) string {
	if p.IsSingleIP() {
		return p.Addr().String()
	}
	return p.String()
}
