package addressing

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// BlockFields names the inputs of a visible EIP for error messages. An
// empty name takes its default: "eipAddress", "secondaryCidrBlock",
// "vswitchCidr".
type BlockFields struct {
	// Eip names the EIP address input.
	Eip string
	// Secondary names the VPC secondary CIDR block input.
	Secondary string
	// VSwitch names the vSwitch CIDR block input.
	VSwitch string
}

func (f BlockFields) withDefaults() BlockFields {
	if f.Eip == "" {
		f.Eip = "eipAddress"
	}
	if f.Secondary == "" {
		f.Secondary = "secondaryCidrBlock"
	}
	if f.VSwitch == "" {
		f.VSwitch = "vswitchCidr"
	}
	return f
}

// ChooseBlocks chooses, for an EIP to be made visible in the guest (Alibaba Cloud doc
// 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC'), the vSwitch CIDR block and the VPC
// secondary CIDR block, with the default field names. See
// BlockFields.ChooseBlocks.
func ChooseBlocks(eip netip.Addr) (vswitch, secondary netip.Prefix, err error) {
	return BlockFields{}.ChooseBlocks(eip)
}

// ChooseBlocks chooses the vSwitch CIDR block and the VPC secondary CIDR
// block for an EIP to be made visible in the guest (Alibaba Cloud doc
// 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC').
//
// The vSwitch is the smallest aligned block, from /29 to /16, that contains
// the EIP without reserving it (the EIP is neither its first nor one of its
// last three addresses). The secondary block is the same block, widened to
// /28 when the vSwitch is a /29, since secondary masks stop at 28. The
// smaller the block, the fewer foreign public addresses the VPC routes
// internally. ChooseBlocks refuses an EIP in an excluded range and an EIP
// that is reserved in every block /29 to /16 (the first or one of the last
// three addresses of its /16, e.g. 118.31.0.0).
func (f BlockFields) ChooseBlocks(eip netip.Addr) (vswitch, secondary netip.Prefix, err error) {
	f = f.withDefaults()
	if err := checkAddr(f.Eip, eip); err != nil {
		return netip.Prefix{}, netip.Prefix{}, err
	}
	if r, bad := limits.ExcludedRangeOf(netip.PrefixFrom(eip, 32)); bad {
		return netip.Prefix{}, netip.Prefix{}, &limits.Violation{
			Field:   f.Eip,
			Value:   eip.String(),
			Problem: fmt.Sprintf("lies in the excluded range %s", r),
			Rule:    "the secondary CIDR block holding a visible EIP must not overlap " + limits.ExcludedRangesText(),
			Source:  limits.SourceAssociateVpcCidrBlock,
			Fix:     "allocate an EIP outside these ranges",
		}
	}
	for bits := limits.VSwitchMaxBits; bits >= limits.VSwitchMinBits; bits-- {
		block := netip.PrefixFrom(eip, bits).Masked()
		if IsReserved(block, eip) {
			continue
		}
		return block, Widen(block, limits.SecondaryCidrMaxBits), nil
	}
	return netip.Prefix{}, netip.Prefix{}, &limits.Violation{
		Field:   f.Eip,
		Value:   eip.String(),
		Problem: fmt.Sprintf("is reserved in every vSwitch block /%d to /%d that contains it", limits.VSwitchMaxBits, limits.VSwitchMinBits),
		Rule:    "a vSwitch reserves its first and its last three addresses, and the EIP must not be one of them",
		Source:  limits.Doc(limits.DocVisibleEip),
		Fix:     "allocate another EIP, or make this one visible in another mode",
	}
}

// CheckBlocks checks explicit blocks for a visible EIP with the default
// field names. See BlockFields.CheckBlocks.
func CheckBlocks(eip netip.Addr, secondary, vswitch netip.Prefix) error {
	return BlockFields{}.CheckBlocks(eip, secondary, vswitch)
}

