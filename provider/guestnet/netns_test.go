//go:build root

package guestnet

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Test-local addresses only: 192.168.0.0/24 (the documented example's VPC), documentation
// ranges 203.0.113.8/29, 192.0.2.0/24, 198.51.100.0/24 and 2001:db8::/32, and
// 100.100.100.200 inside the isolated router namespace.
const (
	eth0MAC      = "02:e0:00:00:00:00"
	eth0IP       = "192.168.0.3"
	eth0Gateway  = "192.168.0.253"
	eth0Extra    = "192.168.0.7"
	remoteIP     = "198.51.100.10"
	remoteIP6    = "2001:db8:100::10"
	remotePort   = "8000"
	metadataHost = "100.100.100.200:8080"
)

// testEni is a secondary ENI of the emulated instance.
type testEni struct {
	dev, mac, cidr, gateway, primaryIP string
	secondaries                        []string
	bridged                            bool // on eth0's segment (same vSwitch)
	dhcp                               bool // primary address set before the program runs
	leaseFirst                         bool // with dhcp: set before eth0's, so its subnet route comes first
	ipv6s                              []string
	cidr6, gateway6                    string
	extras                             []ExtraAddress
}

func eniSameSubnet(dhcp bool) testEni {
	return testEni{dev: "eth1", mac: "02:e0:00:00:00:01", cidr: "192.168.0.0/24", gateway: eth0Gateway,
		primaryIP: "192.168.0.252", secondaries: []string{"192.168.0.1", "192.168.0.2"}, bridged: true, dhcp: dhcp}
}

// leaseFirst gives e its DHCP lease before eth0 gets its own.
func leaseFirst(e testEni) testEni {
	e.leaseFirst = true
	return e
}

func eniPublic(withExtrasAndV6 bool) testEni {
	e := testEni{dev: "eth2", mac: "02:e0:00:00:00:02", cidr: "203.0.113.8/29", gateway: "203.0.113.13",
		primaryIP: "203.0.113.10", secondaries: []string{"203.0.113.11"}}
	if withExtrasAndV6 {
		e.ipv6s, e.cidr6, e.gateway6 = []string{"2001:db8:8::10"}, "2001:db8:8::/64", "2001:db8:8::1"
		e.extras = []ExtraAddress{{Address: "192.0.2.50", PrefixLength: 24, Gateway: "192.0.2.1"}}
	}
	return e
}

// routingCase is one emulated instance.
type routingCase struct {
	name          string
	enis          []testEni
	usePrimary    bool
	defaultSource string
	mtu           int
}

// topology is the emulated instance (guest), its VPC router and a remote host.
type topology struct {
	guest, router, remote string
	lib                   string // the guest's /var/lib/eipkit-guestnet: it survives a reboot
}

// build creates the namespaces: guest eth0 and the ENIs (veths with the
// ENIs' MACs), the router holding every gateway and the metadata address, and
// the remote host behind the router.
func (c routingCase) build(t testing.TB) topology {
	t.Helper()
	id := uniqueID()
	tp := topology{guest: addNetns(t, "egg"+id), router: addNetns(t, "egr"+id), remote: addNetns(t, "egh"+id), lib: t.TempDir()}
	g, r, h := tp.guest, tp.router, tp.remote
	sh(t, "ip", "link", "add", "name", "eth0", "address", eth0MAC, "netns", g, "type", "veth", "peer", "name", "r-eth0", "netns", r)
	sh(t, "ip", "link", "add", "name", "h0", "netns", h, "type", "veth", "peer", "name", "r-h", "netns", r)
	for _, e := range c.enis {
		sh(t, "ip", "link", "add", "name", e.dev, "address", e.mac, "netns", g, "type", "veth", "peer", "name", "r-"+e.dev, "netns", r)
	}

	// Router: forwarding, eth0's segment on a bridge, one link per other ENI.
	for _, cmd := range [][]string{
		{"sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"},
		{"ip", "link", "add", "br0", "type", "bridge"},
		{"ip", "link", "set", "r-eth0", "master", "br0", "up"},
		{"ip", "link", "set", "br0", "up"},
		{"ip", "addr", "add", eth0Gateway + "/24", "dev", "br0"},
		{"ip", "addr", "add", "100.100.100.200/32", "dev", "lo"},
		{"ip", "link", "set", "r-h", "up"},
		{"ip", "addr", "add", "198.51.100.1/24", "dev", "r-h"},
		{"ip", "addr", "add", "2001:db8:100::1/64", "dev", "r-h", "nodad"},
	} {
		nsSh(t, r, cmd...)
	}
	for _, e := range c.enis {
		if e.bridged {
			nsSh(t, r, "ip", "link", "set", "r-"+e.dev, "master", "br0", "up")
			continue
		}
		bits := strings.Split(e.cidr, "/")[1]
		nsSh(t, r, "ip", "link", "set", "r-"+e.dev, "up")
		nsSh(t, r, "ip", "addr", "add", e.gateway+"/"+bits, "dev", "r-"+e.dev)
		for _, x := range e.extras {
			nsSh(t, r, "ip", "addr", "add", fmt.Sprintf("%s/%d", x.Gateway, x.PrefixLength), "dev", "r-"+e.dev)
		}
		if e.gateway6 != "" {
			nsSh(t, r, "ip", "addr", "add", e.gateway6+"/64", "dev", "r-"+e.dev, "nodad")
		}
	}

	// Remote host.
	nsSh(t, h, "ip", "link", "set", "h0", "up")
	nsSh(t, h, "ip", "addr", "add", remoteIP+"/24", "dev", "h0")
	nsSh(t, h, "ip", "addr", "add", remoteIP6+"/64", "dev", "h0", "nodad")
	nsSh(t, h, "ip", "route", "add", "default", "via", "198.51.100.1")
	nsSh(t, h, "ip", "-6", "route", "add", "default", "via", "2001:db8:100::1")

	// Guest: eth0 configured like the image does; ENIs down and without
	// addresses (no DHCP) unless the case says DHCP configured them, before
	// eth0 when its lease came first (ifupdown's hot-plug ifup can win).
	lease := func(e testEni) {
		bits := strings.Split(e.cidr, "/")[1]
		nsSh(t, g, "ip", "link", "set", e.dev, "up")
		nsSh(t, g, "ip", "addr", "add", e.primaryIP+"/"+bits, "brd", "+", "dev", e.dev)
	}
	for _, e := range c.enis {
		if e.dhcp && e.leaseFirst {
			lease(e)
		}
	}
	nsSh(t, g, "sysctl", "-qw", "net.ipv6.conf.eth0.disable_ipv6=1")
	nsSh(t, g, "ip", "link", "set", "eth0", "up")
	nsSh(t, g, "ip", "addr", "add", eth0IP+"/24", "brd", "+", "dev", "eth0")
	nsSh(t, g, "ip", "route", "add", "default", "via", eth0Gateway, "dev", "eth0")
	for _, e := range c.enis {
		if len(e.ipv6s) == 0 {
			nsSh(t, g, "sysctl", "-qw", "net.ipv6.conf."+e.dev+".disable_ipv6=1")
		} else {
			nsSh(t, g, "sysctl", "-qw", "net.ipv6.conf."+e.dev+".accept_ra=0")
		}
		if e.dhcp && !e.leaseFirst {
			lease(e)
		}
	}
	return tp
}

// config returns the Config for the case in the given mode.
func (c routingCase) config(mode string, drop string) Config {
	cfg := Config{Mode: mode, UsePrimaryEni: c.usePrimary, DefaultSourceIP: c.defaultSource, MTU: c.mtu}
	keep := func(xs []string) []string {
		var out []string
		for _, x := range xs {
			if x != drop {
				out = append(out, x)
			}
		}
		return out
	}
	if mode == ModeStatic {
		if c.usePrimary {
			cfg.Interfaces = append(cfg.Interfaces, Interface{MAC: eth0MAC, Primary: true, CIDR: "192.168.0.0/24", SecondaryIPs: keep([]string{eth0Extra})})
		}
		for _, e := range c.enis {
			cfg.Interfaces = append(cfg.Interfaces, Interface{MAC: e.mac, PrimaryIP: e.primaryIP, SecondaryIPs: keep(e.secondaries),
				CIDR: e.cidr, IPv6Addresses: e.ipv6s, IPv6CIDR: e.cidr6, IPv6Gateway: e.gateway6, ExtraAddresses: e.extras})
		}
		return cfg
	}
	cfg.MetadataURL = "http://" + metadataHost + "/latest/meta-data"
	listed := false
	for _, e := range c.enis {
		listed = listed || len(e.extras) > 0
	}
	if listed {
		for _, e := range c.enis {
			cfg.Interfaces = append(cfg.Interfaces, Interface{MAC: strings.ToUpper(e.mac), ExtraAddresses: e.extras})
		}
	}
	return cfg
}

func (c routingCase) metadata() *fakeMetadata {
	f := &fakeMetadata{hardened: true, primaryMAC: eth0MAC, enis: map[string]*fakeEni{}}
	primary := &fakeEni{primaryIP: eth0IP, cidr: "192.168.0.0/24", gateway: eth0Gateway}
	if c.usePrimary {
		primary.secondaries = []string{eth0Extra}
	}
	f.enis[eth0MAC] = primary
	f.order = append(f.order, eth0MAC)
	for _, e := range c.enis {
		f.enis[e.mac] = &fakeEni{primaryIP: e.primaryIP, cidr: e.cidr, gateway: e.gateway, secondaries: append([]string(nil), e.secondaries...),
			ipv6s: e.ipv6s, cidr6: e.cidr6, gateway6: e.gateway6}
		f.order = append(f.order, e.mac)
	}
	return f
}

// runScript runs the program in the guest namespace and returns its log.
func runScript(t testing.TB, tp topology, script, stateDir string, env ...string) string {
	t.Helper()
	out, code := runScriptStatus(t, tp, script, stateDir, env...)
	require.Zero(t, code, "guest program failed:\n%s", out)
	return out
}

// runScriptStatus runs the program in the guest namespace and returns its log
// and exit status.
func runScriptStatus(t testing.TB, tp topology, script, stateDir string, env ...string) (string, int) {
	t.Helper()
	return runScriptUnder(t, tp, nil, script, stateDir, env...)
}

// runScriptUnder runs the program in the guest namespace as an argument of
// the command launcher (none when nil) and returns its log and exit status.
func runScriptUnder(t testing.TB, tp topology, launcher []string, script, stateDir string, env ...string) (string, int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "eipkit-guestnet")
	require.NoError(t, os.WriteFile(path, []byte(script), 0o755))
	// The host's own systemd-networkd state is not the guest's.
	args := append(append(append([]string(nil), launcher...), "env", "EIPKIT_STATE_DIR="+stateDir, "EIPKIT_LIB_DIR="+tp.lib,
		"EIPKIT_METADATA_URL=http://"+metadataHost+"/latest/meta-data",
		"EIPKIT_NETIF_DIR="+filepath.Join(tp.lib, "no-networkd"), "EIPKIT_NETWORKD_DIR="+filepath.Join(tp.lib, "no-networkd")), env...)
	out, err := nsRun(tp.guest, append(args, "/bin/sh", path)...)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return out, exit.ExitCode()
	}
	require.NoError(t, err, out)
	return out, 0
}

