//go:build root

package guestnet

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eniPublic2 is a second ENI in a vSwitch of its own; dhcp says whether DHCP
// configured its primary address before the program runs.
func eniPublic2(dhcp bool) testEni {
	return testEni{dev: "eth3", mac: "02:e0:00:00:00:03", cidr: "203.0.113.16/29", gateway: "203.0.113.21",
		primaryIP: "203.0.113.18", secondaries: []string{"203.0.113.19"}, dhcp: dhcp}
}

// start builds the case's topology with its metadata service and remote host.
func (c routingCase) start(t *testing.T, md *fakeMetadata) topology {
	t.Helper()
	tp := c.build(t)
	serveIn(t, tp.router, metadataHost, md)
	serveIn(t, tp.remote, ":"+remotePort, remoteEcho())
	return tp
}

// tableLines returns the rule and route lines of snapshot s that name table.
func tableLines(s string, table int) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, fmt.Sprintf("lookup %d", table)) || strings.Contains(line, fmt.Sprintf("table %d ", table)) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// withoutTable drops the rule and route lines of snapshot s that name table.
func withoutTable(s string, table int) string {
	drop := map[string]bool{}
	for _, line := range strings.Split(tableLines(s, table), "\n") {
		drop[line] = true
	}
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if !drop[line] {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// routingState is the snapshot without the address listings, whose interface
// indexes change when an interface is plugged again.
func routingState(s string) string {
	s, _, _ = strings.Cut(s, "# ip -4 -o addr show")
	return s
}

// TestForwardedPortsLeaveByTheirEni publishes a container's port on the
// primary address of two ENIs with DNAT, as Docker's -p <ip>:port does, and
// checks by interface counters that each answer leaves through the ENI its
// request came in by, with nftables and with iptables.
func TestForwardedPortsLeaveByTheirEni(t *testing.T) {
	requireRoot(t)
	for _, mode := range []string{ModeStatic, ModeMetadata} {
		for _, tool := range []string{"nft", "iptables"} {
			t.Run(mode+"/"+tool, func(t *testing.T) {
				t.Parallel()
				c := routingCase{enis: []testEni{eniPublic(false), eniPublic2(true)}}
				res, err := Render(c.config(mode, ""))
				require.NoError(t, err)
				tp := c.start(t, c.metadata())
				ctr := addContainer(t, tp)
				serveIn(t, ctr, ":9000", remoteEcho())
				nsSh(t, tp.guest, "sysctl", "-qw", "net.ipv4.ip_forward=1")
				nsSh(t, tp.guest, "nft", "add table ip userdnat")
				nsSh(t, tp.guest, "nft", "add chain ip userdnat pre { type nat hook prerouting priority dstnat; }")
				for _, e := range c.enis {
					nsSh(t, tp.guest, "nft", "add rule ip userdnat pre ip daddr "+e.primaryIP+" tcp dport 8080 dnat to "+containerIP+":9000")
				}
				fetch := func(e testEni) (eniTx, eth0Tx int, err error) {
					_, tx0 := byteCounters(t, tp.guest, e.dev)
					_, etx0 := byteCounters(t, tp.guest, "eth0")
					_, err = nsRun(tp.remote, "curl", "-sS", "--max-time", "5", "-o", "/dev/null", "http://"+e.primaryIP+":8080/bulk")
					_, tx1 := byteCounters(t, tp.guest, e.dev)
					_, etx1 := byteCounters(t, tp.guest, "eth0")
					return tx1 - tx0, etx1 - etx0, err
				}
				stateDir := t.TempDir()

				// Control: without the marks the answers do not leave by the ENIs.
				runScript(t, tp, res.Script, stateDir, "EIPKIT_FIREWALL=none")
				for _, e := range c.enis {
					eniTx, _, err := fetch(e)
					if err == nil {
						assert.Less(t, eniTx, bulkSize, "control: without marks the answer to %s does not leave by %s", e.primaryIP, e.dev)
					}
				}

				log := runScript(t, tp, res.Script, stateDir, "EIPKIT_FIREWALL="+tool)
				assert.Contains(t, log, "added the connection marks of forwarded connections ("+tool+")")
				for _, e := range c.enis {
					eniTx, eth0Tx, err := fetch(e)
					require.NoError(t, err, "the remote host reaches the container through %s", e.primaryIP)
					assert.GreaterOrEqual(t, eniTx, bulkSize, "the answer through %s leaves by %s", e.primaryIP, e.dev)
					assert.Less(t, eth0Tx, bulkSize/16, "nothing of the answer through %s leaves by eth0", e.primaryIP)
				}
				assert.Contains(t, runScript(t, tp, res.Script, stateDir, "EIPKIT_FIREWALL="+tool), "no change")

				// Without forwarding the marks go.
				nsSh(t, tp.guest, "sysctl", "-qw", "net.ipv4.ip_forward=0")
				log = runScript(t, tp, res.Script, stateDir, "EIPKIT_FIREWALL="+tool)
				assert.Contains(t, log, "removed the connection marks of forwarded connections ("+tool+")")
				if tool == "nft" {
					_, err := nsRun(tp.guest, "nft", "list", "table", "ip", "eipkit_guestnet")
					assert.Error(t, err, "the table is gone")
				} else {
					assert.NotContains(t, nsSh(t, tp.guest, "iptables-save", "-t", "mangle"), "EIPKIT-GUESTNET")
				}
				assert.Contains(t, nsSh(t, tp.guest, "nft", "list", "table", "ip", "userdnat"), "dnat to", "the user's own rules stay")
			})
		}
	}
}

// TestNoFirewallToolIsLogged hides nft and iptables from the program and
// checks the log says what is missing.
func TestNoFirewallToolIsLogged(t *testing.T) {
	requireRoot(t)
	c := routingCase{enis: []testEni{eniPublic(false)}}
	res, err := Render(c.config(ModeStatic, ""))
	require.NoError(t, err)
	tp := c.start(t, c.metadata())
	nsSh(t, tp.guest, "sysctl", "-qw", "net.ipv4.ip_forward=1")
	path := filepath.Join(t.TempDir(), "eipkit-guestnet")
	require.NoError(t, os.WriteFile(path, []byte(res.Script), 0o755))
	var hide []string
	for _, name := range []string{"nft", "iptables", "iptables-restore"} {
		p, err := lookPath(name)
		require.NoError(t, err)
		hide = append(hide, "mount --bind /dev/null "+p)
	}
	// A private mount namespace: the tools are hidden from this run only.
	cmd := strings.Join(hide, " && ") + " && exec ip netns exec " + tp.guest + " env EIPKIT_STATE_DIR=" + t.TempDir() +
		" EIPKIT_LIB_DIR=" + tp.lib + " /bin/sh " + path
	out := sh(t, "unshare", "-m", "--propagation", "private", "sh", "-c", cmd)
	assert.Contains(t, out, "neither nft nor iptables is installed: replies of forwarded connections")
}

// TestUnplugKeepsTheOtherEnisTable unplugs the first of two ENIs (its
// interface goes, with its addresses and routes; the kernel keeps the rules)
// while the metadata still lists it, as it does for a few seconds after a
// detach, and runs the program as the udev rule starts it on the interface's
// remove event: the rules the program recorded for the gone interface's
// table go at once, the second ENI keeps its table and rules byte for byte,
// nothing else changes, and the first ENI keeps its table while the metadata
// lists it; the next run once the metadata no longer lists it frees the
// table (metadata mode) and changes nothing else. It plugs the first ENI in
// again and checks that it gets its old table back; then boots an instance
// whose interfaces come up in the other order and checks that every ENI
// keeps its table.
func TestUnplugKeepsTheOtherEnisTable(t *testing.T) {
	requireRoot(t)
	for _, mode := range []string{ModeStatic, ModeMetadata} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			c := routingCase{enis: []testEni{eniPublic(false), eniPublic2(true)}}
			res, err := Render(c.config(mode, ""))
			require.NoError(t, err)
			md := c.metadata()
			tp := c.start(t, md)
			stateDir := t.TempDir()
			runScript(t, tp, res.Script, stateDir)
			first := snapshot(t, tp)
			second := tableLines(first, 7102)
			require.Contains(t, second, "from 203.0.113.18 lookup 7102", "the second ENI has table 7102")
			require.Contains(t, tableLines(first, 7101), "from 203.0.113.10 lookup 7101")

			// Unplug the first ENI; the metadata still lists it.
			gone := c.enis[0]
			nsSh(t, tp.guest, "ip", "link", "del", gone.dev)
			unplugged := snapshot(t, tp)
			require.Contains(t, tableLines(unplugged, 7101), "from "+gone.primaryIP+" lookup 7101", "the kernel keeps the rules of a gone interface")
			log := runScript(t, tp, res.Script, stateDir)
			after := snapshot(t, tp)
			assert.Equal(t, second, tableLines(after, 7102), "the second ENI's table and rules stay byte-identical")
			assert.Empty(t, tableLines(after, 7101), "the first ENI's rules are gone at once")
			assert.Equal(t, withoutTable(unplugged, 7101), after, "nothing else changes")
			for _, line := range regexp.MustCompile(`(?m)^eipkit-guestnet: (added|removed) .*$`).FindAllString(log, -1) {
				assert.Regexp(t, `^eipkit-guestnet: removed rule4 7101 7101 `, line, "only the gone ENI's rules are removed")
			}
			record := readFile(t, filepath.Join(stateDir, "owned"))
			assert.NotContains(t, record, " 7101 ", "the record holds nothing of the gone ENI")
			assert.NotContains(t, record, " "+gone.dev+" ")
			tablesFile := filepath.Join(tp.lib, "tables")
			assert.Contains(t, readFile(t, tablesFile), gone.mac+" 7101", "the ENI keeps its table while it is configured or listed")

			// The metadata no longer lists it.
			removed := md.detach(gone.mac)
			log2 := runScript(t, tp, res.Script, stateDir)
			assert.Equal(t, after, snapshot(t, tp), "nothing else changes")
			tables := readFile(t, tablesFile)
			if mode == ModeMetadata {
				assert.Contains(t, log2, "freed table 7101 of MAC "+gone.mac)
				assert.NotContains(t, tables, gone.mac, "the detached ENI's table is freed")
			}
			assert.Contains(t, tables, c.enis[1].mac+" 7102")

			// Plug it in again: a new interface index, after the second ENI's.
			e := c.enis[0]
			sh(t, "ip", "link", "add", "name", e.dev, "address", e.mac, "netns", tp.guest, "type", "veth", "peer", "name", "r-"+e.dev, "netns", tp.router)
			nsSh(t, tp.router, "ip", "link", "set", "r-"+e.dev, "up")
			nsSh(t, tp.router, "ip", "addr", "add", e.gateway+"/29", "dev", "r-"+e.dev)
			nsSh(t, tp.guest, "sysctl", "-qw", "net.ipv6.conf."+e.dev+".disable_ipv6=1")
			md.attach(e.mac, removed)
			runScript(t, tp, res.Script, stateDir)
			assert.Equal(t, routingState(first), routingState(snapshot(t, tp)), "the plugged ENI gets its old table back")
			assert.Equal(t, e.primaryIP, sourceSeen(t, tp, e.primaryIP))

			// Reboot with the interfaces in the other order: the map keeps the tables.
			rev := routingCase{enis: []testEni{c.enis[1], c.enis[0]}}
			tp2 := rev.start(t, md)
			tp2.lib = tp.lib
			runScript(t, tp2, res.Script, t.TempDir())
			assert.Equal(t, routingState(first), routingState(snapshot(t, tp2)), "after a reboot every ENI has its table")
		})
	}
}

