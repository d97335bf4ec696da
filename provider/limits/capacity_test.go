package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNatCapacity(t *testing.T) {
	tests := []struct {
		name        string
		eniQuantity int
		ipsPerEni   int
		usePrimary  bool
		want        int
	}{
		{"c6.large secondary only", 2, 6, false, 6},
		{"c6.large with primary", 2, 6, true, 12},
		{"one ENI only", 1, 6, false, 0},
		{"one ENI with primary", 1, 6, true, 6},
		{"four ENIs x 10", 4, 10, false, 30},
		{"four ENIs x 10 with primary", 4, 10, true, 40},
		{"no ENI", 0, 6, true, 0},
		{"no IPs", 3, 0, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, NatCapacity(tt.eniQuantity, tt.ipsPerEni, tt.usePrimary))
		})
	}
}

func TestCheckNatCapacity(t *testing.T) {
	tests := []struct {
		name        string
		count       int
		eniQuantity int
		ipsPerEni   int
		usePrimary  bool
		wantErr     string
	}{
		{"fits", 6, 2, 6, false, ""},
		{"fits with primary", 12, 2, 6, true, ""},
		{"c6.large with primary refuses 13", 13, 2, 6, true, "exceeds the NAT capacity 12"},
		{"c6.large refuses 25", 25, 2, 6, false,
			"eips (25 entries) exceeds the NAT capacity 6: capacity = (eniQuantity 2 - 1) x eniPrivateIpAddressQuantity 6 + (usePrimaryEni false ? eniPrivateIpAddressQuantity : 0) = 6 + 0, one EIP per private IP (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)'); remove 19 entries, set usePrimaryEni on a created instance to add 6, or choose an instance type (or maxEnis) with more ENIs or more private IPs per ENI"},
		{"c6.large with primary refuses 25", 25, 2, 6, true,
			"eips (25 entries) exceeds the NAT capacity 12: capacity = (eniQuantity 2 - 1) x eniPrivateIpAddressQuantity 6 + (usePrimaryEni true ? eniPrivateIpAddressQuantity : 0) = 6 + 6, one EIP per private IP (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)'); remove 13 entries, or choose"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckNatCapacity("eips", tt.count, tt.eniQuantity, tt.ipsPerEni, tt.usePrimary)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestCheckMultiEipToEniCapacity(t *testing.T) {
	assert.Equal(t, 20, MultiEipToEniCapacity(2))
	assert.Equal(t, 0, MultiEipToEniCapacity(-1))
	assert.NoError(t, CheckMultiEipToEniCapacity("eips", 20, 2))
	err := CheckMultiEipToEniCapacity("eips", 25, 2)
	require.Error(t, err)
	assert.Equal(t, "eips (25 entries) exceeds the multi-EIP-to-ENI capacity 20: capacity = secondary ENIs 2 x 10 EIPs per ENI; the primary ENI takes no EIP in this mode (Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode'); remove 5 entries, or allow more secondary ENIs (maxEnis, instance type)", err.Error())
}