// snapshot returns the guest's rules, every table and its addresses, once the
// kernel has finished the work an address change starts (IPv6 local routes
// appear when the link's carrier is up).
func snapshot(t testing.TB, tp topology) string {
	t.Helper()
	prev := rawSnapshot(t, tp)
	for i := 0; i < 20; i++ {
		time.Sleep(50 * time.Millisecond)
		cur := rawSnapshot(t, tp)
		if cur == prev {
			return cur
		}
		prev = cur
	}
	return prev
}

func rawSnapshot(t testing.TB, tp topology) string {
	t.Helper()
	var b strings.Builder
	for _, cmd := range [][]string{
		{"ip", "-4", "rule", "show"},
		{"ip", "-6", "rule", "show"},
		{"ip", "-4", "route", "show", "table", "all"},
		{"ip", "-6", "route", "show", "table", "all"},
		{"ip", "-4", "-o", "addr", "show"},
		{"ip", "-6", "-o", "addr", "show", "scope", "global"},
	} {
		b.WriteString("# " + strings.Join(cmd, " ") + "\n")
		for _, line := range strings.Split(nsSh(t, tp.guest, cmd...), "\n") {
			if strings.Contains(line, "fe80:") || strings.Contains(line, "ff00::/8") || line == "" {
				continue // kernel-managed link-local entries
			}
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// without drops the lines that mention ip.
func without(s, ip string) string {
	re := regexp.MustCompile(`(^|[^0-9.])` + regexp.QuoteMeta(ip) + `([^0-9.]|$)`)
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if !re.MatchString(line) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// sourceSeen fetches from the remote host with the given source address (or
// none) and returns the source the remote saw.
func sourceSeen(t *testing.T, tp topology, src string) string {
	t.Helper()
	url := "http://" + remoteIP + ":" + remotePort + "/"
	if strings.Contains(src, ":") {
		url = "http://[" + remoteIP6 + "]:" + remotePort + "/"
	}
	args := []string{"curl", "-sS", "-g", "--max-time", "5"}
	if src != "" {
		args = append(args, "--interface", src)
	}
	return nsSh(t, tp.guest, append(args, url)...)
}

// bulkSize is the body of the remote's /bulk page: enough segments that the interface
// counters tell the ENI that carried them from broadcast noise on a shared subnet.
const bulkSize = 64 << 10

// remoteEcho answers with the client's address, or on /bulk with bulkSize bytes.
func remoteEcho() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/bulk" {
			_, _ = w.Write(make([]byte, bulkSize))
			return
		}
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		_, _ = w.Write([]byte(host))
	})
}