// TestMetadataFailuresKeepState makes the metadata service answer the ENIs'
// private-ipv4s and ipv6s badly and checks that nothing is removed; then that
// a transient failure is retried within the run, and that a 404 for ipv6s
// removes exactly the IPv6 address and its rules and routes.
func TestMetadataFailuresKeepState(t *testing.T) {
	requireRoot(t)
	v6 := eniPublic(false)
	v6.ipv6s, v6.cidr6, v6.gateway6 = []string{"2001:db8:8::10"}, "2001:db8:8::/64", "2001:db8:8::1"
	c := routingCase{enis: []testEni{eniSameSubnet(true), v6}}
	res, err := Render(c.config(ModeMetadata, ""))
	require.NoError(t, err)
	for _, kind := range []string{"429", "500", "timeout", "empty", "malformed"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			md := c.metadata()
			tp := c.start(t, md)
			stateDir := t.TempDir()
			runScript(t, tp, res.Script, stateDir)
			first := snapshot(t, tp)
			require.Contains(t, first, "from 2001:db8:8::10 lookup")
			require.Contains(t, first, "from 192.168.0.2 lookup")

			md.failFor("private-ipv4s", kind, 0)
			md.failFor("ipv6s", kind, 0)
			begin := time.Now()
			log, code := runScriptStatus(t, tp, res.Script, stateDir)
			took := time.Since(begin)
			t.Log(log)
			assert.Equal(t, 75, code, "a run that kept the state because of the metadata ends with status 75")
			assert.Less(t, took, 40*time.Second, "the run gives up in bounded time")
			assert.Equal(t, first, snapshot(t, tp), "nothing is removed on an uncertain answer")
			assert.NotContains(t, log, "removed")
			assert.Contains(t, log, "network/interfaces/macs/"+c.enis[0].mac+"/private-ipv4s")
			assert.Contains(t, log, "/ipv6s")
			assert.Contains(t, log, "attempt 2 of 4", "the item is asked again")

			md.heal()
			assert.Contains(t, runScript(t, tp, res.Script, stateDir), "no change", "the state was kept as it was")
			if kind == "500" {
				// A refused token request: the hardened service refuses every item
				// until the program asks for a token again.
				md.mu.Lock()
				md.tokenFails = 1
				md.mu.Unlock()
				log := runScript(t, tp, res.Script, stateDir)
				assert.Contains(t, log, "HTTP status 401 (attempt 1 of 4)")
				assert.Contains(t, log, "no change")
			}
			if kind != "429" {
				return
			}
			// A throttled answer that clears within the run: the run completes.
			md.drop("192.168.0.2")
			md.failFor("private-ipv4s", "429", 2)
			log = runScript(t, tp, res.Script, stateDir)
			assert.Contains(t, log, "HTTP status 429 (attempt 1 of 4)")
			assert.Contains(t, log, "removed addr4 eth1 192.168.0.2/24")
			assert.Equal(t, without(first, "192.168.0.2"), without(snapshot(t, tp), "192.168.0.2"))

			// A definite 404 for ipv6s removes the IPv6 address, its rule and routes only.
			before := snapshot(t, tp)
			md.failFor("ipv6s", "404", 0)
			log = runScript(t, tp, res.Script, stateDir)
			assert.Contains(t, log, "removed addr6 eth2 2001:db8:8::10/64")
			after := snapshot(t, tp)
			assert.NotContains(t, after, "2001:db8:8::10")
			v4 := func(s string) string {
				s, _, _ = strings.Cut(s, "# ip -6 rule show")
				return s
			}
			assert.Equal(t, v4(before), v4(after), "the IPv4 state is untouched")
		})
	}
}

