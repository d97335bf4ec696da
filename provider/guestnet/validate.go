package guestnet

import (
	"fmt"
	"maps"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

var macPattern = regexp.MustCompile(`^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$`)

// CheckOptions checks the options of cfg that do not depend on any address (mode, metadata URL,
// table base, MTU), so callers can refuse them before anything else exists.
func CheckOptions(cfg Config) error {
	_, err := validateOptions(cfg)
	return err
}

// validateOptions checks the options of cfg and starts the plan Render works from.
func validateOptions(cfg Config) (plan, error) {
	p := plan{
		mode:        cfg.Mode,
		metadataURL: cfg.MetadataURL,
		tableBase:   cfg.TableBase,
		mtu:         cfg.MTU,
		usePrimary:  cfg.UsePrimaryEni,
		userData:    cfg.UserData,
	}
	if p.mode == "" {
		p.mode = ModeMetadata
	}
	if p.mode != ModeMetadata && p.mode != ModeStatic {
		return p, fmt.Errorf("mode %q is unknown: use %q (read addresses from the instance metadata) or %q (render every address)", cfg.Mode, ModeMetadata, ModeStatic)
	}
	if p.metadataURL == "" {
		p.metadataURL = DefaultMetadataURL
	}
	if err := checkMetadataURL(p.metadataURL); err != nil {
		return p, err
	}
	p.tableBase = EniTable(p.tableBase, 0)
	if p.tableBase < 256 || p.tableBase+defaultSourceTable+2 >= mainRulePriority {
		return p, fmt.Errorf("tableBase %d is out of range: use 256 to %d so that every table (tableBase to tableBase+%d) is a free number and its rule priority stays below the main table's rule %d", cfg.TableBase, mainRulePriority-defaultSourceTable-3, defaultSourceTable+2, mainRulePriority)
	}
	if p.mtu != 0 && (p.mtu < 68 || p.mtu > 65535) {
		return p, fmt.Errorf("mtu %d is out of range: use 0 to leave the MTU unchanged or 68 to 65535 (Alibaba Cloud uses 1500 or 8500)", cfg.MTU)
	}

	return p, nil
}

// validate checks cfg and returns the plan Render works from.
func validate(cfg Config) (plan, error) {
	p, err := validateOptions(cfg)
	if err != nil {
		return p, err
	}

	tables := map[int]string{}
	claim := func(table int, field string) error {
		if other, ok := tables[table]; ok {
			return fmt.Errorf("%s: table %d is already used by %s: give each ENI and extra address its own table", field, table, other)
		}
		tables[table] = field
		return nil
	}
	addrs := map[netip.Addr]string{}
	claimAddr := func(a netip.Addr, field string) error {
		if other, ok := addrs[a]; ok {
			return fmt.Errorf("%s: address %s is also %s: every address must appear once", field, a, other)
		}
		addrs[a] = field
		return nil
	}
	macs := map[string]string{}

	// The primary ENI's table: its addresses' routes with usePrimaryEni, and
	// always the route of its own addresses to a subnet an ENI shares.
	tables[p.tableBase] = "the primary ENI (tableBase+0)"
	if p.mode == ModeMetadata && len(cfg.Interfaces) == 0 {
		for i := 1; i <= maxEniOrder; i++ {
			tables[EniTable(p.tableBase, i)] = fmt.Sprintf("the secondary ENI with device order %d (tableBase+%d)", i, i)
		}
	}
	order := 0
	for i, in := range cfg.Interfaces {
		field := fmt.Sprintf("interfaces[%d]", i)
		e, err := checkInterface(p.mode, field, in)
		if err != nil {
			return p, err
		}
		if other, ok := macs[e.mac]; ok {
			return p, fmt.Errorf("%s.mac %s is also %s.mac: list each ENI once", field, in.MAC, other)
		}
		macs[e.mac] = field
		if e.primary {
			if !p.usePrimary {
				return p, fmt.Errorf("%s.primary is true but usePrimaryEni is false: set usePrimaryEni to manage the primary ENI's secondary addresses, or drop this entry", field)
			}
			if p.primaryMAC != "" {
				return p, fmt.Errorf("%s.primary is true but another interface is already the primary ENI: an instance has one primary ENI", field)
			}
			p.primaryMAC = e.mac
			e.table = p.tableBase
			if in.Table != 0 {
				delete(tables, p.tableBase)
				e.table = in.Table
				if err := checkTable(in.Table, field+".table"); err != nil {
					return p, err
				}
				if err := claim(e.table, field+".table"); err != nil {
					return p, err
				}
			}
		} else {
			order++
			if order > maxEniOrder {
				return p, fmt.Errorf("%s: more than %d secondary ENIs listed: an instance cannot hold that many", field, maxEniOrder)
			}
			e.table = EniTable(p.tableBase, order)
			if in.Table != 0 {
				if err := checkTable(in.Table, field+".table"); err != nil {
					return p, err
				}
				e.table = in.Table
			}
			if err := claim(e.table, field+".table"); err != nil {
				return p, err
			}
		}
		for _, a := range e.ruledAddresses() {
			if err := claimAddr(a, field); err != nil {
				return p, err
			}
		}
		if e.primary && e.primaryIP.IsValid() {
			if err := claimAddr(e.primaryIP, field+".primaryIp"); err != nil {
				return p, err
			}
		}
		for _, a := range e.ipv6s {
			if err := claimAddr(a, field+".ipv6Addresses"); err != nil {
				return p, err
			}
		}
		p.enis = append(p.enis, e)
	}
	if p.mode == ModeStatic && len(p.enis) == 0 {
		return p, fmt.Errorf("interfaces is empty: static mode needs every managed ENI with its addresses")
	}

	k := 0
	for i, in := range cfg.Interfaces {
		for j, x := range in.ExtraAddresses {
			field := fmt.Sprintf("interfaces[%d].extraAddresses[%d]", i, j)
			ex, err := checkExtra(field, x)
			if err != nil {
				return p, err
			}
			ex.mac = p.enis[i].mac
			if k >= maxExtraAddresses {
				return p, fmt.Errorf("%s: more than %d extra addresses: set explicit tables or split the configuration", field, maxExtraAddresses)
			}
			ex.table = p.tableBase + extraTableOffset + k
			k++
			if x.Table != 0 {
				if err := checkTable(x.Table, field+".table"); err != nil {
					return p, err
				}
				ex.table = x.Table
			}
			if err := claim(ex.table, field+".table"); err != nil {
				return p, err
			}
			if err := claimAddr(ex.address, field+".address"); err != nil {
				return p, err
			}
			p.extras = append(p.extras, ex)
		}
	}

	if cfg.DefaultSourceIP != "" {
		a, err := netip.ParseAddr(cfg.DefaultSourceIP)
		if err != nil || !a.Is4() {
			return p, fmt.Errorf("defaultSourceIp %q is not an IPv4 address: give one of the managed IPv4 addresses or leave it empty", cfg.DefaultSourceIP)
		}
		if p.mode == ModeStatic {
			if field, ok := addrs[a]; !ok || strings.HasSuffix(field, ".primaryIp") || strings.HasSuffix(field, ".ipv6Addresses") {
				return p, fmt.Errorf("defaultSourceIp %s is not a managed IPv4 address: give a primaryIp, secondaryIps or extraAddresses entry of a listed ENI", a)
			}
		}
		limit := p.tableBase + defaultSourceTable
		for _, t := range slices.Sorted(maps.Keys(tables)) {
			if field := tables[t]; t >= limit {
				return p, fmt.Errorf("%s: table %d must be below tableBase+%d (%d) when defaultSourceIp is set, so its source rules come before the default-source rules", field, t, defaultSourceTable, limit)
			}
		}
		p.defaultSource = a.String()
	}
	return p, nil
}

func checkMetadataURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("metadataUrl %q is not a plain http(s) URL: use the default %s or a URL of the same form", raw, DefaultMetadataURL)
	}
	if !strings.HasSuffix(u.Path, "/meta-data") {
		return fmt.Errorf("metadataUrl %q does not end with /meta-data: the token endpoint is derived by replacing it with /api/token", raw)
	}
	if strings.ContainsAny(raw, " '\"\\$`") {
		return fmt.Errorf("metadataUrl %q contains a space, quote, backslash, dollar or backtick: remove it", raw)
	}
	return nil
}