// bulkFrom fetches the remote's /bulk page with src as the source address.
func bulkFrom(t *testing.T, tp topology, src string) {
	t.Helper()
	url := "http://" + remoteIP + ":" + remotePort + "/bulk"
	if strings.Contains(src, ":") {
		url = "http://[" + remoteIP6 + "]:" + remotePort + "/bulk"
	}
	nsSh(t, tp.guest, "curl", "-sS", "-g", "--max-time", "10", "-o", "/dev/null", "--interface", src, url)
}

var routingCases = []routingCase{
	{name: "eni-in-eth0-subnet", enis: []testEni{eniSameSubnet(false)}},
	{name: "eni-public-29-extra-ipv6-mtu", enis: []testEni{eniPublic(true)}, mtu: 1450},
	{name: "two-enis-dhcp-primary-eni", enis: []testEni{eniSameSubnet(true), eniPublic(false)}, usePrimary: true},
	{name: "eni-lease-before-eth0", enis: []testEni{leaseFirst(eniSameSubnet(true))}},
	{name: "default-source", enis: []testEni{eniSameSubnet(false), eniPublic(false)}, defaultSource: "203.0.113.11"},
}

func TestRoutingInNetworkNamespaces(t *testing.T) {
	requireRoot(t)
	for _, mode := range []string{ModeStatic, ModeMetadata} {
		for _, c := range routingCases {
			t.Run(mode+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				testRoutingCase(t, mode, c)
			})
		}
	}
}

