package guestnet

import "net/netip"

// plan is a validated, normalized Config with every table number decided.
type plan struct {
	mode          string
	metadataURL   string
	tableBase     int
	mtu           int
	usePrimary    bool
	defaultSource string
	primaryMAC    string
	enis          []planEni
	extras        []planExtra
	userData      string
}

// planEni is one listed ENI. In metadata mode only mac and table are set.
type planEni struct {
	mac         string
	primary     bool
	table       int
	cidr        netip.Prefix
	gateway     netip.Addr
	primaryIP   netip.Addr
	secondaries []netip.Addr
	cidr6       netip.Prefix
	gateway6    netip.Addr
	ipv6s       []netip.Addr
	cutThrough  bool
	dhcp        bool
}

// planExtra is one extra address with its table.
type planExtra struct {
	mac     string
	address netip.Addr
	network netip.Prefix
	gateway netip.Addr
	table   int
}

// addresses lists the IPv4 addresses the ENI's source rules cover.
func (e planEni) ruledAddresses() []netip.Addr {
	var out []netip.Addr
	if !e.primary && e.primaryIP.IsValid() {
		out = append(out, e.primaryIP)
	}
	return append(out, e.secondaries...)
}

// listsEnis tells whether metadata mode manages only listed ENIs: a listed
// ENI other than a cut-through one restricts management to the list.
func (p plan) listsEnis() bool {
	for _, e := range p.enis {
		if !e.cutThrough {
			return true
		}
	}
	return false
}

// minTable is the lowest table whose rules the program adds: the ENIs'
// tables (in metadata mode without a list, tableBase+1 upwards) and the
// extra addresses' tables.
func (p plan) minTable() int {
	m := p.tableBase + 1
	if p.usePrimary {
		m = p.tableBase
	}
	for _, e := range p.enis {
		m = min(m, e.table)
	}
	for _, x := range p.extras {
		m = min(m, x.table)
	}
	return m
}

// suppressPriority is the priority of the rule that sends traffic with a
// more specific route than the default in the main table (container
// bridges, VPNs, the local subnets) by the main table, ahead of every
// per-address rule.
func (p plan) suppressPriority() int {
	return max(p.minTable()-1, 1)
}

// subnetPriority is the priority of the rules that keep traffic from an
// ENI's address to its own subnet on that ENI where another interface shares
// the subnet; they come before the suppress rule.
func (p plan) subnetPriority() int {
	return max(p.minTable()-2, 1)
}