// CheckBlocks checks blocks a user chose for a visible EIP: both are
// aligned IPv4 blocks, the secondary block has a mask of 8 to 28 and lies
// outside the excluded ranges, the vSwitch has a mask of 16 to 29 and lies
// inside the secondary block, and the vSwitch contains the EIP without
// reserving it. It returns every violation found, joined.
func (f BlockFields) CheckBlocks(eip netip.Addr, secondary, vswitch netip.Prefix) error {
	f = f.withDefaults()
	var errs []error
	if err := checkAddr(f.Eip, eip); err != nil {
		errs = append(errs, err)
	}
	secOK, vswOK := true, true
	if err := checkPrefix(f.Secondary, secondary); err != nil {
		errs = append(errs, err)
		secOK = false
	}
	if err := checkPrefix(f.VSwitch, vswitch); err != nil {
		errs = append(errs, err)
		vswOK = false
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := limits.CheckSecondaryCidrMask(f.Secondary, secondary); err != nil {
		errs = append(errs, err)
	}
	if err := limits.CheckNotExcluded(f.Secondary, secondary); err != nil {
		errs = append(errs, err)
	}
	if err := limits.CheckVSwitchMask(f.VSwitch, vswitch); err != nil {
		errs = append(errs, err)
		vswOK = false
	}
	if secOK && vswOK && !Contains(secondary, vswitch) {
		errs = append(errs, &limits.Violation{
			Field:   f.VSwitch,
			Value:   vswitch.String(),
			Problem: fmt.Sprintf("is not inside %s %s", f.Secondary, secondary),
			Rule:    "a vSwitch for a visible EIP is created in the secondary CIDR block",
			Source:  limits.Doc(limits.DocVisibleEip),
			Fix:     fmt.Sprintf("use a vSwitch block inside %s, or a secondary block that contains %s (e.g. %s)", secondary, vswitch, Widen(vswitch, min(vswitch.Bits(), limits.SecondaryCidrMaxBits))),
		})
	}
	switch place := Place(vswitch, eip); {
	case place == OutsideVSwitch:
		errs = append(errs, &limits.Violation{
			Field:   f.VSwitch,
			Value:   vswitch.String(),
			Problem: fmt.Sprintf("does not contain %s %s", f.Eip, eip),
			Rule:    "the vSwitch CIDR block must include the EIP address, which becomes the ENI's primary private IP",
			Source:  limits.Doc(limits.DocVisibleEip),
			Fix:     f.suggestBlocks(eip),
		})
	case place == ReservedInVSwitch && vswOK:
		errs = append(errs, &limits.Violation{
			Field:   f.Eip,
			Value:   eip.String(),
			Problem: fmt.Sprintf("is a reserved address of %s %s (reserved: %s)", f.VSwitch, vswitch, joinAddrs(Reserved(vswitch))),
			Rule:    "the EIP cannot be one of the vSwitch's reserved addresses: the first and the last three",
			Source:  limits.Doc(limits.DocVisibleEip),
			Fix:     f.suggestBlocks(eip),
		})
	}
	return errors.Join(errs...)
}

// VisibleBlocks are the blocks of a visible EIP in secondaryCidr mode, as the resources take them.
type VisibleBlocks struct {
	// Secondary is the VPC secondary CIDR block; empty when an existing vSwitch is reused.
	Secondary string
	// VSwitch is the vSwitch CIDR block.
	VSwitch string
	// Gateway is the vSwitch gateway.
	Gateway string
}

// PlanBlocks decides the blocks for a visible EIP from the component's inputs as they are given:
// the given blocks, checked, or the smallest valid ones (ChooseBlocks). With reuse (an existing
// vSwitch), only the vSwitch block is checked and no secondary block is planned. vpc, when known,
// are the VPC's blocks now: a new secondary block must fit among them.
func (f BlockFields) PlanBlocks(eip, secondary, vswitch string, reuse bool, vpc *limits.VpcBlocks) (VisibleBlocks, error) {
	f = f.withDefaults()
	addr, err := netip.ParseAddr(eip)
	if err != nil || !addr.Is4() {
		return VisibleBlocks{}, &limits.Violation{Field: f.Eip, Value: eip, Problem: "is not an IPv4 address",
			Fix: "give the EIP's public IPv4 address, e.g. 118.31.2.10"}
	}
	parse := func(field, value string) (netip.Prefix, error) {
		p, err := netip.ParsePrefix(value)
		if err != nil || !p.Addr().Is4() || p.Masked() != p {
			return netip.Prefix{}, &limits.Violation{Field: field, Value: value,
				Problem: "is not an aligned IPv4 CIDR block", Fix: fmt.Sprintf("write it like %s", netip.PrefixFrom(addr, 28).Masked())}
		}
		return p, nil
	}
	if reuse {
		if vswitch == "" {
			return VisibleBlocks{}, &limits.Violation{Field: f.VSwitch, Problem: "is required with vswitchId",
				Rule: "the component cannot look up an existing vSwitch's block before it exists", Fix: "give the CIDR block of the vSwitch vswitchId names"}
		}
		vsw, err := parse(f.VSwitch, vswitch)
		if err != nil {
			return VisibleBlocks{}, err
		}
		if Place(vsw, addr) != InVSwitch {
			// CheckBlocks words these two problems; the secondary block is the vSwitch itself.
			return VisibleBlocks{}, f.CheckBlocks(addr, Widen(vsw, min(vsw.Bits(), limits.SecondaryCidrMaxBits)), vsw)
		}
		return VisibleBlocks{VSwitch: vsw.String(), Gateway: Gateway(vsw).String()}, nil
	}
	chosenVsw, chosenSec, err := f.ChooseBlocks(addr)
	if err != nil && secondary == "" && vswitch == "" {
		return VisibleBlocks{}, err
	}
	sec, vsw := chosenSec, chosenVsw
	if secondary != "" {
		if sec, err = parse(f.Secondary, secondary); err != nil {
			return VisibleBlocks{}, err
		}
	}
	if vswitch != "" {
		if vsw, err = parse(f.VSwitch, vswitch); err != nil {
			return VisibleBlocks{}, err
		}
	} else if secondary != "" && !Contains(sec, vsw) {
		vsw = sec // a user-chosen secondary block without a vSwitch block: the vSwitch spans it
	}
	if secondary == "" && vswitch != "" {
		sec = Widen(vsw, min(vsw.Bits(), limits.SecondaryCidrMaxBits))
	}
	if err := f.CheckBlocks(addr, sec, vsw); err != nil {
		return VisibleBlocks{}, err
	}
	if vpc != nil {
		if err := limits.CheckNewSecondaryBlock(f.Secondary, sec, *vpc); err != nil {
			return VisibleBlocks{}, err
		}
	}
	return VisibleBlocks{Secondary: sec.String(), VSwitch: vsw.String(), Gateway: Gateway(vsw).String()}, nil
}

// suggestBlocks proposes the blocks ChooseBlocks would choose.
func (f BlockFields) suggestBlocks(eip netip.Addr) string {
	vsw, sec, err := f.ChooseBlocks(eip)
	if err != nil {
		return "allocate another EIP"
	}
	return fmt.Sprintf("use %s %s and %s %s, or leave both unset to get them", f.VSwitch, vsw, f.Secondary, sec)
}

// joinAddrs prints addresses separated by ", ".
func joinAddrs(as []netip.Addr) string {
	s := ""
	for i, a := range as {
		if i > 0 {
			s += ", "
		}
		s += a.String()
	}
	return s
}