func testRoutingCase(t *testing.T, mode string, c routingCase) {
	res, err := Render(c.config(mode, ""))
	require.NoError(t, err)
	md := c.metadata()
	start := func() topology {
		tp := c.build(t)
		serveIn(t, tp.router, metadataHost, md)
		serveIn(t, tp.remote, ":"+remotePort, remoteEcho())
		return tp
	}
	tp := start()
	mainDefault := nsSh(t, tp.guest, "ip", "-4", "route", "show", "table", "main", "default")
	stateDir := t.TempDir()

	log1 := runScript(t, tp, res.Script, stateDir)
	t.Log(log1)
	first := snapshot(t, tp)
	if mode == ModeMetadata {
		assert.Positive(t, md.tokenGets, "the program must read the hardened metadata with the token")
	}

	// Every address leaves through its own ENI, and the remote sees it.
	type owned struct{ ip, dev string }
	var addrs []owned
	if c.usePrimary {
		addrs = append(addrs, owned{eth0Extra, "eth0"})
	}
	for _, e := range c.enis {
		for _, ip := range append(append([]string{e.primaryIP}, e.secondaries...), e.ipv6s...) {
			addrs = append(addrs, owned{ip, e.dev})
		}
		for _, x := range e.extras {
			addrs = append(addrs, owned{x.Address, e.dev})
		}
	}
	for _, a := range addrs {
		dst := remoteIP
		if strings.Contains(a.ip, ":") {
			dst = remoteIP6
		}
		route := nsSh(t, tp.guest, "ip", "route", "get", dst, "from", a.ip)
		assert.Contains(t, route, " dev "+a.dev+" ", "route from %s", a.ip)

		assert.Equal(t, a.ip, sourceSeen(t, tp, a.ip), "source seen by the remote for %s", a.ip)
		rx0, tx0 := byteCounters(t, tp.guest, a.dev)
		erx0, etx0 := byteCounters(t, tp.guest, "eth0")
		bulkFrom(t, tp, a.ip)
		rx1, tx1 := byteCounters(t, tp.guest, a.dev)
		erx1, etx1 := byteCounters(t, tp.guest, "eth0")
		// The 64 KiB come back through the ENI and its ACKs leave through it; a shared subnet
		// adds a few broadcasts (ARP, neighbour discovery) to eth0, never the transfer.
		assert.GreaterOrEqual(t, rx1-rx0, bulkSize, "%s: the transfer must come back through %s", a.ip, a.dev)
		assert.GreaterOrEqual(t, tx1-tx0, 500, "%s: the request and ACKs must leave through %s", a.ip, a.dev)
		if a.dev != "eth0" {
			assert.Less(t, etx1-etx0, bulkSize/16, "%s: nothing of the transfer may leave through eth0", a.ip)
			assert.Less(t, erx1-erx0, bulkSize/16, "%s: nothing of the transfer may come back through eth0", a.ip)
		}
	}

	// An ENI in eth0's vSwitch talks to a neighbour of that vSwitch through
	// itself, not through eth0 (whose subnet route the main table holds too).
	serveIn(t, tp.router, eth0Gateway+":8001", remoteEcho())
	for _, e := range c.enis {
		if !e.bridged {
			continue
		}
		for _, ip := range append([]string{e.primaryIP}, e.secondaries...) {
			_, tx0 := byteCounters(t, tp.guest, e.dev)
			_, etx0 := byteCounters(t, tp.guest, "eth0")
			nsSh(t, tp.guest, "curl", "-sS", "--max-time", "5", "-o", "/dev/null", "--interface", ip, "http://"+eth0Gateway+":8001/bulk")
			_, tx1 := byteCounters(t, tp.guest, e.dev)
			_, etx1 := byteCounters(t, tp.guest, "eth0")
			assert.GreaterOrEqual(t, tx1-tx0, 500, "%s: the request and ACKs to its subnet leave through %s", ip, e.dev)
			assert.Less(t, etx1-etx0, 500, "%s: nothing to its subnet leaves through eth0", ip)
		}
	}

	// eth0 untouched: the VPC reaches eth0's own address through eth0.
	checkEth0AnswersTheVpc(t, tp, c.enis)

	// Interface settings: loose rp_filter on ENIs, ARP isolation where an
	// ENI shares eth0's subnet, the MTU when asked.
	sysctl := func(dev, key string) string {
		return strings.TrimSpace(nsSh(t, tp.guest, "cat", "/proc/sys/net/ipv4/conf/"+dev+"/"+key))
	}
	for _, e := range c.enis {
		assert.Equal(t, "2", sysctl(e.dev, "rp_filter"), e.dev)
		if e.bridged {
			assert.Equal(t, "1", sysctl(e.dev, "arp_ignore"), e.dev)
			assert.Equal(t, "2", sysctl(e.dev, "arp_announce"), e.dev)
			assert.Equal(t, "1", sysctl("eth0", "arp_ignore"))
		} else {
			assert.Equal(t, "0", sysctl(e.dev, "arp_ignore"), "%s shares no subnet", e.dev)
		}
		if c.mtu != 0 {
			assert.Contains(t, nsSh(t, tp.guest, "ip", "link", "show", "dev", e.dev), fmt.Sprintf(" mtu %d ", c.mtu))
		}
	}
	assert.Contains(t, nsSh(t, tp.guest, "ip", "link", "show", "dev", "eth0"), " mtu 1500 ", "eth0's MTU is never changed")

	// Unbound traffic and the main default route stay on eth0, unless the
	// default source is set.
	assert.Equal(t, mainDefault, nsSh(t, tp.guest, "ip", "-4", "route", "show", "table", "main", "default"))
	assert.Equal(t, eth0IP, sourceSeen(t, tp, eth0IP))
	assert.Contains(t, nsSh(t, tp.guest, "ip", "route", "get", remoteIP, "from", eth0IP), " dev eth0 ")
	if c.defaultSource == "" {
		assert.Contains(t, nsSh(t, tp.guest, "ip", "route", "get", remoteIP), " dev eth0 ")
		assert.Equal(t, eth0IP, sourceSeen(t, tp, ""))
	} else {
		assert.Contains(t, nsSh(t, tp.guest, "ip", "route", "get", remoteIP), " dev eth2 ")
		assert.Equal(t, c.defaultSource, sourceSeen(t, tp, ""))
		assert.Contains(t, nsSh(t, tp.guest, "ip", "route", "get", "100.100.100.200"), " dev eth0 ", "metadata stays on eth0")
		assert.Contains(t, nsSh(t, tp.guest, "ip", "route", "get", "192.168.0.10"), " dev eth0 ", "eth0's subnet stays on eth0")
	}

	// DHCP-made addresses are never recorded as the program's own.
	record, err := os.ReadFile(filepath.Join(stateDir, "owned"))
	require.NoError(t, err)
	for _, e := range c.enis {
		bits := strings.Split(e.cidr, "/")[1]
		if e.dhcp {
			assert.NotContains(t, string(record), "addr4 "+e.dev+" "+e.primaryIP+"/"+bits)
		} else {
			assert.Contains(t, string(record), "addr4 "+e.dev+" "+e.primaryIP+"/"+bits, "the program adds the primary address when DHCP did not")
		}
	}

	// A second run changes nothing.
	log2 := runScript(t, tp, res.Script, stateDir)
	assert.Contains(t, log2, "no change")
	assert.NotContains(t, log2, "added")
	assert.Equal(t, first, snapshot(t, tp), "a second run must leave rules, tables and addresses byte-identical")

	// A fresh instance (reboot) comes out identical.
	tp2 := start()
	tp2.lib = tp.lib
	runScript(t, tp2, res.Script, t.TempDir())
	assert.Equal(t, first, snapshot(t, tp2), "a fresh boot must give the same state")

	// Dropping one address removes exactly its rule and address.
	drop := c.enis[0].secondaries[len(c.enis[0].secondaries)-1]
	script := res.Script
	if mode == ModeMetadata {
		md.drop(drop)
	} else {
		res3, err := Render(c.config(mode, drop))
		require.NoError(t, err)
		script = res3.Script
	}
	log3 := runScript(t, tp, script, stateDir)
	assert.Contains(t, log3, "removed rule4 ")
	assert.Contains(t, log3, "removed addr4 "+c.enis[0].dev+" "+drop+"/")
	assert.Equal(t, without(first, drop), without(snapshot(t, tp), drop))
	assert.NotContains(t, snapshot(t, tp), "from "+drop+" ")
	assert.NotRegexp(t, regexp.MustCompile(`inet `+regexp.QuoteMeta(drop)+`/`), snapshot(t, tp))
	assert.Equal(t, strings.Count(first, "\n")-strings.Count(snapshot(t, tp), "\n"), len(regexp.MustCompile(`(?m)^.*(^|[^0-9.])`+regexp.QuoteMeta(drop)+`([^0-9.]|$).*$`).FindAllString(first, -1)))

	// A container on a bridge of the host reaches every ENI address and is answered.
	var v4 []string
	for _, a := range addrs {
		if !strings.Contains(a.ip, ":") && a.ip != drop {
			v4 = append(v4, a.ip)
		}
	}
	p, err := validate(c.config(mode, ""))
	require.NoError(t, err)
	checkContainerReaches(t, tp, script, stateDir, v4, p.suppressPriority())
}

