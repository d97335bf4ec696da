package provider

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// countSettings are 8 ENIs x 20 IPs (ecs.g6.4xlarge) with n entries from eipCount.
func countSettings(n int) multiSettings {
	return multiSettings{EipCount: n, Quota: &limits.InstanceQuota{EniQuantity: 8, IpsPerEni: 20},
		VswitchCidr: "192.168.1.0/24", PrivateIpRange: "192.168.1.0/24"}
}

func TestEipCountEntriesFillTheEnisInOrder(t *testing.T) {
	layout, _, err := planLayout(countSettings(32), addressing.Allocation{})
	require.NoError(t, err)
	for n, e := range layout.Entries {
		assert.Equal(t, limits.EipCountName(n), e.Name)
		assert.Equal(t, n/20, e.Eni, "%s fills the ENIs in order, 20 private IPs each", e.Name)
		assert.Equal(t, fmt.Sprintf("192.168.1.%d", n+1), e.PrivateIp, "%s takes the lowest free address", e.Name)
	}
	require.Len(t, layout.Enis, 2)
	assert.Equal(t, "192.168.1.1", layout.Enis[0].PrimaryIp, "eip-0 opens ENI 0 on its primary IP")
	assert.Len(t, layout.Enis[0].SecondaryIps, 19)
	assert.Len(t, layout.Enis[1].SecondaryIps, 11)
}

func TestEipCountGrowsAndShrinksAtItsEnd(t *testing.T) {
	before, prev, err := planLayout(countSettings(20), addressing.Allocation{})
	require.NoError(t, err)
	after, prev, err := planLayout(countSettings(40), prev)
	require.NoError(t, err)
	assert.Equal(t, before.Entries, after.Entries[:20], "adding counted entries moves none of the earlier ones")
	shrunk, _, err := planLayout(countSettings(30), prev)
	require.NoError(t, err)
	assert.Equal(t, after.Entries[:30], shrunk.Entries)
}

func TestEipCountWithNamedEntries(t *testing.T) {
	alone, prev, err := planLayout(countSettings(10), addressing.Allocation{})
	require.NoError(t, err)
	s := countSettings(10)
	s.Entries = []multiEntrySpec{{Name: "web"}, {Name: "mail"}}
	layout, _, err := planLayout(s, prev)
	require.NoError(t, err)
	assert.Equal(t, alone.Entries, layout.Entries[2:], "named entries added later move no counted one")
	assert.Equal(t, "192.168.1.11", layout.Entries[0].PrivateIp)
}

func TestEipCountReachesTheFullNatCapacity(t *testing.T) {
	s := multiSettings{EipCount: 6, Quota: &limits.InstanceQuota{EniQuantity: 2, IpsPerEni: 6},
		VswitchCidr: "192.168.0.0/24", PrivateIpRange: "192.168.0.0/24"}
	layout, _, err := planLayout(s, addressing.Allocation{})
	require.NoError(t, err, "ecs.c6.large carries 6 EIPs on its secondary ENI (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)')")
	require.Len(t, layout.Enis, 1)
	assert.Equal(t, "192.168.0.1", layout.Enis[0].PrimaryIp)
	assert.Equal(t, "192.168.0.1", layout.Entries[0].PrivateIp, "the first entry takes the ENI's primary IP")
	assert.Len(t, layout.Enis[0].SecondaryIps, 5)

	s.EipCount = 7
	_, _, err = planLayout(s, addressing.Allocation{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exceeds the NAT capacity 6: capacity = (eniQuantity 2 - 1) x eniPrivateIpAddressQuantity 6", "the capacity formula is named")

	// 12 with the primary ENI of a created instance: its primary IP is chosen too.
	s.EipCount, s.CreateInstance, s.UsePrimaryEni = 12, true, true
	layout, _, err = planLayout(s, addressing.Allocation{})
	require.NoError(t, err)
	assert.Equal(t, "192.168.0.1", layout.PrimaryEniIp, "the instance's primary IP comes from the range")
	assert.Len(t, layout.PrimaryEniIps, 5)
	assert.Equal(t, addressing.PrimaryEni, layout.Entries[11].Eni)
	assert.Len(t, layout.Enis[0].SecondaryIps, 5)
	assert.True(t, layout.Enis[0].AtCreation)
}

func TestAttachedEniKeepsItsEipsInMultiEipToEniMode(t *testing.T) {
	layout := multiLayout{Mode: "MULTI_BINDED", Enis: []layoutEni{
		{Index: 0, Entries: []string{"api", "mail", "web"}},
		{Index: 2, Entries: []string{"ftp"}},
	}}
	eni0 := attachedEni{Index: 0, attachedEniInfo: attachedEniInfo{ID: "eni-a", PublicIps: []string{"47.1.1.1", "47.1.1.2", "47.1.1.3"}}}
	known := func(ip string) limits.PlannedEip { return limits.PlannedEip{Address: ip, Known: true} }
	kept := map[string]limits.PlannedEip{"api": known("47.1.1.1"), "mail": known("47.1.1.2"), "web": known("47.1.1.3")}
	assert.NoError(t, checkAttachedEnis(layout, []attachedEni{eni0}, kept), "an attached ENI whose EIPs stay as they are is fine")
	assert.NoError(t, checkAttachedEnis(layout, nil, kept), "detached ENIs take any change")

	// The same count, another EIP: a changed allocationId or internetChargeType.
	replaced := map[string]limits.PlannedEip{"api": known("47.1.1.1"), "mail": known("47.1.1.9"), "web": {}}
	err := checkAttachedEnis(layout, []attachedEni{eni0}, replaced)
	require.Error(t, err)
	assert.Equal(t, `eips (api, mail, web) adds or replaces the EIP of "mail"; adds or replaces the EIP of "web"; `+
		"removes EIP 47.1.1.2, 47.1.1.3 on secondary ENI 0 (eni-a) while it is attached: "+
		"in multi-EIP-to-ENI mode EIPs are associated with a secondary ENI only while it is detached from the instance "+
		"(Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode'); keep ENI 0's EIPs as they are "+
		"(a changed allocationId or internetChargeType replaces an EIP; new entries go to a new ENI), or detach the ENI first", err.Error())

	// An adopted EIP whose address is not known yet is left to the cloud.
	adopted := map[string]limits.PlannedEip{"api": known("47.1.1.1"), "mail": known("47.1.1.2"), "web": {Adopted: true}}
	assert.NoError(t, checkAttachedEnis(layout, []attachedEni{eni0}, adopted))

	layout.Mode = "NAT"
	assert.NoError(t, checkAttachedEnis(layout, []attachedEni{eni0}, replaced), "NAT mode changes attached ENIs freely")
}
