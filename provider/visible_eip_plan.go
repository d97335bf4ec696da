package provider

import (
	"fmt"
	"net/netip"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// visibleBlocks is the addressing of a VisibleEip in secondaryCidr mode.
type visibleBlocks struct {
	// Secondary is the VPC secondary CIDR block; empty when an existing vSwitch is reused.
	Secondary string
	// VSwitch is the vSwitch CIDR block.
	VSwitch string
	// Gateway is the vSwitch gateway.
	Gateway string
}

// planVisibleBlocks decides the blocks for an EIP: the given ones, checked, or the smallest
// valid ones. With reuse (an existing vswitchId), only the vSwitch block is checked.
// eipField names the input that holds the address, for messages.
func planVisibleBlocks(eipField, eip, secondary, vswitch string, reuse bool) (visibleBlocks, error) {
	fields := addressing.BlockFields{Eip: eipField, Secondary: "secondaryCidrBlock", VSwitch: "vswitchCidrBlock"}
	addr, err := netip.ParseAddr(eip)
	if err != nil || !addr.Is4() {
		return visibleBlocks{}, &limits.Violation{Field: eipField, Value: eip, Problem: "is not an IPv4 address",
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
			return visibleBlocks{}, &limits.Violation{Field: "vswitchCidrBlock", Problem: "is required with vswitchId",
				Rule: "the component cannot look up an existing vSwitch's block before it exists", Fix: "give the CIDR block of the vSwitch vswitchId names"}
		}
		vsw, err := parse("vswitchCidrBlock", vswitch)
		if err != nil {
			return visibleBlocks{}, err
		}
		if addressing.Place(vsw, addr) != addressing.InVSwitch {
			// CheckBlocks words these two problems; the secondary block is the vSwitch itself.
			return visibleBlocks{}, fields.CheckBlocks(addr, addressing.Widen(vsw, min(vsw.Bits(), limits.SecondaryCidrMaxBits)), vsw)
		}
		return visibleBlocks{VSwitch: vsw.String(), Gateway: addressing.Gateway(vsw).String()}, nil
	}
	chosenVsw, chosenSec, err := fields.ChooseBlocks(addr)
	if err != nil && secondary == "" && vswitch == "" {
		return visibleBlocks{}, err
	}
	sec, vsw := chosenSec, chosenVsw
	if secondary != "" {
		if sec, err = parse("secondaryCidrBlock", secondary); err != nil {
			return visibleBlocks{}, err
		}
	}
	if vswitch != "" {
		if vsw, err = parse("vswitchCidrBlock", vswitch); err != nil {
			return visibleBlocks{}, err
		}
	} else if secondary != "" && !addressing.Contains(sec, vsw) {
		vsw = sec // a user-chosen secondary block without a vSwitch block: the vSwitch spans it
	}
	if secondary == "" && vswitch != "" {
		sec = addressing.Widen(vsw, min(vsw.Bits(), limits.SecondaryCidrMaxBits))
	}
	if err := fields.CheckBlocks(addr, sec, vsw); err != nil {
		return visibleBlocks{}, err
	}
	return visibleBlocks{Secondary: sec.String(), VSwitch: vsw.String(), Gateway: addressing.Gateway(vsw).String()}, nil
}