func checkTable(t int, field string) error {
	if t < 1 || t >= mainRulePriority || (t >= 253 && t <= 255) {
		return fmt.Errorf("%s %d is not usable: use 1 to %d except 253-255 (default, main and local tables); the table number is also its rule priority, which must stay below the main table's rule %d", field, t, mainRulePriority-1, mainRulePriority)
	}
	return nil
}

func checkInterface(mode, field string, in Interface) (planEni, error) {
	e := planEni{primary: in.Primary, cutThrough: in.CutThrough, dhcp: in.DHCP || in.CutThrough}
	if in.CutThrough && in.Primary {
		return e, fmt.Errorf("%s.cutThrough is set on the primary ENI: cut-through mode binds an EIP to a secondary ENI only", field)
	}
	if !macPattern.MatchString(in.MAC) {
		return e, fmt.Errorf("%s.mac %q is not a MAC address: use the form aa:bb:cc:dd:ee:ff", field, in.MAC)
	}
	e.mac = strings.ToLower(in.MAC)
	if mode == ModeMetadata && in.CutThrough && in.Gateway != "" {
		gw, err := netip.ParseAddr(in.Gateway)
		if err != nil || !gw.Is4() {
			return e, fmt.Errorf("%s.gateway %q is not an IPv4 address: give the EIP's gateway from DescribeEipGatewayInfo, or leave it empty for the gateway DHCP gives", field, in.Gateway)
		}
		e.gateway = gw
		in.Gateway = ""
	}
	if mode == ModeMetadata {
		for _, f := range []struct {
			name string
			set  bool
		}{
			{"primary", in.Primary}, {"primaryIp", in.PrimaryIP != ""}, {"secondaryIps", len(in.SecondaryIPs) > 0},
			{"cidr", in.CIDR != ""}, {"gateway", in.Gateway != ""}, {"ipv6Addresses", len(in.IPv6Addresses) > 0},
			{"ipv6Cidr", in.IPv6CIDR != ""}, {"ipv6Gateway", in.IPv6Gateway != ""},
		} {
			if f.set {
				return e, fmt.Errorf("%s.%s is set in metadata mode: metadata mode reads it from the instance metadata; set mode to static or leave it empty", field, f.name)
			}
		}
		return e, nil
	}

	if in.CIDR == "" {
		return e, fmt.Errorf("%s.cidr is empty: static mode needs the ENI's vSwitch CIDR, e.g. 192.168.0.0/24", field)
	}
	cidr, err := netip.ParsePrefix(in.CIDR)
	if err != nil || !cidr.Addr().Is4() {
		return e, fmt.Errorf("%s.cidr %q is not an IPv4 CIDR: use the vSwitch CIDR, e.g. 192.168.0.0/24", field, in.CIDR)
	}
	if cidr.Masked() != cidr {
		return e, fmt.Errorf("%s.cidr %s is not a network address: use %s", field, cidr, cidr.Masked())
	}
	if in.CutThrough {
		return checkCutThrough(field, in, e, cidr)
	}
	if !limits.IsVSwitchMask(cidr.Bits()) {
		return e, fmt.Errorf("%s.cidr %s has a /%d mask: vSwitch CIDRs have %d to %d bits", field, cidr, cidr.Bits(), limits.VSwitchMinBits, limits.VSwitchMaxBits)
	}
	e.cidr = cidr
	gw := addressing.Gateway(cidr)
	if in.Gateway != "" {
		gw, err = netip.ParseAddr(in.Gateway)
		if err != nil || !gw.Is4() {
			return e, fmt.Errorf("%s.gateway %q is not an IPv4 address: leave it empty for the vSwitch gateway %s", field, in.Gateway, addressing.Gateway(cidr))
		}
		if !cidr.Contains(gw) {
			return e, fmt.Errorf("%s.gateway %s is outside cidr %s: the gateway must be in the vSwitch, normally %s", field, gw, cidr, addressing.Gateway(cidr))
		}
	}
	e.gateway = gw
	checkIP := func(raw, name string) (netip.Addr, error) {
		a, err := netip.ParseAddr(raw)
		if err != nil || !a.Is4() {
			return a, fmt.Errorf("%s.%s %q is not an IPv4 address", field, name, raw)
		}
		switch addressing.Place(cidr, a) {
		case addressing.OutsideVSwitch:
			return a, fmt.Errorf("%s.%s %s is outside cidr %s: use an address of the ENI's vSwitch", field, name, a, cidr)
		case addressing.ReservedInVSwitch:
			return a, fmt.Errorf("%s.%s %s is reserved in cidr %s: a vSwitch reserves its first and last three addresses (%s)", field, name, a, cidr, joinAddrs(addressing.Reserved(cidr), ", "))
		}
		if a == gw {
			return a, fmt.Errorf("%s.%s %s is the gateway of cidr %s: use another address", field, name, a, cidr)
		}
		return a, nil
	}
	if in.PrimaryIP == "" && !in.Primary {
		return e, fmt.Errorf("%s.primaryIp is empty: static mode needs the ENI's primary private IPv4 address", field)
	}
	if in.PrimaryIP != "" {
		if e.primaryIP, err = checkIP(in.PrimaryIP, "primaryIp"); err != nil {
			return e, err
		}
	}
	for i, raw := range in.SecondaryIPs {
		a, err := checkIP(raw, fmt.Sprintf("secondaryIps[%d]", i))
		if err != nil {
			return e, err
		}
		e.secondaries = append(e.secondaries, a)
	}
	if len(in.IPv6Addresses) > 0 || in.IPv6CIDR != "" || in.IPv6Gateway != "" {
		c6, err := netip.ParsePrefix(in.IPv6CIDR)
		if err != nil || !c6.Addr().Is6() || c6.Addr().Is4In6() || c6.Masked() != c6 {
			return e, fmt.Errorf("%s.ipv6Cidr %q is not an IPv6 network: use the vSwitch IPv6 CIDR, e.g. 2408:4005:300::/64", field, in.IPv6CIDR)
		}
		g6, err := netip.ParseAddr(in.IPv6Gateway)
		if err != nil || !g6.Is6() || g6.Zone() != "" {
			return e, fmt.Errorf("%s.ipv6Gateway %q is not an IPv6 address: give the vSwitch IPv6 gateway (metadata ipv6-gateway)", field, in.IPv6Gateway)
		}
		e.cidr6, e.gateway6 = c6, g6
		for i, raw := range in.IPv6Addresses {
			a, err := netip.ParseAddr(raw)
			if err != nil || !a.Is6() || a.Is4In6() || a.Zone() != "" {
				return e, fmt.Errorf("%s.ipv6Addresses[%d] %q is not an IPv6 address", field, i, raw)
			}
			if !c6.Contains(a) {
				return e, fmt.Errorf("%s.ipv6Addresses[%d] %s is outside ipv6Cidr %s", field, i, a, c6)
			}
			e.ipv6s = append(e.ipv6s, a)
		}
		if len(e.ipv6s) == 0 {
			return e, fmt.Errorf("%s.ipv6Cidr is set but ipv6Addresses is empty: list the ENI's IPv6 addresses or drop the IPv6 fields", field)
		}
	}
	return e, nil
}

