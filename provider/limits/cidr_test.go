package limits

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckNotExcluded(t *testing.T) {
	tests := []struct {
		in      string
		wantErr string
	}{
		{"118.31.2.0/24", ""},
		{"100.63.255.255/32", ""},
		{"100.128.0.0/16", ""},
		{"100.64.0.0/16", "secondaryCidrBlock 100.64.0.0/16 lies in the excluded range 100.64.0.0/10: a VPC secondary CIDR block must not overlap 100.64.0.0/10, 224.0.0.0/4, 127.0.0.0/8, 169.254.0.0/16 (AssociateVpcCidrBlock API reference); use an address or block outside these ranges"},
		{"100.0.0.0/8", "secondaryCidrBlock 100.0.0.0/8 lies in the excluded range 100.64.0.0/10"},
		{"239.1.2.3/32", "secondaryCidrBlock 239.1.2.3 lies in the excluded range 224.0.0.0/4"},
		{"127.0.0.0/28", "excluded range 127.0.0.0/8"},
		{"169.254.10.0/24", "excluded range 169.254.0.0/16"},
		{"169.255.0.0/16", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			err := CheckNotExcluded("secondaryCidrBlock", netip.MustParsePrefix(tt.in))
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			var v *Violation
			assert.True(t, errors.As(err, &v))
		})
	}
}

func TestCheckMasks(t *testing.T) {
	tests := []struct {
		name    string
		check   func(string, netip.Prefix) error
		in      string
		wantErr string
	}{
		{"secondary /8", CheckSecondaryCidrMask, "10.0.0.0/8", ""},
		{"secondary /28", CheckSecondaryCidrMask, "118.31.2.224/28", ""},
		{"secondary /7", CheckSecondaryCidrMask, "10.0.0.0/7", "secondaryCidrBlock 10.0.0.0/7 has mask 7: a VPC secondary IPv4 CIDR block has a mask of 8 to 28 bits (AssociateVpcCidrBlock API reference); use a block with a mask between /8 and /28 that contains the vSwitch"},
		{"secondary /29", CheckSecondaryCidrMask, "118.31.2.224/29", "secondaryCidrBlock 118.31.2.224/29 has mask 29"},
		{"vswitch /16", CheckVSwitchMask, "10.1.0.0/16", ""},
		{"vswitch /29", CheckVSwitchMask, "10.1.0.0/29", ""},
		{"vswitch /15", CheckVSwitchMask, "10.0.0.0/15", "secondaryCidrBlock 10.0.0.0/15 has mask 15: a vSwitch CIDR block has a mask of 16 to 29 bits (CreateVSwitch API reference); use a block with a mask between /16 and /29"},
		{"vswitch /30", CheckVSwitchMask, "10.0.0.0/30", "has mask 30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.check("secondaryCidrBlock", netip.MustParsePrefix(tt.in))
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestCheckSecondaryBlockCount(t *testing.T) {
	tests := []struct {
		count   int
		wantErr string
	}{
		{0, ""},
		{5, ""},
		{6, "secondaryCidrBlocks 6 secondary IPv4 CIDR blocks are too many for one VPC: a VPC holds at most 5 secondary IPv4 CIDR blocks (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC'); remove 1 blocks, share one block between EIPs of the same range, or use another VPC"},
		{9, "remove 4 blocks"},
	}
	for _, tt := range tests {
		err := CheckSecondaryBlockCount("secondaryCidrBlocks", tt.count)
		if tt.wantErr == "" {
			assert.NoError(t, err, tt.count)
			continue
		}
		require.Error(t, err, tt.count)
		assert.Contains(t, err.Error(), tt.wantErr)
	}
}

func TestReservedConstantsMatchSeedExample(t *testing.T) {
	// In 192.168.1.0/24 the reserved addresses are .0, .253, .254, .255 and
	// the gateway is .253.
	size := 256
	assert.Equal(t, 0, VSwitchReservedHead-1)
	assert.Equal(t, 253, size-VSwitchReservedTail)
	assert.Equal(t, 253, size-1-VSwitchGatewayFromEnd)
}
