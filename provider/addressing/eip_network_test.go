package addressing

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseEipNetwork(t *testing.T) {
	tests := []struct {
		name, address, gateway string
		prefixLength           int
		want                   EipNetworkProblem
		network                string
	}{
		{"a /16 with its gateway", "47.96.1.10", "47.96.0.1", 16, EipNetworkOK, "47.96.0.0/16"},
		{"a /24 with its gateway", "47.96.1.10", "47.96.1.1", 24, EipNetworkOK, "47.96.1.0/24"},
		{"a /31: the other address is the gateway", "47.96.1.10", "47.96.1.11", 31, EipNetworkOK, "47.96.1.10/31"},
		{"a /32 has no other address", "47.96.1.10", "47.96.1.1", 32, EipGatewayOutside, "47.96.1.10/32"},
		{"a gateway of another network", "47.96.1.10", "47.100.0.1", 24, EipGatewayOutside, "47.96.1.0/24"},
		{"the gateway is the EIP", "47.96.1.10", "47.96.1.10", 24, EipGatewayIsAddress, "47.96.1.0/24"},
		{"prefix length 0", "47.96.1.10", "47.96.1.1", 0, EipPrefixLengthOutOfRange, ""},
		{"prefix length 33", "47.96.1.10", "47.96.1.1", 33, EipPrefixLengthOutOfRange, ""},
		{"a gateway that is no address", "47.96.1.10", "gw", 24, EipGatewayNotIPv4, ""},
		{"an IPv6 gateway", "47.96.1.10", "fe80::1", 24, EipGatewayNotIPv4, ""},
		{"an address that is no IPv4 address", "2001:db8::1", "47.96.1.1", 24, EipAddressNotIPv4, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, problem := ParseEipNetwork(tt.address, tt.gateway, tt.prefixLength)
			assert.Equal(t, tt.want, problem)
			if tt.network != "" {
				assert.Equal(t, tt.network, n.Network.String())
			}
		})
	}
}

func TestCheckEipGateway(t *testing.T) {
	tests := []struct {
		addr, gw string
		plen     int
		want     string
	}{
		{"47.96.1.10", "47.96.0.1", 16, ""},
		{"47.96.1.10", "47.100.0.1", 24, "eips[3].gateway 47.100.0.1 is outside 47.96.1.0/24, the network of EIP \"sip\""},
		{"47.96.1.10", "gw", 24, "eips[3].gateway gw of \"sip\" is not an IPv4 address"},
		{"47.96.1.10", "47.96.1.1", 40, "eips[3].prefixLength 40 of \"sip\" is outside 1-32"},
		{"47.96.1.10", "47.96.1.1", 32, "eips[3].gateway 47.96.1.1 is outside 47.96.1.10/32, the network of EIP \"sip\""},
		{"47.96.1.10", "47.96.1.10", 24, "eips[3].gateway 47.96.1.10 is the address of EIP \"sip\""},
	}
	for _, tt := range tests {
		err := CheckEipGateway(3, "sip", tt.addr, tt.gw, tt.plen)
		if tt.want == "" {
			assert.NoError(t, err)
			continue
		}
		assert.ErrorContains(t, err, tt.want)
	}
}
