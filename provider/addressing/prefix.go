package addressing

import (
	"fmt"
	"net/netip"

	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// u32 returns an IPv4 address as a number.
func u32(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// fromU32 returns the IPv4 address of a number.
func fromU32(n uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
}

// Size returns how many addresses an IPv4 prefix holds (0 for an invalid or
// IPv6 prefix).
func Size(p netip.Prefix) uint64 {
	if !p.IsValid() || !p.Addr().Is4() {
		return 0
	}
	return 1 << (32 - p.Bits())
}

// First returns the first address of an IPv4 prefix (its network address).
func First(p netip.Prefix) netip.Addr {
	if Size(p) == 0 {
		return netip.Addr{}
	}
	return p.Masked().Addr()
}

// Last returns the last address of an IPv4 prefix (its broadcast address).
func Last(p netip.Prefix) netip.Addr {
	if Size(p) == 0 {
		return netip.Addr{}
	}
	return fromU32(u32(First(p)) + uint32(Size(p)-1))
}

// Nth returns the n-th address of an IPv4 prefix, counting from 0; ok is
// false when the prefix has no such address.
func Nth(p netip.Prefix, n uint64) (netip.Addr, bool) {
	if n >= Size(p) {
		return netip.Addr{}, false
	}
	return fromU32(u32(First(p)) + uint32(n)), true
}

// Offset returns the position of a in prefix p, counting from 0; ok is false
// when p does not contain a.
func Offset(p netip.Prefix, a netip.Addr) (uint64, bool) {
	if Size(p) == 0 || !a.Is4() || !p.Contains(a) {
		return 0, false
	}
	return uint64(u32(a) - u32(First(p))), true
}

// Contains reports whether prefix inner lies entirely inside prefix outer.
func Contains(outer, inner netip.Prefix) bool {
	return outer.IsValid() && inner.IsValid() && inner.Bits() >= outer.Bits() && outer.Contains(inner.Addr())
}

// Widen returns the block of bits bits that contains p (p itself when p is
// already that wide or wider).
func Widen(p netip.Prefix, bits int) netip.Prefix {
	if p.Bits() <= bits {
		return p.Masked()
	}
	return netip.PrefixFrom(p.Addr(), bits).Masked()
}

// Reserved returns the addresses a vSwitch with CIDR block p reserves: the
// first and the last three (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC'), in
// ascending order. A block of fewer than 8 addresses is not a vSwitch
// block; Reserved returns nil for it.
func Reserved(p netip.Prefix) []netip.Addr {
	size := Size(p)
	if size < 8 {
		return nil
	}
	var out []netip.Addr
	for i := uint64(0); i < limits.VSwitchReservedHead; i++ {
		a, _ := Nth(p, i)
		out = append(out, a)
	}
	for i := size - limits.VSwitchReservedTail; i < size; i++ {
		a, _ := Nth(p, i)
		out = append(out, a)
	}
	return out
}

// Placement is where an address lies in the CIDR block of a vSwitch.
type Placement int

// The placements of an address in a vSwitch.
const (
	// InVSwitch: inside the block and not reserved, so the vSwitch can give it to an ENI.
	InVSwitch Placement = iota
	// OutsideVSwitch: not in the block.
	OutsideVSwitch
	// ReservedInVSwitch: one of the first and the last three addresses, which the vSwitch keeps.
	ReservedInVSwitch
)

// Place says whether the vSwitch with CIDR block p contains a without reserving it.
func Place(p netip.Prefix, a netip.Addr) Placement {
	switch {
	case !p.Contains(a):
		return OutsideVSwitch
	case IsReserved(p, a):
		return ReservedInVSwitch
	}
	return InVSwitch
}

// IsReserved reports whether a is one of the addresses the vSwitch with CIDR
// block p reserves.
func IsReserved(p netip.Prefix, a netip.Addr) bool {
	off, ok := Offset(p, a)
	if !ok || Size(p) < 8 {
		return false
	}
	return off < limits.VSwitchReservedHead || off >= Size(p)-limits.VSwitchReservedTail
}

// Gateway returns the gateway of the vSwitch with CIDR block p: the
// third-to-last address (.253 in a /24; Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)').
// It returns the zero Addr for a block of fewer than 8 addresses.
func Gateway(p netip.Prefix) netip.Addr {
	size := Size(p)
	if size < 8 {
		return netip.Addr{}
	}
	a, _ := Nth(p, size-1-limits.VSwitchGatewayFromEnd)
	return a
}

// checkPrefix refuses an invalid, non-IPv4 or unaligned prefix.
func checkPrefix(field string, p netip.Prefix) error {
	switch {
	case !p.IsValid():
		return &limits.Violation{Field: field, Problem: "is missing or not a CIDR block", Rule: "the input is an IPv4 CIDR block such as 10.0.0.0/24", Fix: "set " + field + " to an IPv4 CIDR block"}
	case !p.Addr().Is4():
		return &limits.Violation{Field: field, Value: p.String(), Problem: "is not IPv4", Rule: "eipkit places EIPs in IPv4 blocks", Fix: "use an IPv4 CIDR block"}
	case p.Masked() != p:
		return &limits.Violation{Field: field, Value: p.String(), Problem: "has host bits set", Rule: "a CIDR block starts at its network address", Fix: fmt.Sprintf("use %s", p.Masked())}
	}
	return nil
}

// checkAddr refuses an invalid or non-IPv4 address.
func checkAddr(field string, a netip.Addr) error {
	switch {
	case !a.IsValid():
		return &limits.Violation{Field: field, Problem: "is missing or not an IP address", Rule: "the input is an IPv4 address such as 10.0.0.5", Fix: "set " + field + " to an IPv4 address"}
	case !a.Is4():
		return &limits.Violation{Field: field, Value: a.String(), Problem: "is not IPv4", Rule: "EIPs and their private IPs are IPv4 addresses", Fix: "use an IPv4 address"}
	}
	return nil
}
