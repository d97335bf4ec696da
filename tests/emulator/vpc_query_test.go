package emulator

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGetNetworks(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("n", "10.0.0.0/16", "10.0.1.0/24")
	c.create(TokenCidrBlock, "b1", obj{"vpcId": n.vpc, "secondaryCidrBlock": "47.96.10.0/28"})
	v6, _ := c.create(TokenNetwork, "v6", obj{"cidrBlock": "172.16.0.0/12", "enableIpv6": true})

	res := c.invoke(TokenGetNetworks, obj{"ids": []any{n.vpc}})
	vpcs := res["vpcs"].([]any)
	require.Len(t, vpcs, 1)
	vpc := vpcs[0].(obj)
	assert.Equal(t, n.vpc, vpc["id"])
	assert.Equal(t, "10.0.0.0/16", vpc["cidrBlock"])
	assert.Equal(t, []any{"47.96.10.0/28"}, vpc["secondaryCidrBlocks"], "the blocks added with Ipv4CidrBlock")
	assert.Equal(t, "", vpc["ipv6CidrBlock"])
	assert.Equal(t, []any{n.vsw}, vpc["vswitchIds"])

	res = c.invoke(TokenGetNetworks, obj{"ids": []any{v6}})
	assert.NotEmpty(t, res["vpcs"].([]any)[0].(obj)["ipv6CidrBlock"], "a VPC with IPv6 enabled reports its block")

	all := c.invoke(TokenGetNetworks, obj{})
	assert.Len(t, all["vpcs"], 2)
	beijing := newTestCloud(t, c.path, obj{"region": "cn-beijing"})
	none := beijing.invoke(TokenGetNetworks, obj{"ids": []any{n.vpc}})
	assert.Empty(t, none["vpcs"], "a provider of another region does not see the VPC")
}
