package guestnet

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

type netplanDoc struct {
	Network netplanNetwork `yaml:"network"`
}

type netplanNetwork struct {
	Version   int        `yaml:"version"`
	Ethernets *yaml.Node `yaml:"ethernets"`
}

type netplanEthernet struct {
	Match          netplanMatch          `yaml:"match"`
	DHCP4          bool                  `yaml:"dhcp4"`
	DHCP4Overrides *netplanDHCPOverrides `yaml:"dhcp4-overrides,omitempty"`
	DHCP6          bool                  `yaml:"dhcp6"`
	MTU            int                   `yaml:"mtu,omitempty"`
	Addresses      []string              `yaml:"addresses"`
	Routes         []netplanRoute        `yaml:"routes"`
	RoutingPolicy  []netplanPolicy       `yaml:"routing-policy"`
}

// netplanDHCPOverrides keeps DHCP's routes and DNS servers of a secondary
// ENI out of the main table and resolv.conf: its routes live in its own table.
type netplanDHCPOverrides struct {
	UseRoutes bool `yaml:"use-routes"`
	UseDNS    bool `yaml:"use-dns"`
}

type netplanMatch struct {
	MACAddress string `yaml:"macaddress"`
}

type netplanRoute struct {
	To    string `yaml:"to"`
	Via   string `yaml:"via,omitempty"`
	Scope string `yaml:"scope,omitempty"`
	Table int    `yaml:"table"`
}

type netplanPolicy struct {
	From     string `yaml:"from"`
	Table    int    `yaml:"table"`
	Priority int    `yaml:"priority"`
}

// renderNetplan renders the secondary ENIs of a static plan as netplan
// (networkd renderer). The primary ENI is left to the image's own netplan
// file: two definitions matching one MAC would conflict.
func renderNetplan(p plan) (string, error) {
	eths := &yaml.Node{Kind: yaml.MappingNode}
	for i, e := range p.enis {
		if e.primary {
			continue
		}
		eth := netplanEthernet{Match: netplanMatch{MACAddress: e.mac}, MTU: p.mtu}
		if e.dhcp {
			// Multi-EIP-to-ENI mode takes effect only with DHCP on; a cut-through EIP arrives by DHCP.
			eth.DHCP4, eth.DHCP4Overrides = true, &netplanDHCPOverrides{}
		}
		bits := e.cidr.Bits()
		for _, a := range append([]string{e.primaryIP.String()}, strings.Fields(joinAddrs(e.secondaries, " "))...) {
			eth.Addresses = append(eth.Addresses, fmt.Sprintf("%s/%d", a, bits))
		}
		for _, a := range e.ipv6s {
			eth.Addresses = append(eth.Addresses, fmt.Sprintf("%s/%d", a, e.cidr6.Bits()))
		}
		eth.Routes = append(eth.Routes,
			netplanRoute{To: e.cidr.String(), Scope: "link", Table: e.table},
			netplanRoute{To: "0.0.0.0/0", Via: e.gateway.String(), Table: e.table})
		if len(e.ipv6s) > 0 {
			eth.Routes = append(eth.Routes,
				netplanRoute{To: e.cidr6.String(), Scope: "link", Table: e.table},
				netplanRoute{To: "::/0", Via: e.gateway6.String(), Table: e.table})
		}
		for _, a := range e.ruledAddresses() {
			eth.RoutingPolicy = append(eth.RoutingPolicy, netplanPolicy{From: a.String(), Table: e.table, Priority: e.table})
		}
		for _, a := range e.ipv6s {
			eth.RoutingPolicy = append(eth.RoutingPolicy, netplanPolicy{From: a.String(), Table: e.table, Priority: e.table})
		}
		for _, x := range p.extras {
			if x.mac != e.mac {
				continue
			}
			eth.Addresses = append(eth.Addresses, fmt.Sprintf("%s/%d", x.address, x.network.Bits()))
			eth.Routes = append(eth.Routes,
				netplanRoute{To: x.network.String(), Scope: "link", Table: x.table},
				netplanRoute{To: "0.0.0.0/0", Via: x.gateway.String(), Table: x.table})
			eth.RoutingPolicy = append(eth.RoutingPolicy, netplanPolicy{From: x.address.String(), Table: x.table, Priority: x.table})
		}
		var key, val yaml.Node
		key.SetString(fmt.Sprintf("eipkit-eni%d", i))
		if err := val.Encode(eth); err != nil {
			return "", err
		}
		eths.Content = append(eths.Content, &key, &val)
	}
	if len(eths.Content) == 0 {
		return "", nil
	}
	header := "# eipkit: secondary ENIs with one route table each and one source rule per address.\n" +
		"# Needs the networkd renderer (netplan before 1.2 drops routing-policy with NetworkManager).\n"
	return encodeYAML(header, netplanDoc{Network: netplanNetwork{Version: 2, Ethernets: eths}})
}