// checkContainerReaches puts a container on a bridge of the guest and checks
// that it reaches a service on each of addrs and gets the answer; then, as a
// control, that without the rule at suppressPriority the answer is lost, and
// that the next run puts the rule back.
func checkContainerReaches(t *testing.T, tp topology, script, stateDir string, addrs []string, suppressPriority int) {
	t.Helper()
	ctr := addContainer(t, tp)
	serveIn(t, tp.guest, ":9000", remoteEcho())
	get := func(ip string) (string, error) {
		return nsRun(ctr, "curl", "-sS", "--max-time", "3", "http://"+ip+":9000/")
	}
	for _, ip := range addrs {
		out, err := get(ip)
		require.NoError(t, err, "the container reaches %s: %s", ip, out)
		assert.Equal(t, containerIP, out, "the service on %s sees the container", ip)
	}
	prio := fmt.Sprint(suppressPriority)
	nsSh(t, tp.guest, "ip", "rule", "del", "priority", prio, "lookup", "main", "suppress_prefixlength", "0")
	_, err := get(addrs[0])
	require.Error(t, err, "control: without the rule the answer from %s follows the ENI's table", addrs[0])
	log := runScript(t, tp, script, stateDir)
	assert.Contains(t, log, "added rule4 "+prio+" main all - 0")
	out, err := get(addrs[0])
	require.NoError(t, err, out)
}

