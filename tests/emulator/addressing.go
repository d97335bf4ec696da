package emulator

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"net/netip"
)

// excludedRanges are the blocks a VPC CIDR block may not use.
var excludedRanges = []netip.Prefix{
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("224.0.0.0/4"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"),
}

// eipPools are the blocks EIPs are allocated from, in order.
var eipPools = []netip.Prefix{
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("198.51.100.0/24"),
}

// parseCidr parses an IPv4 CIDR that must be written in canonical form.
func parseCidr(input, value string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(value)
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, refuse("InvalidCidrBlock.Malformed", "%s %q is not an IPv4 CIDR block such as 10.0.0.0/16", input, value)
	}
	if p.Masked() != p {
		return netip.Prefix{}, refuse("InvalidCidrBlock.Malformed", "%s %q has host bits set: write the network address, %s", input, value, p.Masked())
	}
	return p, nil
}

// parseIP parses an IPv4 address.
func parseIP(input, value string) (netip.Addr, error) {
	a, err := netip.ParseAddr(value)
	if err != nil || !a.Is4() {
		return netip.Addr{}, refuse("InvalidIpAddress.Malformed", "%s %q is not an IPv4 address", input, value)
	}
	return a, nil
}

// contains reports whether inner lies entirely inside outer.
func contains(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

func u32(a netip.Addr) uint32 { b := a.As4(); return binary.BigEndian.Uint32(b[:]) }

func fromU32(v uint32) netip.Addr {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], v)
	return netip.AddrFrom4(b)
}

// lastAddr returns the broadcast address of an IPv4 prefix.
func lastAddr(p netip.Prefix) netip.Addr {
	size := uint32(1) << (32 - p.Bits())
	return fromU32(u32(p.Addr()) + size - 1)
}

// isReserved reports whether ip is one of the addresses a vSwitch keeps:
// the first and the last three of its CIDR block.
func isReserved(p netip.Prefix, ip netip.Addr) bool {
	first, last := u32(p.Addr()), u32(lastAddr(p))
	v := u32(ip)
	return v == first || v+3 > last
}

// usableAddrs iterates over the usable addresses of a vSwitch in order.
func usableAddrs(p netip.Prefix, yield func(netip.Addr) bool) {
	first, last := u32(p.Addr()), u32(lastAddr(p))
	for v := first + 1; v+3 <= last; v++ {
		if !yield(fromU32(v)) {
			return
		}
	}
}

// checkExcluded refuses a block inside or overlapping a range Alibaba keeps.
func checkExcluded(input string, p netip.Prefix) error {
	for _, ex := range excludedRanges {
		if ex.Overlaps(p) {
			return refuse("InvalidCidrBlock.Reserved", "%s %s overlaps %s, which a VPC cannot use (100.64.0.0/10, 224.0.0.0/4, 127.0.0.0/8 and 169.254.0.0/16 are excluded): choose another block", input, p, ex)
		}
	}
	return nil
}

// randomHex returns n random lowercase alphanumeric characters.
func randomID(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// regionIDPart is the short region code Alibaba embeds in ids.
func regionIDPart(region string) string {
	switch region {
	case "cn-hangzhou":
		return "bp1"
	case "cn-shanghai":
		return "uf6"
	case "cn-beijing":
		return "2ze"
	case "cn-shenzhen":
		return "wz9"
	case "ap-southeast-1":
		return "t4n"
	case "eu-central-1":
		return "gw8"
	}
	return "0jl"
}

// newID builds an id like Alibaba's: prefix, region code, random tail.
func newID(s *State, prefix, region string) string {
	for {
		id := fmt.Sprintf("%s-%s%s", prefix, regionIDPart(region), randomID(17))
		if _, taken := s.Resources[id]; !taken {
			return id
		}
	}
}

// newMac returns an unused MAC address in Alibaba's 00:16:3e prefix.
func newMac(s *State) string {
	used := map[string]bool{}
	for _, r := range s.Resources {
		if m := str(r.Attrs, "mac"); m != "" {
			used[m] = true
		}
	}
	for {
		b := make([]byte, 3)
		if _, err := rand.Read(b); err != nil {
			panic(err)
		}
		m := fmt.Sprintf("00:16:3e:%02x:%02x:%02x", b[0], b[1], b[2])
		if !used[m] {
			return m
		}
	}
}
