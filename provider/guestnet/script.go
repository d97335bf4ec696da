package guestnet

import (
	_ "embed"
	"fmt"
	"net/netip"
	"strings"
	"text/template"
)

// header.sh.tmpl is the short rendered part of the program: the
// configuration. lib.sh holds every function and is the same on every
// instance.
var (
	//go:embed header.sh.tmpl
	headerTemplate string
	//go:embed lib.sh
	libScript string
)

var headerTmpl = template.Must(template.New("header.sh").Funcs(template.FuncMap{"q": shellQuote}).Parse(headerTemplate))

// headerData is what the header template reads.
type headerData struct {
	Mode               string
	MetadataURL        string
	TableBase          int
	MaxOrder           int
	MTU                int
	UsePrimary         int
	PrimaryMAC         string
	DefaultSourceIP    string
	DefaultSourceTable int
	SuppressPriority   int
	SubnetPriority     int
	Listed             string
	CutThrough         string
	Static             []string
	Extras             []string
}

// shellQuote quotes s for POSIX sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// list joins addresses with commas, or gives "-" for none.
func list(as []netip.Addr) string {
	if len(as) == 0 {
		return "-"
	}
	return joinAddrs(as, ",")
}

// renderScript renders the guest program for p: the header, lib.sh and the
// call of main.
func renderScript(p plan) (string, error) {
	d := headerData{
		Mode:               p.mode,
		MetadataURL:        p.metadataURL,
		TableBase:          p.tableBase,
		MaxOrder:           maxEniOrder,
		MTU:                p.mtu,
		PrimaryMAC:         p.primaryMAC,
		DefaultSourceIP:    p.defaultSource,
		DefaultSourceTable: p.tableBase + defaultSourceTable,
		SuppressPriority:   p.suppressPriority(),
		SubnetPriority:     p.subnetPriority(),
	}
	if p.usePrimary {
		d.UsePrimary = 1
	}
	var listed, cutThrough []string
	for _, e := range p.enis {
		if p.mode == ModeMetadata && e.cutThrough {
			gw := "-"
			if e.gateway.IsValid() {
				gw = e.gateway.String()
			}
			cutThrough = append(cutThrough, fmt.Sprintf("%s %d %s", e.mac, e.table, gw))
			continue
		}
		if p.mode == ModeMetadata {
			listed = append(listed, fmt.Sprintf("%s %d", e.mac, e.table))
			continue
		}
		if e.primary && !p.usePrimary {
			continue
		}
		role, pip := "secondary", "-"
		if e.primary {
			role = "primary"
		}
		if e.primaryIP.IsValid() {
			pip = e.primaryIP.String()
		}
		cidr6, gw6 := "-", "-"
		if len(e.ipv6s) > 0 {
			cidr6, gw6 = e.cidr6.String(), e.gateway6.String()
		}
		d.Static = append(d.Static, strings.Join([]string{"eni", role, e.mac, fmt.Sprint(e.table), e.cidr.String(), e.gateway.String(),
			pip, list(e.secondaries), cidr6, gw6, list(e.ipv6s)}, " "))
	}
	d.Listed = strings.Join(listed, " ")
	d.CutThrough = strings.Join(cutThrough, " ")
	for _, x := range p.extras {
		d.Extras = append(d.Extras, fmt.Sprintf("extra %s %d %s %d %s %s", x.mac, x.table, x.address, x.network.Bits(), x.network, x.gateway))
	}
	var b strings.Builder
	if err := headerTmpl.Execute(&b, d); err != nil {
		return "", err
	}
	b.WriteString(libScript)
	b.WriteString("\nmain \"$@\"\n")
	return b.String(), nil
}
