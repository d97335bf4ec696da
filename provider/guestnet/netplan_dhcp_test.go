package guestnet

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNetplanKeepsDhcpWhereTheModeNeedsIt renders a multi-EIP-to-ENI ENI (DHCP
// required: "Otherwise, the multi-EIP-to-ENI mode does not take effect"), a
// cut-through ENI (its EIP arrives by DHCP) and a plain ENI, and checks with
// netplan generate that the first two keep DHCP on without DHCP's routes, and
// the third stays static.
func TestNetplanKeepsDhcpWhereTheModeNeedsIt(t *testing.T) {
	r := renderSample(t, Config{Mode: ModeStatic, Interfaces: []Interface{
		{MAC: "00:16:3e:00:00:02", DHCP: true, CIDR: "192.168.0.0/24", PrimaryIP: "192.168.0.252",
			ExtraAddresses: []ExtraAddress{{Address: "47.0.0.10", PrefixLength: 24, Gateway: "47.0.0.1"}}},
		{MAC: "00:16:3e:00:00:03", CutThrough: true, CIDR: "118.31.2.0/24", PrimaryIP: "118.31.2.12", Gateway: "118.31.2.1"},
		{MAC: "00:16:3e:00:00:04", CIDR: "192.168.1.0/24", PrimaryIP: "192.168.1.10"},
	}})
	_, read := netplanGenerate(t, map[string]string{"90-eipkit.yaml": r.Netplan})
	for _, name := range []string{"10-netplan-eipkit-eni0.network", "10-netplan-eipkit-eni1.network"} {
		n := read(name)
		assert.Contains(t, n, "DHCP=ipv4", name)
		assert.Contains(t, n, "UseRoutes=false", "%s: DHCP's default route stays out of the main table", name)
		assert.Contains(t, n, "UseDNS=false", name)
	}
	assert.Contains(t, read("10-netplan-eipkit-eni1.network"), "Address=118.31.2.12/24")
	assert.Contains(t, read("10-netplan-eipkit-eni1.network"), "Gateway=118.31.2.1\nTable=7102")
	plain := read("10-netplan-eipkit-eni2.network")
	assert.NotContains(t, plain, "DHCP=ipv4")
	assert.NotContains(t, plain, "UseRoutes")
}
