//go:build root

package guestnet

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// networkdLease is an ip batch that configures the lease of ENI e as
// systemd-networkd's DHCP client does on a hot-plugged secondary NIC: the
// link up, the address with its lifetimes, a metric and noprefixroute, and
// the subnet and default routes it adds itself behind eth0's.
func networkdLease(e testEni) string {
	bits := strings.Split(e.cidr, "/")[1]
	return "link set dev " + e.dev + " up\n" +
		"address add " + e.primaryIP + "/" + bits + " metric 1024 brd + dev " + e.dev + " valid_lft 3600 preferred_lft 3600 noprefixroute\n" +
		"route add " + e.cidr + " dev " + e.dev + " proto dhcp scope link src " + e.primaryIP + " metric 1024\n" +
		"route add default via " + e.gateway + " dev " + e.dev + " proto dhcp src " + e.primaryIP + " metric 1024\n"
}

// programsIP returns the file of the ip command the program runs: the first
// on the PATH the program sets, its symbolic links resolved.
func programsIP(t *testing.T) string {
	t.Helper()
	for _, dir := range []string{"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"} {
		if p, err := filepath.EvalSymlinks(filepath.Join(dir, "ip")); err == nil {
			return p
		}
	}
	t.Fatal("no ip command on the program's PATH")
	return ""
}

// beforeTheBatch returns a launcher under which the program's ip command,
// just before it runs a batch with a line that starts with trigger, applies
// the batch changes: another program (a DHCP client) changes the kernel
// state after the program read it and planned, before it applies its plan.
// The returned directory exists once that happened.
func beforeTheBatch(t *testing.T, trigger, changes string) (launcher []string, happened string) {
	t.Helper()
	ipFile := programsIP(t)
	dir := t.TempDir()
	bin, err := os.ReadFile(ipFile)
	require.NoError(t, err)
	// ip takes its name for a command: the copy keeps it.
	real := filepath.Join(dir, "real", "ip")
	require.NoError(t, os.MkdirAll(filepath.Dir(real), 0o755))
	require.NoError(t, os.WriteFile(real, bin, 0o755))
	changesFile := filepath.Join(dir, "changes")
	require.NoError(t, os.WriteFile(changesFile, []byte(changes), 0o644))
	happened = filepath.Join(dir, "happened")
	wrapper := filepath.Join(dir, "ip")
	require.NoError(t, os.WriteFile(wrapper, []byte(`#!/bin/sh
eval "last=\${$#}"
if [ -f "$last" ] && grep -qF `+shellQuote(trigger)+` "$last" && mkdir `+shellQuote(happened)+` 2>/dev/null; then
	`+shellQuote(real)+` -batch `+shellQuote(changesFile)+` || exit 1
fi
exec `+shellQuote(real)+` "$@"
`), 0o755))
	// A private mount namespace: the wrapper replaces ip for this run only.
	return []string{"unshare", "-m", "--propagation", "private", "sh", "-c",
		"mount --bind " + shellQuote(wrapper) + " " + shellQuote(ipFile) + ` && exec "$@"`, "sh"}, happened
}

// changeWithoutItem matches a logged change that names no item.
var changeWithoutItem = regexp.MustCompile(`(?m)^eipkit-guestnet: (added|removed) ?$`)

// startPublicEni starts an instance with one ENI (eniPublic) and renders its
// program in mode.
func startPublicEni(t *testing.T, mode string) (testEni, Result, topology) {
	t.Helper()
	e := eniPublic(false)
	c := routingCase{enis: []testEni{e}}
	res, err := Render(c.config(mode, ""))
	require.NoError(t, err)
	return e, res, c.start(t, c.metadata())
}

