package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLookupChecks(t *testing.T) {
	assert.EqualError(t, NotListed("vpcId", "vpc-9", "getNetworks", "give the ID of the instance's VPC"),
		"vpcId vpc-9 is not listed by getNetworks in this region; give the ID of the instance's VPC")
	assert.NoError(t, CheckVpcIpv6("vpc-1", "2408:4000:1::/56"))
	assert.ErrorContains(t, CheckVpcIpv6("vpc-1", ""), "ipv6 true needs IPv6 on VPC vpc-1, which has no IPv6 CIDR block: the vSwitch's IPv6 block is cut from the VPC's")
	assert.ErrorContains(t, CheckVpcIpv6("vpc-1", ""), "(step 'Enable IPv6 for the VPC' of Alibaba Cloud doc")
	assert.NoError(t, CheckVswitchIpv6("2408:4000:1:1::/64"))
	assert.ErrorContains(t, CheckVswitchIpv6(""), "ipv6 true needs IPv6 on the reused vSwitch, which has no IPv6 CIDR block: the ENI's IPv6 address comes from its vSwitch's IPv6 block")
	assert.NoError(t, CheckStaticGuestBlock("192.168.0.0/24"))
	assert.ErrorContains(t, CheckStaticGuestBlock(""), "vswitchCidrBlock is unknown while guest.mode is static: static guest configuration renders each address")
}
