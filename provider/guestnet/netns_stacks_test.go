//go:build root

package guestnet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNetworkdKeepsTheAddedAddresses runs the program where
// systemd-networkd manages the secondary ENI (a link state file names the
// link's .network file): the program writes a drop-in of that file with
// KeepConfiguration=static, so networkd keeps the addresses it added when it
// restarts or reconfigures the link; a second run changes nothing; once the
// ENI is no longer managed the drop-in goes, and another drop-in in the same
// folder stays. --check writes nothing.
func TestNetworkdKeepsTheAddedAddresses(t *testing.T) {
	requireRoot(t)
	c := routingCase{name: "networkd", enis: []testEni{eniPublic(false)}}
	tp := c.build(t)
	netif, networkd := t.TempDir(), t.TempDir()
	idx := strings.SplitN(nsSh(t, tp.guest, "cat", "/sys/class/net/eth2/ifindex"), "\n", 2)[0]
	require.NoError(t, os.WriteFile(filepath.Join(netif, idx), []byte("# This is private data. Do not parse.\nADMIN_STATE=configured\n"+
		"NETWORK_FILE=/run/systemd/network/10-netplan-eth2.network\n"), 0o644))
	dropinDir := filepath.Join(networkd, "10-netplan-eth2.network.d")
	dropin := filepath.Join(dropinDir, "90-eipkit-guestnet.conf")
	env := []string{"EIPKIT_NETIF_DIR=" + netif, "EIPKIT_NETWORKD_DIR=" + networkd}
	state := t.TempDir()

	res, err := Render(c.config(ModeStatic, ""))
	require.NoError(t, err)
	out := runScript(t, tp, res.Script, state, append(env, "EIPKIT_STATE_DIR="+state)...)
	content, err := os.ReadFile(dropin)
	require.NoError(t, err, "drop-in written:\n%s", out)
	assert.Contains(t, string(content), "[Network]\nKeepConfiguration=static\n")
	entries, err := os.ReadDir(networkd)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "a drop-in only for the interface holding added addresses (eth0 holds none)")
	other := filepath.Join(dropinDir, "50-admin.conf")
	require.NoError(t, os.WriteFile(other, []byte("[Network]\nLLDP=yes\n"), 0o644))

	out = runScript(t, tp, res.Script, state, env...)
	assert.Contains(t, out, "eipkit-guestnet: no change", "a second run changes nothing")

	// The ENI's interface is gone from the configuration: its addresses and the drop-in go.
	other2 := routingCase{name: "other", enis: []testEni{eniSameSubnet(false)}}
	res2, err := Render(other2.config(ModeStatic, ""))
	require.NoError(t, err)
	out, _ = runScriptStatus(t, tp, res2.Script, state, env...)
	_, err = os.Stat(dropin)
	assert.True(t, os.IsNotExist(err), "drop-in removed:\n%s", out)
	_, err = os.Stat(other)
	assert.NoError(t, err, "the other drop-in stays")

	// --check reports and writes nothing.
	state2 := t.TempDir()
	path := filepath.Join(t.TempDir(), "eipkit-guestnet")
	require.NoError(t, os.WriteFile(path, []byte(res.Script), 0o755))
	out, err = nsRun(tp.guest, append(append([]string{"env", "EIPKIT_STATE_DIR=" + state2, "EIPKIT_LIB_DIR=" + tp.lib}, env...), "/bin/sh", path, "--check")...)
	require.NoError(t, err, out)
	_, err = os.Stat(dropin)
	assert.True(t, os.IsNotExist(err), "--check writes no drop-in:\n%s", out)
}

// TestSecondaryDefaultRouteIsReportedAndLeftAlone runs the program where a
// secondary ENI's DHCP client came first and took the main table's default
// route (ifupdown without a metric): the program says so and leaves the
// main table as it is.
func TestSecondaryDefaultRouteIsReportedAndLeftAlone(t *testing.T) {
	requireRoot(t)
	c := routingCase{name: "secondary-default", enis: []testEni{eniSameSubnet(true)}}
	tp := c.build(t)
	nsSh(t, tp.guest, "ip", "route", "del", "default")
	nsSh(t, tp.guest, "ip", "route", "add", "default", "via", eth0Gateway, "dev", "eth1")
	nsSh(t, tp.guest, "ip", "route", "add", "default", "via", eth0Gateway, "dev", "eth0", "metric", "100")
	before := nsSh(t, tp.guest, "ip", "-4", "route", "show", "table", "main")
	res, err := Render(c.config(ModeStatic, ""))
	require.NoError(t, err)
	out := runScript(t, tp, res.Script, t.TempDir())
	assert.Contains(t, out, "coexistence: the default route of the main table leaves by eth1, a secondary ENI, not by eth0")
	assert.Equal(t, before, nsSh(t, tp.guest, "ip", "-4", "route", "show", "table", "main"), "the main table is left alone")

	// Control: with eth0's default route first, no such note.
	tp2 := c.build(t)
	res2, err := Render(c.config(ModeStatic, ""))
	require.NoError(t, err)
	assert.NotContains(t, runScript(t, tp2, res2.Script, t.TempDir()), "a secondary ENI, not by")
}

// TestNetworkdStateOfAnotherNamespaceIsIgnored runs the program in a
// network namespace while networkd's default state folder (here a tmpfs in
// a mount namespace of its own) names a .network file for an interface
// index the guest's ENI has too: that state is the host's, so the program
// writes no drop-in.
func TestNetworkdStateOfAnotherNamespaceIsIgnored(t *testing.T) {
	requireRoot(t)
	c := routingCase{name: "networkd-host", enis: []testEni{eniPublic(false)}}
	tp := c.build(t)
	idx := strings.SplitN(nsSh(t, tp.guest, "cat", "/sys/class/net/eth2/ifindex"), "\n", 2)[0]
	res, err := Render(c.config(ModeStatic, ""))
	require.NoError(t, err)
	dir := t.TempDir()
	script := filepath.Join(dir, "eipkit-guestnet")
	require.NoError(t, os.WriteFile(script, []byte(res.Script), 0o755))
	networkd := filepath.Join(dir, "network")
	require.NoError(t, os.MkdirAll("/run/systemd", 0o755))
	run := "mount -t tmpfs tmpfs /run/systemd && mkdir -p /run/systemd/netif/links && " +
		"printf 'NETWORK_FILE=/run/systemd/network/10-netplan-eth2.network\\n' >/run/systemd/netif/links/" + idx + " && " +
		"ip netns exec " + tp.guest + " env EIPKIT_STATE_DIR=" + filepath.Join(dir, "run") + " EIPKIT_LIB_DIR=" + tp.lib +
		" EIPKIT_NETWORKD_DIR=" + networkd + " sh " + script
	out := sh(t, "unshare", "-m", "--propagation", "private", "sh", "-c", run)
	assert.Contains(t, out, "added addr4 eth2", "the program ran:\n%s", out)
	_, err = os.Stat(networkd)
	assert.True(t, os.IsNotExist(err), "no drop-in from another namespace's networkd state:\n%s", out)
}