// TestDhcpAddressAlreadyThere: the address DHCP gave an ENI's interface
// (lifetimes, metric, noprefixroute, as systemd-networkd configures it) is
// there before the program runs, or appears between the program's read of
// the kernel state and its batch. Either way it counts as present and is not
// recorded as the program's own, the run succeeds and configures the ENI's
// other address, routes and rules in the same run, every address answers
// through the ENI, and the next run changes nothing.
func TestDhcpAddressAlreadyThere(t *testing.T) {
	requireRoot(t)
	for _, mode := range []string{ModeStatic, ModeMetadata} {
		for _, when := range []string{"before-the-run", "before-the-batch"} {
			t.Run(mode+"/"+when, func(t *testing.T) {
				t.Parallel()
				e, res, tp := startPublicEni(t, mode)
				stateDir := t.TempDir()
				var launcher []string
				happened := ""
				if when == "before-the-run" {
					lease := filepath.Join(t.TempDir(), "lease")
					require.NoError(t, os.WriteFile(lease, []byte(networkdLease(e)), 0o644))
					nsSh(t, tp.guest, "ip", "-4", "-batch", lease)
				} else {
					launcher, happened = beforeTheBatch(t, "address add "+e.primaryIP+"/", networkdLease(e))
				}
				log, code := runScriptUnder(t, tp, launcher, res.Script, stateDir)
				t.Log(log)
				if happened != "" {
					require.DirExists(t, happened, "the lease came between the read and the batch")
				}
				assert.Zero(t, code, "the run succeeds:\n%s", log)
				assert.NotContains(t, log, "error:")
				assert.NotRegexp(t, changeWithoutItem, log, "every logged change names its item")

				addrs := nsSh(t, tp.guest, "ip", "-4", "-o", "addr", "show", "dev", e.dev)
				assert.Regexp(t, ` inet `+e.primaryIP+`/29 metric 1024 .* dynamic noprefixroute `, addrs, "DHCP's address is left as DHCP made it")
				assert.Contains(t, addrs, " inet "+e.secondaries[0]+"/29 ", "the program adds the secondary address in the same run")
				rules := nsSh(t, tp.guest, "ip", "-4", "rule", "show")
				for _, ip := range append([]string{e.primaryIP}, e.secondaries...) {
					assert.Contains(t, rules, "from "+ip+" lookup 7101")
				}
				assert.Contains(t, nsSh(t, tp.guest, "ip", "-4", "route", "show", "table", "7101"), "default via "+e.gateway+" dev "+e.dev)
				record := readFile(t, filepath.Join(stateDir, "owned"))
				assert.NotContains(t, record, "addr4 "+e.dev+" "+e.primaryIP+"/", "DHCP's address is not the program's own")
				assert.Contains(t, record, "addr4 "+e.dev+" "+e.secondaries[0]+"/29")
				checkLeavesThrough(t, tp, e.dev, e.primaryIP, e.secondaries[0])

				first := leaseless(snapshot(t, tp))
				assert.Contains(t, runScript(t, tp, res.Script, stateDir), "no change")
				assert.Equal(t, first, leaseless(snapshot(t, tp)), "the next run changes nothing")
			})
		}
	}
}

// TestRuleAddedBeforeTheBatch: another program adds one of the ENI's rules
// between the program's read of the kernel state and its batch. The rule
// exists once (the kernel refuses a duplicate), is not recorded as the
// program's own, and the run succeeds.
func TestRuleAddedBeforeTheBatch(t *testing.T) {
	requireRoot(t)
	e, res, tp := startPublicEni(t, ModeStatic)
	stateDir := t.TempDir()
	rule := "rule add priority 7101 from " + e.primaryIP + " table 7101"
	launcher, happened := beforeTheBatch(t, rule, rule+"\n")
	log, code := runScriptUnder(t, tp, launcher, res.Script, stateDir)
	require.DirExists(t, happened, "the rule came between the read and the batch")
	t.Log(log)
	assert.Zero(t, code, "the run succeeds:\n%s", log)
	assert.NotRegexp(t, changeWithoutItem, log, "every logged change names its item")
	assert.Equal(t, 1, strings.Count(nsSh(t, tp.guest, "ip", "-4", "rule", "show"), "from "+e.primaryIP+" lookup 7101"), "the rule exists once")
	record := readFile(t, filepath.Join(stateDir, "owned"))
	assert.NotContains(t, record, "rule4 7101 7101 "+e.primaryIP+" ", "the other program's rule is not the program's own")
	assert.Contains(t, record, "addr4 "+e.dev+" "+e.primaryIP+"/29")
	assert.Contains(t, runScript(t, tp, res.Script, stateDir), "no change")
}

// TestFailedChangesStayErrorsWhenTheStateMovedOn: the ENI's interface is
// renamed between the program's read of the kernel state and its batch, so
// that every change of the batch fails. The plan over the new state asks for
// other changes (those of the renamed interface): the failures stay errors
// and the run fails; the next run configures the renamed interface.
func TestFailedChangesStayErrorsWhenTheStateMovedOn(t *testing.T) {
	requireRoot(t)
	e, res, tp := startPublicEni(t, ModeStatic)
	stateDir := t.TempDir()
	launcher, happened := beforeTheBatch(t, "address add "+e.primaryIP+"/", "link set dev "+e.dev+" name eth9\n")
	log, code := runScriptUnder(t, tp, launcher, res.Script, stateDir)
	require.DirExists(t, happened, "the rename came between the read and the batch")
	assert.Equal(t, 1, code, "the run fails:\n%s", log)
	assert.Contains(t, log, "error: could not add addr4 "+e.dev+" "+e.primaryIP+"/29: ")
	assert.NotRegexp(t, changeWithoutItem, log, "every logged change names its item")

	log2 := runScript(t, tp, res.Script, stateDir)
	assert.Contains(t, log2, "added addr4 eth9 "+e.primaryIP+"/29")
	assert.Equal(t, e.primaryIP, sourceSeen(t, tp, e.primaryIP))
}