// TestCoexistenceIsReportedAndLeftAlone puts rules and routes of other tools
// in the guest (nm-cloud-setup's rule, another tool's route in table 7101 and
// its rule for a managed address), and checks that the program reports them
// once, never removes them and gives the new ENI a table nobody uses.
func TestCoexistenceIsReportedAndLeftAlone(t *testing.T) {
	requireRoot(t)
	c := routingCase{enis: []testEni{eniPublic(false)}}
	res, err := Render(c.config(ModeMetadata, ""))
	require.NoError(t, err)
	tp := c.start(t, c.metadata())
	foreign := [][]string{
		{"ip", "rule", "add", "priority", "30350", "lookup", "main", "suppress_prefixlength", "0"},
		{"ip", "route", "add", "10.99.0.0/16", "dev", "eth0", "table", "7101"},
		{"ip", "rule", "add", "priority", "200", "from", "203.0.113.11", "lookup", "200"},
	}
	for _, cmd := range foreign {
		nsSh(t, tp.guest, cmd...)
	}
	stateDir := t.TempDir()
	log := runScript(t, tp, res.Script, stateDir)
	assert.Contains(t, log, "coexistence: NetworkManager nm-cloud-setup")
	assert.Contains(t, log, "coexistence: table 7101 holds route \"10.99.0.0/16 dev eth0 table 7101 scope link\" that eipkit did not add; left alone")
	assert.Contains(t, log, "table 7101 holds routes eipkit did not add; not used for the new ENI "+c.enis[0].mac)
	assert.Contains(t, log, "coexistence: another tool routes 203.0.113.11 too")
	assert.Contains(t, log, "added rule4 7102 7102 203.0.113.10 - -", "the ENI takes the next free table")
	assert.NotContains(t, runScript(t, tp, res.Script, stateDir), "coexistence:", "each finding is logged once")

	// --check reports them too, and changes nothing.
	before := snapshot(t, tp)
	path := filepath.Join(t.TempDir(), "eipkit-guestnet")
	require.NoError(t, os.WriteFile(path, []byte(res.Script), 0o755))
	check := nsSh(t, tp.guest, "env", "EIPKIT_STATE_DIR="+stateDir, "EIPKIT_LIB_DIR="+tp.lib,
		"EIPKIT_METADATA_URL=http://"+metadataHost+"/latest/meta-data", "/bin/sh", path, "--check")
	assert.Contains(t, check, "coexistence: another tool routes 203.0.113.11 too")
	assert.Contains(t, check, "no change needed")
	nsSh(t, tp.guest, "ip", "rule", "del", "priority", "7102", "from", "203.0.113.10", "lookup", "7102")
	check = nsSh(t, tp.guest, "env", "EIPKIT_STATE_DIR="+stateDir, "EIPKIT_LIB_DIR="+tp.lib,
		"EIPKIT_METADATA_URL=http://"+metadataHost+"/latest/meta-data", "/bin/sh", path, "--check")
	assert.Contains(t, check, "would run: ip -4 rule add priority 7102 from 203.0.113.10 table 7102")
	assert.NotContains(t, snapshot(t, tp), "from 203.0.113.10 lookup 7102", "--check changes nothing")
	runScript(t, tp, res.Script, stateDir)
	state := snapshot(t, tp)
	assert.Contains(t, state, "from 203.0.113.10 lookup 7102")
	assert.Equal(t, strings.Count(before, "\n"), strings.Count(state, "\n"))
	assert.Contains(t, state, "30350:\tfrom all lookup main suppress_prefixlength 0")
	assert.Contains(t, state, "10.99.0.0/16 dev eth0 table 7101")
	assert.Contains(t, state, "200:\tfrom 203.0.113.11 lookup 200")
}
