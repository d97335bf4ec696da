package guestnet

import (
	"fmt"
	"net/netip"
)

// verifyCommands lists commands that show, on the instance, the public egress
// of every address, the rules and every table.
func verifyCommands(p plan) []string {
	var cmds []string
	var addrs []netip.Addr
	var v6 bool
	if p.mode == ModeStatic {
		for _, e := range p.enis {
			if e.primary && !p.usePrimary {
				continue
			}
			addrs = append(addrs, e.ruledAddresses()...)
			addrs = append(addrs, e.ipv6s...)
			v6 = v6 || len(e.ipv6s) > 0
		}
	} else {
		// The priority is compared as a number ("7101:" + 0), never as a string.
		cmds = append(cmds, fmt.Sprintf(`for ip in $(ip -4 rule list | awk '{ p = $1; sub(/:$/, "", p); p += 0 } p >= %d && p < %d && $2 == "from" && $3 != "all" { print $3 }'); do echo "$ip $(curl -s --interface "$ip" ifconfig.me)"; done`,
			p.tableBase, p.tableBase+defaultSourceTable))
	}
	for _, x := range p.extras {
		addrs = append(addrs, x.address)
	}
	for _, a := range addrs {
		cmds = append(cmds, "curl --interface "+a.String()+" ifconfig.me")
	}
	cmds = append(cmds, "ip rule list")
	if v6 || p.mode == ModeMetadata {
		cmds = append(cmds, "ip -6 rule list")
	}
	// eniTables may hold IPv6 routes; the others are IPv4 only.
	var eniTables, v4Tables []int
	if p.mode == ModeMetadata && !p.listsEnis() {
		if p.usePrimary {
			eniTables = append(eniTables, p.tableBase)
		}
		cmds = append(cmds, fmt.Sprintf(`for t in $(seq %d %d); do ip route list table "$t" 2>/dev/null; ip -6 route list table "$t" 2>/dev/null; done`, p.tableBase+1, p.tableBase+maxEniOrder))
		for _, e := range p.enis { // cut-through ENIs with a table outside that range
			if e.table <= p.tableBase || e.table > p.tableBase+maxEniOrder {
				eniTables = append(eniTables, e.table)
			}
		}
	} else {
		if p.mode == ModeMetadata && p.usePrimary {
			eniTables = append(eniTables, p.tableBase)
		}
		for _, e := range p.enis {
			eniTables = append(eniTables, e.table)
		}
	}
	for _, x := range p.extras {
		v4Tables = append(v4Tables, x.table)
	}
	if p.defaultSource != "" {
		v4Tables = append(v4Tables, p.tableBase+defaultSourceTable)
	}
	for _, t := range eniTables {
		cmds = append(cmds, fmt.Sprintf("ip route list table %d", t))
		if v6 || p.mode == ModeMetadata {
			cmds = append(cmds, fmt.Sprintf("ip -6 route list table %d", t))
		}
	}
	for _, t := range v4Tables {
		cmds = append(cmds, fmt.Sprintf("ip route list table %d", t))
	}
	// The ENIs' tables, and what the program would change or notices of other tools.
	return append(cmds, "cat "+LibDir+"/tables", ProgramPath+" --check")
}
