package addressing

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTextHelpers(t *testing.T) {
	b, ok := MaskedBlock("192.168.0.130/26")
	assert.True(t, ok)
	assert.Equal(t, "192.168.0.128/26", b)
	_, ok = MaskedBlock("192.168.0.130")
	assert.False(t, ok)

	assert.True(t, SameBlock("10.0.0.0/24", "10.0.0.0/24"))
	assert.False(t, SameBlock("10.0.0.0/24", "10.0.1.0/24"))
	assert.False(t, SameBlock("10.0.0.0/24", "x"))

	assert.Equal(t, "118.31.2.0/24", NetworkOf("118.31.2.10", 24))
	assert.Equal(t, "", NetworkOf("118.31.2.10", 40))
	assert.Equal(t, "", NetworkOf("x", 24))

	assert.Equal(t, "", AddrString(netip.Addr{}))
	assert.Equal(t, "10.0.0.1", AddrString(netip.MustParseAddr("10.0.0.1")))
	assert.Nil(t, AddrStrings(nil))
	assert.Equal(t, []string{"10.0.0.1", "10.0.0.2"}, AddrStrings(addrs("10.0.0.1", "10.0.0.2")))
}

func TestReadingKeptAndGivenAddresses(t *testing.T) {
	assert.Equal(t, netip.MustParsePrefix("10.0.0.0/24"), BlockOrZero("10.0.0.0/24"))
	assert.False(t, BlockOrZero("x").IsValid())

	a, err := ParseKeptAddr("")
	assert.NoError(t, err)
	assert.False(t, a.IsValid())
	a, err = ParseKeptAddr("10.0.0.1")
	assert.NoError(t, err)
	assert.Equal(t, "10.0.0.1", a.String())
	_, err = ParseKeptAddr("10.0.0")
	assert.Error(t, err)
}

func TestMaskedRange(t *testing.T) {
	f := PlanFields{PrivateIpRange: "privateIpRange"}
	for _, tt := range []struct{ in, want, err string }{
		{"", "", ""},
		{"192.168.0.128/26", "192.168.0.128/26", ""},
		{"192.168.0.130/26", "192.168.0.128/26", ""},
		{"192.168.0.0", "", "privateIpRange 192.168.0.0 is not a CIDR block; give a block of the vSwitch reserved for this instance"},
	} {
		got, err := f.MaskedRange(tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		if tt.err == "" {
			assert.NoError(t, err, tt.in)
		} else {
			assert.ErrorContains(t, err, tt.err, tt.in)
		}
	}
}
