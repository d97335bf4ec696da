package guestnet

import (
	_ "embed"
	"strings"
	"text/template"
)

//go:embed guestnet.sh.tmpl
var scriptTemplate string

var scriptTmpl = template.Must(template.New("guestnet.sh").Funcs(template.FuncMap{"q": shellQuote}).Parse(scriptTemplate))

// scriptData is what the guest program template reads.
type scriptData struct {
	Mode                string
	MetadataURL         string
	TableBase           int
	MTU                 int
	UsePrimary          int
	DefaultSourceIP     string
	PrimaryMAC          string
	MaxOrder            int
	DefaultSourceOffset int
	Listed              []scriptListed
	Static              []scriptEni
	Extras              []scriptExtra
}

type scriptListed struct {
	MAC   string
	Table int
}

type scriptEni struct {
	Role, MAC                              string
	Table                                  int
	CIDR, Gateway, PrimaryIP, SecondaryIPs string
	CIDR6, Gateway6, IPv6s                 string
}

type scriptExtra struct {
	MAC          string
	Table        int
	Address      string
	PrefixLength int
	Network      string
	Gateway      string
}

// shellQuote quotes s for POSIX sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// renderScript renders the guest program for p.
func renderScript(p plan) (string, error) {
	d := scriptData{
		Mode:                p.mode,
		MetadataURL:         p.metadataURL,
		TableBase:           p.tableBase,
		MTU:                 p.mtu,
		DefaultSourceIP:     p.defaultSource,
		PrimaryMAC:          p.primaryMAC,
		MaxOrder:            maxEniOrder,
		DefaultSourceOffset: defaultSourceTable,
	}
	if p.usePrimary {
		d.UsePrimary = 1
	}
	for _, e := range p.enis {
		if p.mode == ModeMetadata {
			d.Listed = append(d.Listed, scriptListed{MAC: e.mac, Table: e.table})
			continue
		}
		if e.primary && !p.usePrimary {
			continue
		}
		se := scriptEni{Role: "secondary", MAC: e.mac, Table: e.table, CIDR: e.cidr.String(), Gateway: e.gateway.String()}
		if e.primary {
			se.Role = "primary"
		}
		if e.primaryIP.IsValid() {
			se.PrimaryIP = e.primaryIP.String()
		}
		se.SecondaryIPs = joinAddrs(e.secondaries, " ")
		if len(e.ipv6s) > 0 {
			se.CIDR6, se.Gateway6, se.IPv6s = e.cidr6.String(), e.gateway6.String(), joinAddrs(e.ipv6s, " ")
		}
		d.Static = append(d.Static, se)
	}
	for _, x := range p.extras {
		d.Extras = append(d.Extras, scriptExtra{MAC: x.mac, Table: x.table, Address: x.address.String(), PrefixLength: x.network.Bits(), Network: x.network.String(), Gateway: x.gateway.String()})
	}
	var b strings.Builder
	if err := scriptTmpl.Execute(&b, d); err != nil {
		return "", err
	}
	return b.String(), nil
}
