package guestnet

// sampleConfigs are the configurations the tool and golden tests render.
var sampleConfigs = []struct {
	name string
	cfg  Config
}{
	{name: "metadata-default", cfg: Config{}},
	{name: "metadata-listed-extra-primary", cfg: Config{UsePrimaryEni: true, MTU: 8500, Interfaces: []Interface{
		{MAC: "00:16:3E:0A:0B:0C", ExtraAddresses: []ExtraAddress{{Address: "47.0.0.10", PrefixLength: 24, Gateway: "47.0.0.1"}}},
	}}},
	{name: "static-two-enis", cfg: Config{Mode: ModeStatic, UsePrimaryEni: true, DefaultSourceIP: "203.0.113.11", Interfaces: []Interface{
		{MAC: "00:16:3e:00:00:01", Primary: true, CIDR: "192.168.0.0/24", SecondaryIPs: []string{"192.168.0.7"}},
		{MAC: "00:16:3e:00:00:02", CIDR: "192.168.0.0/24", PrimaryIP: "192.168.0.252", SecondaryIPs: []string{"192.168.0.1", "192.168.0.2"}},
		{MAC: "00:16:3e:00:00:03", CIDR: "203.0.113.8/29", PrimaryIP: "203.0.113.10", SecondaryIPs: []string{"203.0.113.11"},
			IPv6Addresses: []string{"2001:db8:8::10"}, IPv6CIDR: "2001:db8:8::/64", IPv6Gateway: "2001:db8:8::1",
			ExtraAddresses: []ExtraAddress{{Address: "192.0.2.50", PrefixLength: 24, Gateway: "192.0.2.1"}}},
	}}},
	{name: "static-with-user-data", cfg: Config{Mode: ModeStatic, TableBase: 5000, MTU: 1500, Interfaces: []Interface{
		{MAC: "00:16:3e:00:00:02", CIDR: "10.0.1.0/24", PrimaryIP: "10.0.1.20", Gateway: "10.0.1.253", Table: 1001},
	}, UserData: "#cloud-config\nruncmd:\n  - [echo, from-user]\n"}},
}
