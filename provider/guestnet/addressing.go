package guestnet

import "net/netip"

// broadcast returns the last address of an IPv4 prefix.
func broadcast(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().As4()
	host := uint32(1)<<(32-p.Bits()) - 1
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	v |= host
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// vswitchGateway returns the vSwitch gateway: the third-to-last address.
func vswitchGateway(p netip.Prefix) netip.Addr {
	return broadcast(p).Prev().Prev()
}

// reservedList returns the addresses a vSwitch reserves: the first and the
// last three of its CIDR.
func reservedList(p netip.Prefix) []string {
	b := broadcast(p)
	return []string{p.Masked().Addr().String(), b.Prev().Prev().String(), b.Prev().String(), b.String()}
}

// reserved reports whether a is reserved in the vSwitch CIDR p.
func reserved(p netip.Prefix, a netip.Addr) bool {
	for _, r := range reservedList(p) {
		if r == a.String() {
			return true
		}
	}
	return false
}
