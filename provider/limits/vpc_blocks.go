package limits

import (
	"fmt"
	"net/netip"
	"strings"
)

// VpcBlocks are the IPv4 CIDR blocks a VPC holds now, as getNetworks reports them.
type VpcBlocks struct {
	// ID is the VPC's ID, for messages.
	ID string
	// Primary is the VPC's primary block.
	Primary netip.Prefix
	// Secondary are its secondary blocks.
	Secondary []netip.Prefix
}

// ParseVpcBlocks reads a VPC's blocks as getNetworks reports them; a block that does not parse is
// left out.
func ParseVpcBlocks(id, primary string, secondary []string) VpcBlocks {
	b := VpcBlocks{ID: id}
	b.Primary, _ = netip.ParsePrefix(primary)
	for _, s := range secondary {
		if p, err := netip.ParsePrefix(s); err == nil {
			b.Secondary = append(b.Secondary, p)
		}
	}
	return b
}

// WithoutCidrs is Without for blocks as the cloud spells them (getSwitches' cidrBlock).
func (v VpcBlocks) WithoutCidrs(held []string) VpcBlocks {
	var prefixes []netip.Prefix
	for _, h := range held {
		if p, err := netip.ParsePrefix(h); err == nil {
			prefixes = append(prefixes, p)
		}
	}
	return v.Without(prefixes)
}

// Without returns the blocks without the secondary blocks that contain any of the given
// prefixes (a block this deployment added in an earlier run, found by the vSwitch it holds).
func (v VpcBlocks) Without(held []netip.Prefix) VpcBlocks {
	out := VpcBlocks{ID: v.ID, Primary: v.Primary}
	for _, b := range v.Secondary {
		mine := false
		for _, h := range held {
			mine = mine || (b.Bits() <= h.Bits() && b.Contains(h.Addr()))
		}
		if !mine {
			out.Secondary = append(out.Secondary, b)
		}
	}
	return out
}

func (v VpcBlocks) secondaryText() string {
	if len(v.Secondary) == 0 {
		return "none"
	}
	parts := make([]string, len(v.Secondary))
	for i, b := range v.Secondary {
		parts[i] = b.String()
	}
	return strings.Join(parts, ", ")
}

// CheckSecondaryBlockRoom refuses a new secondary block on a VPC that already holds
// MaxSecondaryIPv4Blocks of them. It needs no block, so it runs before the block is known.
func CheckSecondaryBlockRoom(field string, vpc VpcBlocks) error {
	err := CheckSecondaryBlockCount(field, len(vpc.Secondary)+1)
	if err == nil {
		return nil
	}
	v := *err.(*Violation)
	v.Value = ""
	v.Problem = fmt.Sprintf("would be secondary IPv4 CIDR block number %d of VPC %s, which holds %s",
		len(vpc.Secondary)+1, vpc.ID, vpc.secondaryText())
	v.Fix = "give vswitchId and vswitchCidrBlock of a vSwitch in one of these blocks that contains the EIP, " +
		"remove a block the VPC no longer needs, or use another VPC"
	return &v
}

// CheckNewSecondaryBlock refuses adding block to the VPC when the VPC has no room for it or
// when it overlaps the VPC's primary block or one of its secondary blocks (the cloud would
// refuse it with InvalidCidrBlock.Overlapped). A block the VPC already holds exactly passes:
// it is taken to be this deployment's own block from an earlier run.
func CheckNewSecondaryBlock(field string, block netip.Prefix, vpc VpcBlocks) error {
	for _, b := range vpc.Secondary {
		if b == block {
			return nil
		}
	}
	for _, b := range append([]netip.Prefix{vpc.Primary}, vpc.Secondary...) {
		if !b.IsValid() || !b.Overlaps(block) {
			continue
		}
		which := "secondary block"
		if b == vpc.Primary {
			which = "primary block"
		}
		return &Violation{
			Field:   field,
			Value:   block.String(),
			Problem: fmt.Sprintf("overlaps %s, the %s of VPC %s", b, which, vpc.ID),
			Rule:    "a VPC's secondary IPv4 CIDR blocks overlap neither its primary block nor one another",
			Source:  SourceAssociateVpcCidrBlock,
			Fix: fmt.Sprintf("reuse the vSwitch of %s that holds the EIP (vswitchId and vswitchCidrBlock), "+
				"or choose a block outside every block of the VPC", b),
		}
	}
	return CheckSecondaryBlockRoom(field, vpc)
}
