package limits

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

func prefixes(ss ...string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range ss {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

func TestCheckNewSecondaryBlock(t *testing.T) {
	vpc := func(secondary ...string) VpcBlocks {
		return VpcBlocks{ID: "vpc-1", Primary: netip.MustParsePrefix("192.168.0.0/16"), Secondary: prefixes(secondary...)}
	}
	five := vpc("47.1.0.0/28", "47.2.0.0/28", "47.3.0.0/28", "47.4.0.0/28", "47.5.0.0/28")
	tests := []struct {
		name  string
		block string
		vpc   VpcBlocks
		want  string
	}{
		{"room and no overlap", "118.31.2.0/28", vpc("47.1.0.0/28"), ""},
		{"a block the VPC already holds is its own", "47.5.0.0/28", five, ""},
		{"sixth block", "118.31.2.0/28", five,
			"secondaryCidrBlock would be secondary IPv4 CIDR block number 6 of VPC vpc-1, which holds 47.1.0.0/28, " +
				"47.2.0.0/28, 47.3.0.0/28, 47.4.0.0/28, 47.5.0.0/28: a VPC holds at most 5 secondary IPv4 CIDR blocks"},
		{"overlaps a secondary block", "118.31.2.0/28", vpc("118.31.0.0/16"),
			"secondaryCidrBlock 118.31.2.0/28 overlaps 118.31.0.0/16, the secondary block of VPC vpc-1: a VPC's " +
				"secondary IPv4 CIDR blocks overlap neither its primary block nor one another (AssociateVpcCidrBlock API reference)"},
		{"wider than a secondary block", "118.31.0.0/16", vpc("118.31.2.0/28"), "overlaps 118.31.2.0/28"},
		{"overlaps the primary block", "192.168.7.0/28", vpc(), "overlaps 192.168.0.0/16, the primary block of VPC vpc-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckNewSecondaryBlock("secondaryCidrBlock", netip.MustParsePrefix(tt.block), tt.vpc)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestCheckSecondaryBlockRoom(t *testing.T) {
	four := VpcBlocks{ID: "vpc-1", Secondary: prefixes("47.1.0.0/28", "47.2.0.0/28", "47.3.0.0/28", "47.4.0.0/28")}
	assert.NoError(t, CheckSecondaryBlockRoom("secondaryCidrBlock", four))
	five := four
	five.Secondary = append(prefixes("47.9.0.0/24"), four.Secondary...)
	assert.ErrorContains(t, CheckSecondaryBlockRoom("secondaryCidrBlock", five), "number 6 of VPC vpc-1")
	assert.NoError(t, CheckSecondaryBlockRoom("secondaryCidrBlock", five.Without(prefixes("47.9.0.8/29"))),
		"the block holding this deployment's own vSwitch is not counted")
	assert.Len(t, five.Without(prefixes("10.0.0.0/29")).Secondary, 5)
}
