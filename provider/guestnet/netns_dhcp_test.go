//go:build root

package guestnet

import (
	"fmt"
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

// dhcpLease is what the DHCP server of the router namespace hands one ENI.
type dhcpLease struct {
	dev, mac, address, mask, router string
}

// dhclientScript is the DHCP client's hook in the guest: it configures the
// lease as systemd-networkd does on a secondary NIC (the address with its
// lifetime, a default route through the NIC with a high metric), and never
// touches the host's files (resolv.conf) the namespaces share.
const dhclientScript = `#!/bin/sh
case $reason in
BOUND | RENEW | REBIND | REBOOT)
	ip -4 addr replace "$new_ip_address/$new_subnet_mask" brd + dev "$interface" valid_lft "$new_dhcp_lease_time" preferred_lft "$new_dhcp_lease_time"
	for r in $new_routers; do
		ip -4 route replace default via "$r" dev "$interface" metric 1024
		break
	done
	;;
esac
exit 0
`

// serveDhcp runs dnsmasq in the router namespace, on the router's side of
// the lease's ENI, handing that ENI's MAC its address and router.
func serveDhcp(t *testing.T, tp topology, l dhcpLease) {
	t.Helper()
	dnsmasq, err := lookPath("dnsmasq")
	require.NoError(t, err, "dnsmasq must be on PATH (scripts/apt-packages.txt lists dnsmasq-base)")
	dir := t.TempDir()
	cmd := exec.Command("ip", "netns", "exec", tp.router, dnsmasq, "--keep-in-foreground", "--conf-file=/dev/null",
		"--port=0", "--bind-interfaces", "--interface=r-"+l.dev, "--except-interface=lo",
		"--pid-file="+filepath.Join(dir, "pid"), "--dhcp-leasefile="+filepath.Join(dir, "leases"),
		fmt.Sprintf("--dhcp-range=%s,static,%s,10m", l.address, l.mask),
		fmt.Sprintf("--dhcp-host=%s,%s", l.mac, l.address), "--dhcp-option=3,"+l.router, "--dhcp-authoritative")
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("dnsmasq:\n%s", out)
		}
	})
}

// dhcpConfigure brings the ENI up in the guest and runs a DHCP client on it
// until it holds the lease's address.
func dhcpConfigure(t *testing.T, tp topology, l dhcpLease) {
	t.Helper()
	dhclient, err := lookPath("dhclient")
	require.NoError(t, err, "dhclient must be on PATH (scripts/apt-packages.txt lists isc-dhcp-client)")
	dir := t.TempDir()
	script := filepath.Join(dir, "hook")
	require.NoError(t, os.WriteFile(script, []byte(dhclientScript), 0o755))
	conf := filepath.Join(dir, "dhclient.conf")
	require.NoError(t, os.WriteFile(conf, []byte("request subnet-mask, routers;\n"), 0o644))
	pid := filepath.Join(dir, "pid")
	nsSh(t, tp.guest, "ip", "link", "set", l.dev, "up")
	out, err := nsRun(tp.guest, dhclient, "-4", "-1", "-v", "-cf", conf, "-sf", script, "-pf", pid,
		"-lf", filepath.Join(dir, "leases"), l.dev)
	t.Cleanup(func() {
		if b, err := os.ReadFile(pid); err == nil {
			_ = exec.Command("kill", strings.TrimSpace(string(b))).Run()
		}
	})
	require.NoError(t, err, "dhclient: %s", out)
	require.Eventually(t, func() bool {
		got, _ := nsRun(tp.guest, "ip", "-4", "-o", "addr", "show", "dev", l.dev)
		return strings.Contains(got, " "+l.address+"/") && strings.Contains(got, " dynamic ")
	}, 10*time.Second, 100*time.Millisecond, "DHCP gives %s its address", l.dev)
}

var lifetimes = regexp.MustCompile(`(valid|preferred)_lft \S+`)

// leaseless drops the countdown of DHCP lifetimes from a snapshot.
func leaseless(s string) string { return lifetimes.ReplaceAllString(s, "$1_lft -") }

