package emulator

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGetSwitches(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("n", "10.0.0.0/16", "10.0.1.0/24")
	other, _ := c.create(TokenSwitch, "other", obj{"vpcId": n.vpc, "cidrBlock": "10.0.2.0/29", "zoneId": "cn-hangzhou-i"})
	c.eni("eni", n, obj{"privateIpAddresses": []any{"10.0.1.20"}})

	tests := []struct {
		name string
		args obj
		want []string
	}{
		{"by id", obj{"ids": []any{n.vsw}}, []string{n.vsw}},
		{"by vpc", obj{"vpcId": n.vpc}, []string{n.vsw, other}},
		{"by zone", obj{"zoneId": "cn-hangzhou-i"}, []string{other}},
		{"by block", obj{"cidrBlock": "10.0.1.0/24"}, []string{n.vsw}},
		{"unknown id", obj{"ids": []any{"vsw-missing"}}, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := c.invoke(TokenGetSwitches, tc.args)
			got := []string{}
			for _, v := range res["vswitches"].([]any) {
				got = append(got, v.(obj)["id"].(string))
			}
			assert.ElementsMatch(t, tc.want, got)
		})
	}

	res := c.invoke(TokenGetSwitches, obj{"ids": []any{n.vsw}})
	sw := res["vswitches"].([]any)[0].(obj)
	assert.Equal(t, "10.0.1.0/24", sw["cidrBlock"])
	assert.Equal(t, "cn-hangzhou-h", sw["zoneId"])
	assert.Equal(t, n.vpc, sw["vpcId"])
	// 256 addresses, 4 reserved, the ENI holds a primary and a secondary.
	assert.Equal(t, float64(250), sw["availableIpAddressCount"])

	beijing := newTestCloud(t, c.path, obj{"region": "cn-beijing"})
	none := beijing.invoke(TokenGetSwitches, obj{"ids": []any{n.vsw}})
	require.Empty(t, none["vswitches"], "a provider of another region does not see the vSwitch")
}