// containerIP is the address of the container addContainer makes.
const containerIP = "172.17.0.2"

// addContainer makes a bridge docker0 (172.17.0.1/16) in the guest, as Docker
// does, with a container namespace on it, and returns the container's name.
func addContainer(t testing.TB, tp topology) string {
	t.Helper()
	ctr := addNetns(t, "egc"+uniqueID())
	sh(t, "ip", "link", "add", "name", "ceth0", "netns", ctr, "type", "veth", "peer", "name", "vethc", "netns", tp.guest)
	for _, cmd := range [][]string{
		{"ip", "link", "add", "docker0", "type", "bridge"},
		{"ip", "addr", "add", "172.17.0.1/16", "dev", "docker0"},
		{"ip", "link", "set", "docker0", "up"},
		{"ip", "link", "set", "vethc", "master", "docker0", "up"},
	} {
		nsSh(t, tp.guest, cmd...)
	}
	nsSh(t, ctr, "ip", "link", "set", "ceth0", "up")
	nsSh(t, ctr, "ip", "addr", "add", containerIP+"/16", "dev", "ceth0")
	nsSh(t, ctr, "ip", "route", "add", "default", "via", "172.17.0.1")
	return ctr
}

func requireRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Fatal("this test needs root: it creates network namespaces (run go test as root)")
	}
	for _, tool := range []string{"ip", "curl"} {
		_, err := lookPath(tool)
		require.NoError(t, err, "%s must be on PATH (scripts/apt-packages.txt lists it)", tool)
	}
}