// checkLeavesThrough checks that replies to each address come back, and its
// packets leave, through dev and not eth0, by the interface byte counters.
func checkLeavesThrough(t *testing.T, tp topology, dev string, addrs ...string) {
	t.Helper()
	for _, ip := range addrs {
		assert.Contains(t, nsSh(t, tp.guest, "ip", "route", "get", remoteIP, "from", ip), " dev "+dev+" ", "route from %s", ip)
		assert.Equal(t, ip, sourceSeen(t, tp, ip), "source seen by the remote for %s", ip)
		rx0, tx0 := byteCounters(t, tp.guest, dev)
		erx0, etx0 := byteCounters(t, tp.guest, "eth0")
		bulkFrom(t, tp, ip)
		rx1, tx1 := byteCounters(t, tp.guest, dev)
		erx1, etx1 := byteCounters(t, tp.guest, "eth0")
		assert.GreaterOrEqual(t, rx1-rx0, bulkSize, "%s: the transfer must come back through %s", ip, dev)
		assert.GreaterOrEqual(t, tx1-tx0, 500, "%s: the request and ACKs must leave through %s", ip, dev)
		assert.Less(t, etx1-etx0, bulkSize/16, "%s: nothing of the transfer may leave through eth0", ip)
		assert.Less(t, erx1-erx0, bulkSize/16, "%s: nothing of the transfer may come back through eth0", ip)
	}
}

// cutThroughEni is an ENI whose EIP 203.0.113.10 (network 203.0.113.8/29,
// gateway 203.0.113.13) is bound in cut-through mode: DHCP gives the guest
// the EIP, while the metadata still lists the private IP it replaced.
var cutThroughEni = testEni{dev: "eth2", mac: "02:e0:00:00:00:02", cidr: "203.0.113.8/29", gateway: "203.0.113.13",
	primaryIP: "203.0.113.10"}

const cutThroughPrivate = "192.168.0.77"

func cutThroughMetadata() *fakeMetadata {
	md := routingCase{}.metadata()
	md.enis[cutThroughEni.mac] = &fakeEni{primaryIP: cutThroughPrivate, cidr: "192.168.0.0/24", gateway: eth0Gateway}
	md.order = append(md.order, cutThroughEni.mac)
	return md
}

// TestCutThroughEipOnItsInterface binds an EIP in cut-through mode: DHCP in
// the router namespace gives the ENI the EIP, and the program (static mode
// with the EIP's network and gateway, or metadata mode from what DHCP
// configured) gives it the ENI's table and rule, never the private IP the
// metadata still lists; replies leave through the ENI, a second run changes
// nothing, a fresh namespace comes out the same.
func TestCutThroughEipOnItsInterface(t *testing.T) {
	requireRoot(t)
	e := cutThroughEni
	lease := dhcpLease{dev: e.dev, mac: e.mac, address: e.primaryIP, mask: "255.255.255.248", router: e.gateway}
	configs := map[string]Config{
		ModeStatic: {Mode: ModeStatic, Interfaces: []Interface{{MAC: e.mac, CutThrough: true, PrimaryIP: e.primaryIP,
			CIDR: e.cidr, Gateway: e.gateway}}},
		ModeMetadata: {MetadataURL: "http://" + metadataHost + "/latest/meta-data", Interfaces: []Interface{{MAC: e.mac, CutThrough: true}}},
	}
	for _, mode := range []string{ModeStatic, ModeMetadata} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			res, err := Render(configs[mode])
			require.NoError(t, err)
			c := routingCase{enis: []testEni{e}}
			md := cutThroughMetadata()
			start := func() topology {
				tp := c.start(t, md)
				serveDhcp(t, tp, lease)
				return tp
			}
			tp := start()
			stateDir := t.TempDir()
			if mode == ModeMetadata {
				// Before DHCP has configured the ENI the program does not guess.
				log, code := runScriptStatus(t, tp, res.Script, stateDir)
				assert.Equal(t, 75, code, "the run is held until DHCP answered:\n%s", log)
				assert.Contains(t, log, "DHCP has not configured it yet")
				assert.NotContains(t, nsSh(t, tp.guest, "ip", "-4", "rule", "show"), "lookup 7101")
			}
			dhcpConfigure(t, tp, lease)
			log := runScript(t, tp, res.Script, stateDir)
			t.Log(log)
			first := leaseless(snapshot(t, tp))

			addrs := nsSh(t, tp.guest, "ip", "-4", "-o", "addr", "show", "dev", e.dev)
			assert.Contains(t, addrs, " inet "+e.primaryIP+"/29 ", "the EIP is on its interface")
			assert.NotContains(t, addrs, cutThroughPrivate, "the replaced private IP is never added")
			assert.Contains(t, nsSh(t, tp.guest, "ip", "-4", "rule", "show"), "from "+e.primaryIP+" lookup 7101")
			assert.Contains(t, nsSh(t, tp.guest, "ip", "-4", "route", "show", "table", "7101"), "default via "+e.gateway+" dev "+e.dev)
			checkLeavesThrough(t, tp, e.dev, e.primaryIP)
			assert.Contains(t, nsSh(t, tp.guest, "ip", "route", "get", remoteIP), " dev eth0 ", "unbound traffic stays on eth0")
			record, err := os.ReadFile(filepath.Join(stateDir, "owned"))
			require.NoError(t, err)
			assert.NotContains(t, string(record), "addr4 "+e.dev+" "+e.primaryIP, "DHCP's address is not the program's own")

			log2 := runScript(t, tp, res.Script, stateDir)
			assert.Contains(t, log2, "no change")
			assert.Equal(t, first, leaseless(snapshot(t, tp)), "a second run must leave the state byte-identical")

			tp2 := start()
			tp2.lib = tp.lib
			dhcpConfigure(t, tp2, lease)
			runScript(t, tp2, res.Script, t.TempDir())
			assert.Equal(t, first, leaseless(snapshot(t, tp2)), "a fresh boot must give the same state")
			checkLeavesThrough(t, tp2, e.dev, e.primaryIP)
		})
	}
}

