package addressing

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

func addrs(ss ...string) []netip.Addr {
	out := make([]netip.Addr, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParseAddr(s)
	}
	return out
}

func TestPrefixHelpers(t *testing.T) {
	tests := []struct {
		prefix   string
		size     uint64
		first    string
		last     string
		gateway  string
		reserved []netip.Addr
	}{
		{"192.168.1.0/24", 256, "192.168.1.0", "192.168.1.255", "192.168.1.253", addrs("192.168.1.0", "192.168.1.253", "192.168.1.254", "192.168.1.255")},
		{"192.168.0.0/16", 65536, "192.168.0.0", "192.168.255.255", "192.168.255.253", addrs("192.168.0.0", "192.168.255.253", "192.168.255.254", "192.168.255.255")},
		{"118.31.2.224/29", 8, "118.31.2.224", "118.31.2.231", "118.31.2.229", addrs("118.31.2.224", "118.31.2.229", "118.31.2.230", "118.31.2.231")},
		{"118.31.2.224/28", 16, "118.31.2.224", "118.31.2.239", "118.31.2.237", addrs("118.31.2.224", "118.31.2.237", "118.31.2.238", "118.31.2.239")},
		{"10.0.0.4/30", 4, "10.0.0.4", "10.0.0.7", "", nil},
		{"10.0.0.9/24", 256, "10.0.0.0", "10.0.0.255", "10.0.0.253", addrs("10.0.0.0", "10.0.0.253", "10.0.0.254", "10.0.0.255")},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			p := netip.MustParsePrefix(tt.prefix)
			assert.Equal(t, tt.size, Size(p))
			assert.Equal(t, tt.first, First(p).String())
			assert.Equal(t, tt.last, Last(p).String())
			if tt.gateway == "" {
				assert.False(t, Gateway(p).IsValid())
			} else {
				assert.Equal(t, tt.gateway, Gateway(p).String())
			}
			assert.Equal(t, tt.reserved, Reserved(p))
			for i := uint64(0); i < Size(p); i++ {
				a, ok := Nth(p, i)
				assert.True(t, ok)
				off, ok := Offset(p, a)
				assert.True(t, ok)
				assert.Equal(t, i, off)
				assert.Equal(t, contains(tt.reserved, a), IsReserved(p, a), a.String())
			}
			_, ok := Nth(p, Size(p))
			assert.False(t, ok)
		})
	}
}

func contains(as []netip.Addr, a netip.Addr) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

func TestPrefixHelpersRefuseOthers(t *testing.T) {
	v6 := netip.MustParsePrefix("2001:db8::/64")
	assert.Equal(t, uint64(0), Size(v6))
	assert.Equal(t, uint64(0), Size(netip.Prefix{}))
	assert.False(t, First(v6).IsValid())
	assert.False(t, Last(netip.Prefix{}).IsValid())
	assert.False(t, Gateway(v6).IsValid())
	assert.Nil(t, Reserved(v6))
	_, ok := Offset(netip.MustParsePrefix("10.0.0.0/24"), netip.MustParseAddr("10.0.1.0"))
	assert.False(t, ok)
	assert.False(t, IsReserved(netip.MustParsePrefix("10.0.0.0/24"), netip.MustParseAddr("10.0.1.0")))
}

func TestContainsAndWiden(t *testing.T) {
	tests := []struct {
		outer, inner string
		want         bool
	}{
		{"118.31.2.0/24", "118.31.2.128/25", true},
		{"118.31.2.0/24", "118.31.2.0/24", true},
		{"118.31.2.128/25", "118.31.2.0/24", false},
		{"118.31.2.0/24", "118.31.3.0/25", false},
		{"10.0.0.0/8", "10.200.0.0/16", true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Contains(netip.MustParsePrefix(tt.outer), netip.MustParsePrefix(tt.inner)), tt.outer+" "+tt.inner)
	}
	assert.False(t, Contains(netip.Prefix{}, netip.MustParsePrefix("10.0.0.0/8")))
	assert.Equal(t, "118.31.2.224/28", Widen(netip.MustParsePrefix("118.31.2.232/29"), 28).String())
	assert.Equal(t, "118.31.2.0/24", Widen(netip.MustParsePrefix("118.31.2.0/24"), 28).String())
}

func TestPlace(t *testing.T) {
	tests := []struct {
		vswitch, addr string
		want          Placement
	}{
		{"192.168.1.0/24", "192.168.1.10", InVSwitch},
		{"192.168.1.0/24", "192.168.1.1", InVSwitch},
		{"192.168.1.0/24", "192.168.1.252", InVSwitch},
		{"192.168.1.0/24", "192.168.1.0", ReservedInVSwitch},
		{"192.168.1.0/24", "192.168.1.253", ReservedInVSwitch},
		{"192.168.1.0/24", "192.168.1.255", ReservedInVSwitch},
		{"192.168.1.0/24", "192.168.2.10", OutsideVSwitch},
		{"118.31.2.8/29", "118.31.2.12", InVSwitch},
		{"118.31.2.8/29", "118.31.2.13", ReservedInVSwitch},
		{"118.31.2.8/29", "118.31.2.16", OutsideVSwitch},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Place(netip.MustParsePrefix(tt.vswitch), netip.MustParseAddr(tt.addr)), "%s in %s", tt.addr, tt.vswitch)
	}
}
