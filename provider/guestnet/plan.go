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