// TestMultiEipToEniWithDhcp runs a multi-EIP-to-ENI ENI as the mode requires,
// with DHCP on: DHCP gives the ENI its private IP, the program adds the EIPs
// (which the metadata does not list) with their gateways, tables and rules;
// every address answers through the ENI, a second run changes nothing, a
// fresh namespace comes out the same, and the DHCP address is never recorded
// as the program's own.
func TestMultiEipToEniWithDhcp(t *testing.T) {
	requireRoot(t)
	e := eniPublic(false)
	e.secondaries = nil
	e.extras = []ExtraAddress{{Address: "192.0.2.50", PrefixLength: 25, Gateway: "192.0.2.1"},
		{Address: "192.0.2.150", PrefixLength: 25, Gateway: "192.0.2.129"}}
	lease := dhcpLease{dev: e.dev, mac: e.mac, address: e.primaryIP, mask: "255.255.255.248", router: e.gateway}
	configs := map[string]Config{
		ModeStatic: {Mode: ModeStatic, Interfaces: []Interface{{MAC: e.mac, DHCP: true, PrimaryIP: e.primaryIP, CIDR: e.cidr,
			Gateway: e.gateway, ExtraAddresses: e.extras}}},
		ModeMetadata: {MetadataURL: "http://" + metadataHost + "/latest/meta-data", Interfaces: []Interface{{MAC: e.mac, DHCP: true,
			ExtraAddresses: e.extras}}},
	}
	for _, mode := range []string{ModeStatic, ModeMetadata} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			res, err := Render(configs[mode])
			require.NoError(t, err)
			c := routingCase{enis: []testEni{e}}
			md := c.metadata()
			start := func() topology {
				tp := c.start(t, md)
				serveDhcp(t, tp, lease)
				dhcpConfigure(t, tp, lease)
				return tp
			}
			tp := start()
			stateDir := t.TempDir()
			t.Log(runScript(t, tp, res.Script, stateDir))
			first := leaseless(snapshot(t, tp))

			addrs := nsSh(t, tp.guest, "ip", "-4", "-o", "addr", "show", "dev", e.dev)
			for _, x := range e.extras {
				assert.Contains(t, addrs, " inet "+x.Address+"/25 ", "the EIP is on the ENI")
			}
			checkLeavesThrough(t, tp, e.dev, e.primaryIP, e.extras[0].Address, e.extras[1].Address)
			record, err := os.ReadFile(filepath.Join(stateDir, "owned"))
			require.NoError(t, err)
			assert.NotContains(t, string(record), "addr4 "+e.dev+" "+e.primaryIP+"/", "DHCP's address is not the program's own")
			assert.Contains(t, string(record), "addr4 "+e.dev+" 192.0.2.50/25")

			assert.Contains(t, runScript(t, tp, res.Script, stateDir), "no change")
			assert.Equal(t, first, leaseless(snapshot(t, tp)), "a second run must leave the state byte-identical")

			tp2 := start()
			tp2.lib = tp.lib
			runScript(t, tp2, res.Script, t.TempDir())
			assert.Equal(t, first, leaseless(snapshot(t, tp2)), "a fresh boot must give the same state")
		})
	}
}
