package guestnet

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func staticEni(mut func(*Interface)) Config {
	in := Interface{MAC: "00:16:3e:00:00:02", CIDR: "192.168.1.0/24", PrimaryIP: "192.168.1.10", SecondaryIPs: []string{"192.168.1.11"}}
	if mut != nil {
		mut(&in)
	}
	return Config{Mode: ModeStatic, Interfaces: []Interface{in}}
}

func withDefaultSource(cfg Config, ip string) Config {
	cfg.DefaultSourceIP = ip
	return cfg
}

func TestRenderRejectsInvalidConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"unknown mode", Config{Mode: "dhcp"}, `mode "dhcp" is unknown`},
		{"bad MAC", staticEni(func(i *Interface) { i.MAC = "00:16:3e:00:02" }), `interfaces[0].mac "00:16:3e:00:02" is not a MAC address`},
		{"MAC with dashes", staticEni(func(i *Interface) { i.MAC = "00-16-3e-00-00-02" }), `interfaces[0].mac`},
		{"IP outside CIDR", staticEni(func(i *Interface) { i.SecondaryIPs = []string{"192.168.2.11"} }), `interfaces[0].secondaryIps[0] 192.168.2.11 is outside cidr 192.168.1.0/24`},
		{"network address reserved", staticEni(func(i *Interface) { i.PrimaryIP = "192.168.1.0" }), `interfaces[0].primaryIp 192.168.1.0 is reserved in cidr 192.168.1.0/24`},
		{"third-to-last reserved", staticEni(func(i *Interface) { i.SecondaryIPs = []string{"192.168.1.253"} }), `secondaryIps[0] 192.168.1.253 is reserved`},
		{"second-to-last reserved", staticEni(func(i *Interface) { i.SecondaryIPs = []string{"192.168.1.254"} }), `192.168.1.254 is reserved`},
		{"broadcast reserved", staticEni(func(i *Interface) { i.SecondaryIPs = []string{"192.168.1.255"} }), `192.168.1.255 is reserved`},
		{"reserved in a /29", Config{Mode: ModeStatic, Interfaces: []Interface{{MAC: "00:16:3e:00:00:02", CIDR: "203.0.113.8/29", PrimaryIP: "203.0.113.13"}}}, `203.0.113.13 is reserved in cidr 203.0.113.8/29: a vSwitch reserves its first and last three addresses (203.0.113.8, 203.0.113.13, 203.0.113.14, 203.0.113.15)`},
		{"duplicate IP", staticEni(func(i *Interface) { i.SecondaryIPs = []string{"192.168.1.10"} }), `address 192.168.1.10 is also`},
		{"duplicate IP across ENIs", Config{Mode: ModeStatic, Interfaces: []Interface{
			{MAC: "00:16:3e:00:00:02", CIDR: "192.168.1.0/24", PrimaryIP: "192.168.1.10"},
			{MAC: "00:16:3e:00:00:03", CIDR: "192.168.1.0/24", PrimaryIP: "192.168.1.10"}}}, `interfaces[1]: address 192.168.1.10 is also interfaces[0]`},
		{"duplicate MAC", Config{Interfaces: []Interface{{MAC: "00:16:3e:00:00:02"}, {MAC: "00:16:3E:00:00:02"}}}, `interfaces[1].mac 00:16:3E:00:00:02 is also interfaces[0].mac`},
		{"secondary in the primary table", Config{Interfaces: []Interface{{MAC: "00:16:3e:00:00:02", Table: 7100}}}, `interfaces[0].table: table 7100 is already used by the primary ENI (tableBase+0)`},
		{"duplicate table", Config{Interfaces: []Interface{{MAC: "00:16:3e:00:00:02", Table: 7102}, {MAC: "00:16:3e:00:00:03"}}}, `interfaces[1].table: table 7102 is already used by interfaces[0].table`},
		{"extra table clashes", Config{Interfaces: []Interface{{MAC: "00:16:3e:00:00:02", ExtraAddresses: []ExtraAddress{{Address: "47.0.0.10", PrefixLength: 24, Gateway: "47.0.0.1", Table: 7101}}}}}, `interfaces[0].extraAddresses[0].table: table 7101 is already used`},
		{"metadata with primary and default source renders", Config{UsePrimaryEni: true, DefaultSourceIP: "10.0.0.1"}, ``},
		{"gateway outside CIDR", staticEni(func(i *Interface) { i.Gateway = "192.168.2.253" }), `interfaces[0].gateway 192.168.2.253 is outside cidr 192.168.1.0/24`},
		{"CIDR not a network", staticEni(func(i *Interface) { i.CIDR = "192.168.1.5/24" }), `interfaces[0].cidr 192.168.1.5/24 is not a network address: use 192.168.1.0/24`},
		{"CIDR mask too small", staticEni(func(i *Interface) { i.CIDR = "10.0.0.0/8"; i.PrimaryIP = "10.0.0.10"; i.SecondaryIPs = nil }), `has a /8 mask`},
		{"static without CIDR", staticEni(func(i *Interface) { i.CIDR = "" }), `interfaces[0].cidr is empty`},
		{"static without primary IP", staticEni(func(i *Interface) { i.PrimaryIP = "" }), `interfaces[0].primaryIp is empty`},
		{"static without interfaces", Config{Mode: ModeStatic}, `interfaces is empty`},
		{"metadata with static field", Config{Interfaces: []Interface{{MAC: "00:16:3e:00:00:02", PrimaryIP: "10.0.0.1"}}}, `interfaces[0].primaryIp is set in metadata mode`},
		{"reserved table", Config{Interfaces: []Interface{{MAC: "00:16:3e:00:00:02", Table: 254}}}, `interfaces[0].table 254 is not usable`},
		{"table above main rule", Config{Interfaces: []Interface{{MAC: "00:16:3e:00:00:02", Table: 40000}}}, `interfaces[0].table 40000 is not usable`},
		{"table base too low", Config{TableBase: 200}, `tableBase 200 is out of range`},
		{"MTU out of range", Config{MTU: 20}, `mtu 20 is out of range`},
		{"metadata URL", Config{MetadataURL: "ftp://x/latest/meta-data"}, `metadataUrl "ftp://x/latest/meta-data" is not a plain http(s) URL`},
		{"metadata URL path", Config{MetadataURL: "http://10.0.0.1/latest"}, `does not end with /meta-data`},
		{"default source not IPv4", Config{DefaultSourceIP: "2001:db8::1"}, `defaultSourceIp "2001:db8::1" is not an IPv4 address`},
		{"default source on a secondary renders", withDefaultSource(staticEni(nil), "192.168.1.11"), ``},
		{"primary without usePrimaryEni", Config{Mode: ModeStatic, Interfaces: []Interface{{MAC: "00:16:3e:00:00:01", Primary: true, CIDR: "192.168.0.0/24"}}}, `interfaces[0].primary is true but usePrimaryEni is false`},
		{"IPv6 outside its CIDR", staticEni(func(i *Interface) {
			i.IPv6CIDR, i.IPv6Gateway, i.IPv6Addresses = "2001:db8:1::/64", "2001:db8:1::1", []string{"2001:db8:2::5"}
		}), `interfaces[0].ipv6Addresses[0] 2001:db8:2::5 is outside ipv6Cidr 2001:db8:1::/64`},
		{"IPv6 without gateway", staticEni(func(i *Interface) { i.IPv6CIDR, i.IPv6Addresses = "2001:db8:1::/64", []string{"2001:db8:1::5"} }), `interfaces[0].ipv6Gateway "" is not an IPv6 address`},
		{"extra gateway outside", Config{Interfaces: []Interface{{MAC: "00:16:3e:00:00:02", ExtraAddresses: []ExtraAddress{{Address: "47.0.0.10", PrefixLength: 24, Gateway: "47.0.1.1"}}}}}, `interfaces[0].extraAddresses[0].gateway 47.0.1.1 is outside 47.0.0.0/24`},
		{"extra /32 has no gateway in its network", Config{Interfaces: []Interface{{MAC: "00:16:3e:00:00:02", ExtraAddresses: []ExtraAddress{{Address: "47.0.0.10", PrefixLength: 32, Gateway: "47.0.0.1"}}}}}, `interfaces[0].extraAddresses[0].gateway 47.0.0.1 is outside 47.0.0.10/32`},
		{"extra prefix length", Config{Interfaces: []Interface{{MAC: "00:16:3e:00:00:02", ExtraAddresses: []ExtraAddress{{Address: "47.0.0.10", PrefixLength: 0, Gateway: "47.0.0.1"}}}}}, `interfaces[0].extraAddresses[0].prefixLength 0 is out of range`},
		{"user data unknown", Config{UserData: "hello"}, `userData starts with "hello"`},
		{"user data gzip", Config{UserData: "\x1f\x8bxx"}, `userData is gzip-compressed`},
	}
	// Cases with an empty want must render; they guard against over-strict rules.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render(tt.cfg)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestRenderRejectsUnmanagedDefaultSource(t *testing.T) {
	cfg := staticEni(nil)
	cfg.DefaultSourceIP = "192.168.1.12"
	_, err := Render(cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "defaultSourceIp 192.168.1.12 is not a managed IPv4 address")
}

func TestRenderRejectsTablesAfterDefaultSourceRules(t *testing.T) {
	cfg := staticEni(func(i *Interface) { i.Table = 9000 })
	cfg.DefaultSourceIP = "192.168.1.11"
	_, err := Render(cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "interfaces[0].table: table 9000 must be below tableBase+250 (7350)")
}
