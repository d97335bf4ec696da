package provider

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
)

// countSettings are 8 ENIs x 20 IPs (ecs.g6.4xlarge-like) with n entries from eipCount.
func countSettings(n int) multiSettings {
	return multiSettings{EipCount: n, Quota: &instanceQuota{EniQuantity: 8, IpsPerEni: 20},
		VswitchCidr: "192.168.1.0/24", PrivateIpRange: "192.168.1.0/24"}
}

func TestEipCountEntriesAreCountedNotHashed(t *testing.T) {
	layout, err := planMultiEip(countSettings(32))
	require.NoError(t, err, "32 counted entries never collide")
	for n, e := range layout.Entries {
		assert.Equal(t, eipCountName(n), e.Name)
		assert.Equal(t, n/19, e.Eni, "%s fills the ENIs in order, 19 secondary IPs each", e.Name)
		assert.Equal(t, fmt.Sprintf("192.168.1.%d", n+1), e.PrivateIp, "%s takes the next usable address", e.Name)
	}
	require.Len(t, layout.Enis, 2)
	assert.Len(t, layout.Enis[0].SecondaryIps, 19)
	assert.Len(t, layout.Enis[1].SecondaryIps, 13)
}

func TestEipCountGrowsAndShrinksAtItsEnd(t *testing.T) {
	before, err := planMultiEip(countSettings(20))
	require.NoError(t, err)
	after, err := planMultiEip(countSettings(40))
	require.NoError(t, err)
	assert.Equal(t, before.Entries, after.Entries[:20], "adding counted entries moves none of the earlier ones")
}

func TestEipCountWithNamedEntries(t *testing.T) {
	s := countSettings(10)
	s.Entries = []multiEntrySpec{{Name: "web"}, {Name: "mail"}}
	layout, err := planMultiEip(s)
	require.NoError(t, err)
	alone, err := planMultiEip(countSettings(10))
	require.NoError(t, err)
	assert.Equal(t, alone.Entries, layout.Entries[2:], "named entries do not move counted ones")
}

func TestEipCountPlacesTheRestOnThePrimaryEni(t *testing.T) {
	s := multiSettings{EipCount: 8, CreateInstance: true, UsePrimaryEni: true,
		Quota: &instanceQuota{EniQuantity: 2, IpsPerEni: 6}, VswitchCidr: "192.168.1.0/24", PrivateIpRange: "192.168.1.0/26"}
	layout, err := planMultiEip(s)
	require.NoError(t, err)
	assert.Equal(t, 0, layout.Entries[4].Eni)
	assert.Equal(t, addressing.PrimaryEni, layout.Entries[5].Eni, "past the secondary ENI's five, the primary ENI's secondary IPs")
	assert.Len(t, layout.PrimaryEniIps, 3)
}

func TestEipCountReachesTheFullNatCapacity(t *testing.T) {
	s := multiSettings{EipCount: 6, Quota: &instanceQuota{EniQuantity: 2, IpsPerEni: 6},
		VswitchCidr: "192.168.0.0/24", PrivateIpRange: "192.168.0.0/24"}
	layout, err := planMultiEip(s)
	require.NoError(t, err, "ecs.c6.large carries 6 EIPs on its secondary ENI (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)')")
	assert.Equal(t, "192.168.0.5", layout.Entries[4].PrivateIp)
	assert.Equal(t, "192.168.0.252", layout.Entries[5].PrivateIp, "the sixth takes the ENI's primary IP")
	require.Len(t, layout.Enis, 1)
	assert.Equal(t, "192.168.0.252", layout.Enis[0].PrimaryIp)

	s.EipCount = 7
	_, err = planMultiEip(s)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exceeds the NAT capacity 6: capacity = (eniQuantity 2 - 1) x eniPrivateIpAddressQuantity 6", "the capacity formula is named")
}

func TestAttachedEniKeepsItsEipsInMultiEipToEniMode(t *testing.T) {
	layout := multiLayout{Mode: "MULTI_BINDED", Enis: []layoutEni{
		{Index: 0, Entries: []string{"api", "mail", "web"}},
		{Index: 2, Entries: []string{"ftp"}},
	}}
	assert.NoError(t, checkAttachedEnis(layout, []attachedEni{{Index: 0, ID: "eni-a", Eips: 3}}),
		"an attached ENI whose EIPs stay as they are is fine")
	assert.NoError(t, checkAttachedEnis(layout, nil), "detached ENIs take any change")
	err := checkAttachedEnis(layout, []attachedEni{{Index: 0, ID: "eni-a", Eips: 2}, {Index: 2, ID: "eni-c", Eips: 1}})
	require.Error(t, err)
	assert.Equal(t, "eips (api, mail, web) would give secondary ENI 0 (eni-a) 3 EIPs while it is attached with 2: "+
		"in multi-EIP-to-ENI mode EIPs are associated with a secondary ENI only while it is detached from the instance "+
		"(Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode'); keep ENI 0's entries as they are and pin the new entries' eni to an index "+
		"without an ENI, or detach the ENI first", err.Error())
	layout.Mode = "NAT"
	assert.NoError(t, checkAttachedEnis(layout, []attachedEni{{Index: 0, ID: "eni-a", Eips: 2}}), "NAT mode changes attached ENIs freely")
}
