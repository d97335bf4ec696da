package addressing

import "net/netip"

// The components take addresses and blocks as strings; these read and print them.

// MaskedBlock reads a CIDR block and returns it masked (192.168.0.130/26 is 192.168.0.128/26).
func MaskedBlock(s string) (string, bool) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return "", false
	}
	return p.Masked().String(), true
}

// SameBlock reports whether a and b are the same CIDR block.
func SameBlock(a, b string) bool {
	pa, err1 := netip.ParsePrefix(a)
	pb, err2 := netip.ParsePrefix(b)
	return err1 == nil && err2 == nil && pa == pb
}

// NetworkOf is the network of address with prefix length bits, masked ("" when address is not
// an IPv4 address or bits is out of range): a cut-through EIP's network from DescribeEipGatewayInfo.
func NetworkOf(address string, bits int) string {
	a, err := netip.ParseAddr(address)
	if err != nil || !a.Is4() || bits < 0 || bits > 32 {
		return ""
	}
	return netip.PrefixFrom(a, bits).Masked().String()
}

// AddrString prints a, "" for the zero Addr.
func AddrString(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

// AddrStrings prints addresses; nil for none.
func AddrStrings(as []netip.Addr) []string {
	if len(as) == 0 {
		return nil
	}
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.String()
	}
	return out
}

// BlockOrZero reads a CIDR block; "" or one that does not parse is the zero Prefix.
func BlockOrZero(s string) netip.Prefix {
	p, _ := netip.ParsePrefix(s)
	return p
}

// ParseKeptAddr reads an address kept in a resource's state: "" is the zero Addr, anything else
// must be an address.
func ParseKeptAddr(s string) (netip.Addr, error) {
	if s == "" {
		return netip.Addr{}, nil
	}
	return netip.ParseAddr(s)
}