// checkCutThrough checks a static cut-through ENI: its EIP (primaryIp) in the EIP's
// network (cidr) with the EIP's gateway, and no other address.
func checkCutThrough(field string, in Interface, e planEni, network netip.Prefix) (planEni, error) {
	if network.Bits() < 8 || network.Bits() > 30 {
		return e, fmt.Errorf("%s.cidr %s has a /%d mask: give the EIP's network from DescribeEipGatewayInfo (8 to 30 bits)", field, network, network.Bits())
	}
	eip, err := netip.ParseAddr(in.PrimaryIP)
	if err != nil || !eip.Is4() || !network.Contains(eip) {
		return e, fmt.Errorf("%s.primaryIp %q is not an IPv4 address in cidr %s: give the EIP, which replaced the ENI's private IP", field, in.PrimaryIP, network)
	}
	gw, err := netip.ParseAddr(in.Gateway)
	if err != nil || !gw.Is4() || !network.Contains(gw) || gw == eip {
		return e, fmt.Errorf("%s.gateway %q is not another address of cidr %s: give the EIP's gateway from DescribeEipGatewayInfo", field, in.Gateway, network)
	}
	if len(in.SecondaryIPs) > 0 || len(in.IPv6Addresses) > 0 {
		return e, fmt.Errorf("%s: a cut-through ENI holds its EIP only: drop secondaryIps and ipv6Addresses", field)
	}
	e.cidr, e.gateway, e.primaryIP = network, gw, eip
	return e, nil
}

func checkExtra(field string, x ExtraAddress) (planExtra, error) {
	n, problem := addressing.ParseEipNetwork(x.Address, x.Gateway, x.PrefixLength)
	switch problem {
	case addressing.EipAddressNotIPv4:
		return planExtra{}, fmt.Errorf("%s.address %q is not an IPv4 address", field, x.Address)
	case addressing.EipGatewayNotIPv4:
		return planExtra{}, fmt.Errorf("%s.gateway %q is not an IPv4 address: give the EIP's gateway from DescribeEipGatewayInfo", field, x.Gateway)
	case addressing.EipPrefixLengthOutOfRange:
		return planExtra{}, fmt.Errorf("%s.prefixLength %d is out of range: use 1 to 32 (the EIP's mask from DescribeEipGatewayInfo)", field, x.PrefixLength)
	case addressing.EipGatewayOutside:
		return planExtra{}, fmt.Errorf("%s.gateway %s is outside %s: the gateway must be another address of the address's network", field, n.Gateway, n.Network)
	case addressing.EipGatewayIsAddress:
		return planExtra{}, fmt.Errorf("%s.gateway %s equals the address: give the EIP's gateway", field, n.Gateway)
	}
	return planExtra{address: n.Address, network: n.Network, gateway: n.Gateway}, nil
}
